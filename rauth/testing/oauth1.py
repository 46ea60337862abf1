"""
rauth.testing.oauth1
--------------------

The OAuth 1.0a provider (RFC 5849): oauthlib's request-token, authorization,
access-token and resource endpoints over a :class:`~rauth.testing.store.Store`.

oauthlib does the protocol work: it parses the ``oauth_`` parameters from
the header, query or body, checks the timestamp window and verifies the
signature. The validator here only answers its questions from the store,
and fails with an explanation (never a secret) the client can show.
"""

from __future__ import annotations

import hmac
import string
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode, urlsplit

from rauth.testing._oauthlib import oauth1 as lib
from rauth.testing._oauthlib import oauth1_utils
from rauth.testing.messages import (
    AuthFailure,
    HttpRequest,
    HttpResponse,
    Identity,
    form_response,
    redirect_response,
)
from rauth.testing.store import (
    AccessToken,
    OAuth1Consumer,
    RequestToken,
    Store,
)

__all__ = ["SIGNATURE_METHODS", "OAuth1Endpoints", "OAuth1Validator"]

#: Signature methods the provider accepts unless configured otherwise.
SIGNATURE_METHODS = (
    "HMAC-SHA1",
    "HMAC-SHA256",
    "HMAC-SHA512",
    "RSA-SHA1",
    "RSA-SHA256",
    "RSA-SHA512",
    "PLAINTEXT",
)

#: RFC 3986 unreserved characters: what keys, tokens and nonces may contain.
_SAFE_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~")
_CHALLENGE = 'OAuth realm="rauth.testing"'
_MALFORMED = "malformed request: send the oauth_ parameters in one place only"
_MALFORMED_HEADER = (
    'malformed Authorization header: OAuth 1 expects OAuth name="value" pairs '
    "separated by commas (RFC 5849 3.5.1)"
)
#: Checked by the provider but never echoed: a PLAINTEXT signature is
#: ``consumer_secret&token_secret`` (RFC 5849 3.4.4).
_UNECHOED_PARAMS = frozenset({"oauth_signature"})
_BAD_SIGNATURE = (
    "invalid signature: check the consumer secret, the token secret and "
    "that the method, URL and parameters signed are the ones sent"
)


def _unauthorized(error: str, description: str) -> Any:
    """Build the 401 error oauthlib turns into a response (RFC 5849 3.2).

    :param error: Short error code.
    :type error: str
    :param description: Explanation shown to the client.
    :type description: str
    :rtype: oauthlib.oauth1.OAuth1Error
    """
    exc = lib.OAuth1Error(description=description, status_code=401)
    exc.error = error
    return exc


def _failure(exc: Any) -> AuthFailure:
    """Turn an oauthlib OAuth 1 error into a resource failure.

    :rtype: rauth.testing.messages.AuthFailure
    """
    challenge = _CHALLENGE if exc.status_code == 401 else None
    return AuthFailure(
        exc.description, status=exc.status_code, error=exc.error, challenge=challenge
    )


def _check_authorization_header(request: HttpRequest) -> None:
    """Refuse an ``Authorization`` header oauthlib cannot parse.

    oauthlib parses any ``Authorization`` header of an OAuth 1 request and
    raises a bare :class:`ValueError` for one that is not ``OAuth`` followed
    by ``name="value"`` pairs; say so here, without quoting the header,
    which carries the signature.

    :raises rauth.testing.messages.AuthFailure: If it is malformed (400).
    """
    if not any(name.lower() == "authorization" for name in request.headers):
        return
    try:
        oauth1_utils.parse_authorization_header(request.header("Authorization"))
    except ValueError:
        raise AuthFailure(_MALFORMED_HEADER, status=400) from None


def _callback_allowed(consumer: OAuth1Consumer, callback: str) -> bool:
    """Whether *callback* is ``oob`` or an absolute URI the consumer may use.

    :rtype: bool
    """
    if callback == "oob":
        return True
    parts = urlsplit(callback)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return not consumer.callbacks or callback.startswith(consumer.callbacks)


class OAuth1Validator(lib.RequestValidator):  # type: ignore[misc]  # oauthlib is untyped
    """oauthlib's OAuth 1 request validator, backed by a store.

    Not thread-safe by itself: the provider serialises calls.

    :param store: Registrations and credentials.
    :type store: rauth.testing.store.Store
    :param clock: Returns the current time, for request-token expiry.
    :type clock: callable
    :param request_token_lifetime: Seconds a request token stays usable.
    :type request_token_lifetime: float
    :param timestamp_lifetime: Accepted clock skew of ``oauth_timestamp``.
    :type timestamp_lifetime: int
    :param signature_methods: The accepted ``oauth_signature_method`` values.
    :type signature_methods: tuple
    """

    def __init__(
        self,
        store: Store,
        clock: Callable[[], float],
        request_token_lifetime: float,
        timestamp_lifetime: int,
        signature_methods: Sequence[str],
    ) -> None:
        super().__init__()
        self._store = store
        self._clock = clock
        self._request_token_lifetime = request_token_lifetime
        self._timestamp_lifetime = timestamp_lifetime
        self._signature_methods = tuple(signature_methods)

    # -- Configuration read by oauthlib ---------------------------------

    @property
    def allowed_signature_methods(self) -> tuple[str, ...]:
        return self._signature_methods

    @property
    def safe_characters(self) -> frozenset[str]:
        return _SAFE_CHARACTERS

    @property
    def client_key_length(self) -> tuple[int, int]:
        return 1, 128

    @property
    def request_token_length(self) -> tuple[int, int]:
        return 1, 128

    @property
    def access_token_length(self) -> tuple[int, int]:
        return 1, 128

    @property
    def verifier_length(self) -> tuple[int, int]:
        return 1, 128

    @property
    def nonce_length(self) -> tuple[int, int]:
        # rauth 0.7 sends a 40-character SHA-1 hex digest as the nonce.
        return 8, 128

    @property
    def timestamp_lifetime(self) -> int:
        return self._timestamp_lifetime

    @property
    def enforce_ssl(self) -> bool:
        # The provider only listens on the loopback interface over http.
        return False

    def check_realms(self, realms: Sequence[str]) -> bool:
        return True

    # -- Lookups --------------------------------------------------------

    def consumer(self, client_key: str) -> OAuth1Consumer:
        """Return a registered consumer or fail with 401.

        :param client_key: The ``oauth_consumer_key``.
        :type client_key: str
        :rtype: rauth.testing.store.OAuth1Consumer
        """
        consumer = self._store.consumers.get(client_key)
        if consumer is None:
            raise _unauthorized("invalid_client", "unknown consumer key")
        return consumer

    def request_token(self, token: str) -> RequestToken:
        """Return a live request token or fail with 401.

        :param token: The request token.
        :type token: str
        :rtype: rauth.testing.store.RequestToken
        """
        record = self._store.request_tokens.get(token)
        if record is None:
            raise _unauthorized("invalid_token", "unknown or used request token")
        if record.expires_at <= self._clock():
            raise _unauthorized("invalid_token", "request token expired")
        return record

    def _access_token(self, client_key: str, token: str) -> AccessToken:
        record = self._store.access_tokens.get(token)
        if record is None:
            raise _unauthorized("invalid_token", "unknown access token")
        if record.revoked:
            raise _unauthorized("invalid_token", "access token revoked")
        if record.expired:
            raise _unauthorized("invalid_token", "access token expired")
        if record.client_key != client_key:
            raise _unauthorized("invalid_token", "token belongs to another consumer")
        return record

    # -- Secrets and keys -----------------------------------------------

    def get_client_secret(self, client_key: str, request: Any) -> str:
        consumer = self._store.consumers.get(client_key)
        return consumer.secret if consumer else ""

    def get_rsa_key(self, client_key: str, request: Any) -> str:
        key = self.consumer(client_key).rsa_public_key
        if key is None:
            raise _unauthorized("invalid_signature", "consumer has no RSA public key")
        return key

    def get_request_token_secret(self, client_key: str, token: str, request: Any) -> str:
        record = self._store.request_tokens.get(token)
        return record.secret if record else ""

    def get_access_token_secret(self, client_key: str, token: str, request: Any) -> str:
        record = self._store.access_tokens.get(token)
        return record.secret if record else ""

    # -- Validation -----------------------------------------------------

    def validate_client_key(self, client_key: str, request: Any) -> bool:
        self.consumer(client_key)
        return True

    def validate_timestamp_and_nonce(
        self,
        client_key: str,
        timestamp: str,
        nonce: str,
        request: Any,
        request_token: str | None = None,
        access_token: str | None = None,
    ) -> bool:
        # RFC 5849 3.3: a nonce is unique for the timestamp, client and
        # token. oauthlib has already bounded the timestamp against
        # time.time(), so a nonce can be forgotten once that window passes.
        self._store.prune_nonces(time.time())
        key = (client_key, timestamp, nonce, request_token or access_token or "")
        if key in self._store.nonces:
            raise _unauthorized("invalid_nonce", "nonce already used")
        self._store.nonces[key] = int(timestamp) + self._timestamp_lifetime + 1.0
        return True

    def validate_redirect_uri(self, client_key: str, redirect_uri: str, request: Any) -> bool:
        if not _callback_allowed(self.consumer(client_key), redirect_uri):
            raise lib.InvalidRequestError(
                description="oauth_callback must be oob or a registered absolute URI"
            )
        return True

    def validate_requested_realms(
        self, client_key: str, realms: Sequence[str], request: Any
    ) -> bool:
        return True

    def validate_realms(self, *args: Any, **kwargs: Any) -> bool:
        return True

    def get_default_realms(self, client_key: str, request: Any) -> list[str]:
        return []

    def get_realms(self, token: str, request: Any) -> list[str]:
        return list(self.request_token(token).realms)

    def validate_request_token(self, client_key: str, token: str, request: Any) -> bool:
        if self.request_token(token).client_key != client_key:
            raise _unauthorized("invalid_token", "token belongs to another consumer")
        return True

    def verify_request_token(self, token: str, request: Any) -> bool:
        self.request_token(token)
        return True

    def validate_verifier(self, client_key: str, token: str, verifier: str, request: Any) -> bool:
        record = self.request_token(token)
        if record.verifier is None or record.user is None:
            raise _unauthorized("invalid_verifier", "request token not authorized yet")
        if not hmac.compare_digest(record.verifier, verifier):
            raise _unauthorized("invalid_verifier", "oauth_verifier does not match")
        request.user = record.user
        return True

    def validate_access_token(self, client_key: str, token: str, request: Any) -> bool:
        record = self._access_token(client_key, token)
        request.user = record.user
        request.realms = record.realms
        return True

    # -- Persistence ----------------------------------------------------

    def get_redirect_uri(self, token: str, request: Any) -> str:
        return self.request_token(token).callback

    def save_request_token(self, token: dict[str, str], request: Any) -> None:
        key = token["oauth_token"]
        self._store.request_tokens[key] = RequestToken(
            token=key,
            secret=token["oauth_token_secret"],
            client_key=request.client_key,
            callback=request.redirect_uri,
            realms=tuple(request.realms or ()),
            expires_at=self._clock() + self._request_token_lifetime,
        )

    def save_verifier(self, token: str, verifier: dict[str, str], request: Any) -> None:
        self.request_token(token).verifier = verifier["oauth_verifier"]

    def invalidate_request_token(self, client_key: str, request_token: str, request: Any) -> None:
        self._store.request_tokens.pop(request_token, None)

    def save_access_token(self, token: dict[str, str], request: Any) -> None:
        key = token["oauth_token"]
        self._store.access_tokens[key] = AccessToken(
            token=key,
            secret=token["oauth_token_secret"],
            client_key=request.client_key,
            user=request.user,
            realms=tuple(request.realms or ()),
        )


def _error_response(exc: Any) -> HttpResponse:
    """Answer an oauthlib OAuth 1 error as a form-encoded body.

    :rtype: rauth.testing.messages.HttpResponse
    """
    response = form_response(exc.twotuples, exc.status_code)
    if exc.status_code == 401:
        response.headers["WWW-Authenticate"] = _CHALLENGE
    return response


def _token_response(status: int, body: str | None) -> HttpResponse:
    """Turn a token endpoint's result into a response.

    oauthlib answers a bad signature with 401 and no body; every other
    failure already carries an error from oauthlib or the validator.
    """
    if body is None:
        return _error_response(_unauthorized("invalid_signature", _BAD_SIGNATURE))
    response = form_response((), status)
    response.body = body.encode("utf-8")
    if status == 401:
        response.headers["WWW-Authenticate"] = _CHALLENGE
    return response


class OAuth1Endpoints:
    """The provider's OAuth 1 endpoints.

    :param validator: The request validator the endpoints ask.
    :type validator: OAuth1Validator
    """

    def __init__(self, validator: OAuth1Validator) -> None:
        #: The validator shared by all endpoints.
        self.validator = validator
        self._request_token = lib.RequestTokenEndpoint(validator)
        self._authorization = lib.AuthorizationEndpoint(validator)
        self._access_token = lib.AccessTokenEndpoint(validator)
        self._resource = lib.ResourceEndpoint(validator)

    def request_token(self, request: HttpRequest) -> HttpResponse:
        """Issue a request token (RFC 5849 2.1).

        :param request: The signed request.
        :type request: rauth.testing.messages.HttpRequest
        :rtype: rauth.testing.messages.HttpResponse
        """
        _check_authorization_header(request)
        _, body, status = self._request_token.create_request_token_response(
            request.uri, request.method, request.text, dict(request.headers)
        )
        return _token_response(status, body)

    def access_token(self, request: HttpRequest) -> HttpResponse:
        """Exchange an authorized request token for an access token (2.3).

        :param request: The signed request.
        :type request: rauth.testing.messages.HttpRequest
        :rtype: rauth.testing.messages.HttpResponse
        """
        _check_authorization_header(request)
        _, body, status = self._access_token.create_access_token_response(
            request.uri, request.method, request.text, dict(request.headers)
        )
        return _token_response(status, body)

    def authorize(self, request: HttpRequest, user: str, approve: bool) -> HttpResponse:
        """Let *user* approve or deny the request token in the query (2.2).

        Approval redirects to the callback with ``oauth_token`` and
        ``oauth_verifier``, or answers them form-encoded for ``oob``.

        :param request: The user agent's request.
        :type request: rauth.testing.messages.HttpRequest
        :param user: The approving user.
        :type user: str
        :param approve: ``False`` to simulate the user denying access.
        :type approve: bool
        :rtype: rauth.testing.messages.HttpResponse
        """
        token = dict(request.query_pairs()).get("oauth_token", "")
        try:
            if not approve:
                return self._deny(token)
            headers, body, status = self._approve(request.uri, token, user)
        except lib.OAuth1Error as exc:
            return _error_response(exc)
        if status == 302:
            return redirect_response(headers["Location"])
        return _token_response(status, body)

    def approve(self, token: str, user: str) -> str:
        """Approve a request token without HTTP and return the verifier.

        :param token: The request token.
        :type token: str
        :param user: The approving user.
        :type user: str
        :raises ValueError: If the request token is unknown or expired.
        :rtype: str
        """
        uri = "http://127.0.0.1/authorize?" + urlencode({"oauth_token": token})
        try:
            self._approve(uri, token, user)
        except lib.OAuth1Error as exc:
            raise ValueError(f"{exc.error}: {exc.description}") from None
        verifier = self.validator.request_token(token).verifier
        if verifier is None:  # pragma: no cover - oauthlib always saves one
            raise ValueError("invalid_token: no verifier was issued")
        return verifier

    def _approve(self, uri: str, token: str, user: str) -> tuple[dict[str, str], str | None, int]:
        self.validator.request_token(token).user = user
        result: tuple[dict[str, str], str | None, int]
        result = self._authorization.create_authorization_response(uri)
        return result

    def _deny(self, token: str) -> HttpResponse:
        record = self.validator.request_token(token)
        self.validator.invalidate_request_token(record.client_key, token, None)
        if record.callback == "oob":
            return form_response([("error", "access_denied")], 403)
        separator = "&" if urlsplit(record.callback).query else "?"
        return redirect_response(record.callback + separator + urlencode({"denied": token}))

    def verify(self, request: HttpRequest) -> Identity:
        """Authenticate a signed request to a protected resource (3.2).

        :param request: The signed request.
        :type request: rauth.testing.messages.HttpRequest
        :raises rauth.testing.messages.AuthFailure: If it is not valid.
        :rtype: rauth.testing.messages.Identity
        """
        _check_authorization_header(request)
        try:
            valid, checked = self._resource.validate_protected_resource_request(
                request.uri, request.method, request.text, dict(request.headers)
            )
        except lib.OAuth1Error as exc:
            raise _failure(exc) from None
        if not valid:
            raise _failure(self._explain(checked))
        return Identity(
            scheme="oauth1",
            user=checked.user,
            client=checked.client_key,
            scopes=tuple(checked.realms),
            oauth_params={
                name: value
                for name, value in dict(checked.oauth_params).items()
                if name not in _UNECHOED_PARAMS
            },
        )

    def _explain(self, checked: Any) -> Any:
        """Say why oauthlib rejected a resource request.

        For protected resources oauthlib reports malformed requests only as
        ``False``; re-run its parameter checks to get the reason (RFC 5849
        3.2: 400 for a malformed request, 401 for a bad signature).
        """
        if checked is None:
            return lib.InvalidRequestError(description=_MALFORMED)
        try:
            self._resource._check_mandatory_parameters(checked)
        except lib.OAuth1Error as exc:
            return exc
        if not checked.resource_owner_key:
            return lib.InvalidRequestError(description="missing oauth_token")
        return _unauthorized("invalid_signature", _BAD_SIGNATURE)
