"""JWT client assertions (RFC 7523 section 2.2): ``client_secret_jwt`` and
``private_key_jwt`` on token, refresh and revocation requests, verified by
the provider with PyJWT; the claims read back with PyJWT's verifier."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest

from rauth import OAuth2Error, OAuth2Service
from rauth.errors import MissingDependencyError
from rauth.testing import Provider

from .conftest import DATA_DIR

jwt = pytest.importorskip("jwt", reason="JWT assertions need PyJWT, from rauth[jwt]")
serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
ec = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ec")

KEY_CLIENT = "e2e-key-client"
HMAC_CLIENT = "e2e-hmac-client"
#: RFC 7518 3.2: an HS256 key has at least 256 bits (PyJWT warns otherwise).
HMAC_SECRET = "e2e-hmac-client-secret-of-at-least-32-bytes"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@pytest.fixture(scope="module")
def ec_pem() -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
    return private, public


def _keys(alg: str, rsa: tuple[str, str], ecp: tuple[str, str]) -> tuple[str, str]:
    return ecp if alg.startswith("ES") else rsa


@pytest.fixture
def rsa_pair(rsa_private_key: str, rsa_public_key: str) -> tuple[str, str]:
    return rsa_private_key, rsa_public_key


@pytest.fixture
def provider() -> Iterator[Provider]:
    with Provider() as running:
        yield running


def _key_service(provider: Provider, private: str, **kwargs: Any) -> OAuth2Service:
    kw = provider.oauth2_service_kwargs(KEY_CLIENT)
    kw.update(client_secret=private, token_endpoint_auth_method="private_key_jwt")
    return OAuth2Service(**kw, **kwargs)


def _hmac_service(provider: Provider, method: str = "client_secret_jwt") -> OAuth2Service:
    provider.add_client(HMAC_CLIENT, HMAC_SECRET)
    kw = provider.oauth2_service_kwargs(HMAC_CLIENT)
    return OAuth2Service(token_endpoint_auth_method=method, **kw)


def _captured(service: OAuth2Service, hook: str = "access_token_request") -> list[dict[str, str]]:
    """The form bodies of the service's token requests, as sent."""
    bodies: list[dict[str, str]] = []

    def capture(url: str, headers: dict[str, str], body: Any) -> tuple[Any, ...]:
        bodies.append(dict(parse_qsl(body if isinstance(body, str) else str(body))))
        return url, headers, body

    service.register_compliance_hook(hook, capture)
    return bodies


@pytest.mark.parametrize("alg", ["RS256", "PS256", "ES256"])
def test_private_key_jwt_token_refresh_and_revocation(
    provider: Provider, rsa_pair: tuple[str, str], ec_pem: tuple[str, str], alg: str
) -> None:
    private, public = _keys(alg, rsa_pair, ec_pem)
    provider.add_client(KEY_CLIENT, public_key=public)
    service = _key_service(provider, private, client_assertion_alg=alg)

    session = service.get_password_session("alice", "alice-password")
    assert session.get("me").json()["user"] == "alice"
    session.refresh()
    assert session.get("me").status_code == 200
    assert session.token is not None
    service.revoke_token(session.token, token_type_hint="access_token")

    assert service.get_session(session.access_token).get("me").status_code == 401
    assert [(r.grant_type, r.client_auth) for r in provider.token_requests] == [
        ("password", "private_key_jwt"),
        ("refresh_token", "private_key_jwt"),
    ]


def test_client_secret_jwt_token_refresh_and_revocation(provider: Provider) -> None:
    service = _hmac_service(provider)
    session = service.get_password_session("alice", "alice-password")
    session.refresh()
    assert session.token is not None
    response = service.revoke_token(session.token, token_type_hint="refresh_token")

    assert response.status_code == 200
    assert [r.client_auth for r in provider.token_requests] == ["client_secret_jwt"] * 2
    with pytest.raises(OAuth2Error) as raised:
        session.refresh()
    assert raised.value.error == "invalid_grant"


def test_client_secret_jwt_claims_verified_by_pyjwt(provider: Provider) -> None:
    service = _hmac_service(provider)
    bodies = _captured(service)
    service.get_token(data={"grant_type": "client_credentials"})
    service.get_token(data={"grant_type": "client_credentials"})

    claims = [
        jwt.decode(
            body["client_assertion"],
            HMAC_SECRET,
            algorithms=["HS256"],
            audience=provider.oauth2_access_token_url,
        )
        for body in bodies
    ]
    assert {body["client_assertion_type"] for body in bodies} == {ASSERTION_TYPE}
    assert all("client_secret" not in body for body in bodies)
    for claim in claims:
        assert claim["iss"] == claim["sub"] == HMAC_CLIENT
        assert 0 < claim["exp"] - claim["iat"] <= 300
    assert claims[0]["jti"] != claims[1]["jti"]


def test_private_key_jwt_with_a_key_object_and_key_id(
    provider: Provider, rsa_pair: tuple[str, str]
) -> None:
    private, public = rsa_pair
    provider.add_client(KEY_CLIENT, public_key=public)
    key = serialization.load_pem_private_key(private.encode("ascii"), password=None)
    service = _key_service(provider, "unused", client_key_id="key-1")
    service.client_secret = key  # type: ignore[assignment]
    bodies = _captured(service)

    token = service.get_token(data={"grant_type": "client_credentials"})

    assert token.access_token
    (body,) = bodies
    assert jwt.get_unverified_header(body["client_assertion"])["kid"] == "key-1"
    claims = jwt.decode(
        body["client_assertion"],
        public,
        algorithms=["RS256"],
        audience=provider.oauth2_access_token_url,
    )
    assert claims["iss"] == KEY_CLIENT


def test_provider_refuses_an_assertion_signed_with_another_key(
    provider: Provider, rsa_pair: tuple[str, str]
) -> None:
    provider.add_client(KEY_CLIENT, public_key=rsa_pair[1])
    other = (DATA_DIR / "signing_rsa_private_key.pem").read_text(encoding="ascii")
    service = _key_service(provider, other)

    with pytest.raises(OAuth2Error) as raised:
        service.get_token(data={"grant_type": "client_credentials"})

    assert raised.value.error == "invalid_client"
    assert "signature" in str(raised.value.description).lower()


def test_provider_refuses_a_replayed_assertion(provider: Provider) -> None:
    service = _hmac_service(provider)
    bodies = _captured(service)
    service.get_token(data={"grant_type": "client_credentials"})
    plain = OAuth2Service(
        HMAC_CLIENT,
        None,
        access_token_url=provider.oauth2_access_token_url,
        token_endpoint_auth_method="none",
    )
    replay = {k: v for k, v in bodies[0].items() if k.startswith("client_assertion")}

    with pytest.raises(OAuth2Error) as raised:
        plain.get_token(data={"grant_type": "client_credentials", **replay})

    assert raised.value.error == "invalid_client"
    assert "replay" in str(raised.value.description)


def test_bad_key_says_what_is_wrong_without_the_key(
    provider: Provider, rsa_pair: tuple[str, str]
) -> None:
    provider.add_client(KEY_CLIENT, public_key=rsa_pair[1])
    secret_text = "-----BEGIN PRIVATE KEY-----\nnot-really-a-key\n-----END PRIVATE KEY-----\n"
    service = _key_service(provider, secret_text)

    with pytest.raises(ValueError, match="RS256") as raised:
        service.get_token(data={"grant_type": "client_credentials"})

    assert "not-really-a-key" not in str(raised.value)
    assert "not-really-a-key" not in repr(service)
    assert provider.token_requests == []


@pytest.mark.parametrize(
    ("method", "alg"), [("client_secret_jwt", "RS256"), ("private_key_jwt", "HS256")]
)
def test_algorithm_must_fit_the_method(provider: Provider, method: str, alg: str) -> None:
    service = OAuth2Service(
        token_endpoint_auth_method=method,
        client_assertion_alg=alg,
        **provider.oauth2_service_kwargs(),
    )
    with pytest.raises(ValueError, match="does not fit"):
        service.get_token(data={"grant_type": "client_credentials"})


def test_missing_key_is_a_clear_error(provider: Provider) -> None:
    kwargs = {**provider.oauth2_service_kwargs(), "client_secret": None}
    service = OAuth2Service(token_endpoint_auth_method="private_key_jwt", **kwargs)
    with pytest.raises(ValueError, match="needs the private key"):
        service.get_token(data={"grant_type": "client_credentials"})


def test_without_pyjwt_the_error_names_the_extra(
    provider: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "jwt", None)  # as if PyJWT were not installed
    service = _hmac_service(provider)
    with pytest.raises(MissingDependencyError, match=r"rauth\[jwt\]"):
        service.get_token(data={"grant_type": "client_credentials"})
