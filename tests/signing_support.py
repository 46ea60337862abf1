"""Shared helpers of the OAuth 1 signing tests (``tests/test_signing_*.py``).

- :class:`CaptureAdapter` is a requests transport that records the
  :class:`~requests.PreparedRequest` instead of sending it.
- :func:`generate_case` builds a random request for rauth's public API. It is
  written once against the small :class:`Chooser` interface, so hypothesis
  (:class:`DrawChooser`, which shrinks failures) and a seeded
  :class:`random.Random` (:class:`RandomChooser`, the stress run) share it.
- :func:`check_case` sends a case through ``OAuth1Session.request`` and checks
  what went on the wire with oauthlib's server-side verifier, the reference
  RFC 5849 implementation: a problem is described with oauthlib's base string
  next to :func:`rauth.oauth.signature_base_string`.

oauthlib limits what can be generated in two places, both oauthlib quirks
rather than RFC rules: it decodes ``oauth_*`` values of the query and body
twice (so ``%`` stays out of the consumer key, token and verifier unless they
travel in the header, where it decodes them once), and it decodes parameters
as UTF-8 text (so generated octets are valid UTF-8).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

import requests
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from oauthlib.common import Request as OAuthlibRequest
from oauthlib.common import urldecode
from oauthlib.oauth1.rfc5849 import signature as oauthlib_signature
from oauthlib.oauth1.rfc5849.utils import parse_authorization_header
from requests.adapters import BaseAdapter
from urllib3.util.request import body_to_chunks

from rauth.oauth import (
    HmacSha1Signature,
    HmacSha256Signature,
    HmacSha512Signature,
    PlaintextSignature,
    RsaSha1Signature,
    RsaSha256Signature,
    RsaSha512Signature,
    SignatureMethod,
    signature_base_string,
)
from rauth.session import OAuth1Session

T = TypeVar("T")

DATA = Path(__file__).parent / "data"

#: The key pair of the RSA methods: rauth signs with the private key,
#: oauthlib verifies with the public one.
RSA_PRIVATE_KEY_PEM = (DATA / "signing_rsa_private_key.pem").read_text("ascii")
RSA_PUBLIC_KEY_PEM = (DATA / "signing_rsa_public_key.pem").read_text("ascii")
RSA_PRIVATE_KEY = load_pem_private_key(RSA_PRIVATE_KEY_PEM.encode("ascii"), password=None)

#: rauth's signature methods by ``oauth_signature_method`` name.
SIGNATURE_METHODS: dict[str, type[SignatureMethod]] = {
    cls.NAME: cls
    for cls in (
        HmacSha1Signature,
        HmacSha256Signature,
        HmacSha512Signature,
        RsaSha1Signature,
        RsaSha256Signature,
        RsaSha512Signature,
        PlaintextSignature,
    )
}
RSA_METHODS = frozenset(("RSA-SHA1", "RSA-SHA256", "RSA-SHA512"))

#: Where rauth puts the OAuth parameters (RFC 5849 sections 3.5.1 to 3.5.3).
PLACEMENTS = ("header", "body", "query")

FORM = "application/x-www-form-urlencoded"
ENTITY_METHODS = ("POST", "PUT", "PATCH")
OTHER_METHODS = ("GET", "DELETE", "HEAD", "OPTIONS")
PROTOCOL_PARAMS = frozenset(
    (
        "oauth_consumer_key",
        "oauth_token",
        "oauth_signature_method",
        "oauth_signature",
        "oauth_timestamp",
        "oauth_nonce",
        "oauth_version",
        "oauth_callback",
        "oauth_verifier",
    )
)

_VERIFIERS: dict[str, Callable[..., bool]] = {
    "HMAC-SHA1": oauthlib_signature.verify_hmac_sha1,
    "HMAC-SHA256": oauthlib_signature.verify_hmac_sha256,
    "HMAC-SHA512": oauthlib_signature.verify_hmac_sha512,
    "RSA-SHA1": oauthlib_signature.verify_rsa_sha1,
    "RSA-SHA256": oauthlib_signature.verify_rsa_sha256,
    "RSA-SHA512": oauthlib_signature.verify_rsa_sha512,
    "PLAINTEXT": oauthlib_signature.verify_plaintext,
}


class CaptureAdapter(BaseAdapter):
    """A transport that records each request and answers ``200 OK``."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(request)
        response = requests.Response()
        response.status_code = 200
        response._content = b""
        response.request = request
        response.url = request.url or ""
        return response

    def close(self) -> None:
        pass


def capture(session: requests.Session) -> CaptureAdapter:
    """Mount a :class:`CaptureAdapter` on ``session`` for http and https."""
    adapter = CaptureAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return adapter


# ---------------------------------------------------------------- the wire


def wire_body(prepared: requests.PreparedRequest) -> bytes:
    """Return the body octets urllib3 sends for ``prepared``."""
    chunks = body_to_chunks(prepared.body, prepared.method or "GET", 8192).chunks
    return b"".join(bytes(chunk) for chunk in chunks or ())


def is_form(content_type: str | None) -> bool:
    """Tell whether a ``Content-Type`` is the form media type (parameters ignored)."""
    return content_type is not None and content_type.split(";")[0].strip().lower() == FORM


@dataclass
class Wire:
    """A captured request as a server sees it, its parameters parsed by oauthlib."""

    method: str
    url: str
    headers: requests.structures.CaseInsensitiveDict[str]
    body: bytes
    form: bool
    query: list[tuple[str, str]]
    header: list[tuple[str, str]]
    form_body: list[tuple[str, str]]
    realm: str | None

    @property
    def params(self) -> list[tuple[str, str]]:
        """All the parameters of the request (RFC 5849 section 3.4.1.3.1)."""
        return self.query + self.header + self.form_body


def read_wire(prepared: requests.PreparedRequest) -> Wire:
    """Parse ``prepared`` with oauthlib's own parameter collection.

    :raises ValueError: if oauthlib cannot parse it (a malformed request).
    """
    url = prepared.url or ""
    headers = requests.structures.CaseInsensitiveDict(prepared.headers)
    body = wire_body(prepared)
    form = is_form(headers.get("Content-Type"))
    authorization = headers.get("Authorization")
    header: list[tuple[str, str]] = []
    realm = None
    if authorization is not None and authorization[:6].lower() == "oauth ":
        # without the header's realm only: a "realm" in the query or body is
        # an ordinary parameter, signed (RFC 5849 section 3.4.1.3.1)
        header = oauthlib_signature.collect_parameters(
            headers={"Authorization": authorization}, exclude_oauth_signature=False
        )
        parsed = dict(parse_authorization_header(authorization))
        realm = parsed.get("realm")
    form_body: list[tuple[str, str]] = []
    if form:
        urldecode(body.decode("ascii"))  # raises on a body that is not form-encoded
        form_body = oauthlib_signature.collect_parameters(
            body=body.decode("ascii"), exclude_oauth_signature=False
        )
    query = oauthlib_signature.collect_parameters(
        uri_query=urlsplit(url).query, exclude_oauth_signature=False
    )
    return Wire(
        method=prepared.method or "",
        url=url,
        headers=headers,
        body=body,
        form=form,
        query=query,
        header=header,
        form_body=form_body,
        realm=realm,
    )


def oauthlib_base_string(wire: Wire) -> str:
    """Return the signature base string oauthlib computes for ``wire``."""
    params = [(k, v) for k, v in wire.params if k != "oauth_signature"]
    return oauthlib_signature.signature_base_string(
        wire.method,
        oauthlib_signature.base_string_uri(wire.url),
        oauthlib_signature.normalize_parameters(params),
    )


def oauthlib_verifies(wire: Wire, credentials: Credentials) -> bool:
    """Verify ``wire``'s signature as an oauthlib server would."""
    request = OAuthlibRequest(
        wire.url, wire.method, wire.body.decode("ascii") if wire.form else None, dict(wire.headers)
    )
    signatures = [value for name, value in wire.params if name == "oauth_signature"]
    request.params = [(k, v) for k, v in wire.params if k != "oauth_signature"]
    request.signature = signatures[0]
    verify = _VERIFIERS[credentials.signature]
    if credentials.signature in RSA_METHODS:
        return verify(request, RSA_PUBLIC_KEY_PEM)
    return verify(request, _str(credentials.consumer_secret), _str(credentials.token_secret))


def _str(value: str | bytes | None) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else value


# ---------------------------------------------------------------- the cases


@dataclass
class Credentials:
    """The credentials and signature method of an :class:`OAuth1Session`."""

    signature: str
    consumer_key: str
    #: The secret, or for the RSA methods the private key.
    consumer_secret: Any
    token: str | None = None
    token_secret: str | bytes | None = None

    def session(self) -> tuple[OAuth1Session, CaptureAdapter]:
        """Return a new session with these credentials and its capture adapter."""
        session = OAuth1Session(
            self.consumer_key,
            self.consumer_secret,
            access_token=self.token,
            access_token_secret=self.token_secret,
            signature=SIGNATURE_METHODS[self.signature],
        )
        return session, capture(session)


class SignRecorder:
    """Wraps a signature method's ``sign`` to keep the arguments rauth passed.

    Only for diagnostics: the base string rauth signed is then
    ``signature_base_string(*recorder.calls[-1])``, through the public API.
    """

    def __init__(self, sign: Callable[..., str]) -> None:
        self.sign = sign
        self.calls: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = []

    def __call__(self, consumer_secret: Any, token_secret: Any, *args: Any) -> str:
        method, url, oauth_params, req_kwargs = args
        self.calls.append((method, url, dict(oauth_params), dict(req_kwargs)))
        return self.sign(consumer_secret, token_secret, *args)


@dataclass
class Case:
    """One call of ``OAuth1Session.request`` and what to expect of its wire."""

    credentials: Credentials
    placement: str
    method: str
    url: str
    realm: str | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    #: How the body is meant: ``None``, ``'form'`` or ``'raw'`` (sent intact).
    body: str | None = None
    recorder: SignRecorder | None = field(default=None, repr=False)

    def send(self) -> requests.PreparedRequest:
        """Make the request through rauth's public API; return what was sent."""
        session, adapter = self.credentials.session()
        self.recorder = SignRecorder(session.signature.sign)
        session.signature.sign = self.recorder  # type: ignore[method-assign]
        extra = {} if self.realm is None else {"realm": self.realm}
        session.request(
            self.method,
            self.url,
            header_auth=self.placement == "header",
            **extra,
            **self.kwargs,
        )
        assert len(adapter.sent) == 1
        return adapter.sent[0]

    def describe(self) -> str:
        credentials = self.credentials
        secret = credentials.consumer_secret
        if credentials.signature in RSA_METHODS:
            secret = f"<RSA private key as {type(secret).__name__}>"
        args = [
            repr(self.method),
            repr(self.url),
            f"header_auth={self.placement == 'header'}",
            *([] if self.realm is None else [f"realm={self.realm!r}"]),
            *(f"{key}={value!r}" for key, value in self.kwargs.items()),
        ]
        return (
            f"OAuth1Session({credentials.consumer_key!r}, {secret!r}, "
            f"access_token={credentials.token!r}, "
            f"access_token_secret={credentials.token_secret!r}, "
            f"signature={SIGNATURE_METHODS[credentials.signature].__name__})"
            f".request({', '.join(args)})"
        )


# ---------------------------------------------------------------- checking


def _form_pairs(text: str | bytes) -> list[tuple[str, str]]:
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return parse_qsl(text, keep_blank_values=True)


def _user_pairs(pairs: Sequence[tuple[str, str]]) -> Counter[tuple[str, str]]:
    return Counter(pair for pair in pairs if pair[0] not in PROTOCOL_PARAMS)


def plain_requests(case: Case) -> requests.PreparedRequest:
    """Return what requests alone sends for the case's URL and kwargs."""
    kwargs = {k: v for k, v in case.kwargs.items() if k in ("params", "data", "json", "files")}
    if isinstance(kwargs.get("params"), bytes):  # requests takes only ASCII bytes here
        kwargs["params"] = kwargs["params"].decode("utf-8")
    return requests.Request(
        case.method, case.url, headers=case.kwargs.get("headers"), **kwargs
    ).prepare()


def _multipart_boundary(prepared: requests.PreparedRequest) -> bytes:
    content_type = prepared.headers.get("Content-Type", "")
    match = re.search(r"boundary=(\S+)", content_type)
    return match.group(1).encode("ascii") if match else b""


def _normalized_body(prepared: requests.PreparedRequest) -> tuple[str | None, bytes]:
    """Return the Content-Type and body, a multipart boundary replaced by ``BOUNDARY``."""
    boundary = _multipart_boundary(prepared)
    body = wire_body(prepared)
    content_type = prepared.headers.get("Content-Type")
    if boundary:
        body = body.replace(boundary, b"BOUNDARY")
        content_type = (content_type or "").replace(boundary.decode("ascii"), "BOUNDARY")
    return content_type, body


def _placement_of(wire: Wire) -> set[str]:
    where = set()
    for name, pairs in (("header", wire.header), ("body", wire.form_body), ("query", wire.query)):
        if any(key == "oauth_signature" for key, _ in pairs):
            where.add(name)
    return where


def _check_protocol_params(case: Case, wire: Wire) -> list[str]:
    problems = []
    counts = Counter(key for key, _ in wire.params if key in PROTOCOL_PARAMS)
    repeated = sorted(key for key, count in counts.items() if count > 1)
    if repeated:
        problems.append(f"OAuth parameters sent more than once: {repeated}")
    values = dict(wire.params)
    credentials = case.credentials
    expected = {
        "oauth_consumer_key": credentials.consumer_key,
        "oauth_signature_method": credentials.signature,
        "oauth_version": "1.0",
    }
    if credentials.token is not None:
        expected["oauth_token"] = credentials.token
    for key, value in expected.items():
        if values.get(key) != value:
            problems.append(f"{key} is {values.get(key)!r}, expected {value!r}")
    if credentials.token is None and "oauth_token" in values:
        problems.append("oauth_token sent without an access token")
    if not re.fullmatch(r"[0-9a-f]{40}", values.get("oauth_nonce", "")):
        problems.append(f"oauth_nonce {values.get('oauth_nonce')!r} is not 40 hex digits")
    if not re.fullmatch(r"[0-9]+", values.get("oauth_timestamp", "")):
        problems.append(f"oauth_timestamp {values.get('oauth_timestamp')!r} is not digits")
    return problems


def _check_authorization_header(case: Case, wire: Wire) -> list[str]:
    header = wire.headers.get("Authorization")
    if case.placement != "header":
        return []
    if not isinstance(header, str) or not header.isascii() or not header.isprintable():
        return [f"Authorization header is not one printable ASCII str: {header!r}"]
    realm = case.realm or ""
    if realm.isascii() and realm.isprintable() and wire.realm != realm:
        return [f"realm parsed back as {wire.realm!r}, sent {realm!r}"]
    if "%" not in realm and unquote(wire.realm or "") != realm:
        return [f"realm parsed back as {wire.realm!r}, sent {realm!r}"]
    return []


def _check_user_params(case: Case, wire: Wire, plain: requests.PreparedRequest) -> list[str]:
    """The wire carries the caller's parameters as requests alone would."""
    sent = _user_pairs(_form_pairs(urlsplit(wire.url).query))
    expected = _user_pairs(_form_pairs(urlsplit(plain.url or "").query))
    if case.body == "form":
        sent += _user_pairs(_form_pairs(wire.body))
        expected += _user_pairs(_form_pairs(wire_body(plain)))
    if sent != expected:
        return [
            "the caller's parameters changed on the wire: "
            f"sent {sorted(sent.elements())}, requests alone sends {sorted(expected.elements())}"
        ]
    return []


def _check_raw_body(case: Case, prepared: requests.PreparedRequest) -> list[str]:
    """A body that is not a form is sent byte for byte as requests alone sends it."""
    if case.body != "raw":
        return []
    sent = _normalized_body(prepared)
    expected = _normalized_body(plain_requests(case))
    if sent != expected:
        return [f"body changed: sent {sent!r}, requests alone sends {expected!r}"]
    return []


def _rauth_base_string(case: Case) -> str:
    """Return the base string rauth signed: its ``sign()`` arguments, re-run
    through :func:`rauth.oauth.signature_base_string`."""
    if case.recorder is None or not case.recorder.calls:
        return "<rauth did not sign>"
    return signature_base_string(*case.recorder.calls[-1])


def _diagnosis(case: Case, wire: Wire) -> str:
    theirs = oauthlib_base_string(wire)
    ours = _rauth_base_string(case)
    lines = [
        "oauthlib rejects the signature",
        f"  wire: {wire.method} {wire.url}",
        f"  Authorization: {wire.headers.get('Authorization')!r}",
        f"  Content-Type: {wire.headers.get('Content-Type')!r}  body: {wire.body!r}",
        f"  oauthlib base string (from the wire): {theirs}",
        f"  rauth.oauth.signature_base_string:     {ours}",
    ]
    for label, mine, other in zip(("method", "URI", "params"), ours.split("&"), theirs.split("&")):
        if mine != other:
            lines.append(f"  {label} differs: rauth {unquote(mine)!r}, oauthlib {unquote(other)!r}")
    return "\n".join(lines)


def _exactly_form(headers: dict[str, str] | None) -> bool:
    """Tell whether a request's ``Content-Type`` is exactly the form type
    (rauth sets it on an entity request that gives none)."""
    given = [value for name, value in (headers or {}).items() if name.lower() == "content-type"]
    return not given or given[-1] == FORM


def check_case(case: Case, *, body_needs_exact_form: bool = True) -> list[str]:
    """Send ``case`` through rauth and return what is wrong with its wire.

    ``body_needs_exact_form``: the OAuth parameters of a body-placed case go
    in the body only with exactly the form ``Content-Type`` (rauth 0.7's
    rule for sessions), else in the query; ``False`` for any form type.
    """
    try:
        prepared = case.send()
    except Exception as exc:
        return [f"rauth raised {exc!r}"]
    try:
        wire = read_wire(prepared)
    except ValueError as exc:
        return [f"oauthlib cannot parse the request: {exc}; url={prepared.url!r}"]
    where = _placement_of(wire)
    expected = case.placement
    if (
        expected == "body"
        and body_needs_exact_form
        and not _exactly_form(case.kwargs.get("headers"))
    ):
        expected = "query"  # rauth 0.7's rule: the body only for exactly FORM
    if where != {expected}:
        return [f"oauth_signature sent in {sorted(where)}, expected in the {expected}"]
    problems = _check_protocol_params(case, wire)
    problems += _check_authorization_header(case, wire)
    problems += _check_user_params(case, wire, plain_requests(case))
    problems += _check_raw_body(case, prepared)
    if not problems and not oauthlib_verifies(wire, case.credentials):
        problems.append(_diagnosis(case, wire))
    return problems


def report(case: Case, problems: list[str]) -> str:
    return "\n".join([case.describe(), *problems])


# ---------------------------------------------------------------- generating


class Chooser:
    """The random choices :func:`generate_case` makes."""

    def integer(self, low: int, high: int) -> int:
        raise NotImplementedError

    def choice(self, options: Sequence[T]) -> T:
        return options[self.integer(0, len(options) - 1)]

    def chance(self, percent: int) -> bool:
        """True ``percent`` times in 100 (hypothesis shrinks it to False)."""
        return self.integer(1, 100) > 100 - percent

    def text(self, alphabet: Sequence[str], max_size: int) -> str:
        return "".join(self.choice(alphabet) for _ in range(self.integer(0, max_size)))


class RandomChooser(Chooser):
    """Choices from a :class:`random.Random`."""

    def __init__(self, rng: Any) -> None:
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        return int(self.rng.randint(low, high))


class DrawChooser(Chooser):
    """Choices drawn by hypothesis, which shrinks them toward the first option."""

    def __init__(self, draw: Callable[[Any], Any]) -> None:
        from hypothesis import strategies

        self.draw = draw
        self.strategies = strategies

    def integer(self, low: int, high: int) -> int:
        return int(self.draw(self.strategies.integers(low, high)))

    def text(self, alphabet: Sequence[str], max_size: int) -> str:
        # one draw for the whole text keeps generation fast
        characters = _CHARACTERS.get(tuple(alphabet))
        if characters is None:
            characters = _CHARACTERS[tuple(alphabet)] = self.strategies.sampled_from(alphabet)
        return str(self.draw(self.strategies.text(characters, max_size=max_size)))


_CHARACTERS: dict[tuple[str, ...], Any] = {}


#: Characters of generated text: unreserved first (what shrinking goes to),
#: then the reserved characters, controls and non-ASCII text.
TEXT_ALPHABET = (
    "a",
    "Z",
    "0",
    "-",
    ".",
    "_",
    "~",
    " ",
    "+",
    "&",
    "=",
    "%",
    "/",
    "?",
    "#",
    ";",
    ":",
    "@",
    ",",
    "!",
    "$",
    "'",
    "(",
    ")",
    "*",
    '"',
    "\\",
    "[",
    "]",
    "<",
    ">",
    "^",
    "`",
    "{",
    "|",
    "}",
    "\t",
    "\n",
    "\u00e9",
    "\u00df",
    "\u20ac",
    "\u4e2d",
    "\U0001f600",
    "\u00a0",
    "\u2028",
)
NO_PERCENT = tuple(ch for ch in TEXT_ALPHABET if ch != "%")
UNRESERVED = TEXT_ALPHABET[:7]

#: Hosts as the caller writes them: case, IP literals, internationalized names.
HOSTS = (
    "example.com",
    "EXAMPLE.COM",
    "Api.Example.Net",
    "127.0.0.1",
    "[::1]",
    "b\u00fccher.example",
    "B\u00dcCHER.example",
    "stra\u00dfe.example",
)
PORTS = (None, 80, 443, 8080, 1, 65535)

#: Pieces of path segments: percent-encodings in both cases, dot segments,
#: characters requests and urllib3 encode or keep.
PATH_PIECES = (
    "photos",
    "A1",
    "~u",
    "a b",
    "\u00e9",
    "%2F",
    "%2f",
    "%7E",
    "%7e",
    "%41",
    "%20",
    "%25",
    "%3a",
    "%C3%A9",
    ".",
    "..",
    "[x]",
    "a;b=c",
    "@:",
    "!$&'()*+,=",
    "{|}",
)
CONTENT_TYPES = (FORM, f"{FORM}; charset=utf-8", "Application/X-WWW-Form-URLEncoded")


def gen_text(c: Chooser, alphabet: Sequence[str] = TEXT_ALPHABET, max_size: int = 5) -> str:
    return c.text(alphabet, max_size)


def gen_key(c: Chooser) -> str:
    key = c.choice(("a", "b", "realm", "", gen_text(c, max_size=4)))
    return "x" + key if key.startswith("oauth_") else key


def gen_scalar(c: Chooser) -> Any:
    kind = c.choice(("str", "bytes", "int", "float", "none", "empty"))
    if kind == "str":
        return gen_text(c)
    if kind == "bytes":
        return gen_text(c).encode("utf-8")
    if kind == "int":
        return c.integer(-(10**12), 10**12)
    if kind == "float":
        return c.choice((0.5, -1.25, 1e-07, 1e22, 3.0, float("inf")))
    return None if kind == "none" else ""


def gen_value(c: Chooser) -> Any:
    if c.chance(20):
        return [gen_scalar(c) for _ in range(c.integer(0, 3))]
    return gen_scalar(c)


def _maybe_bytes(c: Chooser, key: str) -> str | bytes:
    return key.encode("utf-8") if c.chance(20) else key


def _optional_oauth_pair(c: Chooser) -> tuple[str, str]:
    """oauth_callback or oauth_verifier, which rauth moves into the OAuth params."""
    name = c.choice(("oauth_verifier", "oauth_callback"))
    value = gen_text(c, NO_PERCENT) if name == "oauth_verifier" else "http://cb.example/r?x=1"
    return name, value


def encode_form(c: Chooser, text: str, *, well_formed: bool = False) -> str:
    """Form-encode ``text`` in one of the ways callers write a query
    (``well_formed``: not leaving characters raw)."""
    style = c.choice(
        ("plus", "quote", "lower") if well_formed else ("plus", "quote", "raw", "lower")
    )
    if style == "plus":
        return quote_plus(text, safe="")
    if style == "quote":
        return quote(text, safe="")
    if style == "lower":
        return re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), quote(text, safe=""))
    return "".join(quote(ch, safe="") if ch in "&=#%+" else ch for ch in text)


def gen_form_text(c: Chooser, *, pairs: int = 3, well_formed: bool = False) -> str:
    fields = []
    for _ in range(c.integer(0, pairs)):
        key = encode_form(c, gen_key(c), well_formed=well_formed)
        value = encode_form(c, gen_text(c), well_formed=well_formed)
        fields.append(c.choice((f"{key}={value}", key if not value else f"{key}={value}")))
    return "&".join(fields)


def gen_container(
    c: Chooser, kind: str, *, optional_oauth: bool = True, well_formed: bool = False
) -> Any:
    """Return ``params`` or form ``data`` of ``kind``: dict, list, str or bytes
    (``well_formed``: text percent-encoded wherever a form needs it)."""
    extra = [_optional_oauth_pair(c)] if optional_oauth and c.chance(10) else []
    if kind == "dict":
        items = {_maybe_bytes(c, gen_key(c)): gen_value(c) for _ in range(c.integer(0, 4))}
        return {**items, **dict(extra)}
    if kind == "list":
        return [(_maybe_bytes(c, gen_key(c)), gen_value(c)) for _ in range(c.integer(0, 4))] + extra
    text = gen_form_text(c, well_formed=well_formed)
    if extra:
        text = "&".join(filter(None, (text, f"{extra[0][0]}={quote(extra[0][1], safe='')}")))
    return text.encode("utf-8") if kind == "bytes" else text


def gen_url(c: Chooser) -> str:
    scheme = c.choice(("http", "https", "HTTP", "Https"))
    host = c.choice(HOSTS)
    port = c.choice(PORTS)
    netloc = host if port is None else f"{host}:{port}"
    segments = [
        "".join(c.choice(PATH_PIECES) for _ in range(c.integer(1, 2)))
        for _ in range(c.integer(0, 3))
    ]
    path = "/" + "/".join(segments) if segments else c.choice(("", "/"))
    query = c.choice(("", "?", "?" + gen_form_text(c)))
    fragment = c.choice(("", "#" + gen_text(c, NO_PERCENT)))
    return f"{scheme}://{netloc}{path}{query}{fragment}"


def gen_json(c: Chooser, depth: int = 0) -> Any:
    kinds = ("dict", "list", "str", "int", "float", "bool", "null")
    kind = c.choice(kinds if depth else kinds[:3])  # json=None is no body at all
    if kind == "dict" and depth < 2:
        return {gen_text(c): gen_json(c, depth + 1) for _ in range(c.integer(0, 3))}
    if kind == "list" and depth < 2:
        return [gen_json(c, depth + 1) for _ in range(c.integer(0, 3))]
    if kind == "int":
        return c.integer(-1000, 1000)
    if kind == "float":
        return c.choice((0.5, -2.75, 1e100))
    if kind == "bool":
        return c.choice((True, False))
    return None if kind == "null" else gen_text(c)


def gen_raw_body(c: Chooser) -> dict[str, Any]:
    """Return kwargs of a body that is not a form and must be sent intact."""
    kind = c.choice(("json", "files", "bytes", "text"))
    if kind == "json":
        return {"json": gen_json(c)}
    if kind == "files":
        name = c.choice(("a.txt", "\u00e9t\u00e9.bin", 'q"t.txt'))
        content = bytes(c.integer(0, 255) for _ in range(c.integer(0, 8)))
        kwargs: dict[str, Any] = {"files": {"upload": (name, content, "application/octet-stream")}}
        if c.chance(50):
            kwargs["data"] = {"field": gen_text(c), "n": c.integer(0, 9)}
        return kwargs
    if kind == "bytes":
        return {"data": bytes(c.integer(0, 255) for _ in range(c.integer(0, 12)))}
    return {
        "data": gen_text(c, max_size=12),
        "headers": {"Content-Type": "text/plain; charset=utf-8"},
    }


def gen_form_body(c: Chooser, method: str) -> dict[str, Any]:
    """Return kwargs of a form body: data and, perhaps, an explicit Content-Type."""
    kind = c.choice(("none", "dict", "list", "str", "bytes"))
    kwargs: dict[str, Any] = {}
    # requests sends bytes, and str on a GET, without a Content-Type: only
    # the header makes them a form. A dict or list it marks as a form itself.
    needs_header = kind == "bytes" or (kind == "str" and method.upper() not in ENTITY_METHODS)
    content_type = FORM
    if needs_header or c.chance(40):
        name = c.choice(("Content-Type", "content-type"))
        content_type = c.choice(CONTENT_TYPES)
        kwargs["headers"] = {name: content_type}
    if kind != "none":
        # rauth parses a text body (re-encoding it, lifting oauth_verifier
        # and co.) only with exactly FORM, as rauth 0.7 did; other form types
        # send it as written, so write it well
        as_written = content_type != FORM and kind in ("str", "bytes")
        kwargs["data"] = gen_container(
            c, kind, well_formed=as_written, optional_oauth=not as_written
        )
    return kwargs


def _cased(c: Chooser, method: str) -> str:
    return c.choice((method, method.lower(), method.capitalize()))


def gen_request(c: Chooser, placement: str) -> tuple[str, dict[str, Any], str | None]:
    """Return the method, body kwargs and body kind of a request for ``placement``."""
    body_kind = c.choice((None, "form", "raw"))
    if placement == "body":
        verbs, body_kind = ENTITY_METHODS, "form"
    elif placement == "query" and body_kind != "raw":
        verbs = OTHER_METHODS  # on an entity method they would go in the form body
    else:
        verbs = ENTITY_METHODS + OTHER_METHODS
    method = c.choice(verbs)
    if body_kind is None and method in ENTITY_METHODS:
        body_kind = "form"  # rauth gives an entity request a form body
    method = _cased(c, method)
    if body_kind == "form":
        return method, gen_form_body(c, method), "form"
    if body_kind == "raw":
        return method, gen_raw_body(c), "raw"
    return method, {}, None


def gen_credentials(c: Chooser, signature: str, placement: str) -> Credentials:
    # oauthlib decodes oauth_* values of the query and body twice: keep "%"
    # out of them there (a PLAINTEXT signature is "%"-free when its secrets
    # are unreserved characters).
    key_alphabet = TEXT_ALPHABET if placement == "header" else NO_PERCENT
    secret_alphabet = TEXT_ALPHABET
    if signature == "PLAINTEXT" and placement != "header":
        secret_alphabet = UNRESERVED
    consumer_secret: Any
    if signature in RSA_METHODS:
        # rauth validates a PEM key on each new session (~25 ms): mostly pass
        # the loaded key, which rauth also takes
        pem = RSA_PRIVATE_KEY_PEM
        consumer_secret = c.choice((RSA_PRIVATE_KEY,) * 8 + (pem, pem.encode("ascii")))
    else:
        consumer_secret = gen_text(c, secret_alphabet, max_size=8)
        consumer_secret = c.choice((consumer_secret, consumer_secret.encode("utf-8")))
    token = c.choice((None, gen_text(c, key_alphabet, max_size=8)))
    token_secret: str | bytes | None = c.choice(
        (None, "", gen_text(c, secret_alphabet, max_size=8))
    )
    if isinstance(token_secret, str) and c.chance(20):
        token_secret = token_secret.encode("utf-8")
    return Credentials(
        signature=signature,
        consumer_key=gen_text(c, key_alphabet, max_size=8),
        consumer_secret=consumer_secret,
        token=token,
        token_secret=token_secret,
    )


def gen_realm(c: Chooser) -> str | None:
    return c.choice((None, "", "Example", 'a "quoted" \\realm\\', gen_text(c, max_size=8)))


def generate_case(c: Chooser, signature: str, placement: str) -> Case:
    """Build a random request for ``signature`` whose OAuth params go to ``placement``."""
    credentials = gen_credentials(c, signature, placement)
    method, kwargs, body = gen_request(c, placement)
    kind = c.choice((None, "dict", "list", "str", "bytes"))
    if kind is not None:
        kwargs["params"] = gen_container(c, kind)
    if c.chance(20):
        kwargs["headers"] = {**kwargs.get("headers", {}), "X-Request-Id": gen_text(c, "ab1")}
    return Case(
        credentials=credentials,
        placement=placement,
        method=method,
        url=gen_url(c),
        realm=gen_realm(c),
        kwargs=kwargs,
        body=body,
    )


def json_vectors() -> dict[str, Any]:
    """Return the published vectors of ``tests/data/signing_vectors.json``."""
    return json.loads((DATA / "signing_vectors.json").read_text("utf-8"))


def oauthlib_client(**attributes: Any) -> SimpleNamespace:
    """Return the credentials object oauthlib's ``sign_*_with_client`` take."""
    return SimpleNamespace(**attributes)


# ---------------------------------------------------------------- named cases


def default_credentials(signature: str, placement: str) -> Credentials:
    """Credentials whose secrets hold reserved and non-ASCII characters.

    PLAINTEXT in the query or body gets unreserved secrets: oauthlib would
    decode its ``%``-encoded signature twice there.
    """
    if signature in RSA_METHODS:
        return Credentials(signature, "dpf43f3p2l4k3l03", RSA_PRIVATE_KEY, "nnch734d00sl2jdk")
    if signature == "PLAINTEXT" and placement != "header":
        return Credentials(
            signature,
            "dpf43f3p2l4k3l03",
            "kd94hf93k423kf44",
            "nnch734d00sl2jdk",
            "pfkkdhi9sl3r4s00",
        )
    return Credentials(
        signature, "dpf43f3p2l4k3l03", "c s&e=c%r/e~t+\u00e9", "nnch734d00sl2jdk", 't&s%"\u20ac'
    )


@dataclass
class Scenario:
    """A request written the way a caller would, for each placement it allows."""

    id: str
    url: str = "http://example.com/photos"
    kwargs: dict[str, Any] = field(default_factory=dict)
    #: ``None`` (no body of the caller's), ``'form'`` or ``'raw'``.
    body: str | None = None
    #: The method for each placement, when not the default for the body.
    methods: dict[str, str] = field(default_factory=dict)
    realm: str | None = None
    #: Whether rauth puts the OAuth parameters in a form body: only with
    #: exactly the form ``Content-Type``, as rauth 0.7 did (else the query).
    oauth_in_body: bool = True

    def placements(self) -> tuple[str, ...]:
        if self.body == "form" and not self.oauth_in_body:
            return ("header", "query")
        if self.body == "form":
            return ("header", "body") + (("query",) if "query" in self.methods else ())
        if self.body == "raw":
            return ("header", "query")
        return PLACEMENTS

    def case(self, signature: str, placement: str) -> Case:
        default = {"header": "GET", "query": "GET", "body": "POST"}[placement]
        if self.body is not None and placement != "query":
            default = "POST"
        if self.body == "raw":
            default = "POST"
        body = self.body or ("form" if placement == "body" else None)
        return Case(
            credentials=default_credentials(signature, placement),
            placement=placement,
            method=self.methods.get(placement, default),
            url=self.url,
            realm=self.realm,
            kwargs=dict(self.kwargs),
            body=body,
        )


def check_scenario(scenario: Scenario, placement: str) -> list[str]:
    """Check ``scenario`` in ``placement`` with every signature method.

    The first failing method is reported in full, the others by their
    differences only.
    """
    failures: list[str] = []
    for signature in SIGNATURE_METHODS:
        case = scenario.case(signature, placement)
        problems = check_case(case)
        if problems and not failures:
            failures.append(f"[{signature}] {report(case, problems)}")
        elif problems:
            lines = "\n".join(problems).splitlines()
            summary = [line.strip() for line in lines if "differs" in line] or lines[:1]
            failures.append(f"[{signature}] " + "; ".join(summary))
    return failures
