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

import contextlib
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote_plus

from rauth.utils import is_secret_name

__all__ = ["redact_secrets", "scrub_exception", "scrub_text"]

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


#: ``name=value`` of a query parameter in an exception's text (urllib3 puts
#: the whole URL in its messages).
_URL_PARAM = re.compile(r"(^|[?&;\s'\"(])([^=&?;\s'\"()#]+)=([^&\s'\"#)]*)")


def scrub_text(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` with the values of query parameters whose names are
    secret-looking (``oauth_signature=``, ``access_token=``,
    ``client_assertion=``: :func:`rauth.utils.is_secret_name`) and the
    ``secrets`` given hidden.

    :param text: An exception's message, say.
    :type text: str
    :param secrets: Further values to hide, e.g. a custom token parameter's.
    :type secrets: list
    """
    text = _URL_PARAM.sub(_hide_url_value, text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _hide_url_value(match: re.Match[str]) -> str:
    if not is_secret_name(unquote_plus(match.group(2))):
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}=***"


def scrub_exception(exc: BaseException, secrets: Iterable[Any] = ()) -> None:
    """Hide credentials in the messages of ``exc``, of the exceptions in its
    ``args`` and of those it was raised from, in place: a transport error's
    message carries the URL, and such messages reach logs and error
    trackers. The exceptions keep their types and other attributes.

    :param exc: The exception, e.g. a :class:`requests.ConnectionError`.
    :type exc: BaseException
    :param secrets: Further values to hide.
    :type secrets: list
    """
    texts = [_secret_text(s) for s in secrets if s]
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 32:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.args = tuple(_scrubbed_arg(arg, texts, todo) for arg in current.args)
        for name in ("url", "reason", "strerror"):  # urllib3's and OSError's own
            value = getattr(current, name, None)
            if isinstance(value, str):
                _set(current, name, scrub_text(value, texts))
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]


def _secret_text(secret: Any) -> str:
    return secret.decode("utf-8", "replace") if isinstance(secret, bytes) else str(secret)


def _scrubbed_arg(arg: Any, secrets: list[str], todo: list[BaseException]) -> Any:
    if isinstance(arg, BaseException):
        todo.append(arg)
        return arg
    if isinstance(arg, str):
        return scrub_text(arg, secrets)
    text = str(arg)
    scrubbed = scrub_text(text, secrets)
    return arg if scrubbed == text else scrubbed


def _set(obj: Any, name: str, value: str) -> None:
    with contextlib.suppress(AttributeError):  # a read-only attribute stays
        setattr(obj, name, value)
