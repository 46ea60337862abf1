"""Every OAuth 1 signature method the provider supports, end to end:
through ``signature_obj=`` on the service and ``signature=`` on a session."""

from __future__ import annotations

from typing import Any

import pytest

from rauth import OAuth1Service, OAuth1Session
from rauth.oauth import (
    HmacSha1Signature,
    HmacSha256Signature,
    HmacSha512Signature,
    PlaintextSignature,
    RsaSha1Signature,
    RsaSha256Signature,
    RsaSha512Signature,
    SignatureMethod,
)
from rauth.testing import DEFAULT_CONSUMER_KEY, SIGNATURE_METHODS, Provider

from .helpers import echoed, form, oauth1_login, oauth_keys, without_oauth


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


#: (rauth class, the ``oauth_signature_method`` the provider must see)
SIGNATURES = [
    pytest.param(HmacSha1Signature, "HMAC-SHA1", id="HMAC-SHA1"),
    pytest.param(HmacSha256Signature, "HMAC-SHA256", id="HMAC-SHA256"),
    pytest.param(HmacSha512Signature, "HMAC-SHA512", id="HMAC-SHA512"),
    pytest.param(RsaSha1Signature, "RSA-SHA1", id="RSA-SHA1"),
    pytest.param(RsaSha256Signature, "RSA-SHA256", id="RSA-SHA256"),
    pytest.param(RsaSha512Signature, "RSA-SHA512", id="RSA-SHA512"),
    pytest.param(PlaintextSignature, "PLAINTEXT", id="PLAINTEXT"),
]


def test_every_provider_method_is_covered() -> None:
    assert sorted(p.values[1] for p in SIGNATURES) == sorted(SIGNATURE_METHODS)


def _service(
    provider: Provider, name: str, request: pytest.FixtureRequest, **kwargs: Any
) -> OAuth1Service:
    """A service for a consumer that can sign with ``name``."""
    service_kwargs = provider.oauth1_service_kwargs()
    if name.startswith("RSA-"):
        service_kwargs["consumer_key"] = request.getfixturevalue("rsa_consumer")
        service_kwargs["consumer_secret"] = request.getfixturevalue("rsa_private_key")
    return OAuth1Service(**service_kwargs, **kwargs)


@pytest.mark.parametrize("as_instance", [False, True], ids=["class", "instance"])
@pytest.mark.parametrize(("signature", "name"), SIGNATURES)
def test_flow_with_signature_obj(
    oauth_provider: Provider,
    request: pytest.FixtureRequest,
    signature: type[SignatureMethod],
    name: str,
    as_instance: bool,
) -> None:
    service = _service(
        oauth_provider, name, request, signature_obj=signature() if as_instance else signature
    )

    token, secret = service.get_request_token(
        method="POST", data={"oauth_callback": oauth_provider.callback_url}
    )
    verifier = oauth_provider.authorize(token)
    session = service.get_auth_session(token, secret, params={"oauth_verifier": verifier})

    get = echoed(session.get("echo", params={"q": "é & ü"}))
    post = echoed(session.post("echo", data={"d": "a b"}, header_auth=True, realm="r"))
    for echo in (get, post):
        assert echo["user"] == "alice"
        assert echo["client"] == service.consumer_key
        assert echo["oauth_params"]["oauth_signature_method"] == name
    assert without_oauth(get["query"]) == [("q", "é & ü")]
    assert without_oauth(post["form"]) == [("d", "a b")]


def _stored_credentials(
    provider: Provider, name: str, request: pytest.FixtureRequest
) -> dict[str, str]:
    """Credentials saved from an earlier flow, for a consumer that can sign
    with ``name``."""
    rsa = name.startswith("RSA-")
    service = _service(
        provider, name, request, signature_obj=RsaSha1Signature if rsa else HmacSha1Signature
    )
    token, secret = service.get_request_token(params={"oauth_callback": "oob"})
    verifier = provider.authorize(token)
    response = service.get_raw_access_token(
        token, secret, method="POST", data={"oauth_verifier": verifier}
    )
    issued = form(response)
    return {
        "consumer_key": service.consumer_key,
        "consumer_secret": service.consumer_secret,
        "access_token": issued["oauth_token"],
        "access_token_secret": issued["oauth_token_secret"],
    }


@pytest.mark.parametrize(
    ("method", "header_auth", "where"),
    [("GET", False, "query"), ("POST", False, "form"), ("PUT", True, "header")],
    ids=["query", "body", "header"],
)
@pytest.mark.parametrize(("signature", "name"), SIGNATURES)
def test_session_with_signature(
    oauth_provider: Provider,
    request: pytest.FixtureRequest,
    signature: type[SignatureMethod],
    name: str,
    method: str,
    header_auth: bool,
    where: str,
) -> None:
    credentials = _stored_credentials(oauth_provider, name, request)
    session = OAuth1Session(**credentials, signature=signature())
    data = {"d": "x/y"} if method != "GET" else None

    echo = echoed(
        session.request(
            method, oauth_provider.echo_url, params={"q": "1"}, data=data, header_auth=header_auth
        )
    )

    assert echo["user"] == "alice"
    assert echo["oauth_params"]["oauth_signature_method"] == name
    assert echo["oauth_params"]["oauth_token"] == credentials["access_token"]
    assert without_oauth(echo["query"]) == [("q", "1")]
    assert without_oauth(echo["form"]) == list((data or {}).items())
    assert bool(oauth_keys(echo["query"])) is (where == "query")
    assert bool(oauth_keys(echo["form"])) is (where == "form")


@pytest.mark.parametrize(("signature", "name"), SIGNATURES)
def test_get_session_with_signature(
    oauth_provider: Provider,
    request: pytest.FixtureRequest,
    signature: type[SignatureMethod],
    name: str,
) -> None:
    credentials = _stored_credentials(oauth_provider, name, request)
    service = _service(oauth_provider, name, request)

    session = service.get_session(
        (credentials["access_token"], credentials["access_token_secret"]), signature=signature
    )

    echo = echoed(session.get("me"))
    assert echo["user"] == "alice"
    assert echo["client"] == credentials["consumer_key"]


def test_default_signature_is_hmac_sha1(oauth1_session: OAuth1Session) -> None:
    echo = echoed(oauth1_session.get("echo"))

    assert echo["oauth_params"]["oauth_signature_method"] == "HMAC-SHA1"
    assert echo["client"] == DEFAULT_CONSUMER_KEY


@pytest.mark.parametrize("method", ["GET", "POST"], ids=["query", "body"])
def test_plaintext_secrets_are_not_echoed(oauth_provider: Provider, method: str) -> None:
    # a PLAINTEXT signature is the two secrets: the echo must not hand them back
    service = OAuth1Service(
        signature_obj=PlaintextSignature, **oauth_provider.oauth1_service_kwargs()
    )
    session = oauth1_login(oauth_provider, service)
    response = session.request(method, oauth_provider.echo_url, params={"q": "1"})
    echo = echoed(response)
    assert echo["user"] == "alice"
    assert oauth_provider.oauth1_service_kwargs()["consumer_secret"] not in response.text
    assert str(session.access_token_secret) not in response.text
