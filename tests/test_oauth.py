"""Tests of rauth.oauth's building blocks: escaping, normalisation, keys and signature methods.

The end-to-end verification of signatures with oauthlib lives in tests/test_signing*.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import pathlib
import pickle
import sys
from urllib.parse import quote

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from rauth.errors import MissingDependencyError
from rauth.oauth import (
    HmacSha1Signature,
    HmacSha256Signature,
    HmacSha512Signature,
    PlaintextSignature,
    RsaSha1Signature,
    RsaSha256Signature,
    RsaSha512Signature,
    SignatureMethod,
    base_string_uri,
    signature_base_string,
)
from rauth.utils import FORM_URLENCODED

DATA_DIR = pathlib.Path(__file__).parent / "data"

# RFC 5849 section 3.4.1.1: the example request, its parameters and its
# signature base string (section 3.4.1.3.2 gives the normalized parameters).
RFC5849_URL = "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"
RFC5849_BODY = "c2&a3=2+q"
RFC5849_OAUTH_PARAMS = {
    "oauth_consumer_key": "9djdj82h48djs9d2",
    "oauth_token": "kkk9d7dh3k39sjv7",
    "oauth_signature_method": "HMAC-SHA1",
    "oauth_timestamp": "137131201",
    "oauth_nonce": "7d8f3e4a",
}
RFC5849_NORMALIZED = (
    "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&"
    "oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&"
    "oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&"
    "oauth_token=kkk9d7dh3k39sjv7"
)
RFC5849_BASE_STRING = (
    "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q"
    "%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_"
    "key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m"
    "ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk"
    "9d7dh3k39sjv7"
)

# OAuth Core 1.0 Appendix A: the consumer secret and the request token secret.
CONSUMER_SECRET = "kd94hf93k423kf44"
TOKEN_SECRET = "hdhd0244k9j7ao03"

PRIVATE_PEM = (DATA_DIR / "rsa_private_key.pem").read_bytes()
PUBLIC_KEY = serialization.load_pem_public_key((DATA_DIR / "rsa_public_key.pem").read_bytes())

RSA_METHODS = [
    (RsaSha1Signature, "RSA-SHA1", hashes.SHA1),
    (RsaSha256Signature, "RSA-SHA256", hashes.SHA256),
    (RsaSha512Signature, "RSA-SHA512", hashes.SHA512),
]
HMAC_METHODS = [
    (HmacSha1Signature, "HMAC-SHA1", hashlib.sha1),
    (HmacSha256Signature, "HMAC-SHA256", hashlib.sha256),
    (HmacSha512Signature, "HMAC-SHA512", hashlib.sha512),
]


def _hmac_b64(key: str, base_string: str, digest) -> str:
    return base64.b64encode(hmac.new(key.encode(), base_string.encode(), digest).digest()).decode()


# --- SignatureMethod helpers -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("abcXYZ019-._~", b"abcXYZ019-._~"),
        (" ", b"%20"),
        ("*", b"%2A"),
        ("+", b"%2B"),
        ("/", b"%2F"),
        ("%", b"%25"),
        ("&=", b"%26%3D"),
        ("é", b"%C3%A9"),
        ("☕", b"%E2%98%95"),
        (b"caf\xc3\xa9", b"caf%C3%A9"),
        ("", b""),
    ],
    ids=[
        "unreserved",
        "space",
        "star",
        "plus",
        "slash",
        "percent",
        "delimiters",
        "latin",
        "astral-bmp",
        "utf8-bytes",
        "empty",
    ],
)
def test_escape_percent_encodes_as_rfc5849_section_3_6(value, escaped):
    assert SignatureMethod()._escape(value) == escaped


def test_escape_rejects_non_strings_with_type_error():
    with pytest.raises(TypeError, match="must be str or bytes, not NoneType"):
        SignatureMethod()._escape(None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("é", b"\xc3\xa9"), (b"\xc3\xa9", "é")],
    ids=["str-to-bytes", "bytes-to-str"],
)
def test_ensure_unicode_swaps_text_and_utf8_octets(value, expected):
    assert SignatureMethod()._ensure_unicode(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com/a/b?c=1&d=2", "http://example.com/a/b"),
        ("http://example.com/a/b", "http://example.com/a/b"),
        ("https://example.com:8443/?x=1", "https://example.com:8443/"),
        ("http://example.com/a?x=1#frag", "http://example.com/a#frag"),
    ],
    ids=["query", "no-query", "port", "fragment-kept"],
)
def test_remove_qs(url, expected):
    assert SignatureMethod()._remove_qs(url) == expected


def test_normalize_request_parameters_matches_rfc5849_example():
    req_kwargs = {
        "params": "b5=%3D%253D&a3=a&c%40=&a2=r%20b",
        "data": RFC5849_BODY,
        "headers": {"Content-Type": FORM_URLENCODED},
    }
    normalized = SignatureMethod()._normalize_request_parameters(RFC5849_OAUTH_PARAMS, req_kwargs)
    assert normalized == RFC5849_NORMALIZED


@pytest.mark.parametrize(
    ("req_kwargs", "expected"),
    [
        ({"params": {"b": "2", "a": "1"}}, "a=1&b=2&oauth_nonce=n"),
        ({"params": [("a", "2"), ("a", "1")]}, "a=1&a=2&oauth_nonce=n"),
        ({"params": {"a": ["x", "y"], "skip": None}}, "a=x&a=y&oauth_nonce=n"),
        ({"params": b"a=%C3%A9"}, "a=%C3%A9&oauth_nonce=n"),
        ({"params": {"q": "a b~*"}}, "oauth_nonce=n&q=a%20b~%2A"),
        ({"params": {"n": 5}}, "n=5&oauth_nonce=n"),
        ({"data": {"d": "1"}, "headers": {"content-type": FORM_URLENCODED}}, "d=1&oauth_nonce=n"),
        (
            {"data": {"d": "1"}, "headers": {"Content-Type": FORM_URLENCODED + "; charset=utf-8"}},
            "d=1&oauth_nonce=n",
        ),
        ({"data": {"d": "1"}}, "oauth_nonce=n"),
        ({"data": {"d": "1"}, "headers": {"Content-Type": "application/json"}}, "oauth_nonce=n"),
        ({"data": "raw body", "headers": None}, "oauth_nonce=n"),
        ({}, "oauth_nonce=n"),
    ],
    ids=[
        "dict-sorted",
        "pairs-sorted-by-value",
        "list-values-and-none-dropped",
        "bytes-query",
        "encoded-as-rfc3986",
        "number",
        "form-body",
        "form-body-charset",
        "body-without-content-type",
        "json-body",
        "no-headers",
        "nothing",
    ],
)
def test_normalize_request_parameters(req_kwargs, expected):
    assert SignatureMethod()._normalize_request_parameters({"oauth_nonce": "n"}, req_kwargs) == (
        expected
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (42, "params and form data must be a dict, a list of \\(name, value\\) pairs"),
        ([("a", "1", "extra")], "params and form data must be a dict"),
        ({"a": {"nested": "dict"}}, "the value of parameter 'a' must be a str"),
        ({"a": {"x", "y"}}, "the value of parameter 'a' must be a str"),
        ({"a": [["nested"]]}, "the value of parameter 'a' must be a str"),
    ],
    ids=["int", "triples", "dict-value", "set-value", "nested-list"],
)
def test_normalize_request_parameters_rejects_what_requests_cannot_send(params, message):
    with pytest.raises(TypeError, match=message):
        SignatureMethod()._normalize_request_parameters({}, {"params": params})


def test_normalize_request_parameters_skips_signature_and_realm():
    oauth_params = {"oauth_nonce": "n", "oauth_signature": "s", "realm": "r"}
    assert SignatureMethod()._normalize_request_parameters(oauth_params, {}) == "oauth_nonce=n"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://EXAMPLE.COM:80/r%20v/X?id=123", "http://example.com/r%20v/X"),
        ("https://www.example.net:8080/?q=1", "https://www.example.net:8080/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("http://example.com", "http://example.com/"),
        ("http://user:pass@example.com/a#frag", "http://example.com/a"),
        ("http://example.com/a b", "http://example.com/a%20b"),
        ("http://bücher.example/", "http://xn--bcher-kva.example/"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ],
    ids=[
        "rfc-example-1",
        "rfc-example-2",
        "https-default-port",
        "other-scheme-port",
        "empty-path",
        "userinfo-fragment",
        "space-in-path",
        "idna-host",
        "ipv6",
    ],
)
def test_base_string_uri(url, expected):
    assert base_string_uri(url) == expected


def test_signature_base_string_matches_rfc5849_example():
    oauth_params = {**RFC5849_OAUTH_PARAMS, "realm": "Example", "oauth_signature": "ignored"}
    req_kwargs = {"data": RFC5849_BODY, "headers": {"Content-Type": FORM_URLENCODED}}
    assert signature_base_string("post", RFC5849_URL, oauth_params, req_kwargs) == (
        RFC5849_BASE_STRING
    )


def test_signature_base_string_without_request_kwargs():
    assert signature_base_string("GET", "http://example.com/a?x=1", {"oauth_nonce": "n"}) == (
        "GET&http%3A%2F%2Fexample.com%2Fa&oauth_nonce%3Dn%26x%3D1"
    )


def test_signature_method_base_class_does_not_sign():
    with pytest.raises(NotImplementedError, match="SignatureMethod does not implement signing"):
        SignatureMethod().sign("cs", None, "GET", "http://example.com/", {}, {})


# --- HMAC --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "name", "digest"), HMAC_METHODS, ids=[n for _, n, _ in HMAC_METHODS]
)
def test_hmac_signs_the_rfc5849_base_string(cls, name, digest):
    oauth_params = {**RFC5849_OAUTH_PARAMS, "oauth_signature_method": name}
    base_string = RFC5849_BASE_STRING.replace("HMAC-SHA1", name)
    req_kwargs = {"data": RFC5849_BODY, "headers": {"Content-Type": FORM_URLENCODED}}
    signature = cls().sign(
        CONSUMER_SECRET, TOKEN_SECRET, "POST", RFC5849_URL, oauth_params, req_kwargs
    )
    assert name == cls.NAME
    assert signature == _hmac_b64(f"{CONSUMER_SECRET}&{TOKEN_SECRET}", base_string, digest)


@pytest.mark.parametrize(
    ("consumer_secret", "token_secret", "key"),
    [
        ("cs", None, "cs&"),
        ("cs", "", "cs&"),
        ("cs", "ts", "cs&ts"),
        ("sécret", "tök&en", "s%C3%A9cret&t%C3%B6k%26en"),
        (b"cs", b"t s", "cs&t%20s"),
    ],
    ids=["no-token", "empty-token", "both", "unicode", "bytes"],
)
def test_hmac_sha1_key_is_the_encoded_secrets_joined_by_ampersand(
    consumer_secret, token_secret, key
):
    url = "http://example.com/r"
    signature = HmacSha1Signature().sign(
        consumer_secret, token_secret, "GET", url, {"oauth_nonce": "n"}, {}
    )
    base_string = "GET&http%3A%2F%2Fexample.com%2Fr&oauth_nonce%3Dn"
    assert signature == _hmac_b64(key, base_string, hashlib.sha1)


@pytest.mark.parametrize(
    ("consumer_secret", "token_secret", "message"),
    [
        (None, "ts", "consumer_secret must be a str, not NoneType"),
        (31415926535, "ts", "consumer_secret must be a str, not int"),
        ("cs", 27182818284, "access_token_secret must be a str or None, not int"),
    ],
    ids=["consumer-none", "consumer-int", "token-int"],
)
def test_hmac_rejects_bad_secrets_with_type_error_without_showing_them(
    consumer_secret, token_secret, message
):
    with pytest.raises(TypeError, match=message) as excinfo:
        HmacSha1Signature().sign(consumer_secret, token_secret, "GET", "http://e.com/", {}, {})
    assert "31415926535" not in str(excinfo.value)
    assert "27182818284" not in str(excinfo.value)


def test_debug_log_of_the_base_string_hides_secret_looking_values(caplog):
    caplog.set_level(logging.DEBUG, logger="rauth")
    HmacSha1Signature().sign(
        "CONSUMERSECRET",
        "TOKENSECRET",
        "GET",
        "http://example.com/r",
        {"oauth_consumer_key": "ck", "oauth_token": "TOKENVALUE"},
        {"params": {"code": "CODEVALUE", "page": "2"}},
    )
    logged = caplog.text
    assert "HMAC-SHA1 signature base string" in logged
    assert "oauth_consumer_key%3Dck" in logged
    assert "page%3D2" in logged
    assert "oauth_token%3D***" in logged
    assert "code%3D***" in logged
    for secret in ("TOKENVALUE", "CODEVALUE", "CONSUMERSECRET", "TOKENSECRET"):
        assert secret not in logged


# --- PLAINTEXT -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("consumer_secret", "token_secret", "expected"),
    [
        # OAuth Core 1.0 Appendix A.4.1 and A.5.1: oauth_signature before its
        # percent-encoding in the request.
        (CONSUMER_SECRET, None, "kd94hf93k423kf44&"),
        (CONSUMER_SECRET, TOKEN_SECRET, "kd94hf93k423kf44&hdhd0244k9j7ao03"),
        ("cs", "", "cs&"),
        ("a b", "c&d", "a%20b&c%26d"),
        ("é", b"~", "%C3%A9&~"),
    ],
    ids=["request-token", "access-token", "empty-token", "escaped", "unicode-bytes"],
)
def test_plaintext_signature(consumer_secret, token_secret, expected):
    sig = PlaintextSignature()
    assert sig.NAME == "PLAINTEXT"
    assert sig.sign(consumer_secret, token_secret, "GET", "https://e.com/", {}, {}) == expected


def test_plaintext_over_http_logs_a_warning_without_the_secret(caplog):
    caplog.set_level(logging.WARNING, logger="rauth")
    PlaintextSignature().sign("SECRETVALUE", None, "POST", "HTTP://Example.com/r?x=1", {}, {})
    assert "PLAINTEXT" in caplog.text
    assert "http://example.com/r" in caplog.text
    assert "SECRETVALUE" not in caplog.text


def test_plaintext_over_https_does_not_warn(caplog):
    caplog.set_level(logging.DEBUG, logger="rauth")
    PlaintextSignature().sign("cs", None, "POST", "https://example.com/r", {}, {})
    assert caplog.records == []


def test_plaintext_rejects_a_none_consumer_secret_with_type_error():
    with pytest.raises(TypeError, match="consumer_secret must be a str, not NoneType"):
        PlaintextSignature().sign(None, None, "GET", "https://e.com/", {}, {})


# --- RSA -----------------------------------------------------------------------


class _ExportKey:
    """Stands for a PyCryptodome key: rauth 0.7 took PyCrypto key objects."""

    def __init__(self, pem: bytes) -> None:
        self._pem = pem

    def export_key(self) -> bytes:
        return self._pem


class _ExportKeyCamel:
    """Stands for a PyCrypto ``_RSAobj`` and its ``exportKey()``."""

    def __init__(self, pem: bytes) -> None:
        self._pem = pem

    def exportKey(self) -> bytes:
        return self._pem


def _rsa_keys():
    loaded = serialization.load_pem_private_key(PRIVATE_PEM, password=None)
    assert isinstance(loaded, RSAPrivateKey)
    return [
        PRIVATE_PEM,
        PRIVATE_PEM.decode("ascii"),
        loaded,
        _ExportKey(PRIVATE_PEM),
        _ExportKeyCamel(PRIVATE_PEM),
    ]


RSA_KEY_IDS = ["pem-bytes", "pem-str", "cryptography-key", "export_key", "exportKey"]


@pytest.mark.parametrize(
    ("cls", "name", "hash_cls"), RSA_METHODS, ids=[n for _, n, _ in RSA_METHODS]
)
@pytest.mark.parametrize("key", _rsa_keys(), ids=RSA_KEY_IDS)
def test_rsa_signature_verifies_with_the_public_key(cls, name, hash_cls, key):
    oauth_params = {**RFC5849_OAUTH_PARAMS, "oauth_signature_method": name}
    req_kwargs = {"data": RFC5849_BODY, "headers": {"Content-Type": FORM_URLENCODED}}
    signature = cls().sign(key, None, "POST", RFC5849_URL, oauth_params, req_kwargs)
    base_string = RFC5849_BASE_STRING.replace("HMAC-SHA1", name).encode("ascii")
    assert name == cls.NAME
    PUBLIC_KEY.verify(base64.b64decode(signature), base_string, padding.PKCS1v15(), hash_cls())


def test_rsa_signature_signs_again_with_the_same_key():
    sig = RsaSha1Signature()
    base_string = b"GET&http%3A%2F%2Fexample.com%2F&oauth_nonce%3Dn"
    for _ in range(2):
        signature = sig.sign(
            PRIVATE_PEM, None, "GET", "http://example.com/", {"oauth_nonce": "n"}, {}
        )
        PUBLIC_KEY.verify(
            base64.b64decode(signature), base_string, padding.PKCS1v15(), hashes.SHA1()
        )


def _ec_private_pem() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _encrypted_rsa_pem() -> bytes:
    key = serialization.load_pem_private_key(PRIVATE_PEM, password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase"),
    )


@pytest.mark.parametrize(
    "bad_key",
    [
        "not a key",
        b"",
        None,
        42,
        object(),
        (DATA_DIR / "rsa_public_key.pem").read_bytes(),
        _ec_private_pem(),
        _encrypted_rsa_pem(),
        _ExportKey(b"-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n"),
    ],
    ids=[
        "text",
        "empty",
        "none",
        "int",
        "object",
        "public-key",
        "ec-key",
        "encrypted-key",
        "exported-garbage",
    ],
)
@pytest.mark.parametrize("cls", [RsaSha1Signature, RsaSha256Signature], ids=["sha1", "sha256"])
def test_rsa_rejects_a_bad_key_with_value_error(cls, bad_key):
    with pytest.raises(ValueError, match=f"invalid consumer_secret: for {cls.NAME}") as excinfo:
        cls().sign(bad_key, None, "GET", "http://example.com/", {"oauth_nonce": "n"}, {})
    message = str(excinfo.value)
    assert "BEGIN" not in message
    assert "not a key" not in message


def test_rsa_signature_pickles_without_its_key():
    sig = RsaSha1Signature()
    sig.sign(PRIVATE_PEM, None, "GET", "http://example.com/", {"oauth_nonce": "n"}, {})
    dumped = pickle.dumps(sig)
    assert b"PRIVATE" not in dumped
    restored = pickle.loads(dumped)
    signature = restored.sign(
        PRIVATE_PEM, None, "GET", "http://example.com/", {"oauth_nonce": "n"}, {}
    )
    base_string = b"GET&http%3A%2F%2Fexample.com%2F&oauth_nonce%3Dn"
    PUBLIC_KEY.verify(base64.b64decode(signature), base_string, padding.PKCS1v15(), hashes.SHA1())


@pytest.mark.parametrize("cls", [RsaSha1Signature, RsaSha512Signature], ids=["sha1", "sha512"])
def test_rsa_without_cryptography_raises_missing_dependency_error(monkeypatch, cls):
    # make `from cryptography.hazmat.primitives.asymmetric import rsa` fail
    monkeypatch.setitem(sys.modules, "cryptography.hazmat.primitives.asymmetric", None)
    with pytest.raises(MissingDependencyError) as excinfo:
        cls()
    error = excinfo.value
    assert isinstance(error, ImportError)
    assert isinstance(error, NotImplementedError)  # what rauth 0.7 raised without PyCrypto
    assert error.feature == cls.NAME
    assert error.extra == "rsa"
    assert 'pip install "rauth[rsa]"' in str(error)  # quoted: zsh expands [...]
    assert 'pip install ".[rsa]"' in str(error)  # from a checkout, until the release


def test_missing_dependency_error_is_caught_by_rauth_07_handlers():
    with pytest.raises(NotImplementedError, match=r"RSA-SHA1 needs an optional dependency"):
        raise MissingDependencyError("RSA-SHA1", "rsa")


@pytest.mark.parametrize(
    ("cls", "digest"),
    [
        (HmacSha1Signature, hashlib.sha1),
        (HmacSha256Signature, hashlib.sha256),
        (HmacSha512Signature, hashlib.sha512),
    ],
    ids=["sha1", "sha256", "sha512"],
)
def test_hmac_keys_of_any_length_and_alternating_keys_sign_as_hmac(cls, digest) -> None:
    # the pads of the last key are kept: longer keys than the hash's block
    # are hashed first (RFC 2104), and another key is never signed with them
    signer = cls()
    base_string = "GET&https%3A%2F%2Fexample.com%2F&a%3Db"
    for secret in ["short", "k" * 64, "l" * 65, "m" * 128, "n" * 129, "short", "caf\u00e9"]:
        for token_secret in ["", "t" * 200]:
            key = f"{quote(secret, safe='~')}&{quote(token_secret, safe='~')}"
            expected = _hmac_b64(key, base_string, digest)
            assert signer._sign_base_string(secret, token_secret, base_string) == expected
    assert "_pads" not in pickle.loads(pickle.dumps(signer)).__dict__
