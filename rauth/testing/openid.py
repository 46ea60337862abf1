"""
rauth.testing.openid
--------------------

The provider's OpenID Connect and discovery side: its metadata (RFC 8414
``/.well-known/oauth-authorization-server`` and OpenID Connect Discovery
``/.well-known/openid-configuration``), its signing keys published as a
JWKS (with rotation), and modes that publish a bad document, to test a
client's checks.

The keys are generated with ``cryptography`` on first use and signed with
by PyJWT; nothing here imports rauth's client code.
"""

from __future__ import annotations

import threading
from typing import Any

from rauth.testing import paths
from rauth.testing.messages import HttpRequest, HttpResponse, json_response

__all__ = ["AUTH_METHODS", "OpenIDProvider", "SigningKey"]

#: The ``token_endpoint_auth_methods_supported`` the provider lists.
AUTH_METHODS = (
    "client_secret_basic",
    "client_secret_post",
    "client_secret_jwt",
    "private_key_jwt",
    "none",
)


class SigningKey:
    """An RSA key pair the provider signs id_tokens with.

    :param kid: Its key id.
    :type kid: str
    """

    def __init__(self, kid: str) -> None:
        from cryptography.hazmat.primitives.asymmetric import rsa

        #: The key id (``kid``).
        self.kid = kid
        #: The private key (a ``cryptography`` object).
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def __repr__(self) -> str:
        return f"<SigningKey kid={self.kid!r}>"

    def jwk(self) -> dict[str, Any]:
        """The public key as a JWK (RFC 7517).

        :rtype: dict
        """
        import json

        from jwt.algorithms import RSAAlgorithm

        jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        jwk.update(kid=self.kid, use="sig", alg="RS256")
        return jwk


class OpenIDProvider:
    """The discovery documents and JWKS of a provider.

    All of it is read and changed under the provider's lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: list[SigningKey] = []
        self._serial = 0
        #: The ``issuer`` the documents name; ``None`` for the provider's
        #: own URL. Set it to another to test a client's issuer check.
        self.issuer_override: str | None = None
        #: The ``token_endpoint_auth_methods_supported`` listed.
        self.auth_methods: tuple[str, ...] = AUTH_METHODS
        #: Whether the documents say the authorization response carries
        #: ``iss`` (RFC 9207), and it does.
        self.iss_parameter: bool = True
        #: How many times the JWKS was fetched.
        self.jwks_fetches = 0

    # -- Keys -----------------------------------------------------------

    def keys(self) -> list[SigningKey]:
        """The published keys, the current signing key first (made on
        first use).

        :rtype: list
        """
        with self._lock:
            if not self._keys:
                self._keys.append(self._new_key())
            return list(self._keys)

    def _new_key(self) -> SigningKey:
        self._serial += 1
        return SigningKey(f"key-{self._serial}")

    def rotate_keys(self, keep_old: bool = False) -> SigningKey:
        """Sign with a new key from now on; publish the old one too only
        with ``keep_old``.

        :param keep_old: Keep publishing the previous keys.
        :type keep_old: bool
        :rtype: SigningKey
        """
        self.keys()
        with self._lock:
            key = self._new_key()
            self._keys = [key, *self._keys] if keep_old else [key]
            return key

    def signing_key(self) -> SigningKey:
        """The key id_tokens are signed with.

        :rtype: SigningKey
        """
        return self.keys()[0]

    # -- Documents ------------------------------------------------------

    def issuer(self, origin: str) -> str:
        """The issuer the provider names, for its ``origin``.

        :rtype: str
        """
        return self.issuer_override or origin

    def metadata(self, origin: str) -> dict[str, Any]:
        """The provider's metadata, for its ``origin``.

        :param origin: E.g. ``http://127.0.0.1:54321``.
        :type origin: str
        :rtype: dict
        """
        return {
            "issuer": self.issuer(origin),
            "authorization_endpoint": origin + paths.OAUTH2_AUTHORIZE,
            "token_endpoint": origin + paths.OAUTH2_TOKEN,
            "revocation_endpoint": origin + paths.OAUTH2_REVOKE,
            "userinfo_endpoint": origin + paths.USERINFO,
            "jwks_uri": origin + paths.JWKS,
            "response_types_supported": ["code", "token"],
            "grant_types_supported": [
                "authorization_code",
                "implicit",
                "password",
                "client_credentials",
                "refresh_token",
                "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email", "read", "write"],
            "token_endpoint_auth_methods_supported": list(self.auth_methods),
            "code_challenge_methods_supported": ["S256", "plain"],
            "authorization_response_iss_parameter_supported": self.iss_parameter,
        }

    def metadata_endpoint(self, request: HttpRequest) -> HttpResponse:
        """Answer ``GET /.well-known/...`` with the metadata.

        :rtype: rauth.testing.messages.HttpResponse
        """
        return json_response(self.metadata(request.origin))

    def jwks_endpoint(self, request: HttpRequest) -> HttpResponse:
        """Answer ``GET`` of the JWKS: the published public keys.

        :rtype: rauth.testing.messages.HttpResponse
        """
        keys = [key.jwk() for key in self.keys()]
        with self._lock:
            self.jwks_fetches += 1
        return json_response({"keys": keys})
