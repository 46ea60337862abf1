"""
rauth.limits
------------

How much of a token endpoint's answer rauth reads: at most
:data:`MAX_TOKEN_RESPONSE_BYTES` of the body, counted after decompression.
A token response is a few hundred bytes; a hostile or broken endpoint could
answer gigabytes, or a small gzip body that inflates to them, and requests
would read it all into memory before rauth looked at it.

The token requests of :class:`rauth.OAuth2Service` (token, refresh,
revocation) and of a session's refresh are made inside
:func:`token_requests`; a session preparing a request then adds
:func:`read_bounded` as its response hook. The arguments handed to
``requests.Session.request`` are not changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from requests import PreparedRequest, Response

from rauth.errors import OAuth2Error

__all__ = ["MAX_TOKEN_RESPONSE_BYTES", "read_bounded", "token_requests"]

#: The most of a token endpoint's body rauth reads, after decompression.
MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024

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
    """Read the body of ``response``, at most :data:`MAX_TOKEN_RESPONSE_BYTES`
    of it once decompressed (a response hook).

    :raises rauth.errors.OAuth2Error: when the body is longer.
    """
    raw = response.raw
    content: Any = response._content
    if content is not False or not hasattr(raw, "read"):  # read already, or no stream
        return response
    limit = MAX_TOKEN_RESPONSE_BYTES
    try:
        data = raw.read(limit + 1, decode_content=True)
    except TypeError:  # a stream that is not urllib3's: no decoding to ask for
        data = raw.read(limit + 1)
    if len(data or b"") > limit:
        response.close()
        url = (response.url or "").split("?")[0]
        raise OAuth2Error(
            f"the token endpoint {url} answered HTTP {response.status_code} with more "
            f"than {limit} bytes (decompressed): not read, as no token is that long",
            status_code=response.status_code,
            response=response,
        )
    response._content = data or b""
    setattr(response, "_content_consumed", True)  # noqa: B010  (untyped in the stubs)
    release = getattr(raw, "release_conn", None)
    if callable(release):
        release()
    return response
