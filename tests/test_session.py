"""Tests of rauth.session: what OAuth1Session, OAuth2Session and OflySession put on the wire.

Requests go to a fake adapter (tests/conftest.py) that records the
PreparedRequest. Expected signatures are recomputed here: the OAuth 1
parameters are collected from the wire and normalized with oauthlib, then
signed with hmac; Ofly signatures follow the documented recipe with hashlib.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import hmac
import io
import pathlib
import pickle
import re
import threading
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest
import requests
from oauthlib.oauth1.rfc5849 import signature as oauthlib_signature
from requests.sessions import Session

import rauth.session
from rauth import OAuth1Service, OAuth1Session, OAuth2Session, OflyService, OflySession
from rauth.errors import MissingUserIdError
from rauth.oauth import PlaintextSignature, RsaSha1Signature, SignatureMethod
from rauth.utils import FORM_URLENCODED

#: These tests check what is signed and sent, at plain-http example URLs;
#: the InsecureTransportWarning those raise is tested in test_transport.py.
pytestmark = pytest.mark.filterwarnings("ignore::rauth.InsecureTransportWarning")


CK, CS, TOK, TS = "consumer-key", "CONSUMER-SECRET", "access-token", "TOKEN-SECRET"
URL = "http://example.com/resource"

#: The values the patched seams return, and what rauth makes of them.
FIXED_TIME = 1300000000.75
FIXED_RANDOM = 0.25
FIXED_NONCE = hashlib.sha1(b"0.25").hexdigest()

_HEADER_ITEM = re.compile(r'(\w+)="([^"]*)"')


# --- helpers -------------------------------------------------------------------


def _is_form(prepared: requests.PreparedRequest) -> bool:
    content_type = prepared.headers.get("Content-Type", "")
    return content_type.split(";")[0].strip().lower() == FORM_URLENCODED


def _text_body(prepared: requests.PreparedRequest) -> str | None:
    body = prepared.body
    if isinstance(body, bytes):
        return body.decode("utf-8")
    return body


def _query_pairs(prepared: requests.PreparedRequest) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(prepared.url).query, keep_blank_values=True)


def _body_pairs(prepared: requests.PreparedRequest) -> list[tuple[str, str]]:
    if not _is_form(prepared) or not prepared.body:
        return []
    return parse_qsl(_text_body(prepared), keep_blank_values=True)


def _header_params(prepared: requests.PreparedRequest) -> dict[str, str]:
    header = prepared.headers.get("Authorization", "")
    if not header.startswith("OAuth "):
        return {}
    return {name: unquote(value) for name, value in _HEADER_ITEM.findall(header)}


def _oauth(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {name: value for name, value in pairs if name.startswith("oauth_")}


def _not_oauth(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in pairs if not name.startswith("oauth_")]


def sent_oauth(prepared: requests.PreparedRequest) -> tuple[str, dict[str, str]]:
    """Return where the OAuth parameters went ('header', 'body' or 'query') and them."""
    found = {
        "header": {k: v for k, v in _header_params(prepared).items() if k != "realm"},
        "body": _oauth(_body_pairs(prepared)),
        "query": _oauth(_query_pairs(prepared)),
    }
    places = [place for place, params in found.items() if "oauth_signature" in params]
    assert len(places) == 1, f"oauth_signature found in {places}"
    others = [place for place, params in found.items() if params and place != places[0]]
    assert others == [], f"OAuth parameters also in {others}"
    return places[0], found[places[0]]


def expected_hmac_sha1(prepared: requests.PreparedRequest, consumer_secret, token_secret) -> str:
    """Recompute the HMAC-SHA1 signature of a sent request (RFC 5849 section 3.4)."""
    authorization = prepared.headers.get("Authorization")
    params = oauthlib_signature.collect_parameters(
        uri_query=urlsplit(prepared.url).query,
        body=_text_body(prepared) if _is_form(prepared) else None,
        headers={"Authorization": authorization} if authorization else None,
    )
    base_string = oauthlib_signature.signature_base_string(
        prepared.method,
        oauthlib_signature.base_string_uri(prepared.url),
        oauthlib_signature.normalize_parameters(params),
    )
    key = f"{quote(consumer_secret, safe='~')}&{quote(token_secret or '', safe='~')}"
    digest = hmac.new(key.encode(), base_string.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def assert_signed(prepared, consumer_secret=CS, token_secret=TS) -> str:
    """Assert the request carries a valid HMAC-SHA1 signature; return the placement."""
    placement, params = sent_oauth(prepared)
    assert params["oauth_signature"] == expected_hmac_sha1(prepared, consumer_secret, token_secret)
    return placement


class _FixedDatetime(dt.datetime):
    """A ``datetime`` whose ``utcnow()`` is 1900-01-01, as rauth 0.7's tests used."""

    moment = dt.datetime(1900, 1, 1)

    @classmethod
    def utcnow(cls):
        return cls.moment


@pytest.fixture
def fixed_seams(monkeypatch):
    """Patch the time and nonce seams of rauth.session."""
    monkeypatch.setattr(rauth.session, "time", lambda: FIXED_TIME)
    monkeypatch.setattr(rauth.session, "random", lambda: FIXED_RANDOM)


@pytest.fixture
def oauth1(mount):
    return mount(OAuth1Session(CK, CS, TOK, TS))


# --- OAuth 1: placement of the OAuth parameters ----------------------------------

PARAMS = {
    "absent": (None, []),
    "none": (None, []),
    "dict": ({"a": "1", "b": "x y"}, [("a", "1"), ("b", "x y")]),
    "list": ([("a", "2"), ("a", "1")], [("a", "2"), ("a", "1")]),
    "str": ("a=1&b=x%20y", [("a", "1"), ("b", "x y")]),
    "bytes": (b"a=1&b=caf%C3%A9", [("a", "1"), ("b", "café")]),
}
DATA = {
    "absent": (None, []),
    "dict": ({"d": "1", "e": "☕"}, [("d", "1"), ("e", "☕")]),
    "list": ([("d", "1"), ("d", "2")], [("d", "1"), ("d", "2")]),
    "str": ("d=1&e=2", [("d", "1"), ("e", "2")]),
}


def _kwargs(params_id: str, data_id: str | None = None) -> dict:
    kwargs = {}
    if params_id != "absent":
        kwargs["params"] = copy.deepcopy(PARAMS[params_id][0])
    if data_id not in (None, "absent"):
        kwargs["data"] = copy.deepcopy(DATA[data_id][0])
    return kwargs


@pytest.mark.parametrize("params_id", list(PARAMS))
@pytest.mark.parametrize("header_auth", [False, True], ids=["no-header-auth", "header-auth"])
@pytest.mark.parametrize("method", ["GET", "DELETE", "HEAD", "OPTIONS"])
def test_oauth1_without_body_signs_in_query_or_header(
    oauth1, adapter, method, header_auth, params_id
):
    oauth1.request(method, URL + "?q=0", header_auth=header_auth, **_kwargs(params_id))
    sent = adapter.last
    assert sent.method == method
    assert assert_signed(sent) == ("header" if header_auth else "query")
    assert _not_oauth(_query_pairs(sent)) == [("q", "0"), *PARAMS[params_id][1]]
    assert not sent.body


@pytest.mark.parametrize("data_id", list(DATA))
@pytest.mark.parametrize("params_id", list(PARAMS))
@pytest.mark.parametrize("header_auth", [False, True], ids=["no-header-auth", "header-auth"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "post"])
def test_oauth1_form_body_requests(oauth1, adapter, method, header_auth, params_id, data_id):
    oauth1.request(method, URL, header_auth=header_auth, **_kwargs(params_id, data_id))
    sent = adapter.last
    assert sent.method == method.upper()
    assert _is_form(sent)
    assert assert_signed(sent) == ("header" if header_auth else "body")
    assert _not_oauth(_query_pairs(sent)) == PARAMS[params_id][1]
    assert _not_oauth(_body_pairs(sent)) == DATA[data_id][1]


@pytest.mark.parametrize("header_auth", [False, True], ids=["no-header-auth", "header-auth"])
@pytest.mark.parametrize(
    ("kwargs", "body", "content_type"),
    [
        ({"data": b"raw octets"}, b"raw octets", None),
        ({"data": io.BytesIO(b"file body")}, None, None),
        ({"json": {"k": "é"}}, b'{"k": "\\u00e9"}', "application/json"),
        (
            {"data": '{"k": 1}', "headers": {"Content-Type": "application/json"}},
            '{"k": 1}',
            "application/json",
        ),
        ({"data": {"d": "1"}, "headers": {"content-type": "text/plain"}}, "d=1", "text/plain"),
    ],
    ids=["bytes", "file", "json", "json-str-with-content-type", "dict-with-text-plain"],
)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_oauth1_non_form_body_is_left_alone_and_not_signed(
    oauth1, adapter, method, header_auth, kwargs, body, content_type
):
    kwargs = copy.deepcopy(kwargs)  # parametrize shares the object between tests
    oauth1.request(method, URL, header_auth=header_auth, params={"p": "1"}, **kwargs)
    sent = adapter.last
    assert assert_signed(sent) == ("header" if header_auth else "query")
    assert _not_oauth(_query_pairs(sent)) == [("p", "1")]
    if body is not None:
        assert sent.body == body
    assert sent.headers.get("Content-Type") == content_type


@pytest.mark.parametrize("header_auth", [False, True], ids=["no-header-auth", "header-auth"])
def test_oauth1_files_upload_is_multipart_and_signed_in_query_or_header(
    oauth1, adapter, header_auth
):
    oauth1.post(
        URL,
        data={"field": "v"},
        files={"upload": ("a.txt", b"file content")},
        header_auth=header_auth,
    )
    sent = adapter.last
    assert sent.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b"file content" in sent.body
    assert b'name="field"' in sent.body
    assert assert_signed(sent) == ("header" if header_auth else "query")


@pytest.mark.parametrize(
    "data", [{"d": "é"}, "d=%C3%A9", b"d=%C3%A9"], ids=["dict", "str", "bytes"]
)
def test_oauth1_form_content_type_with_charset_signs_the_body(oauth1, adapter, data):
    # the OAuth parameters go in the query, as rauth 0.7 put them for any
    # Content-Type but exactly the form one; the form body is signed
    content_type = "application/x-www-form-urlencoded; charset=utf-8"
    oauth1.post(URL, data=data, headers={"Content-Type": content_type})
    sent = adapter.last
    assert sent.headers["Content-Type"] == content_type
    assert assert_signed(sent) == "query"
    assert _not_oauth(_body_pairs(sent)) == [("d", "é")]


@pytest.mark.parametrize("data", [b"a=1&b=caf%C3%A9", "a=1&b=caf%C3%A9"], ids=["bytes", "str"])
def test_oauth1_form_body_given_as_text_with_form_content_type(oauth1, adapter, data):
    oauth1.put(URL, data=data, headers={"Content-Type": FORM_URLENCODED})
    sent = adapter.last
    assert assert_signed(sent) == "body"
    assert _not_oauth(_body_pairs(sent)) == [("a", "1"), ("b", "café")]


def test_oauth1_post_without_data_sends_the_oauth_parameters_as_form_body(oauth1, adapter):
    oauth1.post(URL)
    sent = adapter.last
    assert sent.headers["Content-Type"] == FORM_URLENCODED
    assert assert_signed(sent) == "body"
    assert _not_oauth(_body_pairs(sent)) == []


def test_oauth1_caller_content_type_wins(oauth1, adapter):
    oauth1.post(URL, data="<xml/>", headers={"Content-Type": "application/xml"})
    sent = adapter.last
    assert sent.headers["Content-Type"] == "application/xml"
    assert sent.body == "<xml/>"
    assert assert_signed(sent) == "query"


def test_oauth1_url_query_is_kept_and_signed(oauth1, adapter):
    oauth1.get("http://example.com/r?b=2&a=%C3%A9&a=1", params={"c": "3"})
    sent = adapter.last
    assert assert_signed(sent) == "query"
    assert _not_oauth(_query_pairs(sent)) == [("b", "2"), ("a", "é"), ("a", "1"), ("c", "3")]


@pytest.mark.parametrize(
    "params",
    [{"q": "café ☕ ~*+&="}, {"ключ": "значение"}, {b"bytes-key": "é".encode()}],
    ids=["unicode-value", "unicode-key", "bytes-items"],
)
def test_oauth1_unicode_and_bytes_parameters_are_signed(oauth1, adapter, params):
    oauth1.get(URL, params=params)
    assert assert_signed(adapter.last) == "query"
    assert _not_oauth(_query_pairs(adapter.last)) == [
        (k.decode() if isinstance(k, bytes) else k, v.decode() if isinstance(v, bytes) else v)
        for k, v in params.items()
    ]


@pytest.mark.parametrize(
    ("credentials", "secrets"),
    [
        ((b"ck", b"cs", b"tok", b"ts"), ("cs", "ts")),
        (("clé", "sécret", "jéton", "sécret&2"), ("sécret", "sécret&2")),
    ],
    ids=["bytes", "unicode"],
)
def test_oauth1_credentials_as_bytes_or_unicode(mount, adapter, credentials, secrets):
    session = mount(OAuth1Session(*credentials))
    session.get(URL, header_auth=True)
    _, params = sent_oauth(adapter.last)
    key, _, token, _ = (c.decode() if isinstance(c, bytes) else c for c in credentials)
    assert params["oauth_consumer_key"] == key
    assert params["oauth_token"] == token
    assert_signed(adapter.last, *secrets)


def test_oauth1_without_access_token_sends_no_oauth_token(mount, adapter):
    session = mount(OAuth1Session(CK, CS))
    session.get(URL)
    _, params = sent_oauth(adapter.last)
    assert "oauth_token" not in params
    assert_signed(adapter.last, CS, None)


def test_oauth1_session_get_passes_params_none(oauth1, adapter):
    # requests' Session.get calls request(..., params=None)
    oauth1.get(URL)
    assert assert_signed(adapter.last) == "query"
    assert _not_oauth(_query_pairs(adapter.last)) == []


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get(URL),
        lambda s: s.head(URL),
        lambda s: s.options(URL),
        lambda s: s.delete(URL),
        lambda s: s.post(URL, data={"x": "1"}),
        lambda s: s.put(URL, data={"x": "1"}),
        lambda s: s.patch(URL, data={"x": "1"}),
    ],
    ids=["get", "head", "options", "delete", "post", "put", "patch"],
)
def test_oauth1_requests_verbs_are_signed(oauth1, adapter, call):
    call(oauth1)
    assert_signed(adapter.last)


@pytest.mark.parametrize("method", ["DELETE", "GET"])
def test_oauth1_form_data_on_a_method_without_entity_is_signed(oauth1, adapter, method):
    # requests form-encodes a dict body and says so in Content-Type; RFC 5849
    # section 3.4.1.3.1 then makes its parameters part of the signature.
    oauth1.request(method, URL, data={"a": "1"})
    sent = adapter.last
    assert _is_form(sent)
    assert sent.body == "a=1"
    assert_signed(sent)


# --- OAuth 1: the Authorization header, optional parameters, seams ------------


def test_oauth1_authorization_header_format(mount, adapter, fixed_seams):
    session = mount(OAuth1Session(CK, CS, TOK, TS))
    session.get(
        "http://example.com/photos?size=original",
        params={"oauth_verifier": "v f", "oauth_callback": "http://cb.example/ready"},
        header_auth=True,
        realm="Photos",
    )
    # RFC 5849 section 3.4.1, built by hand
    base_string = (
        "GET&http%3A%2F%2Fexample.com%2Fphotos&"
        "oauth_callback%3Dhttp%253A%252F%252Fcb.example%252Fready%26"
        "oauth_consumer_key%3Dconsumer-key%26"
        f"oauth_nonce%3D{FIXED_NONCE}%26"
        "oauth_signature_method%3DHMAC-SHA1%26"
        "oauth_timestamp%3D1300000000%26"
        "oauth_token%3Daccess-token%26"
        "oauth_verifier%3Dv%2520f%26"
        "oauth_version%3D1.0%26"
        "size%3Doriginal"
    )
    key = f"{CS}&{TS}".encode()
    signature = base64.b64encode(hmac.new(key, base_string.encode(), hashlib.sha1).digest())
    assert adapter.last.headers["Authorization"] == (
        'OAuth realm="Photos",'
        'oauth_consumer_key="consumer-key",'
        f'oauth_nonce="{FIXED_NONCE}",'
        'oauth_signature_method="HMAC-SHA1",'
        'oauth_timestamp="1300000000",'
        'oauth_token="access-token",'
        'oauth_version="1.0",'
        'oauth_callback="http%3A%2F%2Fcb.example%2Fready",'
        'oauth_verifier="v%20f",'
        f'oauth_signature="{quote(signature.decode(), safe="")}"'
    )
    assert adapter.last.url == "http://example.com/photos?size=original"


def test_oauth1_default_realm_is_empty(oauth1, adapter):
    oauth1.get(URL, header_auth=True)
    assert adapter.last.headers["Authorization"].startswith('OAuth realm="",oauth_consumer_key=')


@pytest.mark.parametrize(
    ("method", "where", "given"),
    [
        ("GET", "params", {"oauth_callback": "oob", "x": "1"}),
        ("GET", "params", [("oauth_callback", "oob"), ("x", "1")]),
        ("GET", "params", "oauth_callback=oob&x=1"),
        ("GET", "params", b"oauth_callback=oob&x=1"),
        ("POST", "data", {"oauth_callback": "oob", "x": "1"}),
        ("POST", "data", [("oauth_callback", "oob"), ("x", "1")]),
        ("POST", "data", "oauth_callback=oob&x=1"),
        ("POST", "params", {"oauth_callback": "oob", "x": "1"}),
    ],
    ids=[
        "params-dict",
        "params-list",
        "params-str",
        "params-bytes",
        "data-dict",
        "data-list",
        "data-str",
        "post-params",
    ],
)
@pytest.mark.parametrize("header_auth", [False, True], ids=["no-header-auth", "header-auth"])
def test_oauth1_optional_parameters_are_lifted_into_the_oauth_parameters(
    oauth1, adapter, header_auth, method, where, given
):
    oauth1.request(method, URL, header_auth=header_auth, **{where: copy.deepcopy(given)})
    sent = adapter.last
    placement, params = sent_oauth(sent)
    assert params["oauth_callback"] == "oob"
    assert_signed(sent)
    everything = _query_pairs(sent) + _body_pairs(sent)
    assert [pair for pair in everything if pair[0] == "oauth_callback"] == (
        [] if placement == "header" else [("oauth_callback", "oob")]
    )
    assert ("x", "1") in everything


@pytest.mark.parametrize("header_auth", [False, True], ids=["no-header-auth", "header-auth"])
def test_oauth1_oauth_version_given_by_the_caller_replaces_the_default(
    oauth1, adapter, header_auth
):
    oauth1.get(
        URL, params={"oauth_version": "1.0a", "oauth_verifier": "v"}, header_auth=header_auth
    )
    _, params = sent_oauth(adapter.last)
    assert params["oauth_version"] == "1.0a"
    assert params["oauth_verifier"] == "v"
    assert_signed(adapter.last)


def test_oauth1_oauth_parameters_given_in_params_are_replaced_not_duplicated(oauth1, adapter):
    oauth1.get(URL, params={"oauth_token": "stale", "oauth_nonce": "old", "x": "1"})
    pairs = _query_pairs(adapter.last)
    assert [v for k, v in pairs if k == "oauth_token"] == [TOK]
    assert [v for k, v in pairs if k == "oauth_nonce"] != ["old"]
    assert len([k for k, _ in pairs if k == "oauth_nonce"]) == 1
    assert_signed(adapter.last)


def test_oauth1_seams_time_and_random_are_used(mount, adapter, monkeypatch):
    monkeypatch.setattr(rauth.session, "time", lambda: 1234567890.9)
    monkeypatch.setattr(rauth.session, "random", lambda: 0.5)
    mount(OAuth1Session(CK, CS)).get(URL)
    _, params = sent_oauth(adapter.last)
    assert params["oauth_timestamp"] == "1234567890"
    assert params["oauth_nonce"] == hashlib.sha1(b"0.5").hexdigest()


def test_oauth1_seam_sha1_makes_the_nonce(mount, adapter, monkeypatch):
    monkeypatch.setattr(rauth.session, "random", lambda: 0.5)
    monkeypatch.setattr(rauth.session, "sha1", hashlib.sha256)
    mount(OAuth1Session(CK, CS)).get(URL)
    _, params = sent_oauth(adapter.last)
    assert params["oauth_nonce"] == hashlib.sha256(b"0.5").hexdigest()


def test_oauth1_nonces_differ_between_requests(oauth1, adapter):
    oauth1.get(URL)
    oauth1.get(URL)
    nonces = {sent_oauth(r)[1]["oauth_nonce"] for r in adapter.requests}
    assert len(nonces) == 2
    assert all(re.fullmatch("[0-9a-f]{40}", nonce) for nonce in nonces)


def test_oauth1_nonces_made_in_many_threads_at_once_are_the_sha1_of_their_randoms(
    monkeypatch,
):
    # the nonce hashes on copies of one shared empty SHA-1 state: threads
    # hashing at once must each get the digest of their own random text
    randoms = iter(range(1, 4001))
    monkeypatch.setattr(rauth.session, "random", lambda: next(randoms) / 8192)
    nonces: list[str] = []

    def make() -> None:
        nonces.extend(rauth.session._nonce() for _ in range(250))

    threads = [threading.Thread(target=make) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    expected = {hashlib.sha1(str(n / 8192).encode()).hexdigest() for n in range(1, 4001)}
    assert len(nonces) == 4000
    assert set(nonces) == expected


class _StubSignature(SignatureMethod):
    NAME = "STUB-SIG"

    def sign(self, consumer_secret, access_token_secret, method, url, oauth_params, req_kwargs):
        return "stub-signature"


def test_oauth1_seam_hmac_sha1_signature_is_the_default_signature(mount, adapter, monkeypatch):
    monkeypatch.setattr(rauth.session, "HmacSha1Signature", _StubSignature)
    session = mount(OAuth1Session(CK, CS))
    assert isinstance(session.signature, _StubSignature)
    session.get(URL)
    _, params = sent_oauth(adapter.last)
    assert params["oauth_signature_method"] == "STUB-SIG"
    assert params["oauth_signature"] == "stub-signature"


@pytest.mark.parametrize(
    "signature", [PlaintextSignature, PlaintextSignature()], ids=["class", "instance"]
)
def test_oauth1_signature_argument_class_or_instance(mount, adapter, signature):
    session = mount(OAuth1Session(CK, "c s", TOK, "t&s", signature=signature))
    assert isinstance(session.signature, PlaintextSignature)
    session.post("https://example.com/r", header_auth=True)
    _, params = sent_oauth(adapter.last)
    assert params["oauth_signature_method"] == "PLAINTEXT"
    assert params["oauth_signature"] == "c%20s&t%26s"


def test_oauth1_rsa_sha1_on_the_wire_verifies_with_the_public_key(mount, adapter):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    data_dir = pathlib.Path(__file__).parent / "data"
    private_pem = (data_dir / "rsa_private_key.pem").read_text()
    public_key = serialization.load_pem_public_key((data_dir / "rsa_public_key.pem").read_bytes())
    session = mount(OAuth1Session(CK, private_pem, TOK, signature=RsaSha1Signature))
    session.post(URL, data={"a": "b c"})
    sent = adapter.last
    placement, params = sent_oauth(sent)
    assert placement == "body"
    assert params["oauth_signature_method"] == "RSA-SHA1"
    collected = oauthlib_signature.collect_parameters(body=_text_body(sent))
    base_string = oauthlib_signature.signature_base_string(
        "POST", URL, oauthlib_signature.normalize_parameters(collected)
    )
    public_key.verify(
        base64.b64decode(params["oauth_signature"]),
        base_string.encode(),
        padding.PKCS1v15(),
        hashes.SHA1(),
    )


# --- OAuth 1: requests already signed are left alone --------------------------------


def test_oauth1_url_already_signed_is_not_signed_again(oauth1, adapter):
    url = "http://example.com/r?oauth_signature=presigned&oauth_nonce=n"
    oauth1.get(url)
    assert adapter.last.url == url


def test_oauth1_authorization_header_already_signed_is_kept(oauth1, adapter):
    header = 'OAuth oauth_consumer_key="k",oauth_signature="presigned"'
    oauth1.get(URL, header_auth=True, headers={"Authorization": header})
    assert adapter.last.headers["Authorization"] == header
    assert _oauth(_query_pairs(adapter.last)) == {}


@pytest.mark.parametrize(
    "data",
    [{"oauth_signature": "presigned", "a": "1"}, "oauth_signature=presigned&a=1"],
    ids=["dict", "str"],
)
def test_oauth1_body_already_signed_is_kept(oauth1, adapter, data):
    oauth1.post(URL, data=data)
    assert _body_pairs(adapter.last) == [("oauth_signature", "presigned"), ("a", "1")]
    assert _oauth(_query_pairs(adapter.last)) == {}


# --- OAuth 1: the caller's containers are never changed ----------------------------


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("GET", {"params": {"oauth_callback": "cb", "a": "1"}, "headers": {"X-A": "1"}}),
        ("GET", {"params": [("oauth_verifier", "v"), ("a", "1")]}),
        ("POST", {"data": {"oauth_verifier": "v", "a": "1"}, "params": {"p": "1"}}),
        ("POST", {"data": [("oauth_callback", "cb"), ("a", "1")]}),
        ("PUT", {"data": {"a": "1"}, "headers": {"Content-Type": FORM_URLENCODED}}),
        ("POST", {"data": {"oauth_verifier": "v"}, "files": {"f": ("a.txt", b"x")}}),
        ("POST", {"data": [("oauth_callback", "cb")], "files": {"f": ("a.txt", b"x")}}),
        ("POST", {"data": {"oauth_verifier": "v"}, "headers": {"Content-Type": "text/plain"}}),
        ("POST", {"json": {"oauth_callback": "cb"}, "params": {"oauth_callback": "cb"}}),
    ],
    ids=[
        "get-params-dict",
        "get-params-list",
        "post-data-dict",
        "post-data-list",
        "put-headers",
        "files-with-data-dict",
        "files-with-data-list",
        "text-plain-data-dict",
        "json",
    ],
)
@pytest.mark.parametrize("header_auth", [False, True], ids=["no-header-auth", "header-auth"])
def test_oauth1_never_mutates_the_callers_containers(oauth1, adapter, header_auth, method, kwargs):
    kwargs = copy.deepcopy(kwargs)  # parametrize shares the object between tests
    before = copy.deepcopy(kwargs)
    oauth1.request(method, URL, header_auth=header_auth, **kwargs)
    assert kwargs == before
    assert_signed(adapter.last)


# --- OAuth 1: bad input ------------------------------------------------------------


@pytest.mark.parametrize(
    ("session_args", "message"),
    [
        ((None, CS), "consumer_key must be a str, not NoneType"),
        ((CK, None), "consumer_secret must be a str, not NoneType"),
        ((CK, 271828182845), "consumer_secret must be a str, not int"),
        ((CK, CS, 3.14159265358), "access_token must be a str, not float"),
        ((CK, CS, TOK, 161803398874), "access_token_secret must be a str or None, not int"),
    ],
    ids=[
        "consumer-key-none",
        "consumer-secret-none",
        "consumer-secret-int",
        "token",
        "token-secret",
    ],
)
def test_oauth1_bad_credentials_raise_type_error_without_the_value(mount, session_args, message):
    session = mount(OAuth1Session(*session_args))
    with pytest.raises(TypeError, match=message) as excinfo:
        session.get(URL)
    for value in ("271828182845", "3.14159265358", "161803398874", CS):
        assert value not in str(excinfo.value)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.request("GET", None), "url must be str or bytes, not NoneType"),
        (lambda s: s.request(None, URL), "method must be str or bytes, not NoneType"),
        (lambda s: s.get(URL, header_auth=True, realm=5), "realm must be str or bytes, not int"),
        (lambda s: s.get(URL, params=5), "params and form data must be a dict"),
    ],
    ids=["url", "method", "realm", "params"],
)
def test_oauth1_bad_request_arguments_raise_type_error(oauth1, call, message):
    with pytest.raises(TypeError, match=message):
        call(oauth1)


@pytest.mark.parametrize("signature", ["HMAC-SHA1", 42], ids=["name", "int"])
def test_oauth1_signature_that_is_not_a_signature_method_is_a_type_error(signature):
    # rauth 0.7 called signature() at once, raising TypeError for these
    with pytest.raises(TypeError):
        OAuth1Session(CK, CS, signature=signature)


# --- OAuth 1: redirects -----------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "kwargs", "status", "placement"),
    [
        ("GET", {}, 302, "query"),
        ("GET", {"header_auth": True, "realm": "R"}, 302, "header"),
        ("POST", {"data": {"a": "1"}}, 307, "body"),
        ("POST", {"data": {"a": "1"}}, 302, "query"),
    ],
    ids=["query", "header", "body-307", "body-302-becomes-get"],
)
def test_oauth1_same_host_redirect_is_signed_again_with_a_fresh_nonce(
    oauth1, adapter, method, kwargs, status, placement
):
    adapter.respond(status=status, headers={"Location": "/moved?m=1"})
    oauth1.request(method, URL, **kwargs)
    first, second = adapter.requests
    assert second.url.startswith("http://example.com/moved?m=1")
    assert assert_signed(second) == placement
    assert sent_oauth(second)[1]["oauth_nonce"] != sent_oauth(first)[1]["oauth_nonce"]
    if placement == "header":
        assert second.headers["Authorization"].startswith('OAuth realm="R",')


@pytest.mark.parametrize(
    "kwargs", [{}, {"header_auth": True}, {"data": {"a": "1"}}], ids=["query", "header", "body"]
)
def test_oauth1_redirect_to_another_host_carries_no_credentials(oauth1, adapter, kwargs):
    adapter.respond(status=307, headers={"Location": "http://elsewhere.example/x?m=1"})
    oauth1.request("POST" if "data" in kwargs else "GET", URL, **kwargs)
    second = adapter.requests[1]
    assert second.url.startswith("http://elsewhere.example/x?m=1")
    assert "Authorization" not in second.headers
    assert _oauth(_query_pairs(second)) == {}
    assert _oauth(_body_pairs(second)) == {}
    assert TOK not in (second.url + str(second.body))


def test_oauth1_redirect_of_an_unsigned_request_stays_unsigned(oauth1, adapter):
    # a URL that already carries an oauth_signature parameter is sent as it
    # is (rauth 0.7's guard against signing twice), and so is its redirect
    adapter.respond(status=302, headers={"Location": "/moved"})
    oauth1.get("http://example.com/r?oauth_signature=presigned")
    first, second = adapter.requests
    assert first.url == "http://example.com/r?oauth_signature=presigned"
    assert second.url == "http://example.com/moved"
    assert "Authorization" not in second.headers


def test_oauth1_url_merely_mentioning_oauth_signature_is_signed(oauth1, adapter):
    # only a parameter named oauth_signature counts as a signature
    oauth1.get("http://example.com/r?note=oauth_signature")
    assert "oauth_signature" in dict(_query_pairs(adapter.last))


# --- OAuth 2 -------------------------------------------------------------------


@pytest.fixture
def oauth2(mount):
    return mount(OAuth2Session("client-id", "CLIENT-SECRET", access_token="ACCESS-TOKEN"))


@pytest.mark.parametrize("params_id", list(PARAMS))
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_oauth2_bearer_header(oauth2, adapter, method, params_id):
    oauth2.request(method, URL, **_kwargs(params_id))
    sent = adapter.last
    assert sent.headers["Authorization"] == "Bearer ACCESS-TOKEN"
    assert _query_pairs(sent) == PARAMS[params_id][1]


@pytest.mark.parametrize("params_id", list(PARAMS))
@pytest.mark.parametrize(
    ("key", "expected_key"),
    [(None, "access_token"), ("oauth_token", "oauth_token")],
    ids=["default-key", "custom-key"],
)
def test_oauth2_bearer_auth_false_puts_the_token_in_the_query(
    mount, adapter, key, expected_key, params_id
):
    session = mount(OAuth2Session("id", "sec", "ACCESS-TOKEN", access_token_key=key))
    session.get(URL, bearer_auth=False, **_kwargs(params_id))
    sent = adapter.last
    assert "Authorization" not in sent.headers
    assert _query_pairs(sent) == [*PARAMS[params_id][1], (expected_key, "ACCESS-TOKEN")]


def test_oauth2_without_token_sends_no_credentials(mount, adapter):
    mount(OAuth2Session("id", "sec")).get(URL, params={"a": "1"})
    sent = adapter.last
    assert "Authorization" not in sent.headers
    assert _query_pairs(sent) == [("a", "1")]


def test_oauth2_body_is_untouched(oauth2, adapter):
    oauth2.post(URL, data={"d": "1"})
    assert adapter.last.body == "d=1"
    oauth2.post(URL, json={"j": 1})
    assert adapter.last.body == b'{"j": 1}'


def test_oauth2_bytes_token(mount, adapter):
    mount(OAuth2Session(access_token=b"tok")).get(URL)
    assert adapter.last.headers["Authorization"] == "Bearer tok"


@pytest.mark.parametrize("bearer_auth", [True, False], ids=["bearer", "query"])
def test_oauth2_never_mutates_the_callers_params(oauth2, bearer_auth):
    params = {"a": "1"}
    pairs = [("a", "1")]
    oauth2.get(URL, params=params, bearer_auth=bearer_auth)
    oauth2.get(URL, params=pairs, bearer_auth=bearer_auth)
    assert params == {"a": "1"}
    assert pairs == [("a", "1")]


def test_oauth2_non_string_token_is_a_type_error(mount):
    session = mount(OAuth2Session(access_token=1234567))
    with pytest.raises(TypeError, match="access_token must be a str, not int") as excinfo:
        session.get(URL)
    assert "1234567" not in str(excinfo.value)


# --- Ofly -----------------------------------------------------------------------

APP_ID, APP_SECRET, USER_ID = "app-id", "APP-SECRET", "user-id"


def ofly_signature(path: str, params: dict, ofly_params: dict, hash_function=hashlib.sha1) -> str:
    """The Ofly recipe: hash of app_secret + path + '?' + sorted params & sorted ofly params."""

    def joined(d: dict) -> str:
        return "&".join(f"{k}={d[k]}" for k in sorted(d))

    base = APP_SECRET + path + "?"
    if params:
        base += joined(params) + "&"
    base += joined(ofly_params)
    return hash_function(base.encode("utf-8")).hexdigest()


@pytest.fixture
def fixed_datetime(monkeypatch):
    monkeypatch.setattr(rauth.session, "datetime", _FixedDatetime)


@pytest.fixture
def ofly(mount):
    return mount(OflySession(APP_ID, APP_SECRET, user_id=USER_ID))


@pytest.mark.parametrize(
    ("hash_meth", "hash_function", "written"),
    [
        ("sha1", hashlib.sha1, "SHA1"),
        ("md5", hashlib.md5, "MD5"),
        ("SHA1", hashlib.sha1, "SHA1"),
        ("Md5", hashlib.md5, "MD5"),
    ],
    ids=["sha1", "md5", "upper-sha1", "mixed-md5"],
)
def test_ofly_query_is_the_signed_sorted_parameters(
    ofly, adapter, fixed_datetime, hash_meth, hash_function, written
):
    ofly.get(
        "http://example.com/api/user?ignored=1", params={"q": "x", "a": "1"}, hash_meth=hash_meth
    )
    ofly_params = {
        "oflyAppId": APP_ID,
        "oflyHashMeth": written,
        "oflyTimestamp": "1900-01-01T00:00:00.0Z",
    }
    # the URL's own query is signed too (rauth 0.7 left it out, and got a 401)
    params = {"a": "1", "ignored": "1", "oflyUserid": USER_ID, "q": "x"}
    api_sig = ofly_signature("/api/user", params, ofly_params, hash_function)
    assert adapter.last.url == (
        "http://example.com/api/user?a=1&ignored=1&"
        f"oflyApiSig={api_sig}&oflyAppId=app-id&oflyHashMeth={written}&"
        "oflyTimestamp=1900-01-01T00:00:00.0Z&oflyUserid=user-id&q=x"
    )


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (dt.datetime(1900, 1, 1), "1900-01-01T00:00:00.0Z"),
        (dt.datetime(2013, 5, 6, 7, 8, 9, 5000), "2013-05-06T07:08:09.5Z"),
        (dt.datetime(2013, 12, 31, 23, 59, 59, 123999), "2013-12-31T23:59:59.123Z"),
    ],
    ids=["1900", "5-millis-unpadded", "truncated-millis"],
)
def test_ofly_timestamp_format_comes_from_the_datetime_seam(
    ofly, adapter, monkeypatch, moment, written
):
    class Moment(_FixedDatetime):
        pass

    Moment.moment = moment
    monkeypatch.setattr(rauth.session, "datetime", Moment)
    ofly.get(URL)
    assert dict(_query_pairs(adapter.last))["oflyTimestamp"] == written


def test_ofly_timestamp_default_is_now_in_utc(ofly, adapter):
    before = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    ofly.get(URL)
    stamp = dict(_query_pairs(adapter.last))["oflyTimestamp"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,3}Z", stamp)
    parsed = dt.datetime.strptime(stamp.split(".")[0], "%Y-%m-%dT%H:%M:%S")
    assert before <= parsed <= before + dt.timedelta(seconds=5)


@pytest.mark.parametrize(
    ("seam", "hash_meth"), [("sha1", "sha1"), ("md5", "md5")], ids=["sha1", "md5"]
)
def test_ofly_hash_seams_are_looked_up_at_call_time(
    ofly, adapter, fixed_datetime, monkeypatch, seam, hash_meth
):
    monkeypatch.setattr(rauth.session, seam, hashlib.sha256)
    ofly.get(URL, hash_meth=hash_meth)
    sent = dict(_query_pairs(adapter.last))
    ofly_params = {
        k: v for k, v in sent.items() if k in ("oflyAppId", "oflyHashMeth", "oflyTimestamp")
    }
    expected = ofly_signature("/resource", {"oflyUserid": USER_ID}, ofly_params, hashlib.sha256)
    assert sent["oflyApiSig"] == expected


OFLY_PARAMS = {
    "absent": {},
    "none": {"params": None},
    "dict": {"params": {"a": "1", "b": "x y"}},
    "list": {"params": [("a", "1"), ("b", "x y")]},
    "str": {"params": "a=1&b=x%20y"},
    "bytes": {"params": b"a=1&b=x%20y"},
}


@pytest.mark.parametrize("params_id", list(OFLY_PARAMS))
def test_ofly_params_forms(ofly, adapter, params_id):
    ofly.get(URL, **copy.deepcopy(OFLY_PARAMS[params_id]))
    sent = dict(_query_pairs(adapter.last))
    given = {} if params_id in ("absent", "none") else {"a": "1", "b": "x y"}
    params = {**given, "oflyUserid": USER_ID}
    ofly_params = {k: sent[k] for k in ("oflyAppId", "oflyHashMeth", "oflyTimestamp")}
    assert sent["oflyApiSig"] == ofly_signature("/resource", params, ofly_params)
    assert sent == {**params, **ofly_params, "oflyApiSig": sent["oflyApiSig"]}


@pytest.mark.parametrize(
    "value",
    ["x y", "café", "a+b", "a&b=c", "50%"],
    ids=["space", "unicode", "plus", "amp", "percent"],
)
def test_ofly_query_decodes_to_the_signed_values(ofly, adapter, value):
    ofly.get(URL, params={"q": value})
    sent = dict(_query_pairs(adapter.last))
    assert sent["q"] == value
    params = {"oflyUserid": USER_ID, "q": value}
    ofly_params = {k: sent[k] for k in ("oflyAppId", "oflyHashMeth", "oflyTimestamp")}
    assert sent["oflyApiSig"] == ofly_signature("/resource", params, ofly_params)


def test_ofly_none_values_are_dropped(ofly, adapter):
    ofly.get(URL, params={"a": None, "b": "1"})
    sent = dict(_query_pairs(adapter.last))
    assert "a" not in sent
    ofly_params = {k: sent[k] for k in ("oflyAppId", "oflyHashMeth", "oflyTimestamp")}
    assert sent["oflyApiSig"] == ofly_signature(
        "/resource", {"b": "1", "oflyUserid": USER_ID}, ofly_params
    )


def test_ofly_body_is_not_signed_and_untouched(ofly, adapter):
    ofly.post(URL, data={"d": "1"})
    assert adapter.last.body == "d=1"
    assert "d" not in dict(_query_pairs(adapter.last))


def test_ofly_user_id_of_the_request_wins(ofly, adapter):
    ofly.get(URL, user_id="other-user")
    assert dict(_query_pairs(adapter.last))["oflyUserid"] == "other-user"


def test_ofly_never_mutates_the_callers_params(ofly):
    params = {"a": "1"}
    ofly.get(URL, params=params)
    assert params == {"a": "1"}


def test_ofly_missing_user_id(mount):
    session = mount(OflySession(APP_ID, APP_SECRET))
    with pytest.raises(MissingUserIdError) as excinfo:
        session.get(URL)
    assert isinstance(excinfo.value, AssertionError)  # rauth 0.7 used assert
    assert isinstance(excinfo.value, ValueError)
    assert str(excinfo.value) == "An oflyUserid must be provided as `user_id`."


@pytest.mark.parametrize("hash_meth", ["sha256", None, ""], ids=["sha256", "none", "empty"])
def test_ofly_bad_hash_meth(ofly, hash_meth):
    with pytest.raises(TypeError) as excinfo:
        ofly.get(URL, hash_meth=hash_meth)
    assert str(excinfo.value) == 'hash_meth must be one of "sha1", "md5"'


def test_ofly_sign_static_method_with_bytes_secret(fixed_datetime):
    signed = OflySession.sign("http://e.com/p", APP_ID, APP_SECRET.encode(), x="1")
    ofly_params = {
        "oflyAppId": APP_ID,
        "oflyHashMeth": "SHA1",
        "oflyTimestamp": "1900-01-01T00:00:00.0Z",
    }
    sig = ofly_signature("/p", {"x": "1"}, ofly_params)
    assert signed == (
        f"oflyApiSig={sig}&oflyAppId=app-id&oflyHashMeth=SHA1&"
        "oflyTimestamp=1900-01-01T00:00:00.0Z&x=1"
    )


def test_ofly_none_app_secret_is_a_type_error(mount):
    session = mount(OflySession(APP_ID, None, user_id=USER_ID))
    with pytest.raises(TypeError, match="app_secret must be str or bytes, not NoneType"):
        session.get(URL)


def test_ofly_none_app_id_is_a_type_error(mount, adapter):
    session = mount(OflySession(None, APP_SECRET, user_id=USER_ID))
    with pytest.raises(TypeError):
        session.get(URL)
    assert adapter.requests == []


# --- all sessions: URLs, timeouts, pickling, repr ---------------------------------


def _sessions(service=None):
    return [
        OAuth1Session(CK, CS, TOK, TS, service=service),
        OAuth2Session("id", "CLIENT-SECRET", "ACCESS-TOKEN", service=service),
        OflySession(APP_ID, APP_SECRET, USER_ID, service=service),
    ]


SESSION_IDS = ["oauth1", "oauth2", "ofly"]


class _Service:
    base_url = "http://example.com/api/v1/"


@pytest.mark.parametrize("index", range(3), ids=SESSION_IDS)
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("users/me", "http://example.com/api/v1/users/me"),
        (b"users/me", "http://example.com/api/v1/users/me"),
        ("/root", "http://example.com/root"),
        ("https://other.example/x", "https://other.example/x"),
    ],
    ids=["relative", "relative-bytes", "absolute-path", "absolute-url"],
)
def test_relative_urls_are_joined_to_the_service_base_url(mount, adapter, index, url, expected):
    session = mount(_sessions(_Service())[index])
    session.get(url)
    assert adapter.last.url.split("?")[0] == expected


@pytest.mark.parametrize("index", range(3), ids=SESSION_IDS)
def test_relative_url_without_base_url_is_an_error_from_requests(mount, index):
    session = mount(_sessions(None)[index])
    with pytest.raises(requests.exceptions.MissingSchema):
        session.get("users/me")


@pytest.mark.parametrize("index", range(3), ids=SESSION_IDS)
def test_default_timeout_is_300_seconds(mount, adapter, index):
    session = mount(_sessions()[index])
    session.get(URL)
    assert adapter.send_kwargs[-1]["timeout"] == 300.0
    session.get(URL, timeout=(3.05, 27))
    assert adapter.send_kwargs[-1]["timeout"] == (3.05, 27)


def test_default_timeout_constants():
    assert rauth.session.OAUTH1_DEFAULT_TIMEOUT == 300.0
    assert rauth.session.OAUTH2_DEFAULT_TIMEOUT == 300.0
    assert rauth.session.OFLY_DEFAULT_TIMEOUT == 300.0


@pytest.mark.parametrize("index", range(3), ids=SESSION_IDS)
def test_sessions_are_requests_sessions(index):
    assert isinstance(_sessions()[index], Session)


@pytest.mark.parametrize("index", range(3), ids=SESSION_IDS)
def test_repr_shows_no_secret(index):
    session = _sessions(OAuth1Service(CK, CS))[index]
    text = repr(session)
    assert text.startswith(f"<{type(session).__name__} ")
    for secret in (CS, TS, "CLIENT-SECRET", "ACCESS-TOKEN", APP_SECRET):
        assert secret not in text


def test_oauth1_session_pickles_into_a_working_session(mount, adapter):
    service = OAuth1Service(CK, CS, base_url="http://example.com/api/")
    session = OAuth1Session(CK, CS, TOK, TS, service=service)
    session.access_token_response = requests.Response()
    session.headers["X-Custom"] = "kept"
    restored = pickle.loads(pickle.dumps(session))
    assert type(restored) is OAuth1Session
    assert (restored.consumer_key, restored.consumer_secret) == (CK, CS)
    assert (restored.access_token, restored.access_token_secret) == (TOK, TS)
    assert restored.signature.NAME == "HMAC-SHA1"
    assert restored.service.base_url == "http://example.com/api/"
    assert restored.access_token_response is None
    assert restored.request_token_response is None
    mount(restored).get("things", header_auth=True)
    assert adapter.last.url == "http://example.com/api/things"
    assert adapter.last.headers["X-Custom"] == "kept"
    assert_signed(adapter.last)


def test_oauth2_session_pickles_into_a_working_session(mount, adapter):
    session = OAuth2Session("id", "sec", "ACCESS-TOKEN", access_token_key="token")
    session.access_token_response = requests.Response()
    restored = pickle.loads(pickle.dumps(session))
    assert (restored.client_id, restored.client_secret) == ("id", "sec")
    assert restored.access_token_key == "token"
    assert restored.access_token_response is None
    mount(restored).get(URL, bearer_auth=False)
    assert _query_pairs(adapter.last) == [("token", "ACCESS-TOKEN")]


def test_ofly_session_pickles_into_a_working_session(mount, adapter):
    service = OflyService(APP_ID, APP_SECRET, base_url="http://example.com/api/")
    restored = pickle.loads(pickle.dumps(service.get_session(USER_ID)))
    assert (restored.app_id, restored.app_secret, restored.user_id) == (APP_ID, APP_SECRET, USER_ID)
    mount(restored).get("x")
    assert adapter.last.url.startswith("http://example.com/api/x?oflyApiSig=")


def test_oauth2_session_pickled_by_rauth_07_unpickles_into_a_working_session(mount, adapter):
    # rauth 0.7.2's OAuth2Session.__attrs__ had no access_token_key: this is
    # the state its __getstate__ wrote, which pickle hands to __setstate__.
    state = {attr: getattr(Session(), attr) for attr in Session.__attrs__}
    state.update(service=None, client_id="id", client_secret="sec", access_token="AT")
    session = OAuth2Session.__new__(OAuth2Session)
    session.__setstate__(state)
    assert session.access_token_response is None
    mount(session).get(URL, bearer_auth=False)
    assert _query_pairs(adapter.last) == [("access_token", "AT")]


def test_rauth_session_repr_and_service():
    plain = rauth.session.RauthSession()
    assert plain.service is None
    assert repr(plain) == "<RauthSession >"


def test_oauth1_default_signature_is_looked_up_at_session_creation(mount, adapter, monkeypatch):
    # a test written for rauth 0.7 may replace the whole class, not only sign
    class Fixed:
        NAME = "HMAC-SHA1"

        def sign(self, *args: object) -> str:
            return "fixed-signature"

    monkeypatch.setattr(rauth.session, "HmacSha1Signature", Fixed)
    session = mount(OAuth1Session("key", "secret"))
    session.get("http://example.com/r")
    assert dict(_query_pairs(adapter.last))["oauth_signature"] == "fixed-signature"
