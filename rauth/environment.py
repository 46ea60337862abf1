"""
rauth.environment
-----------------

requests' settings from the environment, read once per environment.

For every request, :meth:`requests.Session.merge_environment_settings`
reads the proxy settings from the environment: it walks all of
:data:`os.environ` several times, which with a few dozen variables costs
about half of a whole plain requests call. Its result depends only on the
environment, the scheme, host and port of the URL, and the settings given
and the session's.

:func:`merged` returns requests' own result for those, remembered for as
long as the environment is the same: each call compares the environment
(its variables and their order, on which urllib's reading of
``HTTP_PROXY`` against ``Http_Proxy`` depends) with the copy taken with
the results, so a variable set, changed or removed in between is seen by
the next request, as requests sees it. A result is remembered only when
two computations in a row agree, in an environment that was the same
before and after them (another thread may change it for a moment: requests
itself does, for a ``no_proxy`` given in ``proxies``). The copy of the
environment shows nothing in a repr or a traceback's locals, and the URL's
user info is not kept.

It falls back to requests on every call where the proxy settings may come
from elsewhere (the system settings of macOS and Windows), when requests'
or the standard library's functions for it are not the ones rauth was
imported with (patched, say, by a test) or a class after the session's
overrides ``merge_environment_settings``, when :data:`os.environ` is not the
standard library's mapping, with ``trust_env`` off, and for values that
cannot be remembered (unhashable ones, a port out of range).
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


class _Snapshot:
    """A copy of :data:`os.environ` (its own dict, and the order of its
    names, on which urllib's reading of ``HTTP_PROXY`` and ``Http_Proxy``
    depends). Its repr shows none of it: values may be secrets."""

    __slots__ = ("_data", "_names")

    def __init__(self) -> None:
        data = os.environ._data  # type: ignore[attr-defined]
        self._data = dict(data)
        self._names = list(data)

    def is_current(self) -> bool:
        data = os.environ._data  # type: ignore[attr-defined]
        return self._data == data and self._names == list(data)

    def __repr__(self) -> str:
        return "<environment snapshot>"


#: The environment and the results computed in it. Replaced as a whole,
#: never changed in place but for adding a result: threads share it.
_state: tuple[_Snapshot | None, dict[Any, Any]] = (None, {})


def _unchanged_sources() -> bool:
    return all(
        getattr(owner, name, None) is original
        for (owner, name), original in zip(_SOURCES, _ORIGINALS)
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
    """Return what requests' result depends on, hashable, or ``None``: the
    URL's scheme, host and port (not its user info, which may hold a
    password), and the settings given and the session's."""
    session_proxies = session.proxies
    if (
        type(url) is not str
        or (proxies is not None and type(proxies) is not dict)
        or type(session_proxies) is not dict
    ):
        return None
    parts = urlsplit(url)
    try:
        key = (
            parts.scheme,
            parts.hostname,
            parts.port,
            None if proxies is None else _items(proxies),
            _typed(stream),
            _typed(verify),
            _typed(cert),
            _items(session_proxies),
            _typed(session.stream),
            _typed(session.verify),
            _typed(session.cert),
        )
        hash(key)
    except (TypeError, ValueError):  # unhashable; a port that is not one
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
    if not (
        _FROM_ENVIRONMENT_ONLY
        and session.trust_env
        and type(os.environ) is os._Environ
        # requests' own, not an override of a class after the session's
        and getattr(merge, "__func__", None) is _REQUESTS_MERGE
    ):
        return merge(url, proxies, stream, verify, cert)
    key = _key(session, url, proxies, stream, verify, cert)
    if key is None or not _unchanged_sources():
        return merge(url, proxies, stream, verify, cert)
    found = _remembered(key) or _computed(merge, key, url, proxies, stream, verify, cert)
    settings, given = found
    if proxies is not None and given is not None:
        for name, value in given.items():  # what requests added, after the caller's
            proxies.setdefault(name, value)
    return _copied(settings)


def _copied(settings: dict[str, Any]) -> dict[str, Any]:
    """Return new settings: the same values, and a copy of the proxies."""
    copied = dict(settings)
    if isinstance(copied.get("proxies"), dict):
        copied["proxies"] = copied["proxies"].copy()
    return copied


def _remembered(key: Any) -> Any:
    """Return the result remembered for ``key`` in this environment, or ``None``."""
    snapshot, results = _state
    if snapshot is None or not snapshot.is_current():
        return None
    return results.get(key)


def _computed(
    merge: _Merge, key: Any, url: str, proxies: Any, stream: Any, verify: Any, cert: Any
) -> tuple[dict[str, Any], Any]:
    """Return requests' result (and the caller's proxies as requests leaves
    them), remembered when two computations in a row agree in an
    environment that was the same before and after them: a change another
    thread makes and undoes meanwhile (requests itself does, for a
    ``no_proxy`` given in ``proxies``) is not remembered, unless it spans
    both and falls between the two readings of the environment."""
    before = _Snapshot()
    results = []
    for _ in range(2):
        given = None if proxies is None else dict(proxies)
        results.append((_copied(merge(url, given, stream, verify, cert)), given))
    first, second = results
    if first == second and before.is_current():
        _remember(before, key, first)
    return first


def _remember(snapshot: _Snapshot, key: Any, found: Any) -> None:
    global _state
    current, results = _state
    if current is None or not current.is_current() or len(results) >= _MAX_RESULTS:
        results = {}
        _state = (snapshot, results)
    results[key] = found
