"""
rauth.testing.quirks
--------------------

Provider quirks: ``Provider(quirk='facebook')`` and the like make the
provider answer token requests and read access tokens as that provider
does, instead of as RFC 6749 and RFC 6750 say, to test the client's fixes
(:mod:`rauth.quirks`) against them.

The tokens are still issued and checked by oauthlib: a quirk only reshapes
the token endpoint's answers and moves where a protected resource reads the
token from. What each quirk does:

- ``facebook``: the token answer is form-encoded, labelled ``text/plain``,
  with ``expires`` for ``expires_in``, no ``token_type``, no refresh token;
- ``linkedin``: no ``token_type``, no refresh token; resources read the
  token from the ``oauth2_access_token`` query parameter only;
- ``slack``: a code is answered as Slack's ``oauth.v2.access`` answers an
  install asking user scopes only: ``{"ok": true, "authed_user": {"id",
  "scope", "access_token", "token_type": "user", ...}, "team": ...}``, no
  token at the top; other grants (refresh) answer the token at the top,
  with ``"ok": true``; errors are ``{"ok": false, "error": ...}`` with
  status 200; resources read the token from a ``token`` query or form
  parameter only;
- ``fitbit``: errors are ``{"errors": [{"errorType", "message"}],
  "success": false}``; tokens carry a ``user_id``;
- ``instagram``: ``{"access_token", "user_id"}`` only; resources read the
  token from the ``access_token`` query parameter only;
- ``mailchimp``: ``{"access_token", "expires_in": 0, "scope": null}``, and
  the token does not expire (it is valid for :data:`NEVER` seconds);
- ``weibo``: no ``token_type``, a ``uid`` and ``remind_in``, no refresh
  token; resources read the ``access_token`` query parameter only;
- ``douban``: no ``token_type``, a ``douban_user_id``; resources read the
  ``access_token`` query parameter only;
- ``ebay``: ``token_type`` is ``"User Access Token"``, or ``"Application
  Access Token"`` for the client credentials grant;
- ``plentymarkets``: the members in camelCase: ``accessToken``,
  ``tokenType``, ``expiresIn``, ``refreshToken``.

Where a quirk moves the token, an ``Authorization`` header is ignored.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from rauth.testing.messages import HttpRequest, HttpResponse, json_response

__all__ = [
    "NEVER",
    "QUIRKS",
    "TOKEN_PARAMETERS",
    "check_quirk",
    "reading_token",
    "token_answers",
    "token_lifetime",
]

#: The quirks the provider can have.
QUIRKS = (
    "facebook",
    "linkedin",
    "slack",
    "fitbit",
    "instagram",
    "mailchimp",
    "weibo",
    "douban",
    "ebay",
    "plentymarkets",
)

#: For the quirks that move the access token: the parameter resources read
#: it from, in the query (or, for Slack, in the form body too).
TOKEN_PARAMETERS = {
    "linkedin": "oauth2_access_token",
    "slack": "token",
    "instagram": "access_token",
    "weibo": "access_token",
    "douban": "access_token",
}

#: The lifetime of tokens that do not expire: a hundred years, in seconds.
NEVER = 100 * 365 * 86400

#: Quirks whose providers issue no refresh tokens.
_NO_REFRESH = ("facebook", "linkedin", "instagram", "mailchimp", "weibo")

Endpoint = Callable[[HttpRequest], HttpResponse]

#: Slack's example team and user (from its ``oauth.v2.access`` page).
_SLACK_TEAM = {"id": "T9TK3CUKW", "name": "Slack Softball Team"}
_SLACK_USER = "U1234"


def check_quirk(quirk: str | None) -> None:
    """:raises ValueError: for a quirk not in :data:`QUIRKS`."""
    if quirk is not None and quirk not in QUIRKS:
        raise ValueError(f"quirk must be one of {', '.join(QUIRKS)}, not {quirk!r}")


def token_lifetime(quirk: str | None, lifetime: int) -> int:
    """Return the lifetime of the tokens the provider issues: ``lifetime``,
    or :data:`NEVER` for Mailchimp, whose tokens do not expire.

    :param quirk: One of :data:`QUIRKS`, or ``None``.
    :type quirk: str
    :param lifetime: The provider's ``token_lifetime``.
    :type lifetime: int
    :rtype: int
    """
    return NEVER if quirk == "mailchimp" else lifetime


def _grant_type(request: HttpRequest) -> str | None:
    return dict(request.form_pairs()).get("grant_type")


def _facebook(token: dict[str, Any], grant: str | None) -> HttpResponse:
    pairs = [("access_token", token["access_token"]), ("expires", str(token["expires_in"]))]
    body = urlencode(pairs).encode("utf-8")
    return HttpResponse(200, {"Content-Type": "text/plain; charset=UTF-8"}, body)


def _slack(token: dict[str, Any], grant: str | None) -> dict[str, Any]:
    token = {**token, "token_type": "user"}
    if grant != "authorization_code":
        return {"ok": True, **token}
    user = {"id": _SLACK_USER, **token}
    return {
        "ok": True,
        "app_id": "A0KRD7HC3",
        "authed_user": user,
        "team": _SLACK_TEAM,
        "enterprise": None,
        "is_enterprise_install": False,
    }


def _without_type(token: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**{k: v for k, v in token.items() if k != "token_type"}, **extra}


def _camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def _ebay(token: dict[str, Any], grant: str | None) -> dict[str, Any]:
    kind = "Application" if grant == "client_credentials" else "User"
    return {**token, "token_type": f"{kind} Access Token"}


#: How each quirk reshapes oauthlib's JSON token (``grant`` is the grant type).
_TOKENS: dict[str, Callable[[dict[str, Any], str | None], Any]] = {
    "facebook": _facebook,
    "linkedin": lambda token, grant: _without_type(token),
    "slack": _slack,
    "fitbit": lambda token, grant: {**token, "user_id": "GGNJL9"},
    "instagram": lambda token, grant: {
        "access_token": token["access_token"],
        "user_id": 17841405793187218,
    },
    "mailchimp": lambda token, grant: {
        "access_token": token["access_token"],
        "expires_in": 0,
        "scope": None,
    },
    "weibo": lambda token, grant: _without_type(
        token, remind_in=str(token["expires_in"]), uid="1404376560"
    ),
    "douban": lambda token, grant: _without_type(token, douban_user_id="1221"),
    "ebay": _ebay,
    "plentymarkets": lambda token, grant: {_camel_case(k): v for k, v in token.items()},
}


def _error(quirk: str, error: dict[str, Any], status: int) -> HttpResponse | None:
    """Reshape an RFC 6749 5.2 error, for the quirks that do."""
    if quirk == "fitbit":
        message = error.get("error_description") or error["error"]
        errors = [{"errorType": error["error"], "message": message}]
        return json_response({"errors": errors, "success": False}, status)
    if quirk == "slack":
        return json_response({"ok": False, "error": error["error"]}, 200)
    return None


def _reshaped(quirk: str, response: HttpResponse, grant: str | None) -> HttpResponse:
    try:
        data = json.loads(response.body)
    except ValueError:
        return response
    if not isinstance(data, dict):
        return response
    if "error" in data:
        return _error(quirk, data, response.status) or response
    if quirk in _NO_REFRESH:
        data.pop("refresh_token", None)
    answer = _TOKENS[quirk](data, grant)
    if isinstance(answer, HttpResponse):
        return answer
    return json_response(answer, response.status)


def token_answers(quirk: str | None, endpoint: Endpoint) -> Endpoint:
    """Wrap the token endpoint so that it answers as ``quirk`` says.

    :param quirk: One of :data:`QUIRKS`, or ``None`` for RFC 6749.
    :type quirk: str
    :param endpoint: The token endpoint.
    :type endpoint: callable
    :rtype: callable
    """
    if quirk is None:
        return endpoint

    def answer(request: HttpRequest) -> HttpResponse:
        return _reshaped(quirk, endpoint(request), _grant_type(request))

    return answer


def _quirk_token(name: str, request: HttpRequest) -> str | None:
    pairs = request.query_pairs() + (request.form_pairs() if name == "token" else [])
    return next((value for key, value in pairs if key == name), None)


def reading_token(quirk: str | None, resource: Endpoint) -> Endpoint:
    """Wrap a protected resource so that it reads the access token where
    ``quirk`` says (see :data:`TOKEN_PARAMETERS`) and nowhere else; the
    token is then checked by oauthlib as a Bearer token.

    :param quirk: One of :data:`QUIRKS`, or ``None`` for RFC 6750.
    :type quirk: str
    :param resource: The resource.
    :type resource: callable
    :rtype: callable
    """
    name = TOKEN_PARAMETERS.get(quirk or "")
    if name is None:
        return resource

    def read(request: HttpRequest) -> HttpResponse:
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        token = _quirk_token(name, request)
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        return resource(dataclasses.replace(request, headers=headers))

    return read
