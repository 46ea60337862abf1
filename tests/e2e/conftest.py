"""Fixtures for the end-to-end tests: rauth's public API against the
:class:`rauth.testing.Provider` on ``127.0.0.1``, over real HTTP."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from extras import require_extra

require_extra("oauthlib")  # rauth.testing, below, needs rauth[testing]


from rauth import OAuth1Service, OAuth1Session, OAuth2Service, OAuth2Session, OflyService
from rauth.testing import DEFAULT_CONSUMER_KEY, Provider, pytest_plugin

from .helpers import Clock, RedirectProxy, oauth1_login

#: rauth.testing's fixture: a running Provider with the default
#: registrations, one per test, stopped after it.
oauth_provider = pytest_plugin.oauth_provider

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: The consumer registered with the RSA public key of ``tests/data``.
RSA_CONSUMER_KEY = "e2e-rsa-consumer"


@pytest.fixture(scope="module")
def module_provider() -> Iterator[Provider]:
    """One provider for a whole module, for modules whose tests change
    nothing in it but the tokens and nonces they are issued."""
    with Provider() as provider:
        yield provider


@pytest.fixture(scope="session")
def rsa_private_key() -> str:
    """The PEM private key of ``tests/data`` (a test key, not a secret)."""
    pytest.importorskip(
        "jwt", reason="the provider verifies RSA-SHA* with PyJWT, from rauth[testing]"
    )
    return (DATA_DIR / "rsa_private_key.pem").read_text(encoding="ascii")


@pytest.fixture(scope="session")
def rsa_public_key() -> str:
    """The PEM public key matching :func:`rsa_private_key`."""
    return (DATA_DIR / "rsa_public_key.pem").read_text(encoding="ascii")


@pytest.fixture
def rsa_consumer(oauth_provider: Provider, rsa_public_key: str, rsa_private_key: str) -> str:
    """Register a consumer that signs with RSA; return its key."""
    oauth_provider.add_consumer(RSA_CONSUMER_KEY, rsa_public_key=rsa_public_key)
    return RSA_CONSUMER_KEY


@pytest.fixture
def oauth1_service(oauth_provider: Provider) -> OAuth1Service:
    """An OAuth1Service for the provider's default consumer."""
    return OAuth1Service(name="e2e", **oauth_provider.oauth1_service_kwargs(DEFAULT_CONSUMER_KEY))


@pytest.fixture
def oauth1_session(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> Iterator[OAuth1Session]:
    """A session from a completed three-legged flow, approved by alice."""
    with oauth1_login(oauth_provider, oauth1_service) as session:
        yield session


@pytest.fixture
def oauth2_service(oauth_provider: Provider) -> OAuth2Service:
    """An OAuth2Service for the provider's confidential client."""
    return OAuth2Service(name="e2e", **oauth_provider.oauth2_service_kwargs())


@pytest.fixture
def oauth2_session(
    oauth_provider: Provider, oauth2_service: OAuth2Service
) -> Iterator[OAuth2Session]:
    """A session from the authorization-code grant, approved by alice."""
    code = oauth_provider.authorize_code(redirect_uri=oauth_provider.callback_url, scope="read")
    data = {
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": oauth_provider.callback_url,
    }
    with oauth2_service.get_auth_session(data=data, decoder=json.loads) as session:
        yield session


@pytest.fixture
def ofly_service(oauth_provider: Provider) -> OflyService:
    """An OflyService for the provider's Ofly app."""
    return OflyService(name="e2e", **oauth_provider.ofly_service_kwargs())


@pytest.fixture
def redirect_proxy(oauth_provider: Provider) -> Iterator[RedirectProxy]:
    """A server on ``127.0.0.1`` in front of the provider that redirects."""
    with RedirectProxy(oauth_provider.port) as proxy:
        yield proxy


@pytest.fixture
def switching() -> Iterator[None]:
    """Switch threads as often as the interpreter can (races show up)."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """A :class:`~.helpers.Clock` that rauth's tokens read (give it to a
    ``Provider(clock=...)`` too)."""
    clock = Clock()
    monkeypatch.setattr("rauth.tokens.time", clock)
    return clock
