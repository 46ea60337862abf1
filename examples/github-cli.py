"""Say who you are on GitHub: rauth's OAuth 2.0 example, on the command line.

Create an OAuth app at https://github.com/settings/developers with the
callback URL http://127.0.0.1:8000/callback (nothing needs to listen there),
then::

    export GITHUB_CLIENT_ID=... GITHUB_CLIENT_SECRET=...
    python examples/github-cli.py

Open the URL it prints, authorize the app, and paste the URL your browser
was redirected to (the page itself will not load).

No account? ``--local`` runs the same flow against rauth.testing's provider
on 127.0.0.1 (``pip install "rauth[testing]"``): its user alice approves and
the provider's ``me`` resource stands in for GitHub's ``user``.
"""

import argparse
import os
import sys
from urllib.parse import parse_qs, urlsplit

import requests

from rauth import OAuth2Service


def credentials(*names):
    """Return the values of the environment variables *names*, or exit
    naming every one that is not set."""
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        where = "https://github.com/settings/developers"
        sys.exit(f"Set {' and '.join(missing)} (see {where}), or run with --local")
    return [os.environ[name] for name in names]


def log_in(github, redirect_uri, read_redirect):
    params = {"scope": "read:user", "response_type": "code", "redirect_uri": redirect_uri}
    url = github.get_authorize_url(**params)

    print("Visit this URL in your browser: " + url)
    redirected = read_redirect(url)

    # the code is in the query of the URL the browser was redirected to
    code = parse_qs(urlsplit(redirected).query)["code"][0]
    data = {"code": code, "grant_type": "authorization_code", "redirect_uri": redirect_uri}
    return github.get_auth_session(data=data)  # GitHub answers form-encoded, the default


def run_github():
    client_id, client_secret = credentials("GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET")
    github = OAuth2Service(
        client_id=client_id,
        client_secret=client_secret,
        name="github",
        authorize_url="https://github.com/login/oauth/authorize",
        access_token_url="https://github.com/login/oauth/access_token",
        base_url="https://api.github.com/",
    )
    redirect_uri = os.environ.get("GITHUB_REDIRECT_URI") or "http://127.0.0.1:8000/callback"
    session = log_in(github, redirect_uri, lambda url: input("Paste the URL you were sent to: "))
    user = session.get("user").json()
    print("currently logged in as: " + user["login"])


def local_redirect(url):
    """The browser's part: alice approves and is sent to the callback."""
    r = requests.get(url, timeout=10)
    r.raise_for_status()
    print("Paste the URL you were sent to: " + r.url)
    return r.url


def run_local():
    from rauth.testing import Provider

    # form-encoded token answers, as GitHub sends them
    with Provider(token_format="form") as provider:
        github = OAuth2Service(name="github", **provider.oauth2_service_kwargs())
        session = log_in(github, provider.callback_url, local_redirect)
        user = session.get("me").json()
        print("currently logged in as: " + user["user"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--local", action="store_true", help="use rauth.testing's provider")
    if parser.parse_args().local:
        run_local()
    else:
        run_github()
