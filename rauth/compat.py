"""
rauth.compat
------------

The names rauth 0.7 exposed here, kept so that code importing them keeps
working. rauth runs on Python 3 only; these are the standard library's.
"""

from __future__ import annotations

import sys  # noqa: F401  (a rauth 0.7 name of this module)
from collections.abc import ItemsView, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

__all__ = [
    "is_basestring",
    "iteritems",
    "parse_qsl",
    "quote",
    "urlencode",
    "urljoin",
    "urlsplit",
    "urlunsplit",
]

_K = TypeVar("_K")
_V = TypeVar("_V")


def is_basestring(astring: Any) -> bool:
    """Tell whether ``astring`` is a string: ``str`` or ``bytes``.

    :param astring: Any object.
    :rtype: bool
    """
    return isinstance(astring, (str, bytes))


def iteritems(adict: Mapping[_K, _V]) -> ItemsView[_K, _V]:
    """Return ``adict.items()``.

    :param adict: A mapping.
    :type adict: dict
    """
    return adict.items()
