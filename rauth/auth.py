"""
rauth.auth
----------

rauth's signing for plain :mod:`requests`: :class:`OAuth1` and
:class:`OAuth2` are :class:`requests.auth.AuthBase` objects, for
``requests.get(url, auth=...)`` or ``requests.Session().auth``, with no
rauth session around them::

    >>> import requests, rauth
    >>> auth = rauth.OAuth1('consumer-key', 'consumer-secret', 'token', 'token-secret')
    >>> prepared = requests.Request('GET', 'https://api.example.com/me', auth=auth).prepare()
    >>> prepared.headers['Authorization'].startswith('OAuth realm=""')
    True

:class:`OAuth1` signs with the signer of :class:`~rauth.OAuth1Session`
(:func:`rauth.prepared.sign_prepared`): the URL's query and a form body are
covered (RFC 5849 section 3.4.1.3.1), with every signature method of
:mod:`rauth.oauth`; nonces and timestamps come from the seams of
:mod:`rauth.session` (``rauth.session.random`` and ``rauth.session.time``).
:class:`OAuth2` sends a Bearer token and refreshes it through its service,
with the refresh coordination of :class:`~rauth.OAuth2Session`
(:mod:`rauth.refresh`). Neither keeps per-request state: one object serves
any number of threads.

Redirects
~~~~~~~~~

requests calls an auth object once, when it prepares the request; it
follows a redirect by copying the prepared request it sent, and drops the
``Authorization`` header only when the host changes. An OAuth 1 signature
covers the method and URL, and its nonce may not be used twice (RFC 5849
section 3.3), so :class:`OAuth1` adds a response hook to each request it
signs. On a redirect (301, 302, 303, 307, 308) the hook:

- keeps what was sent as ``response.request`` (a copy), so that
  ``response.history`` tells the truth;
- removes this object's OAuth parameters from the request requests is about
  to copy (the ``Authorization`` header, or the ``oauth_*`` fields of its
  query and of a 307/308 form body, ``Content-Length`` following the
  body), and from the query of the ``Location`` it will follow;
- for another host (another host name, port or scheme, as
  :meth:`requests.Session.should_strip_auth` decides), sends no credential
  at all;
- for the same host, signs the request that follows for its own method,
  URL and body, with a fresh nonce, where the first one was signed: in the
  ``Authorization`` header; in a 307/308 form body; else in the query of
  the ``Location`` requests follows (the redirect response in
  ``response.history`` shows that URL).

With ``allow_redirects=False`` the request in ``response.next`` is the one
prepared that way. :class:`OAuth2` needs nothing of the kind: its token is
only in the ``Authorization`` header, which requests keeps for the same
host and drops for another.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Callable
from urllib.parse import urljoin, urlparse

from requests import PreparedRequest, Response
from requests.auth import AuthBase
from requests.sessions import SessionRedirectMixin
from requests.utils import requote_uri

from rauth.errors import TokenExpiredError
from rauth.hooks import has_protected_hooks, protected_prepared
from rauth.oauth import HmacSha1Signature, SignatureMethod
from rauth.prepared import (
    _form_body,
    _remove_params,
    _set_body,
    sent_oauth_params,
    sign_prepared,
    url_without_params,
)
from rauth.refresh import TokenHolder, TokenUpdater, as_token, fresh_token, should_retry
from rauth.session import _identifier, _new_oauth_params, _signature_method
from rauth.tokens import OAuth2Token
from rauth.transport import check_request
from rauth.utils import FORM_URLENCODED, OAuth2Auth, _text, is_form_urlencoded

__all__ = ["PLACEMENTS", "OAuth1", "OAuth2"]

#: Where :class:`OAuth1` may put the OAuth parameters (RFC 5849 section 3.5).
PLACEMENTS = ("header", "query", "body")

#: The methods to which ``placement='body'`` gives no form body of its own:
#: their requests carry none (RFC 9110 sections 9.3.1 and 9.3.2).
_BODYLESS_METHODS = frozenset(("GET", "HEAD"))

#: Redirects that keep the method and body (RFC 9110 sections 15.4.8, 15.4.9).
_KEEP_BODY = frozenset((307, 308))

#: requests' own redirect rules (stateless): the method a redirect keeps.
_REDIRECTS = SessionRedirectMixin()
#: requests' own decision of which redirects leave the host (typed here:
#: its stubs leave it untyped).
_should_strip_auth: Callable[[str, str], bool] = _REDIRECTS.should_strip_auth


def _optional_text(value: Any, name: str) -> str | None:
    """Return ``value`` (``None``, ``str`` or UTF-8 ``bytes``) as text.

    :raises TypeError: for anything else.
    """
    if value is None:
        return None
    if isinstance(value, (str, bytes)):
        return _text(value, name)
    raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")


def _checked_placement(placement: Any) -> str:
    """Return ``placement`` if it is one of :data:`PLACEMENTS`.

    :raises ValueError: for anything else.
    """
    if placement not in PLACEMENTS:
        shown = placement if isinstance(placement, str) else type(placement).__name__
        raise ValueError(
            f"placement must be 'header', 'query' or 'body' (RFC 5849 section 3.5), not {shown!r}"
        )
    return str(placement)


def _redirect_target(response: Response) -> str:
    """Return the absolute URL requests follows for a redirect response,
    computed as :meth:`requests.Session.resolve_redirects` does.

    :param response: A redirect response.
    :type response: requests.Response
    :rtype: str
    """
    location = str(_REDIRECTS.get_redirect_target(response))  # requests' own decoding
    if location.startswith("//"):
        location = f"{urlparse(response.url).scheme}:{location}"
    if not urlparse(location).netloc:
        return urljoin(response.url, requote_uri(location))
    return requote_uri(location)


def _next_request(request: PreparedRequest, response: Response, url: str) -> PreparedRequest:
    """Return the request requests sends after the redirect ``response``
    to ``url``: the method and body its ``resolve_redirects`` gives it."""
    following = request.copy()
    following.url = url
    _REDIRECTS.rebuild_method(following, response)
    if response.status_code not in _KEEP_BODY:
        for header in ("Content-Length", "Content-Type", "Transfer-Encoding"):
            following.headers.pop(header, None)
        following.body = None
    return following


class OAuth1(AuthBase):
    """Signs a request with OAuth 1.0a (RFC 5849), as
    :class:`~rauth.OAuth1Session` does, for plain :mod:`requests`::

        >>> import requests
        >>> from rauth import OAuth1, OAuth1Service
        >>> from rauth.testing import Provider
        >>> provider = Provider().start()
        >>> service = OAuth1Service(**provider.oauth1_service_kwargs())
        >>> token, secret = service.get_request_token(params={'oauth_callback': 'oob'})
        >>> session = service.get_auth_session(token, secret, method='POST',
        ...     data={'oauth_verifier': provider.authorize(token)})
        >>> auth = OAuth1('demo-consumer-key', 'demo-consumer-secret',
        ...               session.access_token, session.access_token_secret)
        >>> requests.get(provider.me_url, auth=auth, timeout=10).json()['user']
        'alice'
        >>> provider.stop()

    A redirect to the same host is signed again; one to another host
    carries no credential (see :mod:`rauth.auth`). With PLAINTEXT, whose
    signature is the secrets themselves, keep the default header placement:
    in the query it would be in every URL Requests shows, including the
    messages of its connection errors, which rauth cannot scrub for an auth
    object.

    :param consumer_key: Client consumer key.
    :type consumer_key: str
    :param consumer_secret: Client consumer secret; for the RSA methods the
        RSA private key (PEM text or a loaded :mod:`cryptography` key).
    :type consumer_secret: str
    :param access_token: Access (or request) token, defaults to ``None``.
    :type access_token: str
    :param access_token_secret: Its secret; required with an
        ``access_token`` except for the RSA methods (``''`` for a token
        without one).
    :type access_token_secret: str
    :param signature: The signature method, a class or an instance,
        defaults to :class:`rauth.oauth.HmacSha1Signature`.
    :type signature: :class:`rauth.oauth.SignatureMethod`
    :param placement: Where the OAuth parameters go: ``'header'`` (the
        ``Authorization`` header, the default), ``'query'``, or ``'body'``
        (a form body, which a request without a body gets; not a GET or
        HEAD without one).
    :type placement: str
    :param realm: The realm of the ``Authorization`` header, defaults to
        ``None`` (an empty realm).
    :type realm: str
    :param callback: ``oauth_callback``, for a request token request.
    :type callback: str
    :param verifier: ``oauth_verifier``, for an access token request.
    :type verifier: str
    :raises TypeError: for a missing consumer secret, or arguments of the
        wrong type.
    :raises ValueError: for an unknown placement, or a token without its
        secret.
    """

    #: The ``oauth_version`` sent with every request.
    VERSION = "1.0"

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: Any,
        access_token: str | None = None,
        access_token_secret: str | bytes | None = None,
        signature: type[SignatureMethod] | SignatureMethod = HmacSha1Signature,
        placement: str = "header",
        realm: str | None = None,
        callback: str | None = None,
        verifier: str | None = None,
    ) -> None:
        #: Client credentials.
        self.consumer_key = _identifier(consumer_key, "consumer_key")
        if consumer_secret is None:
            raise TypeError(
                "consumer_secret must not be None: pass the consumer secret your "
                "provider issued (for RSA-SHA*, your RSA private key)"
            )
        self.consumer_secret = consumer_secret
        #: Token credentials.
        self.access_token = (
            None if access_token is None else _identifier(access_token, "access_token")
        )
        self.access_token_secret = self._token_secret(access_token_secret, signature)
        #: The signature method (an instance).
        self.signature: SignatureMethod = _signature_method(signature or HmacSha1Signature)
        #: Where the OAuth parameters go: ``'header'``, ``'query'`` or ``'body'``.
        self.placement = _checked_placement(placement)
        self.realm = _optional_text(realm, "realm")
        self.callback = _optional_text(callback, "callback")
        self.verifier = _optional_text(verifier, "verifier")

    def _token_secret(self, secret: Any, signature: Any) -> str | bytes | None:
        """Return the token secret after checking it goes with the token."""
        if secret is not None and not isinstance(secret, (str, bytes)):
            raise TypeError(
                f"access_token_secret must be a str or None, not {type(secret).__name__}"
            )
        if secret is not None and self.access_token is None:
            raise ValueError("access_token_secret was given without its access_token")
        rsa = str(getattr(signature, "NAME", "")).startswith("RSA-")
        if secret is None and self.access_token is not None and not rsa:
            raise ValueError(
                "access_token was given without access_token_secret: pass the "
                "oauth_token_secret your provider issued with the token ('' if it issued none)"
            )
        return secret

    def __repr__(self) -> str:
        token = "" if self.access_token is None else " with a token"
        return (
            f"<OAuth1 consumer_key={self.consumer_key!r} signature={self.signature.NAME} "
            f"placement={self.placement!r}{token}>"
        )

    def _oauth_params(self) -> dict[str, Any]:
        """Return new OAuth protocol parameters (fresh nonce and timestamp)."""
        params = _new_oauth_params(
            self.consumer_key, self.signature, self.access_token, self.VERSION
        )
        if self.callback is not None:
            params["oauth_callback"] = self.callback
        if self.verifier is not None:
            params["oauth_verifier"] = self.verifier
        return params

    def _sign(self, r: PreparedRequest, placement: str) -> None:
        secrets = (self.consumer_secret, self.access_token_secret)
        sign_prepared(r, self.signature, secrets, self._oauth_params(), placement, self.realm)

    def __call__(self, r: PreparedRequest) -> PreparedRequest:
        if self.placement == "body":
            self._make_form(r)
        self._sign(r, self.placement)
        if self._on_redirect not in r.hooks["response"]:
            r.hooks["response"].append(self._on_redirect)
        return check_request(r)  # PLAINTEXT over plain http warns

    @staticmethod
    def _make_form(r: PreparedRequest) -> None:
        """Check that ``r`` can carry the OAuth parameters in a form body
        (RFC 5849 section 3.5.2); give a request without a body an empty one.

        :raises ValueError: for a body that is not a form (by its
            ``Content-Type``), or no body on a GET or HEAD.
        """
        if _form_body(r) is not None:
            return
        if r.body is not None and r.body != b"":
            raise ValueError(
                "placement='body' needs an application/x-www-form-urlencoded body; this "
                f"request's Content-Type is {r.headers.get('Content-Type')!r}: send a dict "
                "as data=, set that Content-Type for a text body, or use placement='header'"
            )
        if (r.method or "GET").upper() in _BODYLESS_METHODS:
            raise ValueError(
                "placement='body' puts the OAuth parameters in a form body, which a "
                f"{r.method} request has not: use placement='header' or 'query'"
            )
        if not is_form_urlencoded(r.headers.setdefault("Content-Type", FORM_URLENCODED)):
            raise ValueError(
                "placement='body' needs a form body, but the Content-Type is "
                f"{r.headers['Content-Type']!r}: use placement='header'"
            )
        _set_body(r, "")

    def _on_redirect(self, r: Response, **kwargs: Any) -> Response:
        """The response hook: prepare the request that follows a redirect
        of a request this object signed (see :mod:`rauth.auth`)."""
        if not r.is_redirect or r.request is None:
            return r
        request = r.request
        sent = sent_oauth_params(request)
        if sent is None or sent.params.get("oauth_consumer_key") != self.consumer_key:
            return r
        r.request = request.copy()  # what was sent, for response.history
        try:
            location = _redirect_target(r)
        except (UnicodeError, ValueError):  # requests fails on it too
            location = None
        if sent.placement == "header":
            request.headers.pop("Authorization", None)
        _remove_params(request, sent.params)  # from a 307/308 form body
        if location is None:
            return r
        target = url_without_params(location, sent.params)
        if target != location:  # the server sent our query back
            r.headers["location"] = target
        if not _should_strip_auth(request.url or "", target):
            self._sign_next(request, r, target, sent.placement)
        return r

    def _sign_next(
        self, request: PreparedRequest, r: Response, target: str, placement: str
    ) -> None:
        """Sign the request that follows the redirect ``r`` to the same host,
        and put its OAuth parameters where requests will copy them from."""
        following = _next_request(request, r, target)
        if placement == "body" and _form_body(following) is None:
            placement = "query"  # the redirect dropped the body (a 301, 302 or 303)
        self._sign(following, placement)
        if placement == "header":
            request.headers["Authorization"] = following.headers["Authorization"]
        elif placement == "body":
            _set_body(request, following.body or "")
        else:
            r.headers["location"] = following.url or target


class OAuth2(TokenHolder, AuthBase):
    """Sends an OAuth 2 Bearer token (RFC 6750 section 2.1), for plain
    :mod:`requests`, and refreshes it through ``service`` when it expires::

        >>> import requests
        >>> from rauth import OAuth2, OAuth2Service
        >>> from rauth.testing import Provider
        >>> provider = Provider().start()
        >>> service = OAuth2Service(**provider.oauth2_service_kwargs())
        >>> token = service.get_token(data={'grant_type': 'client_credentials'})
        >>> auth = OAuth2(token, service=service)
        >>> requests.get(provider.me_url, auth=auth, timeout=10).status_code
        200
        >>> provider.stop()

    With a service, the token is refreshed before a request when it is
    expired or within :attr:`leeway` seconds of it (:meth:`OAuth2Token.is_expired
    <rauth.OAuth2Token.is_expired>`), and once after a ``401`` whose
    ``WWW-Authenticate`` says ``error="invalid_token"`` (then the request is
    sent again, if its body can be), once for all the threads that share
    this object, as :class:`~rauth.OAuth2Session` does; each new token is
    given to ``token_updater``. The service's ``protected_request``
    compliance hooks (:mod:`rauth.hooks`, :mod:`rauth.quirks`) run on each
    request, with the token it is sent with.

    :param token: The access token: a str, a token response dict, or an
        :class:`~rauth.OAuth2Token`.
    :type token: str
    :param service: The service that refreshes the token, defaults to
        ``None`` (no refresh).
    :type service: :class:`rauth.OAuth2Service`
    :param token_updater: Called with each refreshed token, to store it.
    :type token_updater: func
    :raises rauth.errors.TokenExpiredError: (when a request is prepared)
        for an expired token that cannot be refreshed.
    """

    def __init__(
        self,
        token: str | Mapping[str, Any] | OAuth2Token,
        service: Any = None,
        token_updater: TokenUpdater | None = None,
    ) -> None:
        if token is None:
            raise TypeError("token must be an access token, a token dict or an OAuth2Token")
        #: The service refreshes go through.
        self.service = service
        self.token = as_token(token)
        self._header(self._token)  # checks the token now
        self.token_updater = token_updater
        #: OpenID Connect claims of the login, checked on refresh.
        self.id_token_claims: Any = None

    @property
    def client_id(self) -> Any:
        """The service's client id."""
        return getattr(self.service, "client_id", None)

    @property
    def client_secret(self) -> Any:
        """The service's client secret."""
        return getattr(self.service, "client_secret", None)

    def __repr__(self) -> str:
        refresh = "" if self.service is None else " refreshing"
        return f"<OAuth2 Bearer{refresh}>"

    def __getstate__(self) -> dict[str, Any]:
        unpicklable = ("_refresh_state", "_cached", "token_updater")
        return {k: v for k, v in self.__dict__.items() if k not in unpicklable}

    @staticmethod
    def _header(token: OAuth2Token | None) -> str:
        """Return the ``Authorization`` value for ``token``, checked."""
        access_token = None if token is None else token.access_token
        if access_token is None:
            raise ValueError("the token has no access_token")
        return "Bearer " + OAuth2Auth(access_token).access_token

    def _fresh(self, token: OAuth2Token) -> OAuth2Token:
        """Return ``token``, or a refreshed one when it (nearly) expired."""
        if self.service is None:
            if token.is_expired():
                raise TokenExpiredError(
                    "the access token expired and this OAuth2 auth cannot refresh it: "
                    "pass service=<your OAuth2Service> (and a token with a refresh_token), "
                    "or get a new token",
                    error="invalid_token",
                )
            return token
        return fresh_token(self, token)

    def _authorization(self, token: OAuth2Token | None) -> str:
        """Return the ``Authorization`` value of ``token``, made once per token."""
        cached = self.__dict__.get("_cached")
        if cached is None or cached[0] is not token:
            cached = self._cached = (token, self._header(token))
        return str(cached[1])

    def __call__(self, r: PreparedRequest) -> PreparedRequest:
        token = self._token
        if token is not None and "expires_at" in token:
            token = self._fresh(token)
        original = r.copy() if has_protected_hooks(self.service) else None
        self._send_with(r, token)
        if self.service is not None:
            r.hooks["response"].append(functools.partial(self._retry_401, token, original))
        return check_request(r)  # a bearer token over plain http warns

    def _send_with(self, r: PreparedRequest, token: OAuth2Token | None) -> None:
        """Put ``token`` on ``r``: the header, then the service's
        ``protected_request`` hooks (e.g. :mod:`rauth.quirks`), if any."""
        r.headers["Authorization"] = self._authorization(token)
        if has_protected_hooks(self.service):
            protected_prepared(self.service, r, token)

    def _retry_401(
        self,
        used: OAuth2Token | None,
        original: PreparedRequest | None,
        r: Response,
        **kwargs: Any,
    ) -> Response:
        """The response hook: after a ``401`` whose ``WWW-Authenticate`` says
        ``error="invalid_token"``, refresh the token (once for all threads)
        and send the request again, once, as :class:`~rauth.OAuth2Session`
        does."""
        request = r.request
        if r.status_code != 401 or request is None:
            return r
        if not should_retry(self, r, used, {"data": request.body}):
            return r
        r.content  # noqa: B018  (read, so the connection goes back to the pool)
        r.close()
        again = (original or request).copy()  # before the hooks put the old token in
        self._send_with(again, self._token)
        r.request = request.copy()  # what was sent, for response.history
        request.headers["Authorization"] = again.headers["Authorization"]  # for redirects
        response: Response = r.connection.send(again, **kwargs)
        response.history.append(r)
        response.request = again
        return response
