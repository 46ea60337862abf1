"""
rauth.oauth
-----------

OAuth 1.0a request signing (RFC 5849 section 3.4).

The signature base string is built once, in :class:`SignatureMethod`, from
what :mod:`requests` will put on the wire: the URL's query, ``params`` and a
form-encoded ``data`` body, encoded by requests' own encoder. Each signature
method only turns (key, base string) into a signature.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac  # noqa: F401  (a rauth 0.7 name of this module)
import logging
import re
from collections.abc import Iterable, Mapping
from hashlib import sha1  # noqa: F401  (a rauth 0.7 name of this module)
from types import MappingProxyType
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from requests.models import PreparedRequest
from requests.structures import CaseInsensitiveDict as _HeaderDict

# rauth 0.7 imported these here, and user code imports them from here
from rauth.compat import is_basestring, quote, urlencode  # noqa: F401
from rauth.encoded import EncodedForm
from rauth.errors import MissingDependencyError
from rauth.utils import (
    FORM_URLENCODED,  # noqa: F401  (a rauth 0.7 name of this module)
    _Pairs,
    _split_form,
    _split_url,
    _text,
    _text_of,
    _url_text,
    _utf8,
    escape,
    is_form_urlencoded,
    is_secret_name,
)

__all__ = [
    "HmacSha1Signature",
    "HmacSha256Signature",
    "HmacSha512Signature",
    "PlaintextSignature",
    "RsaSha1Signature",
    "RsaSha256Signature",
    "RsaSha512Signature",
    "SignatureMethod",
    "base_string_uri",
    "normalize_parameters",
    "signature_base_string",
]

log = logging.getLogger("rauth")


#: Ports dropped from the base string URI (RFC 5849 section 3.4.1.2).
_DEFAULT_PORTS = MappingProxyType({"http": 80, "https": 443})


#: Parameters that are not signed (RFC 5849 section 3.4.1.3.1).
_UNSIGNED_OAUTH_PARAMS = frozenset(("oauth_signature", "realm"))


#: A URL that requests sends unchanged (nothing to quote or normalize).
_PLAIN_URL = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@/?#-]*")


def _octets(value: Any) -> bytes:
    """Return the octets requests sends for a scalar: UTF-8 text, bytes as
    they are, anything else as ``str(value)``."""
    if isinstance(value, str):
        return _utf8(value, "a parameter name or value")
    if isinstance(value, bytes):
        return value
    return _utf8(str(value), "a parameter value")


def _is_scalar(value: Any) -> bool:
    """Tell whether requests sends ``value`` as one value (not iterated)."""
    return isinstance(value, (str, bytes)) or not hasattr(value, "__iter__")


def _value_octets(name: Any, values: Any) -> list[bytes]:
    """Return the octets of each value requests sends for parameter ``name``.

    A list or tuple gives one value per item; ``None`` is dropped.

    :raises TypeError: for a value requests would iterate into something
        else than the caller meant (a dict, set, generator or nested list).
    """
    if _is_scalar(values):
        values = (values,)
    elif not isinstance(values, (list, tuple)) or not all(map(_is_scalar, values)):
        raise TypeError(
            f"the value of parameter {name!r} must be a str, bytes, a number, None "
            f"or a list of those, not {type(values).__name__}: requests cannot send "
            "it as the caller means it, so it cannot be signed"
        )
    return [_octets(value) for value in values if value is not None]


def _items(container: Any) -> Iterable[Any]:
    """Return the ``(name, value)`` items of a mapping or a list of pairs.

    :raises TypeError: for anything else, which requests cannot send.
    """
    if isinstance(container, Mapping):
        return container.items()
    if isinstance(container, (list, tuple)) and all(
        isinstance(item, (list, tuple)) and len(item) == 2 for item in container
    ):
        return container
    raise TypeError(
        "params and form data must be a dict, a list of (name, value) pairs, "
        f"str, bytes or None, not {type(container).__name__}"
    )


def _encoded_pairs(container: Any) -> _Pairs:
    """Return the pairs requests will send for a ``params`` or form ``data`` value.

    ``str``/``bytes`` are sent as they are; for mappings and lists of pairs
    this follows requests' encoder: ``None`` values are dropped, lists give
    repeated names, numbers are sent as their text.
    """
    if container is None:
        return []
    if isinstance(container, (str, bytes)):
        return _split_form(container)
    return [
        (_octets(name), value)
        for name, values in _items(container)
        for value in _value_octets(name, values)
    ]


def _content_type(headers: Any) -> Any:
    """Return the ``Content-Type`` of a headers mapping, ignoring case, or ``None``."""
    if isinstance(headers, _HeaderDict):
        return headers.get("Content-Type")
    if not isinstance(headers, Mapping):
        return None
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == "content-type":
            return value
    return None


def _escaped_pairs(container: Any) -> list[tuple[str, str]]:
    """Return the escaped pairs requests will send for ``params`` or form
    ``data``: those an :class:`~rauth.encoded.EncodedForm` carries, else
    the escapes of :func:`_encoded_pairs`."""
    if type(container) is EncodedForm and container.escaped is not None:
        return container.escaped
    return [(escape(name), escape(value)) for name, value in _encoded_pairs(container)]


def _escaped_request_pairs(req_kwargs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return the escaped (RFC 5849 section 3.6) ``params`` pairs, then the
    form body pairs, of ``req_kwargs``: the body is signed only when the
    ``Content-Type`` header says it is form-encoded (section 3.4.1.3.1)."""
    pairs = _escaped_pairs(req_kwargs.get("params"))
    if is_form_urlencoded(_content_type(req_kwargs.get("headers"))):
        pairs = pairs + _escaped_pairs(req_kwargs.get("data"))
    return pairs


def normalize_parameters(pairs: Iterable[tuple[bytes, bytes]]) -> str:
    """Encode, sort and join parameters (RFC 5849 section 3.4.1.3.2).

    :param pairs: Raw ``(name, value)`` octet pairs.
    :rtype: str
    """
    encoded = sorted((escape(name), escape(value)) for name, value in pairs)
    return "&".join(f"{name}={value}" for name, value in encoded)


def _sent_url(url: str) -> str:
    """Return ``url`` as requests sends it.

    requests (with urllib3) IDNA-encodes the host, quotes the path and
    query, upper-cases percent-escapes and removes dot segments; a URL of
    plain characters only goes out as it is, which saves the work.
    """
    if _PLAIN_URL.fullmatch(url) and "/." not in url:
        return url
    prepared = PreparedRequest()
    prepared.prepare_url(url, None)
    return prepared.url or url


def base_string_uri(url: str) -> str:
    """Return the base string URI of ``url`` (RFC 5849 section 3.4.1.2).

    Scheme and host are lower-cased, the default port of the scheme is
    dropped, and so are the user info, query and fragment. The path is kept
    as requests sends it.

    :param url: An absolute URL.
    :type url: str
    :rtype: str
    """
    return _uri_of_sent(_sent_url(url))


def _uri_of_sent(url: str) -> str:
    """Return the base string URI of a URL as requests sends it."""
    parts = _split_url(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = parts.path
    return urlunsplit((scheme, host, path or "/", "", ""))


def signature_base_string(
    method: str,
    url: str,
    oauth_params: Mapping[str, Any],
    req_kwargs: Mapping[str, Any] | None = None,
) -> str:
    """Return the signature base string of a request (RFC 5849 section 3.4.1).

    This is what an OAuth 1 request is signed over; compare it with the one
    your provider reports when it answers 401. The parameters are those of
    the URL's query, ``params``, a form-encoded ``data`` body and
    ``oauth_params`` (without ``oauth_signature`` and ``realm``).

    >>> signature_base_string('get', 'HTTP://Example.com:80/a b?x=1',
    ...                       {'oauth_nonce': 'n'}, {'params': {'y': '2 3'}})
    'GET&http%3A%2F%2Fexample.com%2Fa%2520b&oauth_nonce%3Dn%26x%3D1%26y%3D2%25203'

    :param method: The HTTP method, in any case.
    :type method: str
    :param url: The absolute request URL, query included.
    :type url: str
    :param oauth_params: The OAuth protocol parameters.
    :type oauth_params: dict
    :param req_kwargs: The keyword arguments of the request (``params``,
        ``data``, ``headers``), defaults to none.
    :type req_kwargs: dict
    :rtype: str
    """
    req_kwargs = _checked_kwargs(req_kwargs)
    uri, query_pairs = _url_facts(url) if type(url) is str else _facts_of(_url_text(url))
    pairs = [*query_pairs, *_escaped_request_pairs(req_kwargs)]
    # oauth_signature is never signed, wherever it is (RFC 5849 3.4.1.3.1)
    pairs = [pair for pair in pairs if pair[0] != "oauth_signature"]
    pairs += _escaped_oauth_pairs(oauth_params)
    pairs.sort()
    return f"{escape(_text(method, 'method').upper())}&{uri}&{_normalized(pairs)}"


def _normalized(pairs: list[tuple[str, str]]) -> str:
    """Return the escaped ``name=value&...`` join of sorted escaped pairs
    (RFC 5849 sections 3.4.1.3.2 and 3.6).

    The escaped names and values hold only unreserved characters and "%",
    so escaping their join is "%" -> "%25", "=" -> "%3D" and "&" -> "%26":
    on the whole join for many pairs (three passes instead of two per
    pair), pair by pair for few (a large body is not copied three more
    times).
    """
    if len(pairs) >= _MANY_PAIRS:
        joined = "&".join([f"{name}={value}" for name, value in pairs])
        return joined.replace("%", "%25").replace("=", "%3D").replace("&", "%26")
    return "%26".join(
        [f"{name.replace('%', '%25')}%3D{value.replace('%', '%25')}" for name, value in pairs]
    )


#: From this many pairs on, :func:`_normalized` escapes their whole join.
_MANY_PAIRS = 32


def _escaped_oauth_pairs(oauth_params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return the escaped OAuth protocol parameters to sign: those an
    :class:`~rauth.encoded.EncodedForm` carries, else escaped now."""
    if type(oauth_params) is EncodedForm and oauth_params.escaped is not None:
        return [pair for pair in oauth_params.escaped if pair[0] not in _UNSIGNED_OAUTH_PARAMS]
    return [
        (escape(name), escape(_text_of(value)))
        for name, value in [(_text_of(key), value) for key, value in _items(oauth_params)]
        if name not in _UNSIGNED_OAUTH_PARAMS
    ]


def _checked_kwargs(req_kwargs: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Return ``req_kwargs``, or ``{}`` for ``None``.

    :raises TypeError: for anything but a mapping.
    """
    if req_kwargs is None:
        return {}
    if not isinstance(req_kwargs, Mapping):
        raise TypeError(
            "req_kwargs must be a dict of the request's keyword arguments (params, data, "
            f"headers), not {type(req_kwargs).__name__}"
        )
    return req_kwargs


def _facts_of(url: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Return the escaped base string URI and escaped query pairs of ``url``."""
    url = _sent_url(url)
    query = tuple(
        (escape(name), escape(value)) for name, value in _split_form(_split_url(url).query)
    )
    return escape(_uri_of_sent(url)), query


#: :func:`_facts_of` for the URLs last signed: they depend on the URL only.
_url_facts = functools.lru_cache(maxsize=256)(_facts_of)


def _redacted(base_string: str) -> str:
    """Return ``base_string`` with the values of secret-looking parameters hidden."""
    method, uri, params = base_string.split("&", 2)
    hidden = []
    for field in params.split("%26"):
        name, sep, _value = field.partition("%3D")
        # a log line persists: the token identifier is hidden there too
        secret = is_secret_name(name) or name == "oauth_token"
        hidden.append(f"{name}{sep}***" if secret else field)
    return "&".join((method, uri, "%26".join(hidden)))


def _hmac_key(consumer_secret: str | bytes, access_token_secret: str | bytes | None) -> bytes:
    """Return the HMAC/PLAINTEXT key: both secrets encoded and joined by ``&``."""
    if not isinstance(consumer_secret, (str, bytes)):
        raise TypeError(
            "consumer_secret must be a str, not "
            f"{type(consumer_secret).__name__}: pass the consumer secret your "
            "provider issued"
        )
    if access_token_secret is not None and not isinstance(access_token_secret, (str, bytes)):
        raise TypeError(
            f"access_token_secret must be a str or None, not {type(access_token_secret).__name__}"
        )
    token_secret = escape(access_token_secret) if access_token_secret else ""
    return f"{escape(consumer_secret)}&{token_secret}".encode("ascii")


class SignatureMethod:
    """A base class for signature methods providing a set of common methods.

    A subclass sets :attr:`NAME` and implements :meth:`_sign_base_string`;
    :meth:`sign` builds the base string once for all of them. The helpers
    ``_escape``, ``_remove_qs`` and ``_normalize_request_parameters`` are
    kept for code that calls them, as rauth 0.7 had them; :meth:`sign`
    does not call them, so overriding them changes nothing.
    """

    #: The ``oauth_signature_method`` value.
    NAME = ""

    def _ensure_unicode(self, s: str | bytes) -> str | bytes:
        """Return ``str`` as UTF-8 ``bytes`` and ``bytes`` as ``str`` (rauth 0.7)."""
        if not isinstance(s, bytes):
            return s.encode("utf-8")
        return s.decode("utf-8")

    def _escape(self, s: str | bytes) -> bytes:
        """Escapes a string, ensuring it is encoded as a UTF-8 octet.

        :param s: A string to be encoded.
        :type s: str
        :rtype: bytes
        """
        return escape(_text(s, "the value to escape")).encode("ascii")

    def _remove_qs(self, url: str) -> str:
        """Removes a query string from a URL before signing.

        :param url: The URL to strip.
        :type url: str
        :rtype: str
        """
        scheme, netloc, path, _, fragment = urlsplit(url)
        return urlunsplit((scheme, netloc, path, "", fragment))

    def _normalize_request_parameters(
        self, oauth_params: Mapping[str, Any], req_kwargs: Mapping[str, Any]
    ) -> str:
        """Normalize the request parameters as RFC 5849 section 3.4.1.3 details.

        The parameters are ``req_kwargs``' ``params``, its ``data`` when the
        ``Content-Type`` header is form-encoded, and ``oauth_params``; they
        are encoded, sorted and joined into one string.

        :param oauth_params: OAuth params to sign with.
        :type oauth_params: dict
        :param req_kwargs: Request kwargs to normalize.
        :type req_kwargs: dict
        :rtype: str
        """
        pairs = _escaped_request_pairs(req_kwargs) + _escaped_oauth_pairs(oauth_params)
        return "&".join(f"{name}={value}" for name, value in sorted(pairs))

    def _sign_base_string(
        self,
        consumer_secret: Any,
        access_token_secret: str | bytes | None,
        base_string: str,
    ) -> str:
        """Turn the base string into a signature; subclasses implement it."""
        raise NotImplementedError(f"{type(self).__name__} does not implement signing")

    def sign(
        self,
        consumer_secret: Any,
        access_token_secret: str | bytes | None,
        method: str,
        url: str,
        oauth_params: Mapping[str, Any],
        req_kwargs: Mapping[str, Any],
    ) -> str:
        """Sign request parameters.

        :param consumer_secret: Consumer secret (for RSA methods, the RSA
            private key).
        :type consumer_secret: str
        :param access_token_secret: Access token secret.
        :type access_token_secret: str
        :param method: The method of this particular request.
        :type method: str
        :param url: The URL of this particular request.
        :type url: str
        :param oauth_params: OAuth parameters.
        :type oauth_params: dict
        :param req_kwargs: Keyworded args that will be sent to the request
            method.
        :type req_kwargs: dict
        :rtype: str
        """
        base_string = signature_base_string(method, url, oauth_params, req_kwargs)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s signature base string: %s", self.NAME, _redacted(base_string))
        return self._sign_base_string(consumer_secret, access_token_secret, base_string)


#: Octet translations XOR-ing the HMAC key with ipad and opad (RFC 2104).
_IPAD = bytes(octet ^ 0x36 for octet in range(256))
_OPAD = bytes(octet ^ 0x5C for octet in range(256))


def _hmac_pads(key: bytes, digest: Callable[..., Any]) -> tuple[Any, Any]:
    """Return the hash states of ``key``'s inner and outer HMAC pads (RFC
    2104 section 2) with ``digest``: copying them saves hashing the pads for
    each message, and the per-call set-up of a one-shot HMAC."""
    block_size = digest().block_size
    padded = (digest(key).digest() if len(key) > block_size else key).ljust(block_size, b"\0")
    return digest(padded.translate(_IPAD)), digest(padded.translate(_OPAD))


class _HmacSignature(SignatureMethod):
    """HMAC signing (RFC 5849 section 3.4.2) with :attr:`_DIGEST`.

    The hash states of the HMAC pads of the last secrets are kept, with
    those secrets (a session passes the same objects each time: they are
    compared by identity, and the key is built only for new ones). The
    states are only ever copied, so threads may share them, and never
    pickled.
    """

    _DIGEST: Callable[..., Any] = hashlib.sha1
    _pads: tuple[Any, Any, Any, Any, Any] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if name != "_pads"}

    def _sign_base_string(
        self,
        consumer_secret: Any,
        access_token_secret: str | bytes | None,
        base_string: str,
    ) -> str:
        pads = self._pads
        if (  # new secrets: a session passes the same objects each time
            pads is None
            or pads[0] is not consumer_secret
            or pads[1] is not access_token_secret
            or pads[2] is not self._DIGEST
        ):
            key = _hmac_key(consumer_secret, access_token_secret)
            digest = self._DIGEST
            pads = self._pads = (
                consumer_secret,
                access_token_secret,
                digest,
                *_hmac_pads(key, digest),
            )
        inner, outer = pads[3].copy(), pads[4].copy()
        inner.update(base_string.encode("ascii"))
        outer.update(inner.digest())
        return base64.b64encode(outer.digest()).decode("ascii")


class HmacSha1Signature(_HmacSignature):
    """HMAC-SHA1 Signature Method.

    This is a signature method, as per the OAuth 1.0/a specs. As the name
    might suggest, this method signs parameters with HMAC using SHA1.
    """

    NAME = "HMAC-SHA1"
    _DIGEST = hashlib.sha1


class HmacSha256Signature(_HmacSignature):
    """HMAC-SHA256 Signature Method: HMAC as RFC 5849 defines it, using SHA-256."""

    NAME = "HMAC-SHA256"
    _DIGEST = hashlib.sha256


class HmacSha512Signature(_HmacSignature):
    """HMAC-SHA512 Signature Method: HMAC as RFC 5849 defines it, using SHA-512."""

    NAME = "HMAC-SHA512"
    _DIGEST = hashlib.sha512


_INVALID_RSA_KEY = (
    "invalid consumer_secret: for {name} it must be an RSA private key, as PEM "
    "text (str or bytes) or a loaded cryptography RSAPrivateKey"
)


class _RsaSignature(SignatureMethod):
    """RSASSA-PKCS1-v1_5 signing (RFC 5849 section 3.4.3) with :attr:`_HASH`.

    Needs :mod:`cryptography`: ``pip install "rauth[rsa]"``.
    """

    _HASH = "SHA1"

    def __init__(self) -> None:
        try:
            from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: F401
        except ImportError:  # pragma: no cover - depends on the environment
            raise MissingDependencyError(self.NAME, "rsa") from None
        self._cached_key: tuple[bytes, Any] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._cached_key = None

    def _load_key(self, key: Any) -> Any:
        """Return ``key`` as a cryptography RSA private key.

        :raises ValueError: if ``key`` is not an RSA private key.
        """
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        if isinstance(key, rsa.RSAPrivateKey):
            return key
        export = getattr(key, "export_key", None) or getattr(key, "exportKey", None)
        if callable(export):  # a PyCryptodome / PyCrypto key, as rauth 0.7 took
            key = export()
        if not isinstance(key, (str, bytes)):
            raise ValueError(_INVALID_RSA_KEY.format(name=self.NAME))
        pem = _utf8(key, "consumer_secret (the RSA private key)") if isinstance(key, str) else key
        if self._cached_key is not None and self._cached_key[0] == pem:
            return self._cached_key[1]
        try:
            loaded = load_pem_private_key(pem, password=None)
        except (ValueError, TypeError):
            raise ValueError(_INVALID_RSA_KEY.format(name=self.NAME)) from None
        if not isinstance(loaded, rsa.RSAPrivateKey):
            raise ValueError(_INVALID_RSA_KEY.format(name=self.NAME))
        self._cached_key = (pem, loaded)
        return loaded

    def _sign_base_string(
        self,
        consumer_secret: Any,
        access_token_secret: str | bytes | None,
        base_string: str,
    ) -> str:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        key = self._load_key(consumer_secret)
        algorithm = getattr(hashes, self._HASH)()
        signature = key.sign(base_string.encode("ascii"), padding.PKCS1v15(), algorithm)
        return base64.b64encode(signature).decode("ascii")


class RsaSha1Signature(_RsaSignature):
    """RSA-SHA1 Signature Method.

    This is a signature method, as per the OAuth 1.0/a specs. As the name
    might suggest, this method signs parameters with RSA using SHA1. The
    ``consumer_secret`` given to :meth:`sign` is the RSA private key: PEM
    text or a loaded :mod:`cryptography` key.
    """

    NAME = "RSA-SHA1"
    _HASH = "SHA1"


class RsaSha256Signature(_RsaSignature):
    """RSA-SHA256 Signature Method: RSA-SHA1's scheme with SHA-256."""

    NAME = "RSA-SHA256"
    _HASH = "SHA256"


class RsaSha512Signature(_RsaSignature):
    """RSA-SHA512 Signature Method: RSA-SHA1's scheme with SHA-512."""

    NAME = "RSA-SHA512"
    _HASH = "SHA512"


class PlaintextSignature(SignatureMethod):
    """PLAINTEXT Signature Method (RFC 5849 section 3.4.4).

    The signature is the two secrets joined by ``&``, so RFC 5849 requires
    TLS: over plain ``http`` a warning is logged on the ``rauth`` logger.
    """

    NAME = "PLAINTEXT"

    def sign(
        self,
        consumer_secret: Any,
        access_token_secret: str | bytes | None,
        method: str,
        url: str,
        oauth_params: Mapping[str, Any],
        req_kwargs: Mapping[str, Any],
    ) -> str:
        """Sign request using PLAINTEXT method.

        :param consumer_secret: Consumer secret.
        :type consumer_secret: str
        :param access_token_secret: Access token secret (optional).
        :type access_token_secret: str
        :param method: Unused
        :type method: str
        :param url: Checked for ``https``
        :type url: str
        :param oauth_params: Unused
        :type oauth_params: dict
        :param req_kwargs: Unused
        :type req_kwargs: dict
        :rtype: str
        """
        if isinstance(url, str) and url[:5].lower() == "http:":
            log.warning(
                "PLAINTEXT signature sent over plain http to %s: RFC 5849 "
                "section 3.4.4 requires TLS (https) for it",
                base_string_uri(url),
            )
        return self._sign_base_string(consumer_secret, access_token_secret, "")

    def _sign_base_string(
        self,
        consumer_secret: Any,
        access_token_secret: str | bytes | None,
        base_string: str,
    ) -> str:
        return _hmac_key(consumer_secret, access_token_secret).decode("ascii")
