"""
rauth.redact
------------

Hiding the values of secret members (``access_token``, ``client_secret``,
...: see :func:`rauth.utils.is_secret_name`) in bodies that go into error
messages, in time linear in the body's length: a hostile token endpoint
must not be able to stall the process with a body shaped to make a
backtracking regular expression quadratic.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from rauth.utils import is_secret_name

__all__ = ["redact_secrets"]

#: ``name=value`` fields of a form-encoded body (linear: no nested repeats).
_FORM_FIELD = re.compile(r"(^|&)([^=&]*)(=)([^&]*)")
#: What may follow a JSON member's name: the colon.
_COLON = re.compile(r"\s*:\s*")
#: A JSON scalar value: up to the next delimiter.
_SCALAR = re.compile(r"[^,{}\[\]\s]*")
#: What a hidden value becomes.
_HIDDEN = '"***"'


def redact_secrets(raw: Any) -> Any:
    """Return a body with the values of secret members hidden.

    Form (``k=v&...``) and JSON bodies are handled, JSON even when it is
    cut short; ``str`` stays ``str`` and ``bytes`` stays ``bytes``.

    :param raw: The body.
    :type raw: str or bytes
    """
    if isinstance(raw, bytes):
        return redact_secrets(raw.decode("utf-8", "replace")).encode("utf-8")
    if not isinstance(raw, str):
        return raw
    if raw.lstrip().startswith(("{", "[")):
        return _redact_json(raw)
    return _FORM_FIELD.sub(_hide_form_value, raw)


def _hide_form_value(match: re.Match[str]) -> str:
    name = unquote_plus(match.group(2))
    value = "***" if is_secret_name(name) else match.group(4)
    return f"{match.group(1)}{match.group(2)}={value}"


def _redact_json(text: str) -> str:
    """Hide the values of secret members of a JSON text, looking at each
    character a bounded number of times."""
    pieces: list[str] = []
    done = 0  # text[:done] is in pieces
    quote = text.find('"')
    while quote != -1:
        end = _string_end(text, quote)
        if end == -1:  # a string cut short: the rest is that string
            break
        colon = _COLON.match(text, end)
        if colon is None or text.startswith("{", colon.end()):
            quote = text.find('"', end)  # not a name, or an object's (its own members count)
            continue
        if not is_secret_name(text[quote + 1 : end - 1]):
            quote = text.find('"', end)
            continue
        value_end = _value_end(text, colon.end())
        pieces += [text[done : colon.end()], _HIDDEN]
        done = value_end
        quote = text.find('"', value_end)
    pieces.append(text[done:])
    return "".join(pieces)


def _string_end(text: str, quote: int) -> int:
    """Return the index after the JSON string that opens at ``quote``, or
    ``-1`` when it is not closed. Each backslash run is walked once."""
    close = text.find('"', quote + 1)
    while close != -1:
        backslashes = 0
        while text[close - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return close + 1
        close = text.find('"', close + 1)
    return -1


def _value_end(text: str, start: int) -> int:
    """Return where the JSON value starting at ``start`` ends: a string,
    a flat array (to its first ``]``), or a scalar; whatever is cut short
    ends the text."""
    if text.startswith('"', start):
        end = _string_end(text, start)
        return len(text) if end == -1 else end
    if text.startswith("[", start):
        close = text.find("]", start)
        return len(text) if close == -1 else close + 1
    match = _SCALAR.match(text, start)
    return match.end() if match else start
