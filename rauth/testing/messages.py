"""
rauth.testing.messages
----------------------

Plain HTTP request and response values passed between the loopback server
and the provider's endpoints, and the helpers that build responses.

Nothing here knows about OAuth: the server turns bytes into a
:class:`HttpRequest`, an endpoint returns an :class:`HttpResponse`.

Queries, headers, bodies and the parameters in an :class:`Identity` carry
tokens, signatures and secrets, so the reprs leave them out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

__all__ = [
    "FORM_CONTENT_TYPE",
    "JSON_CONTENT_TYPE",
    "AuthFailure",
    "HttpRequest",
    "HttpResponse",
    "Identity",
    "error_response",
    "form_response",
    "json_response",
    "redirect_response",
]

#: Content type of form-encoded bodies (OAuth 1 token responses).
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
#: Content type of JSON bodies (OAuth 2 token responses, the API).
JSON_CONTENT_TYPE = "application/json"


@dataclass(frozen=True)
class HttpRequest:
    """An HTTP request as received by the loopback server.

    Its repr shows the method, path and origin only.
    """

    #: Upper-case HTTP method, e.g. ``"GET"``.
    method: str
    #: The path as sent on the request line, without the query.
    path: str
    #: The raw query string as sent, without the leading ``?``.
    query: str = field(repr=False)
    #: Request headers (the last value wins for repeated names).
    headers: Mapping[str, str] = field(repr=False)
    #: The raw request body.
    body: bytes = field(repr=False)
    #: Scheme and authority the client used, e.g. ``"http://127.0.0.1:5000"``.
    origin: str

    @property
    def uri(self) -> str:
        """The absolute URI the client requested, query included.

        :rtype: str
        """
        query = "?" + self.query if self.query else ""
        return self.origin + self.path + query

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes are replaced).

        :rtype: str
        """
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        """Return a header value by case-insensitive name, or ``""``.

        :param name: The header name.
        :type name: str
        :rtype: str
        """
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return ""

    @property
    def is_form(self) -> bool:
        """Whether the body is declared form-encoded.

        :rtype: bool
        """
        return FORM_CONTENT_TYPE in self.header("Content-Type").lower()

    def query_pairs(self) -> list[tuple[str, str]]:
        """The query decoded into ``(key, value)`` pairs, blanks kept.

        :rtype: list
        """
        return parse_qsl(self.query, keep_blank_values=True)

    def form_pairs(self) -> list[tuple[str, str]]:
        """The body decoded into pairs when it is form-encoded, else ``[]``.

        :rtype: list
        """
        if not self.is_form:
            return []
        return parse_qsl(self.text, keep_blank_values=True)


@dataclass
class HttpResponse:
    """An HTTP response for the loopback server to write.

    Its repr shows the status only: a ``Location`` header or a token
    response carries codes and tokens.
    """

    #: Status code.
    status: int = 200
    #: Response headers.
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    #: Response body.
    body: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Identity:
    """Who made an authenticated request, as a protected resource sees it."""

    #: ``"oauth1"``, ``"oauth2"`` or ``"ofly"``.
    scheme: str
    #: The resource owner, ``None`` for an OAuth 2 client-credentials token.
    user: str | None
    #: The consumer key, client id or Ofly app id.
    client: str
    #: Granted OAuth 1 realms or OAuth 2 scopes.
    scopes: tuple[str, ...] = ()
    #: The protocol parameters the provider checked, less the signature (a
    #: PLAINTEXT ``oauth_signature`` *is* the consumer and token secrets).
    #: Left out of the repr, as they hold the ``oauth_token``.
    oauth_params: Mapping[str, str] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict[str, Any]:
        """Return the identity as a JSON-ready mapping.

        :rtype: dict
        """
        return {
            "scheme": self.scheme,
            "user": self.user,
            "client": self.client,
            "scopes": list(self.scopes),
            "oauth_params": dict(self.oauth_params),
        }


class AuthFailure(Exception):
    """A request the provider refuses, with an explanation for the client.

    The description is shown to the client, so it never contains a secret.
    """

    def __init__(
        self,
        description: str,
        *,
        status: int = 401,
        error: str = "invalid_request",
        challenge: str | None = None,
    ) -> None:
        super().__init__(description)
        #: Human-readable explanation.
        self.description = description
        #: HTTP status code to answer with.
        self.status = status
        #: Short machine-readable error code.
        self.error = error
        #: Value of the ``WWW-Authenticate`` header, if any.
        self.challenge = challenge


def json_response(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> HttpResponse:
    """Build a JSON response.

    :param data: A JSON-serialisable value.
    :type data: object
    :param status: Status code, defaults to 200.
    :type status: int
    :param headers: Extra headers.
    :type headers: dict
    :rtype: HttpResponse
    """
    body = json.dumps(data, sort_keys=True).encode("utf-8")
    all_headers = {"Content-Type": JSON_CONTENT_TYPE}
    all_headers.update(headers or {})
    return HttpResponse(status, all_headers, body)


def form_response(
    pairs: Sequence[tuple[str, str]] | Mapping[str, str], status: int = 200
) -> HttpResponse:
    """Build a form-encoded response.

    :param pairs: Pairs or a mapping to encode.
    :type pairs: list or dict
    :param status: Status code, defaults to 200.
    :type status: int
    :rtype: HttpResponse
    """
    body = urlencode(pairs).encode("utf-8")
    return HttpResponse(status, {"Content-Type": FORM_CONTENT_TYPE}, body)


def redirect_response(location: str) -> HttpResponse:
    """Build a ``302 Found`` redirect.

    :param location: The absolute target URI.
    :type location: str
    :rtype: HttpResponse
    """
    return HttpResponse(302, {"Location": location}, b"")


def error_response(failure: AuthFailure) -> HttpResponse:
    """Turn an :class:`AuthFailure` into a JSON error response.

    :param failure: The failure to report.
    :type failure: AuthFailure
    :rtype: HttpResponse
    """
    data = {"error": failure.error, "error_description": failure.description}
    headers = {}
    if failure.challenge:
        headers["WWW-Authenticate"] = failure.challenge
    return json_response(data, failure.status, headers)
