"""
rauth.quirks
------------

Provider quirks: small fixes for OAuth 2 providers that do not quite follow
RFC 6749 and RFC 6750, the deviations requests-oauthlib's compliance fixes
document. Each function registers compliance hooks (see :mod:`rauth.hooks`)
on an :class:`~rauth.OAuth2Service` and returns the service; the sessions
it makes, and their refreshes, then get the fix::

    from rauth.quirks import facebook

    service = facebook(OAuth2Service(...))

A service without a quirk pays nothing for this module. The
:class:`rauth.testing.Provider` reproduces each provider's behaviour with
``Provider(quirk='facebook')`` and so on; see :doc:`/guide/provider_quirks`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from requests import Response

from rauth.hooks import with_token
from rauth.tokens import OAuth2Token

if TYPE_CHECKING:  # pragma: no cover
    from rauth.flows import OAuth2Flows

__all__ = [
    "douban",
    "ebay",
    "facebook",
    "fitbit",
    "instagram",
    "linkedin",
    "mailchimp",
    "plentymarkets",
    "slack",
    "slack_user_token",
    "weibo",
]

_Service = TypeVar("_Service", bound="OAuth2Flows")
_ResponseHook = Callable[[Response], Response]

#: eBay's token types for what RFC 6750 calls a Bearer token.
_EBAY_TOKEN_TYPES = ("Application Access Token", "User Access Token")
#: The members of Slack's ``authed_user`` that make up the user's token.
_SLACK_TOKEN_MEMBERS = ("access_token", "token_type", "scope", "refresh_token", "expires_in")
#: ``accessToken`` -> ``access_Token``, as requests-oauthlib splits words.
_CAMEL_WORD = re.compile(r"(.)([A-Z][a-z]+)")


# -- Reading and rewriting token responses ---------------------------------


def _json_object(response: Response) -> dict[str, Any] | None:
    """Return the body of ``response`` as a JSON object, or ``None``."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _rewritten(response: Response, data: Mapping[str, Any]) -> Response:
    """Give ``response`` ``data`` as its JSON body; return it."""
    response._content = json.dumps(data).encode("utf-8")
    response.headers["Content-Type"] = "application/json"
    response.encoding = "utf-8"
    return response


def _json_fix(fix: Callable[[dict[str, Any]], dict[str, Any] | None]) -> _ResponseHook:
    """Make a response hook of ``fix``, which turns a token response's JSON
    object into the fixed one, or ``None`` for "nothing to fix". A body
    that is not a JSON object is left alone."""

    def hook(response: Response) -> Response:
        data = _json_object(response)
        fixed = None if data is None else fix(data)
        return response if fixed is None else _rewritten(response, fixed)

    return hook


def _register(service: _Service, *pairs: tuple[str, Callable[..., Any]]) -> _Service:
    for hook, fn in pairs:
        service.register_compliance_hook(hook, fn)
    return service


def _both(fn: _ResponseHook) -> tuple[tuple[str, _ResponseHook], ...]:
    """``fn`` for the token responses of logins and of refreshes."""
    return ("access_token_response", fn), ("refresh_token_response", fn)


def _bearer_type(data: dict[str, Any]) -> dict[str, Any] | None:
    """A missing ``token_type`` (RFC 6749 5.1 requires it) is ``Bearer``."""
    if "access_token" not in data or data.get("token_type"):
        return None
    return {**data, "token_type": "Bearer"}


# -- Placing the token where the provider reads it -------------------------


def _with_query(url: str, name: str, value: str) -> str:
    """Return ``url`` with ``name=value`` added to its query."""
    parts = urlsplit(url)
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode([(name, value)])))


def _in_query(url: str, name: str) -> bool:
    return any(key == name for key, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True))


def _query_token(name: str) -> Callable[..., Any]:
    """A ``protected_request`` hook putting the access token in the query
    as ``name``, unless the URL has one already (the caller's wins)."""

    def place(url: str, headers: dict[str, Any], data: Any, token: OAuth2Token) -> Any:
        if token.access_token is None or _in_query(url, name):
            return url, headers, data
        return _with_query(url, name, str(token.access_token)), headers, data

    return with_token(place)


def _bearer_in_query(service: _Service, name: str) -> _Service:
    """The fix of a provider that sends no ``token_type`` and reads the
    access token from the query parameter ``name``."""
    return _register(
        service, *_both(_json_fix(_bearer_type)), ("protected_request", _query_token(name))
    )


# -- The providers ----------------------------------------------------------


def _facebook_token(response: Response) -> Response:
    """Facebook's form-encoded token (``text/plain``, no ``token_type``,
    ``expires`` for ``expires_in``) as RFC 6749's JSON."""
    content_type = response.headers.get("Content-Type", "").lower()
    form = "text/plain" in content_type or "application/x-www-form-urlencoded" in content_type
    if "application/json" in content_type or not form or response.status_code != 200:
        return response
    token: dict[str, Any] = dict(parse_qsl(response.text, keep_blank_values=True))
    if "access_token" not in token:
        return response
    expires = token.pop("expires", None)
    if expires is not None:
        token["expires_in"] = int(expires) if expires.isdigit() else expires
    token.setdefault("token_type", "Bearer")
    return _rewritten(response, token)


def facebook(service: _Service) -> _Service:
    """Facebook answers the token request form-encoded, labelled
    ``text/plain``, with ``expires`` in place of ``expires_in`` and no
    ``token_type``; the fix makes it RFC 6749's JSON (``expires_in`` a
    number, ``token_type`` ``Bearer``), so the token knows its expiry and
    ``decoder=json.loads`` reads it. JSON answers are left alone.

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _register(service, ("access_token_response", _facebook_token))


def linkedin(service: _Service) -> _Service:
    """LinkedIn (its OAuth 2 API of 2013-2018) sends no ``token_type`` and
    reads the access token from the ``oauth2_access_token`` query
    parameter, not from an ``Authorization: Bearer`` header; the fix adds
    the ``token_type`` and the parameter (requests-oauthlib's fix of
    requests-oauthlib 1.x).

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _bearer_in_query(service, "oauth2_access_token")


def _slack_login(data: dict[str, Any]) -> dict[str, Any] | None:
    """Slack's ``oauth.v2.access`` answer to an install asking only user
    scopes has no top-level token: the user's is in ``authed_user``. Lift
    it to the top; ``authed_user`` stays as it is."""
    user = data.get("authed_user")
    if data.get("access_token") or not isinstance(user, Mapping) or not user.get("access_token"):
        return None
    lifted = {name: user[name] for name in _SLACK_TOKEN_MEMBERS if name in user}
    return {**data, **lifted}


def _slack_token(url: str, headers: dict[str, Any], data: Any, token: OAuth2Token) -> Any:
    """Slack reads the token from a ``token`` parameter: in the form body
    when ``data`` is a dict, else in the query (a body on a ``GET`` is not
    sent by every proxy). A ``token`` the caller gave wins."""
    if _in_query(url, "token") or (isinstance(data, Mapping) and "token" in data):
        return url, headers, data
    if isinstance(data, Mapping):
        return url, headers, {**data, "token": token.access_token}
    return _with_query(url, "token", str(token.access_token)), headers, data


def slack(service: _Service) -> _Service:
    """Slack reads the access token from a ``token`` parameter, and its
    ``oauth.v2.access`` answer keeps the user's token apart, in
    ``authed_user: {id, scope, access_token, token_type}``, besides the bot
    token at the top, or alone when the app asked only user scopes. The
    fix sends the ``token`` parameter and, when there is no bot token,
    makes the user's token the session's; :func:`slack_user_token` reads
    the user's token of any answer.

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _register(
        service, *_both(_json_fix(_slack_login)), ("protected_request", with_token(_slack_token))
    )


def slack_user_token(token: Mapping[str, Any] | None) -> OAuth2Token | None:
    """Return the user's token of a Slack ``oauth.v2.access`` answer (its
    ``authed_user``), as an :class:`~rauth.OAuth2Token`, or ``None`` when it
    has none; a session for it: ``service.get_session(slack_user_token(session.token))``.

    >>> from rauth.quirks import slack_user_token
    >>> answer = {'access_token': 'xoxb-bot', 'token_type': 'bot',
    ...           'authed_user': {'id': 'U1234', 'access_token': 'xoxp-user',
    ...                           'token_type': 'user', 'scope': 'chat:write'}}
    >>> slack_user_token(answer).access_token
    'xoxp-user'

    :param token: The token, e.g. ``session.token``.
    :type token: dict
    :rtype: rauth.OAuth2Token
    """
    user = (token or {}).get("authed_user")
    if not isinstance(user, Mapping) or not user.get("access_token"):
        return None
    return OAuth2Token(user)


def _fitbit_error(data: dict[str, Any]) -> dict[str, Any] | None:
    """Fitbit's ``{"errors": [{"errorType", "message"}]}`` as RFC 6749's
    ``error`` and ``error_description`` (of the first error)."""
    errors = data.get("errors")
    if "error" in data or not isinstance(errors, list) or not errors:
        return None
    first = errors[0] if isinstance(errors[0], Mapping) else {}
    error = first.get("errorType")
    if not isinstance(error, str):
        return None
    message = first.get("message")
    return {**data, "error": error, **({"error_description": message} if message else {})}


def fitbit(service: _Service) -> _Service:
    """Fitbit answers token errors as ``{"errors": [{"errorType":
    "invalid_grant", "message": "..."}], "success": false}`` with no
    ``error`` member; the fix adds ``error`` (the first ``errorType``) and
    ``error_description``, so rauth raises :class:`~rauth.OAuth2Error`
    with ``error='invalid_grant'``.

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _register(service, *_both(_json_fix(_fitbit_error)))


def instagram(service: _Service) -> _Service:
    """Instagram reads the access token from the ``access_token`` query
    parameter; the fix adds it to each request, unless the URL has one.

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _register(service, ("protected_request", _query_token("access_token")))


def _mailchimp_token(data: dict[str, Any]) -> dict[str, Any] | None:
    """Mailchimp's tokens do not expire, yet it says ``"expires_in": 0``
    (and ``"scope": null``): both are dropped."""
    fixed = {
        name: value
        for name, value in data.items()
        if (name, value) not in (("expires_in", 0), ("scope", None))
    }
    return None if len(fixed) == len(data) else fixed


def mailchimp(service: _Service) -> _Service:
    """Mailchimp answers ``"expires_in": 0`` for tokens that never expire,
    and ``"scope": null``; without the fix the token is expired the moment
    it arrives, and the session refuses to send it. The fix drops both
    members (requests-oauthlib sets ``expires_in`` to 3600 instead, after
    which the token would look expired and could not be refreshed).

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _register(service, ("access_token_response", _json_fix(_mailchimp_token)))


def weibo(service: _Service) -> _Service:
    """Weibo sends no ``token_type`` and reads the access token from the
    ``access_token`` query parameter; the fix adds both.

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _bearer_in_query(service, "access_token")


def douban(service: _Service) -> _Service:
    """Douban sends no ``token_type`` and, as requests-oauthlib's fix has
    it, reads the access token from the ``access_token`` query parameter;
    the fix adds both.

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _bearer_in_query(service, "access_token")


def _ebay_type(data: dict[str, Any]) -> dict[str, Any] | None:
    if data.get("token_type") not in _EBAY_TOKEN_TYPES:
        return None
    return {**data, "token_type": "Bearer"}


def ebay(service: _Service) -> _Service:
    """eBay calls its Bearer tokens ``"token_type": "Application Access
    Token"`` or ``"User Access Token"``; the fix says ``Bearer``.

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _register(service, *_both(_json_fix(_ebay_type)))


def _snake_case(name: str) -> str:
    return _CAMEL_WORD.sub(r"\1_\2", name).lower()


def _plentymarkets_token(response: Response) -> Response:
    """Plentymarkets' ``accessToken``, ``tokenType``, ``expiresIn``,
    ``refreshToken`` as ``access_token`` and so on (200 JSON answers)."""
    content_type = response.headers.get("Content-Type", "").lower()
    data = _json_object(response) if "application/json" in content_type else None
    if data is None or response.status_code != 200:
        return response
    return _rewritten(response, {_snake_case(name): value for name, value in data.items()})


def plentymarkets(service: _Service) -> _Service:
    """Plentymarkets names the token's members in camelCase
    (``accessToken``, ``tokenType``, ``expiresIn``, ``refreshToken``); the
    fix renames them in snake_case, as RFC 6749 has them.

    :param service: The service.
    :type service: rauth.OAuth2Service
    :rtype: rauth.OAuth2Service
    """
    return _register(service, *_both(_plentymarkets_token))
