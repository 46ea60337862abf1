"""Service accounts: the JWT bearer grant (RFC 7523 section 2.1) against
the provider, which verifies the assertion with PyJWT; a new assertion
when the token expires (clock controlled by the test), once across
threads."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from rauth import OAuth2Error, OAuth2Service, OAuth2Token
from rauth.testing import Provider

from .helpers import TIMEOUT, Clock
from .test_oauth2_refresh import LIFETIME

jwt = pytest.importorskip("jwt", reason="the JWT bearer grant needs PyJWT, from rauth[jwt]")

ACCOUNT = "robot@e2e.example"
GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


@pytest.fixture
def provider(clock: Clock, rsa_public_key: str) -> Iterator[Provider]:
    with Provider(clock=clock, token_lifetime=LIFETIME) as provider:
        provider.add_client(ACCOUNT, public_key=rsa_public_key)
        yield provider


@pytest.fixture
def service(provider: Provider) -> OAuth2Service:
    return OAuth2Service(
        ACCOUNT,
        None,
        access_token_url=provider.oauth2_access_token_url,
        base_url=provider.base_url,
        token_endpoint_auth_method="none",
    )


def _grants(provider: Provider) -> list[str | None]:
    return [request.grant_type for request in provider.token_requests]


def test_assertion_session_acts_for_the_subject(
    provider: Provider, service: OAuth2Service, rsa_private_key: str
) -> None:
    session = service.get_assertion_session(
        ACCOUNT, "alice", provider.oauth2_access_token_url, rsa_private_key, scope="read"
    )

    me = session.get("me").json()
    assert me["user"] == "alice"
    assert me["client"] == ACCOUNT
    assert me["scopes"] == ["read"]
    assert session.token is not None
    assert session.token.refresh_token is None
    assert _grants(provider) == [GRANT]


def test_expired_token_gets_a_new_assertion_once_across_threads(
    provider: Provider, service: OAuth2Service, rsa_private_key: str, clock: Clock
) -> None:
    updates: list[OAuth2Token] = []
    session = service.get_assertion_session(
        ACCOUNT,
        ACCOUNT,
        provider.oauth2_access_token_url,
        rsa_private_key,
        token_updater=updates.append,
    )
    first = session.token
    assert session.get("me").status_code == 200
    clock.advance(LIFETIME + 1)
    barrier = threading.Barrier(16, timeout=30)

    def call(_: int) -> int:
        barrier.wait()
        return session.get("me", timeout=TIMEOUT).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(call, range(16)))

    assert statuses == [200] * 16
    assert _grants(provider) == [GRANT, GRANT]  # a new assertion (a new jti) once
    assert updates == [session.token]
    assert session.token is not None
    assert first is not None
    assert session.token.access_token != first.access_token


def test_401_invalid_token_gets_a_new_assertion(
    provider: Provider, service: OAuth2Service, rsa_private_key: str
) -> None:
    session = service.get_assertion_session(
        ACCOUNT, ACCOUNT, provider.oauth2_access_token_url, rsa_private_key
    )
    assert provider.revoke(str(session.access_token))

    assert session.get("me").status_code == 200
    assert _grants(provider) == [GRANT, GRANT]


def test_extra_claims_and_key_id_reach_the_provider(
    provider: Provider, service: OAuth2Service, rsa_private_key: str, rsa_public_key: str
) -> None:
    sent: list[str] = []

    def capture(url: str, headers: dict[str, str], body: str) -> tuple[str, dict[str, str], str]:
        from urllib.parse import parse_qsl

        sent.append(dict(parse_qsl(body))["assertion"])
        return url, headers, body

    service.register_compliance_hook("access_token_request", capture)
    service.get_assertion_session(
        ACCOUNT,
        "bob",
        provider.oauth2_access_token_url,
        rsa_private_key,
        claims={"scope": "read", "iss": "not-this"},
        key_id="k1",
        lifetime=120,
    )

    (assertion,) = sent
    assert jwt.get_unverified_header(assertion)["kid"] == "k1"
    claims = jwt.decode(
        assertion, rsa_public_key, algorithms=["RS256"], audience=provider.oauth2_access_token_url
    )
    assert (claims["iss"], claims["sub"], claims["scope"]) == (ACCOUNT, "bob", "read")
    assert claims["exp"] - claims["iat"] == 120


def test_assertion_signed_with_another_key_is_refused(
    provider: Provider, service: OAuth2Service
) -> None:
    from .conftest import DATA_DIR

    other = (DATA_DIR / "signing_rsa_private_key.pem").read_text(encoding="ascii")
    with pytest.raises(OAuth2Error) as raised:
        service.get_assertion_session(ACCOUNT, ACCOUNT, provider.oauth2_access_token_url, other)
    assert raised.value.error == "invalid_grant"
    assert "PRIVATE KEY" not in str(raised.value)


def test_wrong_audience_is_refused(
    provider: Provider, service: OAuth2Service, rsa_private_key: str
) -> None:
    with pytest.raises(OAuth2Error) as raised:
        service.get_assertion_session(ACCOUNT, ACCOUNT, provider.base_url, rsa_private_key)
    assert raised.value.error == "invalid_grant"
    assert "aud" in str(raised.value.description).lower()
