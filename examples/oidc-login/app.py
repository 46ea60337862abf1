"""Log in with OpenID Connect: rauth's Flask example, the id_token validated.

Register a client at your OpenID provider with the redirect URI
http://localhost:5000/oidc/authorized, then::

    pip install "rauth[jwt]" flask   # with rauth installed (see the README)
    export OIDC_ISSUER=https://accounts.example.com
    export OIDC_CLIENT_ID=... OIDC_CLIENT_SECRET=...
    python examples/oidc-login/app.py

and open http://localhost:5000/.

No provider? ``--local`` serves the app against rauth.testing's provider on
127.0.0.1 (``pip install "rauth[testing,jwt]" flask``): open the URL it
prints and click "Log in". It stops by itself after ``--lifetime`` seconds
(15 minutes by default).
"""

import argparse
import contextlib
import os
import secrets
import sys
import threading

try:
    from flask import Flask, flash, redirect, render_template_string, request, session, url_for
    from werkzeug.serving import make_server
except ImportError:
    sys.exit("This example needs Flask: pip install flask")

from rauth import OAuth2Error, OAuth2Service

PAGE = """<!doctype html>
<title>rauth: log in with OpenID Connect</title>
{% for message in get_flashed_messages() %}<p class="flash">{{ message }}</p>{% endfor %}
<p><a href="{{ url_for('login') }}">Log in</a></p>
"""

ERROR_PAGE = """<!doctype html>
<title>rauth: login failed</title>
<h1>Login failed</h1>
<p class="error">{{ message }}</p>
<p><a href="{{ url_for('index') }}">Back</a></p>
"""


def create_app(provider):
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)  # signs the cookie with the request

    @app.route("/")
    def index():
        return render_template_string(PAGE)

    @app.route("/oidc/login")
    def login():
        redirect_uri = url_for("authorized", _external=True)
        auth = provider.authorization_request(scope="openid profile", redirect_uri=redirect_uri)
        # state, nonce and the PKCE verifier, until the user comes back
        session["authorization_request"] = auth.to_dict()
        return redirect(auth.url)

    @app.route("/oidc/authorized")
    def authorized():
        saved = session.pop("authorization_request", None)
        if saved is None:
            return render_template_string(ERROR_PAGE, message="No login in progress"), 400
        try:
            # checks the state, trades the code, validates the id_token
            user = provider.get_auth_session_from_callback(request.url, saved)
        except OAuth2Error as error:  # also StateMismatchError, IdTokenError
            return render_template_string(ERROR_PAGE, message=str(error)), 403
        claims = user.id_token_claims
        info = user.userinfo() if provider.userinfo_url else {}
        name = info.get("name") or claims["sub"]
        flash(f"Logged in as {name} (sub {claims['sub']}, issuer {claims['iss']})")
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
        sys.exit(f"Set {' and '.join(missing)}, or run with --local")
    return [os.environ[name] for name in names]


def run_remote(port, lifetime):
    names = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
    issuer, client_id, client_secret = credentials(*names)
    provider = OAuth2Service.from_metadata(issuer, client_id, client_secret)
    serve(create_app(provider), port, lifetime)


def run_local(port, lifetime):
    from rauth.testing import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Provider

    # the provider outlives the app, which stops it on the way out
    with Provider(lifetime=lifetime + 10) as local:
        provider = OAuth2Service.from_metadata(
            local.openid_configuration_url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
        )
        serve(create_app(provider), port, lifetime)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--local", action="store_true", help="use rauth.testing's provider")
    parser.add_argument("--port", type=int, default=5000, help="0 picks a free port")
    parser.add_argument("--lifetime", type=float, help="seconds to serve (--local: 900)")
    args = parser.parse_args()
    if args.local:
        run_local(args.port, args.lifetime or 900.0)
    else:
        run_remote(args.port, args.lifetime)
