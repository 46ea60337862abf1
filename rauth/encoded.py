"""
rauth.encoded
-------------

Each OAuth 1 parameter percent-encoded once, for the signature and for the
wire.

An OAuth 1 session hands :meth:`requests.Session.request` the ``params`` or
``data`` dict rauth 0.7.2 handed it, as an :class:`EncodedForm`: a ``dict``
equal to that one, which also carries its items already escaped (RFC 5849
section 3.6). The signer reads the escaped items instead of encoding the dict
again, and :func:`for_requests`, at preparation time, gives requests the
encoded query or form body, byte for byte what requests' own encoder would
build from the dict, so that requests does not encode it a second time.

Nothing is cached between requests or threads: the escaped items live in the
request's own dict. Changing the dict in any way drops them, and whatever
cannot be encoded exactly as requests would (a list value, which the caller
could still change, a key or value of another type, session-level
``params`` that requests merges in) is left to requests.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from requests import Request

from rauth.utils import FORM_URLENCODED, escape

__all__ = ["EncodedForm", "encode_forms", "escaped_items", "for_requests"]

_Escaped = list[tuple[str, str]]

#: The value types requests sends as ``str(value)`` (or as they are, for
#: ``str`` and ``bytes``), and that nobody can change in place.
_SCALARS = frozenset((str, bytes, int, float))


def _escaped_values(name: str, values: Any) -> list[tuple[str, str]] | None:
    """Return the escaped ``(name, value)`` pairs requests sends for one item."""
    kind = type(values)
    if kind is str or kind is bytes:
        return [(name, escape(values))]
    if kind in _SCALARS:
        return [(name, escape(str(values)))]
    if values is None:
        return []
    if kind is tuple and all(type(value) in _SCALARS or value is None for value in values):
        return [
            (name, escape(value if type(value) in (str, bytes) else str(value)))
            for value in values
            if value is not None
        ]
    return None


def escaped_items(items: Iterable[tuple[Any, Any]]) -> _Escaped | None:
    """Return the RFC 5849 escaped ``(name, value)`` pairs requests sends for
    ``items`` (a dict's items), in its order: ``None`` values dropped, a
    tuple giving one pair per value, numbers sent as their text.

    Return ``None`` for anything requests may send otherwise, or that may
    change before it is sent (a list value, another type).
    """
    escaped: _Escaped = []
    try:
        for name, values in items:
            kind = type(name)
            if kind is not str and kind is not bytes:
                return None
            pairs = _escaped_values(escape(name), values)
            if pairs is None:
                return None
            escaped += pairs
    except UnicodeEncodeError:  # lone surrogates: the signer says what is wrong
        return None
    return escaped


class EncodedForm(dict):  # type: ignore[type-arg]
    """The ``params`` or form ``data`` of a request: a ``dict`` equal to the
    one rauth 0.7.2 handed requests, carrying its items escaped once.

    Any change to the dict drops the escaped items; it is then an ordinary
    dict to requests.
    """

    #: The escaped ``(name, value)`` pairs, or ``None`` when unknown.
    escaped: _Escaped | None = None

    @classmethod
    def of(cls, mapping: Mapping[Any, Any]) -> EncodedForm:
        """Return a new :class:`EncodedForm` of ``mapping``'s items."""
        form = cls(mapping)
        form.escaped = escaped_items(form.items())
        return form

    def joined(self, more: Mapping[str, Any]) -> EncodedForm:
        """Return a new :class:`EncodedForm`: these items, then ``more``'s
        (whose names are not among these)."""
        form = EncodedForm(self)
        form.update(more)  # drops the escaped items of the copy
        if self.escaped is not None:
            added = escaped_items(more.items())
            form.escaped = None if added is None else self.escaped + added
        return form

    def encoded(self) -> str | None:
        """Return the form encoding requests would build from this dict
        (``quote_plus`` of each name and value, joined by ``=`` and ``&``),
        or ``None`` when the escaped items are unknown."""
        if self.escaped is None:
            return None
        # RFC 5849 escaping is quote_plus', but for a space: %20, not +
        return "&".join([f"{name}={value}" for name, value in self.escaped]).replace("%20", "+")

    def _changed(self) -> None:
        self.escaped = None

    def __setitem__(self, key: Any, value: Any) -> None:
        self._changed()
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self._changed()
        super().__delitem__(key)

    def __ior__(self, other: Any) -> EncodedForm:  # type: ignore[misc]
        self._changed()
        return super().__ior__(other)

    def clear(self) -> None:
        self._changed()
        super().clear()

    def pop(self, *args: Any) -> Any:
        self._changed()
        return super().pop(*args)

    def popitem(self) -> Any:
        self._changed()
        return super().popitem()

    def setdefault(self, *args: Any) -> Any:
        self._changed()
        return super().setdefault(*args)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._changed()
        super().update(*args, **kwargs)


def encode_forms(req_kwargs: dict[str, Any]) -> None:
    """Make the ``params`` dict, and the ``data`` dict of a form request,
    of ``req_kwargs`` :class:`EncodedForm` objects, in place."""
    if type(req_kwargs.get("params")) is dict:
        req_kwargs["params"] = EncodedForm.of(req_kwargs["params"])
    form = req_kwargs["headers"].get("Content-Type") == FORM_URLENCODED
    if form and type(req_kwargs.get("data")) is dict:
        req_kwargs["data"] = EncodedForm.of(req_kwargs["data"])


def _encoded(value: Any) -> str | None:
    """Return the encoding of a non-empty :class:`EncodedForm`, else ``None``."""
    if type(value) is EncodedForm and value:
        return value.encoded()
    return None


def for_requests(request: Request, session_params: Any) -> Request:
    """Return ``request``, or a copy that hands requests the query or form
    body already encoded, where that is byte-identical to what requests
    would encode from the dict.

    The query is handed over when the session has no ``params`` of its own
    to merge in; the body when it is a form (no ``files``) whose
    ``Content-Type`` the request sets itself (requests adds one only for a
    dict).

    :param request: The request about to be prepared.
    :type request: requests.Request
    :param session_params: The session's own ``params``.
    :rtype: requests.Request
    """
    query = None if session_params else _encoded(request.params)
    body = None
    if not request.files and request.headers.get("Content-Type") is not None:
        body = _encoded(request.data)
    if query is None and body is None:
        return request
    request = copy.copy(request)
    if query is not None:
        request.params = query
    if body is not None:
        request.data = body
    return request
