"""
rauth.testing.store
-------------------

The provider's in-memory database: registered users, OAuth 1 consumers,
OAuth 2 clients and Ofly apps, and the tokens, verifiers and codes issued
to them.

The store does no locking of its own: the provider holds one lock around
every request it serves and every Python-level call, so each endpoint sees
and changes the store atomically.

The reprs of the records leave out every password, secret, token, verifier
and code, so a record can be printed or logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_CONSUMER_KEY",
    "DEFAULT_CONSUMER_SECRET",
    "DEFAULT_OFLY_APP_ID",
    "DEFAULT_OFLY_APP_SECRET",
    "DEFAULT_PUBLIC_CLIENT_ID",
    "DEFAULT_USERS",
    "GRANT_TYPES",
    "AccessToken",
    "AuthorizationCode",
    "BearerToken",
    "OAuth1Consumer",
    "OAuth2Client",
    "OflyApp",
    "RequestToken",
    "Store",
    "User",
]

#: Preregistered users as ``(name, password)`` pairs; the first approves.
DEFAULT_USERS = (("alice", "alice-password"), ("bob", "bob-password"))
#: Preregistered OAuth 1 consumer key.
DEFAULT_CONSUMER_KEY = "demo-consumer-key"
#: Preregistered OAuth 1 consumer secret.
DEFAULT_CONSUMER_SECRET = "demo-consumer-secret"
#: Preregistered confidential OAuth 2 client id.
DEFAULT_CLIENT_ID = "demo-client-id"
#: Preregistered OAuth 2 client secret.
DEFAULT_CLIENT_SECRET = "demo-client-secret"
#: Preregistered public OAuth 2 client id (no secret, PKCE required; it
#: may use the implicit grant too).
DEFAULT_PUBLIC_CLIENT_ID = "demo-public-client"
#: Preregistered Ofly app id.
DEFAULT_OFLY_APP_ID = "demo-ofly-app"
#: Preregistered Ofly app secret.
DEFAULT_OFLY_APP_SECRET = "demo-ofly-secret"
#: OAuth 2 grant types a client may use unless registered otherwise.
GRANT_TYPES = ("authorization_code", "password", "client_credentials", "refresh_token")


@dataclass(frozen=True)
class User:
    """A resource owner."""

    #: Login name, also the ``oflyUserid`` and the identity the API echoes.
    name: str
    #: Password for the OAuth 2 password grant.
    password: str = field(repr=False)


@dataclass(frozen=True)
class OAuth1Consumer:
    """A registered OAuth 1 consumer."""

    #: The consumer key.
    key: str
    #: The consumer secret (HMAC and PLAINTEXT methods).
    secret: str = field(repr=False)
    #: PEM public key for the RSA-SHA* methods, if any.
    rsa_public_key: str | None = None
    #: Allowed callback prefixes; empty allows any absolute URI and ``oob``.
    callbacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class OAuth2Client:
    """A registered OAuth 2 client."""

    #: The client id.
    client_id: str
    #: The client secret, ``None`` for a public client.
    client_secret: str | None = field(default=None, repr=False)
    #: Registered redirect URIs; empty allows any absolute URI.
    redirect_uris: tuple[str, ...] = ()
    #: Scopes the client may ask for; ``None`` allows any.
    scopes: tuple[str, ...] | None = None
    #: Scopes granted when a request names none.
    default_scopes: tuple[str, ...] = ()
    #: Grant types the client may use.
    grant_types: tuple[str, ...] = GRANT_TYPES
    #: Whether the authorization-code grant must use PKCE.
    require_pkce: bool = False
    #: PEM public key verifying its ``private_key_jwt`` assertions, if any.
    public_key: str | None = None


@dataclass(frozen=True)
class OflyApp:
    """A registered Ofly application."""

    #: The ``oflyAppId``.
    app_id: str
    #: The shared secret that prefixes the signature base string.
    app_secret: str = field(repr=False)


@dataclass
class RequestToken:
    """An OAuth 1 temporary credential."""

    token: str = field(repr=False)
    secret: str = field(repr=False)
    client_key: str
    callback: str
    realms: tuple[str, ...]
    expires_at: float
    #: The user who approved it (set when authorizing).
    user: str | None = None
    verifier: str | None = field(default=None, repr=False)


@dataclass
class AccessToken:
    """An OAuth 1 token credential."""

    token: str = field(repr=False)
    secret: str = field(repr=False)
    client_key: str
    user: str
    realms: tuple[str, ...]
    revoked: bool = False
    expired: bool = False


@dataclass
class AuthorizationCode:
    """An OAuth 2 authorization code."""

    code: str = field(repr=False)
    client_id: str
    #: The redirect URI given in the authorization request, if any.
    redirect_uri: str | None
    user: str
    scopes: tuple[str, ...]
    expires_at: float
    #: The PKCE challenge; with the ``plain`` method it is the verifier.
    code_challenge: str | None = field(default=None, repr=False)
    code_challenge_method: str | None = None
    used: bool = False
    #: Access tokens issued for it, revoked if the code is replayed.
    issued: tuple[str, ...] = field(default=(), repr=False)
    #: The OpenID Connect ``nonce`` of the authorization request, if any.
    nonce: str | None = field(default=None, repr=False)


@dataclass
class BearerToken:
    """An OAuth 2 access token and its refresh token."""

    access_token: str = field(repr=False)
    client_id: str
    #: ``None`` for the client-credentials grant.
    user: str | None
    scopes: tuple[str, ...]
    expires_at: float
    refresh_token: str | None = field(default=None, repr=False)
    revoked: bool = False


@dataclass
class Store:
    """All registrations and credentials of one provider.

    Its repr shows the registrations only: the issued credentials are keyed
    by their tokens and codes.
    """

    users: dict[str, User] = field(default_factory=dict)
    consumers: dict[str, OAuth1Consumer] = field(default_factory=dict)
    clients: dict[str, OAuth2Client] = field(default_factory=dict)
    ofly_apps: dict[str, OflyApp] = field(default_factory=dict)
    request_tokens: dict[str, RequestToken] = field(default_factory=dict, repr=False)
    access_tokens: dict[str, AccessToken] = field(default_factory=dict, repr=False)
    #: Seen ``(client_key, timestamp, nonce, token)`` with their expiry.
    nonces: dict[tuple[str, str, str, str], float] = field(default_factory=dict, repr=False)
    codes: dict[str, AuthorizationCode] = field(default_factory=dict, repr=False)
    bearer_tokens: dict[str, BearerToken] = field(default_factory=dict, repr=False)
    #: Refresh token to the access token it was issued with.
    refresh_tokens: dict[str, str] = field(default_factory=dict, repr=False)
    #: ``jti`` of the JWT assertions seen, with their expiry (no replays).
    assertion_ids: dict[str, float] = field(default_factory=dict, repr=False)
    #: ``(app_id, user)`` pairs where the user authorized the Ofly app.
    ofly_grants: set[tuple[str, str]] = field(default_factory=set)

    def preregister(self) -> None:
        """Register the default users, consumer, clients and Ofly app."""
        for name, password in DEFAULT_USERS:
            self.users[name] = User(name, password)
        self.consumers[DEFAULT_CONSUMER_KEY] = OAuth1Consumer(
            DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET
        )
        self.clients[DEFAULT_CLIENT_ID] = OAuth2Client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        self.clients[DEFAULT_PUBLIC_CLIENT_ID] = OAuth2Client(
            DEFAULT_PUBLIC_CLIENT_ID, grant_types=(*GRANT_TYPES, "implicit"), require_pkce=True
        )
        self.ofly_apps[DEFAULT_OFLY_APP_ID] = OflyApp(DEFAULT_OFLY_APP_ID, DEFAULT_OFLY_APP_SECRET)

    def bearer_by_refresh(self, refresh_token: str) -> BearerToken | None:
        """Return the bearer token a refresh token was issued with.

        :param refresh_token: The refresh token.
        :type refresh_token: str
        :rtype: BearerToken or None
        """
        access_token = self.refresh_tokens.get(refresh_token)
        if access_token is None:
            return None
        return self.bearer_tokens.get(access_token)

    def prune_nonces(self, now: float) -> None:
        """Forget nonces whose timestamps are past the accepted window.

        :param now: The current time.
        :type now: float
        """
        stale = [key for key, expiry in self.nonces.items() if expiry < now]
        for key in stale:
            del self.nonces[key]
