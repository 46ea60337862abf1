"""
rauth.testing.token_endpoint
----------------------------

What the provider's OAuth 2 token endpoint adds around oauthlib's: a log of
the token requests it received (grant type and how the client
authenticated, never a secret), and faults: answers of every shape a broken
or unusual provider gives, to test a client's error handling.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from rauth.testing.jwt_auth import assertion_method
from rauth.testing.messages import (
    FORM_CONTENT_TYPE,
    HttpRequest,
    HttpResponse,
    json_response,
)

__all__ = ["TOKEN_FAULTS", "TokenEndpoint", "TokenRequest"]

#: The answers :meth:`TokenEndpoint.fail` can give instead of a token:
#:
#: - ``json_error``: ``400`` with ``{"error": "invalid_grant", ...}``;
#: - ``json_error_200``: the same JSON error with status ``200``;
#: - ``form_error``: ``400`` with a form-encoded error;
#: - ``html``: ``200`` with an HTML page (a login page, say);
#: - ``empty``: ``200`` with an empty body;
#: - ``server_error``: ``503`` with a plain-text body;
#: - ``truncated_json``: ``200`` with JSON cut off in the middle.
TOKEN_FAULTS = (
    "json_error",
    "json_error_200",
    "form_error",
    "html",
    "empty",
    "server_error",
    "truncated_json",
)

_ERROR = {"error": "invalid_grant", "error_description": "the grant is not valid (fault)"}
_HTML = (
    b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please sign in</body></html>"
)


def _fault(name: str) -> HttpResponse:
    if name == "json_error":
        return json_response(_ERROR, 400)
    if name == "json_error_200":
        return json_response(_ERROR, 200)
    if name == "form_error":
        body = b"error=invalid_grant&error_description=the+grant+is+not+valid+%28fault%29"
        return HttpResponse(400, {"Content-Type": FORM_CONTENT_TYPE}, body)
    if name == "html":
        return HttpResponse(200, {"Content-Type": "text/html"}, _HTML)
    if name == "empty":
        return HttpResponse(200, {"Content-Type": "application/json"}, b"")
    if name == "server_error":
        return HttpResponse(503, {"Content-Type": "text/plain"}, b"Service Unavailable")
    return HttpResponse(200, {"Content-Type": "application/json"}, b'{"access_token": "abc", "tok')


@dataclass(frozen=True)
class TokenRequest:
    """A token request the provider received (no secrets)."""

    #: The ``grant_type``, e.g. ``"refresh_token"``.
    grant_type: str | None
    #: How the client authenticated: ``"client_secret_basic"``,
    #: ``"client_secret_post"``, ``"client_secret_jwt"``, ``"private_key_jwt"``
    #: or ``"none"`` (``client_id`` only).
    client_auth: str
    #: The answer's status code.
    status: int


def _client_auth(request: HttpRequest, form: dict[str, str]) -> str:
    if "client_assertion" in form:
        return assertion_method(form["client_assertion"])
    if request.header("Authorization")[:6].lower() == "basic ":
        return "client_secret_basic"
    if "client_secret" in form:
        return "client_secret_post"
    return "none"


class TokenEndpoint:
    """Wraps a token endpoint: logs its requests and can answer faults.

    :param endpoint: The token endpoint.
    :type endpoint: callable
    """

    def __init__(self, endpoint: Callable[[HttpRequest], HttpResponse]) -> None:
        self._endpoint = endpoint
        self._faults: list[str] = []
        self._lock = threading.Lock()
        #: The token requests received, in order.
        self.requests: list[TokenRequest] = []

    def fail(self, fault: str, times: int = 1) -> None:
        """Answer the next ``times`` token requests with ``fault``.

        :param fault: One of :data:`TOKEN_FAULTS`.
        :type fault: str
        :param times: How many requests get it.
        :type times: int
        """
        if fault not in TOKEN_FAULTS:
            raise ValueError(f"fault must be one of {TOKEN_FAULTS}, not {fault!r}")
        with self._lock:
            self._faults.extend([fault] * times)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
        response = _fault(fault) if fault else self._endpoint(request)
        form = dict(parse_qsl(request.text)) if request.is_form else {}
        record = TokenRequest(form.get("grant_type"), _client_auth(request, form), response.status)
        with self._lock:
            self.requests.append(record)
        return response
