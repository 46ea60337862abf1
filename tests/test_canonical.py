"""rauth.canonical: the escaped pairs of form-encoded text read by splitting
it are exactly those of the general path (decode each name and value, then
escape it) and of oauthlib's parser and escape, for every text it accepts;
it accepts exactly the canonical texts (an independent pattern here says
which), among them everything requests' own encoder writes; and
rauth.OAuth1 puts byte for byte the same request on the wire with it as
with the general path, which oauthlib verifies.
"""

from __future__ import annotations

import re
import tracemalloc
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oauthlib.oauth1.rfc5849 import signature as oauthlib_signature
from oauthlib.oauth1.rfc5849.utils import escape as oauthlib_escape
from requests.models import RequestEncodingMixin
from signing_support import (
    RSA_PRIVATE_KEY_PEM,
    Credentials,
    oauthlib_verifies,
    read_wire,
    wire_body,
)

import rauth.oauth
import rauth.session
from rauth import OAuth1
from rauth.canonical import escaped_form_pairs
from rauth.oauth import HmacSha1Signature, HmacSha256Signature, RsaSha1Signature
from rauth.utils import _split_form, escape

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Pieces of form text: canonical ones (unreserved characters, "+", "=",
#: "&", upper-case escapes of other octets, UTF-8 or not) and the ones the
#: general path must take (lower-case hex, escaped unreserved characters,
#: bare or short "%", characters requests would have escaped, non-ASCII).
CANONICAL_PIECES = [
    "a", "Z", "9", "-", ".", "_", "~", "+", "=", "&",
    "%20", "%2B", "%25", "%3D", "%26", "%2F", "%C3%A9", "%E2%82%AC", "%FF", "%C3", "%00", "%7F",
]  # fmt: skip
OTHER_PIECES = [
    "%41", "%7E", "%2D", "%2E", "%5F", "%30", "%61", "%7A",
    "%2f", "%c3%a9", "%e9", "%Ff", "%", "%4", "%G1", "%%", "*", ";", "!", "'", " ",
    "\\", "\\x41", "\u00e9", "\u20ac",
]  # fmt: skip
#: A text that only the general path gives its meaning (by that piece).
OTHER_TEXTS = [f"a=1&b{piece}=x{piece}y" for piece in OTHER_PIECES]

PIECES = st.sampled_from(CANONICAL_PIECES + OTHER_PIECES)
TEXTS = st.lists(PIECES, max_size=30).map("".join)
MOSTLY_CANONICAL = st.lists(st.sampled_from(CANONICAL_PIECES), max_size=30).map("".join)

#: Canonical text, as its definition says (written independently of
#: rauth.canonical): unreserved characters, "+", "=", "&", and "%" with two
#: upper-case hex digits of an octet that is not unreserved.
_UNRESERVED_OCTET = "2[DE]|3[0-9]|4[1-9A-F]|5[0-9AF]|6[1-9A-F]|7[0-9AE]"
CANONICAL = re.compile(rf"(?:[A-Za-z0-9._~+=&-]|%(?!{_UNRESERVED_OCTET})[0-9A-F]{{2}})*")


def general_pairs(text: str | bytes) -> list[tuple[str, str]]:
    """The escaped pairs of the general path: decode, then escape."""
    return [(escape(name), escape(value)) for name, value in _split_form(text)]


@SETTINGS
@given(text=st.one_of(TEXTS, MOSTLY_CANONICAL), as_bytes=st.booleans())
def test_the_split_is_the_general_path_for_exactly_the_canonical_texts(
    text: str, as_bytes: bool
) -> None:
    form: str | bytes = text.encode("utf-8") if as_bytes else text
    pairs = escaped_form_pairs(form)
    assert (pairs is not None) == bool(CANONICAL.fullmatch(text))
    if pairs is not None:
        assert pairs == general_pairs(form)


@pytest.mark.parametrize("text", OTHER_TEXTS, ids=OTHER_PIECES)
def test_texts_whose_meaning_needs_decoding_take_the_general_path(text: str) -> None:
    assert escaped_form_pairs(text) is None
    assert escaped_form_pairs(text.encode("utf-8")) is None


def test_bytes_that_are_not_ascii_take_the_general_path() -> None:
    assert escaped_form_pairs(b"a=\xff&b=%FF") is None
    assert escaped_form_pairs(b"a=%FF&b=%C3") == [("a", "%FF"), ("b", "%C3")]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        pytest.param("", [], id="empty"),
        pytest.param("&&", [], id="empty-fields"),
        pytest.param("a&b=", [("a", ""), ("b", "")], id="empty-values"),
        pytest.param("=v&=", [("", "v"), ("", "")], id="empty-names"),
        pytest.param("a=1&a=2&a=1", [("a", "1"), ("a", "2"), ("a", "1")], id="repeated"),
        pytest.param("a=b=c&d==", [("a", "b%3Dc"), ("d", "%3D")], id="equals-in-values"),
        pytest.param("a+b=c+%20d", [("a%20b", "c%20%20d")], id="plus-and-%20"),
        pytest.param("q=caf%C3%A9", [("q", "caf%C3%A9")], id="utf-8"),
    ],
)
def test_fields_are_read_as_the_general_path_reads_them(
    text: str, pairs: list[tuple[str, str]]
) -> None:
    assert escaped_form_pairs(text) == pairs == general_pairs(text)


def _valid_utf8(text: str) -> bool:
    try:
        for name, value in _split_form(text):
            name.decode("utf-8")
            value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@SETTINGS
@given(text=MOSTLY_CANONICAL)
def test_the_split_is_oauthlibs_reading_and_escaping(text: str) -> None:
    pairs = escaped_form_pairs(text)
    assert pairs is not None
    if not _valid_utf8(text):
        return  # oauthlib reads parameters as UTF-8 text only
    oauthlib_pairs = oauthlib_signature.collect_parameters(body=text)
    assert pairs == [
        (oauthlib_escape(name), oauthlib_escape(value)) for name, value in oauthlib_pairs
    ]


_encode_params = RequestEncodingMixin._encode_params
FORM_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@SETTINGS
@given(
    form=st.lists(
        st.tuples(FORM_TEXT, st.one_of(FORM_TEXT, st.binary(max_size=8), st.integers())),
        max_size=8,
    )
)
def test_requests_encoding_is_always_read_by_splitting(form: list[tuple[str, Any]]) -> None:
    encoded = _encode_params(form)
    pairs = escaped_form_pairs(encoded)
    assert pairs is not None
    assert pairs == general_pairs(encoded)


# ------------------------------------------------------------ OAuth1 signs the same


CONSUMER_KEY, SECRET, TOKEN, TOKEN_SECRET = "key", "consumer-secret", "token", "token-secret"
URL = "https://api.example.com/1/items"


class GeneralHmacSha1(HmacSha1Signature):
    """HMAC-SHA1 with a ``sign`` of its own: OAuth1 gives it the body itself."""

    def sign(self, *args: Any) -> str:
        return super().sign(*args)


def _signed(signature: Any, placement: str, method: str, url: str, body: str | bytes) -> Any:
    auth = OAuth1(
        CONSUMER_KEY, SECRET, TOKEN, TOKEN_SECRET, signature=signature, placement=placement
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return requests.Request(method, url, data=body, headers=headers, auth=auth).prepare()


@SETTINGS
@given(
    body=st.one_of(TEXTS, MOSTLY_CANONICAL),
    query=st.one_of(TEXTS, MOSTLY_CANONICAL),
    as_bytes=st.booleans(),
    placement=st.sampled_from(["header", "query", "body"]),
    method=st.sampled_from(["POST", "PUT", "PATCH"]),
)
def test_oauth1_sends_what_the_general_path_signs_and_oauthlib_verifies(
    body: str, query: str, as_bytes: bool, placement: str, method: str
) -> None:
    form: str | bytes = body.encode("utf-8") if as_bytes else body
    url = f"{URL}?{query}" if query else URL
    with pytest.MonkeyPatch.context() as patch:  # the same nonce and timestamp for both
        patch.setattr(rauth.session, "random", lambda: 0.5)
        patch.setattr(rauth.session, "time", lambda: 1_700_000_000.0)
        fast = _signed(HmacSha1Signature(), placement, method, url, form)
        general = _signed(GeneralHmacSha1(), placement, method, url, form)
    assert (fast.method, fast.url, fast.body) == (general.method, general.url, general.body)
    assert dict(fast.headers) == dict(general.headers)
    assert fast.headers["Content-Length"] == str(len(wire_body(fast)))
    try:
        wire = read_wire(fast)
    except (ValueError, UnicodeError):
        return  # not form-encoded text oauthlib can parse
    if _valid_utf8(body) and _valid_utf8(query):  # oauthlib reads UTF-8 only
        assert oauthlib_verifies(
            wire, Credentials("HMAC-SHA1", CONSUMER_KEY, SECRET, TOKEN, TOKEN_SECRET)
        )


@pytest.mark.parametrize(
    ("signature", "credentials"),
    [
        pytest.param(HmacSha256Signature, ("HMAC-SHA256", SECRET, TOKEN_SECRET), id="hmac-sha256"),
        pytest.param(RsaSha1Signature, ("RSA-SHA1", RSA_PRIVATE_KEY_PEM, None), id="rsa-sha1"),
    ],
)
def test_other_signature_methods_sign_a_canonical_form_oauthlib_verifies(
    signature: Any, credentials: tuple[str, str, str | None]
) -> None:
    name, secret, token_secret = credentials
    auth = OAuth1(CONSUMER_KEY, secret, TOKEN, token_secret, signature=signature, placement="body")
    data = {"q": "caf\u00e9 & bar=baz", "n": "1", "empty": ""}
    prepared = requests.Request("POST", f"{URL}?a=1+2&b=%2F", data=data, auth=auth).prepare()
    assert escaped_form_pairs(prepared.body) is not None
    wire = read_wire(prepared)
    assert oauthlib_verifies(wire, Credentials(name, CONSUMER_KEY, secret, TOKEN, token_secret))


def _decoded_texts(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record each text the signer's general path decodes."""
    decoded: list[Any] = []

    def split_form(text: Any) -> Any:
        decoded.append(text)
        return _split_form(text)

    monkeypatch.setattr(rauth.oauth, "_split_form", split_form)
    return decoded


@pytest.mark.parametrize(
    ("body", "takes_the_general_path"),
    [
        pytest.param("q=caf%C3%A9+%26+bar&n=1", False, id="canonical"),
        pytest.param(b"q=caf%C3%A9+%26+bar&n=1", False, id="canonical-bytes"),
        pytest.param("q=%2f", True, id="lower-case-hex"),
        pytest.param("q=%41", True, id="escaped-unreserved"),
        pytest.param("q=*", True, id="star"),
    ],
)
def test_only_a_body_that_is_not_canonical_is_decoded_to_be_signed(
    monkeypatch: pytest.MonkeyPatch, body: str | bytes, takes_the_general_path: bool
) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    prepared = requests.Request("POST", URL, data=body, headers=headers).prepare()
    decoded = _decoded_texts(monkeypatch)
    OAuth1(CONSUMER_KEY, SECRET, TOKEN, TOKEN_SECRET)(prepared)
    assert (body in decoded) is takes_the_general_path
    wire = read_wire(prepared)
    assert oauthlib_verifies(
        wire, Credentials("HMAC-SHA1", CONSUMER_KEY, SECRET, TOKEN, TOKEN_SECRET)
    )


def test_a_patched_sign_is_called_with_the_body_as_rauth_07_gave_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []
    original = HmacSha1Signature.sign

    def sign(self: Any, *args: Any) -> str:
        calls.append(args)
        return original(self, *args)

    monkeypatch.setattr(HmacSha1Signature, "sign", sign)
    monkeypatch.setattr(rauth.session, "time", lambda: 1_234_567_890.0)
    auth = OAuth1(CONSUMER_KEY, SECRET, TOKEN, TOKEN_SECRET, placement="body")
    prepared = requests.Request("POST", URL, data={"q": "a b"}, auth=auth).prepare()
    assert len(calls) == 1
    assert calls[0][5]["data"] == "q=a+b"
    assert "oauth_timestamp=1234567890" in prepared.body
    wire = read_wire(prepared)
    assert oauthlib_verifies(
        wire, Credentials("HMAC-SHA1", CONSUMER_KEY, SECRET, TOKEN, TOKEN_SECRET)
    )


#: The most memory signing a large canonical form may take, in bodies'
#: worth: the base string is built (as text, then its octets) and the body
#: copied once with the OAuth parameters; decoding and escaping each value
#: again took over twenty.
MAX_BODIES = 6


@pytest.mark.parametrize("value", ["x" * 2**20, "lorem ipsum & dolor=sit/amet " * 36000])
def test_signing_a_large_form_takes_a_few_bodies_of_memory(value: str) -> None:
    auth = OAuth1(CONSUMER_KEY, SECRET, TOKEN, TOKEN_SECRET, placement="body")
    prepared = requests.Request("POST", URL, data={"title": "t", "payload": value}).prepare()
    size = len(prepared.body)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        auth(prepared)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert peak <= MAX_BODIES * size, f"{peak / size:.1f} bodies"
    assert prepared.headers["Content-Length"] == str(len(prepared.body))


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("q=caf%C3%A9", id="ascii"),
        pytest.param("q=caf\u00e9", id="not-ascii"),
        pytest.param(b"q=caf\xc3\xa9", id="bytes"),
        pytest.param("", id="empty"),
    ],
)
def test_the_content_length_is_the_length_on_the_wire(body: str | bytes) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    prepared = requests.Request("POST", URL, data=body, headers=headers).prepare()
    OAuth1(CONSUMER_KEY, SECRET, TOKEN, TOKEN_SECRET, placement="body")(prepared)  # as it is
    assert prepared.headers["Content-Length"] == str(len(wire_body(prepared)))
