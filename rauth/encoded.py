"""
rauth.encoded
-------------

Each OAuth 1 parameter percent-encoded once, for the signature and for the
wire.

An OAuth 1 session escapes the ``params`` and form ``data`` dicts of a
request once, into an :class:`EncodedForm` (a ``dict`` that also carries its
items escaped, RFC 5849 section 3.6), which the signer reads instead of
encoding the dicts again. :meth:`requests.Session.request` still receives
exactly the plain dicts rauth 0.7.2 handed it (:func:`handed`); while it
runs, :func:`for_requests`, at preparation time, hands requests the query or
form body already encoded, byte for byte what requests' own encoder would
build from those dicts, so that requests does not encode them again.

Nothing is kept between requests, nor shared between threads: what was
handed is remembered in a :class:`~contextvars.ContextVar` (its own value in
each thread and task) only while requests runs. Whatever cannot be encoded
exactly as requests would is left to requests: a dict something replaced or
changed on the way (a custom ``prepare_request``, a wrapper of ``request``),
a list value (which could still change), a key or value of another type,
session-level ``params`` that requests merges in, ``files``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from typing import Any, Callable, NamedTuple

from requests import PreparedRequest, Request, Session
from requests.structures import CaseInsensitiveDict as RequestsHeaders

from rauth.utils import FORM_URLENCODED, CaseInsensitiveDict, escape

__all__ = [
    "EncodedForm",
    "encode_forms",
    "escaped_items",
    "for_preparing",
    "for_requests",
    "handed",
    "joined",
    "oauth_form",
    "with_query",
]

_Escaped = list[tuple[str, str]]

#: The value types requests sends as ``str(value)`` (or as they are, for
#: ``str`` and ``bytes``), and that nobody can change in place.
_SCALARS = frozenset((str, bytes, int, float))


def _escaped_tuple(name: str, values: Any) -> list[tuple[str, str]] | None:
    """Return the escaped pairs requests sends for a tuple value, or ``None``."""
    if type(values) is not tuple or not all(
        type(value) in _SCALARS or value is None for value in values
    ):
        return None
    return [
        (name, escape(value if type(value) in (str, bytes) else str(value)))
        for value in values
        if value is not None
    ]


#: From this many items on, text items are escaped in one go (measured: one
#: call is the cheaper from about 6 items of mixed text, and from about 8
#: of unreserved text, which item by item costs one check each).
_MANY = 8


def _escaped_at_once(items: list[tuple[Any, Any]]) -> _Escaped | None:
    """Return the escaped pairs of ``items`` when all are text, escaped in
    one call: their join by NUL characters, escaped, split at ``%00``
    (escaping maps each character on its own, and only a NUL gives
    ``%00``). ``None`` for other items, a NUL in one, or a large total."""
    texts = [text for item in items for text in item]
    if set(map(type, texts)) != {str} or sum(map(len, texts)) > _AT_ONCE_CHARS:
        return None
    try:
        parts = escape("\0".join(texts)).split("%00")
    except ValueError:  # lone surrogates (utils._utf8): the signer says what is wrong
        return None
    if len(parts) != len(texts):  # a NUL of an item's own
        return None
    return list(zip(parts[::2], parts[1::2]))


#: The most characters :func:`_escaped_at_once` joins (no large copies).
_AT_ONCE_CHARS = 1 << 16


def escaped_items(items: Iterable[tuple[Any, Any]]) -> _Escaped | None:
    """Return the RFC 5849 escaped ``(name, value)`` pairs requests sends for
    ``items`` (a dict's items), in its order: ``None`` values dropped, a
    tuple giving one pair per value, numbers sent as their text.

    Return ``None`` for anything requests may send otherwise, or that may
    change before it is sent (a list value, another type).
    """
    items = list(items)
    if len(items) >= _MANY:
        at_once = _escaped_at_once(items)
        if at_once is not None:
            return at_once
    escaped: _Escaped = []
    append = escaped.append
    try:
        for name, value in items:
            kind = type(name)
            if kind is not str and kind is not bytes:
                return None
            kind = type(value)
            if kind is str or kind is bytes:
                append((escape(name), escape(value)))
            elif kind is int or kind is float:
                append((escape(name), escape(str(value))))
            elif value is not None:
                pairs = _escaped_tuple(escape(name), value)
                if pairs is None:
                    return None
                escaped += pairs
    except ValueError:  # lone surrogates (utils._utf8): the signer says what is wrong
        return None
    return escaped


class EncodedForm(dict):  # type: ignore[type-arg]
    """The ``params`` or form ``data`` of a request: a ``dict`` equal to the
    one rauth 0.7.2 handed requests, carrying its items escaped once.

    Setting a new item (such as ``oauth_signature``) escapes it too; any
    other change to the dict drops the escaped items; it is then an ordinary
    dict to requests.
    """

    #: The escaped ``(name, value)`` pairs, or ``None`` when unknown.
    escaped: _Escaped | None = None

    @classmethod
    def of(cls, mapping: Mapping[Any, Any]) -> EncodedForm:
        """Return a new :class:`EncodedForm` of ``mapping``'s items (and of
        its escaped items, when it is an :class:`EncodedForm` that has them)."""
        form = cls(mapping)
        form.escaped = _escaped_of(mapping)
        return form

    def joined(self, more: Mapping[str, Any]) -> EncodedForm:
        """Return a new :class:`EncodedForm`: these items, then ``more``'s
        (whose names are not among these)."""
        form = EncodedForm(self)
        dict.update(form, more)
        if self.escaped is not None:
            added = _escaped_of(more)
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
        # a new item goes last, as requests encodes it: only it is escaped
        escaped = self.escaped
        if escaped is None or key in self:
            added = None
        elif type(key) is str and type(value) is str:  # oauth_signature: one pair
            added = [(escape(key), escape(value))]
        else:
            added = escaped_items(((key, value),))
        super().__setitem__(key, value)
        self.escaped = None if escaped is None or added is None else escaped + added

    def __reduce__(self) -> tuple[Any, ...]:
        # copies and pickles: the items and their escapes, set once each
        return (_restored, (dict(self), self.escaped))

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


def _restored(items: dict[Any, Any], escaped: _Escaped | None) -> EncodedForm:
    """Return the :class:`EncodedForm` of ``items`` escaped as ``escaped``."""
    form = EncodedForm(items)
    form.escaped = escaped
    return form


def _escaped_of(mapping: Mapping[Any, Any]) -> _Escaped | None:
    """Return the escaped items of ``mapping``: those an :class:`EncodedForm`
    carries, else :func:`escaped_items`."""
    if type(mapping) is EncodedForm and mapping.escaped is not None:
        return mapping.escaped
    return escaped_items(mapping.items())


#: The OAuth parameter value types signed exactly as requests sends them.
_SIGNED_AS_SENT = frozenset((str, int))
#: Text of unreserved characters only (RFC 5849 section 3.6): escaped as it is.
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")


def oauth_form(oauth_params: Mapping[str, Any]) -> EncodedForm:
    """Return the OAuth protocol parameters of a request as an
    :class:`EncodedForm`, escaped once for the signature and the wire.

    Its escaped items are those the signature base string escapes
    (``escape(str(value))``) only for text names and text or integer values;
    for any other it carries none, and each is escaped where it is used.
    """
    form = EncodedForm(oauth_params)
    texts = []
    for name, value in form.items():
        kind = type(value)
        if type(name) is not str or kind not in _SIGNED_AS_SENT:
            return form
        texts.append((name, value if kind is str else str(value)))
    # usually all unreserved characters (names, nonce, timestamp, key...):
    # then each escapes to itself, checked in one go
    if _UNRESERVED.fullmatch("".join([name + value for name, value in texts])):
        form.escaped = texts
    else:
        form.escaped = escaped_items(texts)
    return form


def encode_forms(req_kwargs: dict[str, Any]) -> None:
    """Make the ``params`` dict, and the ``data`` dict of a form request,
    of ``req_kwargs`` :class:`EncodedForm` objects, in place."""
    if type(req_kwargs.get("params")) is dict:
        req_kwargs["params"] = EncodedForm.of(req_kwargs["params"])
    form = req_kwargs["headers"].get("Content-Type") == FORM_URLENCODED
    if form and type(req_kwargs.get("data")) is dict:
        req_kwargs["data"] = EncodedForm.of(req_kwargs["data"])


def joined(container: Any, params: Mapping[str, Any]) -> EncodedForm | None:
    """Return the :class:`EncodedForm` of ``container``'s items followed by
    ``params`` (OAuth parameters, not among them), or ``None`` unless
    ``container`` is an :class:`EncodedForm` or empty."""
    if type(container) is EncodedForm and container.escaped is not None:
        return container.joined(params)
    if container is None or (type(container) is dict and not container):
        return EncodedForm.of(params)
    return None


class _Handed(NamedTuple):
    """What an OAuth 1 request handed :meth:`requests.Session.request`:
    each ``params``/``data`` dict, the :class:`EncodedForm` it was made
    from (equal to it, unless something changed it since) and its encoding."""

    params: Any
    params_form: Any
    data: Any
    data_form: Any


#: The request being handed to requests in this thread or task, if any.
_HANDED: ContextVar[_Handed | None] = ContextVar("rauth_encoded_handed", default=None)


def _plain(value: Any) -> Any:
    """Return an :class:`EncodedForm` as the plain ``dict`` rauth 0.7.2 handed requests."""
    return dict(value) if type(value) is EncodedForm else value


class handed:
    """Give ``req_kwargs`` for :meth:`requests.Session.request`, their
    :class:`EncodedForm` objects as plain dicts (rauth 0.7.2's arguments),
    and remember, while requests runs in this thread or task, what they
    encode to, for :func:`for_requests`::

        with handed(req_kwargs) as sent_kwargs:
            return super().request(method, url, **sent_kwargs)

    (A class rather than a generator: it runs once per request.)
    """

    __slots__ = ("_sent", "_token")

    def __init__(self, req_kwargs: dict[str, Any]) -> None:
        params, data = req_kwargs.get("params"), req_kwargs.get("data")
        sent = {**req_kwargs}
        if "params" in sent:
            sent["params"] = _plain(params)
        if "data" in sent:
            sent["data"] = _plain(data)
        self._sent = sent
        self._token = _HANDED.set(_Handed(sent.get("params"), params, sent.get("data"), data))

    def __enter__(self) -> dict[str, Any]:
        return self._sent

    def __exit__(self, *exc_info: object) -> None:
        _HANDED.reset(self._token)


def _encoded(value: Any, form: Any) -> str | None:
    """Return the encoding of ``form`` when ``value`` is the dict made from
    it and still equal to it (``""`` when it encodes to nothing)."""
    if type(form) is EncodedForm and value is not form and value is not None and value == form:
        return form.encoded()
    return None


def _copy(request: Request) -> Request:
    """Return a shallow copy of ``request`` (what :func:`copy.copy` makes,
    without its generic protocol)."""
    new = Request.__new__(type(request))
    new.__dict__.update(request.__dict__)
    return new


def for_requests(request: Request, session_params: Any) -> Request:
    """Return ``request``, or a copy that hands requests the query or form
    body already encoded, where that is byte-identical to what requests
    would encode from the dict.

    Only the dicts an OAuth 1 session handed :meth:`requests.Session.request`
    in this thread or task count, and only unchanged (a custom
    ``prepare_request`` or a wrapper may replace or change them). The query
    is handed over when the session has no ``params`` of its own to merge
    in; the body when it is a form (no ``files``) whose ``Content-Type`` the
    request sets itself (requests adds one only for a dict).

    :param request: The request about to be prepared.
    :type request: requests.Request
    :param session_params: The session's own ``params``.
    :rtype: requests.Request
    """
    return _handed_over(request, session_params)[0]


def for_preparing(
    request: Request, session: Session, prepare: Callable[[Request], Any]
) -> tuple[Request, str | None]:
    """Return :func:`for_requests`' request for ``session`` to prepare with
    ``prepare``, and the query rauth encoded when requests is better left
    without it: :func:`with_query` then adds it to the URL requests prepared.
    Only for requests' own ``prepare_request``: another (of a class after
    the session's, or a patched one) gets the request as it is.

    requests requotes the whole URL, query included, splitting it at each
    ``%`` (``requote_uri``); rauth's query, every character of which is
    unreserved, ``+``, ``=``, ``&`` or an uppercase ``%XX`` escape of a
    reserved character, comes out of that as it went in. So the query is kept
    apart when nothing during preparation reads the URL (no ``auth``
    object, of the request or the session) and the URL is one whose
    preparation does not reach into the query: one without a fragment
    (which follows the query) and without ``%`` (requests quotes each ``%``
    of a URL with a malformed escape, in the query too).

    A request without headers of its own gets the session's as they are
    (see :func:`_no_headers`).

    :param request: The request about to be prepared.
    :type request: requests.Request
    :param session: The session preparing it.
    :type session: requests.Session
    :rtype: tuple
    """
    if getattr(prepare, "__func__", None) is not _REQUESTS_PREPARE:
        return request, None
    given = request
    request, query = _handed_over(request, session.params)
    if query and request.auth is None and session.auth is None:
        url = request.url
        if type(url) is str and "%" not in url and "#" not in url:
            # (_handed_over's copy) "", not None: requests sends no query
            # for either, and tells a str at once, where None meets a slower
            # Protocol check
            request.params = ""
        else:
            query = None
    else:
        query = None
    if _no_headers(request.headers, session.headers):
        if request is given:
            request = _copy(request)
        request.headers = None
    return request, query


#: requests' own ``prepare_request``, which :func:`for_preparing` knows.
_REQUESTS_PREPARE = Session.prepare_request

#: Mappings of headers whose items requests merges as they are.
_HEADER_MAPPINGS = frozenset((dict, CaseInsensitiveDict, RequestsHeaders))


def _no_headers(headers: Any, session_headers: Any) -> bool:
    """Tell whether the request's ``headers`` are empty and requests may
    take ``session_headers`` as they are, without merging them with those
    (which, from requests 2.33, checks each side against a ``Protocol``,
    slowly): then requests merges a ``None`` into the same headers. Not
    when a session header is ``None``, which the merge drops, nor for a
    name that is not text."""
    if type(headers) not in _HEADER_MAPPINGS or headers:
        return False
    if type(session_headers) is RequestsHeaders:
        items = session_headers._store.values()  # type: ignore[attr-defined]
    elif type(session_headers) is dict:
        items = session_headers.items()
    else:
        return False
    # (text names: requests' merge fails on others, its own way)
    return all(type(name) is str and value is not None for name, value in items)


def with_query(prepared: PreparedRequest, query: str | None) -> PreparedRequest:
    """Add ``query`` (from :func:`for_preparing`) to ``prepared``'s URL, as
    requests would have: after the URL's own query, if any, or else after
    ``?``; not at all to a URL requests sends as it is (one with a scheme
    other than http(s), such as ``mailto:``), which drops ``params``.

    :param prepared: The request requests prepared without the query.
    :type prepared: requests.PreparedRequest
    :param query: The encoded query, or ``None``.
    :rtype: requests.PreparedRequest
    """
    url = prepared.url
    if query is not None and url is not None and url[:4].lower() == "http":
        # the URL requests parsed: a "?" can only begin its query
        prepared.url = f"{url}{'&' if '?' in url else '?'}{query}"
    return prepared


def _handed_over(request: Request, session_params: Any) -> tuple[Request, str | None]:
    """Return :func:`for_requests`' request, and the query it hands over."""
    sent = _HANDED.get()
    if sent is None:
        return request, None
    query = None  # "" when there is none: requests sends none for "" either
    if not session_params:
        params = request.params
        if params is sent.params:
            query = _encoded(params, sent.params_form)
        elif type(params) is dict and not params:  # requests' own default
            query = ""
    body = None
    typed = request.headers.get("Content-Type") is not None
    if request.data is sent.data and not request.files and typed:
        # but not an empty body: requests sends an empty body for a dict of
        # None values, and none for an empty string
        body = _encoded(request.data, sent.data_form) or None
    if query is None and body is None:
        return request, None
    request = _copy(request)
    if query is not None:
        request.params = query
    if body is not None:
        request.data = body
    return request, query
