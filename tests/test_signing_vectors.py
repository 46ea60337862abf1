"""rauth's OAuth 1 signatures against published test vectors.

The vectors live in ``tests/data/signing_vectors.json``, each with the
document it comes from: RFC 5849 (sections 1.2, 2.1, 2.3, 3.4.1), OAuth Core
1.0 Appendix A.5 and the Twitter API documentation. Before rauth is checked
against a vector, oauthlib (the reference RFC 5849 implementation) recomputes
it from the same inputs, so a typo in the data file cannot pass unnoticed.

RFC 5849 publishes no vectors for HMAC-SHA256/512 or RSA: for those, rauth is
checked against oauthlib's own signing functions and RSA verifier on the
published requests (RSASSA-PKCS1-v1_5 is deterministic, so the signatures
are equal, not just valid).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from oauthlib.oauth1.rfc5849 import signature as oauthlib_signature
from signing_support import (
    RSA_PRIVATE_KEY_PEM,
    RSA_PUBLIC_KEY_PEM,
    SIGNATURE_METHODS,
    capture,
    json_vectors,
    oauthlib_client,
    read_wire,
)

import rauth.session
from rauth.oauth import (
    HmacSha1Signature,
    PlaintextSignature,
    signature_base_string,
)
from rauth.session import OAuth1Session

VECTORS = json_vectors()
SIGNATURE_VECTORS = VECTORS["signatures"]
SIGNED_VECTORS = [vector for vector in SIGNATURE_VECTORS if "signature" in vector]
BASE_STRING_VECTORS = [vector for vector in SIGNATURE_VECTORS if "base_string" in vector]
QUERY_VECTORS = [vector for vector in SIGNATURE_VECTORS if urlsplit(vector["url"]).query]

_OAUTHLIB_SIGNERS = {
    "HMAC-SHA1": oauthlib_signature.sign_hmac_sha1_with_client,
    "HMAC-SHA256": oauthlib_signature.sign_hmac_sha256_with_client,
    "HMAC-SHA512": oauthlib_signature.sign_hmac_sha512_with_client,
    "RSA-SHA1": oauthlib_signature.sign_rsa_sha1_with_client,
    "RSA-SHA256": oauthlib_signature.sign_rsa_sha256_with_client,
    "RSA-SHA512": oauthlib_signature.sign_rsa_sha512_with_client,
    "PLAINTEXT": oauthlib_signature.sign_plaintext_with_client,
}


#: One instance per method, so that each RSA one loads the PEM key once.
SIGNERS = {name: cls() for name, cls in SIGNATURE_METHODS.items()}


def _ids(vectors: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(vector, id=vector["id"]) for vector in vectors]


def _req_kwargs(vector: dict[str, Any]) -> dict[str, Any]:
    """Return the vector's request kwargs as a new dict (never the shared one)."""
    return {key: value for key, value in vector["req_kwargs"].items()}


def _body(vector: dict[str, Any]) -> Any:
    """Return the vector's form body as oauthlib's collect_parameters takes it."""
    data = vector["req_kwargs"].get("data")
    return list(data.items()) if isinstance(data, dict) else data


def _oauthlib_base_string(vector: dict[str, Any], **oauth_params: str) -> str:
    """The vector's signature base string as oauthlib computes it."""
    params = oauthlib_signature.collect_parameters(
        uri_query=urlsplit(vector["url"]).query, body=_body(vector)
    )
    signed = {**vector["oauth_params"], **oauth_params}
    params += [(k, v) for k, v in signed.items() if k not in ("realm", "oauth_signature")]
    return oauthlib_signature.signature_base_string(
        vector["method"],
        oauthlib_signature.base_string_uri(vector["url"]),
        oauthlib_signature.normalize_parameters(params),
    )


def _oauthlib_sign(name: str, base_string: str, vector: dict[str, Any]) -> str:
    client = oauthlib_client(
        client_secret=vector.get("consumer_secret"),
        resource_owner_secret=vector.get("token_secret"),
        rsa_key=RSA_PRIVATE_KEY_PEM,
    )
    return str(_OAUTHLIB_SIGNERS[name](base_string, client))


# ------------------------------------------------------ the vectors themselves


@pytest.mark.parametrize("vector", _ids(SIGNED_VECTORS))
def test_oauthlib_reproduces_the_published_signature(vector: dict[str, Any]) -> None:
    base_string = _oauthlib_base_string(vector)
    assert _oauthlib_sign("HMAC-SHA1", base_string, vector) == vector["signature"]


@pytest.mark.parametrize("vector", _ids(BASE_STRING_VECTORS))
def test_oauthlib_reproduces_the_published_base_string(vector: dict[str, Any]) -> None:
    assert _oauthlib_base_string(vector) == vector["base_string"]


# ------------------------------------------------------------------ rauth


@pytest.mark.parametrize("vector", _ids(SIGNED_VECTORS))
def test_hmac_sha1_signature_is_the_published_one(vector: dict[str, Any]) -> None:
    signature = HmacSha1Signature().sign(
        vector["consumer_secret"],
        vector["token_secret"],
        vector["method"],
        vector["url"],
        vector["oauth_params"],
        _req_kwargs(vector),
    )
    assert signature == vector["signature"]


@pytest.mark.parametrize("vector", _ids(BASE_STRING_VECTORS))
def test_base_string_is_the_published_one(vector: dict[str, Any]) -> None:
    base_string = signature_base_string(
        vector["method"], vector["url"], vector["oauth_params"], _req_kwargs(vector)
    )
    assert base_string == vector["base_string"]


@pytest.mark.parametrize("vector", _ids(SIGNATURE_VECTORS))
def test_base_string_is_oauthlibs(vector: dict[str, Any]) -> None:
    base_string = signature_base_string(
        vector["method"], vector["url"], vector["oauth_params"], _req_kwargs(vector)
    )
    assert base_string == _oauthlib_base_string(vector)


@pytest.mark.parametrize(
    "vector", _ids([v for v in SIGNATURE_VECTORS if "normalized_parameters" in v])
)
def test_normalized_parameters_are_the_published_ones(vector: dict[str, Any]) -> None:
    """RFC 5849 section 3.4.1.3.2: the third part of the base string, decoded once."""
    base_string = signature_base_string(
        vector["method"], vector["url"], vector["oauth_params"], _req_kwargs(vector)
    )
    parameters = base_string.split("&")[2]
    assert unquote(parameters) == vector["normalized_parameters"]


@pytest.mark.parametrize("vector", _ids(VECTORS["base_string_uris"]))
def test_base_string_uri_is_the_published_one(vector: dict[str, Any]) -> None:
    """RFC 5849 section 3.4.1.2, through the second part of the base string."""
    base_string = signature_base_string("GET", vector["url"], {})
    assert unquote(base_string.split("&")[1]) == vector["base_string_uri"]
    assert oauthlib_signature.base_string_uri(vector["url"]) == vector["base_string_uri"]


@pytest.mark.parametrize("vector", _ids(QUERY_VECTORS))
@pytest.mark.parametrize("container", ["dict", "list", "str", "bytes"])
def test_query_given_as_params_signs_the_same(vector: dict[str, Any], container: str) -> None:
    """The query of the URL may as well be given as ``params``, in any form."""
    url = vector["url"].split("?")[0]
    query = urlsplit(vector["url"]).query
    pairs = parse_qsl(query, keep_blank_values=True)
    params: Any = {
        "dict": lambda: dict(pairs) if len(dict(pairs)) == len(pairs) else pairs,
        "list": lambda: pairs,
        "str": lambda: query,
        "bytes": lambda: query.encode("ascii"),
    }[container]()
    req_kwargs = {**_req_kwargs(vector), "params": params}
    base_string = signature_base_string(vector["method"], url, vector["oauth_params"], req_kwargs)
    # oauthlib's base string of the vector's request, query in the URL
    assert base_string == _oauthlib_base_string(vector)


@pytest.mark.parametrize("vector", _ids(VECTORS["plaintext"]))
def test_plaintext_signature_is_the_published_one(vector: dict[str, Any]) -> None:
    signature = PlaintextSignature().sign(
        vector["consumer_secret"], vector["token_secret"], "POST", vector["url"], {}, {}
    )
    assert signature == vector["signature"]
    secrets = (vector["consumer_secret"], vector["token_secret"])
    assert oauthlib_signature.sign_plaintext(*secrets) == vector["signature"]


@pytest.mark.parametrize("name", [name for name in SIGNATURE_METHODS if name != "HMAC-SHA1"])
@pytest.mark.parametrize("vector", _ids(SIGNED_VECTORS))
def test_other_methods_sign_the_published_requests_as_oauthlib(
    vector: dict[str, Any], name: str
) -> None:
    oauth_params = {**vector["oauth_params"], "oauth_signature_method": name}
    secret = RSA_PRIVATE_KEY_PEM if name.startswith("RSA") else vector["consumer_secret"]
    signature = SIGNERS[name].sign(
        secret,
        vector["token_secret"],
        vector["method"],
        vector["url"],
        oauth_params,
        _req_kwargs(vector),
    )
    base_string = _oauthlib_base_string(vector, oauth_signature_method=name)
    assert signature == _oauthlib_sign(name, base_string, vector)


@pytest.mark.parametrize("name", ["RSA-SHA1", "RSA-SHA256", "RSA-SHA512"])
@pytest.mark.parametrize("vector", _ids(SIGNED_VECTORS))
def test_rsa_signature_verifies_with_the_public_key(vector: dict[str, Any], name: str) -> None:
    oauth_params = {**vector["oauth_params"], "oauth_signature_method": name}
    signature = SIGNERS[name].sign(
        RSA_PRIVATE_KEY_PEM.encode("ascii"),
        None,
        vector["method"],
        vector["url"],
        oauth_params,
        _req_kwargs(vector),
    )
    request = oauthlib_client(
        uri=vector["url"],
        http_method=vector["method"],
        signature=signature,
        params=oauthlib_signature.collect_parameters(
            uri_query=urlsplit(vector["url"]).query, body=_body(vector)
        )
        + [(k, v) for k, v in oauth_params.items() if k not in ("realm", "oauth_signature")],
    )
    verify = getattr(oauthlib_signature, f"verify_{name.lower().replace('-', '_')}")
    assert verify(request, RSA_PUBLIC_KEY_PEM)


# ------------------------------------------- the session, through its seams


class _FixedNonce:
    """Stands in for ``rauth.session.sha1``: its hexdigest is the vector's nonce."""

    def __init__(self, nonce: str) -> None:
        self.nonce = nonce

    def __call__(self, data: bytes) -> _FixedNonce:
        return self

    def hexdigest(self) -> str:
        return self.nonce


@pytest.fixture
def seams(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, Any]], None]:
    """Set the session's documented seams to a vector's nonce and timestamp."""

    def use(vector: dict[str, Any]) -> None:
        oauth_params = vector["oauth_params"]
        monkeypatch.setattr(rauth.session, "sha1", _FixedNonce(oauth_params["oauth_nonce"]))
        monkeypatch.setattr(rauth.session, "time", lambda: int(oauth_params["oauth_timestamp"]))

    return use


#: The published requests that carry ``oauth_version=1.0``, as rauth always sends.
SESSION_VECTORS = [v for v in SIGNED_VECTORS if "oauth_version" in v["oauth_params"]]


@pytest.mark.parametrize("header_auth", [True, False], ids=["header", "query-or-body"])
@pytest.mark.parametrize("vector", _ids(SESSION_VECTORS))
def test_session_sends_the_published_signature(
    vector: dict[str, Any], header_auth: bool, seams: Callable[[dict[str, Any]], None]
) -> None:
    seams(vector)
    oauth_params = vector["oauth_params"]
    session = OAuth1Session(
        oauth_params["oauth_consumer_key"],
        vector["consumer_secret"],
        access_token=oauth_params.get("oauth_token"),
        access_token_secret=vector["token_secret"],
    )
    adapter = capture(session)
    session.request(vector["method"], vector["url"], header_auth=header_auth, **_req_kwargs(vector))
    wire = read_wire(adapter.sent[0])
    sent = dict(wire.params)
    assert sent["oauth_signature"] == vector["signature"]
    assert {k: sent[k] for k in oauth_params} == oauth_params
