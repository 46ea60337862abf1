"""Refresh against the provider, with a clock the test controls (no
sleeps): before a request when the token is (nearly) expired, once after a
401 ``invalid_token``, many threads sharing one session across an expiry
with a rotating refresh token, failures leaving the old token."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from requests.adapters import HTTPAdapter

from rauth import OAuth2Error, OAuth2Service, OAuth2Session, OAuth2Token
from rauth.errors import TokenExpiredError
from rauth.testing import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Provider

from .helpers import START, TIMEOUT, Clock

LIFETIME = 600


@pytest.fixture
def provider(clock: Clock) -> Iterator[Provider]:
    with Provider(clock=clock, token_lifetime=LIFETIME) as provider:
        yield provider


@pytest.fixture
def service(provider: Provider) -> OAuth2Service:
    return OAuth2Service(name="refresh", **provider.oauth2_service_kwargs())


def _grants(provider: Provider) -> list[str | None]:
    return [request.grant_type for request in provider.token_requests]


def test_token_expiry_follows_the_clock(service: OAuth2Service, clock: Clock) -> None:
    token = service.get_token(
        data={"grant_type": "password", "username": "alice", "password": "alice-password"}
    )
    assert token.expires_at == START + LIFETIME
    assert not token.is_expired()
    assert token.is_expired(leeway=LIFETIME)
    clock.advance(LIFETIME)
    assert token.is_expired()


def test_refresh_before_a_request_once_expired(
    provider: Provider, service: OAuth2Service, clock: Clock
) -> None:
    updates: list[OAuth2Token] = []
    session = service.get_password_session("alice", "alice-password", token_updater=updates.append)
    first = session.token
    assert first is not None
    assert session.get("me").status_code == 200

    clock.advance(LIFETIME + 1)  # the provider would answer 401 now
    response = session.get("me")

    assert response.status_code == 200
    assert [r.status_code for r in response.history] == []
    assert _grants(provider) == ["password", "refresh_token"]
    assert updates == [session.token]
    new = session.token
    assert new is not None
    assert new.access_token != first.access_token
    assert new.refresh_token != first.refresh_token  # rotated
    assert new.expires_at == clock.now + LIFETIME
    assert session.access_token == new.access_token


def test_refresh_within_the_leeway(
    provider: Provider, service: OAuth2Service, clock: Clock
) -> None:
    session = service.get_password_session("alice", "alice-password")
    clock.advance(LIFETIME - 61)
    session.get("me")
    assert _grants(provider) == ["password"]
    clock.advance(2)  # 59 s left: within the default leeway of 60 s
    assert session.get("me").status_code == 200
    assert _grants(provider) == ["password", "refresh_token"]


def test_leeway_is_a_session_setting(
    provider: Provider, service: OAuth2Service, clock: Clock
) -> None:
    session = service.get_password_session("alice", "alice-password")
    session.leeway = 0
    clock.advance(LIFETIME - 1)
    session.get("me")
    assert _grants(provider) == ["password"]


def test_401_invalid_token_refreshes_and_retries_once(
    provider: Provider, service: OAuth2Service, clock: Clock
) -> None:
    updates: list[OAuth2Token] = []
    session = service.get_password_session("alice", "alice-password", token_updater=updates.append)
    provider.expire_tokens()  # expired at the provider, not yet for the client

    response = session.post("echo", data={"a": "b"})

    assert response.status_code == 200
    assert response.json()["form"] == [["a", "b"]]
    assert _grants(provider) == ["password", "refresh_token"]
    assert len(updates) == 1


def test_401_twice_is_returned_after_one_retry(
    provider: Provider, service: OAuth2Service, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = service.get_password_session("alice", "alice-password")
    # the provider expires every token it issues, the refreshed one too
    provider.expire_tokens()
    original = provider._oauth2.token

    def expiring(request):  # type: ignore[no-untyped-def]
        response = original(request)
        provider.store.bearer_tokens  # noqa: B018 - under the provider lock
        for bearer in provider.store.bearer_tokens.values():
            bearer.expires_at = float("-inf")
        return response

    monkeypatch.setattr(provider._token_endpoint, "_endpoint", expiring)
    response = session.get("me")
    assert response.status_code == 401
    assert _grants(provider) == ["password", "refresh_token"]


def test_401_without_invalid_token_is_not_retried(
    provider: Provider, service: OAuth2Service
) -> None:
    session = service.get_password_session("alice", "alice-password")

    class Refusing(HTTPAdapter):
        def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            response = requests.Response()
            response.status_code = 401
            response.headers["WWW-Authenticate"] = 'Bearer realm="elsewhere"'
            response.request, response._content = request, b""
            return response

    session.mount("https://elsewhere.invalid/", Refusing())
    response = session.get("https://elsewhere.invalid/x")
    assert response.status_code == 401
    assert _grants(provider) == ["password"]


def test_401_with_a_streamed_body_is_not_retried(
    provider: Provider, service: OAuth2Service
) -> None:
    session = service.get_password_session("alice", "alice-password")
    provider.expire_tokens()
    response = session.post("echo", data=io.BytesIO(b"a=b"))
    assert response.status_code == 401
    assert _grants(provider) == ["password"]


def test_sixteen_threads_share_one_refresh(
    provider: Provider, service: OAuth2Service, clock: Clock
) -> None:
    updates: list[OAuth2Token] = []
    session = service.get_password_session("alice", "alice-password", token_updater=updates.append)
    for _ in range(3):
        assert session.get("me").status_code == 200
    clock.advance(LIFETIME + 1)
    barrier = threading.Barrier(16, timeout=30)

    def call(_: int) -> int:
        barrier.wait()
        return session.get("me", timeout=TIMEOUT).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(call, range(16)))

    assert statuses == [200] * 16
    assert _grants(provider) == ["password", "refresh_token"]
    assert len(updates) == 1
    assert updates[0] == session.token


def test_sixteen_threads_see_one_failed_refresh(
    provider: Provider, service: OAuth2Service, clock: Clock
) -> None:
    session = service.get_password_session("alice", "alice-password")
    old = session.token
    clock.advance(LIFETIME + 1)
    provider.fail_token_requests("json_error", times=100)
    barrier = threading.Barrier(16, timeout=30)

    def call(_: int) -> object:
        barrier.wait()
        try:
            return session.get("me", timeout=TIMEOUT).status_code
        except OAuth2Error as error:
            return error.error

    with ThreadPoolExecutor(16) as pool:
        outcomes = list(pool.map(call, range(16)))

    assert outcomes == ["invalid_grant"] * 16
    assert session.token is old
    # threads that waited for a failed refresh share its error; a thread
    # arriving after it may try again, so there are few refresh requests
    assert 1 <= _grants(provider).count("refresh_token") < 16


def test_failed_refresh_keeps_the_old_token(
    provider: Provider, service: OAuth2Service, clock: Clock
) -> None:
    updates: list[OAuth2Token] = []
    session = service.get_password_session("alice", "alice-password", token_updater=updates.append)
    old = session.token
    provider.fail_token_requests("server_error")
    with pytest.raises(OAuth2Error) as raised:
        session.refresh()
    assert raised.value.status_code == 503
    assert session.token is old
    assert updates == []
    new = session.refresh()  # the provider answers again
    assert session.token is new
    assert updates == [new]


def test_expired_session_without_refresh_token_raises_before_sending(
    provider: Provider, service: OAuth2Service, clock: Clock
) -> None:
    token = service.get_token(data={"grant_type": "client_credentials"})
    assert token.refresh_token is None
    session = service.get_session(token)
    clock.advance(LIFETIME + 1)
    before = len(provider.token_requests)
    with pytest.raises(TokenExpiredError, match="refresh") as raised:
        session.get("me")
    assert "refresh_token" in str(raised.value)
    assert isinstance(raised.value, OAuth2Error)
    assert len(provider.token_requests) == before


def test_expired_session_without_token_url_says_so(clock: Clock) -> None:
    token = {"access_token": "a", "refresh_token": "r", "expires_at": START - 1}
    session = OAuth2Session("id", "secret", token=token)
    with pytest.raises(TokenExpiredError, match="token URL"):
        session.get("http://127.0.0.1:9/never")


def test_expired_session_without_client_id_says_so(clock: Clock) -> None:
    token = {"access_token": "a", "refresh_token": "r", "expires_at": START - 1}
    session = OAuth2Session(token=token, refresh_token_url="http://127.0.0.1:9/t")
    with pytest.raises(TokenExpiredError, match="client_id"):
        session.get("http://127.0.0.1:9/never")


def test_session_without_service_refreshes_by_itself(
    provider: Provider, service: OAuth2Service, clock: Clock
) -> None:
    token = service.get_token(
        data={"grant_type": "password", "username": "alice", "password": "alice-password"}
    )
    updates: list[OAuth2Token] = []
    session = OAuth2Session(
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        token=token,
        token_updater=updates.append,
        refresh_token_url=provider.oauth2_access_token_url,
    )
    clock.advance(LIFETIME)
    assert session.get(provider.me_url).json()["user"] == "alice"
    assert len(updates) == 1
    assert _grants(provider) == ["password", "refresh_token"]


def test_refresh_keeps_the_refresh_token_when_none_is_issued(
    provider: Provider, service: OAuth2Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = service.get_password_session("alice", "alice-password")
    assert session.token is not None
    refresh_token = session.token.refresh_token

    def drop_refresh_token(response: requests.Response) -> requests.Response:
        data = response.json()
        del data["refresh_token"]
        response._content = __import__("json").dumps(data).encode()
        return response

    service.register_compliance_hook("refresh_token_response", drop_refresh_token)
    new = session.refresh()
    assert new.refresh_token == refresh_token


def test_explicit_refresh_without_refresh_token(service: OAuth2Service) -> None:
    session = service.get_session("just-an-access-token")
    with pytest.raises(TokenExpiredError, match="refresh_token"):
        session.refresh()


def test_access_token_assignment_replaces_the_token(service: OAuth2Service) -> None:
    session = service.get_session({"access_token": "a", "refresh_token": "r", "expires_in": 5})
    session.access_token = "b"
    assert session.token == {"access_token": "b", "token_type": "Bearer"}
    session.token = None
    assert session.access_token is None


def test_sixteen_threads_after_401s_share_one_refresh(
    provider: Provider, service: OAuth2Service
) -> None:
    # the provider expires the tokens early: every thread gets a 401
    # invalid_token with the old token, and one of them refreshes
    updates: list[OAuth2Token] = []
    session = service.get_password_session("alice", "alice-password", token_updater=updates.append)
    provider.expire_tokens()
    barrier = threading.Barrier(16, timeout=30)

    def call(_: int) -> int:
        barrier.wait()
        return session.post("echo", data={"n": "1"}, timeout=TIMEOUT).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(call, range(16)))

    assert statuses == [200] * 16
    assert _grants(provider) == ["password", "refresh_token"]
    assert len(updates) == 1


def test_short_lived_tokens_are_not_refreshed_before_every_request(clock: Clock) -> None:
    # expires_in 30 < the leeway of 60: refreshed in the second half of its life
    with Provider(clock=clock, token_lifetime=30) as provider:
        service = OAuth2Service(**provider.oauth2_service_kwargs())
        session = service.get_password_session("alice", "alice-password")
        for _ in range(3):
            assert session.get("me").status_code == 200
        clock.advance(14)
        session.get("me")
        assert _grants(provider) == ["password"]
        clock.advance(2)
        assert session.get("me").status_code == 200
        assert _grants(provider) == ["password", "refresh_token"]
