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
import time
from typing import Any
from urllib.parse import urlencode

from rauth.testing import paths
from rauth.testing._oauthlib import OpenIDGrant
from rauth.testing.messages import HttpRequest, HttpResponse, json_response

__all__ = ["AUTH_METHODS", "ID_TOKEN_MODES", "USERINFO_MODES", "OpenIDProvider", "SigningKey"]

#: The id_tokens :attr:`OpenIDProvider.id_token_mode` issues, each named
#: after what is wrong with it (``"valid"``: nothing; ``"kid_absent"``: no
#: ``kid``, fine while one key is published; ``"hs256_public_key"``: HS256
#: keyed with the PEM public key; ``"several_aud_no_azp"``: two audiences
#: and no ``azp``).
ID_TOKEN_MODES = (
    "valid",
    "wrong_aud",
    "wrong_iss",
    "wrong_nonce",
    "no_nonce",
    "expired",
    "future_iat",
    "missing_sub",
    "missing_iat",
    "alg_none",
    "unknown_kid",
    "kid_absent",
    "bad_signature",
    "hs256_public_key",
    "wrong_at_hash",
    "wrong_c_hash",
    "several_aud_no_azp",
    "omitted",
)
#: What the UserInfo endpoint answers: the user's claims, or another ``sub``.
USERINFO_MODES = ("valid", "bad_sub")

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
        #: Whether the authorization response carries ``iss`` (RFC 9207),
        #: as the documents then say.
        self.iss_parameter: bool = False
        #: The ``iss`` sent instead of the issuer, to play a mix-up.
        self.iss_parameter_override: str | None = None
        #: How many times the JWKS was fetched.
        self.jwks_fetches = 0
        #: Whether it serves ``/.well-known/openid-configuration`` (else
        #: only the RFC 8414 document), as a plain OAuth 2 server would.
        self.openid_configuration = True
        #: Which id_token the token endpoint issues: one of
        #: :data:`ID_TOKEN_MODES`.
        self.id_token_mode = "valid"
        #: What the UserInfo endpoint answers: one of :data:`USERINFO_MODES`.
        self.userinfo_mode = "valid"
        #: Seconds an id_token is valid.
        self.id_token_lifetime = 600

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
        """Answer ``GET /.well-known/...`` with the metadata (a 404 for the
        OpenID configuration unless :attr:`openid_configuration`).

        :rtype: rauth.testing.messages.HttpResponse
        """
        if request.path == paths.OPENID_CONFIGURATION and not self.openid_configuration:
            return json_response({"error": "not_found"}, 404)
        return json_response(self.metadata(request.origin))

    def jwks_endpoint(self, request: HttpRequest) -> HttpResponse:
        """Answer ``GET`` of the JWKS: the published public keys.

        :rtype: rauth.testing.messages.HttpResponse
        """
        keys = [key.jwk() for key in self.keys()]
        with self._lock:
            self.jwks_fetches += 1
        return json_response({"keys": keys})

    # -- id_tokens (OpenID Connect Core 3.1.3.6) ------------------------

    def _claims(self, origin: str, request: Any, token: dict[str, Any]) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer(origin),
            "sub": request.user,
            "aud": request.client_id or request.client.client_id,
            "iat": now,
            "exp": now + self.id_token_lifetime,
            "auth_time": now,
            # oauthlib's own at_hash / c_hash (left half of SHA-256, base64url)
            "at_hash": OpenIDGrant.id_token_hash(None, token["access_token"]),
        }
        if request.code:  # the code grant, not a refresh
            claims["c_hash"] = OpenIDGrant.id_token_hash(None, request.code)
        if request.nonce:
            claims["nonce"] = request.nonce
        return claims

    def _spoil(self, claims: dict[str, Any]) -> None:
        mode = self.id_token_mode
        changes: dict[str, Any] = {
            "wrong_aud": {"aud": "another-client"},
            "wrong_iss": {"iss": "http://127.0.0.1:1/another-issuer"},
            "wrong_nonce": {"nonce": "not-the-nonce-sent"},
            "expired": {"exp": claims["iat"] - 3600, "iat": claims["iat"] - 4200},
            "future_iat": {"iat": claims["iat"] + 3600},
            "wrong_at_hash": {"at_hash": "AAAAAAAAAAAAAAAAAAAAAA"},
            "wrong_c_hash": {"c_hash": "AAAAAAAAAAAAAAAAAAAAAA"},
            "several_aud_no_azp": {"aud": [claims["aud"], "another-client"]},
        }
        claims.update(changes.get(mode, {}))
        removed = {"missing_sub": "sub", "missing_iat": "iat", "no_nonce": "nonce"}
        claims.pop(removed.get(mode, ""), None)

    def _sign(self, claims: dict[str, Any]) -> str:
        import jwt

        mode, key = self.id_token_mode, self.signing_key()
        if mode == "alg_none":
            return str(jwt.encode(claims, "", algorithm="none"))
        if mode == "hs256_public_key":
            return _hs256_with(self._public_pem(key), claims)
        kid = {"unknown_kid": "no-such-key", "kid_absent": None}.get(mode, key.kid)
        headers = {"kid": kid} if kid else None
        signer = SigningKey("spoiler") if mode == "bad_signature" else key
        return str(jwt.encode(claims, signer.private_key, algorithm="RS256", headers=headers))

    @staticmethod
    def _public_pem(key: SigningKey) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return key.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def with_iss(self, endpoint: Any) -> Any:
        """Wrap the authorize endpoint: with :attr:`iss_parameter`, its
        redirects carry ``iss`` (RFC 9207 section 2).

        :rtype: callable
        """

        def handle(request: HttpRequest) -> HttpResponse:
            response: HttpResponse = endpoint(request)
            location = response.headers.get("Location")
            if self.iss_parameter and location and "#" not in location:
                iss = self.iss_parameter_override or self.issuer(request.origin)
                joiner = "&" if "?" in location else "?"
                response.headers["Location"] = f"{location}{joiner}{urlencode({'iss': iss})}"
            return response

        return handle

    def id_token_modifier(
        self, token: dict[str, Any], handler: Any, request: Any
    ) -> dict[str, Any]:
        """oauthlib token modifier: add an ``id_token`` (as
        :attr:`id_token_mode` says) when the scope has ``openid``.

        :rtype: dict
        """
        if "openid" not in (request.scopes or ()) or self.id_token_mode == "omitted":
            return token
        origin = _origin(request.uri)
        claims = self._claims(origin, request, token)
        self._spoil(claims)
        token["id_token"] = self._sign(claims)
        return token

    def userinfo(self, user: str) -> dict[str, Any]:
        """The UserInfo claims of ``user`` (as :attr:`userinfo_mode` says).

        :rtype: dict
        """
        sub = "somebody-else" if self.userinfo_mode == "bad_sub" else user
        return {"sub": sub, "name": user.title(), "preferred_username": user}


def _hs256_with(secret: bytes, claims: dict[str, Any]) -> str:
    """An HS256 JWT keyed with ``secret``, signed by hand: PyJWT refuses a
    PEM key as an HMAC secret, which is the attack this mode plays."""
    import base64
    import hashlib
    import hmac
    import json

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(claims).encode())
    mac = hmac.new(secret, f"{header}.{body}".encode("ascii"), hashlib.sha256).digest()
    return f"{header}.{body}.{b64(mac)}"


def _origin(uri: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"
