"""
rauth.transport
---------------

A warning where the transport is too weak for what a request carries:
:class:`InsecureTransportWarning`, emitted with :func:`warnings.warn` when
a request would send a credential readable by anyone on the network over
plain ``http`` to a host that is not loopback (``127.0.0.0/8``, ``::1``,
``localhost``). The credentials that warn:

- an OAuth 1 ``PLAINTEXT`` signature (the consumer and token secrets), in
  the ``Authorization`` header, the query or a form body;
- an OAuth 2 bearer token: an ``Authorization: Bearer`` header, or the
  session's ``access_token_key`` parameter in the query or a form body;
- the client secret at a token endpoint: ``client_secret`` in the query or
  a form body, or an ``Authorization: Basic`` header on a token request.

HMAC and RSA signatures do not warn: they reveal no secret (what they
protect is still readable, and TLS is still advised). The URL checked is
the one requests sends: the session's ``params`` merged in, whitespace
stripped, the scheme lower-cased. Every rauth session checks each request
it prepares; the cost for ``https`` is one ``str.startswith``.

The warning is a :class:`UserWarning`: shown once per place by Python's
default filter, silenced with
``warnings.filterwarnings('ignore', category=rauth.InsecureTransportWarning)``,
turned into an error with ``warnings.simplefilter('error',
rauth.InsecureTransportWarning)``.
"""

from __future__ import annotations

import functools
import ipaddress
import sys
import warnings
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from requests import PreparedRequest

from rauth import limits

__all__ = ["InsecureTransportWarning", "check_request", "is_loopback", "warn_if_insecure"]

#: The modules whose frames a warning skips, to point at the caller's line.
_OWN_PACKAGES = frozenset({"rauth", "requests", "urllib3"})


class InsecureTransportWarning(UserWarning):
    """A credential is about to go over plain ``http`` to a host that is
    not loopback: anyone on the network path can read it (and, for a
    bearer token or a PLAINTEXT signature, use it). Use ``https``.

    Filter it by its category, e.g.
    ``warnings.simplefilter('error', InsecureTransportWarning)``.
    """


@functools.lru_cache(maxsize=256)  # a session talks to few hosts
def is_loopback(host: str | None) -> bool:
    """Tell whether ``host`` is a loopback host: ``localhost`` (or a name
    under ``.localhost``), an address of ``127.0.0.0/8`` or ``::1``.

    :param host: A hostname or an IP address (IPv6 with or without brackets).
    :type host: str
    :rtype: bool
    """
    if not host:
        return False
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_if_insecure(url: str, what: str) -> bool:
    """Warn with :class:`InsecureTransportWarning` when ``url`` is plain
    ``http`` to a host that is not loopback; ``what`` names the credential
    sent (e.g. ``'an OAuth 2 bearer token'``). Return whether it warned.

    The check for an ``https`` URL is one ``str.startswith``. The URL is
    read as requests sends it (whitespace stripped, any scheme case), and
    only its scheme and host are named in the warning.

    :param url: The URL the request goes to.
    :type url: str
    :param what: The credential, for the message.
    :type what: str
    :rtype: bool
    """
    host = _exposed_host(url)
    if host is None:
        return False
    warnings.warn(
        f"{what} is sent over plain http to {host}: anyone on the network can "
        "read it; use https (rauth.InsecureTransportWarning)",
        InsecureTransportWarning,
        stacklevel=_callers_level(),
    )
    return True


def check_request(prepared: PreparedRequest, token_key: Any = None) -> PreparedRequest:
    """Warn (:func:`warn_if_insecure`) when ``prepared`` carries a
    credential over plain ``http`` to a host that is not loopback: a
    PLAINTEXT signature, a bearer token (in the ``Authorization`` header,
    or ``token_key`` in the query or form body) or a client secret.
    Return ``prepared``, unchanged.

    :param prepared: The request as it will be sent.
    :type prepared: requests.PreparedRequest
    :param token_key: The name of the access token parameter, e.g. an
        :class:`~rauth.OAuth2Session`'s ``access_token_key``.
    :type token_key: str
    :rtype: requests.PreparedRequest
    """
    url = prepared.url or ""
    if url.startswith("https://") or _exposed_host(url) is None:  # https: the fast path
        return prepared
    what = _credential(prepared, token_key)
    if what is not None:
        warn_if_insecure(url, what)
    return prepared


def _exposed_host(url: str) -> str | None:
    """The host of a plain ``http`` URL to a host that is not loopback."""
    if url.startswith("https://"):
        return None
    if url.startswith("http://"):  # as requests prepares it: the netloc alone, cached
        end = len(url)
        for separator in "/?#":
            found = url.find(separator, 7)
            if found != -1 and found < end:
                end = found
        return _exposed_netloc(url[7:end])
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "http" or is_loopback(parts.hostname):
        return None
    return parts.hostname or ""


@functools.lru_cache(maxsize=256)  # a session talks to few hosts
def _exposed_netloc(netloc: str) -> str | None:
    """The host of ``http://netloc``, or ``None`` for a loopback host."""
    host = urlsplit("http://" + netloc).hostname
    return None if is_loopback(host) else host or ""


def _credential(prepared: PreparedRequest, token_key: Any) -> str | None:
    """Name the credential ``prepared`` carries in the clear, if any."""
    authorization = str(prepared.headers.get("Authorization") or "")
    scheme = authorization.split(" ", 1)[0].lower()
    if scheme == "bearer":
        return "an OAuth 2 bearer token"
    if scheme == "oauth" and '"PLAINTEXT"' in authorization:
        return "a PLAINTEXT OAuth 1 signature (the consumer and token secrets)"
    if scheme == "basic" and limits._TOKEN_REQUESTS.get():
        return "the client secret (HTTP Basic)"
    if not _may_carry(prepared, token_key):  # most requests: no field to parse
        return None
    fields = _fields(prepared)
    if fields.get("oauth_signature_method") == "PLAINTEXT":
        return "a PLAINTEXT OAuth 1 signature (the consumer and token secrets)"
    if token_key and str(token_key) in fields:
        return "an OAuth 2 bearer token"
    if "client_secret" in fields:
        return "the client secret"
    return None


def _may_carry(prepared: PreparedRequest, token_key: Any) -> bool:
    """Whether the query or body holds one of the names that warn."""
    names = ["PLAINTEXT", "client_secret"] + ([str(token_key)] if token_key else [])
    body = prepared.body
    texts: list[Any] = [prepared.url or ""]
    if isinstance(body, (str, bytes)):
        texts.append(body)
    return any(
        (name.encode("utf-8") if isinstance(text, bytes) else name) in text
        for text in texts
        for name in names
    )


def _fields(prepared: PreparedRequest) -> dict[str, str]:
    """The query's and a form body's fields (the last value of each)."""
    query = urlsplit(prepared.url or "").query
    fields = dict(parse_qsl(query, keep_blank_values=True))
    body = prepared.body
    content_type = str(prepared.headers.get("Content-Type") or "")
    if body and content_type.startswith("application/x-www-form-urlencoded"):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        fields.update(parse_qsl(text, keep_blank_values=True))
    return fields


def _callers_level() -> int:
    """The ``stacklevel`` of the first frame outside rauth and requests
    (the application's call), for :func:`warnings.warn` in the caller."""
    level = 1
    frame = sys._getframe(2)  # the caller of warn_if_insecure
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in _OWN_PACKAGES:
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level + 1
