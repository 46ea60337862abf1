"""
rauth.tokens
------------

OAuth 2 tokens: :class:`OAuth2Token`, the whole token response as a value
that knows its own expiry, and the reading of token endpoint responses
(RFC 6749 sections 5.1 and 5.2) into tokens or :class:`~rauth.OAuth2Error`.

:func:`time` is looked up each time a token is made or checked, so tests
may patch it here (or :func:`time.time`) to control the clock.
"""

from __future__ import annotations

import json
import re
import time as _time
from collections.abc import Mapping
from typing import Any, Callable

from rauth.errors import OAuth2DecodeError, OAuth2Error
from rauth.redact import redact_secrets
from rauth.utils import is_secret_name, parse_utf8_qsl

__all__ = ["OAuth2Token", "decode_token_body", "error_from_response", "time", "token_from_response"]

#: The token response members holding secrets, hidden by ``repr()``.
_SECRET_MEMBERS = ("access_token", "refresh_token", "id_token")
#: How much of a body an error message shows.
_EXCERPT_LENGTH = 120

_WHITESPACE = re.compile(r"\s+")


def time() -> float:
    """The clock of token expiry: :func:`time.time`, looked up at each call
    (so patching either ``rauth.tokens.time`` or ``time.time`` moves it).

    :rtype: float
    """
    return _time.time()


#: Hides the values of secret members of a body, in linear time.
_redact_secrets = redact_secrets


def _excerpt(content: Any) -> str:
    """Return the start of a body, secrets hidden, whitespace collapsed."""
    # only the start is read: a secret cut short there is hidden all the same
    if isinstance(content, bytes):
        text = content[: _EXCERPT_LENGTH * 128].decode("utf-8", "replace")
    else:
        text = str(content)[: _EXCERPT_LENGTH * 128]
    text = _WHITESPACE.sub(" ", _redact_secrets(text)).strip()
    if len(text) > _EXCERPT_LENGTH:
        return text[:_EXCERPT_LENGTH] + "..."
    return text


#: How much of a body :data:`rauth.service.PROCESS_TOKEN_ERROR` shows.
RAW_EXCERPT_LENGTH = 300


def redacted_start(content: Any) -> Any:
    """Return the start of a body for :data:`~rauth.service.PROCESS_TOKEN_ERROR`,
    as rauth 0.7.2 showed the body (``bytes`` stay ``bytes``) but with secrets
    hidden and at most :data:`RAW_EXCERPT_LENGTH` characters of it, followed
    by how long it was; the whole body is in the error's ``response``."""
    if not isinstance(content, (str, bytes)) or len(content) <= RAW_EXCERPT_LENGTH:
        return _redact_secrets(content)
    # cut first, then redacted: a secret cut short is hidden all the same
    start = _redact_secrets(content[:RAW_EXCERPT_LENGTH])
    if isinstance(start, bytes):
        return start + f"... ({len(content)} bytes in all)".encode("ascii")
    return f"{start}... ({len(content)} characters in all)"


def legacy_key_error(message: str, response: Any) -> KeyError:
    """Return rauth 0.7.2's ``KeyError(message)`` for a token response
    without the key, with the response as its ``response`` attribute."""
    error = KeyError(message)
    error.response = response  # type: ignore[attr-defined]
    return error


def _status(response: Any) -> str:
    """Return ``'HTTP 400'`` for a response, or ``'HTTP ?'``."""
    code = getattr(response, "status_code", None)
    return f"HTTP {code}" if isinstance(code, int) else "HTTP ?"


def _number(value: Any) -> float | None:
    """Return a number of seconds given as a number or text, else ``None``."""
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class OAuth2Token(dict):  # type: ignore[type-arg]
    """A token response (RFC 6749 section 5.1), whole: ``access_token``,
    ``token_type``, ``expires_in``, ``refresh_token``, ``scope``,
    ``id_token`` and any other member the provider sent.

    It is a dict, so it serialises to JSON and pickles as it is; it adds
    ``expires_at`` (absolute epoch seconds) on receipt, from
    ``expires_in``, unless the mapping has one already (a token read back
    from storage keeps its own)::

        >>> token = OAuth2Token({'access_token': 'at', 'expires_in': 3600})
        >>> token.expires_at - token['expires_in'] > 0
        True

    ``repr()`` hides the tokens.

    :param mapping: A token response, e.g. the JSON object the provider sent.
    :type mapping: dict
    """

    def __init__(self, mapping: Mapping[str, Any] | None = None, /, **members: Any) -> None:
        try:
            super().__init__(mapping or (), **members)
        except (TypeError, ValueError):
            raise TypeError(
                f"mapping must be a dict (a token response), not {type(mapping).__name__}"
            ) from None
        if "expires_at" not in self:
            lifetime = _number(self.get("expires_in"))
            if lifetime is not None:
                self["expires_at"] = time() + lifetime
        elif _number(self["expires_at"]) is not None:
            self["expires_at"] = _number(self["expires_at"])

    @property
    def access_token(self) -> Any:
        """The access token, or ``None``."""
        return self.get("access_token")

    @property
    def refresh_token(self) -> Any:
        """The refresh token, or ``None``."""
        return self.get("refresh_token")

    @property
    def token_type(self) -> Any:
        """The token type, e.g. ``'Bearer'``, or ``None``."""
        return self.get("token_type")

    @property
    def expires_at(self) -> float | None:
        """When the access token expires, in epoch seconds, or ``None``."""
        return _number(self.get("expires_at"))

    @property
    def scope(self) -> Any:
        """The granted scope, a space-separated string, or ``None``."""
        return self.get("scope")

    @property
    def id_token(self) -> Any:
        """The OpenID Connect ID token, or ``None``."""
        return self.get("id_token")

    def is_expired(self, leeway: float = 0) -> bool:
        """Tell whether the access token expired, or expires within
        ``leeway`` seconds. A token without an expiry never expires.

        :param leeway: Seconds before the expiry that count as expired.
        :type leeway: float
        :rtype: bool
        """
        expires_at = self.expires_at
        return expires_at is not None and expires_at - leeway <= time()

    def __repr__(self) -> str:
        return f"OAuth2Token({_shown(self)})"


def _hidden(name: Any) -> bool:
    """Tell whether a token member's value is hidden by ``repr()``."""
    return name in _SECRET_MEMBERS or (isinstance(name, str) and is_secret_name(name))


def _shown(members: Mapping[Any, Any]) -> str:
    """``repr()`` of a token's members, secrets hidden, in nested objects
    too (Slack's ``authed_user`` holds the user's access token)."""
    return (
        "{" + ", ".join(f"{name!r}: {_value(name, value)}" for name, value in members.items()) + "}"
    )


def _value(name: Any, value: Any) -> str:
    if _hidden(name):
        return "***"
    return _shown(value) if isinstance(value, Mapping) else repr(value)


def _json_object(text: str) -> dict[str, Any] | None:
    """Return ``text`` parsed as a JSON object, or ``None``."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested beyond Python's stack
        return None
    return data if isinstance(data, dict) else None


def decode_token_body(content: str | bytes) -> dict[str, Any]:
    """Read a token response body: a JSON object as JSON, anything else
    as a form (providers mislabel the ``Content-Type`` both ways, so the
    body decides).

    :param content: The body.
    :type content: bytes
    :rtype: dict
    """
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    if text.lstrip().startswith("{"):
        data = _json_object(text)
        if data is not None:
            return data
    return parse_utf8_qsl(content)


def decoded(response: Any, decoder: Callable[[Any], Any]) -> Any:
    """Return ``response``'s body read by ``decoder``; the default decoder,
    :func:`rauth.utils.parse_utf8_qsl`, lets the body decide JSON or form.

    :raises rauth.errors.OAuth2DecodeError: when ``decoder`` raises
        :class:`json.JSONDecodeError`.
    """
    if not callable(decoder):
        raise TypeError(
            "decoder must be a function parsing the response content into a dict "
            f"(e.g. json.loads), not {type(decoder).__name__}"
        )
    if decoder is parse_utf8_qsl:
        try:
            return decode_token_body(response.content or b"")
        except ValueError:  # a form body that is not UTF-8
            raise error_from_response(
                response,
                None,
                f"the token endpoint answered {_status(response)} with a body that is neither "
                f"a JSON object nor UTF-8 form-encoded text: {_excerpt(response.content)!r}",
            ) from None
    try:
        return decoder(response.content)
    except RecursionError:
        message = f"the token endpoint answered {_status(response)} with JSON nested too deeply"
        raise error_from_response(response, None, message) from None
    except UnicodeDecodeError as exc:  # json.loads of bytes that are not UTF-8
        raise _not_json(response, json.JSONDecodeError("not UTF-8", "", exc.start)) from None
    except json.JSONDecodeError as exc:
        raise _not_json(response, exc) from None


def _not_json(response: Any, exc: json.JSONDecodeError) -> OAuth2DecodeError:
    """Return the :class:`OAuth2DecodeError` of a body the decoder could not read."""
    message = (
        f"the token endpoint answered {_status(response)} with a body that is not "
        f"JSON ({exc.msg}): {_excerpt(response.content)!r}"
    )
    return OAuth2DecodeError(message, exc, getattr(response, "status_code", None), response)


def error_from_response(response: Any, data: Any, message: str | None = None) -> OAuth2Error:
    """Return the :class:`OAuth2Error` for a response that is not a token.

    :param response: The response.
    :type response: requests.Response
    :param data: Its decoded body (a dict), or ``None``.
    :param message: The message, defaults to one naming the status and the
        error or an excerpt of the body.
    :rtype: rauth.errors.OAuth2Error
    """
    data = data if isinstance(data, Mapping) else {}
    error, description = data.get("error"), data.get("error_description")
    if message is None:
        message = _message(response, error, description)
    return OAuth2Error(
        message,
        error=error if isinstance(error, str) else None,
        description=description if isinstance(description, str) else None,
        uri=data.get("error_uri"),
        status_code=getattr(response, "status_code", None),
        response=response,
    )


def _message(response: Any, error: Any, description: Any) -> str:
    status = _status(response)
    if isinstance(error, str):
        detail = f": {description}" if isinstance(description, str) else ""
        return f"the provider answered {status} with error {error!r}{detail}"
    content = getattr(response, "content", b"")
    if not content or not str(content).strip():
        return f"the token endpoint answered {status} with an empty body, not a token"
    return (
        f"the token endpoint answered {status} with something that is not a token: "
        f"{_excerpt(content)!r}"
    )


def token_from_response(
    response: Any, decoder: Callable[[Any], Any] = parse_utf8_qsl
) -> OAuth2Token:
    """Return the :class:`OAuth2Token` of a token endpoint response.

    :param response: The token endpoint's response.
    :type response: requests.Response
    :param decoder: Reads the body into a dict; by default the body decides
        between JSON and form.
    :type decoder: func
    :raises rauth.errors.OAuth2Error: for an error response (RFC 6749 section 5.2, any
        status, JSON or form) and for anything that is not a token: an HTML
        page, an empty or truncated body, a 5xx.
    :rtype: OAuth2Token
    """
    data = decoded(response, decoder)
    if not isinstance(data, Mapping) or "error" in data:
        raise error_from_response(response, data)
    status = getattr(response, "status_code", 200)
    if not data.get("access_token") or (isinstance(status, int) and status >= 400):
        raise error_from_response(response, data)
    return OAuth2Token(data)
