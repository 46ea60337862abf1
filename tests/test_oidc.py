"""rauth.oidc and rauth.discovery without a provider: id_tokens signed here
with PyJWT (keys from tests/data), a JWKS given through ``JwksCache``'s
``fetch`` seam, and the checks that need no HTTP."""

from __future__ import annotations

import json
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

import pytest

from rauth.discovery import choose_auth_method, fetch_metadata
from rauth.errors import DiscoveryError, IdTokenError, IssuerMismatchError
from rauth.oidc import JwksCache, check_response_issuer, validate_id_token

jwt = pytest.importorskip("jwt", reason="OpenID Connect needs PyJWT, from rauth[jwt]")
pytest.importorskip("cryptography", reason="RS256 needs cryptography, from rauth[jwt]")

DATA = Path(__file__).parent / "data"
PRIVATE = (DATA / "rsa_private_key.pem").read_text(encoding="ascii")
PUBLIC = (DATA / "rsa_public_key.pem").read_text(encoding="ascii")
ISSUER = "https://op.example"
CLIENT = "client-1"
SECRET = "a-client-secret-of-at-least-thirty-two-bytes"


def _jwks(kid: str = "k1") -> dict[str, Any]:
    jwk = json.loads(_public_jwk())
    jwk.update(kid=kid, use="sig")
    return {"keys": [jwk]}


def _public_jwk() -> str:
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    from jwt.algorithms import RSAAlgorithm

    return str(RSAAlgorithm.to_jwk(load_pem_public_key(PUBLIC.encode("ascii"))))


def _claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": "alice", "aud": CLIENT, "iat": now, "exp": now + 300}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _rs256(claims: dict[str, Any], kid: str | None = "k1") -> str:
    headers = {"kid": kid} if kid else None
    return str(jwt.encode(claims, PRIVATE, algorithm="RS256", headers=headers))


def _cache(document: Any = None) -> JwksCache:
    return JwksCache("https://op.example/jwks", fetch=lambda url: document or _jwks())


def _validate(token: str, **kwargs: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {"issuer": ISSUER, "client_id": CLIENT, "jwks": _cache()}
    arguments.update(kwargs)
    return validate_id_token(token, **arguments)


def test_rs256_id_token_is_valid() -> None:
    assert _validate(_rs256(_claims()))["sub"] == "alice"


def test_hs256_with_the_client_secret_when_the_provider_lists_it() -> None:
    token = str(jwt.encode(_claims(), SECRET, algorithm="HS256"))
    claims = _validate(token, client_secret=SECRET, algorithms=["RS256", "HS256"])
    assert claims["aud"] == CLIENT
    with pytest.raises(IdTokenError) as raised:
        _validate(token, client_secret=SECRET)  # RS256 only, by default
    assert raised.value.claim == "alg"
    with pytest.raises(IdTokenError, match="needs a client secret"):
        _validate(token, algorithms=["HS256"])


@pytest.mark.parametrize(
    ("token", "kwargs", "claim"),
    [
        (lambda: "not-a-jwt", {}, "alg"),
        (lambda: _rs256(_claims()), {"issuer": None}, "iss"),
        (lambda: _rs256(_claims(exp="tomorrow")), {}, "exp"),
        (lambda: _rs256(_claims(azp="someone-else")), {}, "azp"),
        (lambda: _rs256(_claims(sub="")), {}, "sub"),
        (lambda: _rs256(_claims(nonce="n\u00e9e")), {"nonce": "n\u00e9"}, "nonce"),
        (lambda: "", {}, "id_token"),
    ],
    ids=["not-jwt", "no-issuer", "exp-text", "azp", "empty-sub", "non-ascii-nonce", "empty"],
)
def test_refused_with_the_claim_named(
    token: Callable[[], str], kwargs: dict[str, Any], claim: str
) -> None:
    # made when the test runs: a token made at collection expires in a long run
    with pytest.raises(IdTokenError) as raised:
        _validate(token(), **kwargs)
    assert raised.value.claim == claim


def test_no_jwks_uri_is_a_clear_error() -> None:
    with pytest.raises(IdTokenError, match="jwks_uri"):
        _validate(_rs256(_claims()), jwks=None)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"nokeys": []}, r"has no 'keys' list"),
        ({"keys": [{"kty": "RSA", "kid": "k1", "n": "!", "e": "AQAB"}]}, r"'k1' is unusable"),
    ],
    ids=["no-keys", "bad-key"],
)
def test_a_bad_jwks_is_a_clear_error(document: dict[str, Any], message: str) -> None:
    with pytest.raises(IdTokenError, match=message):
        _validate(_rs256(_claims()), jwks=_cache(document))


def test_jwks_cache_fetches_once() -> None:
    fetched: list[str] = []

    def fetch(url: str) -> Any:
        fetched.append(url)
        return _jwks()

    cache = JwksCache("https://op.example/jwks", fetch=fetch)
    for _ in range(3):
        _validate(_rs256(_claims()), jwks=cache)
    assert fetched == ["https://op.example/jwks"]
    assert "op.example" in repr(cache)


def _service(issuer: str | None, promised: bool = False) -> Any:
    metadata = {"authorization_response_iss_parameter_supported": promised}
    return SimpleNamespace(issuer=issuer, metadata=metadata)


def test_rfc9207_needs_an_issuer_only_when_promised() -> None:
    check_response_issuer({"code": "c", "iss": "https://op.example"}, _service(None))
    check_response_issuer({"code": "c"}, _service(ISSUER))
    check_response_issuer({"code": "c", "iss": ISSUER}, _service(ISSUER, promised=True))
    with pytest.raises(IssuerMismatchError):
        check_response_issuer({"code": "c", "iss": "https://\u00e9vil.example"}, _service(ISSUER))
    with pytest.raises(IssuerMismatchError, match="has no iss"):
        check_response_issuer({"code": "c"}, _service(ISSUER, promised=True))


def test_unreachable_metadata_is_a_discovery_error() -> None:
    with pytest.raises(DiscoveryError, match="cannot fetch") as raised:
        fetch_metadata("http://127.0.0.1:1/.well-known/openid-configuration")
    assert raised.value.url is not None


def test_auth_method_choice_for_keys() -> None:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(PRIVATE.encode("ascii"), password=None)
    listed = {"token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic"]}
    assert choose_auth_method(listed, key) == "private_key_jwt"
    assert choose_auth_method(listed, PRIVATE.encode("ascii")) == "private_key_jwt"
    assert choose_auth_method({}, "secret") == "client_secret_basic"


def test_import_rauth_needs_neither_pyjwt_nor_cryptography() -> None:
    import subprocess
    import sys

    code = "import sys, rauth; print(sorted({'jwt', 'cryptography'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
