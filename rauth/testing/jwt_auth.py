"""
rauth.testing.jwt_auth
----------------------

The provider's JWT assertions at the token endpoint (RFC 7523), verified
with PyJWT: client assertions (section 2.2: ``client_secret_jwt`` and
``private_key_jwt``) and the JWT bearer grant of service accounts
(section 2.1, :class:`JwtBearerGrant`). The signature is checked with HMAC
over the client secret or with the client's registered public key; ``iss``
is the client id (and ``sub`` too, for a client assertion), ``aud`` the
token endpoint, ``exp`` at most :data:`MAX_LIFETIME` after ``iat`` (a
grant: :data:`MAX_GRANT_LIFETIME`), and a ``jti`` never seen before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from rauth.testing import paths
from rauth.testing._oauthlib import oauth2 as lib
from rauth.testing.store import OAuth2Client, Store

__all__ = [
    "CLIENT_ASSERTION_TYPE",
    "JWT_BEARER_GRANT",
    "MAX_GRANT_LIFETIME",
    "MAX_LIFETIME",
    "JwtBearerGrant",
    "assertion_method",
    "verify_assertion",
]

#: The ``client_assertion_type`` of RFC 7523 section 2.2.
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#: The ``grant_type`` of RFC 7523 section 2.1.
JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
#: The longest ``exp - iat`` a client assertion may have, in seconds.
MAX_LIFETIME = 600
#: The longest ``exp - iat`` a JWT bearer grant may have, in seconds.
MAX_GRANT_LIFETIME = 3600
_HMAC_ALGS = ("HS256", "HS384", "HS512")
_KEY_ALGS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")


def _origin(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"


def _refuse(why: str, grant: bool = False) -> Any:
    if grant:
        return lib.InvalidGrantError(description=f"JWT bearer grant refused: {why}")
    return lib.InvalidClientError(description=f"client assertion refused: {why}")


def assertion_method(assertion: str) -> str:
    """Say which method an assertion uses, from its (unverified) ``alg``:
    ``"client_secret_jwt"`` or ``"private_key_jwt"``.

    :param assertion: The ``client_assertion``.
    :type assertion: str
    :rtype: str
    """
    import jwt

    try:
        alg = jwt.get_unverified_header(assertion).get("alg", "")
    except jwt.PyJWTError:
        return "malformed_jwt"
    return "client_secret_jwt" if str(alg).upper().startswith("HS") else "private_key_jwt"


def _key_for(client: OAuth2Client, alg: str, grant: bool) -> Any:
    if alg in _HMAC_ALGS and client.client_secret:
        return client.client_secret.encode("utf-8")
    if alg in _KEY_ALGS and client.public_key:
        return client.public_key
    raise _refuse(f"the client has no key registered for {alg}", grant)


def verify_assertion(
    assertion: str,
    store: Store,
    audiences: Iterable[str],
    clock: Callable[[], float],
    grant: bool = False,
) -> tuple[OAuth2Client, dict[str, Any]]:
    """Verify a client assertion (or, with ``grant``, a JWT bearer grant);
    return the client it authenticates (its ``iss``) and its claims.

    :param assertion: The ``client_assertion`` (or ``assertion``).
    :type assertion: str
    :param store: Where the clients and the seen ``jti`` are.
    :type store: rauth.testing.store.Store
    :param audiences: The accepted ``aud`` values (the token endpoint).
    :type audiences: list
    :param clock: The provider's clock.
    :type clock: callable
    :param grant: Whether it is a grant (``sub`` may be a user).
    :type grant: bool
    :raises oauthlib.oauth2.InvalidClientError: if it is not valid
        (``InvalidGrantError`` for a grant).
    :rtype: tuple
    """
    import jwt

    try:
        alg = str(jwt.get_unverified_header(assertion).get("alg"))
        client_id = jwt.decode(assertion, options={"verify_signature": False}).get("iss")
    except jwt.PyJWTError:
        raise _refuse("not a JWT", grant) from None
    client = store.clients.get(str(client_id))
    if client is None:
        raise _refuse("unknown client (iss)", grant)
    key = _key_for(client, alg, grant)
    try:
        claims: dict[str, Any] = jwt.decode(
            assertion,
            key,
            algorithms=[alg],
            audience=list(audiences),
            options={"require": ["iss", "sub", "aud", "exp", "iat", "jti"]},
            leeway=30,
        )
    except jwt.PyJWTError as exc:
        raise _refuse(str(exc), grant) from None
    _check(claims, client, grant)
    _spend(store, str(claims["jti"]), float(claims["exp"]), clock())
    return client, claims


def _check(claims: dict[str, Any], client: OAuth2Client, grant: bool) -> None:
    if not grant and claims["sub"] != client.client_id:
        raise _refuse("sub is not the client id")
    longest = MAX_GRANT_LIFETIME if grant else MAX_LIFETIME
    if claims["exp"] - claims["iat"] > longest:
        raise _refuse(f"exp is more than {longest} s after iat", grant)


def _spend(store: Store, jti: str, exp: float, now: float) -> None:
    for seen in [key for key, expiry in store.assertion_ids.items() if expiry < now - 60]:
        del store.assertion_ids[seen]
    if jti in store.assertion_ids:
        raise lib.InvalidClientError(description="assertion refused: jti already used (replay)")
    store.assertion_ids[jti] = exp


class JwtBearerGrant(lib.ClientCredentialsGrant):  # type: ignore[misc]
    """oauthlib grant type for ``urn:ietf:params:oauth:grant-type:jwt-bearer``
    (RFC 7523 section 2.1): the ``assertion``, signed by a registered
    client, gets an access token (no refresh token) for its ``sub``.

    :param validator: The provider's request validator.
    :param store: Where the clients and the seen ``jti`` are.
    :type store: rauth.testing.store.Store
    :param clock: The provider's clock.
    :type clock: callable
    """

    def __init__(self, validator: Any, store: Store, clock: Callable[[], float]) -> None:
        super().__init__(validator)
        self._store, self._clock = store, clock

    def validate_token_request(self, request: Any) -> None:
        if request.grant_type != JWT_BEARER_GRANT:  # pragma: no cover - routed by type
            raise lib.UnsupportedGrantTypeError(request=request)
        assertion = dict(request.decoded_body or []).get("assertion")
        if not assertion:
            raise lib.InvalidRequestError(description="missing assertion", request=request)
        audience = _origin(request.uri) + paths.OAUTH2_TOKEN
        client, claims = verify_assertion(
            assertion, self._store, (audience,), self._clock, grant=True
        )
        request.client, request.client_id = client, client.client_id
        request.user = str(claims["sub"])
        self.validate_scopes(request)
