"""
rauth.ofly
----------

Ofly (Shutterfly) signing: the parameters a request signs, its
``oflyApiSig``, and the query strings that carry them.

rauth 0.7.2 handed requests the signed query as raw UTF-8 bytes,
``k=v&...`` with nothing percent-encoded. Code written for it intercepts
:meth:`requests.Session.request` and expects exactly those bytes, but on
the wire they were broken: non-ASCII bytes crash requests' URL preparation,
and a raw ``&`` inside a value splits it in two. So the session still hands
requests 0.7.2's bytes, as an :class:`OflyQuery` that also carries the query
to send; :meth:`rauth.session.OflySession.prepare_request` sends that one.
The time and hash seams (``rauth.session.datetime``, ``sha1``, ``md5``) stay
in :mod:`rauth.session`, which passes what they give to these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Callable
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from rauth.oauth import _items
from rauth.utils import _split_url, _text, _text_of, _utf8, get_sorted_params, parse_qs_dict

__all__ = ["OflyQuery"]

#: Characters left as they are in Ofly query values (as rauth 0.7 sent them).
_SAFE = "".join(chr(code) for code in range(0x20, 0x7F) if chr(code) not in "&+#%")


class OflyQuery(bytes):
    """rauth 0.7.2's signed Ofly query (raw UTF-8 ``k=v&...`` bytes, equal to
    what 0.7.2 passed as ``params``), carrying the query that is really sent.

    It compares, hashes and prints as those bytes. Each request gets its own
    object, so nothing is shared between requests or threads.
    """

    #: The URL the query was signed for, as passed to ``request``.
    url: str
    #: That URL without its query: its parameters are in :attr:`wire`.
    wire_url: str
    #: The query to send: every signed parameter, percent-encoded where the
    #: raw value would change the query's meaning.
    wire: str

    def __new__(cls, legacy: bytes, url: str = "", wire_url: str = "", wire: str = "") -> OflyQuery:
        query = super().__new__(cls, legacy)
        query.url, query.wire_url, query.wire = url, wire_url, wire
        return query

    def to_send(self, url: str) -> tuple[str, str]:
        """Return the URL and query to send, for a request to ``url``.

        The URL's own query is part of the signed parameters, so it is
        dropped from the URL when ``url`` is the one signed; a URL changed
        since keeps its query.

        :param url: The URL of the request being prepared.
        :type url: str
        :rtype: tuple
        """
        return (self.wire_url if url == self.url else url), self.wire


def signed_query(
    app_id: Any,
    app_secret: Any,
    url: str,
    legacy: dict[str, Any],
    wire: tuple[str, dict[str, Any]],
    how: tuple[str, Callable[[bytes], Any], datetime],
) -> OflyQuery:
    """Return the signed query of a request to ``url``.

    :param legacy: The parameters as rauth 0.7.2 signed them
        (:func:`legacy_params`, ``oflyUserid`` included): the query's bytes
        are 0.7.2's, signed for the URL's path.
    :param wire: The URL without its query and every parameter meant
        (:func:`split_url`: the URL's query, then ``params``); the query
        sent signs these, ``oflyUserid`` from ``legacy``.
    :param how: The hash name and function, and the time to sign at.
    """
    wire_url, params = wire
    params = {name: value for name, value in params.items() if value is not None}
    params["oflyUserid"] = legacy["oflyUserid"]
    fields = signed_fields(app_id, app_secret, url, legacy, *how)
    if params != legacy:  # the URL has a query, or 0.7.2 dropped a blank value
        wire_fields = signed_fields(app_id, app_secret, url, params, *how)
    else:
        wire_fields = fields
    raw = raw_query(fields, legacy).encode("utf-8")
    return OflyQuery(raw, url, wire_url, wire_query(wire_fields, params))


def split_url(url: str, params: Any) -> tuple[str, dict[str, Any]]:
    """Return ``url`` without its query and the parameters to sign: those of
    the URL's query, then ``params`` (a dict, pairs or text).

    :raises TypeError: for a value that is not text or a number (Ofly
        signs one value per name).
    """
    scheme, netloc, path, query, fragment = _split_url(url)
    merged: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if isinstance(params, (str, bytes)):
        params = parse_qs_dict(params)
    for name, value in _items(params or {}):
        if not isinstance(value, (str, bytes, int, float)) and value is not None:
            raise TypeError(
                f"the Ofly parameter {name!r} must be text or a number, not "
                f"{type(value).__name__}: Ofly signs one value per name"
            )
        _set(merged, name, value)
    return urlunsplit((scheme, netloc, path, "", fragment)), merged


def _set(params: dict[Any, Any], name: Any, value: Any) -> None:
    """Set ``params[name]``; a name that cannot be one (a list, say) raises
    a ``TypeError`` that says so."""
    try:
        params[name] = value
    except TypeError:
        raise TypeError(
            f"each name of the Ofly params must be text, not {type(name).__name__}"
        ) from None


def legacy_params(params: Any) -> dict[str, Any]:
    """Return ``params`` as rauth 0.7.2 read them for signing: a query
    string through ``dict(parse_qsl(...))`` (blank values dropped), a dict
    or pairs as they are. ``None`` values are left out."""
    if isinstance(params, (str, bytes)):
        params = parse_qsl(_text(params, "params"))
    legacy: dict[Any, Any] = {}
    for name, value in _items(params or {}):
        if value is not None:
            _set(legacy, name, value)
    return legacy


def signed_fields(
    app_id: Any,
    app_secret: Any,
    url: str,
    params: Mapping[str, Any],
    hash_name: str,
    hash_function: Callable[[bytes], Any],
    now: datetime,
) -> dict[str, str]:
    """Return the Ofly parameters (``oflyAppId``, ``oflyHashMeth``,
    ``oflyTimestamp``, ``oflyApiSig``) that sign ``params`` for ``url``'s
    path, at ``now``.

    The signature is the hex digest of ``app_secret + path + '?'``, the
    sorted ``k=v`` of ``params`` and ``'&'`` (if any), then the sorted
    ``k=v`` of the other Ofly parameters, nothing percent-encoded.
    """
    milliseconds = now.microsecond // 1000
    fields = {
        "oflyAppId": _text(app_id, "app_id"),
        "oflyHashMeth": hash_name.upper(),
        "oflyTimestamp": now.strftime(f"%Y-%m-%dT%H:%M:%S.{milliseconds}Z"),
    }
    base_string = _text(app_secret, "app_secret") + urlsplit(url).path + "?"
    if params:
        base_string += get_sorted_params(params) + "&"
    base_string += get_sorted_params(fields)
    signed = _utf8(base_string, "an Ofly parameter, the URL's path or the app secret")
    fields["oflyApiSig"] = hash_function(signed).hexdigest()
    return fields


def raw_query(fields: Mapping[str, str], params: Mapping[str, Any]) -> str:
    """Return rauth 0.7.2's signed query: every ``k=v`` sorted, raw."""
    return get_sorted_params({**fields, **params})


def wire_query(fields: Mapping[str, str], params: Mapping[str, Any]) -> str:
    """Return the signed query to send: every ``k=v`` sorted, with ``& + #
    %``, control and non-ASCII characters percent-encoded (UTF-8); other
    characters as rauth 0.7 sent them, and requests quotes spaces."""
    merged = {**fields, **params}
    return "&".join(f"{_quote(name)}={_quote(merged[name])}" for name in sorted(merged))


def _quote(value: Any) -> str:
    return quote(_text_of(value), safe=_SAFE)
