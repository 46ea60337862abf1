"""
rauth.service
-------------

Provides OAuth 1.0/a, 2.0 and Ofly service containers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

from requests import Response

from rauth import limits, responses
from rauth.authorization import scope_text
from rauth.client_auth import AuthMethod, check_auth_method
from rauth.compat import urlencode  # noqa: F401 - rauth 0.7.2 had it here
from rauth.errors import OAuth2Error
from rauth.flows import OAuth2Flows
from rauth.oauth import SignatureMethod
from rauth.oauth1_flows import OAuth1Flows
from rauth.ofly import split_url
from rauth.refresh import TokenUpdater, as_token
from rauth.session import (
    OAuth1Session,
    OAuth2Session,
    OflySession,
)
from rauth.tokens import decoded, error_from_response, legacy_key_error, redacted_start
from rauth.utils import (
    ENTITY_METHODS,  # noqa: F401 - rauth 0.7.2 had it here
    _AttrsState,
    _text,
    _urlencoded,
    parse_utf8_qsl,
)

__all__ = [
    "PROCESS_TOKEN_ERROR",
    "OAuth1Service",
    "OAuth2Service",
    "OflyService",
    "Service",
    "process_token_request",
]

PROCESS_TOKEN_ERROR = (
    "Decoder failed to handle {key} with data as returned "
    "by provider. A different decoder may be needed. "
    "Provider returned: {raw}"
)

_Decoder = Callable[[Any], Any]


def process_token_request(r: Response, decoder: _Decoder, *args: str) -> tuple[Any, ...]:
    """Decode a token response and return the values of the keys ``args``.

    :param r: The provider's response.
    :type r: requests.Response
    :param decoder: A function parsing ``r.content`` into a dict.
    :type decoder: func
    :param \\*args: The keys to return, in order.
    :raises KeyError: with :data:`PROCESS_TOKEN_ERROR` when a key is missing;
        secret values in the response shown are hidden.
    :rtype: tuple
    """
    return _token_values(r, decoder, args, oauth2=False)


def _token_values(
    r: Response, decoder: _Decoder, args: tuple[str, ...], oauth2: bool
) -> tuple[Any, ...]:
    """:func:`process_token_request`; with ``oauth2`` a missing key raises
    :class:`~rauth.errors.OAuth2Error` (a ``KeyError`` with the same message)."""
    data = None  # decoded() checks the decoder
    try:
        data = decoded(r, decoder)
        if isinstance(data, (str, bytes, list, tuple)) or not hasattr(data, "__getitem__"):
            raise TypeError(
                f"decoder must return a dict, but {getattr(decoder, '__name__', decoder)!s} "
                f"returned a {type(data).__name__}: pass a decoder that fits the "
                "provider's answer, e.g. decoder=json.loads"
            )
        values = tuple(data[key] for key in args)
        if oauth2 and not isinstance(values[0], (str, bytes)):  # a broken or hostile provider
            raise error_from_response(
                r, data, f"the token endpoint answered a {args[0]} that is not text"
            )
        return values
    except OAuth2Error:
        raise
    except KeyError as e:
        bad_key = e.args[0] if e.args else None
        message = PROCESS_TOKEN_ERROR.format(key=bad_key, raw=redacted_start(r.content))
        if not oauth2:
            raise legacy_key_error(message, r) from None
        raise error_from_response(r, data, message) from None


def _join_query(url: str | None, name: str, params: Mapping[str, Any] | str) -> str:
    """Append ``params`` to ``url``'s query string.

    :raises TypeError: if ``url`` is ``None`` (``'<name> must not be None'``).
    """
    if url is None:
        raise TypeError(f"{name} must not be None")
    url = _text(url, name)
    query = _urlencoded(params, name)
    if "?" not in url:
        return f"{url}?{query}"
    return url + ("" if url.endswith(("?", "&")) else "&") + query


class Service(_AttrsState):
    """The service base: a name, a base URL and an authorize URL.

    :param name: The service name, e.g. ``'twitter'``.
    :type name: str
    :param base_url: The base URL used for making API requests.
    :type base_url: str
    :param authorize_url: The authorization URL.
    :type authorize_url: str
    """

    __attrs__ = ["name", "base_url", "authorize_url"]  # noqa: RUF012

    def __init__(self, name: str | None, base_url: str | None, authorize_url: str | None) -> None:
        #: The service name, e.g. 'twitter'.
        self.name = name

        #: The base URL used for making API requests.
        self.base_url = base_url

        #: The authorization URL.
        self.authorize_url = authorize_url

    def _public_repr(self) -> str:
        """Return the non-secret identification shown by ``repr()``."""
        return ""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r} {self._public_repr()}>"


class OAuth1Service(Service, OAuth1Flows):
    """An OAuth 1.0/a Service container.

    This class provides a wrapper around a specialized Requests'
    :class:`~requests.sessions.Session` object. Primarily this wrapper is used
    to produce authenticated session objects. These may be used to make
    requests against OAuth 1.0/a endpoints.

    You might initialize :class:`OAuth1Service` something like
    this (here against :class:`rauth.testing.Provider`, an OAuth provider on
    ``127.0.0.1``; with a real one, use its URLs and your credentials)::

        >>> from rauth import OAuth1Service
        >>> from rauth.testing import Provider
        >>> provider = Provider().start()
        >>> service = OAuth1Service(
        ...            name='example',
        ...            consumer_key='demo-consumer-key',
        ...            consumer_secret='demo-consumer-secret',
        ...            request_token_url=provider.request_token_url,
        ...            access_token_url=provider.access_token_url,
        ...            authorize_url=provider.authorize_url,
        ...            base_url=provider.base_url)

    Now the request token should be retrieved, with the URL the provider
    sends the user back to (``'oob'`` when there is none)::

        >>> request_token, request_token_secret = service.get_request_token(
        ...     params={'oauth_callback': provider.callback_url})

    .. admonition:: Differing Request Token Formats

        Some services provide different formatting when returning tokens. For
        this reason the service wrapper provides a special method
        :meth:`get_raw_request_token`. This will return the unparsed response.
        At this point it's up to you to extract the necessary data.

    It's time to access the authorize URI and direct the client to authorize
    requests on their behalf. This URI is retrieved as follows::

        >>> authorize_url = service.get_authorize_url(request_token)

    Once the client has authorized the request (the provider sends them back
    to the callback with an ``oauth_verifier``; the test provider's user
    approves at once) it is now possible to retrieve an access token. Do so
    as follows::

        >>> import requests
        >>> verifier = requests.get(authorize_url).json()['oauth_verifier']
        >>> session = service.get_auth_session(request_token, request_token_secret,
        ...                                    method='POST',
        ...                                    data={'oauth_verifier': verifier})

    .. admonition:: Differing Access Token Formats

        Some services provide different formatting when returning tokens. For
        this reason the service wrapper provides a special method
        :meth:`get_raw_access_token`. This will return the unparsed response.
        At this point it's up to you to extract the necessary data.

    Finally we have an authenticated session and are ready to make requests
    against OAuth 1.0/a endpoints. Because Rauth is a wrapper around
    Requests, the same API you would use with Requests is exposed and
    expected::

        >>> r = session.get('me', params={'format': 'json'})
        >>> print(r.json()['user'])
        alice
        >>> provider.stop()

    :param consumer_key: Client consumer key, required for signing.
    :type consumer_key: str
    :param consumer_secret: Client consumer secret, required for signing.
    :type consumer_secret: str
    :param name: The service name, defaults to ``None``.
    :type name: str
    :param request_token_url: Request token endpoint, defaults to ``None``.
    :type request_token_url: str
    :param access_token_url: Access token endpoint, defaults to ``None``.
    :type access_token_url: str
    :param authorize_url: Authorize endpoint, defaults to ``None``.
    :type authorize_url: str
    :param base_url: A base URL from which to construct requests, defaults to
        ``None``.
    :type base_url: str
    :param session_obj: Object used to construct sessions with, defaults to
        :class:`rauth.OAuth1Session <OAuth1Session>`
    :type session_obj: :class:`Session`
    :param signature_obj: Object used to construct signatures with, defaults
        to :class:`rauth.oauth.HmacSha1Signature <HmacSha1Signature>`
    :type signature_obj: :class:`SignatureMethod`
    """

    __attrs__ = [  # noqa: RUF012
        *Service.__attrs__,
        "consumer_key",
        "consumer_secret",
        "request_token_url",
        "access_token_url",
        "session_obj",
        "signature_obj",
        "request_token_response",
        "access_token_response",
    ]
    _TRANSIENT = ("request_token_response", "access_token_response")

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: Any,
        name: str | None = None,
        request_token_url: str | None = None,
        access_token_url: str | None = None,
        authorize_url: str | None = None,
        base_url: str | None = None,
        session_obj: type[OAuth1Session] | None = None,
        signature_obj: type[SignatureMethod] | SignatureMethod | None = None,
    ) -> None:
        #: Client credentials.
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret

        #: Authorization endpoints.
        self.request_token_url = request_token_url
        self.access_token_url = access_token_url

        #: Object used to construct sessions with.
        self.session_obj = session_obj or OAuth1Session

        #: Object used to construct signatures with.
        self.signature_obj = signature_obj

        #: Request and access token responses.
        self.request_token_response: Response | None = None
        self.access_token_response: Response | None = None

        super().__init__(name, base_url, authorize_url)

    def _public_repr(self) -> str:
        return f"consumer_key={self.consumer_key!r}"

    def _shared_signature(self, signature: Any) -> Any:
        """Return one instance of a signature class for all this service's
        sessions, so that an RSA key is loaded (and checked, which takes
        tens of milliseconds) once, not for every session."""
        if not isinstance(signature, type):
            return signature
        shared: dict[type, Any] = self.__dict__.setdefault("_signatures", {})
        if signature not in shared:
            shared[signature] = signature()
        return shared[signature]

    def get_session(
        self,
        token: tuple[str, str] | None = None,
        signature: type[SignatureMethod] | SignatureMethod | None = None,
    ) -> OAuth1Session:
        """If provided a ``token`` parameter, tries to retrieve a stored
        ``rauth.OAuth1Session`` instance. Otherwise generates a new session
        instance with the :attr:`rauth.OAuth1Service.consumer_key` and
        :attr:`rauth.OAuth1Service.consumer_secret` stored on the
        ``rauth.OAuth1Service`` instance.

        :param token: A tuple of strings with which to memoize the session
            object instance.
        :type token: tuple
        :param signature: A signature method overriding
            :attr:`signature_obj`, defaults to ``None``.
        :type signature: :class:`rauth.oauth.SignatureMethod`
        :rtype: OAuth1Session
        """
        signature = self._shared_signature(signature or self.signature_obj)
        if token is None:
            return self.session_obj(
                self.consumer_key, self.consumer_secret, signature=signature, service=self
            )
        if not isinstance(token, (tuple, list)) or len(token) != 2:
            raise ValueError(
                "token must be a pair (access_token, access_token_secret), "
                f"not a {type(token).__name__}"
            )
        access_token, access_token_secret = token
        return self.session_obj(
            self.consumer_key,
            self.consumer_secret,
            access_token,
            access_token_secret,
            signature,
            service=self,
        )

    def get_raw_request_token(self, method: str = "GET", **kwargs: Any) -> Response:
        """Returns a Requests' response over the
        :attr:`rauth.OAuth1Service.request_token_url`.

        Use this if you need the full ``Response`` object.

        :param method: A string representation of the HTTP method to be used,
            defaults to ``GET``.
        :type method: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :type \\*\\*kwargs: dict
        :rtype: requests.Response
        """
        # ensure we've set the request_token_url
        if self.request_token_url is None:
            raise TypeError("request_token_url must not be None")

        session = self.get_session()
        response = limits.token_request(session, method, self.request_token_url, **kwargs)
        return responses.keep(self, "request_token_response", response)

    def get_request_token(
        self,
        method: str = "GET",
        decoder: _Decoder = parse_utf8_qsl,
        key_token: str = "oauth_token",
        key_token_secret: str = "oauth_token_secret",
        **kwargs: Any,
    ) -> tuple[Any, Any]:
        """Return a request token pair.

        :param method: A string representation of the HTTP method to be used,
            defaults to ``GET``.
        :type method: str
        :param decoder: A function used to parse the Response content. Should
            return a dictionary.
        :type decoder: func
        :param key_token: The key the access token will be decoded by, defaults
            to 'oauth_token'.
        :type key_token: str
        :param key_token_secret: The key the access token will be decoded by,
            defaults to 'oauth_token_secret'.
        :type key_token_secret: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :type \\*\\*kwargs: dict
        :rtype: tuple
        """
        r = self.get_raw_request_token(method=method, **kwargs)
        request_token, request_token_secret = process_token_request(
            r, decoder, key_token, key_token_secret
        )
        return request_token, request_token_secret

    def get_authorize_url(self, request_token: str, **params: Any) -> str:
        """Returns a formatted authorize URL.

        :param request_token: The request token as returned by
            :meth:`get_request_token`.
        :type request_token: str
        :param \\*\\*params: Additional keyworded arguments to be added to the
            request querystring.
        :type \\*\\*params: dict
        :rtype: str
        """
        params.update({"oauth_token": request_token})
        return _join_query(self.authorize_url, "authorize_url", params)

    def get_raw_access_token(
        self,
        request_token: str,
        request_token_secret: str,
        method: str = "GET",
        **kwargs: Any,
    ) -> Response:
        """Returns a Requests' response over the
        :attr:`rauth.OAuth1Service.access_token_url`.

        Use this if you need the full ``Response`` object.

        :param request_token: The request token as returned by
            :meth:`get_request_token`.
        :type request_token: str
        :param request_token_secret: The request token secret as returned by
            :meth:`get_request_token`.
        :type request_token_secret: str
        :param method: A string representation of the HTTP method to be
            used, defaults to ``GET``.
        :type method: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :type \\*\\*kwargs: dict
        :rtype: requests.Response
        """
        # ensure we've set the access_token_url
        if self.access_token_url is None:
            raise TypeError("access_token_url must not be None")

        session = self.get_session((request_token, request_token_secret))
        response = limits.token_request(session, method, self.access_token_url, **kwargs)
        return responses.keep(self, "access_token_response", response)

    def get_access_token(
        self,
        request_token: str,
        request_token_secret: str,
        method: str = "GET",
        decoder: _Decoder = parse_utf8_qsl,
        key_token: str = "oauth_token",
        key_token_secret: str = "oauth_token_secret",
        **kwargs: Any,
    ) -> tuple[Any, Any]:
        """Returns an access token pair.

        :param request_token: The request token as returned by
            :meth:`get_request_token`.
        :type request_token: str
        :param request_token_secret: The request token secret as returned by
            :meth:`get_request_token`.
        :type request_token_secret: str
        :param method: A string representation of the HTTP method to be
            used, defaults to ``GET``.
        :type method: str
        :param decoder: A function used to parse the Response content. Should
            return a dictionary.
        :type decoder: func
        :param key_token: The key the access token will be decoded by, defaults
            to 'oauth_token'.
        :type key_token: str
        :param key_token_secret: The key the access token will be decoded by,
            defaults to 'oauth_token_secret'.
        :type key_token_secret: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :type \\*\\*kwargs: dict
        :rtype: tuple
        """
        r = self.get_raw_access_token(request_token, request_token_secret, method=method, **kwargs)

        access_token, access_token_secret = process_token_request(
            r, decoder, key_token, key_token_secret
        )
        return access_token, access_token_secret

    def get_auth_session(
        self,
        request_token: str,
        request_token_secret: str,
        method: str = "GET",
        **kwargs: Any,
    ) -> OAuth1Session:
        """Gets an access token, initializes a new authenticated session with the
        access token. Returns an instance of :attr:`session_obj`.

        :param request_token: The request token as returned by
            :meth:`get_request_token`.
        :type request_token: str
        :param request_token_secret: The request token secret as returned by
            :meth:`get_request_token`.
        :type request_token_secret: str
        :param method: A string representation of the HTTP method to be
            used, defaults to ``GET``.
        :type method: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :type \\*\\*kwargs: dict
        :rtype: OAuth1Session
        """
        responses.forget(self, "access_token_response")
        token = self.get_access_token(request_token, request_token_secret, method=method, **kwargs)
        session = self.get_session(token)

        # this thread's responses: another login may have replaced the service's
        for name in ("request_token_response", "access_token_response"):
            response = responses.kept(self, name)
            if response is not None:
                setattr(session, name, response)

        return session


class OAuth2Service(Service, OAuth2Flows):
    """An OAuth 2.0 Service container.

    This class provides a wrapper around a specialized Requests'
    :class:`~requests.sessions.Session` object. Primarily this wrapper is used
    for producing authenticated session objects which are used to make requests
    against OAuth 2.0 endpoints.

    You might initialize :class:`OAuth2Service` something like this (here
    against :class:`rauth.testing.Provider` on ``127.0.0.1``, answering
    tokens form-encoded as many providers do; with a real one, use its URLs
    and your credentials)::

        >>> from rauth import OAuth2Service
        >>> from rauth.testing import Provider
        >>> provider = Provider(token_format='form').start()
        >>> service = OAuth2Service(
        ...            name='example',
        ...            client_id='demo-client-id',
        ...            client_secret='demo-client-secret',
        ...            access_token_url=provider.oauth2_access_token_url,
        ...            authorize_url=provider.oauth2_authorize_url,
        ...            base_url=provider.base_url)

    Given the simplicity of OAuth 2.0 now this object ``service`` can be used to
    retrieve an authenticated session in two simple steps::

        >>> # the return URL is used to validate the request
        >>> params = {'redirect_uri': provider.callback_url,
        ...           'response_type': 'code'}
        >>> url = service.get_authorize_url(**params)

        >>> # once the above URL is consumed by a client we can ask for an
        >>> # access token. note that the code is retrieved from the redirect
        >>> # URL above, as set by the provider (whose user approves at once)
        >>> import requests
        >>> data = {'code': requests.get(url).json()['code'],
        ...         'grant_type': 'authorization_code',
        ...         'redirect_uri': provider.callback_url}
        >>> session = service.get_auth_session(data=data)

    Now that we have retrieved a session, we may make requests against the
    OAuth 2.0 provider's endpoints. As much as possible the Requests' API
    is preserved and you may make requests using the same parameters you would
    using Requests::

        >>> r = session.get('me', params={'format': 'json'})
        >>> print(r.json()['user'])
        alice
        >>> provider.stop()

    :param client_id: Client id.
    :type client_id: str
    :param client_secret: Client secret.
    :type client_secret: str
    :param name: The service name, defaults to ``None``.
    :type name: str
    :param access_token_url: Access token endpoint, defaults to ``None``.
    :type access_token_url: str
    :param authorize_url: Authorize endpoint, defaults to ``None``.
    :type authorize_url: str
    :param base_url: A base URL from which to construct requests, defaults to
        ``None``.
    :type base_url: str
    :param session_obj: Object used to construct sessions with, defaults to
        :class:`OAuth2Session`
    :type session_obj: :class:`rauth.Session`
    :param redirect_uri: The default ``redirect_uri`` of authorization requests.
    :type redirect_uri: str
    :param scope: The default scope, space-separated (or a list).
    :type scope: str
    :param token_endpoint_auth_method: How the client authenticates at the
        token endpoint: ``'client_secret_post'`` (the default, rauth 0.7's),
        ``'client_secret_basic'``, ``'none'`` (a public client),
        ``'client_secret_jwt'``, ``'private_key_jwt'`` (the PEM or key object as
        ``client_secret``), or a requests ``AuthBase`` (see :mod:`rauth.client_auth`).
    :type token_endpoint_auth_method: str
    :param client_assertion_alg: The JWT assertion's algorithm, e.g. ``'ES256'``.
    :param client_key_id: The JWT assertion's ``kid``.
    :param refresh_token_url: The token URL for refreshes, defaults to
        ``access_token_url``.
    :type refresh_token_url: str
    :param revocation_url: The revocation endpoint (RFC 7009).
    :type revocation_url: str
    """

    __attrs__ = [  # noqa: RUF012
        *Service.__attrs__,
        "client_id",
        "client_secret",
        "access_token_url",
        "session_obj",
        "access_token_response",
        "redirect_uri",
        "scope",
        "token_endpoint_auth_method",
        "refresh_token_url",
        "revocation_url",
        *OAuth2Flows._FLOW_ATTRS,
    ]
    _TRANSIENT = ("access_token_response",)

    def __init__(
        self,
        client_id: str,
        client_secret: str | None,
        name: str | None = None,
        access_token_url: str | None = None,
        authorize_url: str | None = None,
        base_url: str | None = None,
        session_obj: type[OAuth2Session] | None = None,
        *,
        redirect_uri: str | None = None,
        scope: str | list[str] | None = None,
        token_endpoint_auth_method: AuthMethod = "client_secret_post",
        refresh_token_url: str | None = None,
        revocation_url: str | None = None,
        client_assertion_alg: str | None = None,
        client_key_id: str | None = None,
    ) -> None:
        #: Client credentials.
        self.client_id = client_id
        self.client_secret = client_secret

        #: The provider's access token URL.
        self.access_token_url = access_token_url

        #: Object used to construct sessions with.
        self.session_obj = session_obj or OAuth2Session

        #: Access token response.
        self.access_token_response: Response | None = None

        #: Defaults of authorization requests, and the other endpoints.
        self.redirect_uri, self.scope = redirect_uri, scope_text(scope)
        self.token_endpoint_auth_method = check_auth_method(token_endpoint_auth_method)
        self.refresh_token_url, self.revocation_url = refresh_token_url, revocation_url
        self.client_assertion_alg, self.client_key_id = client_assertion_alg, client_key_id

        super().__init__(name, base_url, authorize_url)

    def _public_repr(self) -> str:
        return f"client_id={self.client_id!r}"

    def get_session(
        self,
        token: str | Mapping[str, Any] | None = None,
        *,
        token_updater: TokenUpdater | None = None,
    ) -> OAuth2Session:
        """If provided, the ``token`` parameter is used to initialize an
        authenticated session, otherwise an unauthenticated session object is
        generated. Returns an instance of :attr:`session_obj`.

        :param token: A token with which to initialize the session: the
            access token, or the whole token (a dict or :class:`OAuth2Token`),
            which lets the session refresh it.
        :type token: str
        :param token_updater: Called with each refreshed token, to store it.
        :type token_updater: callable
        :rtype: OAuth2Session
        """
        if token is None:
            session = self.session_obj(self.client_id, self.client_secret, service=self)
        elif not isinstance(token, Mapping):
            session = self.session_obj(self.client_id, self.client_secret, token, service=self)
        else:
            whole: Any = as_token(token)
            access_token = whole.access_token
            session = self.session_obj(
                self.client_id, self.client_secret, access_token, service=self
            )
            session.token = whole
        if token_updater is not None:
            session.token_updater = token_updater
        return session

    def get_authorize_url(self, **params: Any) -> str:
        """Returns a formatted authorize URL.

        :param \\*\\*params: Additional keyworded arguments to be added to the
            URL querystring.
        :type \\*\\*params: dict
        :rtype: str
        """
        params.update({"client_id": self.client_id})
        return _join_query(self.authorize_url, "authorize_url", params)

    def get_raw_access_token(self, method: str = "POST", **kwargs: Any) -> Response:
        """Returns a Requests' response over the
        :attr:`OAuth2Service.access_token_url`.

        Use this if you need the full ``Response`` object.
        The client credentials are added to the body of a POST, PUT or PATCH,
        else to the query (with :attr:`token_endpoint_auth_method`
        ``'client_secret_post'``, the default).

        :param method: A string representation of the HTTP method to be used,
            defaults to ``POST``.
        :type method: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :type \\*\\*kwargs: dict
        :rtype: requests.Response
        """
        if self.access_token_url is None:
            raise TypeError("access_token_url must not be None")
        url = self.access_token_url
        response = self._token_request(url, "access_token", method, kwargs)
        return responses.keep(self, "access_token_response", response)

    def get_access_token(
        self,
        method: str = "POST",
        decoder: _Decoder = parse_utf8_qsl,
        key: str = "access_token",
        **kwargs: Any,
    ) -> Any:
        """Returns an access token.

        :param method: A string representation of the HTTP method to be used,
            defaults to ``POST``.
        :type method: str
        :param decoder: A function used to parse the Response content. Should
            return a dictionary.
        :type decoder: func
        :param key: The key the access token will be decoded by, defaults to
            'access_token'.
        :type key: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :type \\*\\*kwargs: dict
        :rtype: str
        """
        r = self.get_raw_access_token(method, **kwargs)
        (access_token,) = _token_values(r, decoder, (key,), oauth2=True)
        return access_token

    def get_auth_session(self, method: str = "POST", **kwargs: Any) -> OAuth2Session:
        """Gets an access token, initializes a new authenticated session with the
        access token. Returns an instance of :attr:`session_obj`.

        :param method: A string representation of the HTTP method to be used,
            defaults to ``POST``.
        :type method: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :type \\*\\*kwargs: dict
        :rtype: OAuth2Session
        """
        responses.forget(self, "access_token_response")
        session = self.get_session(self.get_access_token(method, **kwargs))

        response = responses.kept(self, "access_token_response")  # this thread's
        if response is not None:
            session.access_token_response = response

        return session


class OflyService(Service):
    """An Ofly Service container.

    This class wraps an Ofly service i.e., Shutterfly. The process
    is similar to that of OAuth 1.0 but simplified.

    You might initialize :class:`OflyService` something like this (here
    against :class:`rauth.testing.Provider` on ``127.0.0.1``)::

        >>> from rauth import OflyService
        >>> from rauth.testing import Provider
        >>> provider = Provider().start()
        >>> service = OflyService(name='example',
        ...                       app_id='demo-ofly-app',
        ...                       app_secret='demo-ofly-secret',
        ...                       authorize_url=provider.ofly_authorize_url,
        ...                       base_url=provider.base_url)

    A signed authorize URL is then produced via calling
    ``service.get_authorize_url``. Once this has been visited by the client and
    assuming the client authorizes the request, the provider answers with
    the user's ``oflyUserid``::

        >>> import requests
        >>> requests.get(service.get_authorize_url()).text
        'oflyUserid=alice'

    Normal API calls can now be made using a session instance. Retrieve the
    authenticated session like so::

        >>> session = service.get_auth_session('alice')

        >>> # now we can make regular Requests' calls
        >>> r = session.get('me')
        >>> print(r.json()['user'])
        alice
        >>> provider.stop()

    :param app_id: The oFlyAppId, i.e. "application ID".
    :type app_id: str
    :param app_secret: The oFlyAppSecret, i.e. "shared secret".
    :type app_secret: str
    :param name: The service name, defaults to ``None``.
    :type name: str
    :param authorize_url: Authorize endpoint, defaults to ``None``.
    :type authorize_url: str
    :param base_url: A base URL from which to construct requests, defaults to
        ``None``.
    :type base_url: str
    :param user_id: The oflyUserid, defaults to ``None``. Note: this is required
        for Ofly requests, retrieved via authorize URL.
    :type user_id: str
    :param session_obj: Object used to construct sessions with, defaults to
        ``rauth.OflySession``
    :type session_obj: :class:`rauth.Session`
    """

    __attrs__ = [  # noqa: RUF012
        *Service.__attrs__,
        "app_id",
        "app_secret",
        "user_id",
        "session_obj",
    ]

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        name: str | None = None,
        authorize_url: str | None = None,
        base_url: str | None = None,
        user_id: str | None = None,
        session_obj: type[OflySession] | None = None,
    ) -> None:
        #: Client credentials.
        self.app_id = app_id
        self.app_secret = app_secret

        #: The oflyUserid.
        self.user_id = user_id

        #: Object used to construct sessions with.
        self.session_obj = session_obj or OflySession

        super().__init__(name, base_url, authorize_url)

    def _public_repr(self) -> str:
        return f"app_id={self.app_id!r}"

    def get_session(self, token: str) -> OflySession:
        """The token parameter should be ``oFlyUserid``. This is used to
        initialize an authenticated session instance. Returns an instance of
        :attr:`session_obj`.

        :param token: A token with which to initialize the session with, e.g.
            :attr:`OflyService.user_id`.
        :type token: str
        :rtype: OflySession
        """
        return self.session_obj(self.app_id, self.app_secret, token, service=self)

    def get_authorize_url(self, **params: Any) -> str:
        """Returns a formatted authorize URL.

        :param \\*\\*params: Additional keyworded arguments to be added to the
            request querystring.
        :type \\*\\*params: dict
        :rtype: str
        """
        if self.authorize_url is None:
            raise TypeError("authorize_url must not be None")
        url, params = split_url(_text(self.authorize_url, "authorize_url"), params)
        signed = self.session_obj._wire_sign(url, self.app_id, self.app_secret, **params)
        return _join_query(url, "authorize_url", signed)

    def get_auth_session(self, user_id: str, **kwargs: Any) -> OflySession:
        """Initializes a new authenticated session with ``user_id`` as oFlyUserid.
        Returns an instance of :attr:`session_obj`.

        :param user_id: The oflyUserid, defaults to ``None``.
        :type user_id: str
        :param \\*\\*kwargs: Optional arguments. Same as Requests.
        :type \\*\\*kwargs: dict
        :rtype: OflySession
        """
        return self.get_session(user_id)
