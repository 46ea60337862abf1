"""
rauth.session
-------------

Specially wrapped Requests' :class:`~requests.sessions.Session` objects.

The module-level names :data:`time`, :data:`random`, :data:`datetime`,
:data:`sha1`, :data:`md5` and :class:`HmacSha1Signature` are looked up each
time they are needed, so tests may patch them here, as with rauth 0.7.
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy  # noqa: F401  (a rauth 0.7 name of this module; not used)
from hashlib import md5, sha1
from random import SystemRandom
from time import time
from typing import Any, Callable

from requests import PreparedRequest, Request, Response
from requests.exceptions import RequestException
from requests.sessions import Session

from rauth import encoded, environment, limits, ofly, transport, wire
from rauth.compat import is_basestring, parse_qsl, quote, urljoin, urlsplit, urlunsplit  # noqa: F401
from rauth.errors import MissingUserIdError
from rauth.oauth import HmacSha1Signature, SignatureMethod, _items
from rauth.oauth1_flows import OAuth1TokenResponse
from rauth.oidc import OpenIDSession
from rauth.prepared import (
    _query_params,
    _remove_names,
    _remove_params,
    sent_oauth_params,
    sign_prepared,
)
from rauth.redact import scrub_exception
from rauth.refresh import DEFAULT_LEEWAY, TokenHolder, TokenUpdater
from rauth.utils import (
    ENTITY_METHODS,
    FORM_URLENCODED,
    OPTIONAL_OAUTH_PARAMS,
    CaseInsensitiveDict,
    OAuth1Auth,
    OAuth2Auth,
    UtcDateTime,
    _AttrsState,
    _check_headers,
    _may_hold_optional_params,
    _parse_form,
    _split_form,
    _text,
    _text_of,
    _url_text,
    absolute_url,
    get_sorted_params,  # noqa: F401  (a rauth 0.7 name of this module)
)
from rauth.verbs import Verbs

__all__ = [
    "OAUTH1_DEFAULT_TIMEOUT",
    "OAUTH2_DEFAULT_TIMEOUT",
    "OFLY_DEFAULT_TIMEOUT",
    "HmacSha1Signature",
    "OAuth1Session",
    "OAuth2Session",
    "OflySession",
    "RauthSession",
    "datetime",
    "md5",
    "random",
    "sha1",
    "time",
]

#: Default timeouts, in seconds, for requests that do not give one.
OAUTH1_DEFAULT_TIMEOUT = OAUTH2_DEFAULT_TIMEOUT = OFLY_DEFAULT_TIMEOUT = 300.0

#: The source of OAuth 1 nonces: ``SystemRandom().random``.
random = SystemRandom().random

#: The source of Ofly timestamps, through ``datetime.utcnow()``.
datetime = UtcDateTime

_SIGNATURE = "oauth_signature"


def _signature_method(signature: Any) -> SignatureMethod:
    """Return an instance of the signature method ``signature`` (a class or
    an instance, such as :class:`~rauth.oauth.HmacSha1Signature`).

    :raises TypeError: for anything that is not a signature method.
    """
    is_instance = isinstance(signature, SignatureMethod) or not callable(signature)
    method = signature if is_instance else signature()  # rauth 0.7 called it
    if not callable(getattr(method, "sign", None)):
        raise TypeError(
            "signature must be a signature method such as rauth.oauth.HmacSha1Signature "
            f"(a class with NAME and sign()), not {type(signature).__name__}"
        )
    return method  # type: ignore[no-any-return]


def _identifier(value: Any, name: str) -> str:
    """Return a consumer key or token as text; numbers are accepted, as
    rauth 0.7 sent them.

    :raises TypeError: for anything but ``str``, ``bytes`` or an ``int``.
    """
    if type(value) is str:  # a session's own key and token: on every request
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, (str, bytes)):
        raise TypeError(
            f"{name} must be a str, not {type(value).__name__}: pass the value "
            "your provider issued to OAuth1Session or OAuth1Service"
        )
    return _text(value, name)


def _checked_verb(method: Any, req_kwargs: Mapping[str, Any]) -> str:
    """Return the upper-cased method, after checking what requests would
    otherwise reject deep inside.

    :raises TypeError: for a method that is not text, or ``params`` or
        ``headers`` that are not a dict, a list of pairs or a query string.
    """
    verb = _text(method, "method").upper()
    params, data = req_kwargs.get("params"), req_kwargs.get("data")
    if params is not None and type(params) is not dict and not isinstance(params, (str, bytes)):
        _items(params)
    if isinstance(data, (list, tuple)):  # pairs; requests fails deep inside on others
        _items(data)
    headers = req_kwargs.get("headers")
    if headers is not None:
        _check_headers(headers)
    return verb


def _headers_as_dict(req_kwargs: dict[str, Any]) -> None:
    """Turn ``headers`` given as ``(name, value)`` pairs into a dict, as
    requests needs them (:func:`_checked_verb` checked them)."""
    headers = req_kwargs.get("headers")
    if headers is not None and not isinstance(headers, Mapping):
        req_kwargs["headers"] = dict(headers)


def _ofly_hash(hash_meth: Any) -> tuple[str, Callable[[bytes], Any]]:
    """Return the name and the function (:data:`sha1` or :data:`md5`, looked
    up now) of an Ofly hash method.

    :raises TypeError: for any other method.
    """
    hash_name = hash_meth.lower() if isinstance(hash_meth, str) else hash_meth
    if hash_name == "sha1":
        return hash_name, sha1
    if hash_name == "md5":
        return hash_name, md5
    raise TypeError('hash_meth must be one of "sha1", "md5"')


def _ofly_sign(
    url: str,
    app_id: Any,
    app_secret: Any,
    hash_meth: Any,
    params: Mapping[str, Any],
    render: Callable[[Mapping[str, str], Mapping[str, Any]], str],
) -> str:
    """Sign ``params`` for ``url`` now; return ``render(fields, params)``."""
    hash_name, hash_function = _ofly_hash(hash_meth)
    params = {key: value for key, value in params.items() if value is not None}
    fields = ofly.signed_fields(
        app_id, app_secret, url, params, hash_name, hash_function, datetime.utcnow()
    )
    return render(fields, params)


#: hashlib's ``sha1`` and its empty hash state: while :data:`sha1` is
#: hashlib's own, a nonce is hashed on a copy of the empty state (hashlib's
#: constructor looks the digest up in OpenSSL on each call, a few times the
#: cost of the hashing itself). Copies only ever read it: threads share it.
_HASHLIB_SHA1 = sha1
_EMPTY_SHA1 = sha1()


def _nonce() -> str:
    """Return a new OAuth 1 nonce: the SHA-1 hex of :data:`random`'s text."""
    text = str(random()).encode("ascii")
    if sha1 is not _HASHLIB_SHA1:  # patched: called, as rauth 0.7 did
        return sha1(text).hexdigest()
    digest = _EMPTY_SHA1.copy()
    digest.update(text)
    return digest.hexdigest()


def _new_oauth_params(
    consumer_key: Any, signature: SignatureMethod, access_token: Any, version: str = "1.0"
) -> dict[str, Any]:
    """Return the OAuth protocol parameters of a new request, with a fresh
    nonce and timestamp (RFC 5849 section 3.1), before its signature."""
    oauth_params: dict[str, Any] = {}
    oauth_params["oauth_consumer_key"] = _identifier(consumer_key, "consumer_key")
    oauth_params["oauth_nonce"] = _nonce()
    oauth_params["oauth_signature_method"] = signature.NAME
    oauth_params["oauth_timestamp"] = int(time())
    if access_token is not None:
        oauth_params["oauth_token"] = _identifier(access_token, "access_token")
    oauth_params["oauth_version"] = version
    return oauth_params


def _parsed(value: Any) -> Any:
    """Return a ``str``/``bytes`` query string parsed into a dict; else ``value``."""
    if isinstance(value, (str, bytes)):
        return _parse_form(value)
    return value


def _copied(value: Any) -> Any:
    """Return a shallow copy of a dict or list, so the caller's is never changed."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def _has_signature(container: Any) -> bool:
    """Tell whether an ``oauth_signature`` parameter is already in a query
    string or a params/data container."""
    if not container:
        return False
    if isinstance(container, Mapping):
        return _SIGNATURE in container
    if isinstance(container, (str, bytes)):
        return any(name == b"oauth_signature" for name, _ in _split_form(container))
    if isinstance(container, (list, tuple)):
        return any(isinstance(pair, tuple) and pair[:1] == (_SIGNATURE,) for pair in container)
    return False


#: The optional OAuth parameters, each by its name and by its name as bytes
#: (the keys of ``params`` or ``data`` given as bytes).
_OPTIONAL_PARAM_KEYS = tuple(
    (name, key) for name in OPTIONAL_OAUTH_PARAMS for key in (name, name.encode("ascii"))
)


def _lift_pairs(pairs: list[Any], key: Any, oauth_params: dict[str, Any], name: str) -> None:
    """Move the pairs whose name is ``key`` from a list of pairs into
    ``oauth_params[name]``."""
    for pair in [pair for pair in pairs if isinstance(pair, (tuple, list)) and pair[:1] == (key,)]:
        pairs.remove(pair)
        oauth_params[name] = pair[1]


def _is_raw_body(data: Any) -> bool:
    """Tell whether ``data`` is a body requests sends as it is (not a form)."""
    return data is not None and not isinstance(data, (str, Mapping, list, tuple))


class RauthSession(_AttrsState, Verbs):
    """A :class:`~requests.sessions.Session` with a back reference to its service.

    :param service: A back reference to the service wrapper, defaults to
        ``None``.
    :type service: :class:`rauth.service.Service`
    """

    # a list, as requests' own Session.__attrs__
    __attrs__ = [*Session.__attrs__, "service"]  # noqa: RUF012

    def __init__(self, service: Any = None) -> None:
        #: A back reference to a service wrapper, if we're using one.
        self.service = service

        super().__init__()

    def _set_url(self, url: str | bytes) -> str:
        """Return ``url`` joined to the service's ``base_url`` when relative.

        :param url: An absolute URL, or one relative to ``base_url``.
        :type url: str
        :rtype: str
        """
        url = _url_text(url, "url")
        base_url: str | None = getattr(self.service, "base_url", None)
        if base_url is not None and not absolute_url(url):
            return urljoin(base_url, url)
        return url

    def prepare_request(self, request: Request) -> PreparedRequest:
        """Prepare ``request`` as requests does, sending what rauth means
        where it handed requests rauth 0.7.2's arguments (see
        :func:`rauth.wire.for_the_wire`), and reusing the query or form
        body rauth already encoded, and the session's headers as they are
        for a request without its own (see
        :func:`rauth.encoded.for_preparing`).

        :param request: The request to prepare.
        :type request: requests.Request
        :rtype: requests.PreparedRequest
        """
        prepare = super().prepare_request
        request, query = encoded.for_preparing(wire.for_the_wire(request), self, prepare)
        prepared = wire.prepared(prepare, request)
        prepared = limits.bound(encoded.with_query(prepared, query))
        return transport.check_request(prepared, getattr(self, "access_token_key", None))

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> Any:
        """requests' own settings from the environment (proxies, CA bundle)
        merged with the request's and the session's, remembered while the
        environment stays the same (see :func:`rauth.environment.merged`).

        :rtype: dict
        """
        return environment.merged(
            super().merge_environment_settings, self, url, proxies, stream, verify, cert
        )

    # requests' type stubs leave these two untyped; typed here once, for
    # the sessions' redirect handling below.

    def rebuild_auth(self, prepared_request: PreparedRequest, response: Response) -> None:
        """Requests' own redirect handling of the ``Authorization`` header.

        :param prepared_request: The request to the redirect's target.
        :type prepared_request: requests.PreparedRequest
        :param response: The redirect response.
        :type response: requests.Response
        """
        rebuild: Callable[[PreparedRequest, Response], None] = super().rebuild_auth
        rebuild(prepared_request, response)

    def should_strip_auth(self, old_url: str, new_url: str) -> bool:
        """Tell whether credentials must not follow a redirect from
        ``old_url`` to ``new_url`` (another host, as requests decides).

        :param old_url: The redirected request's URL.
        :type old_url: str
        :param new_url: The redirect's target.
        :type new_url: str
        :rtype: bool
        """
        strip: Callable[[str, str], bool] = super().should_strip_auth
        return strip(old_url, new_url)

    def _public_repr(self) -> str:
        """Return the non-secret identification shown by ``repr()``."""
        return ""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._public_repr()}>"


class OAuth1Session(OAuth1TokenResponse, RauthSession):
    """A specialized :class:`~requests.sessions.Session` object, wrapping OAuth
    1.0/a logic.

    This object is utilized by the :class:`OAuth1Service` wrapper but can
    be used independently of that infrastructure. Essentially this is a loose
    wrapping around the standard Requests codepath. State may be tracked at
    this layer, especially if the instance is kept around and tracked via some
    unique identifier, e.g. access tokens. Things like request cookies will be
    preserved between requests and in fact all functionality provided by
    a Requests' :class:`~requests.sessions.Session` object should be exposed
    here.

    If you were to use this object by itself you could do so by instantiating
    it like this (with a token from an earlier flow at :class:`rauth.testing.Provider`)::

        >>> from rauth import OAuth1Service, OAuth1Session
        >>> from rauth.testing import Provider
        >>> provider = Provider().start()
        >>> service = OAuth1Service(**provider.oauth1_service_kwargs())
        >>> token, secret = service.get_request_token(params={'oauth_callback': 'oob'})
        >>> earlier = service.get_auth_session(token, secret, method='POST',
        ...     data={'oauth_verifier': provider.authorize(token)})
        >>> session = OAuth1Session('demo-consumer-key', 'demo-consumer-secret',
        ...     access_token=earlier.access_token,
        ...     access_token_secret=earlier.access_token_secret)

    You now have a session object which can be used to make requests exactly as
    you would with a normal Requests' :class:`~requests.sessions.Session`
    instance. This anticipates that the standard OAuth 1.0/a flow will be
    modeled outside of the scope of this class. In other words, if the fully
    qualified flow is useful to you then this object probably need not be used
    directly, instead consider using :class:`OAuth1Service`.

    Once the session object is setup, you may start making requests::

        >>> r = session.get(provider.base_url + 'me', params={'format': 'json'})
        >>> print(r.json()['user'])
        alice
        >>> provider.stop()

    :param consumer_key: Client consumer key.
    :type consumer_key: str
    :param consumer_secret: Client consumer secret.
    :type consumer_secret: str
    :param access_token: Access token, defaults to ``None``.
    :type access_token: str
    :param access_token_secret: Access token secret, defaults to ``None``.
    :type access_token_secret: str
    :param signature: A signature producing object, defaults to
        :class:`rauth.oauth.HmacSha1Signature`.
    :type signature: :class:`rauth.oauth.SignatureMethod`
    :param service: A back reference to the service wrapper, defaults to
        ``None``.
    :type service: :class:`rauth.Service`
    """

    __attrs__ = [  # noqa: RUF012
        *RauthSession.__attrs__,
        "consumer_key",
        "consumer_secret",
        "access_token",
        "access_token_secret",
        "signature",
        "request_token_response",
        "access_token_response",
    ]
    _TRANSIENT = ("request_token_response", "access_token_response")

    #: The ``oauth_version`` sent with every request.
    VERSION = "1.0"

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: Any,
        access_token: str | None = None,
        access_token_secret: str | None = None,
        signature: type[SignatureMethod] | SignatureMethod | None = None,
        service: Any = None,
    ) -> None:
        #: Client credentials.
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret

        #: Access token credentials.
        self.access_token = access_token
        self.access_token_secret = access_token_secret

        #: Signing method.
        self.signature: SignatureMethod = _signature_method(signature or HmacSha1Signature)

        #: The responses of the token requests that made this session.
        self.request_token_response: Response | None = None
        self.access_token_response: Response | None = None

        super().__init__(service)

    def _public_repr(self) -> str:
        return f"consumer_key={self.consumer_key!r} signature={self.signature.NAME}"

    def request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        header_auth: bool = False,
        realm: str = "",
        **req_kwargs: Any,
    ) -> Response:
        """A loose wrapper around Requests' :class:`~requests.sessions.Session`
        which injects OAuth 1.0/a parameters.

        The parameters go in the ``Authorization`` header with
        ``header_auth``, else in a form-encoded body of a POST, PUT or PATCH,
        else in the query string.

        :param method: A string representation of the HTTP method to be used.
        :type method: str
        :param url: The resource to be requested.
        :type url: str
        :param header_auth: Authentication via header, defaults to ``False``.
        :type header_auth: bool
        :param realm: The auth header realm, defaults to ``''``.
        :type realm: str
        :param \\*\\*req_kwargs: Keyworded args to be passed down to Requests.
        :type \\*\\*req_kwargs: dict
        :rtype: requests.Response
        """
        url = self._set_url(url)
        verb = _checked_verb(method, req_kwargs)
        req_kwargs = self._prepare_kwargs(verb, req_kwargs)
        target = self._oauth_target(verb, url, header_auth, req_kwargs)
        if target is None:  # already signed by the caller: sent as it is
            return super().request(method, url, **req_kwargs)
        oauth_params = encoded.oauth_form(self._get_oauth_params(req_kwargs))  # escaped once
        if target in ("params", "data") and isinstance(req_kwargs.get(target), dict):
            for key in oauth_params:  # the placement below replaces them
                req_kwargs[target].pop(key, None)
        encoded.encode_forms(req_kwargs)  # once, for the signature and the wire

        oauth_params[_SIGNATURE] = self.signature.sign(
            self.consumer_secret,
            self.access_token_secret,
            method,
            url,
            oauth_params,
            wire.as_sent(req_kwargs, self),
        )

        if target == "auth":
            req_kwargs["auth"] = OAuth1Auth(oauth_params, realm)
        else:
            if verb in ENTITY_METHODS:  # rauth 0.7 always sent a body here
                req_kwargs["data"] = req_kwargs.get("data") or {}
            container = req_kwargs.get(target)
            req_kwargs[target] = encoded.joined(container, oauth_params) or wire.merged(
                container, oauth_params
            )
        with encoded.handed(req_kwargs) as sent_kwargs:  # see prepare_request
            try:
                return super().request(method, url, **sent_kwargs)
            except RequestException as exc:  # its message has the URL: no secrets in it
                scrub_exception(exc, (_text_of(self.consumer_secret), self.access_token_secret))
                raise

    def rebuild_auth(self, prepared_request: PreparedRequest, response: Response) -> None:
        """Re-sign a redirected request for its new URL, with a fresh nonce.

        A nonce may not be used twice (RFC 5849 section 3.3), so a redirect
        to the same host is signed again, where the first request was
        signed. OAuth credentials never follow a redirect to another host:
        requests drops the ``Authorization`` header, and the OAuth
        parameters this session put in the query or body are removed.

        :param prepared_request: The request to the redirect's target.
        :type prepared_request: requests.PreparedRequest
        :param response: The redirect response.
        :type response: requests.Response
        """
        super().rebuild_auth(prepared_request, response)
        sent = sent_oauth_params(response.request)
        if sent is None or sent.params.get("oauth_consumer_key") != _identifier(
            self.consumer_key, "consumer_key"
        ):
            return  # not signed by this session: left as it is
        _remove_params(prepared_request, sent.params)
        if self.should_strip_auth(response.request.url or "", prepared_request.url or ""):
            return
        oauth_params = {k: v for k, v in sent.params.items() if k != _SIGNATURE}
        oauth_params["oauth_nonce"] = _nonce()
        oauth_params["oauth_timestamp"] = str(int(time()))
        secrets = (self.consumer_secret, self.access_token_secret)
        sign_prepared(
            prepared_request, self.signature, secrets, oauth_params, sent.placement, sent.realm
        )

    @staticmethod
    def _prepare_kwargs(verb: str, req_kwargs: dict[str, Any]) -> dict[str, Any]:
        """Normalise ``req_kwargs`` as rauth 0.7 did, into new containers.

        Headers become a :class:`~rauth.utils.CaseInsensitiveDict`; entity
        requests default to a form body (unless they upload ``files`` or
        send a raw body); query strings given as text are parsed.
        """
        headers = CaseInsensitiveDict(req_kwargs.get("headers") or {})
        data = req_kwargs.get("data")
        if verb in ENTITY_METHODS and not req_kwargs.get("files") and not _is_raw_body(data):
            if req_kwargs.get("json") is not None and not data and "Content-Type" not in headers:
                headers = wire.JsonBodyHeaders(headers)  # the JSON is sent, see there
            headers.setdefault("Content-Type", FORM_URLENCODED)
        req_kwargs["headers"] = headers

        if "params" in req_kwargs:
            req_kwargs["params"] = _copied(_parsed(req_kwargs["params"]))
        if "data" in req_kwargs:
            # a body is parsed, and the OAuth parameters go in it, for this
            # exact Content-Type, as in rauth 0.7; the signature covers any
            # form body (see rauth.wire.as_sent)
            form = headers.get("Content-Type") == FORM_URLENCODED
            req_kwargs["data"] = _copied(_parsed(data) if form else data)
        req_kwargs.setdefault("timeout", OAUTH1_DEFAULT_TIMEOUT)
        return req_kwargs

    @staticmethod
    def _oauth_target(
        verb: str, url: str, header_auth: bool, req_kwargs: Mapping[str, Any]
    ) -> str | None:
        """Return where the OAuth parameters go: ``'auth'``, ``'data'``,
        ``'params'``, or ``None`` when the request is already signed there.

        See RFC 5849 sections 3.5.1 to 3.5.3.
        """
        if header_auth:
            authorization = req_kwargs["headers"].get("Authorization") or ""
            return None if _SIGNATURE in _text(authorization, "Authorization") else "auth"
        if verb in ENTITY_METHODS:
            if _has_signature(req_kwargs.get("data")):
                return None
            if req_kwargs["headers"].get("Content-Type") == FORM_URLENCODED:
                return "data"
            return "params"
        return None if _has_signature(urlsplit(url).query) else "params"

    def _parse_optional_params(
        self, oauth_params: dict[str, Any], req_kwargs: dict[str, Any]
    ) -> None:
        """Move the optional OAuth parameters given in ``params`` or ``data``
        into ``oauth_params``.

        :param oauth_params: The OAuth parameters, updated in place.
        :type oauth_params: dict
        :param req_kwargs: The keyworded arguments passed to the request
            method; its own containers are updated in place.
        :type req_kwargs: dict
        """
        if not any(
            map(_may_hold_optional_params, (req_kwargs.get("params"), req_kwargs.get("data")))
        ):
            return
        for name, key in _OPTIONAL_PARAM_KEYS:
            for where in ("params", "data"):
                container = req_kwargs.get(where)
                if isinstance(container, dict) and key in container:
                    oauth_params[name] = container.pop(key)
                elif isinstance(container, list):
                    _lift_pairs(container, key, oauth_params, name)

    def _get_oauth_params(self, req_kwargs: dict[str, Any]) -> dict[str, Any]:
        """Prepares OAuth params for signing.

        :rtype: dict
        """
        oauth_params = _new_oauth_params(
            self.consumer_key, self.signature, self.access_token, self.VERSION
        )
        self._parse_optional_params(oauth_params, req_kwargs)

        return oauth_params


#: The parameters of a token endpoint request that are credentials: the
#: client secret, code, PKCE verifier, refresh token, password, assertion,
#: and a token (revoked). Never sent to another host by a redirect.
_OAUTH2_CREDENTIALS = frozenset(
    name.encode("ascii")
    for name in (
        "access_token",
        "assertion",
        "client_assertion",
        "client_secret",
        "code",
        "code_verifier",
        "password",
        "refresh_token",
        "token",
    )
)


class OAuth2Session(TokenHolder, OpenIDSession, RauthSession):
    """A specialized :class:`~requests.sessions.Session` object, wrapping OAuth
    2.0 logic.

    This object is utilized by the :class:`OAuth2Service` wrapper but can
    be used independently of that infrastructure. Essentially this is a loose
    wrapping around the standard Requests codepath. State may be tracked at
    this layer, especially if the instance is kept around and tracked via some
    unique identifier, e.g. access token. Things like request cookies will be
    preserved between requests and in fact all functionality provided by
    a Requests' :class:`~requests.sessions.Session` object should be exposed
    here.

    If you were to use this object by itself you could do so by instantiating
    it like this (with a token from an earlier flow at :class:`rauth.testing.Provider`)::

        >>> from rauth import OAuth2Service, OAuth2Session
        >>> from rauth.testing import Provider
        >>> provider = Provider(token_format='form').start()
        >>> service = OAuth2Service(**provider.oauth2_service_kwargs())
        >>> data = {'code': provider.authorize_code(), 'grant_type': 'authorization_code'}
        >>> earlier = service.get_auth_session(data=data)
        >>> session = OAuth2Session('demo-client-id', 'demo-client-secret',
        ...                         access_token=earlier.access_token)

    You now have a session object which can be used to make requests exactly as
    you would with a normal Requests :class:`~requests.sessions.Session`
    instance. This anticipates that the standard OAuth 2.0 flow will be modeled
    outside of the scope of this class. In other words, if the fully qualified
    flow is useful to you then this object probably need not be used directly,
    instead consider using :class:`OAuth2Service`.

    Once the session object is setup, you may start making requests::

        >>> r = session.get(provider.base_url + 'me', params={'format': 'json'})
        >>> print(r.json()['user'])
        alice
        >>> provider.stop()

    :param client_id: Client id, defaults to ``None``.
    :type client_id: str
    :param client_secret: Client secret, defaults to ``None``
    :type client_secret: str
    :param access_token: Access token, defaults to ``None``.
    :type access_token: str
    :param service: A back reference to the service wrapper, defaults to
        ``None``.
    :type service: :class:`rauth.Service`
    :param access_token_key: The name of the access token key, defaults to
        ``'access_token'``.
    :type access_token_key: str
    :param token: The whole token (a dict) in place of ``access_token``; it,
        ``token_updater``, ``leeway`` and ``refresh_token_url``: see :meth:`refresh`.
    """

    __attrs__ = [  # noqa: RUF012
        *RauthSession.__attrs__,
        "client_id",
        "client_secret",
        "access_token",
        "access_token_key",
        "access_token_response",
        "token",
    ]
    _TRANSIENT = ("access_token_response",)

    def __init__(
        self,
        client_id: str | None = None,
        client_secret: str | None = None,
        access_token: str | None = None,
        service: Any = None,
        access_token_key: str | None = None,
        *,
        token: Mapping[str, Any] | None = None,
        token_updater: TokenUpdater | None = None,
        leeway: float = DEFAULT_LEEWAY,
        refresh_token_url: str | None = None,
    ) -> None:
        #: Client credentials.
        self.client_id = client_id
        self.client_secret = client_secret

        #: Access token; :attr:`token` holds the whole token.
        self.access_token = access_token
        self._init_token(token, token_updater, leeway, refresh_token_url)

        #: Access token key, e.g. ``'access_token'``.
        self.access_token_key = access_token_key or "access_token"

        #: The response of the token request that made this session.
        self.access_token_response: Response | None = None

        super().__init__(service)

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        super().__setstate__(state)
        self.access_token_key = self.access_token_key or "access_token"
        if state.get("token") is None:  # pickled by rauth 0.7
            self.access_token = state.get("access_token")

    def rebuild_auth(self, prepared_request: PreparedRequest, response: Response) -> None:
        """Keep the access token from following a redirect to another host.

        requests drops the ``Authorization`` header there; with
        ``bearer_auth=False`` the ``access_token_key`` parameter is removed
        from the query and form body too, and from a request to a token
        endpoint every credential (client secret, code, PKCE verifier,
        refresh token, password, assertion, token): a 307 or 308 keeps the
        body.

        :param prepared_request: The request to the redirect's target.
        :type prepared_request: requests.PreparedRequest
        :param response: The redirect response.
        :type response: requests.Response
        """
        super().rebuild_auth(prepared_request, response)
        if self.should_strip_auth(response.request.url or "", prepared_request.url or ""):
            names = {_text_of(self.access_token_key).encode("utf-8")}
            if self._from_token_endpoint(response):
                names |= _OAUTH2_CREDENTIALS
            _remove_names(prepared_request, frozenset(names))

    def _from_token_endpoint(self, response: Response) -> bool:
        """Tell whether a redirect answers a request to one of the service's
        token endpoints (token, refresh or revocation URL)."""
        service = self.service
        endpoints = {
            _text_of(url).split("?")[0]
            for url in (
                self.refresh_token_url,
                getattr(service, "access_token_url", None),
                getattr(service, "refresh_token_url", None),
                getattr(service, "revocation_url", None),
            )
            if url
        }
        hops = [*response.history, response]
        return any((hop.request.url or "").split("?")[0] in endpoints for hop in hops)

    def _public_repr(self) -> str:
        return f"client_id={self.client_id!r}"

    def request(  # type: ignore[override]
        self, method: str, url: str, bearer_auth: bool = True, **req_kwargs: Any
    ) -> Response:
        """A loose wrapper around Requests' :class:`~requests.sessions.Session`
        which injects OAuth 2.0 parameters.

        The access token goes in an ``Authorization: Bearer`` header, or with
        ``bearer_auth=False`` in the query as ``params[access_token_key]``.

        :param method: A string representation of the HTTP method to be used.
        :type method: str
        :param url: The resource to be requested.
        :type url: str
        :param bearer_auth: Whether to use Bearer Authentication or not,
            defaults to ``True``.
        :type bearer_auth: bool
        :param \\*\\*req_kwargs: Keyworded args to be passed down to Requests.
        :type \\*\\*req_kwargs: dict
        :rtype: requests.Response
        """
        _checked_verb(method, req_kwargs)
        _headers_as_dict(req_kwargs)
        req_kwargs.setdefault("params", {})
        req_kwargs["params"] = _copied(_parsed(req_kwargs["params"]))
        req_kwargs.setdefault("timeout", OAUTH2_DEFAULT_TIMEOUT)
        # the token goes in, refreshed when (nearly) expired or after a 401
        return self._send_with_token(method, self._set_url(url), bearer_auth, req_kwargs)

    def _send(self, method: str, url: str, bearer_auth: bool, req_kwargs: Any, token: Any) -> Any:
        """Send the request with the access token of ``token``."""
        access_token = None if token is None else token.access_token
        if bearer_auth and access_token is not None:
            req_kwargs["auth"] = OAuth2Auth(access_token)
        else:
            params = wire.merged(req_kwargs["params"], {self.access_token_key: access_token})
            req_kwargs = {**req_kwargs, "params": params}
        try:
            return super().request(method, url, **req_kwargs)
        except RequestException as exc:  # its message has the URL: no secrets in it
            secret = None if access_token is None else _text_of(access_token)
            scrub_exception(exc, (secret, _text_of(self.client_secret or "")))
            raise


class OflySession(RauthSession):
    """A specialized :class:`~requests.sessions.Session` object, wrapping Ofly
    logic.

    This object is utilized by the :class:`OflyService` wrapper
    but can be used independently of that infrastructure. Essentially this is a
    loose wrapping around the standard Requests codepath. State may be tracked
    at this layer, especially if the instance is kept around and tracked via
    some unique identifier. Things like request cookies will be preserved
    between requests and in fact all functionality provided by a Requests'
    :class:`~requests.sessions.Session` object should be exposed here.

    If you were to use this object by itself you could do so by instantiating
    it like this (with a user who authorized the app at :class:`rauth.testing.Provider`)::

        >>> from rauth import OflySession
        >>> from rauth.testing import Provider
        >>> provider = Provider().start()
        >>> session = OflySession('demo-ofly-app', 'demo-ofly-secret',
        ...                       user_id=provider.ofly_authorize())

    You now have a session object which can be used to make requests exactly as
    you would with a normal Requests :class:`~requests.sessions.Session`
    instance. This anticipates that the standard Ofly flow will be modeled
    outside of the scope of this class. In other words, if the fully qualified
    flow is useful to you then this object probably need not be used directly,
    instead consider using :class:`OflyService`.

    Once the session object is setup, you may start making requests::

        >>> r = session.get(provider.base_url + 'me', params={'format': 'json'})
        >>> print(r.json()['user'])
        alice
        >>> provider.stop()

    :param app_id: The oFlyAppId, i.e. "application ID".
    :type app_id: str
    :param app_secret: The oFlyAppSecret, i.e. "shared secret".
    :type app_secret: str
    :param user_id: The oflyUserid, defaults to ``None``.
    :type user_id: str
    :param service: A back reference to the service wrapper, defaults to
        ``None``.
    :type service: :class:`rauth.Service`
    """

    __attrs__ = [*RauthSession.__attrs__, "app_id", "app_secret", "user_id"]  # noqa: RUF012

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        user_id: str | None = None,
        service: Any = None,
    ) -> None:
        #: Client credentials.
        self.app_id = app_id
        self.app_secret = app_secret

        #: oFlyUserid
        self.user_id = user_id

        super().__init__(service)

    def _public_repr(self) -> str:
        return f"app_id={self.app_id!r} user_id={self.user_id!r}"

    def request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        user_id: str | None = None,
        hash_meth: str = "sha1",
        **req_kwargs: Any,
    ) -> Response:
        """A loose wrapper around Requests' :class:`~requests.sessions.Session`
        which injects Ofly parameters.

        :param method: A string representation of the HTTP method to be used.
        :type method: str
        :param url: The resource to be requested.
        :type url: str
        :param user_id: The oflyUserid, defaults to ``None``.
        :type user_id: str
        :param hash_meth: The hash method to use for signing, defaults to
            "sha1".
        :type hash_meth: str
        :param \\*\\*req_kwargs: Keyworded args to be passed down to Requests.
        :type \\*\\*req_kwargs: dict
        :rtype: requests.Response
        """
        _checked_verb(method, req_kwargs)
        _headers_as_dict(req_kwargs)
        req_kwargs.setdefault("params", {})
        req_kwargs.setdefault("timeout", OFLY_DEFAULT_TIMEOUT)

        url = self._set_url(url)

        user_id = user_id or self.user_id
        if user_id is None:
            raise MissingUserIdError

        # rauth 0.7.2's bytes, carrying the query to send (see prepare_request)
        req_kwargs["params"] = ofly.signed_query(
            self.app_id,
            self.app_secret,
            url,
            {**ofly.legacy_params(req_kwargs["params"]), "oflyUserid": user_id},
            ofly.split_url(url, req_kwargs["params"]),
            (*_ofly_hash(hash_meth), datetime.utcnow()),
        )

        return super().request(method, url, **req_kwargs)

    def rebuild_auth(self, prepared_request: PreparedRequest, response: Response) -> None:
        """Sign a redirect to the same host again (Ofly signs the path), and
        keep the Ofly signature and user id from following a redirect to
        another host: there the ``ofly*`` parameters are removed.

        :param prepared_request: The request to the redirect's target.
        :type prepared_request: requests.PreparedRequest
        :param response: The redirect response.
        :type response: requests.Response
        """
        super().rebuild_auth(prepared_request, response)
        sent = _query_params(response.request, "ofly")
        if "oflyApiSig" not in sent:
            return
        _remove_params(prepared_request, sent)
        if self.should_strip_auth(response.request.url or "", prepared_request.url or ""):
            return
        url, params = ofly.split_url(prepared_request.url or "", None)
        params["oflyUserid"] = sent.get("oflyUserid")
        hash_meth = sent.get("oflyHashMeth", "sha1")
        signed = self._wire_sign(url, self.app_id, self.app_secret, hash_meth=hash_meth, **params)
        prepared_request.url = f"{url}?{signed}"

    @staticmethod
    def sign(url: str, app_id: str, app_secret: str, hash_meth: str = "sha1", **params: Any) -> str:
        """A signature method which generates the necessary Ofly parameters.

        :param url: The URL whose path is signed.
        :type url: str
        :param app_id: The oFlyAppId, i.e. "application ID".
        :type app_id: str
        :param app_secret: The oFlyAppSecret, i.e. "shared secret".
        :type app_secret: str
        :param hash_meth: The hash method to use for signing, defaults to
            "sha1".
        :type hash_meth: str
        :param \\*\\*params: Additional parameters.
        :type \\*\\*params: dict
        :return: The sorted ``k=v`` query string, Ofly parameters included,
            nothing percent-encoded (as rauth 0.7.2 returned it).
        :rtype: str
        """
        return _ofly_sign(url, app_id, app_secret, hash_meth, params, ofly.raw_query)

    @staticmethod
    def _wire_sign(
        url: str, app_id: str, app_secret: str, hash_meth: str = "sha1", **params: Any
    ) -> str:
        """:meth:`sign`, percent-encoded where a raw value would change the
        query's meaning: the query to put in a URL."""
        return _ofly_sign(url, app_id, app_secret, hash_meth, params, ofly.wire_query)
