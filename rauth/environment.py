"""
rauth.environment
-----------------

requests' settings from the environment, read once per environment.

For every request, :meth:`requests.Session.merge_environment_settings`
reads the proxy settings from the environment: it walks all of
:data:`os.environ` several times, which with a few dozen variables costs
about half of a whole plain requests call. Its result depends only on the environment, the
scheme and host of the URL, and the settings given and the session's.

:func:`merged` returns requests' own result for those, remembered for as
long as the environment is the same: each call compares the environment
with the copy taken with the results (one dict comparison), so a variable
set, changed or removed in between is seen by the next request, as
requests sees it. It falls back to requests on every call where the proxy
settings may come from elsewhere (the system settings of macOS and
Windows), when requests' or the standard library's functions for it are
not the ones rauth was imported with (patched, say, by a test) or a class
after the session's overrides ``merge_environment_settings``, when
:data:`os.environ` is not the standard library's mapping, and for values
that cannot be remembered (unhashable ones).
"""

from __future__ import annotations

import os
import urllib.request
from typing import Any, Callable
from urllib.parse import urlsplit

import requests.sessions
import requests.utils

__all__ = ["merged"]

_Merge = Callable[..., Any]

#: The functions requests' environment settings come from, as imported:
#: a result is remembered only while they are all still these.
_SOURCES = (
    (requests.sessions, "get_environ_proxies"),
    (requests.utils, "get_environ_proxies"),
    (requests.utils, "should_bypass_proxies"),
    (requests.utils, "getproxies"),
    (requests.utils, "proxy_bypass"),
    (urllib.request, "getproxies_environment"),
    (urllib.request, "proxy_bypass_environment"),
)
_ORIGINALS = tuple(getattr(owner, name, None) for owner, name in _SOURCES)
_REQUESTS_MERGE = requests.sessions.Session.merge_environment_settings

#: The proxies come from the environment only (not from macOS's or
#: Windows' system settings, which may change without it).
_FROM_ENVIRONMENT_ONLY = urllib.request.getproxies is getattr(
    urllib.request, "getproxies_environment", None
) and urllib.request.proxy_bypass is getattr(urllib.request, "proxy_bypass_environment", None)

#: At most this many results are remembered per environment.
_MAX_RESULTS = 256

#: The environment (a copy of ``os.environ``'s own dict) and the results
#: computed in it. Replaced as a whole, never changed in place but for
#: adding a result: threads share it.
_state: tuple[dict[Any, Any] | None, dict[Any, Any]] = (None, {})


def _unchanged_sources() -> bool:
    return all(
        getattr(owner, name) is original for (owner, name), original in zip(_SOURCES, _ORIGINALS)
    )


def _typed(value: Any) -> Any:
    """Return ``value`` with its type (``True`` and ``1`` are equal keys,
    but requests tells them apart), tuples item by item."""
    if type(value) is tuple:
        return (tuple, tuple(map(_typed, value)))
    return (type(value), value)


def _items(mapping: dict[Any, Any]) -> tuple[Any, ...]:
    return tuple((name, _typed(value)) for name, value in mapping.items())


def _key(session: Any, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any) -> Any:
    """Return what requests' result depends on, hashable, or ``None``."""
    session_proxies = session.proxies
    if (
        type(url) is not str
        or (proxies is not None and type(proxies) is not dict)
        or type(session_proxies) is not dict
    ):
        return None
    parts = urlsplit(url)
    key = (
        parts.scheme,
        parts.netloc,
        None if proxies is None else _items(proxies),
        _typed(stream),
        _typed(verify),
        _typed(cert),
        _items(session_proxies),
        _typed(session.stream),
        _typed(session.verify),
        _typed(session.cert),
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


def merged(
    merge: _Merge,
    session: Any,
    url: str,
    proxies: Any,
    stream: Any,
    verify: Any,
    cert: Any,
) -> Any:
    """Return ``merge(url, proxies, stream, verify, cert)``, requests' own
    :meth:`~requests.Session.merge_environment_settings` of ``session``,
    remembered while the environment stays the same (see the module).

    As requests does, the environment's proxies are added to ``proxies``
    (a dict given by the caller), where it has none for the same key.

    :param merge: The ``merge_environment_settings`` after rauth's, bound
        to ``session``: only requests' own is remembered.
    :param session: The session.
    :type session: requests.Session
    :param url: The URL of the request.
    :type url: str
    :rtype: dict
    """
    environ = os.environ
    if not (
        _FROM_ENVIRONMENT_ONLY
        and session.trust_env
        and type(environ) is os._Environ
        # requests' own, not an override of a class after the session's
        and getattr(merge, "__func__", None) is _REQUESTS_MERGE
    ):
        return merge(url, proxies, stream, verify, cert)
    key = _key(session, url, proxies, stream, verify, cert)
    if key is None or not _unchanged_sources():
        return merge(url, proxies, stream, verify, cert)
    current = environ._data  # type: ignore[attr-defined]
    snapshot, results = _state
    found = results.get(key) if snapshot == current else None
    if found is None:
        before = dict(current)
        given = None if proxies is None else dict(proxies)
        found = (merge(url, given, stream, verify, cert), given)
        if before == environ._data:  # type: ignore[attr-defined]
            # (not changed meanwhile, say by requests' own no_proxy in a thread)
            if snapshot != before or len(results) >= _MAX_RESULTS:
                results = {}
                _set_state(before, results)
            results[key] = found
    settings, given = found
    if proxies is not None and given is not None:
        for name, value in given.items():  # what requests added, after the caller's
            proxies.setdefault(name, value)
    copied = dict(settings)
    if isinstance(copied.get("proxies"), dict):
        copied["proxies"] = copied["proxies"].copy()
    return copied


def _set_state(snapshot: dict[Any, Any], results: dict[Any, Any]) -> None:
    global _state
    _state = (snapshot, results)
