"""List your LinkedIn network updates: rauth's LinkedIn example, OAuth 1.0a.

This is the classic rauth example: LinkedIn's v1 API took OAuth 1.0a
requests signed in the Authorization header (``header_auth=True``) and
answered PIN-based logins. LinkedIn has since retired both for OAuth 2.0,
so the flow is kept here as a reference for OAuth 1.0a providers that work
this way::

    export LINKEDIN_CONSUMER_KEY=... LINKEDIN_CONSUMER_SECRET=...
    python examples/linkedin-cli.py

``--local`` runs it against rauth.testing's provider on 127.0.0.1
(``pip install "rauth[testing]"``): its user alice approves, the authorize
page answers with the PIN, and the provider's echo resource stands in for
the updates.
"""

import argparse
import os
import sys
from urllib.parse import parse_qs

import requests

from rauth import OAuth1Service

UPDATES_PARAMS = {"type": "SHAR", "format": "json"}


def credentials(*names):
    """Return the values of the environment variables *names*, or exit
    naming every one that is not set."""
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        where = "https://www.linkedin.com/developers/"
        sys.exit(f"Set {' and '.join(missing)} (see {where}), or run with --local")
    return [os.environ[name] for name in names]


def log_in(linkedin, read_pin):
    request_token, request_token_secret = linkedin.get_request_token(
        params={"oauth_callback": "oob"}, header_auth=True
    )
    authorize_url = linkedin.get_authorize_url(request_token)

    print("Visit this URL in your browser: " + authorize_url)
    pin = read_pin(authorize_url)

    return linkedin.get_auth_session(
        request_token,
        request_token_secret,
        method="POST",
        data={"oauth_verifier": pin},
        header_auth=True,
    )


def print_updates(session):
    r = session.get("people/~/network/updates", params=UPDATES_PARAMS, header_auth=True)
    r.raise_for_status()
    for i, update in enumerate(r.json()["values"], 1):
        person = update["updateContent"]["person"]
        if "currentShare" not in person:
            print(f"{i}. {update['updateKey']}")
            continue
        share = person["currentShare"]
        author = f"{share['author']['firstName']} {share['author']['lastName']}"
        comment = share.get("comment") or share["content"]["description"]
        print(f"{i}. {author} - {comment}")


def run_linkedin():
    keys = credentials("LINKEDIN_CONSUMER_KEY", "LINKEDIN_CONSUMER_SECRET")
    consumer_key, consumer_secret = keys
    linkedin = OAuth1Service(
        name="linkedin",
        consumer_key=consumer_key,
        consumer_secret=consumer_secret,
        request_token_url="https://api.linkedin.com/uas/oauth/requestToken",
        access_token_url="https://api.linkedin.com/uas/oauth/accessToken",
        authorize_url="https://api.linkedin.com/uas/oauth/authorize",
        base_url="https://api.linkedin.com/v1/",
    )
    session = log_in(linkedin, lambda url: input("Enter PIN from browser: "))
    print_updates(session)


def local_pin(authorize_url):
    """The browser's part: alice approves, the page shows the PIN."""
    page = requests.get(authorize_url, timeout=10)
    page.raise_for_status()
    pin = parse_qs(page.text)["oauth_verifier"][0]
    print("Enter PIN from browser: " + pin)
    return pin


def run_local():
    from rauth.testing import Provider

    with Provider() as provider:
        linkedin = OAuth1Service(name="linkedin", **provider.oauth1_service_kwargs())
        session = log_in(linkedin, local_pin)
        r = session.get("echo", params=UPDATES_PARAMS, header_auth=True)
        r.raise_for_status()
        echo = r.json()
        params = ", ".join(f"{key}={value}" for key, value in echo["query"])
        signed_with = ", ".join(sorted(echo["oauth_params"]))
        print(f"1. {echo['user']} - the provider verified a GET with {params}")
        print(f"   signed in the Authorization header: {signed_with}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--local", action="store_true", help="use rauth.testing's provider")
    if parser.parse_args().local:
        run_local()
    else:
        run_linkedin()
