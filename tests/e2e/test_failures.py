"""Failures reach the user as clear errors: the provider's status and
body, and rauth's ``PROCESS_TOKEN_ERROR`` naming the key, with no secret."""

from __future__ import annotations

import json

import pytest
import requests

import rauth.session
from rauth import OAuth1Service, OAuth1Session, OAuth2Service, OAuth2Session
from rauth.service import PROCESS_TOKEN_ERROR
from rauth.testing import (
    DEFAULT_CLIENT_SECRET,
    DEFAULT_CONSUMER_SECRET,
    Provider,
)
from rauth.utils import parse_utf8_qsl

from .helpers import TIMEOUT, echoed, form

WRONG_SECRET = "e2e-wrong-secret"


def _assert_token_error(
    error: KeyError, key: str, response: requests.Response | None, *secrets: str
) -> str:
    """``error`` is rauth's KeyError for ``key``, showing the provider's
    body of ``response``; return its message."""
    assert isinstance(response, requests.Response)
    message: str = error.args[0]
    head = PROCESS_TOKEN_ERROR.format(key=key, raw="")
    assert message.startswith(head), message
    assert response.text in message[len(head) :]
    for secret in secrets:
        assert secret not in message
    return message


# -- OAuth 1 ----------------------------------------------------------------


def _wrong_secret_service(provider: Provider) -> OAuth1Service:
    return OAuth1Service(**{**provider.oauth1_service_kwargs(), "consumer_secret": WRONG_SECRET})


def test_wrong_consumer_secret_at_the_request_token(oauth_provider: Provider) -> None:
    service = _wrong_secret_service(oauth_provider)

    response = service.get_raw_request_token(params={"oauth_callback": "oob"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("OAuth ")
    assert form(response)["error"] == "invalid_signature"
    with pytest.raises(KeyError) as raised:
        service.get_request_token(params={"oauth_callback": "oob"})

    _assert_token_error(
        raised.value,
        "oauth_token",
        service.request_token_response,
        WRONG_SECRET,
        DEFAULT_CONSUMER_SECRET,
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_wrong_consumer_secret_at_the_access_token(
    oauth_provider: Provider, oauth1_service: OAuth1Service, method: str
) -> None:
    token, secret = oauth1_service.get_request_token(params={"oauth_callback": "oob"})
    verifier = oauth_provider.authorize(token)
    service = _wrong_secret_service(oauth_provider)

    with pytest.raises(KeyError) as raised:
        service.get_auth_session(token, secret, method=method, params={"oauth_verifier": verifier})

    assert service.access_token_response is not None
    assert service.access_token_response.status_code == 401
    message = _assert_token_error(
        raised.value,
        "oauth_token",
        service.access_token_response,
        WRONG_SECRET,
        DEFAULT_CONSUMER_SECRET,
        secret,
    )
    assert "invalid_signature" in message


@pytest.mark.parametrize(
    ("spoil", "error", "description"),
    [
        pytest.param(
            "verifier", "invalid_verifier", "oauth_verifier+does+not+match", id="wrong-verifier"
        ),
        pytest.param("unapproved", "invalid_verifier", "not+authorized+yet", id="not-approved"),
        pytest.param("expired", "invalid_token", "request+token+expired", id="expired"),
        pytest.param("used", "invalid_token", "unknown+or+used+request+token", id="used-twice"),
    ],
)
def test_access_token_refused(
    oauth_provider: Provider,
    oauth1_service: OAuth1Service,
    spoil: str,
    error: str,
    description: str,
) -> None:
    token, secret = oauth1_service.get_request_token(params={"oauth_callback": "oob"})
    verifier = "not-the-verifier" if spoil == "unapproved" else oauth_provider.authorize(token)
    if spoil == "verifier":
        verifier = "not-the-verifier"
    elif spoil == "expired":
        assert oauth_provider.expire_codes() >= 1
    elif spoil == "used":
        oauth1_service.get_access_token(token, secret, params={"oauth_verifier": verifier})

    with pytest.raises(KeyError) as raised:
        oauth1_service.get_auth_session(
            token, secret, method="POST", data={"oauth_verifier": verifier}
        )

    response = oauth1_service.access_token_response
    assert response is not None
    assert response.status_code == 401
    assert form(response)["error"] == error
    message = _assert_token_error(raised.value, "oauth_token", response, secret)
    assert description in message


def test_denied_authorization(oauth_provider: Provider, oauth1_service: OAuth1Service) -> None:
    token, secret = oauth1_service.get_request_token(
        params={"oauth_callback": oauth_provider.callback_url}
    )

    returned = requests.get(
        oauth1_service.get_authorize_url(token, approve="no"), timeout=TIMEOUT
    ).json()

    assert returned == {"denied": token}
    with pytest.raises(KeyError) as raised:
        oauth1_service.get_auth_session(token, secret, data={"oauth_verifier": "x"}, method="POST")
    _assert_token_error(raised.value, "oauth_token", oauth1_service.access_token_response, secret)


@pytest.mark.parametrize("header_auth", [True, False], ids=["header_auth", "no-header_auth"])
def test_revoked_oauth1_token(
    oauth_provider: Provider, oauth1_session: OAuth1Session, header_auth: bool
) -> None:
    assert echoed(oauth1_session.get("me", header_auth=header_auth))["user"] == "alice"

    assert oauth_provider.revoke(str(oauth1_session.access_token))
    response = oauth1_session.get("me", header_auth=header_auth)

    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_token",
        "error_description": "access token revoked",
    }


def test_expired_oauth1_token(oauth_provider: Provider, oauth1_session: OAuth1Session) -> None:
    oauth_provider.expire_tokens()

    response = oauth1_session.post("echo", data={"a": "b"})

    assert response.status_code == 401
    assert response.json()["error_description"] == "access token expired"


def test_replayed_request_is_refused(oauth1_session: OAuth1Session) -> None:
    response = oauth1_session.post("echo", data={"a": "b"})
    assert echoed(response)["user"] == "alice"

    with requests.Session() as plain:
        replayed = plain.send(response.request, timeout=TIMEOUT)

    assert replayed.status_code == 401
    assert replayed.json() == {"error": "invalid_nonce", "error_description": "nonce already used"}


def test_repeated_nonce_is_refused(
    oauth1_session: OAuth1Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rauth.session.random and rauth.session.time are documented seams
    monkeypatch.setattr(rauth.session, "random", lambda: 0.5)
    fixed = int(rauth.session.time())
    monkeypatch.setattr(rauth.session, "time", lambda: fixed)

    first = oauth1_session.get("echo", params={"same": "request"})
    second = oauth1_session.get("echo", params={"same": "request"})

    assert echoed(first)["user"] == "alice"
    assert second.status_code == 401
    assert second.json()["error"] == "invalid_nonce"


def test_wrong_token_secret_shows_the_provider_explanation(
    oauth_provider: Provider, oauth1_session: OAuth1Session
) -> None:
    session = OAuth1Session(
        oauth1_session.consumer_key,
        oauth1_session.consumer_secret,
        oauth1_session.access_token,
        WRONG_SECRET,
    )

    response = session.get(oauth_provider.me_url)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_signature"
    assert "token secret" in response.json()["error_description"]


# -- OAuth 2 ----------------------------------------------------------------


def _wrong_client_service(provider: Provider) -> OAuth2Service:
    return OAuth2Service(**{**provider.oauth2_service_kwargs(), "client_secret": WRONG_SECRET})


GRANTS = [
    pytest.param({"grant_type": "client_credentials"}, id="client_credentials"),
    pytest.param(
        {"grant_type": "password", "username": "alice", "password": "alice-password"},
        id="password",
    ),
]


@pytest.mark.parametrize("data", GRANTS)
def test_wrong_client_secret(oauth_provider: Provider, data: dict[str, str]) -> None:
    service = _wrong_client_service(oauth_provider)

    response = service.get_raw_access_token(data=data)
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_client",
        "error_description": "wrong client_secret",
    }
    for call in (service.get_access_token, service.get_auth_session):
        with pytest.raises(KeyError) as raised:
            call(data=data, decoder=json.loads)

        _assert_token_error(
            raised.value,
            "access_token",
            service.access_token_response,
            WRONG_SECRET,
            DEFAULT_CLIENT_SECRET,
            "alice-password",
        )


def test_wrong_client_secret_with_the_authorization_code(oauth_provider: Provider) -> None:
    service = _wrong_client_service(oauth_provider)
    code = oauth_provider.authorize_code()

    with pytest.raises(KeyError) as raised:
        service.get_auth_session(
            data={"code": code, "grant_type": "authorization_code"}, decoder=json.loads
        )

    response = service.access_token_response
    assert response is not None
    assert response.status_code == 401
    _assert_token_error(raised.value, "access_token", response, WRONG_SECRET, code)


def test_wrong_decoder_hides_the_issued_tokens(
    oauth_provider: Provider, oauth2_service: OAuth2Service
) -> None:
    with pytest.raises(KeyError) as raised:
        # the provider answers JSON; an explicit decoder is used as given,
        # and this one reads forms (the default lets the body decide)
        oauth2_service.get_auth_session(
            data={"grant_type": "password", "username": "alice", "password": "alice-password"},
            decoder=lambda content: parse_utf8_qsl(content),
        )

    response = oauth2_service.access_token_response
    assert response is not None
    assert response.status_code == 200
    issued = response.json()
    message: str = raised.value.args[0]
    assert message.startswith(PROCESS_TOKEN_ERROR.format(key="access_token", raw=""))
    assert issued["access_token"] not in message
    assert issued["refresh_token"] not in message
    assert '"token_type": "Bearer"' in message
    assert "alice-password" not in message


def test_expired_code(oauth_provider: Provider, oauth2_service: OAuth2Service) -> None:
    code = oauth_provider.authorize_code(redirect_uri=oauth_provider.callback_url)
    assert oauth_provider.expire_codes() == 1

    with pytest.raises(KeyError) as raised:
        oauth2_service.get_auth_session(
            data={
                "code": code,
                "grant_type": "authorization_code",
                "redirect_uri": oauth_provider.callback_url,
            },
            decoder=json.loads,
        )

    response = oauth2_service.access_token_response
    assert response is not None
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "authorization code expired",
    }
    _assert_token_error(raised.value, "access_token", response, DEFAULT_CLIENT_SECRET)


def test_code_used_twice(oauth_provider: Provider, oauth2_service: OAuth2Service) -> None:
    data = {"code": oauth_provider.authorize_code(), "grant_type": "authorization_code"}
    oauth2_service.get_auth_session(data=data, decoder=json.loads)

    with pytest.raises(KeyError) as raised:
        oauth2_service.get_auth_session(data=data, decoder=json.loads)

    response = oauth2_service.access_token_response
    assert response is not None
    assert response.json()["error"] == "invalid_grant"
    _assert_token_error(raised.value, "access_token", response, DEFAULT_CLIENT_SECRET)


@pytest.mark.parametrize("bearer_auth", [True, False], ids=["bearer_auth", "token-in-query"])
def test_revoked_oauth2_token(
    oauth_provider: Provider, oauth2_session: OAuth2Session, bearer_auth: bool
) -> None:
    assert echoed(oauth2_session.get("me", bearer_auth=bearer_auth))["user"] == "alice"

    assert oauth_provider.revoke(str(oauth2_session.access_token))
    response = oauth2_session.get("me", bearer_auth=bearer_auth)

    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_token",
        "error_description": "access token revoked",
    }
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_expired_token_is_renewed_with_the_refresh_token(
    oauth_provider: Provider, oauth2_service: OAuth2Service
) -> None:
    issued = oauth2_service.get_raw_access_token(
        data={"grant_type": "password", "username": "bob", "password": "bob-password"}
    ).json()
    session = oauth2_service.get_session(issued["access_token"])
    oauth_provider.expire_tokens()

    expired = session.get("me")
    renewed = oauth2_service.get_auth_session(
        data={"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]},
        decoder=json.loads,
    )

    assert expired.status_code == 401
    assert expired.json()["error_description"] == "access token expired"
    assert echoed(renewed.get("me"))["user"] == "bob"


def test_revoked_refresh_token(oauth_provider: Provider, oauth2_service: OAuth2Service) -> None:
    issued = oauth2_service.get_raw_access_token(
        data={"grant_type": "password", "username": "alice", "password": "alice-password"}
    ).json()
    assert oauth_provider.revoke(issued["refresh_token"])

    with pytest.raises(KeyError) as raised:
        oauth2_service.get_access_token(
            data={"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]},
            decoder=json.loads,
        )

    response = oauth2_service.access_token_response
    assert response is not None
    assert response.json()["error"] == "invalid_grant"
    _assert_token_error(raised.value, "access_token", response, issued["refresh_token"])
