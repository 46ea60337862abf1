"""Log in with Facebook: rauth's Flask example, OAuth 2.0 with a redirect.

Create an app at https://developers.facebook.com/ with the valid OAuth
redirect URI http://localhost:5000/facebook/authorized, then::

    pip install flask   # with rauth installed (see the README)
    export FACEBOOK_CLIENT_ID=... FACEBOOK_CLIENT_SECRET=...
    python examples/facebook-login/app.py

and open http://localhost:5000/.

No account? ``--local`` serves the app against rauth.testing's provider on
127.0.0.1 (``pip install "rauth[testing]" flask``): open the URL it prints,
click "Log in", and approve or deny on the provider's consent page as
alice. It stops by itself after ``--lifetime`` seconds (15 minutes by
default).
"""

import argparse
import contextlib
import json
import os
import secrets
import sys
import threading

try:
    from flask import Flask, flash, redirect, render_template_string, request, session, url_for
    from werkzeug.serving import make_server
except ImportError:
    sys.exit("This example needs Flask: pip install flask")

from rauth import OAuth2Service

PAGE = """<!doctype html>
<title>rauth: log in with Facebook</title>
{% for message in get_flashed_messages() %}<p class="flash">{{ message }}</p>{% endfor %}
<p><a href="{{ url_for('login') }}">Log in with Facebook</a></p>
"""

ERROR_PAGE = """<!doctype html>
<title>rauth: login failed</title>
<h1>Login failed</h1>
<p class="error">{{ message }}</p>
<p><a href="{{ url_for('index') }}">Back</a></p>
"""


def create_app(facebook):
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)  # signs the cookie with the state and messages

    @app.route("/")
    def index():
        return render_template_string(PAGE)

    @app.route("/facebook/login")
    def login():
        session["state"] = state = secrets.token_urlsafe(16)
        redirect_uri = url_for("authorized", _external=True)
        params = {"response_type": "code", "redirect_uri": redirect_uri, "state": state}
        return redirect(facebook.get_authorize_url(**params))

    @app.route("/facebook/authorized")
    def authorized():
        # check to make sure the user authorized the request
        if "code" not in request.args:
            return render_template_string(
                ERROR_PAGE, message="You did not authorize the request"
            ), 403
        # and that this redirect answers a login this browser started
        if request.args.get("state") != session.pop("state", None):
            return render_template_string(ERROR_PAGE, message="The state does not match"), 400

        # make a request for the access token credentials using code
        redirect_uri = url_for("authorized", _external=True)
        data = {
            "code": request.args["code"],
            "grant_type": "authorization_code",
            "redirect_uri": redirect_uri,
        }
        graph = facebook.get_auth_session(data=data, decoder=json.loads)

        # the "me" response: Facebook sends the name, the local provider the user
        me = graph.get("me", params={"fields": "id,name"}).json()
        flash("Logged in as " + (me.get("name") or me["user"]))
        return redirect(url_for("index"))

    return app


def serve(app, port, lifetime=None):
    server = make_server("127.0.0.1", port, app, threaded=True)
    print(f"Serving on http://127.0.0.1:{server.server_port}/", flush=True)
    if lifetime:
        timer = threading.Timer(lifetime, server.shutdown)
        timer.daemon = True
        timer.start()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C
        server.serve_forever()


def credentials(*names):
    """Return the values of the environment variables *names*, or exit
    naming every one that is not set."""
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        where = "https://developers.facebook.com/"
        sys.exit(f"Set {' and '.join(missing)} (see {where}), or run with --local")
    return [os.environ[name] for name in names]


def run_facebook(port, lifetime):
    client_id, client_secret = credentials("FACEBOOK_CLIENT_ID", "FACEBOOK_CLIENT_SECRET")
    graph_url = "https://graph.facebook.com/"
    facebook = OAuth2Service(
        name="facebook",
        authorize_url="https://www.facebook.com/dialog/oauth",
        access_token_url=graph_url + "oauth/access_token",
        client_id=client_id,
        client_secret=client_secret,
        base_url=graph_url,
    )
    serve(create_app(facebook), port, lifetime)


def run_local(port, lifetime):
    from rauth.testing import Provider

    # the provider outlives the app, which stops it on the way out
    with Provider(lifetime=lifetime + 10) as provider:
        facebook = OAuth2Service(name="facebook", **provider.oauth2_service_kwargs())
        serve(create_app(facebook), port, lifetime)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--local", action="store_true", help="use rauth.testing's provider")
    parser.add_argument("--port", type=int, default=5000, help="0 picks a free port")
    parser.add_argument("--lifetime", type=float, help="seconds to serve (--local: 900)")
    args = parser.parse_args()
    if args.local:
        run_local(args.port, args.lifetime or 900.0)
    else:
        run_facebook(args.port, args.lifetime)
