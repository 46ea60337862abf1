"""
rauth.hooks
-----------

Compliance hooks: fixes for providers that do not quite follow RFC 6749,
with requests-oauthlib's names and signatures, registered on an
:class:`~rauth.OAuth2Service` with
:meth:`~rauth.OAuth2Service.register_compliance_hook` and used by it and
its sessions.

- ``access_token_request``, ``refresh_token_request``, ``protected_request``:
  ``fn(url, headers, body) -> (url, headers, body)``, where ``body`` is the
  form-encoded text of a token request, or the ``data`` of a request;
- ``access_token_response``, ``refresh_token_response``:
  ``fn(response) -> response``, before rauth reads the response.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, Callable

from requests import Response

from rauth.compat import urlencode
from rauth.utils import FORM_URLENCODED

__all__ = ["COMPLIANCE_HOOKS", "register_compliance_hook"]

#: The hook names, as requests-oauthlib has them.
COMPLIANCE_HOOKS = (
    "access_token_request",
    "access_token_response",
    "refresh_token_request",
    "refresh_token_response",
    "protected_request",
)


#: Serialises registrations (rare: at setup), each a copy and a replacement.
_REGISTERING = threading.Lock()


def register_compliance_hook(owner: Any, hook: str, fn: Callable[..., Any]) -> None:
    """Add ``fn`` to the ``hook`` hooks of ``owner`` (a service).

    :raises ValueError: for an unknown hook name; :raises TypeError: for
        an ``fn`` that is not callable.
    """
    if hook not in COMPLIANCE_HOOKS:
        raise ValueError(
            f"unknown compliance hook {hook!r}: use one of {', '.join(COMPLIANCE_HOOKS)}"
        )
    if not callable(fn):
        raise TypeError(f"a compliance hook must be a function, not {type(fn).__name__}")
    with _REGISTERING:  # two threads registering at once both count
        hooks: dict[str, list[Callable[..., Any]]] | None = owner.__dict__.get("compliance_hook")
        if hooks is None:
            hooks = {name: [] for name in COMPLIANCE_HOOKS}
        else:
            hooks = {name: list(fns) for name, fns in hooks.items()}
        hooks[hook].append(fn)
        owner.compliance_hook = hooks  # replaced whole: threads see one or the other


def _hooks(owner: Any, hook: str) -> list[Callable[..., Any]]:
    hooks = getattr(owner, "compliance_hook", None)
    return list(hooks.get(hook, ())) if hooks else []


def token_request(owner: Any, hook: str, url: str, kwargs: dict[str, Any]) -> str:
    """Run the ``*_token_request`` hooks over a token request: its form
    ``data`` goes to them as text, and comes back as the body sent."""
    fns = _hooks(owner, hook)
    if not fns:
        return url
    data = kwargs.get("data")
    body = urlencode(list(data.items()) if isinstance(data, Mapping) else data or [])
    headers = dict(kwargs.get("headers") or {})
    headers.setdefault("Content-Type", FORM_URLENCODED)
    for fn in fns:
        url, headers, body = fn(url, headers, body)
    kwargs.update(data=body, headers=headers)
    return url


def token_response(owner: Any, hook: str, response: Response) -> Response:
    """Run the ``*_token_response`` hooks over a token response."""
    for fn in _hooks(owner, hook):
        response = fn(response)
    return response


def protected_request(
    owner: Any, url: str, req_kwargs: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Run the ``protected_request`` hooks over a session's request."""
    fns = _hooks(owner, "protected_request")
    if not fns:
        return url, req_kwargs
    headers, data = dict(req_kwargs.get("headers") or {}), req_kwargs.get("data")
    for fn in fns:
        url, headers, data = fn(url, headers, data)
    req_kwargs.update(headers=headers, data=data)
    return url, req_kwargs
