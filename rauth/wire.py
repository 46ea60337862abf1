"""
rauth.wire
----------

What goes on the wire for the keyword arguments a session hands
:meth:`requests.Session.request`.

Signing needs the request as requests will prepare it: the session's own
``params`` and headers merged in (:func:`as_sent`). And where rauth hands
requests the arguments rauth 0.7.2 handed it (so that code intercepting
``request`` sees what it saw), but those would send a broken request,
:func:`for_the_wire` makes the request right at preparation time, from what
the arguments carry: nothing is kept between requests or threads.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Callable

from requests import PreparedRequest, Request
from requests.sessions import Session
from requests.sessions import merge_setting as _untyped_merge_setting
from requests.structures import CaseInsensitiveDict as _RequestsHeaders

from rauth.ofly import OflyQuery
from rauth.utils import FORM_URLENCODED, CaseInsensitiveDict, _text

__all__ = ["JsonBodyHeaders", "as_sent", "for_the_wire", "merged", "prepared", "sent_content_type"]

#: requests' merging of session and request settings (untyped in its stubs).
_merge_setting: Callable[[Any, Any], Any] = _untyped_merge_setting


class JsonBodyHeaders(CaseInsensitiveDict):
    """The headers of an OAuth 1 request with a ``json`` body (and no
    ``data``), to which rauth added the form ``Content-Type`` as rauth 0.7.2
    did (which also put the OAuth parameters in a ``data`` form, so requests
    dropped the JSON). On the wire the JSON is sent, with its own
    ``Content-Type``, and the OAuth parameters go in the query."""


def merged(container: Any, params: Mapping[str, Any]) -> Any:
    """Return a new container: ``container``'s items (a dict or pairs, or
    ``None``) followed by ``params``."""
    if isinstance(container, (list, tuple)):
        return [*container, *params.items()]
    new = dict(container or {})
    new.update(params)
    return new


def for_the_wire(request: Request) -> Request:
    """Return ``request`` as it is meant to be sent: a copy where rauth
    handed requests rauth 0.7.2's arguments.

    - Ofly's signed query (:class:`~rauth.ofly.OflyQuery`): the query sent
      is the percent-encoded one that signs the URL's query too.
    - An OAuth 1 ``json`` request (:class:`JsonBodyHeaders`): the form
      ``Content-Type`` is dropped, and the OAuth parameters rauth put in a
      form go in the query, so that the JSON is the body. The signature
      covers the same parameters either way.

    :param request: The request to prepare.
    :type request: requests.Request
    :rtype: requests.Request
    """
    if isinstance(request.params, OflyQuery):
        request = copy.copy(request)
        request.url, request.params = request.params.to_send(_text(request.url or "", "url"))
    elif isinstance(request.headers, JsonBodyHeaders):
        request = copy.copy(request)
        request.headers = CaseInsensitiveDict(request.headers)
        if request.headers.get("Content-Type") == FORM_URLENCODED:
            del request.headers["Content-Type"]
        if isinstance(request.data, Mapping) and request.data:
            request.params = merged(request.params, request.data)
            request.data = []
    return request


def prepared(prepare: Callable[[Request], PreparedRequest], request: Request) -> PreparedRequest:
    """Return ``prepare(request)``; text requests cannot encode (a lone
    surrogate, say from input decoded with ``surrogateescape``) raises a
    :class:`ValueError` that says where to look, not a ``UnicodeEncodeError``
    from deep inside requests.
    """
    try:
        return prepare(request)
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"the request's URL, params, data or headers hold text {exc.encoding} cannot "
            "encode (a lone surrogate such as '\\ud800', or in headers a character "
            "beyond Latin-1): decode your input strictly, or encode the value yourself"
        ) from None


def as_sent(req_kwargs: dict[str, Any], session: Session) -> dict[str, Any]:
    """Return ``req_kwargs`` as requests will send them, for signing: with
    the session's ``params`` merged in and the body's ``Content-Type``, as
    requests' ``prepare_request`` merges them.

    A body is signed when it goes as a form (RFC 5849 section 3.4.1.3.1):
    requests form-encodes a dict or list ``data`` without a ``Content-Type``
    (on a GET or DELETE, say), and a ``Content-Type`` may come from
    ``session.headers``. What goes down to requests is left as the caller
    gave it.
    """
    sent = req_kwargs
    headers = req_kwargs["headers"]
    content_type = sent_content_type(req_kwargs, session.headers)
    if content_type != headers.get("Content-Type"):
        sent_headers = headers.copy()
        sent_headers["Content-Type"] = content_type
        sent = {**sent, "headers": sent_headers}
    if session.params:
        sent = {**sent, "params": _merge_setting(req_kwargs.get("params"), session.params)}
    return sent


def _content_type(headers: Mapping[str, Any]) -> Any:
    """Return the ``Content-Type`` of ``headers`` (``session.headers``), or
    ``None``: from a requests :class:`~requests.structures.CaseInsensitiveDict`
    without raising and catching a ``KeyError``."""
    if type(headers) is _RequestsHeaders:
        item = headers._store.get("content-type")  # type: ignore[attr-defined]
        return None if item is None else item[1]
    return headers.get("Content-Type")


def sent_content_type(req_kwargs: Mapping[str, Any], session_headers: Mapping[str, Any]) -> Any:
    """Return the ``Content-Type`` requests will send with ``req_kwargs``."""
    headers = req_kwargs["headers"]
    if "Content-Type" in headers:  # a None removes the session's
        content_type = headers["Content-Type"]
    else:
        content_type = _content_type(session_headers)
    data = req_kwargs.get("data")
    if content_type is None and data and isinstance(data, (Mapping, list, tuple)):
        # requests encodes such data as a form (unless it uploads files)
        return None if req_kwargs.get("files") else FORM_URLENCODED
    return content_type
