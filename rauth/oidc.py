"""
rauth.oidc
----------

OpenID Connect for the relying party (OpenID Connect Core 1.0): the
validation of an ``id_token`` (section 3.1.3.7) against the provider's
keys, a thread-safe cache of those keys (its JWKS), and the session's
:meth:`~OpenIDSession.userinfo` (section 5.3). JWTs are verified with
PyJWT (the ``rauth[jwt]`` extra).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Callable

import requests

from rauth import limits
from rauth.assertions import import_jwt
from rauth.errors import IdTokenError, IssuerMismatchError, ResponseTooLargeError

__all__ = [
    "DEFAULT_ID_TOKEN_LEEWAY",
    "JWKS_REFETCH_INTERVAL",
    "JwksCache",
    "OpenIDSession",
    "check_response_issuer",
    "id_token_hash",
    "login_claims",
    "refreshed_claims",
    "time",
    "validate_id_token",
]

#: Seconds of clock skew allowed on ``exp`` and ``iat``.
DEFAULT_ID_TOKEN_LEEWAY = 60
#: Seconds between two fetches of the JWKS for unknown key ids; the first
#: unknown ``kid`` is always fetched at once (a key rotation).
JWKS_REFETCH_INTERVAL = 60.0
#: The signature algorithms an id_token may use: the asymmetric ones are
#: verified with the JWKS, HS* only with the client secret.
ASYMMETRIC_ALGS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
HMAC_ALGS = ("HS256", "HS384", "HS512")
_HASHES = MappingProxyType({"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512})
_KTY = MappingProxyType({"R": "RSA", "P": "RSA", "E": "EC"})
_TIMEOUT = 30.0


def _same(a: str, b: str) -> bool:
    """Compare in constant time (any text, not only ASCII)."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def id_token_hash(value: str, alg: str) -> str:
    """Return ``at_hash`` / ``c_hash`` of ``value`` for an id_token signed
    with ``alg`` (Core sections 3.1.3.6, 3.3.2.11): the base64url left half
    of its SHA-2 digest.

    :rtype: str
    """
    hashfunc = _HASHES.get(alg[-3:], hashlib.sha512 if alg == "EdDSA" else None)
    if hashfunc is None:
        raise IdTokenError(f"no at_hash/c_hash is defined for the alg {alg!r}")
    digest = hashfunc(value.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).decode("ascii").rstrip("=")


class JwksCache:
    """The provider's public keys (its JWK Set), fetched from ``jwks_uri``
    when first needed and again when an id_token names a ``kid`` it does
    not know: at once the first time (a key rotation never fails a login),
    then at most once per :data:`JWKS_REFETCH_INTERVAL` seconds. Threads
    share it; one fetch serves all that wait for it.

    :param jwks_uri: The provider's JWKS URL.
    :type jwks_uri: str
    :param fetch: ``fetch(url) -> dict``, defaults to a ``requests`` GET.
    :type fetch: callable
    """

    def __init__(self, jwks_uri: str, fetch: Callable[[str], Any] | None = None) -> None:
        #: The JWKS URL.
        self.jwks_uri = jwks_uri
        self._fetch = fetch or _get_json
        self._lock = threading.Lock()
        self._keys: list[dict[str, Any]] | None = None
        self._last_refetch: float | None = None
        #: How many times the JWKS was fetched.
        self.fetches = 0

    def __repr__(self) -> str:
        return f"<JwksCache {self.jwks_uri}>"

    def _load(self) -> list[dict[str, Any]]:
        document = self._fetch(self.jwks_uri)
        keys = document.get("keys") if isinstance(document, Mapping) else None
        if not isinstance(keys, list):
            raise IdTokenError(f"the JWKS at {self.jwks_uri} has no 'keys' list")
        self.fetches += 1
        self._keys = [dict(key) for key in keys if isinstance(key, Mapping)]
        return self._keys

    def keys(self) -> list[dict[str, Any]]:
        """The cached keys, fetched if never fetched.

        :rtype: list
        """
        with self._lock:
            return list(self._keys if self._keys is not None else self._load())

    def find(self, kid: str | None, alg: str) -> Any:
        """Return the key (a ``cryptography`` public key) for ``kid`` and
        ``alg``, fetching the JWKS again once for an unknown ``kid``.

        :raises rauth.errors.IdTokenError: if there is none.
        """
        with self._lock:
            keys = self._keys if self._keys is not None else self._load()
            found = _pick(keys, kid, alg)
            if found is None and kid is not None and self._may_refetch():
                found = _pick(self._load(), kid, alg)
        if found is None:
            raise IdTokenError(
                f"the id_token is signed with a key the provider does not publish "
                f"(kid {kid!r}, alg {alg}) at {self.jwks_uri}",
                claim="kid",
            )
        return _public_key(found)

    def _may_refetch(self) -> bool:
        now = time.time()
        last = self._last_refetch
        if last is not None and now - last < JWKS_REFETCH_INTERVAL:
            return False
        self._last_refetch = now
        return True


def _pick(keys: list[dict[str, Any]], kid: str | None, alg: str) -> dict[str, Any] | None:
    kty = _KTY.get(alg[0], "OKP")
    usable = [
        key
        for key in keys
        if key.get("kty") == kty and key.get("use", "sig") == "sig" and key.get("alg", alg) == alg
    ]
    if kid is not None:
        return next((key for key in usable if key.get("kid") == kid), None)
    if len(usable) == 1:  # Core 10.1: no kid is fine when there is one key
        return usable[0]
    if usable:
        raise IdTokenError(
            "the id_token has no kid and the provider publishes several keys: "
            "which one signed it is unknown",
            claim="kid",
        )
    return None


def _public_key(jwk: Mapping[str, Any]) -> Any:
    jwt = import_jwt("OpenID Connect id_token validation")
    try:
        return jwt.PyJWK(dict(jwk)).key
    except jwt.PyJWTError as exc:
        raise IdTokenError(f"the provider's key {jwk.get('kid')!r} is unusable: {exc}") from None


def _get_json(url: str) -> Any:
    headers = {"Accept": "application/json"}
    try:
        response = requests.get(url, timeout=_TIMEOUT, headers=headers, stream=True)
        limits.read_limited(response, "the JWKS", _TIMEOUT)  # a bounded read
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError, ResponseTooLargeError) as exc:
        raise IdTokenError(f"cannot fetch the provider's keys at {url}: {exc}") from None


def _header(jwt: Any, id_token: str) -> dict[str, Any]:
    try:
        header: dict[str, Any] = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError:
        raise IdTokenError("the id_token is not a JWT", claim="alg") from None
    return header


def _key(
    header: Mapping[str, Any], jwks: JwksCache | None, client_secret: Any, algs: Sequence[str]
) -> Any:
    """The key to verify with: never ``none``, only an ``alg`` the provider
    signs with, and HMAC only with the client secret (a public key used as
    an HMAC secret would let anyone sign)."""
    alg = str(header.get("alg"))
    if alg not in algs or alg.lower() == "none":
        raise IdTokenError(
            f"the id_token's alg {alg!r} is not one the provider signs with ({', '.join(algs)})",
            claim="alg",
        )
    if alg in HMAC_ALGS:
        if not isinstance(client_secret, (str, bytes)) or not client_secret:
            raise IdTokenError(f"the id_token is signed with {alg}, which needs a client secret")
        if "PUBLIC KEY" in str(client_secret) or "PRIVATE KEY" in str(client_secret):
            raise IdTokenError(f"refusing {alg} keyed with a public or private key", claim="alg")
        return client_secret.encode("utf-8") if isinstance(client_secret, str) else client_secret
    if alg not in ASYMMETRIC_ALGS:
        raise IdTokenError(f"the id_token's alg {alg!r} is not accepted (unsigned?)", claim="alg")
    if jwks is None:
        raise IdTokenError("no jwks_uri to verify the id_token with: give the service one")
    kid = header.get("kid")
    return jwks.find(None if kid is None else str(kid), alg)


def validate_id_token(
    id_token: str,
    *,
    issuer: str | None,
    client_id: str,
    jwks: JwksCache | None,
    nonce: str | None = None,
    client_secret: Any = None,
    access_token: str | None = None,
    code: str | None = None,
    leeway: float = DEFAULT_ID_TOKEN_LEEWAY,
    algorithms: Sequence[str] = ("RS256",),
) -> dict[str, Any]:
    """Validate an id_token (OpenID Connect Core section 3.1.3.7) and
    return its claims: the signature against the provider's keys (or, for
    HS*, the client secret; ``alg: none`` is refused), ``iss``, ``aud``
    (and ``azp``), ``exp`` and ``iat`` (with ``leeway`` seconds), ``sub``,
    the ``nonce`` sent, and ``at_hash`` / ``c_hash`` when present. Only
    ``algorithms`` are accepted (the provider's
    ``id_token_signing_alg_values_supported``; RS256 by default).

    :raises rauth.errors.IdTokenError: saying which check failed.
    :rtype: dict
    """
    jwt = import_jwt("OpenID Connect id_token validation")
    if not isinstance(id_token, str) or not id_token:
        raise IdTokenError("the token response has no id_token", claim="id_token")
    if issuer is None:
        raise IdTokenError(
            "the service has no issuer to check the id_token's iss against: set "
            "service.issuer (from_metadata does)",
            claim="iss",
        )
    header = _header(jwt, id_token)
    key = _key(header, jwks, client_secret, algorithms)
    claims = _decode(jwt, id_token, key, str(header["alg"]), client_id, issuer, leeway)
    _check_claims(claims, client_id, nonce)
    _check_hash(claims, "at_hash", access_token, str(header["alg"]))
    _check_hash(claims, "c_hash", code, str(header["alg"]))
    return claims


def _decode(
    jwt: Any, id_token: str, key: Any, alg: str, client_id: str, issuer: str, leeway: float
) -> dict[str, Any]:
    # exp and iat are checked below against rauth.oidc.time, a seam
    options = {"require": ["iss", "sub", "aud", "exp", "iat"], "verify_exp": False}
    options.update(verify_iat=False, verify_nbf=False)
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token, key, algorithms=[alg], audience=client_id, issuer=issuer, options=options
        )
    except jwt.InvalidSignatureError:
        raise IdTokenError("the id_token's signature is not valid", claim="signature") from None
    except jwt.InvalidAudienceError:
        raise IdTokenError(
            f"the id_token's aud does not name the client {client_id!r}", claim="aud"
        ) from None
    except jwt.InvalidIssuerError:
        raise IdTokenError(
            f"the id_token's iss is not the issuer {issuer!r}", claim="iss"
        ) from None
    except jwt.MissingRequiredClaimError as exc:
        raise IdTokenError(f"the id_token has no {exc.claim!r} claim", claim=exc.claim) from None
    except jwt.PyJWTError as exc:
        raise IdTokenError(f"the id_token is not valid: {exc}") from None
    _check_times(claims, leeway)
    return claims


def _check_times(claims: Mapping[str, Any], leeway: float) -> None:
    exp, iat = claims["exp"], claims["iat"]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (exp, iat)):
        raise IdTokenError("the id_token's exp and iat must be numbers", claim="exp")
    now = time.time()
    if exp + leeway < now:
        raise IdTokenError("the id_token expired (exp)", claim="exp")
    if iat - leeway > now:
        raise IdTokenError("the id_token was issued in the future (iat)", claim="iat")


def _check_claims(claims: Mapping[str, Any], client_id: str, nonce: str | None) -> None:
    aud = claims["aud"]
    several = isinstance(aud, list) and len(aud) > 1
    azp = claims.get("azp")
    if (several or azp is not None) and azp != client_id:
        raise IdTokenError(f"the id_token's azp is not the client {client_id!r}", claim="azp")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise IdTokenError("the id_token's sub is empty", claim="sub")
    if nonce is not None:
        sent = claims.get("nonce")
        if not isinstance(sent, str) or not _same(sent, nonce):
            raise IdTokenError(
                "the id_token's nonce is not the one sent (a replay?)", claim="nonce"
            )


def _check_hash(claims: Mapping[str, Any], name: str, value: str | None, alg: str) -> None:
    expected = claims.get(name)
    if expected is None or value is None:
        return
    if not _same(str(expected), id_token_hash(value, alg)):
        raise IdTokenError(f"the id_token's {name} does not match", claim=name)


class OpenIDSession:
    """The OpenID Connect part of :class:`~rauth.OAuth2Session`: the
    validated id_token's claims and the UserInfo endpoint."""

    service: Any

    #: The claims of the id_token validated at login, or ``None``.
    id_token_claims: dict[str, Any] | None = None

    def userinfo(self, **kwargs: Any) -> dict[str, Any]:
        """Return the claims of the provider's UserInfo endpoint (OpenID
        Connect Core section 5.3), asked with the access token in the
        ``Authorization`` header. Its ``sub`` must be the id_token's.

        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :raises rauth.errors.IdTokenError: if its ``sub`` is not the
            id_token's (section 5.3.2).
        :raises rauth.errors.OAuth2Error: for an error response.
        :rtype: dict
        """
        from rauth.tokens import error_from_response

        url = getattr(self.service, "userinfo_url", None)
        if url is None:
            raise TypeError("userinfo_url must not be None: configure the service from_metadata")
        kwargs = {"timeout": _TIMEOUT, **kwargs, "stream": True}  # read bounded below
        response = self.get(url, bearer_auth=True, **kwargs)  # type: ignore[attr-defined]
        limits.read_limited(response, "the userinfo endpoint", kwargs["timeout"])
        try:
            claims = response.json()
        except (ValueError, RecursionError):
            claims = None
        if response.status_code >= 400 or not isinstance(claims, dict):
            raise error_from_response(response, claims)
        expected = (self.id_token_claims or {}).get("sub")
        if expected is not None and claims.get("sub") != expected:
            raise IdTokenError("the userinfo's sub is not the id_token's: refusing it", claim="sub")
        return claims


def check_response_issuer(params: Mapping[str, str], service: Any) -> None:
    """RFC 9207: the authorization response's ``iss`` must be the
    service's issuer when the provider says it sends one (its metadata's
    ``authorization_response_iss_parameter_supported``), or when it is
    there at all.

    :raises rauth.errors.IssuerMismatchError: if it is not.
    """
    metadata = getattr(service, "metadata", None) or {}
    promised = metadata.get("authorization_response_iss_parameter_supported")
    sent, issuer = params.get("iss"), getattr(service, "issuer", None)
    if (sent is None and not promised) or (issuer is None and not promised):
        return  # nothing to check against: a service without an issuer
    if sent is None or issuer is None or not _same(sent, issuer):
        what = "has no iss" if sent is None else f"has the iss {sent!r}"
        raise IssuerMismatchError(
            f"the authorization response {what}, not the issuer {issuer!r} (RFC 9207): "
            "it may come from another provider, so no token was requested"
        )


def _service_checks(service: Any) -> dict[str, Any]:
    """The JWKS cache (one per service, shared by its sessions and
    threads), the client secret for HS* and the accepted algorithms."""
    cache = service.__dict__.get("_jwks_cache")
    if cache is None and service.jwks_uri:
        cache = service.__dict__.setdefault("_jwks_cache", JwksCache(service.jwks_uri))
    secret = service.client_secret if isinstance(service.client_secret, str) else None
    metadata = service.metadata or {}
    algs = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    return {
        "client_id": service.client_id,
        "jwks": cache,
        "client_secret": secret,
        "algorithms": [str(alg) for alg in algs],
    }


def login_claims(service: Any, token: Mapping[str, Any], request: Any, code: str | None) -> Any:
    """Validate the id_token of a login when the request asked for
    ``openid`` (or the token has one); return its claims, or ``None``."""
    scopes = str(request.scope or "").split()
    if "openid" not in scopes and "id_token" not in token:
        return None
    return validate_id_token(
        token.get("id_token"),  # type: ignore[arg-type]
        issuer=service.issuer,
        nonce=request.nonce,
        access_token=token.get("access_token"),
        code=code,
        **_service_checks(service),
    )


def refreshed_claims(session: Any, token: Mapping[str, Any]) -> Any:
    """OpenID Connect Core section 12.2: validate the id_token of a refresh
    response, which must have the ``iss`` and ``sub`` of the login's;
    return the claims the session keeps.

    :raises rauth.errors.IdTokenError: if it is not valid.
    """
    old = getattr(session, "id_token_claims", None)
    service = getattr(session, "service", None)
    if old is None or not token.get("id_token") or service is None:
        return old
    claims = validate_id_token(
        token["id_token"],
        issuer=old["iss"],
        access_token=token.get("access_token"),
        **_service_checks(service),
    )
    if claims["sub"] != old["sub"]:
        raise IdTokenError("the refreshed id_token's sub is not the login's", claim="sub")
    return claims
