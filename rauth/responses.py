"""
rauth.responses
---------------

The token responses of a service, per thread.

rauth 0.7 kept the last token response on the service
(``service.access_token_response``), and its ``get_auth_session`` copied it
onto the new session from there. A service is shared by the threads of a web
application, so another login could replace it in between, and a session got
another user's token response. The service still keeps the last one, as rauth
0.7 did; a session gets the one of its own login, kept for the thread that
made the request.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

__all__ = ["forget", "keep", "kept"]

_R = TypeVar("_R")


def _local(service: Any) -> threading.local:
    local: threading.local | None = service.__dict__.get("_responses")
    if local is None:
        local = service.__dict__.setdefault("_responses", threading.local())
    return local


def keep(service: Any, name: str, response: _R) -> _R:
    """Set ``service.<name>`` to ``response`` (as rauth 0.7 did), and keep it
    for the calling thread; return ``response``."""
    setattr(service, name, response)
    setattr(_local(service), name, response)
    return response


def forget(service: Any, *names: str) -> None:
    """Forget the calling thread's responses ``names`` (before a login)."""
    local = _local(service)
    for name in names:
        local.__dict__.pop(name, None)


def kept(service: Any, name: str) -> Any:
    """Return the calling thread's ``name`` response since :func:`forget`,
    else ``service.<name>`` (set by code that does not go through
    :func:`keep`, e.g. a replaced method)."""
    local = _local(service)
    if name in local.__dict__:
        return local.__dict__[name]
    return getattr(service, name, None)
