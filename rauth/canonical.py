"""
rauth.canonical
---------------

The escaped parameters of form-encoded text read by splitting it, without
decoding and escaping each name and value again.

Requests form-encodes ``params`` and ``data`` dicts with ``quote_plus``: a
character is written as it is if it is unreserved (RFC 5849 section 3.6:
``A-Z a-z 0-9 - . _ ~``), as ``+`` if it is a space, else as ``%XX`` octets
in upper-case hex. Decoding such text and escaping it again as RFC 5849
section 3.6 requires gives it back, but for ``+``, which becomes ``%20``,
and ``=`` inside a value, which becomes ``%3D``. That holds for *canonical*
text: only unreserved characters, ``+``, ``=``, ``&`` and escapes in
upper-case hex of octets that are not unreserved. Anything else (lower-case
hex, an escaped unreserved character such as ``%41``, a bare ``%``, ``*``,
``;``, non-ASCII text) is left to the general path, which decodes the text
to octets and escapes them (:func:`rauth.utils.escape`).
"""

from __future__ import annotations

import codecs
from typing import cast

__all__ = ["escaped_form_pairs"]

#: The unreserved characters (RFC 5849 section 3.6), and those of canonical text.
_UNRESERVED = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_CANONICAL_CHARS = _UNRESERVED + b"%+=&"

#: Lower-case hex digits turned into a letter that is no hex digit, so that
#: a lower-case escape does not decode.
_NO_LOWER_HEX = bytes.maketrans(b"abcdef", b"gggggg")


def _is_canonical(raw: bytes) -> bool:
    """Tell whether form-encoded ``raw`` is canonical (see the module).

    Each step is one pass in C over the text, however many escapes it
    holds (a 1 MiB form from ``quote_plus`` has about a hundred thousand).
    """
    if raw.translate(None, _CANONICAL_CHARS):  # a character of another kind
        return False
    try:  # every "%XX" decoded as the "\\xXX" escape it is made into
        escapes = raw.translate(_NO_LOWER_HEX).replace(b"%", b"\\x")
        # (pickle's decoder of escapes, in C; typeshed says it returns str)
        decoded = cast(bytes, codecs.escape_decode(escapes)[0])
    except ValueError:  # a "%" not followed by two upper-case hex digits
        return False
    # each escape decodes to one octet, which must not be unreserved: then
    # the octets that are not are as many as the "%", "+", "=", "&" of the text
    return len(decoded.translate(None, _UNRESERVED)) == len(raw.translate(None, _UNRESERVED))


def escaped_form_pairs(text: str | bytes) -> list[tuple[str, str]] | None:
    """Return the RFC 5849 escaped ``(name, value)`` pairs of form-encoded
    ``text``, in order, when it is canonical; ``None`` otherwise.

    The pairs are those of decoding the text (``+`` a space, ``%XX`` an
    octet; empty fields skipped, a name without ``=`` has an empty value)
    and escaping each name and value (RFC 5849 sections 3.4.1.3.1 and 3.6).

    >>> from rauth.canonical import escaped_form_pairs
    >>> escaped_form_pairs('q=caf%C3%A9+%26+bar&a=b=c&flag&&n=')
    [('q', 'caf%C3%A9%20%26%20bar'), ('a', 'b%3Dc'), ('flag', ''), ('n', '')]
    >>> escaped_form_pairs('q=%e9') is None  # lower-case hex: the general path
    True

    :param text: A query string or form body.
    :type text: str or bytes
    :rtype: list
    """
    if isinstance(text, str):
        if not text.isascii() or not _is_canonical(text.encode("ascii")):
            return None
    elif _is_canonical(text):
        text = text.decode("ascii")
    else:
        return None
    # decoded and escaped again, "+" is "%20", and an "=" after the first
    # of a field (in its value) "%3D"; str.replace returns the text itself
    # when there is nothing to replace (no copy of a large value)
    fields = [field.partition("=") for field in text.replace("+", "%20").split("&") if field]
    return [(name, value.replace("=", "%3D")) for name, _, value in fields]
