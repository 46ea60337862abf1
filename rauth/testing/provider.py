"""
rauth.testing.provider
----------------------

:class:`Provider`: an OAuth 1, OAuth 2 and Ofly provider on ``127.0.0.1``
to test OAuth client code offline.

Use it as a context manager::

    >>> import json
    >>> from rauth import OAuth2Service
    >>> from rauth.testing import Provider
    >>> with Provider() as provider:
    ...     service = OAuth2Service(**provider.oauth2_service_kwargs())
    ...     code = provider.authorize_code()
    ...     data = {"code": code, "grant_type": "authorization_code"}
    ...     session = service.get_auth_session(data=data, decoder=json.loads)
    ...     print(session.get("me").json()["user"])
    alice

(``Provider(token_format="form")`` answers token requests form-encoded,
which rauth's default decoder reads.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

from rauth.errors import _install_hint
from rauth.testing import paths, quirks
from rauth.testing.app import Route, Router
from rauth.testing.consent import CONSENT_MODES, answered, consent_page, shows_page
from rauth.testing.messages import AuthFailure, HttpRequest, HttpResponse, json_response
from rauth.testing.oauth1 import SIGNATURE_METHODS, OAuth1Endpoints, OAuth1Validator
from rauth.testing.oauth2 import OAuth2Endpoints, OAuth2Validator
from rauth.testing.ofly import OflyEndpoints
from rauth.testing.openid import OpenIDProvider
from rauth.testing.resource import Resources, callback
from rauth.testing.server import LOOPBACK, LoopbackServer
from rauth.testing.store import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CONSUMER_KEY,
    DEFAULT_OFLY_APP_ID,
    DEFAULT_USERS,
    GRANT_TYPES,
    OAuth1Consumer,
    OAuth2Client,
    OflyApp,
    Store,
    User,
)
from rauth.testing.token_endpoint import TokenEndpoint, TokenRequest

__all__ = ["Provider"]

_ANY = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
_GET_POST = ("GET", "POST")
_DENY_VALUES = frozenset({"0", "false", "no", "off", "deny"})


def _now() -> float:
    """The default clock; looks :func:`time.time` up at call time."""
    return time.time()


def _check_rsa_key(pem: str) -> None:
    """Fail early on an RSA public key oauthlib could not verify with."""
    try:
        import jwt  # noqa: F401  # oauthlib verifies RSA-SHA* through PyJWT
        from cryptography.hazmat.primitives.serialization import load_pem_public_key
    except ImportError as exc:
        raise ImportError(
            f"RSA-SHA* signatures need PyJWT and cryptography: {_install_hint('testing')}"
        ) from exc
    try:
        load_pem_public_key(pem.encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise ValueError("rsa_public_key must be a PEM-encoded RSA public key") from exc


class Provider:
    """An in-process OAuth provider on ``127.0.0.1``, served from a thread.

    It starts with users ``alice`` and ``bob``, an OAuth 1 consumer, a
    confidential and a public OAuth 2 client and an Ofly app registered
    (see :mod:`rauth.testing.store` for their credentials), so a demo needs
    no setup. Authorization is approved by :attr:`user` without a browser,
    over HTTP or with :meth:`authorize`, :meth:`authorize_code` and
    :meth:`ofly_authorize`.

    :param user: The user who approves authorization requests.
    :type user: str
    :param approve: ``False`` to have authorization requests denied.
    :type approve: bool
    :param consent: Who gets the HTML consent page, with Approve and Deny
        buttons, at an authorize URL: ``"browser"`` (clients that ask for
        ``text/html``; the others are answered at once, as *approve* says),
        ``"always"`` or ``"never"``. See :mod:`rauth.testing.consent`.
    :type consent: str
    :param lifetime: Seconds after which the server stops by itself.
    :type lifetime: float
    :param code_lifetime: Seconds OAuth 2 codes and OAuth 1 request tokens
        stay usable.
    :type code_lifetime: float
    :param token_lifetime: Seconds OAuth 2 access tokens stay usable.
    :type token_lifetime: int
    :param timestamp_lifetime: Accepted clock skew of ``oauth_timestamp``
        and ``oflyTimestamp``, in seconds.
    :type timestamp_lifetime: int
    :param token_format: ``"json"`` or ``"form"``: how the OAuth 2 token
        endpoint encodes its answers.
    :type token_format: str
    :param signature_methods: Accepted OAuth 1 signature methods.
    :type signature_methods: tuple
    :param preregister: Whether to register the default users and clients.
    :type preregister: bool
    :param clock: Returns the time used for code and token expiry; oauthlib
        itself checks ``oauth_timestamp`` against :func:`time.time`.
    :type clock: callable
    :param quirk: Answer OAuth 2 token requests and read access tokens as
        a provider that deviates from RFC 6749 does, e.g. ``"facebook"``
        (see :mod:`rauth.testing.quirks`); needs ``token_format="json"``.
    :type quirk: str
    """

    def __init__(
        self,
        *,
        user: str = DEFAULT_USERS[0][0],
        approve: bool = True,
        consent: str = "browser",
        lifetime: float = 900.0,
        code_lifetime: float = 600.0,
        token_lifetime: int = 3600,
        timestamp_lifetime: int = 600,
        token_format: str = "json",
        signature_methods: Iterable[str] = SIGNATURE_METHODS,
        preregister: bool = True,
        clock: Callable[[], float] | None = None,
        quirk: str | None = None,
    ) -> None:
        quirks.check_quirk(quirk)
        if quirk is not None and token_format != "json":
            raise ValueError("a quirk shapes the token answers itself: leave token_format 'json'")
        #: The provider's quirk (:data:`rauth.testing.quirks.QUIRKS`), or ``None``.
        self.quirk = quirk
        #: The user who approves authorization requests.
        self.user = user
        #: Whether authorization requests are approved.
        self.approve = approve
        if consent not in CONSENT_MODES:
            raise ValueError(f"consent must be one of {', '.join(CONSENT_MODES)}")
        #: Who gets the consent page: ``"browser"``, ``"always"`` or ``"never"``.
        self.consent = consent
        #: The in-memory registrations and credentials; while serving,
        #: change them through the ``add_*`` methods, which take the lock.
        self.store = Store()
        if preregister:
            self.store.preregister()
        self._lock = threading.RLock()
        self._origin = f"http://{LOOPBACK}"
        clock = clock or _now
        self._oauth1 = OAuth1Endpoints(
            OAuth1Validator(
                self.store, clock, code_lifetime, timestamp_lifetime, tuple(signature_methods)
            )
        )
        #: The OpenID Connect side: discovery documents, signing keys and
        #: their JWKS, id_tokens and their faults (``provider.openid``).
        self.openid = OpenIDProvider()
        self._oauth2 = OAuth2Endpoints(
            OAuth2Validator(self.store, clock, code_lifetime),
            quirks.token_lifetime(quirk, token_lifetime),
            token_format,
            self.openid.id_token_modifier,
        )
        self._ofly = OflyEndpoints(self.store, clock, timestamp_lifetime)
        self._token_endpoint = TokenEndpoint(quirks.token_answers(quirk, self._oauth2.token))
        self._server = LoopbackServer(Router(self._routes(), self._lock), lifetime)

    def __repr__(self) -> str:
        state = self._origin if self.running else "stopped"
        return f"<Provider {state}>"

    # -- Lifecycle ------------------------------------------------------

    def start(self) -> Provider:
        """Start serving on a free port of ``127.0.0.1``.

        :raises RuntimeError: If it was started before.
        :rtype: Provider
        """
        self._server.start()
        self._origin = f"http://{LOOPBACK}:{self._server.port}"
        return self

    def stop(self) -> None:
        """Stop serving; safe to call more than once."""
        self._server.stop()

    def __enter__(self) -> Provider:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the provider is serving.

        :rtype: bool
        """
        return self._server.running

    # -- URLs -----------------------------------------------------------

    @property
    def url(self) -> str:
        """The root URL, e.g. ``http://127.0.0.1:54321``.

        :raises RuntimeError: If the provider was never started.
        :rtype: str
        """
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def port(self) -> int:
        """The port the provider listens on.

        :raises RuntimeError: If the provider was never started.
        :rtype: int
        """
        return self._server.port

    @property
    def base_url(self) -> str:
        """The API root, ``{url}/api/``: ``echo`` and ``me`` live there.

        :rtype: str
        """
        return self.url + paths.API_PREFIX

    @property
    def request_token_url(self) -> str:
        """OAuth 1 request token URL.

        :rtype: str
        """
        return self.url + paths.OAUTH1_REQUEST_TOKEN

    @property
    def authorize_url(self) -> str:
        """OAuth 1 authorize URL.

        :rtype: str
        """
        return self.url + paths.OAUTH1_AUTHORIZE

    @property
    def access_token_url(self) -> str:
        """OAuth 1 access token URL.

        :rtype: str
        """
        return self.url + paths.OAUTH1_ACCESS_TOKEN

    @property
    def oauth2_authorize_url(self) -> str:
        """OAuth 2 authorization endpoint.

        :rtype: str
        """
        return self.url + paths.OAUTH2_AUTHORIZE

    @property
    def oauth2_access_token_url(self) -> str:
        """OAuth 2 token endpoint.

        :rtype: str
        """
        return self.url + paths.OAUTH2_TOKEN

    @property
    def oauth2_revocation_url(self) -> str:
        """OAuth 2 token revocation endpoint (RFC 7009).

        :rtype: str
        """
        return self.url + paths.OAUTH2_REVOKE

    @property
    def issuer(self) -> str:
        """The issuer its metadata and id_tokens name: :attr:`url`, unless
        ``provider.openid.issuer_override`` says otherwise.

        :rtype: str
        """
        return self.openid.issuer(self.url)

    @property
    def openid_configuration_url(self) -> str:
        """OpenID Connect Discovery document URL.

        :rtype: str
        """
        return self.url + paths.OPENID_CONFIGURATION

    @property
    def oauth_metadata_url(self) -> str:
        """RFC 8414 authorization server metadata URL.

        :rtype: str
        """
        return self.url + paths.OAUTH_METADATA

    @property
    def jwks_url(self) -> str:
        """The JWK Set of its id_token signing keys.

        :rtype: str
        """
        return self.url + paths.JWKS

    @property
    def ofly_authorize_url(self) -> str:
        """Ofly authorize URL.

        :rtype: str
        """
        return self.url + paths.OFLY_AUTHORIZE

    @property
    def callback_url(self) -> str:
        """Default redirect target, echoing its query as JSON.

        :rtype: str
        """
        return self.url + paths.CALLBACK

    @property
    def echo_url(self) -> str:
        """The echo resource.

        :rtype: str
        """
        return self.url + paths.ECHO

    @property
    def me_url(self) -> str:
        """The resource answering who the caller is.

        :rtype: str
        """
        return self.url + paths.ME

    # -- Service arguments ----------------------------------------------

    def oauth1_service_kwargs(self, consumer_key: str = DEFAULT_CONSUMER_KEY) -> dict[str, Any]:
        """Keyword arguments for ``rauth.OAuth1Service`` with a consumer.

        :param consumer_key: A registered consumer key.
        :type consumer_key: str
        :rtype: dict
        """
        consumer = self.store.consumers[consumer_key]
        return {
            "consumer_key": consumer.key,
            "consumer_secret": consumer.secret,
            "request_token_url": self.request_token_url,
            "access_token_url": self.access_token_url,
            "authorize_url": self.authorize_url,
            "base_url": self.base_url,
        }

    def oauth2_service_kwargs(self, client_id: str = DEFAULT_CLIENT_ID) -> dict[str, Any]:
        """Keyword arguments for ``rauth.OAuth2Service`` with a client
        (with ``token_endpoint_auth_method='none'`` for a public client).

        :param client_id: A registered client id.
        :type client_id: str
        :rtype: dict
        """
        client = self.store.clients[client_id]
        kwargs = {
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "authorize_url": self.oauth2_authorize_url,
            "access_token_url": self.oauth2_access_token_url,
            "base_url": self.base_url,
            "revocation_url": self.oauth2_revocation_url,
        }
        if client.client_secret is None:  # a public client
            kwargs["token_endpoint_auth_method"] = "none"
        return kwargs

    def ofly_service_kwargs(self, app_id: str = DEFAULT_OFLY_APP_ID) -> dict[str, Any]:
        """Keyword arguments for ``rauth.OflyService`` with an app.

        :param app_id: A registered Ofly app id.
        :type app_id: str
        :rtype: dict
        """
        app = self.store.ofly_apps[app_id]
        return {
            "app_id": app.app_id,
            "app_secret": app.app_secret,
            "authorize_url": self.ofly_authorize_url,
            "base_url": self.base_url,
        }

    # -- Registration ---------------------------------------------------

    def add_user(self, name: str, password: str = "") -> User:
        """Register a resource owner.

        :param name: Login name, also the ``oflyUserid``.
        :type name: str
        :param password: Password for the OAuth 2 password grant.
        :type password: str
        :rtype: rauth.testing.store.User
        """
        with self._lock:
            user = self.store.users[name] = User(name, password)
        return user

    def add_consumer(
        self,
        key: str,
        secret: str = "",
        *,
        rsa_public_key: str | None = None,
        callbacks: Iterable[str] = (),
    ) -> OAuth1Consumer:
        """Register an OAuth 1 consumer.

        :param key: The consumer key.
        :type key: str
        :param secret: The consumer secret (HMAC and PLAINTEXT).
        :type secret: str
        :param rsa_public_key: PEM public key for RSA-SHA1/256/512.
        :type rsa_public_key: str
        :param callbacks: Allowed callback prefixes; none allows any.
        :type callbacks: list
        :raises ValueError: If the RSA key cannot be loaded.
        :rtype: rauth.testing.store.OAuth1Consumer
        """
        if rsa_public_key is not None:
            _check_rsa_key(rsa_public_key)
        consumer = OAuth1Consumer(key, secret, rsa_public_key, tuple(callbacks))
        with self._lock:
            self.store.consumers[key] = consumer
        return consumer

    def add_client(
        self,
        client_id: str,
        client_secret: str | None = None,
        *,
        redirect_uris: Iterable[str] = (),
        scopes: Iterable[str] | None = None,
        default_scopes: Iterable[str] = (),
        grant_types: Iterable[str] = GRANT_TYPES,
        require_pkce: bool = False,
        public_key: str | None = None,
    ) -> OAuth2Client:
        """Register an OAuth 2 client; without a secret it is public.

        :param client_id: The client id.
        :type client_id: str
        :param client_secret: The client secret, ``None`` for a public client.
        :type client_secret: str
        :param redirect_uris: Registered redirect URIs; none allows any.
        :type redirect_uris: list
        :param scopes: Scopes it may ask for; ``None`` allows any.
        :type scopes: list
        :param default_scopes: Scopes granted when a request names none.
        :type default_scopes: list
        :param grant_types: Grant types it may use.
        :type grant_types: list
        :param require_pkce: Whether its code grant must use PKCE.
        :type require_pkce: bool
        :param public_key: PEM public key verifying its ``private_key_jwt``
            client assertions (RS*, PS*, ES*).
        :type public_key: str
        :rtype: rauth.testing.store.OAuth2Client
        """
        client = OAuth2Client(
            client_id,
            client_secret,
            tuple(redirect_uris),
            None if scopes is None else tuple(scopes),
            tuple(default_scopes),
            tuple(grant_types),
            require_pkce,
            public_key,
        )
        with self._lock:
            self.store.clients[client_id] = client
        return client

    def add_ofly_app(self, app_id: str, app_secret: str) -> OflyApp:
        """Register an Ofly app.

        :param app_id: The ``oflyAppId``.
        :type app_id: str
        :param app_secret: The shared secret.
        :type app_secret: str
        :rtype: rauth.testing.store.OflyApp
        """
        app = OflyApp(app_id, app_secret)
        with self._lock:
            self.store.ofly_apps[app_id] = app
        return app

    # -- Approval without a browser -------------------------------------

    def authorize(self, request_token: str, user: str | None = None) -> str:
        """Approve an OAuth 1 request token and return the ``oauth_verifier``.

        :param request_token: The ``oauth_token`` of a request token.
        :type request_token: str
        :param user: The approving user, defaults to :attr:`user`.
        :type user: str
        :raises ValueError: For an unknown user or request token.
        :rtype: str
        """
        with self._lock:
            return self._oauth1.approve(request_token, self._user(user))

    def authorize_code(
        self,
        client_id: str = DEFAULT_CLIENT_ID,
        redirect_uri: str | None = None,
        scope: str | Iterable[str] | None = None,
        state: str | None = None,
        code_challenge: str | None = None,
        code_challenge_method: str | None = None,
        user: str | None = None,
    ) -> str:
        """Approve an OAuth 2 authorization request and return the ``code``.

        The arguments are those of the authorization request (RFC 6749
        4.1.1, RFC 7636 4.3); pass the same ``redirect_uri`` to the token
        request when you give one here.

        :param client_id: A registered client id.
        :type client_id: str
        :param redirect_uri: The redirect URI, defaults to the client's.
        :type redirect_uri: str
        :param scope: Scopes as a space-separated string or a list.
        :type scope: str or list
        :param state: Opaque client state.
        :type state: str
        :param code_challenge: PKCE challenge.
        :type code_challenge: str
        :param code_challenge_method: ``"S256"`` or ``"plain"`` (default).
        :type code_challenge_method: str
        :param user: The approving user, defaults to :attr:`user`.
        :type user: str
        :raises ValueError: If the request is refused.
        :rtype: str
        """
        if scope is not None and not isinstance(scope, str):
            scope = " ".join(scope)
        params = {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": code_challenge_method,
        }
        query = urlencode({k: v for k, v in params.items() if v is not None})
        uri = self._origin + paths.OAUTH2_AUTHORIZE + "?" + query
        with self._lock:
            return self._oauth2.approve(uri, self._user(user))

    def ofly_authorize(self, app_id: str = DEFAULT_OFLY_APP_ID, user: str | None = None) -> str:
        """Let a user authorize an Ofly app; return the ``oflyUserid``.

        :param app_id: A registered Ofly app id.
        :type app_id: str
        :param user: The approving user, defaults to :attr:`user`.
        :type user: str
        :raises ValueError: For an unknown user or app.
        :rtype: str
        """
        with self._lock:
            return self._ofly.approve(app_id, self._user(user))

    def _user(self, name: str | None) -> str:
        name = name or self.user
        if name not in self.store.users:
            raise ValueError(f"unknown user {name!r}")
        return name

    # -- Revocation and expiry ------------------------------------------

    def revoke(self, token: str) -> bool:
        """Revoke an OAuth 1 access token or an OAuth 2 access or refresh
        token (an OAuth 2 token's pair goes with it).

        :param token: The token.
        :type token: str
        :returns: Whether the token was known.
        :rtype: bool
        """
        with self._lock:
            oauth1 = self.store.access_tokens.get(token)
            bearer = self.store.bearer_tokens.get(token) or self.store.bearer_by_refresh(token)
            for record in (oauth1, bearer):
                if record is not None:
                    record.revoked = True
        return oauth1 is not None or bearer is not None

    def expire_codes(self) -> int:
        """Expire every OAuth 2 code and OAuth 1 request token issued so far.

        :returns: How many were expired.
        :rtype: int
        """
        with self._lock:
            records: list[Any] = [*self.store.codes.values(), *self.store.request_tokens.values()]
            for record in records:
                record.expires_at = float("-inf")
        return len(records)

    def expire_tokens(self) -> int:
        """Expire every access token issued so far (refresh tokens still work).

        :returns: How many were expired.
        :rtype: int
        """
        with self._lock:
            for bearer in self.store.bearer_tokens.values():
                bearer.expires_at = float("-inf")
            for access_token in self.store.access_tokens.values():
                access_token.expired = True
            return len(self.store.bearer_tokens) + len(self.store.access_tokens)

    # -- The token endpoint's log and faults -----------------------------

    @property
    def token_requests(self) -> list[TokenRequest]:
        """The OAuth 2 token requests received so far, in order: their
        grant type, how the client authenticated, and the answer's status.

        :rtype: list
        """
        with self._lock:
            return list(self._token_endpoint.requests)

    def fail_token_requests(self, fault: str, times: int = 1) -> None:
        """Answer the next ``times`` OAuth 2 token requests with a fault
        instead of a token: an error response or something that is not a
        token (see :data:`rauth.testing.token_endpoint.TOKEN_FAULTS`).

        :param fault: E.g. ``"json_error"``, ``"html"``, ``"server_error"``.
        :type fault: str
        :param times: How many requests get it.
        :type times: int
        """
        self._token_endpoint.fail(fault, times)

    # -- HTTP routes ----------------------------------------------------

    def _routes(self) -> dict[str, Route]:
        resources = Resources(
            {
                "oauth1": self._oauth1.verify,
                "oauth2": self._oauth2.verify,
                "ofly": self._ofly.verify,
            }
        )
        return {
            paths.OAUTH1_REQUEST_TOKEN: (_GET_POST, self._oauth1.request_token),
            paths.OAUTH1_AUTHORIZE: (_GET_POST, self._authorizing(self._oauth1.authorize)),
            paths.OAUTH1_ACCESS_TOKEN: (_GET_POST, self._oauth1.access_token),
            paths.OAUTH2_AUTHORIZE: (
                _GET_POST,
                self.openid.with_iss(self._authorizing(self._oauth2.authorize)),
            ),
            paths.OAUTH2_TOKEN: (_ANY, self._token_endpoint),
            paths.OAUTH2_REVOKE: (_ANY, self._oauth2.revoke),
            paths.OPENID_CONFIGURATION: (_GET_POST, self.openid.metadata_endpoint),
            paths.OAUTH_METADATA: (_GET_POST, self.openid.metadata_endpoint),
            paths.JWKS: (_GET_POST, self.openid.jwks_endpoint),
            paths.USERINFO: (_GET_POST, self._userinfo),
            paths.OFLY_AUTHORIZE: (_GET_POST, self._authorizing(self._ofly.authorize)),
            paths.ECHO: (_ANY, quirks.reading_token(self.quirk, resources.echo)),
            paths.ME: (_ANY, quirks.reading_token(self.quirk, resources.me)),
            paths.CALLBACK: (_ANY, callback),
        }

    def _userinfo(self, request: HttpRequest) -> HttpResponse:
        identity = self._oauth2.verify(request)  # the Bearer token
        return json_response(self.openid.userinfo(identity.user or ""))

    def _authorizing(
        self, endpoint: Callable[[HttpRequest, str, bool], HttpResponse]
    ) -> Callable[[HttpRequest], HttpResponse]:
        """Wrap an authorize endpoint to pass who approves, and whether.

        The request's ``user`` and ``approve`` query parameters override
        :attr:`user` and :attr:`approve`; a browser gets the consent page
        first, whose answer then decides (:mod:`rauth.testing.consent`).
        """

        def handle(request: HttpRequest) -> HttpResponse:
            query = dict(request.query_pairs())
            approve = (
                query["approve"].lower() not in _DENY_VALUES if "approve" in query else self.approve
            )
            try:
                user = self._user(query.get("user"))
            except ValueError as exc:
                raise AuthFailure(str(exc), status=400) from None
            answer = answered(request)
            if answer is not None:
                request, approve = answer
            elif "approve" not in query and shows_page(self.consent, request):
                return consent_page(request, user)
            return endpoint(request, user, approve)

        return handle
