"""
rauth.testing.app
-----------------

Routes requests to the provider's endpoints, one at a time.

The router holds the provider's lock while an endpoint runs, so the
in-memory store needs no locking of its own and a check followed by an
update (a nonce, a one-time code) cannot interleave with another request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Mapping
from urllib.parse import urlsplit

from rauth.testing._oauthlib import urldecode
from rauth.testing.messages import (
    AuthFailure,
    HttpRequest,
    HttpResponse,
    error_response,
    json_response,
)

__all__ = ["Handler", "Route", "Router"]

#: An endpoint: takes a request, returns the response.
Handler = Callable[[HttpRequest], HttpResponse]
#: The methods a path accepts, and its endpoint.
Route = tuple[Collection[str], Handler]

logger = logging.getLogger("rauth.testing")


class Router:
    """Dispatch requests by path and turn failures into responses.

    :param routes: Path to allowed methods and endpoint.
    :type routes: dict
    :param lock: Held while an endpoint runs.
    :type lock: threading.RLock
    """

    def __init__(self, routes: Mapping[str, Route], lock: threading.RLock) -> None:
        self._routes = dict(routes)
        self._lock = lock

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Serve one request.

        :param request: The request.
        :type request: rauth.testing.messages.HttpRequest
        :rtype: rauth.testing.messages.HttpResponse
        """
        route = self._routes.get(request.path)
        if route is None:
            return json_response({"error": "not_found", "error_description": request.path}, 404)
        methods, handler = route
        if request.method not in methods:
            allow = ", ".join(sorted(methods))
            return json_response({"error": "method_not_allowed"}, 405, {"Allow": allow})
        with self._lock:
            return _run(handler, request)


def _malformation(request: HttpRequest) -> str:
    """Say which part of *request* oauthlib could not parse.

    oauthlib decodes the query strictly (only characters a form encoding
    may use, and ``%`` followed by two hex digits) and splits the URI, whose
    authority comes from the ``Host`` header; it ignores a form body it
    cannot decode. The answer names the part, never its value.
    """
    try:
        urldecode(request.query)
    except ValueError:
        return "malformed query string: not valid application/x-www-form-urlencoded"
    try:
        _ = urlsplit(request.uri).port  # raises for a bad port or IPv6 literal
    except ValueError:
        return "malformed Host header: not a valid host and port"
    return "malformed request"


def _run(handler: Handler, request: HttpRequest) -> HttpResponse:
    try:
        return handler(request)
    except AuthFailure as failure:
        return error_response(failure)
    except ValueError:
        # oauthlib refuses a malformed query with a bare ValueError quoting
        # it, so its message is neither logged nor answered. (The OAuth 1
        # endpoints report a malformed Authorization header themselves.)
        description = _malformation(request)
        logger.debug("%s: %s", request.path, description)
        return error_response(AuthFailure(description, status=400))
