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

A ``protected_request`` hook that needs the access token (to put it where
the provider looks for it) is wrapped in :func:`with_token`: it is then
called as ``fn(url, headers, data, token)`` with the
:class:`~rauth.OAuth2Token` the request is sent with, the refreshed one
after a refresh. Protected request hooks run each time a request is sent,
on the request as the caller made it. :mod:`rauth.quirks` holds ready-made
fixes for known providers.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, Callable

from requests import PreparedRequest, Response
from requests.structures import CaseInsensitiveDict

from rauth.compat import urlencode
from rauth.prepared import _set_body
from rauth.utils import FORM_URLENCODED

__all__ = [
    "COMPLIANCE_HOOKS",
    "TokenHook",
    "has_protected_hooks",
    "protected_prepared",
    "register_compliance_hook",
    "with_token",
]

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


class TokenHook:
    """A ``protected_request`` hook that takes the token too: what
    :func:`with_token` returns.

    :param fn: ``fn(url, headers, data, token) -> (url, headers, data)``.
    :type fn: callable
    """

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[str, dict[str, Any], Any, Any], tuple[str, Any, Any]]) -> None:
        if not callable(fn):
            raise TypeError(f"a compliance hook must be a function, not {type(fn).__name__}")
        #: The wrapped function.
        self.fn = fn

    def __call__(self, url: str, headers: dict[str, Any], data: Any, token: Any = None) -> Any:
        return self.fn(url, headers, data, token)

    def __repr__(self) -> str:
        return f"with_token({self.fn!r})"


def with_token(
    fn: Callable[[str, dict[str, Any], Any, Any], tuple[str, Any, Any]],
) -> TokenHook:
    """Mark a ``protected_request`` hook as needing the access token: it is
    called as ``fn(url, headers, data, token)``, ``token`` being the
    :class:`~rauth.OAuth2Token` sent (after any refresh).

    >>> from rauth.hooks import with_token
    >>> def token_in_query(url, headers, data, token):
    ...     return url + '?oauth2_access_token=' + token.access_token, headers, data
    >>> linkedin = OAuth2Service(**provider.oauth2_service_kwargs())
    >>> linkedin.register_compliance_hook('protected_request', with_token(token_in_query))

    :param fn: The hook.
    :type fn: callable
    :rtype: TokenHook
    """
    return TokenHook(fn)


def register_compliance_hook(owner: Any, hook: str, fn: Callable[..., Any]) -> None:
    """Add ``fn`` to the ``hook`` hooks of ``owner`` (a service).

    :raises ValueError: for an unknown hook name, or a :func:`with_token`
        hook for another hook than ``protected_request``; :raises
        TypeError: for an ``fn`` that is not callable.
    """
    if hook not in COMPLIANCE_HOOKS:
        raise ValueError(
            f"unknown compliance hook {hook!r}: use one of {', '.join(COMPLIANCE_HOOKS)}"
        )
    if not callable(fn):
        raise TypeError(f"a compliance hook must be a function, not {type(fn).__name__}")
    if isinstance(fn, TokenHook) and hook != "protected_request":
        raise ValueError(f"a with_token() hook is a protected_request hook, not {hook!r}")
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
    owner: Any, url: str, req_kwargs: dict[str, Any], token: Any = None
) -> tuple[str, dict[str, Any]]:
    """Run the ``protected_request`` hooks over a session's request sent
    with ``token``; return the URL and new keyword arguments (those given
    are not changed)."""
    if not has_protected_hooks(owner):
        return url, req_kwargs
    headers, data = dict(req_kwargs.get("headers") or {}), req_kwargs.get("data")
    url, headers, data = _run_protected(owner, url, headers, data, token)
    return url, {**req_kwargs, "headers": headers, "data": data}


def _run_protected(
    owner: Any, url: str, headers: dict[str, Any], data: Any, token: Any
) -> tuple[str, dict[str, Any], Any]:
    """Pass ``(url, headers, data)`` through the ``protected_request``
    hooks of ``owner``, a :func:`with_token` hook with ``token`` too."""
    for fn in _hooks(owner, "protected_request"):
        if isinstance(fn, TokenHook):
            url, headers, data = fn.fn(url, headers, data, token)
        else:
            url, headers, data = fn(url, headers, data)
    return url, headers, data


def has_protected_hooks(owner: Any) -> bool:
    """Whether ``owner`` (a service, or ``None``) has ``protected_request`` hooks."""
    hooks = getattr(owner, "compliance_hook", None)
    return bool(hooks and hooks.get("protected_request"))


def protected_prepared(owner: Any, prepared: PreparedRequest, token: Any = None) -> None:
    """Run the ``protected_request`` hooks of ``owner`` over ``prepared``
    (a request an auth object is sending with ``token``), in place: its
    URL, its headers and its body (the encoded text, or ``None``); a hook
    that gives back a dict or pairs for the body makes it a form."""
    url, headers, body = _run_protected(
        owner, str(prepared.url), dict(prepared.headers), prepared.body, token
    )
    prepared.url = url
    prepared.headers = CaseInsensitiveDict(headers)
    if body is not prepared.body:
        if isinstance(body, (str, bytes)):
            _set_body(prepared, body)
        else:  # None, or a dict or pairs: requests makes the body (a form)
            prepared.headers.pop("Content-Length", None)
            prepared.prepare_body(body, None)
