"""rauth.tokens, rauth.client_auth and the session's token as values:
expiry, serialisation, reprs without secrets, decoding of token bodies."""

from __future__ import annotations

import base64
import json
import pickle
import time

import pytest
import requests
from requests import PreparedRequest

import rauth.refresh
import rauth.tokens
from rauth import OAuth2Error, OAuth2Service, OAuth2Session, OAuth2Token
from rauth.client_auth import ClientSecretBasic, client_credentials
from rauth.tokens import decode_token_body, token_from_response

SECRET_VALUES = ("AT-secret-1", "RT-secret-2", "ID-secret-3")
TOKEN = {
    "access_token": SECRET_VALUES[0],
    "refresh_token": SECRET_VALUES[1],
    "id_token": SECRET_VALUES[2],
    "token_type": "Bearer",
    "expires_in": "3600",
    "scope": "read write",
    "custom": 7,
}


def _response(body: bytes, status: int = 200) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    return response


def test_token_attributes_and_expiry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rauth.tokens, "time", lambda: 1000.0)
    token = OAuth2Token(TOKEN)
    assert token.access_token == SECRET_VALUES[0]
    assert token.refresh_token == SECRET_VALUES[1]
    assert token.id_token == SECRET_VALUES[2]
    assert token.token_type == "Bearer"
    assert token.scope == "read write"
    assert token["custom"] == 7
    assert token.expires_at == 4600.0
    assert not token.is_expired()
    assert token.is_expired(leeway=3600)


def test_patching_time_time_moves_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    token = OAuth2Token({"access_token": "a", "expires_in": 10})
    assert not token.is_expired()
    monkeypatch.setattr(time, "time", lambda: token.expires_at)
    assert token.is_expired()


def test_provider_expires_at_is_kept_and_no_expiry_never_expires() -> None:
    assert OAuth2Token({"access_token": "a", "expires_in": 5, "expires_at": "12"}).expires_at == 12
    forever = OAuth2Token({"access_token": "a", "expires_in": "soon"})
    assert forever.expires_at is None
    assert not forever.is_expired(leeway=1e12)
    assert OAuth2Token(access_token="a", expires_in=True).expires_at is None


def test_token_repr_hides_secrets_and_round_trips() -> None:
    token = OAuth2Token(TOKEN)
    shown = repr(token) + str(token)
    for secret in SECRET_VALUES:
        assert secret not in shown
    assert "'scope': 'read write'" in shown
    assert OAuth2Token(json.loads(json.dumps(token))) == token
    assert pickle.loads(pickle.dumps(token)) == token
    assert type(pickle.loads(pickle.dumps(token))) is OAuth2Token


def test_session_repr_and_pickle_keep_the_whole_token() -> None:
    session = OAuth2Session("id", "client-secret-x", token=TOKEN)
    assert all(secret not in repr(session) for secret in (*SECRET_VALUES, "client-secret-x"))
    restored = pickle.loads(pickle.dumps(session))
    assert restored.token == session.token
    assert restored.access_token == SECRET_VALUES[0]
    assert restored.leeway == 60.0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"access_token": "a", "expires_in": 5}', {"access_token": "a", "expires_in": 5}),
        (b"access_token=a&expires_in=5", {"access_token": "a", "expires_in": "5"}),
        (b'  {"access_token": "a"}\n', {"access_token": "a"}),
        # read as a form: one name without a value, which is left out
        (b'{"access_token": "a"', {}),
        (b"[1, 2]", {}),
    ],
    ids=["json", "form", "json-whitespace", "truncated-json", "json-array"],
)
def test_decode_token_body(body: bytes, expected: dict[str, object]) -> None:
    assert decode_token_body(body) == expected


def test_token_from_response_with_a_decoder_returning_a_list() -> None:
    with pytest.raises(OAuth2Error, match="HTTP 200"):
        token_from_response(_response(b"[]"), json.loads)


def test_client_secret_basic() -> None:
    auth = ClientSecretBasic("id 1", "p@ss:wörd")
    prepared = PreparedRequest()
    prepared.prepare_headers({})
    header = auth(prepared).headers["Authorization"]
    assert base64.b64decode(header[6:]).decode() == "id+1:p%40ss%3Aw%C3%B6rd"
    assert auth == ClientSecretBasic("id 1", "p@ss:wörd")
    assert auth != ClientSecretBasic("id 1", "other")
    assert auth != object()
    assert "p@ss" not in repr(auth)
    assert client_credentials(auth, "id", "s") == ({}, auth)


def test_service_get_session_with_token_updater_and_string() -> None:
    updates: list[object] = []
    service = OAuth2Service("id", "secret")
    session = service.get_session("plain", token_updater=updates.append)
    assert session.token == {"access_token": "plain", "token_type": "Bearer"}
    assert session.token_updater == updates.append


def test_a_mocked_request_may_return_anything() -> None:
    # tests written for rauth 0.7 mock requests.Session.request
    from unittest import mock

    session = OAuth2Session("id", "secret", token={**TOKEN, "expires_in": 3600})
    with mock.patch.object(requests.Session, "request", return_value="ok") as request:
        assert session.get("http://127.0.0.1:9/x") == "ok"
    assert request.call_count == 1


@pytest.mark.parametrize(
    ("left", "readings", "refreshed"),
    [(3600.0, 1, False), (60.5, 1, False), (60.0, None, True), (10.0, None, True)],
    ids=["fresh", "just-beyond-leeway", "at-the-leeway", "within-leeway"],
)
def test_a_fresh_token_costs_one_reading_of_the_clock(
    monkeypatch: pytest.MonkeyPatch, mount, left: float, readings: int | None, refreshed: bool
) -> None:
    # near its expiry the full check runs (more readings): refreshed
    readings_taken = []

    def clock() -> float:
        readings_taken.append(1)
        return 1000.0

    monkeypatch.setattr(rauth.tokens, "time", clock)
    token = OAuth2Token({"access_token": "AT", "refresh_token": "RT", "expires_at": 1000.0 + left})
    session = mount(
        OAuth2Session("id", "secret", token=token, refresh_token_url="https://example.com/t")
    )  # default leeway: 60 s
    monkeypatch.setattr(
        rauth.refresh, "refresh_stale", lambda session, token: OAuth2Token(access_token="AT2")
    )
    sent = session.get("https://api.example.com/me").request
    assert len(readings_taken) == readings or (readings is None and len(readings_taken) > 1)
    assert sent.headers["Authorization"] == ("Bearer AT2" if refreshed else "Bearer AT")
