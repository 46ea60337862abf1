"""OAuth 1 conveniences: the callback URL read for the verifier, and the
whole token response on the session."""

from __future__ import annotations

import pytest
import requests

from rauth import OAuth1Service, OAuth1Session
from rauth.testing import Provider

from .helpers import echoed


def _callback_url(provider: Provider, service: OAuth1Service) -> tuple[str, str, str]:
    token, secret = service.get_request_token(params={"oauth_callback": provider.callback_url})
    answer = requests.get(service.get_authorize_url(token), allow_redirects=False, timeout=10)
    assert answer.status_code in (301, 302, 303), answer.text
    return token, secret, answer.headers["Location"]


def test_the_callback_gives_the_verifier_of_this_login(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    token, secret, callback = _callback_url(oauth_provider, oauth1_service)

    answer = oauth1_service.parse_authorization_response(callback, request_token=token)

    assert answer["oauth_token"] == token
    session = oauth1_service.get_auth_session(
        token, secret, method="POST", data={"oauth_verifier": answer["oauth_verifier"]}
    )
    assert echoed(session.get("me"))["user"] == "alice"
    assert session.token["oauth_token"] == session.access_token
    assert session.token["oauth_token_secret"] == session.access_token_secret


def test_a_callback_for_another_login_is_refused(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    mine, _, _ = _callback_url(oauth_provider, oauth1_service)
    _, _, theirs = _callback_url(oauth_provider, oauth1_service)

    with pytest.raises(ValueError, match="not the request token of this login") as caught:
        oauth1_service.parse_authorization_response(theirs, request_token=mine)
    assert mine not in str(caught.value)


@pytest.mark.parametrize(
    ("query", "missing"),
    [("oauth_token=t", "oauth_verifier"), ("denied=t", "oauth_token or oauth_verifier")],
)
def test_a_callback_without_the_verifier_says_what_is_missing(query: str, missing: str) -> None:
    with pytest.raises(ValueError, match=f"has no {missing}"):
        OAuth1Service.parse_authorization_response(f"https://app.example/cb?{query}")


def test_a_stored_session_has_its_own_tokens_as_token() -> None:
    session = OAuth1Session("ck", "cs", access_token="at", access_token_secret="ats")

    assert session.token == {"oauth_token": "at", "oauth_token_secret": "ats"}


def test_the_token_keeps_what_else_the_provider_sent() -> None:
    from unittest import mock

    # Twitter's access token response (its documentation's example)
    body = (
        b"oauth_token=6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY"
        b"&oauth_token_secret=2EEfA6BG3ly3sR3RjE0IBSnlQu4ZrUzPiYKmrkVU"
        b"&user_id=6253282&screen_name=twitterapi"
    )
    response = requests.Response()
    response.status_code = 200
    response._content = body
    service = OAuth1Service("ck", "cs", access_token_url="https://api.example/access_token")

    with mock.patch.object(requests.Session, "request", return_value=response):
        session = service.get_auth_session("rt", "rts", data={"oauth_verifier": "v"})

    assert session.token == {
        "oauth_token": "6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY",
        "oauth_token_secret": "2EEfA6BG3ly3sR3RjE0IBSnlQu4ZrUzPiYKmrkVU",
        "user_id": "6253282",
        "screen_name": "twitterapi",
    }
    assert session.access_token == "6253282-eWudHldSbIaelX7swmsiHImEL4KinwaGloHANdrY"
