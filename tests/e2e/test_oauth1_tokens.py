"""OAuth 1 token responses (``get_raw_*``, ``*_token_response``) and
sessions built from stored access tokens."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import requests

from rauth import OAuth1Service, OAuth1Session
from rauth.testing import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, Provider

from .helpers import echoed, form, oauth1_login


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


def test_raw_request_and_access_tokens(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    response = oauth1_service.get_raw_request_token(
        params={"oauth_callback": oauth_provider.callback_url}
    )

    assert isinstance(response, requests.Response)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert oauth1_service.request_token_response is response
    request_token = form(response)
    assert set(request_token) == {"oauth_token", "oauth_token_secret", "oauth_callback_confirmed"}

    verifier = oauth_provider.authorize(request_token["oauth_token"])
    response = oauth1_service.get_raw_access_token(
        request_token["oauth_token"],
        request_token["oauth_token_secret"],
        method="POST",
        data={"oauth_verifier": verifier},
    )

    assert isinstance(response, requests.Response)
    assert response.status_code == 200
    assert oauth1_service.access_token_response is response
    access_token = form(response)
    assert {"oauth_token", "oauth_token_secret"} <= set(access_token)
    session = oauth1_service.get_session(
        (access_token["oauth_token"], access_token["oauth_token_secret"])
    )
    assert echoed(session.get("me"))["user"] == "alice"


def test_get_access_token_returns_the_provider_pair(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    token, secret = oauth1_service.get_request_token(params={"oauth_callback": "oob"})
    verifier = oauth_provider.authorize(token)

    pair = oauth1_service.get_access_token(token, secret, params={"oauth_verifier": verifier})

    assert oauth1_service.access_token_response is not None
    issued = form(oauth1_service.access_token_response)
    assert pair == (issued["oauth_token"], issued["oauth_token_secret"])


def test_custom_decoder_and_keys(oauth_provider: Provider, oauth1_service: OAuth1Service) -> None:
    def decoder(content: bytes) -> dict[str, str]:
        return {f"my_{key}": value for key, value in parse_qsl(content.decode("utf-8"))}

    token, secret = oauth1_service.get_request_token(
        params={"oauth_callback": "oob"},
        decoder=decoder,
        key_token="my_oauth_token",
        key_token_secret="my_oauth_token_secret",
    )
    verifier = oauth_provider.authorize(token)
    pair = oauth1_service.get_access_token(
        token,
        secret,
        params={"oauth_verifier": verifier},
        decoder=decoder,
        key_token="my_oauth_token",
        key_token_secret="my_oauth_token_secret",
    )

    assert oauth1_service.request_token_response is not None
    assert oauth1_service.access_token_response is not None
    assert token == form(oauth1_service.request_token_response)["oauth_token"]
    issued = form(oauth1_service.access_token_response)
    assert pair == (issued["oauth_token"], issued["oauth_token_secret"])


def test_auth_session_keeps_the_token_responses(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    session = oauth1_login(oauth_provider, oauth1_service)

    assert session.request_token_response is oauth1_service.request_token_response
    assert session.access_token_response is oauth1_service.access_token_response
    assert session.request_token_response is not None
    assert session.access_token_response is not None
    assert session.request_token_response.url.startswith(oauth_provider.request_token_url)
    assert session.access_token_response.url == oauth_provider.access_token_url
    assert form(session.access_token_response)["oauth_token"] == session.access_token


def test_stored_tokens_work_without_the_service(
    oauth_provider: Provider, oauth1_service: OAuth1Service, tmp_path: Path
) -> None:
    first = oauth1_login(oauth_provider, oauth1_service)
    saved = tmp_path / "tokens.json"
    saved.write_text(json.dumps([first.access_token, first.access_token_secret]))
    first.close()

    access_token, access_token_secret = json.loads(saved.read_text())
    with OAuth1Session(
        DEFAULT_CONSUMER_KEY,
        DEFAULT_CONSUMER_SECRET,
        access_token=access_token,
        access_token_secret=access_token_secret,
    ) as session:
        get = echoed(session.get(oauth_provider.echo_url, params={"a": "1"}))
        post = echoed(session.post(oauth_provider.me_url, header_auth=True))

    assert (get["user"], get["client"]) == ("alice", DEFAULT_CONSUMER_KEY)
    assert get["oauth_params"]["oauth_token"] == access_token
    assert post["user"] == "alice"


def test_stored_tokens_through_get_session(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    first = oauth1_login(oauth_provider, oauth1_service, user="bob")

    session = OAuth1Service(**oauth_provider.oauth1_service_kwargs()).get_session(
        (first.access_token, first.access_token_secret)
    )

    assert echoed(session.get("me"))["user"] == "bob"


def test_stored_tokens_with_a_wrong_secret_are_refused(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    first = oauth1_login(oauth_provider, oauth1_service)

    session = oauth1_service.get_session((first.access_token, "not-the-token-secret"))
    response = session.get("me")

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_signature"
    assert response.headers["WWW-Authenticate"].startswith("OAuth ")
