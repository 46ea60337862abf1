"""
rauth.flows
-----------

The OAuth 2 flows of :class:`~rauth.OAuth2Service` beyond rauth 0.7's:
authorization requests with state and PKCE and their callbacks, the grant
helpers returning whole tokens, refresh and revocation requests, and
compliance hooks. :class:`~rauth.OAuth2Service` inherits them from
:class:`OAuth2Flows`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Callable

from requests import Response

from rauth import discovery, hooks, limits, oidc, responses, wire
from rauth.assertions import JWT_BEARER_GRANT, jwt_bearer_assertion
from rauth.authorization import AuthorizationRequest, build, parse_callback, scope_text
from rauth.client_auth import client_credentials
from rauth.oauth import _items
from rauth.refresh import TokenUpdater
from rauth.tokens import OAuth2Token, error_from_response, token_from_response
from rauth.utils import ENTITY_METHODS, _text, parse_qs_dict, parse_utf8_qsl

if TYPE_CHECKING:  # pragma: no cover
    from rauth.session import OAuth2Session

__all__ = ["OAuth2Flows"]


def _with_fields(kwargs: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Return ``kwargs`` whose ``data`` has ``fields`` (those not ``None``)
    after the caller's own ``data``; nothing given is changed."""
    data = kwargs.get("data") or {}
    data = parse_qs_dict(data) if isinstance(data, (str, bytes)) else dict(data)
    data.update({name: value for name, value in fields.items() if value is not None})
    return {**kwargs, "data": data}


class OAuth2Flows:
    """The flows of :class:`~rauth.OAuth2Service` that rauth 0.7 had not."""

    client_id: Any
    client_secret: Any
    authorize_url: str | None
    access_token_url: str | None
    access_token_response: Response | None
    #: Defaults of the attributes ``OAuth2Service`` sets, for services
    #: unpickled from older versions.
    redirect_uri: str | None = None
    scope: str | None = None
    token_endpoint_auth_method: Any = "client_secret_post"
    refresh_token_url: str | None = None
    revocation_url: str | None = None
    client_assertion_alg: str | None = None
    client_key_id: str | None = None
    #: The provider's ``issuer``, ``jwks_uri``, ``userinfo_endpoint`` and
    #: whole metadata, set by :meth:`from_metadata` (or by hand).
    issuer: str | None = None
    jwks_uri: str | None = None
    userinfo_url: str | None = None
    metadata: dict[str, Any] | None = None
    #: The attributes of the flows a service pickles (its ``__attrs__``).
    _FLOW_ATTRS = (
        "client_assertion_alg",
        "client_key_id",
        "issuer",
        "jwks_uri",
        "userinfo_url",
        "metadata",
    )

    @classmethod
    def from_metadata(
        cls,
        metadata: str | Mapping[str, Any],
        client_id: str,
        client_secret: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Return a service configured from the provider's metadata (RFC
        8414 or OpenID Connect Discovery): its authorize, token, revocation,
        userinfo and JWKS URLs and its issuer. Without a
        ``token_endpoint_auth_method``, it picks one the provider lists
        (see :func:`rauth.discovery.choose_auth_method`).

        >>> service = OAuth2Service.from_metadata(
        ...     provider.openid_configuration_url, 'demo-client-id',
        ...     'demo-client-secret')
        >>> service.issuer == provider.issuer
        True

        :param metadata: The metadata URL (or the issuer), or the document
            already fetched, as a dict.
        :type metadata: str
        :param client_id: Client id.
        :type client_id: str
        :param client_secret: Client secret, or the private key for
            ``private_key_jwt``.
        :type client_secret: str
        :param \\*\\*kwargs: More arguments of the service; they win.
        :raises rauth.errors.DiscoveryError: if the metadata cannot be
            fetched or names another issuer.
        :rtype: OAuth2Service
        """
        if isinstance(metadata, str):
            metadata = discovery.fetch_metadata(metadata)
        arguments = discovery.service_arguments(metadata, client_secret, kwargs)
        service = cls(client_id, client_secret, **arguments)  # type: ignore[call-arg]
        service.metadata = dict(metadata)
        service.issuer = metadata.get("issuer")
        service.jwks_uri = metadata.get("jwks_uri")
        service.userinfo_url = metadata.get("userinfo_endpoint")
        return service

    #: The registered compliance hooks, by name (see :mod:`rauth.hooks`).
    compliance_hook: dict[str, list[Callable[..., Any]]] | None = None

    get_authorize_url: Callable[..., str]
    get_session: Callable[..., OAuth2Session]

    def _token_request(self, url: str, hook: str, method: str, kwargs: dict[str, Any]) -> Response:
        """Send a token endpoint request (``hook`` is ``'access_token'`` or
        ``'refresh_token'``) with the client's authentication; return the
        response, after the response hooks."""
        key = "data" if _text(method, "method").upper() in ENTITY_METHODS else "params"
        given = kwargs.get(key) or {}
        given = parse_qs_dict(given) if isinstance(given, (str, bytes)) else given
        _items(given)  # a TypeError for what cannot carry the credentials
        credentials, auth = client_credentials(
            self.token_endpoint_auth_method,
            self.client_id,
            self.client_secret,
            # RFC 7523 3: the assertion's audience is the token endpoint
            audience=(hook == "revoke" and self.access_token_url) or url,
            alg=self.client_assertion_alg,
            key_id=self.client_key_id,
        )
        kwargs[key] = wire.merged(given, credentials)
        if auth is not None:
            kwargs["auth"] = auth
        url = hooks.token_request(self, hook + "_request", url, kwargs)
        with limits.token_requests():  # their bodies are read bounded
            response = self.get_session().request(method, url, **kwargs)
        return hooks.token_response(self, hook + "_response", response)

    def get_token(
        self, method: str = "POST", decoder: Callable[[Any], Any] = parse_utf8_qsl, **kwargs: Any
    ) -> OAuth2Token:
        """Request a token, for any grant, and return it whole.

        >>> token = service.get_token(data={'grant_type': 'client_credentials'})
        >>> sorted(token)
        ['access_token', 'expires_at', 'expires_in', 'scope', 'token_type']

        :param method: The HTTP method, defaults to ``POST``.
        :type method: str
        :param decoder: Reads the body into a dict; by default the body
            decides between JSON and form.
        :type decoder: func
        :param \\*\\*kwargs: As for :meth:`get_raw_access_token`, e.g.
            ``data={'grant_type': ...}``.
        :raises rauth.errors.OAuth2Error: for an error response or
            anything that is not a token.
        :rtype: rauth.OAuth2Token
        """
        responses.forget(self, "access_token_response")
        response = self.get_raw_access_token(method, **kwargs)  # type: ignore[attr-defined]
        return token_from_response(response, decoder)

    def _session_for(self, token: OAuth2Token, token_updater: TokenUpdater | None) -> OAuth2Session:
        session = self.get_session(token, token_updater=token_updater)
        response = responses.kept(self, "access_token_response")  # this thread's
        if response is not None:
            session.access_token_response = response
        return session

    def get_password_session(
        self,
        username: str,
        password: str,
        scope: str | Iterable[str] | None = None,
        *,
        token_updater: TokenUpdater | None = None,
        **kwargs: Any,
    ) -> OAuth2Session:
        """Get a token with the resource owner's password (RFC 6749 section
        4.3) and return a session holding it.

        :param username: The user's name.
        :type username: str
        :param password: The user's password.
        :type password: str
        :param scope: The scope to ask for, space-separated or a list.
        :type scope: str
        :param token_updater: Called with each refreshed token.
        :type token_updater: callable
        :param \\*\\*kwargs: As for :meth:`get_token`.
        :rtype: OAuth2Session
        """
        fields = {"grant_type": "password", "username": username, "password": password}
        kwargs = _with_fields(kwargs, **fields, scope=scope_text(scope or self.scope))
        return self._session_for(self.get_token(**kwargs), token_updater)

    def get_client_credentials_session(
        self,
        scope: str | Iterable[str] | None = None,
        *,
        token_updater: TokenUpdater | None = None,
        **kwargs: Any,
    ) -> OAuth2Session:
        """Get a token for the client itself (RFC 6749 section 4.4) and
        return a session holding it.

        :param scope: The scope to ask for, space-separated or a list.
        :type scope: str
        :param token_updater: Called with each refreshed token.
        :type token_updater: callable
        :param \\*\\*kwargs: As for :meth:`get_token`.
        :rtype: OAuth2Session
        """
        kwargs = _with_fields(
            kwargs, grant_type="client_credentials", scope=scope_text(scope or self.scope)
        )
        return self._session_for(self.get_token(**kwargs), token_updater)

    def get_assertion_session(
        self,
        issuer: str,
        subject: str,
        audience: str,
        key: Any,
        scope: str | Iterable[str] | None = None,
        claims: Mapping[str, Any] | None = None,
        algorithm: str = "RS256",
        key_id: str | None = None,
        lifetime: int = 3600,
        *,
        token_updater: TokenUpdater | None = None,
        **kwargs: Any,
    ) -> OAuth2Session:
        """Get a token with a signed JWT (RFC 7523 section 2.1, grant
        ``urn:ietf:params:oauth:grant-type:jwt-bearer``), as service
        accounts do, and return a session holding it. When the token
        expires, the session gets a new one with a new assertion, once for
        all the threads that share it. Needs ``rauth[jwt]``.

        :param issuer: ``iss``, e.g. the service account's email.
        :type issuer: str
        :param subject: ``sub``, whom the token acts for.
        :type subject: str
        :param audience: ``aud``, usually the token endpoint URL.
        :type audience: str
        :param key: The private key (PEM text or bytes, or a
            ``cryptography`` key object), or an HMAC secret for ``HS256``.
        :param scope: The scope to ask for, space-separated or a list.
        :type scope: str
        :param claims: More claims for the assertion.
        :type claims: dict
        :param algorithm: The JWS algorithm, e.g. ``'RS256'``, ``'ES256'``.
        :type algorithm: str
        :param key_id: The ``kid`` header.
        :type key_id: str
        :param lifetime: Seconds the assertion is valid.
        :type lifetime: int
        :param token_updater: Called with each new token.
        :type token_updater: callable
        :param \\*\\*kwargs: As for :meth:`get_token`.
        :rtype: OAuth2Session
        """
        scope = scope_text(scope or self.scope)

        def renew() -> OAuth2Token:
            assertion = jwt_bearer_assertion(
                issuer, subject, audience, key, algorithm, key_id, lifetime, claims
            )
            fields = {"grant_type": JWT_BEARER_GRANT, "assertion": assertion, "scope": scope}
            return self.get_token(**_with_fields(kwargs, **fields))

        session = self._session_for(renew(), token_updater)
        session.token_renewer = renew
        return session

    def authorization_request(
        self,
        scope: str | Iterable[str] | None = None,
        state: str | None = None,
        code_challenge_method: str | None = "S256",
        nonce: str | None = None,
        redirect_uri: str | None = None,
        **params: Any,
    ) -> AuthorizationRequest:
        """Start an authorization request: its ``url`` is where to send the
        user. ``state`` and the PKCE ``code_verifier`` are drawn from the
        OS CSPRNG; a ``nonce`` too when the scope has ``openid``.

        >>> request = service.authorization_request(scope='read')
        >>> request.url.startswith(service.authorize_url + '?response_type=code')
        True

        :param scope: The scope, space-separated or a list; defaults to the
            service's.
        :type scope: str
        :param state: The ``state``, defaults to a new random one.
        :type state: str
        :param code_challenge_method: ``'S256'``, ``'plain'``, or ``None``
            for a provider that refuses PKCE.
        :type code_challenge_method: str
        :param nonce: The OpenID Connect ``nonce``.
        :type nonce: str
        :param redirect_uri: Where the provider sends the user back,
            defaults to the service's.
        :type redirect_uri: str
        :param \\*\\*params: More query parameters, e.g.
            ``response_type='token'`` for the implicit grant.
        :rtype: rauth.AuthorizationRequest
        """
        params.setdefault("response_type", "code")
        params.update(scope=scope or self.scope, redirect_uri=redirect_uri or self.redirect_uri)
        request, query = build(
            self.authorize_url or "",
            params,
            state=state,
            code_challenge_method=code_challenge_method,
            nonce=nonce,
        )
        request.url = self.get_authorize_url(**query)
        return request

    def get_auth_session_from_callback(
        self,
        callback_url: str,
        authorization_request: AuthorizationRequest,
        *,
        token_updater: TokenUpdater | None = None,
        **kwargs: Any,
    ) -> OAuth2Session:
        """Finish an authorization request: read the URL the provider
        redirected the user to, exchange the code (with the PKCE verifier
        and the ``redirect_uri``) and return a session holding the token.

        :param callback_url: The whole URL the user came back to.
        :type callback_url: str
        :param authorization_request: The request :meth:`authorization_request`
            returned (or ``AuthorizationRequest.from_dict`` rebuilt).
        :type authorization_request: rauth.AuthorizationRequest
        :param token_updater: Called with each refreshed token.
        :type token_updater: callable
        :param \\*\\*kwargs: As for :meth:`get_token`.
        :raises rauth.errors.StateMismatchError: if the ``state`` is not the
            request's; no token is requested.
        :raises rauth.errors.IssuerMismatchError: if the response's ``iss``
            is not the issuer (RFC 9207); no token is requested.
        :raises rauth.errors.IdTokenError: when the scope has ``openid`` and
            the ``id_token`` is not valid (see :func:`rauth.oidc.validate_id_token`);
            its claims are on the session's ``id_token_claims`` otherwise.
        :raises rauth.errors.OAuth2Error: for an error callback (e.g.
            ``access_denied``) or an error of the token endpoint.
        :rtype: OAuth2Session
        """
        if isinstance(authorization_request, Mapping):
            authorization_request = AuthorizationRequest.from_dict(authorization_request)
        params = parse_callback(callback_url, authorization_request)
        oidc.check_response_issuer(params, self)  # RFC 9207, before any token
        if authorization_request.response_type != "code":  # implicit grant (4.2.2)
            token = OAuth2Token({k: v for k, v in params.items() if k not in ("state", "iss")})
            claims = oidc.login_claims(self, token, authorization_request, None)
            session = self.get_session(token, token_updater=token_updater)
        else:
            kwargs = _with_fields(
                kwargs,
                grant_type="authorization_code",
                code=params["code"],
                redirect_uri=authorization_request.redirect_uri,
                code_verifier=authorization_request.code_verifier,
            )
            token = self.get_token(**kwargs)
            claims = oidc.login_claims(self, token, authorization_request, params["code"])
            session = self._session_for(token, token_updater)
        session.id_token_claims = claims
        return session

    def _refresh_grant(self, refresh_token: str, **kwargs: Any) -> OAuth2Token:
        """Send a refresh token request (RFC 6749 section 6) to
        :attr:`refresh_token_url`, or the ``access_token_url``."""
        url = self.refresh_token_url or self.access_token_url
        if url is None:
            raise TypeError("access_token_url must not be None")
        kwargs = _with_fields(kwargs, grant_type="refresh_token", refresh_token=refresh_token)
        method = kwargs.pop("method", "POST")
        return token_from_response(self._token_request(url, "refresh_token", method, kwargs))

    def revoke_token(
        self, token: Any, token_type_hint: str | None = None, **kwargs: Any
    ) -> Response:
        """Revoke a token (RFC 7009) at :attr:`revocation_url`, with the
        service's client authentication.

        :param token: The token: a str, or a token dict whose
            ``refresh_token`` (with ``token_type_hint='refresh_token'``) or
            ``access_token`` is revoked.
        :type token: str
        :param token_type_hint: ``'access_token'`` or ``'refresh_token'``.
        :type token_type_hint: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :raises rauth.errors.OAuth2Error: if the provider answers an error.
        :rtype: requests.Response
        """
        if self.revocation_url is None:
            raise TypeError("revocation_url must not be None")
        if isinstance(token, Mapping):
            name = "refresh_token" if token_type_hint == "refresh_token" else "access_token"
            token = token.get(name)
        if not isinstance(token, str) or not token:
            raise ValueError("token must be the access or refresh token to revoke, as a str")
        kwargs = _with_fields(kwargs, token=token, token_type_hint=token_type_hint)
        response = self._token_request(self.revocation_url, "revoke", "POST", kwargs)
        if response.status_code >= 400:  # RFC 7009 2.2: 200 means revoked
            raise error_from_response(response, _json_or_none(response))
        return response

    def register_compliance_hook(self, hook: str, fn: Callable[..., Any]) -> None:
        """Register a fix for a provider that does not follow RFC 6749, as
        requests-oauthlib's ``register_compliance_hook`` does: ``hook`` is
        one of ``access_token_request``, ``access_token_response``,
        ``refresh_token_request``, ``refresh_token_response``,
        ``protected_request`` (see :mod:`rauth.hooks`).

        :param hook: The hook name.
        :type hook: str
        :param fn: ``fn(response) -> response`` for ``*_response`` hooks,
            ``fn(url, headers, body) -> (url, headers, body)`` for the others.
        :type fn: callable
        """
        hooks.register_compliance_hook(self, hook, fn)


def _json_or_none(response: Response) -> Any:
    try:
        return response.json()
    except (ValueError, RecursionError):
        return None
