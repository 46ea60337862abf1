"""
rauth.limits
------------

How much of a response rauth reads before parsing it: at most
:data:`MAX_RESPONSE_BYTES` (1 MiB) of the body, counted after
decompression, and within the request's read timeout in total.
A token response, a provider's metadata or its keys are a few kilobytes;
a hostile or broken server could answer gigabytes, or a small gzip body
that inflates to them, or drip one byte at a time (each arriving within
the read timeout, which requests counts per read, not for the body), and
requests would read it all into memory before rauth looked at it.

Bounded are: the token requests of :class:`rauth.OAuth1Service` (request
and access token) and of :class:`rauth.OAuth2Service` (token, refresh,
revocation) and a session's refresh, made inside :func:`token_requests`
(a session preparing a request then adds :func:`read_bounded` as its first
response hook; the arguments handed to ``requests.Session.request`` are
not changed); and the provider's metadata, JWKS and userinfo, read with
:func:`read_limited`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from requests import PreparedRequest, Response
from requests.exceptions import ReadTimeout

from rauth.errors import ResponseTooLargeError

__all__ = [
    "MAX_RESPONSE_BYTES",
    "MAX_TOKEN_RESPONSE_BYTES",
    "read_bounded",
    "read_limited",
    "token_request",
    "token_requests",
]

#: The most of a body rauth reads before parsing it, after decompression.
MAX_RESPONSE_BYTES = 1024 * 1024
#: The most of a token endpoint's body rauth reads (:data:`MAX_RESPONSE_BYTES`).
MAX_TOKEN_RESPONSE_BYTES = MAX_RESPONSE_BYTES

#: How much is read at once.
_CHUNK = 64 * 1024

#: The clock of the read deadline, looked up at each call (tests patch it).
monotonic = time.monotonic

#: Whether the requests being prepared go to a token endpoint (per thread
#: and task).
_TOKEN_REQUESTS: ContextVar[bool] = ContextVar("rauth_token_requests", default=False)


@contextmanager
def token_requests() -> Iterator[None]:
    """Mark the requests made inside as token endpoint requests."""
    reset = _TOKEN_REQUESTS.set(True)
    try:
        yield
    finally:
        _TOKEN_REQUESTS.reset(reset)


def bound(prepared: PreparedRequest) -> PreparedRequest:
    """Add :func:`read_bounded` to ``prepared`` inside :func:`token_requests`."""
    if _TOKEN_REQUESTS.get():
        prepared.hooks.setdefault("response", []).insert(0, read_bounded)
    return prepared


def read_bounded(response: Response, *args: Any, **kwargs: Any) -> Response:
    """Read the body of a token endpoint's ``response`` with
    :func:`read_limited` (a response hook; requests passes the request's
    ``timeout``)."""
    return read_limited(response, "the token endpoint", kwargs.get("timeout"))


def read_limited(
    response: Response,
    what: str,
    timeout: Any = None,
    limit: int | None = None,
) -> Response:
    """Read the body of ``response``: at most ``limit`` bytes (by default
    :data:`MAX_RESPONSE_BYTES`) once decompressed, within the read timeout
    of ``timeout`` in total. A body read already is left as it is.

    :param response: A response whose body is not read yet (``stream=True``,
        or in a response hook).
    :type response: requests.Response
    :param what: What answered, for the messages, e.g. ``'the token endpoint'``.
    :type what: str
    :param timeout: The request's timeout: seconds, or ``(connect, read)``.
    :raises rauth.errors.ResponseTooLargeError: when the body is longer
        (an :class:`~rauth.errors.OAuth2Error`, so a ``KeyError``).
    :raises requests.exceptions.ReadTimeout: when it takes longer.
    :rtype: requests.Response
    """
    raw = response.raw
    content: Any = response._content
    if content is not False or not hasattr(raw, "read"):  # read already, or no stream
        return response
    limit = MAX_RESPONSE_BYTES if limit is None else limit
    try:
        data = _read(raw, limit + 1, _deadline(timeout))
    except ReadTimeout:
        response.close()
        raise ReadTimeout(f"{what} at {_where(response)} sent its body too slowly") from None
    if len(data) > limit:
        response.close()
        raise ResponseTooLargeError(
            f"{what} at {_where(response)} answered HTTP {response.status_code} with more "
            f"than {limit} bytes (decompressed): not read, as no answer it gives is that long",
            limit=limit,
            status_code=response.status_code,
            response=response,
        )
    response._content = data
    setattr(response, "_content_consumed", True)  # noqa: B010  (untyped in the stubs)
    release = getattr(raw, "release_conn", None)
    if callable(release):
        release()
    return response


def _where(response: Response) -> str:
    """The response's URL without its query (which may hold credentials)."""
    return (response.url or "").split("?")[0]


def _deadline(timeout: Any) -> float | None:
    """When reading the body must be done, from a requests ``timeout``."""
    if isinstance(timeout, tuple):
        timeout = timeout[-1]
    timeout = getattr(timeout, "read_timeout", timeout)  # a urllib3 Timeout
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool):
        return None
    return monotonic() + timeout


def _read(raw: Any, most: int, deadline: float | None) -> bytes:
    """Read up to ``most`` decompressed bytes of ``raw``, a chunk at a time
    (``read1`` returns what one socket read brought, so a drip cannot hold
    a read past the deadline).

    :raises requests.exceptions.ReadTimeout: past ``deadline``.
    """
    read = getattr(raw, "read1", None) or raw.read
    chunks: list[bytes] = []
    size = 0
    while size < most:
        if deadline is not None and monotonic() > deadline:
            raise ReadTimeout("too slow")
        try:
            chunk = read(min(_CHUNK, most - size), decode_content=True)
        except TypeError:  # a stream that is not urllib3's: no decoding to ask for
            chunk = read(min(_CHUNK, most - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def token_request(session: Any, method: str, url: str, **kwargs: Any) -> Response:
    """``session.request(method, url, **kwargs)`` inside
    :func:`token_requests`: its body is read bounded."""
    with token_requests():
        response: Response = session.request(method, url, **kwargs)
    return response
