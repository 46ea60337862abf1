"""
rauth.testing.oauth2
--------------------

The OAuth 2 provider (RFC 6749, RFC 6750, RFC 7636): oauthlib's
:class:`oauthlib.oauth2.Server` over a :class:`~rauth.testing.store.Store`.

Grants: authorization code (with PKCE ``S256`` and ``plain``), implicit
(for clients registered with it), resource owner password, client
credentials and refresh token (rotating); token revocation (RFC 7009). Clients authenticate
at the token endpoint with ``client_id``/``client_secret`` in the form body
(what rauth sends) or with HTTP Basic (RFC 6749 2.3.1). Protected resources
take the Bearer token from the ``Authorization`` header or from an
``access_token`` query or form parameter (RFC 6750 2).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit

from rauth.testing import jwt_auth, paths
from rauth.testing._oauthlib import oauth2 as lib
from rauth.testing._oauthlib import oauth2_errors
from rauth.testing.messages import (
    FORM_CONTENT_TYPE,
    AuthFailure,
    HttpRequest,
    HttpResponse,
    Identity,
    json_response,
    redirect_response,
)
from rauth.testing.store import (
    AuthorizationCode,
    BearerToken,
    OAuth2Client,
    Store,
)

__all__ = ["TOKEN_FORMATS", "OAuth2Endpoints", "OAuth2Validator"]

#: Encodings the token endpoint can answer in.
TOKEN_FORMATS = ("json", "form")
_CHALLENGE = 'Bearer realm="rauth.testing"'


def _origin(uri: str) -> str:
    """Return the ``scheme://authority`` part of *uri*."""
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"


def _basic_credentials(header: str) -> tuple[str, str]:
    """Decode HTTP Basic client credentials (RFC 6749 2.3.1).

    :raises oauthlib.oauth2.InvalidClientError: If they are malformed.
    """
    try:
        decoded = base64.b64decode(header.split(None, 1)[1], validate=True)
        client_id, sep, secret = decoded.decode("utf-8").partition(":")
    except (IndexError, ValueError, binascii.Error):
        raise lib.InvalidClientError(description="malformed Basic credentials") from None
    if not sep:
        raise lib.InvalidClientError(description="malformed Basic credentials")
    return unquote_plus(client_id), unquote_plus(secret)


def _assertion(request: Any) -> str | None:
    """Return the JWT client assertion of a request (RFC 7523 2.2), if any."""
    form = dict(request.decoded_body or [])
    if form.get("client_assertion_type") != jwt_auth.CLIENT_ASSERTION_TYPE:
        return None
    return form.get("client_assertion") or ""


def _client_credentials(request: Any) -> tuple[str | None, str | None]:
    """Return the client id and secret from Basic auth or the form body."""
    header = request.headers.get("Authorization", "")
    if header[:6].lower() == "basic ":
        return _basic_credentials(header)
    return request.client_id, request.client_secret


class OAuth2Validator(lib.RequestValidator):  # type: ignore[misc]  # oauthlib is untyped
    """oauthlib's OAuth 2 request validator, backed by a store.

    Not thread-safe by itself: the provider serialises calls.

    :param store: Registrations and credentials.
    :type store: rauth.testing.store.Store
    :param clock: Returns the current time, for code and token expiry.
    :type clock: callable
    :param code_lifetime: Seconds an authorization code stays usable.
    :type code_lifetime: float
    """

    def __init__(self, store: Store, clock: Callable[[], float], code_lifetime: float) -> None:
        super().__init__()
        self._store = store
        self._clock = clock
        self._code_lifetime = code_lifetime

    # -- Clients --------------------------------------------------------

    def client(self, client_id: str | None) -> OAuth2Client | None:
        """Return a registered client, or ``None``.

        :param client_id: The client id.
        :type client_id: str
        :rtype: rauth.testing.store.OAuth2Client or None
        """
        return self._store.clients.get(client_id or "")

    def _known_client(self, client_id: str | None) -> OAuth2Client:
        client = self.client(client_id)
        if client is None:
            raise lib.InvalidClientError(description="unknown client_id")
        return client

    def client_authentication_required(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        if _assertion(request) is not None:
            return True
        client_id, secret = _client_credentials(request)
        client = self.client(client_id)
        return secret is not None or client is None or client.client_secret is not None

    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        assertion = _assertion(request)
        if assertion is not None:  # RFC 7523 2.2, verified with PyJWT
            token_url = _origin(request.uri) + paths.OAUTH2_TOKEN
            request.client, _ = jwt_auth.verify_assertion(
                assertion, self._store, (token_url,), self._clock
            )
            request.client_id = request.client_id or request.client.client_id
            return True
        client_id, secret = _client_credentials(request)
        client = self._known_client(client_id)
        if client.client_secret is None:
            raise lib.InvalidClientError(description="public client sent a client_secret")
        if not secret:
            raise lib.InvalidClientError(description="missing client_secret")
        if not hmac.compare_digest(client.client_secret, secret):
            raise lib.InvalidClientError(description="wrong client_secret")
        request.client = client
        return True

    def authenticate_client_id(
        self, client_id: str, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        request.client = self._known_client(client_id)
        return True

    def validate_client_id(self, client_id: str, request: Any, *args: Any, **kwargs: Any) -> bool:
        request.client = self.client(client_id)
        return request.client is not None

    def validate_grant_type(
        self, client_id: str, grant_type: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        return grant_type in client.grant_types

    def validate_response_type(
        self,
        client_id: str,
        response_type: str,
        client: Any,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        if response_type == "token":  # the implicit grant (RFC 6749 4.2)
            return "implicit" in client.grant_types
        return response_type == "code" and "authorization_code" in client.grant_types

    def validate_scopes(
        self,
        client_id: str,
        scopes: Sequence[str],
        client: Any,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        allowed = self._known_client(client_id or getattr(client, "client_id", None)).scopes
        return allowed is None or set(scopes) <= set(allowed)

    def get_default_scopes(
        self, client_id: str, request: Any, *args: Any, **kwargs: Any
    ) -> list[str]:
        return list(self._known_client(client_id).default_scopes)

    def is_pkce_required(self, client_id: str, request: Any) -> bool:
        client = self.client(client_id)
        return client is not None and client.require_pkce

    # -- Redirect URIs --------------------------------------------------

    def validate_redirect_uri(
        self, client_id: str, redirect_uri: str, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        registered = self._known_client(client_id).redirect_uris
        return not registered or redirect_uri in registered

    def get_default_redirect_uri(
        self, client_id: str, request: Any, *args: Any, **kwargs: Any
    ) -> str:
        registered = self._known_client(client_id).redirect_uris
        return registered[0] if registered else _origin(request.uri) + paths.CALLBACK

    def confirm_redirect_uri(
        self,
        client_id: str,
        code: str,
        redirect_uri: str | None,
        client: Any,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        # RFC 6749 4.1.3: identical to the authorization request's, if any.
        saved = self._code(client_id, code).redirect_uri
        return saved is None or saved == redirect_uri

    # -- Authorization codes --------------------------------------------

    def _code(self, client_id: str, code: str) -> AuthorizationCode:
        record = self._store.codes.get(code)
        if record is None:
            raise lib.InvalidGrantError(description="unknown authorization code")
        if record.used:
            self._revoke_issued(record)
            raise lib.InvalidGrantError(description="authorization code already used")
        if record.expires_at <= self._clock():
            raise lib.InvalidGrantError(description="authorization code expired")
        if record.client_id != client_id:
            raise lib.InvalidGrantError(description="code was issued to another client")
        return record

    def _revoke_issued(self, record: AuthorizationCode) -> None:
        # RFC 6749 4.1.2: a replayed code SHOULD revoke its tokens.
        for access_token in record.issued:
            self._store.bearer_tokens[access_token].revoked = True

    def save_authorization_code(
        self, client_id: str, code: dict[str, str], request: Any, *args: Any, **kwargs: Any
    ) -> None:
        given = None if request.using_default_redirect_uri else request.redirect_uri
        self._store.codes[code["code"]] = AuthorizationCode(
            code=code["code"],
            client_id=client_id,
            redirect_uri=given,
            user=request.user,
            scopes=tuple(request.scopes or ()),
            expires_at=self._clock() + self._code_lifetime,
            code_challenge=request.code_challenge,
            code_challenge_method=request.code_challenge_method,
            nonce=request.nonce,
        )

    def validate_code(
        self, client_id: str, code: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        record = self._code(client_id, code)
        request.user = record.user
        request.scopes = list(record.scopes)
        request.nonce = record.nonce
        return True

    def get_code_challenge(self, code: str, request: Any) -> str | None:
        record = self._store.codes.get(code)
        return record.code_challenge if record else None

    def get_code_challenge_method(self, code: str, request: Any) -> str | None:
        record = self._store.codes.get(code)
        return record.code_challenge_method if record else None

    def invalidate_authorization_code(
        self, client_id: str, code: str, request: Any, *args: Any, **kwargs: Any
    ) -> None:
        self._store.codes[code].used = True

    # -- Users ----------------------------------------------------------

    def validate_user(
        self, username: str, password: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        user = self._store.users.get(username)
        if user is None or not hmac.compare_digest(user.password, password):
            raise lib.InvalidGrantError(description="wrong username or password")
        request.user = username
        return True

    # -- Tokens ---------------------------------------------------------

    def save_bearer_token(
        self, token: dict[str, Any], request: Any, *args: Any, **kwargs: Any
    ) -> None:
        record = BearerToken(
            access_token=token["access_token"],
            client_id=request.client_id or request.client.client_id,
            user=request.user,
            scopes=tuple(request.scopes or ()),
            expires_at=self._clock() + token["expires_in"],
            refresh_token=token.get("refresh_token"),
        )
        self._store.bearer_tokens[record.access_token] = record
        if record.refresh_token:
            # Rotation (RFC 6749 6): the presented refresh token is spent.
            self._store.refresh_tokens.pop(request.refresh_token or "", None)
            self._store.refresh_tokens[record.refresh_token] = record.access_token
        if request.grant_type == "authorization_code":
            code = self._store.codes[request.code]
            code.issued = (*code.issued, record.access_token)

    def validate_bearer_token(
        self, token: str | None, scopes: Sequence[str] | None, request: Any
    ) -> bool:
        # The API requires no particular scope, so *scopes* is always empty.
        record = self._bearer(token)
        request.user = record.user
        request.client_id = record.client_id
        request.scopes = list(record.scopes)
        return True

    def _bearer(self, token: str | None) -> BearerToken:
        if not token:
            raise oauth2_errors.InvalidTokenError(description="missing access token")
        record = self._store.bearer_tokens.get(token)
        if record is None:
            raise oauth2_errors.InvalidTokenError(description="unknown access token")
        if record.revoked:
            raise oauth2_errors.InvalidTokenError(description="access token revoked")
        if record.expires_at <= self._clock():
            raise oauth2_errors.InvalidTokenError(description="access token expired")
        return record

    def validate_refresh_token(
        self, refresh_token: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        record = self._store.bearer_by_refresh(refresh_token)
        if record is None:
            raise lib.InvalidGrantError(description="unknown refresh token")
        if record.revoked:
            raise lib.InvalidGrantError(description="refresh token revoked")
        if record.client_id != client.client_id:
            raise lib.InvalidGrantError(description="refresh token belongs to another client")
        request.user = record.user
        return True

    def revoke_token(
        self, token: str, token_type_hint: str | None, request: Any, *args: Any, **kwargs: Any
    ) -> None:
        # RFC 7009 2.1: revoking either token of a pair revokes both; an
        # unknown token is not an error (2.2).
        record = self._store.bearer_tokens.get(token) or self._store.bearer_by_refresh(token)
        if record is not None and record.client_id == request.client.client_id:
            record.revoked = True

    def get_original_scopes(
        self, refresh_token: str, request: Any, *args: Any, **kwargs: Any
    ) -> list[str]:
        record = self._store.bearer_by_refresh(refresh_token)
        return list(record.scopes) if record else []


def _token_location(request: HttpRequest) -> str:
    """Say where a resource request carried its Bearer token."""
    if request.header("Authorization")[:7].lower() == "bearer ":
        return "header"
    if any(key == "access_token" for key, _ in request.query_pairs()):
        return "query"
    return "form"


def _failure(exc: Any) -> AuthFailure:
    """Turn an oauthlib OAuth 2 error into a resource failure (RFC 6750 3)."""
    challenge = f'{_CHALLENGE}, error="{exc.error}"'
    return AuthFailure(
        exc.description, status=exc.status_code, error=exc.error, challenge=challenge
    )


class OAuth2Endpoints:
    """The provider's OAuth 2 endpoints.

    :param validator: The request validator the server asks.
    :type validator: OAuth2Validator
    :param token_lifetime: ``expires_in`` of issued access tokens.
    :type token_lifetime: int
    :param token_format: ``"json"`` (RFC 6749 5.1) or ``"form"``.
    :type token_format: str
    :param id_tokens: An oauthlib token modifier adding the ``id_token``.
    :type id_tokens: callable
    """

    def __init__(
        self,
        validator: OAuth2Validator,
        token_lifetime: int,
        token_format: str,
        id_tokens: Callable[..., Any] | None = None,
    ) -> None:
        if token_format not in TOKEN_FORMATS:
            raise ValueError(f"token_format must be one of {TOKEN_FORMATS}")
        #: The validator the server asks.
        self.validator = validator
        if token_lifetime <= 0:  # oauthlib reads 0 as "not set" (3600 s)
            raise ValueError(f"token_lifetime must be positive, not {token_lifetime}")
        self._server = lib.Server(validator, token_expires_in=token_lifetime)
        self._server._grant_types[jwt_auth.JWT_BEARER_GRANT] = jwt_auth.JwtBearerGrant(
            validator, validator._store, validator._clock
        )
        if id_tokens is not None:  # OpenID Connect: an id_token for scope openid
            self._server.auth_grant.register_token_modifier(id_tokens)
            self._server.refresh_grant.register_token_modifier(id_tokens)
        self._token_format = token_format

    def token(self, request: HttpRequest) -> HttpResponse:
        """Answer a token request for any supported grant type.

        :param request: The token request.
        :type request: rauth.testing.messages.HttpRequest
        :rtype: rauth.testing.messages.HttpResponse
        """
        try:
            headers, body, status = self._server.create_token_response(
                request.uri, request.method, request.text, dict(request.headers)
            )
        except lib.OAuth2Error as exc:
            # Raised for a bad method or a query on POST, before any grant.
            headers, body, status = exc.headers, exc.json, exc.status_code
        response = HttpResponse(status, dict(headers), body.encode("utf-8"))
        if self._token_format == "form":
            response.body = urlencode(json.loads(body)).encode("utf-8")
            response.headers["Content-Type"] = FORM_CONTENT_TYPE
        return response

    def revoke(self, request: HttpRequest) -> HttpResponse:
        """Answer a token revocation request (RFC 7009).

        :param request: The revocation request.
        :type request: rauth.testing.messages.HttpRequest
        :rtype: rauth.testing.messages.HttpResponse
        """
        headers, body, status = self._server.create_revocation_response(
            request.uri, request.method, request.text, dict(request.headers)
        )
        return HttpResponse(status, dict(headers), (body or "").encode("utf-8"))

    def authorize(self, request: HttpRequest, user: str, approve: bool) -> HttpResponse:
        """Let *user* approve or deny an authorization request (4.1.1).

        Redirects to the redirect URI with ``code`` and ``state``, or with
        ``error=access_denied`` when *approve* is ``False``. A request with
        a bad ``client_id`` or ``redirect_uri`` gets a 400, not a redirect.

        :param request: The user agent's request.
        :type request: rauth.testing.messages.HttpRequest
        :param user: The approving user.
        :type user: str
        :param approve: ``False`` to simulate the user denying access.
        :type approve: bool
        :rtype: rauth.testing.messages.HttpResponse
        """
        try:
            if not approve:
                return self._deny(request)
            headers, _, _ = self._server.create_authorization_response(
                request.uri,
                request.method,
                request.text,
                dict(request.headers),
                credentials={"user": user},
            )
        except lib.OAuth2Error as exc:
            # Fatal errors (bad client_id or redirect_uri) must not redirect.
            return json_response(dict(exc.twotuples), exc.status_code)
        return redirect_response(headers["Location"])

    def _deny(self, request: HttpRequest) -> HttpResponse:
        _, info = self._server.validate_authorization_request(
            request.uri, request.method, request.text, dict(request.headers)
        )
        denied = lib.AccessDeniedError(state=info["state"])
        return redirect_response(denied.in_uri(info["request"].redirect_uri))

    def approve(self, uri: str, user: str) -> str:
        """Approve an authorization request URI without HTTP; return the code.

        :param uri: The full authorization request URI.
        :type uri: str
        :param user: The approving user.
        :type user: str
        :raises ValueError: If the request is refused.
        :rtype: str
        """
        try:
            headers, _, _ = self._server.create_authorization_response(
                uri, credentials={"user": user}
            )
        except lib.FatalClientError as exc:
            raise ValueError(f"{exc.error}: {exc.description}") from None
        location: str = headers["Location"]
        params = dict(parse_qsl(urlsplit(location).query))
        if "code" not in params:
            raise ValueError(f"{params.get('error')}: {params.get('error_description')}")
        return params["code"]

    def verify(self, request: HttpRequest) -> Identity:
        """Authenticate a Bearer request to a protected resource.

        :param request: The request.
        :type request: rauth.testing.messages.HttpRequest
        :raises rauth.testing.messages.AuthFailure: If the token is bad.
        :rtype: rauth.testing.messages.Identity
        """
        try:
            valid, checked = self._server.verify_request(
                request.uri, request.method, request.text, dict(request.headers)
            )
        except lib.OAuth2Error as exc:
            raise _failure(exc) from None
        if not valid:  # pragma: no cover - the validator raises instead
            raise _failure(oauth2_errors.InvalidTokenError(description="invalid access token"))
        params = {"token_type": "Bearer", "location": _token_location(request)}
        return Identity("oauth2", checked.user, checked.client_id, tuple(checked.scopes), params)
