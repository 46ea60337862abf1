"""Services and sessions survive ``pickle`` and keep working against the
provider, for OAuth 1, OAuth 2 and Ofly."""

from __future__ import annotations

import json
import pickle
from typing import Any, TypeVar

import pytest
import requests

from rauth import OAuth1Service, OAuth1Session, OAuth2Service, OAuth2Session, OflyService
from rauth.oauth import (
    HmacSha256Signature,
    PlaintextSignature,
    RsaSha256Signature,
    SignatureMethod,
)
from rauth.testing import DEFAULT_CONSUMER_KEY, Provider

from .conftest import RSA_CONSUMER_KEY
from .helpers import TIMEOUT, echoed, form, oauth1_login


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


T = TypeVar("T")


def roundtrip(value: T) -> T:
    copy: T = pickle.loads(pickle.dumps(value))
    assert copy is not value
    return copy


def test_oauth1_service_before_the_flow(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    service = roundtrip(oauth1_service)

    session = oauth1_login(oauth_provider, service)

    assert echoed(session.get("me"))["user"] == "alice"


def test_oauth1_service_after_a_flow(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    oauth1_login(oauth_provider, oauth1_service)

    service = roundtrip(oauth1_service)
    session = oauth1_login(oauth_provider, service, user="bob")

    assert echoed(session.get("me"))["user"] == "bob"


@pytest.mark.parametrize(
    ("signature", "name"),
    [
        (None, "HMAC-SHA1"),
        (HmacSha256Signature, "HMAC-SHA256"),
        (RsaSha256Signature, "RSA-SHA256"),
        (PlaintextSignature, "PLAINTEXT"),
    ],
    ids=["default", "HMAC-SHA256", "RSA-SHA256", "PLAINTEXT"],
)
def test_oauth1_session(
    oauth_provider: Provider,
    request: pytest.FixtureRequest,
    signature: type[SignatureMethod] | None,
    name: str,
) -> None:
    kwargs: dict[str, Any] = oauth_provider.oauth1_service_kwargs()
    if name.startswith("RSA-"):
        request.getfixturevalue("rsa_consumer")
        kwargs["consumer_key"] = RSA_CONSUMER_KEY
        kwargs["consumer_secret"] = request.getfixturevalue("rsa_private_key")
    service = OAuth1Service(**kwargs, signature_obj=signature)
    session = oauth1_login(oauth_provider, service)
    before = echoed(session.get("echo", params={"n": "1"}))

    copy = roundtrip(session)

    for header_auth in (False, True):
        echo = echoed(copy.get("echo", params={"n": "2"}, header_auth=header_auth))
        assert (echo["user"], echo["client"]) == ("alice", kwargs["consumer_key"])
        assert echo["oauth_params"]["oauth_signature_method"] == name
        assert echo["oauth_params"]["oauth_token"] == before["oauth_params"]["oauth_token"]
    # relative URLs still resolve against the service's base_url
    assert echoed(copy.post("me"))["user"] == "alice"


def test_oauth1_session_twice(oauth_provider: Provider, oauth1_session: OAuth1Session) -> None:
    copy = roundtrip(roundtrip(oauth1_session))

    echo = echoed(copy.get("me"))

    assert (echo["user"], echo["client"]) == ("alice", DEFAULT_CONSUMER_KEY)


def test_oauth2_service(oauth_provider: Provider, oauth2_service: OAuth2Service) -> None:
    service = roundtrip(oauth2_service)
    code = oauth_provider.authorize_code()

    session = service.get_auth_session(
        data={"code": code, "grant_type": "authorization_code"}, decoder=json.loads
    )

    assert echoed(session.get("me"))["user"] == "alice"


@pytest.mark.parametrize("bearer_auth", [True, False], ids=["bearer_auth", "token-in-query"])
def test_oauth2_session(oauth2_session: OAuth2Session, bearer_auth: bool) -> None:
    copy = roundtrip(oauth2_session)

    echo = echoed(copy.get("echo", bearer_auth=bearer_auth))

    assert (echo["user"], echo["scopes"]) == ("alice", ["read"])
    assert echo["oauth_params"]["location"] == ("header" if bearer_auth else "query")


def test_ofly_service(oauth_provider: Provider, ofly_service: OflyService) -> None:
    service = roundtrip(ofly_service)
    url = service.get_authorize_url()
    user_id = form(requests.get(url, timeout=TIMEOUT))["oflyUserid"]

    session = service.get_auth_session(user_id)

    assert echoed(session.get("me"))["user"] == "alice"


def test_ofly_session(oauth_provider: Provider, ofly_service: OflyService) -> None:
    session = ofly_service.get_auth_session(oauth_provider.ofly_authorize(user="bob"))

    copy = roundtrip(session)

    echo = echoed(copy.get("echo", params={"a": "b"}, hash_meth="md5"))
    assert (echo["user"], echo["oauth_params"]["oflyHashMeth"]) == ("bob", "MD5")
