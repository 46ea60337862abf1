"""
rauth.utils
-----------

General utilities: rauth 0.7's constants and helpers, the requests auth
objects that write the ``Authorization`` header, and the small parsers the
sessions share.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import SplitResult, unquote_to_bytes, urlsplit

from requests.auth import AuthBase
from requests.models import PreparedRequest
from requests.structures import CaseInsensitiveDict as _RequestsCaseInsensitiveDict

# rauth 0.7 imported these here, and user code imports them from here
from rauth.compat import is_basestring, parse_qsl, quote, urlencode  # noqa: F401

#: requests' own ``CaseInsensitiveDict``, under the name rauth 0.7 gave it.
cidict = _RequestsCaseInsensitiveDict

__all__ = [
    "ENTITY_METHODS",
    "FORM_URLENCODED",
    "OPTIONAL_OAUTH_PARAMS",
    "CaseInsensitiveDict",
    "OAuth1Auth",
    "OAuth2Auth",
    "UtcDateTime",
    "absolute_url",
    "escape",
    "get_sorted_params",
    "is_form_urlencoded",
    "is_secret_name",
    "parse_qs_dict",
    "parse_utf8_qsl",
]

#: The form media type; OAuth 1 signs and carries parameters in such bodies.
FORM_URLENCODED = "application/x-www-form-urlencoded"

#: Methods whose requests carry an entity body.
ENTITY_METHODS = ("POST", "PUT", "PATCH")

#: OAuth parameters that may be given in ``params`` or ``data`` and are then
#: moved into the OAuth protocol parameters.
OPTIONAL_OAUTH_PARAMS = ("oauth_callback", "oauth_verifier", "oauth_version")
#: :data:`OPTIONAL_OAUTH_PARAMS`, as text and as bytes (the keys of
#: ``params`` or ``data`` given as bytes).
_OPTIONAL_KEYS = frozenset(
    key for name in OPTIONAL_OAUTH_PARAMS for key in (name, name.encode("ascii"))
)

_Pairs = list[tuple[bytes, bytes]]

#: The unreserved characters of RFC 3986, never percent-encoded.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

#: ``%XX`` or the character itself, for each octet (RFC 5849 section 3.6).
_ESCAPED_OCTETS = tuple(
    chr(octet) if chr(octet) in _UNRESERVED else f"%{octet:02X}" for octet in range(256)
)
#: Octets escaped in one go by :func:`escape` (larger values go in chunks).
_CHUNK = 1 << 16
#: Values of at most this many octets are escaped by ``str.translate``
#: (faster for short values; slower for long ones with many escapes).
_SHORT = 48
_ALL_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")
_ALL_UNRESERVED_OCTETS = re.compile(rb"[A-Za-z0-9._~-]*")

_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]+")
_HEADER_TOKEN = re.compile(r"[\x21-\x7e]+")

#: Parameter names that look secret but are not (see :func:`is_secret_name`).
_PUBLIC_NAMES = frozenset(
    (
        "oauth_token",
        "oauth_consumer_key",
        "oauth_signature_method",
        "oauth_callback_confirmed",
        "client_id",
        "token_type",
    )
)
_SECRET_NAME = re.compile(r"secret|passw|token|code|assertion|verifier|key|signature", re.I)


def escape(value: str | bytes) -> str:
    """Percent-encode ``value`` as RFC 5849 section 3.6 requires.

    Text is encoded as UTF-8; every octet but the unreserved characters
    (``A-Z a-z 0-9 - . _ ~``) is written as ``%XX``.

    >>> escape('caf\u00e9 & ~bar')
    'caf%C3%A9%20%26%20~bar'

    :param value: The text or octets to encode.
    :type value: str or bytes
    :rtype: str
    """
    if isinstance(value, str):
        if _ALL_UNRESERVED.fullmatch(value):
            return value
        value = _utf8(value, "a parameter name or value")
    elif not isinstance(value, (bytes, bytearray)):
        raise TypeError(f"the value to escape must be str or bytes, not {type(value).__name__}")
    elif _ALL_UNRESERVED_OCTETS.fullmatch(value):
        return value.decode("ascii")
    if len(value) <= _SHORT:
        # each octet as the latin-1 character of its code, mapped in one C pass
        return value.decode("latin-1").translate(_ESCAPED_OCTETS)
    if len(value) <= _CHUNK:
        return "".join([_ESCAPED_OCTETS[octet] for octet in value])
    # a large value in chunks: the list of escapes stays small
    return "".join(
        [
            "".join([_ESCAPED_OCTETS[octet] for octet in value[at : at + _CHUNK]])
            for at in range(0, len(value), _CHUNK)
        ]
    )


def _may_hold_optional_params(container: Any) -> bool:
    """Tell whether a ``params`` or ``data`` container may hold one of
    :data:`OPTIONAL_OAUTH_PARAMS`: a dict holding one, or a list of pairs.

    :param container: A ``params`` or ``data`` value.
    :rtype: bool
    """
    if isinstance(container, dict):
        return not container.keys().isdisjoint(_OPTIONAL_KEYS)
    return isinstance(container, list)


def absolute_url(url: str) -> bool:
    """Tell whether ``url`` is absolute (``http://`` or ``https://``).

    :param url: The URL to check.
    :type url: str
    :rtype: bool
    """
    if not isinstance(url, (str, bytes)):
        raise TypeError(f"url must be str or bytes, not {type(url).__name__}")
    prefix = url[:8].lower()
    return prefix.startswith(
        ("http://", "https://") if isinstance(prefix, str) else (b"http://", b"https://")
    )


def _utf8(text: str, name: str) -> bytes:
    """Return ``text`` encoded as UTF-8.

    :raises ValueError: naming ``name`` (not the text, which may be a
        secret) when ``text`` holds a lone surrogate, which UTF-8 cannot carry.
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            f"{name} holds a lone surrogate (e.g. '\\ud800'), which cannot be sent as UTF-8: "
            "decode your input with errors='strict' or 'replace'"
        ) from None


def _urlencoded(params: Mapping[str, Any] | str, name: str) -> str:
    """Return ``params`` as a query string (text is kept as it is).

    :raises ValueError: naming ``name`` when a parameter holds a lone surrogate.
    """
    if isinstance(params, str):
        return params
    try:
        return urlencode(params)
    except UnicodeEncodeError:
        raise ValueError(
            f"a query parameter of {name} holds a lone surrogate (e.g. '\\ud800'), which "
            "cannot be sent as UTF-8"
        ) from None


def _check_headers(headers: Any) -> None:
    """Check ``headers`` as requests will read them.

    :raises TypeError: for anything but ``None``, a mapping or ``(name,
        value)`` pairs, and for names that are not ``str`` or ``bytes``;
    :raises ValueError: for ``bytes`` names that are not ASCII (requests
        decodes them as ASCII).
    """
    if headers is None or isinstance(headers, Mapping):
        names: Iterable[Any] = () if headers is None else headers.keys()
    else:
        try:
            names = dict(headers).keys()
        except (TypeError, ValueError):
            raise TypeError(
                f"headers must be a dict of header names and values, not {type(headers).__name__}"
            ) from None
    if not all(isinstance(name, (str, bytes)) for name in names):
        raise TypeError("headers must have str names: a header name is not text")
    if not all(isinstance(name, str) or name.isascii() for name in names):
        raise ValueError("headers must have ASCII names: a bytes header name is not ASCII")


def _url_text(url: Any, name: str = "url") -> str:
    """Return ``url`` as text, checked as :func:`urllib.parse.urlsplit` reads it.

    :raises TypeError: if ``url`` is not ``str`` or ``bytes``.
    :raises ValueError: naming ``name`` (not the URL, which may hold
        credentials) when its host cannot be read.
    """
    text = _text(url, name)
    if not _readable_url(text):
        _split_url(text, name)  # raises, naming ``name``
    return text


@functools.lru_cache(maxsize=256)  # a session calls few URLs, each many times
def _readable_url(url: str) -> bool:
    """Tell whether :func:`_split_url` reads ``url`` without an error."""
    try:
        urlsplit(url).port  # noqa: B018 - raises for a port that is not a number in range
    except ValueError:
        return False
    return True


def _split_url(url: str, name: str = "url") -> SplitResult:
    """:func:`urllib.parse.urlsplit`, raising a :class:`ValueError` that names ``name``."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port that is not a number in range
    except ValueError:  # its message may quote the host, credentials included
        raise ValueError(
            f"{name} is not a valid URL: its host or port cannot be read (an unclosed "
            "IPv6 bracket, a port out of range, or characters that change under NFKC "
            "normalization)"
        ) from None
    return parts


def _text(value: str | bytes, name: str = "value") -> str:
    """Return ``value`` as ``str``, decoding UTF-8 ``bytes``.

    :raises TypeError: if ``value`` is neither ``str`` nor ``bytes``.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"{name} is bytes that are not UTF-8; pass it as str") from None
    raise TypeError(f"{name} must be str or bytes, not {type(value).__name__}")


def is_secret_name(name: str) -> bool:
    """Tell whether a parameter named ``name`` carries a secret, so that its
    value is hidden from error messages and log lines.

    OAuth 1's ``oauth_token`` is not one: the token identifier travels in
    the clear in every request; its secret never does.

    >>> names = ('oauth_token_secret', 'api_key', 'oauth_token', 'scope')
    >>> [is_secret_name(n) for n in names]
    [True, True, False, False]

    :param name: A parameter or JSON key name.
    :type name: str
    :rtype: bool
    """
    if not isinstance(name, str):
        raise TypeError(f"the parameter name must be a str, not {type(name).__name__}")
    return name.lower() not in _PUBLIC_NAMES and _SECRET_NAME.search(name) is not None


def parse_utf8_qsl(s: str | bytes) -> dict[str, str]:
    """Parse a form-encoded string into a dict of ``str`` keys and values.

    Accepts ``str`` or UTF-8 ``bytes`` (such as ``response.content``). As
    in rauth 0.7, keys with empty values are left out and of a repeated key
    the last value wins.

    >>> parse_utf8_qsl(b'oauth_token=a&oauth_token_secret=b%20c&x=')
    {'oauth_token': 'a', 'oauth_token_secret': 'b c'}

    :param s: The form-encoded text, e.g. ``'oauth_token=a&oauth_token_secret=b'``.
    :type s: str or bytes
    :rtype: dict
    """
    return dict(parse_qsl(_text(s, "the form-encoded text")))


def _unquote_form(field: bytes) -> bytes:
    """Decode one form-encoded name or value: ``+`` is a space, ``%XX`` an octet."""
    if b"%" not in field and b"+" not in field:
        return field
    return unquote_to_bytes(field.replace(b"+", b" "))


def _split_form(text: str | bytes) -> _Pairs:
    """Split form-encoded ``text`` into raw ``(name, value)`` octet pairs.

    ``+`` is a space and ``%XX`` an octet (RFC 5849 section 3.4.1.3.1); a name
    without ``=`` has an empty value.
    """
    raw = _utf8(text, "a parameter name or value") if isinstance(text, str) else text
    pairs: _Pairs = []
    for field in raw.split(b"&"):
        if field:
            name, _, value = field.partition(b"=")
            pairs.append((_unquote_form(name), _unquote_form(value)))
    return pairs


def _decoded_pairs(s: str | bytes) -> list[tuple[str, str | bytes]]:
    """Split a query string into text pairs; a value that is not UTF-8 stays
    ``bytes``, which requests sends back unchanged."""
    pairs: list[tuple[str, str | bytes]] = []
    for name, value in _split_form(s):
        try:
            pairs.append((name.decode("utf-8", "replace"), value.decode("utf-8")))
        except UnicodeDecodeError:
            pairs.append((name.decode("utf-8", "replace"), value))
    return pairs


def parse_qs_dict(s: str | bytes) -> dict[str, Any]:
    """Parse a query string into a dict, keeping every value of a repeated key.

    A key seen once maps to its value; a repeated key maps to the list of
    its values, which :mod:`requests` sends back as repeated keys.

    :param s: The query string, e.g. ``'a=1&a=2&b='``.
    :type s: str or bytes
    :rtype: dict
    """
    if not isinstance(s, (str, bytes)):
        raise TypeError(f"the query string must be str or bytes, not {type(s).__name__}")
    return _dict_of_pairs(_decoded_pairs(s))


def _parse_form(s: str | bytes) -> dict[Any, Any]:
    """Parse ``params`` or form ``data`` given as a query string: text into
    :func:`parse_qs_dict`'s dict, ``bytes`` into ``bytes`` keys and values,
    as rauth 0.7 parsed them (``dict(parse_qsl(s))``), repeated keys and
    blank values kept."""
    if isinstance(s, bytes):
        return _dict_of_pairs(_split_form(s))
    return parse_qs_dict(s)


def _dict_of_pairs(pairs: Iterable[tuple[Any, Any]]) -> dict[Any, Any]:
    """Return ``pairs`` as a dict; a repeated key maps to a list of values."""
    parsed: dict[Any, Any] = {}
    for key, value in pairs:
        if key not in parsed:
            parsed[key] = value
            continue
        previous = parsed[key]
        if isinstance(previous, list):
            previous.append(value)
        else:
            parsed[key] = [previous, value]
    return parsed


def get_sorted_params(params: Mapping[str, Any]) -> str:
    """Join ``params`` as ``k=v`` pairs sorted by key, separated by ``&``.

    Keys and values are not percent-encoded, as Ofly signs them.

    :param params: The parameters.
    :type params: dict
    :rtype: str
    """
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict, not {type(params).__name__}")
    try:
        keys = sorted(params)
    except TypeError:
        raise TypeError("params must have keys of one type, e.g. all str") from None
    return "&".join(f"{key}={_text_of(params[key])}" for key in keys)


def _text_of(value: Any) -> str:
    """Return the text of a parameter value: ``str`` as is, ``bytes`` decoded."""
    if isinstance(value, bytes):
        return _text(value, "a parameter value")
    return value if isinstance(value, str) else str(value)


def is_form_urlencoded(content_type: str | bytes | None) -> bool:
    """Tell whether a ``Content-Type`` value is the form media type.

    Parameters such as ``; charset=utf-8`` and letter case are ignored.

    :param content_type: A ``Content-Type`` header value, or ``None``.
    :type content_type: str
    :rtype: bool
    """
    if content_type is None:
        return False
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    if not isinstance(content_type, str):
        raise TypeError(f"content_type must be a str, not {type(content_type).__name__}")
    return content_type.split(";", 1)[0].strip().lower() == FORM_URLENCODED


class UtcDateTime(datetime):
    """:class:`datetime.datetime` whose :meth:`utcnow` is not deprecated.

    ``rauth.session.datetime`` is this class, so that Ofly timestamps come
    from ``datetime.utcnow()`` (a seam tests patch, as in rauth 0.7) without
    the deprecation warning Python 3.12 gives for the builtin one.
    """

    @classmethod
    def utcnow(cls) -> UtcDateTime:
        """Return the current UTC time as a naive datetime.

        :rtype: UtcDateTime
        """
        return cls.now(timezone.utc).replace(tzinfo=None)


class _AttrsState:
    """Pickling driven by ``__attrs__``, as requests' Session does it.

    The attributes named in ``_TRANSIENT`` (token responses) are pickled as
    ``None``; attributes missing from an older pickle come back as ``None``.
    """

    __attrs__: list[str] = []  # noqa: RUF012 - a list, as requests' Session.__attrs__
    _TRANSIENT: tuple[str, ...] = ()

    def __getstate__(self) -> dict[str, Any]:
        state = {attr: getattr(self, attr, None) for attr in self.__attrs__}
        state.update(dict.fromkeys(self._TRANSIENT))
        return state

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for attr in self.__attrs__:
            setattr(self, attr, state.get(attr))
        for attr, value in state.items():
            setattr(self, attr, value)


class CaseInsensitiveDict(_RequestsCaseInsensitiveDict):  # type: ignore[type-arg]
    """A case-insensitive dict of headers, as rauth 0.7 built them.

    Keys given to the constructor, :meth:`update` and :meth:`setdefault` are
    stored lower-cased; lookups ignore case.

    :param d: Initial items: a mapping, a list of pairs, or ``None``.
    :type d: dict
    """

    def __init__(self, d: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None = None):
        super().__init__()
        if d:
            self.update(d)

    # lookups straight in requests' store of (key, value) by lower-cased key,
    # not through Mapping's KeyError (they run several times per request)

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the value of ``key``, in any case, or ``default``."""
        item = self._store.get(key.lower())  # type: ignore[attr-defined]
        return default if item is None else item[1]

    def __contains__(self, key: object) -> bool:
        return key.lower() in self._store  # type: ignore[attr-defined]

    @staticmethod
    def _get_lowered_d(d: Mapping[Any, Any] | Iterable[tuple[Any, Any]]) -> dict[Any, Any]:
        """Return a new dict of ``d``'s items with string keys lower-cased."""
        items = d.items() if isinstance(d, Mapping) else d
        try:
            lowered = {key.lower(): value for key, value in items}
        except (TypeError, ValueError, AttributeError):
            raise TypeError(
                "headers must be a dict or (name, value) pairs with str names, "
                f"not {type(d).__name__}"
            ) from None
        return lowered

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """Set ``key`` (lower-cased) to ``default`` unless it is set.

        :return: The value now stored under ``key``.
        """
        if isinstance(key, str):
            key = key.lower()
        return super().setdefault(key, default)

    def copy(self) -> CaseInsensitiveDict:
        """Return a shallow copy of this dict.

        :rtype: CaseInsensitiveDict
        """
        copied = CaseInsensitiveDict()
        for key, value in self.items():
            copied[key] = value
        return copied

    def update(self, d: Any = (), /, **kwargs: Any) -> None:
        """Set the items of ``d`` and ``kwargs``, keys lower-cased."""
        if d or type(d) not in (dict, list, tuple):  # requests' __init__ updates with {}
            for key, value in self._get_lowered_d(d).items():
                self[key] = value
        for key, value in kwargs.items():
            self[key.lower()] = value


def _quote_realm(realm: str) -> str:
    """Make ``realm`` safe inside a quoted-string of the ``Authorization`` header.

    Backslashes and double quotes are backslash-escaped (RFC 7230 section
    3.2.6); control and non-ASCII characters are percent-encoded as UTF-8, so
    the header stays one well-formed ASCII line.
    """
    realm = realm.replace("\\", "\\\\").replace('"', '\\"')
    return _NOT_PRINTABLE_ASCII.sub(lambda m: quote(_utf8(m.group(), "realm"), safe=""), realm)


def _carried_escapes(params: Mapping[str, Any]) -> list[tuple[str, str]] | None:
    """Return the escaped ``(name, value)`` items OAuth 1 parameters carry
    (an :class:`~rauth.encoded.EncodedForm`, as sessions and auth objects
    make them), when they are ``params``' own items in their order; else
    ``None``, and they are escaped where they are used."""
    escaped = getattr(params, "escaped", None)
    if (
        type(escaped) is list
        and len(escaped) == len(params)
        and [name for name, _ in escaped] == list(params)
    ):
        return escaped
    return None


class OAuth1Auth(AuthBase):
    """Attaches OAuth 1 Authentication to a given Request object.

    Writes ``Authorization: OAuth realm="...",oauth_...="..."``: the realm
    first (empty when none is given), then the parameters in their order,
    values percent-encoded (RFC 5849 section 3.5.1).

    :param oauth_params: The OAuth protocol parameters, signature included.
    :type oauth_params: dict
    :param realm: The realm, defaults to ``''``.
    :type realm: str
    """

    def __init__(self, oauth_params: Mapping[str, Any], realm: str | None = None) -> None:
        if not isinstance(oauth_params, Mapping):
            raise TypeError(f"oauth_params must be a dict, not {type(oauth_params).__name__}")
        #: The OAuth protocol parameters written into the header.
        self.oauth_params = oauth_params
        #: The realm written first into the header.
        self.realm = realm or ""

    def _get_auth_header(self) -> str:
        """Construct and return the ``Authorization`` header value.

        :rtype: str
        """
        realm = _quote_realm(_text(self.realm, "realm"))
        oauth_params = self.oauth_params
        escaped = _carried_escapes(oauth_params)
        if escaped is not None:
            values = [value for _, value in escaped]
        else:
            values = [escape(_text_of(value)) for value in oauth_params.values()]
        params = [f'{key}="{value}"' for key, value in zip(oauth_params, values)]
        return ",".join([f'OAuth realm="{realm}"', *params])

    def __call__(self, r: PreparedRequest) -> PreparedRequest:
        r.headers["Authorization"] = self._get_auth_header()
        return r

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OAuth1Auth):
            return NotImplemented
        return (dict(self.oauth_params), self.realm) == (dict(other.oauth_params), other.realm)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<OAuth1Auth realm={self.realm!r} params={sorted(self.oauth_params)!r}>"


class OAuth2Auth(AuthBase):
    """Attaches OAuth 2 Authentication to a given Request object.

    Writes ``Authorization: Bearer <access_token>`` (RFC 6750 section 2.1).

    :param access_token: The access token.
    :type access_token: str
    """

    def __init__(self, access_token: str) -> None:
        if not isinstance(access_token, (str, bytes)):
            raise TypeError(
                "access_token must be a str, not "
                f"{type(access_token).__name__}: get one from "
                "OAuth2Service.get_access_token() or pass it to OAuth2Session"
            )
        token = _text(access_token, "access_token")
        if not _HEADER_TOKEN.fullmatch(token):
            raise ValueError(
                "access_token holds characters an Authorization header cannot carry "
                "(whitespace, control or non-ASCII characters): strip the token you "
                "read, e.g. token.strip()"
            )
        #: The bearer token.
        self.access_token = token

    def __call__(self, r: PreparedRequest) -> PreparedRequest:
        r.headers["Authorization"] = "Bearer " + self.access_token
        return r

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OAuth2Auth):
            return NotImplemented
        return self.access_token == other.access_token

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "<OAuth2Auth Bearer>"
