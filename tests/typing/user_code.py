"""A rauth user's code, written the documented way, with full annotations.

CI checks it with ``mypy --strict`` (with requests' type stubs installed),
so rauth's annotations are proven from the user's side;
``tests/test_typing.py`` also runs it against the embedded provider.
"""

from __future__ import annotations

import json
from typing import Any

import requests

from rauth import OAuth1Service, OAuth1Session, OAuth2Service, OAuth2Session, OflyService
from rauth.oauth import HmacSha1Signature, RsaSha1Signature
from rauth.session import OflySession
from rauth.testing import Provider


def oauth1_login(provider: Provider) -> OAuth1Session:
    twitter = OAuth1Service(
        name="twitter",
        consumer_key="demo-consumer-key",
        consumer_secret="demo-consumer-secret",
        request_token_url=provider.request_token_url,
        access_token_url=provider.access_token_url,
        authorize_url=provider.authorize_url,
        base_url=provider.base_url,
    )
    request_token, request_token_secret = twitter.get_request_token(
        params={"oauth_callback": provider.callback_url}
    )
    authorize_url: str = twitter.get_authorize_url(request_token)
    verifier: str = requests.get(authorize_url, timeout=10).json()["oauth_verifier"]
    return twitter.get_auth_session(
        request_token, request_token_secret, method="POST", data={"oauth_verifier": verifier}
    )


def oauth1_stored(provider: Provider, token: str, secret: str) -> str:
    session = OAuth1Session(
        "demo-consumer-key",
        "demo-consumer-secret",
        access_token=token,
        access_token_secret=secret,
        signature=HmacSha1Signature,
    )
    response: requests.Response = session.get(
        provider.base_url + "me", params={"format": "json"}, header_auth=True
    )
    user: str = response.json()["user"]
    return user


def oauth2_login(provider: Provider) -> OAuth2Session:
    facebook = OAuth2Service(
        client_id="demo-client-id",
        client_secret="demo-client-secret",
        name="facebook",
        authorize_url=provider.oauth2_authorize_url,
        access_token_url=provider.oauth2_access_token_url,
        base_url=provider.base_url,
    )
    redirect_uri = provider.callback_url
    url = facebook.get_authorize_url(
        scope="profile", response_type="code", redirect_uri=redirect_uri
    )
    code: str = requests.get(url, timeout=10).json()["code"]
    data: dict[str, Any] = {
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": redirect_uri,
    }
    return facebook.get_auth_session(data=data, decoder=json.loads)


def ofly_login(provider: Provider) -> OflySession:
    shutterfly = OflyService(
        name="shutterfly",
        app_id="demo-ofly-app",
        app_secret="demo-ofly-secret",
        authorize_url=provider.ofly_authorize_url,
        base_url=provider.base_url,
    )
    authorize_url = shutterfly.get_authorize_url()
    user_id = requests.get(authorize_url, timeout=10).text.split("=")[1]
    return shutterfly.get_auth_session(user_id)


def main() -> list[str]:
    users: list[str] = []
    with Provider() as provider:
        with oauth1_login(provider) as session:
            users.append(session.get("me").json()["user"])
            token, secret = session.access_token, session.access_token_secret
            assert token is not None
            assert secret is not None
            users.append(oauth1_stored(provider, token, secret))
        with oauth2_login(provider) as oauth2:
            users.append(oauth2.get("me", bearer_auth=True).json()["user"])
        with ofly_login(provider) as ofly:
            users.append(ofly.get("me", hash_meth="md5").json()["user"])
    signature: type[RsaSha1Signature] = RsaSha1Signature
    assert signature.NAME == "RSA-SHA1"
    return users


if __name__ == "__main__":
    print(main())
