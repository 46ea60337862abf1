"""
rauth.prepared
--------------

The OAuth 1 parameters of a request as it went on the wire: reading them
from a :class:`~requests.PreparedRequest` (to show what was signed, or to
re-sign a redirect) and removing or adding them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Callable, NamedTuple
from urllib.parse import unquote, urlsplit, urlunsplit

from requests.models import PreparedRequest

from rauth.canonical import escaped_form_pairs
from rauth.encoded import EncodedForm, oauth_form
from rauth.oauth import SignatureMethod, signature_base_string
from rauth.utils import OAuth1Auth, _carried_escapes, _split_form, escape, is_form_urlencoded

__all__ = ["SentOAuthParams", "sent_oauth_params", "signature_base_string_for"]

#: ``name="value"`` items of an ``Authorization: OAuth`` header.
_HEADER_ITEM = re.compile(r'([A-Za-z0-9_.~%-]+)\s*=\s*"((?:[^"\\]|\\.)*)"')
_BACKSLASH_ESCAPE = re.compile(r"\\(.)")


class SentOAuthParams(NamedTuple):
    """The OAuth protocol parameters found in a prepared request."""

    #: Where they were: ``'header'``, ``'body'`` or ``'query'``.
    placement: str
    #: The ``oauth_*`` parameters, ``oauth_signature`` included, in order.
    params: dict[str, str]
    #: The realm of the ``Authorization`` header, ``''`` elsewhere.
    realm: str


def _form_body(prepared: PreparedRequest) -> str | bytes | None:
    """Return the body of ``prepared`` when it is form-encoded, else ``None``."""
    body = prepared.body
    if isinstance(body, (str, bytes)) and is_form_urlencoded(prepared.headers.get("Content-Type")):
        return body
    return None


def _oauth_items(pairs: list[tuple[bytes, bytes]], prefix: bytes = b"oauth_") -> dict[str, str]:
    """Return the ``oauth_*`` (or other ``prefix``) pairs of decoded form
    pairs as a dict of text."""
    return {
        name.decode("utf-8", "replace"): value.decode("utf-8", "replace")
        for name, value in pairs
        if name.startswith(prefix)
    }


def _query_params(prepared: PreparedRequest, prefix: str) -> dict[str, str]:
    """Return the query parameters of ``prepared`` whose names start with
    ``prefix``, e.g. ``'ofly'``."""
    query = urlsplit(prepared.url or "").query
    return _oauth_items(_split_form(query), prefix.encode("ascii"))


def _from_header(value: str) -> SentOAuthParams:
    """Parse the items of an ``Authorization: OAuth`` header value."""
    params: dict[str, str] = {}
    for name, quoted in _HEADER_ITEM.findall(value[6:]):
        params[unquote(name)] = unquote(_BACKSLASH_ESCAPE.sub(r"\1", quoted))
    realm = params.pop("realm", "")
    return SentOAuthParams("header", params, realm)


def sent_oauth_params(prepared: PreparedRequest) -> SentOAuthParams | None:
    """Find the OAuth parameters of a signed request, or ``None`` if unsigned.

    :param prepared: A request as sent, e.g. ``response.request``.
    :type prepared: requests.PreparedRequest
    :rtype: SentOAuthParams
    """
    header = prepared.headers.get("Authorization")
    if isinstance(header, bytes):
        header = header.decode("latin-1")
    if header and header[:6].lower() == "oauth " and "oauth_signature" in header:
        return _from_header(header)
    body = _form_body(prepared)
    if body is not None:
        params = _oauth_items(_split_form(body))
        if "oauth_signature" in params:
            return SentOAuthParams("body", params, "")
    params = _oauth_items(_split_form(urlsplit(prepared.url or "").query))
    if "oauth_signature" in params:
        return SentOAuthParams("query", params, "")
    return None


def _without(text: str | bytes, unwanted: Callable[[tuple[bytes, bytes]], bool]) -> str | bytes:
    """Return form-encoded ``text`` without the fields whose decoded
    ``(name, value)`` is ``unwanted``."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    kept = [field for field in raw.split(b"&") if field and not unwanted(_split_form(field)[0])]
    joined = b"&".join(kept)
    return joined.decode("utf-8") if isinstance(text, str) else joined


def _url_without(url: str, unwanted: Callable[[tuple[bytes, bytes]], bool]) -> str:
    """Return ``url`` without the ``unwanted`` fields of its query."""
    scheme, netloc, path, query, fragment = urlsplit(url)
    if not query:
        return url
    return urlunsplit((scheme, netloc, path, str(_without(query, unwanted)), fragment))


def _pairs_of(params: Mapping[str, str]) -> Callable[[tuple[bytes, bytes]], bool]:
    """Return a test of a decoded field for being one of the items of ``params``."""
    pairs = {(name.encode("utf-8"), value.encode("utf-8")) for name, value in params.items()}
    return pairs.__contains__


def url_without_params(url: str, params: Mapping[str, str]) -> str:
    """Return ``url`` without the ``(name, value)`` items of ``params`` in its query."""
    return _url_without(url, _pairs_of(params))


def _remove_fields(
    prepared: PreparedRequest, unwanted: Callable[[tuple[bytes, bytes]], bool]
) -> None:
    """Remove the ``unwanted`` fields from the query and the form body of
    ``prepared``, in place; ``Content-Length`` follows the body."""
    if prepared.url:
        prepared.url = _url_without(prepared.url, unwanted)
    body = _form_body(prepared)
    if body:
        _set_body(prepared, _without(body, unwanted))


def _remove_params(prepared: PreparedRequest, params: Mapping[str, str]) -> None:
    """Remove the ``(name, value)`` items of ``params`` from the query and
    the form body of ``prepared``, in place."""
    _remove_fields(prepared, _pairs_of(params))


def _remove_names(prepared: PreparedRequest, names: frozenset[bytes]) -> None:
    """Remove every parameter named in ``names`` from the query and the form
    body of ``prepared``, in place, whatever its value."""
    _remove_fields(prepared, lambda pair: pair[0] in names)


def _set_body(prepared: PreparedRequest, body: str | bytes) -> None:
    """Set the body of ``prepared`` and its ``Content-Length``, also when it
    is now empty (requests leaves a stale length there, and the server
    would wait for bytes that never come)."""
    prepared.body = body
    prepared.headers.pop("Content-Length", None)
    if body and type(body) is str and body.isascii():
        # its UTF-8 length, which requests would count on an encoded copy
        prepared.headers["Content-Length"] = str(len(body))
        return
    prepared.prepare_content_length(body)
    if not body:
        prepared.headers["Content-Length"] = "0"


def _escaped_params(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return the escaped items of the OAuth parameters ``params``: those
    they carry (:func:`~rauth.utils._carried_escapes`), else escaped now."""
    escaped = _carried_escapes(params)
    if escaped is not None:
        return escaped
    return [(escape(name), escape(str(value))) for name, value in params.items()]


def _add_params(prepared: PreparedRequest, params: Mapping[str, Any], where: str) -> None:
    """Append ``params`` to the query (``where='query'``) or the form body
    (``where='body'``) of ``prepared``, in place."""
    encoded = "&".join([f"{name}={value}" for name, value in _escaped_params(params)])
    if where == "body":
        body = prepared.body or ""
        if isinstance(body, bytes):
            _set_body(prepared, body + b"&" * bool(body) + encoded.encode("ascii"))
        else:
            _set_body(prepared, f"{body}{'&' * bool(body)}{encoded}")
        return
    scheme, netloc, path, query, fragment = urlsplit(prepared.url or "")
    query = f"{query}&{encoded}" if query else encoded
    prepared.url = urlunsplit((scheme, netloc, path, query, fragment))


def _signed_body(signature: SignatureMethod, body: str | bytes | None) -> Any:
    """Return the form ``body`` as the signer is given it.

    rauth's own base string (:meth:`SignatureMethod.sign
    <rauth.oauth.SignatureMethod.sign>`, neither overridden nor replaced)
    is given a canonical body (:mod:`rauth.canonical`) as its escaped
    pairs, so that it does not decode and escape it again: an
    :class:`~rauth.encoded.EncodedForm` that carries them, which is what
    :func:`~rauth.oauth.signature_base_string` reads of a form. Any other
    signer, and any other body, gets the body itself.
    """
    if body is None or getattr(signature.sign, "__func__", None) is not SignatureMethod.sign:
        return body
    pairs = escaped_form_pairs(body)
    if pairs is None:
        return body
    form = EncodedForm()
    form.escaped = pairs
    return form


def sign_prepared(
    prepared: PreparedRequest,
    signature: SignatureMethod,
    secrets: tuple[Any, Any],
    oauth_params: Mapping[str, Any],
    placement: str,
    realm: str | None = None,
) -> None:
    """Sign ``prepared`` as it will go on the wire (method, URL with its
    query, a form body) and put the OAuth parameters, ``oauth_signature``
    included, in its ``'header'``, ``'query'`` or ``'body'``, in place.

    The body holds them only when it is a form (RFC 5849 section 3.5.2);
    otherwise they go in the query. The OAuth parameters are escaped once,
    for the signature and the wire (:func:`~rauth.encoded.oauth_form`).

    :param secrets: The consumer secret (for RSA, the private key) and the
        token secret, or ``None``.
    """
    body = _form_body(prepared)
    params = oauth_form(oauth_params)
    params["oauth_signature"] = signature.sign(
        secrets[0],
        secrets[1],
        prepared.method or "GET",
        prepared.url or "",
        params,
        {"headers": prepared.headers, "data": _signed_body(signature, body)},
    )
    if placement == "header":
        OAuth1Auth(params, realm)(prepared)
    else:
        _add_params(
            prepared, params, "body" if placement == "body" and body is not None else "query"
        )


def signature_base_string_for(prepared: PreparedRequest) -> str:
    """Return the signature base string of a request as it was sent.

    Give it ``response.request`` of a request that got a 401 and compare the
    result with the base string your provider computed: the difference
    names the parameter, URL or method the two sides disagree on.

    :param prepared: A request as sent, e.g. ``response.request``.
    :type prepared: requests.PreparedRequest
    :raises ValueError: if the request carries no OAuth 1 signature.
    :rtype: str
    """
    sent = sent_oauth_params(prepared)
    if sent is None:
        raise ValueError(
            "this request carries no OAuth 1 signature (no oauth_signature in its "
            "Authorization header, form body or query)"
        )
    copy = prepared.copy()
    signature = {"oauth_signature": sent.params["oauth_signature"]}
    _remove_params(copy, signature)
    oauth_params = sent.params if sent.placement == "header" else {}
    return signature_base_string(
        copy.method or "GET",
        copy.url or "",
        oauth_params,
        {"headers": copy.headers, "data": _form_body(copy)},
    )
