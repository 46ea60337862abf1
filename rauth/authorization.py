"""
rauth.authorization
-------------------

Authorization requests (RFC 6749 section 4.1.1 and 4.2.1) with secure
defaults: ``state`` against cross-site request forgery (section 10.12), a
PKCE code verifier (RFC 7636) and an OpenID Connect ``nonce``, all drawn from
the OS CSPRNG; and the reading of the redirect back (the callback), which
refuses a ``state`` that does not match.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from rauth.errors import OAuth2Error, StateMismatchError
from rauth.utils import _split_url

__all__ = [
    "CODE_CHALLENGE_METHODS",
    "AuthorizationRequest",
    "code_challenge",
    "generate_code_verifier",
    "parse_callback",
    "scope_text",
]

#: PKCE code challenge methods (RFC 7636 section 4.2).
CODE_CHALLENGE_METHODS = ("S256", "plain")


def generate_code_verifier(nbytes: int = 48) -> str:
    """Return a new PKCE code verifier: 64 unreserved characters from the
    OS CSPRNG (RFC 7636 section 4.1 wants 43 to 128).

    :rtype: str
    """
    return secrets.token_urlsafe(nbytes)


def code_challenge(code_verifier: str, method: str = "S256") -> str:
    """Return the code challenge of ``code_verifier`` (RFC 7636 section 4.2):
    ``BASE64URL(SHA256(verifier))`` without padding for ``'S256'``, the
    verifier itself for ``'plain'``.

    >>> code_challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')
    'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

    :rtype: str
    """
    if method == "plain":
        return code_verifier
    if method != "S256":
        raise ValueError(f"code_challenge_method must be 'S256', 'plain' or None, not {method!r}")
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def scope_text(scope: str | Iterable[str] | None) -> str | None:
    """Return ``scope`` as a space-separated string (RFC 6749 section 3.3);
    a list of scopes is joined.

    :rtype: str
    """
    if scope is None or isinstance(scope, str):
        return scope
    scopes = list(scope) if isinstance(scope, (list, tuple, set, frozenset)) else None
    if scopes is None or not all(isinstance(item, str) for item in scopes):
        raise TypeError(
            f"scope must be a str or a list of str, not {type(scope).__name__}"
            + ("" if scopes is None else " holding other things")
        )
    return " ".join(scopes)


class AuthorizationRequest:
    """An authorization request, sent by redirecting the user to :attr:`url`.

    Keep it (e.g. ``to_dict()`` in the web app's session) until the user
    comes back, then give it to
    :meth:`~rauth.OAuth2Service.get_auth_session_from_callback`. Make one
    with :meth:`~rauth.OAuth2Service.authorization_request`.

    Its ``repr()`` hides the code verifier.
    """

    #: The attributes :meth:`to_dict` keeps.
    FIELDS = (
        "url",
        "state",
        "code_verifier",
        "code_challenge_method",
        "nonce",
        "redirect_uri",
        "response_type",
        "scope",
    )

    def __init__(
        self,
        url: str,
        state: str | None,
        code_verifier: str | None = None,
        code_challenge_method: str | None = None,
        nonce: str | None = None,
        redirect_uri: str | None = None,
        response_type: str = "code",
        scope: str | None = None,
    ) -> None:
        #: The URL to send the user to.
        self.url = url
        #: The ``state``, to check on the way back.
        self.state = state
        #: The PKCE code verifier (RFC 7636), sent with the code; a secret.
        self.code_verifier = code_verifier
        #: ``'S256'``, ``'plain'`` or ``None`` (no PKCE).
        self.code_challenge_method = code_challenge_method
        #: The OpenID Connect ``nonce``, when the scope has ``openid``.
        self.nonce = nonce
        #: The ``redirect_uri`` sent, which the token request repeats.
        self.redirect_uri = redirect_uri
        #: ``'code'`` or ``'token'`` (implicit grant).
        self.response_type = response_type
        #: The scope asked for, space-separated.
        self.scope = scope

    def to_dict(self) -> dict[str, Any]:
        """Return the request as a JSON-serialisable dict.

        :rtype: dict
        """
        return {name: getattr(self, name) for name in self.FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuthorizationRequest:
        """Rebuild a request from :meth:`to_dict`'s dict.

        :rtype: AuthorizationRequest
        """
        if not isinstance(data, Mapping) or "url" not in data or "state" not in data:
            raise ValueError("from_dict needs the dict AuthorizationRequest.to_dict() returned")
        fields: dict[str, Any] = {name: data[name] for name in cls.FIELDS if name in data}
        return cls(**fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AuthorizationRequest):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        pkce = self.code_challenge_method or "none"
        return f"<AuthorizationRequest response_type={self.response_type!r} pkce={pkce!r}>"


def build(
    authorize_url: str,
    params: dict[str, Any],
    *,
    state: str | None,
    code_challenge_method: str | None,
    nonce: str | None,
) -> tuple[AuthorizationRequest, dict[str, Any]]:
    """Return the request without its URL, and the query to send."""
    scope = scope_text(params.get("scope"))
    state = state if state is not None else secrets.token_urlsafe(32)
    query = {**params, "scope": scope, "state": state}
    verifier = None
    if code_challenge_method is not None:
        verifier = generate_code_verifier()
        query["code_challenge"] = code_challenge(verifier, code_challenge_method)
        query["code_challenge_method"] = code_challenge_method
    if nonce is None and scope and "openid" in scope.split():
        nonce = secrets.token_urlsafe(32)
    query["nonce"] = nonce
    query = {name: value for name, value in query.items() if value is not None}
    request = AuthorizationRequest(
        authorize_url,
        state,
        verifier,
        code_challenge_method,
        nonce,
        params.get("redirect_uri"),
        params.get("response_type", "code"),
        scope,
    )
    return request, query


def parse_callback(callback_url: str, request: AuthorizationRequest) -> dict[str, str]:
    """Read the authorization response of the redirect to ``callback_url``:
    its query, or its fragment for the implicit grant.

    :raises rauth.errors.StateMismatchError: if its ``state`` is not the request's.
    :raises rauth.errors.OAuth2Error: for an error response (``error=access_denied``, ...).
    :rtype: dict
    """
    if not isinstance(callback_url, str):
        raise TypeError(f"callback_url must be the URL as a str, not {type(callback_url).__name__}")
    parts = _split_url(callback_url, "callback_url")
    fragment = request.response_type != "code" and parts.fragment
    params = dict(parse_qsl(parts.fragment if fragment else parts.query))
    _check_state(params.get("state"), request.state)
    if "error" in params:
        description = params.get("error_description")
        detail = f": {description}" if description else ""
        raise OAuth2Error(
            f"the authorization was refused with error {params['error']!r}{detail}",
            error=params["error"],
            description=description,
            uri=params.get("error_uri"),
        )
    expected = "code" if request.response_type == "code" else "access_token"
    if expected not in params:
        raise OAuth2Error(
            f"the callback URL has no {expected}: pass the whole URL the provider "
            "redirected to (with its query, or its fragment for the implicit grant)"
        )
    return params


def _octets(text: str) -> bytes:
    """``text`` as UTF-8 to compare; a lone surrogate (which a forged callback
    may hold) is kept as it is."""
    return text.encode("utf-8", "surrogatepass")


def _check_state(received: str | None, sent: str | None) -> None:
    """Refuse a callback whose ``state`` is not the one sent (RFC 6749 10.12)."""
    if sent is None:
        return
    if received is None or not hmac.compare_digest(_octets(received), _octets(sent)):
        what = "has no state, unlike" if received is None else "has a state that does not match"
        raise StateMismatchError(
            f"the callback {what} the authorization request's: it may be forged "
            "(CSRF), so no token was requested. Start a new authorization request.",
            error="state_mismatch",
        )
