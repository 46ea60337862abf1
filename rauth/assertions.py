"""
rauth.assertions
----------------

JSON Web Token assertions (RFC 7523), signed with PyJWT (the ``rauth[jwt]``
extra): the client assertions of ``client_secret_jwt`` and
``private_key_jwt`` (RFC 7523 section 2.2, OpenID Connect Core section 9),
and the authorization grant of service accounts (RFC 7523 section 2.1).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

from rauth.errors import MissingDependencyError

__all__ = [
    "CLIENT_ASSERTION_TYPE",
    "JWT_BEARER_GRANT",
    "client_assertion",
    "jwt_bearer_assertion",
]

#: The ``client_assertion_type`` of a JWT client assertion (RFC 7523 2.2).
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#: The ``grant_type`` of the JWT bearer grant (RFC 7523 2.1).
JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"

#: Seconds a client assertion stays valid (RFC 7523 3: "a limited time").
CLIENT_ASSERTION_LIFETIME = 300


def import_jwt(feature: str) -> Any:
    """Return the ``jwt`` module (PyJWT), or raise
    :class:`~rauth.errors.MissingDependencyError` naming ``rauth[jwt]``."""
    try:
        import jwt
    except ImportError:
        raise MissingDependencyError(feature, "jwt") from None
    return jwt


def _sign(claims: Mapping[str, Any], key: Any, algorithm: str, key_id: str | None) -> str:
    """Sign ``claims`` with PyJWT; errors never show the key."""
    jwt = import_jwt(f"JWT assertions ({algorithm})")
    headers = {"kid": key_id} if key_id else None
    if key is None or key == "":
        raise ValueError(f"a JWT assertion signed with {algorithm} needs a key: none was given")
    try:
        token: str = jwt.encode(dict(claims), key, algorithm=algorithm, headers=headers)
    except (ValueError, TypeError, jwt.exceptions.PyJWTError) as exc:
        raise ValueError(
            f"cannot sign a JWT assertion with {algorithm}: the key does not fit the "
            f"algorithm ({type(exc).__name__}); give an HMAC secret for HS*, a PEM "
            "private key (or a cryptography key object) for RS*, PS* and ES*"
        ) from None
    return token


def client_assertion(
    client_id: str,
    key: Any,
    audience: str,
    algorithm: str = "RS256",
    key_id: str | None = None,
    lifetime: int = CLIENT_ASSERTION_LIFETIME,
) -> str:
    """Return a signed client assertion (RFC 7523 section 3): ``iss`` and
    ``sub`` are the client id, ``aud`` the token endpoint, with a unique
    ``jti``, ``iat`` now and ``exp`` ``lifetime`` seconds later.

    :param client_id: The client id.
    :type client_id: str
    :param key: The client secret (``HS256``) or the private key: PEM text
        or bytes, or a ``cryptography`` key object.
    :param audience: The token endpoint URL.
    :type audience: str
    :param algorithm: ``'HS256'``, ``'RS256'``, ``'PS256'``, ``'ES256'``...
    :type algorithm: str
    :param key_id: The ``kid`` header, if the provider needs one.
    :type key_id: str
    :param lifetime: Seconds until ``exp``.
    :type lifetime: int
    :rtype: str
    """
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "jti": secrets.token_urlsafe(24),
        "iat": now,
        "exp": now + lifetime,
    }
    return _sign(claims, key, algorithm, key_id)


def jwt_bearer_assertion(
    issuer: str,
    subject: str,
    audience: str,
    key: Any,
    algorithm: str = "RS256",
    key_id: str | None = None,
    lifetime: int = 3600,
    claims: Mapping[str, Any] | None = None,
) -> str:
    """Return a signed authorization grant (RFC 7523 section 2.1) for
    ``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``.

    :param issuer: ``iss``, e.g. the service account's email.
    :type issuer: str
    :param subject: ``sub``, whom the token acts for.
    :type subject: str
    :param audience: ``aud``, usually the token endpoint URL.
    :type audience: str
    :param key: The private key (PEM or key object) or HMAC secret.
    :param algorithm: The JWS algorithm.
    :type algorithm: str
    :param key_id: The ``kid`` header.
    :type key_id: str
    :param lifetime: Seconds until ``exp``.
    :type lifetime: int
    :param claims: More claims, e.g. ``{'scope': ...}``; they may not
        replace the registered claims above.
    :type claims: dict
    :rtype: str
    """
    now = int(time.time())
    body = dict(claims or {})
    body.update(
        iss=issuer,
        sub=subject,
        aud=audience,
        jti=secrets.token_urlsafe(24),
        iat=now,
        exp=now + lifetime,
    )
    return _sign(body, key, algorithm, key_id)
