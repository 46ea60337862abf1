"""Print your Twitter home timeline: rauth's OAuth 1.0a example, with a PIN.

Create an app at https://developer.x.com/ (the v1.1 timeline needs a paid
API tier now; the OAuth 1.0a flow is unchanged), then::

    export TWITTER_CONSUMER_KEY=... TWITTER_CONSUMER_SECRET=...
    python examples/twitter-timeline-cli.py

Open the URL it prints, authorize the app and type in the PIN Twitter shows.

No account? ``--local`` runs the same flow against rauth.testing's provider
on 127.0.0.1 (``pip install "rauth[testing]"``): its user alice approves, the
authorize page answers with the PIN, and the provider's echo resource
stands in for the timeline.
"""

import argparse
import os
import sys
from urllib.parse import parse_qs

import requests

from rauth import OAuth1Service

TIMELINE_PARAMS = {
    "include_rts": 1,  # Include retweets
    "count": 10,  # 10 tweets
}


def credentials(*names):
    """Return the values of the environment variables *names*, or exit
    naming every one that is not set."""
    missing = [name for name in names if not os.environ.get(name)]
    if missing:
        sys.exit(f"Set {' and '.join(missing)} (see https://developer.x.com/), or run with --local")
    return [os.environ[name] for name in names]


def log_in(twitter, read_pin):
    # oob: Twitter shows the user a PIN instead of redirecting to a callback
    request_token, request_token_secret = twitter.get_request_token(
        params={"oauth_callback": "oob"}
    )
    authorize_url = twitter.get_authorize_url(request_token)

    print("Visit this URL in your browser: " + authorize_url)
    pin = read_pin(authorize_url)

    return twitter.get_auth_session(
        request_token, request_token_secret, method="POST", data={"oauth_verifier": pin}
    )


def print_timeline(session):
    r = session.get("statuses/home_timeline.json", params=TIMELINE_PARAMS)
    r.raise_for_status()
    for i, tweet in enumerate(r.json(), 1):
        handle = tweet["user"]["screen_name"]
        text = tweet["text"]
        print(f"{i}. @{handle} - {text}")


def run_twitter():
    consumer_key, consumer_secret = credentials("TWITTER_CONSUMER_KEY", "TWITTER_CONSUMER_SECRET")
    twitter = OAuth1Service(
        name="twitter",
        consumer_key=consumer_key,
        consumer_secret=consumer_secret,
        request_token_url="https://api.twitter.com/oauth/request_token",
        access_token_url="https://api.twitter.com/oauth/access_token",
        authorize_url="https://api.twitter.com/oauth/authorize",
        base_url="https://api.twitter.com/1.1/",
    )
    session = log_in(twitter, lambda url: input("Enter PIN from browser: "))
    print_timeline(session)


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
        twitter = OAuth1Service(name="twitter", **provider.oauth1_service_kwargs())
        session = log_in(twitter, local_pin)
        r = session.get("echo", params=TIMELINE_PARAMS)
        r.raise_for_status()
        echo = r.json()
        query = [f"{key}={value}" for key, value in echo["query"] if not key.startswith("oauth_")]
        params = ", ".join(query)
        print(f"1. @{echo['user']} - the provider verified a signed GET ({params})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--local", action="store_true", help="use rauth.testing's provider")
    if parser.parse_args().local:
        run_local()
    else:
        run_twitter()
