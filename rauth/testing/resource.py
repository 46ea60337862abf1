"""
rauth.testing.resource
----------------------

The protected API under ``/api/`` and the default redirect target.

A request to the API may use any of the three schemes; the scheme is told
by the credentials it carries, then checked by that scheme's endpoints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from rauth.testing.messages import (
    JSON_CONTENT_TYPE,
    AuthFailure,
    HttpRequest,
    HttpResponse,
    Identity,
    json_response,
)
from rauth.testing.ofly import SIGNATURE_PARAM

__all__ = ["Resources", "callback", "detect_scheme"]

#: Checks a request's credentials for one scheme.
Verifier = Callable[[HttpRequest], Identity]

_CHALLENGE = 'OAuth realm="rauth.testing", Bearer realm="rauth.testing"'
_NO_CREDENTIALS = (
    "no credentials: sign the request with OAuth 1 or Ofly, or send an OAuth 2 Bearer token"
)


def detect_scheme(request: HttpRequest) -> str | None:
    """Tell which scheme a request's credentials use.

    :param request: The request.
    :type request: rauth.testing.messages.HttpRequest
    :returns: ``"oauth1"``, ``"oauth2"``, ``"ofly"`` or ``None``.
    :rtype: str or None
    """
    scheme = request.header("Authorization").split(" ", 1)[0].lower()
    if scheme in ("oauth", "bearer"):
        return "oauth1" if scheme == "oauth" else "oauth2"
    names = {key for key, _ in request.query_pairs() + request.form_pairs()}
    if SIGNATURE_PARAM in names:
        return "ofly"
    if "oauth_signature" in names:
        return "oauth1"
    return "oauth2" if "access_token" in names else None


#: A PLAINTEXT ``oauth_signature`` is the secrets themselves: never echoed.
_SIGNATURE_FIELD = re.compile(r"((?:^|&)oauth_signature=)[^&]*")


def _hide_signature(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return ``pairs`` with the value of ``oauth_signature`` hidden."""
    return [(key, "***" if key == "oauth_signature" else value) for key, value in pairs]


def _json_body(request: HttpRequest) -> Any:
    if JSON_CONTENT_TYPE not in request.header("Content-Type").lower():
        return None
    try:
        return json.loads(request.text)
    except ValueError:
        return None


def callback(request: HttpRequest) -> HttpResponse:
    """Echo the query of a redirect as a JSON object (last value wins).

    :param request: The redirected request.
    :type request: rauth.testing.messages.HttpRequest
    :rtype: rauth.testing.messages.HttpResponse
    """
    return json_response(dict(request.query_pairs()))


class Resources:
    """The protected API.

    :param verifiers: For each scheme name, what checks its credentials.
    :type verifiers: dict
    """

    def __init__(self, verifiers: Mapping[str, Verifier]) -> None:
        self._verifiers = dict(verifiers)

    def identify(self, request: HttpRequest) -> Identity:
        """Authenticate a request with whichever scheme it uses.

        :param request: The request.
        :type request: rauth.testing.messages.HttpRequest
        :raises rauth.testing.messages.AuthFailure: If it is not valid.
        :rtype: rauth.testing.messages.Identity
        """
        scheme = detect_scheme(request)
        if scheme is None:
            raise AuthFailure(_NO_CREDENTIALS, challenge=_CHALLENGE)
        return self._verifiers[scheme](request)

    def echo(self, request: HttpRequest) -> HttpResponse:
        """Answer who called and everything the request carried.

        :param request: The request.
        :type request: rauth.testing.messages.HttpRequest
        :rtype: rauth.testing.messages.HttpResponse
        """
        data = self.identify(request).to_json()
        data.update(
            method=request.method,
            path=request.path,
            query=_hide_signature(request.query_pairs()),
            form=_hide_signature(request.form_pairs()),
            json=_json_body(request),
            body=_SIGNATURE_FIELD.sub(r"\1***", request.text),
            content_type=request.header("Content-Type") or None,
        )
        return json_response(data)

    def me(self, request: HttpRequest) -> HttpResponse:
        """Answer who called: scheme, user, client and scopes.

        :param request: The request.
        :type request: rauth.testing.messages.HttpRequest
        :rtype: rauth.testing.messages.HttpResponse
        """
        data = self.identify(request).to_json()
        del data["oauth_params"]
        return json_response(data)
