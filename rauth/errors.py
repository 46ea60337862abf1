"""
rauth.errors
------------

Exceptions raised by rauth. Each one subclasses the builtin exception that
code written for rauth 0.7 already catches, and none of them ever carries a
secret in its message.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = [
    "DiscoveryError",
    "IdTokenError",
    "IssuerMismatchError",
    "MissingDependencyError",
    "MissingUserIdError",
    "OAuth2DecodeError",
    "OAuth2Error",
    "ResponseTooLargeError",
    "StateMismatchError",
    "TokenExpiredError",
]


def _install_hint(extra: str) -> str:
    """How to install an extra, quoted for every shell: into the rauth that
    is installed, or from a checkout of rauth (it is not released yet)."""
    return f'pip install "rauth[{extra}]" (in a checkout of rauth: pip install ".[{extra}]")'


class MissingDependencyError(ImportError, NotImplementedError):
    """An optional dependency of a feature is not installed.

    It is an :class:`ImportError` and, as rauth 0.7 raised for RSA-SHA1
    without PyCrypto, a :class:`NotImplementedError`.

    :param feature: What needs the dependency, e.g. ``'RSA-SHA1'``.
    :type feature: str
    :param extra: The extra that installs it, e.g. ``'rsa'``.
    :type extra: str
    """

    def __init__(self, feature: str, extra: str) -> None:
        #: What needs the missing dependency.
        self.feature = feature
        #: The extra that installs it: ``pip install "rauth[extra]"``.
        self.extra = extra
        super().__init__(
            f"{feature} needs an optional dependency: install it with {_install_hint(extra)}"
        )


class DiscoveryError(ValueError):
    """A provider's metadata (RFC 8414, OpenID Connect Discovery) cannot
    be used: it cannot be fetched, is not a JSON object, or names an
    ``issuer`` other than the one of the URL it came from.

    :param message: What went wrong and what to do.
    :type message: str
    :param url: The metadata URL.
    :type url: str
    """

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        #: The metadata URL.
        self.url = url


class MissingUserIdError(ValueError, AssertionError):
    """An Ofly request was made without an ``oflyUserid``.

    rauth 0.7 checked this with ``assert``, so this is also an
    :class:`AssertionError`; it is raised even under ``python -O``.
    """

    def __init__(self) -> None:
        # rauth 0.7's message, word for word; pass ``user_id`` to OflySession,
        # to OflyService.get_auth_session or to the request itself.
        super().__init__("An oflyUserid must be provided as `user_id`.")


class OAuth2Error(KeyError):
    """An OAuth 2 error: an RFC 6749 section 5.2 (or 4.1.2.1) error
    response, or a token endpoint answering something that is not a token.

    It is a :class:`KeyError`, as rauth 0.7 raised a ``KeyError`` when the
    token was missing from a token response, so code catching that keeps
    working. ``str()`` of it is its message, which names the HTTP status
    and shows at most a short excerpt of the body, never a secret.

    :param message: What went wrong and what to do.
    :type message: str
    :param error: The ``error`` code, e.g. ``'invalid_grant'``.
    :type error: str
    :param description: The ``error_description``.
    :type description: str
    :param uri: The ``error_uri``.
    :type uri: str
    :param status_code: The HTTP status of the response, if any.
    :type status_code: int
    :param response: The response, if any.
    :type response: requests.Response
    """

    def __init__(
        self,
        message: str,
        *,
        error: str | None = None,
        description: str | None = None,
        uri: str | None = None,
        status_code: int | None = None,
        response: Any = None,
    ) -> None:
        super().__init__(message)
        #: The ``error`` code of the response, e.g. ``'invalid_grant'``.
        self.error = error
        #: The ``error_description`` of the response.
        self.description = description
        #: The ``error_uri`` of the response.
        self.uri = uri
        #: The HTTP status code of the response, if there was one.
        self.status_code = status_code
        #: The :class:`requests.Response`, if there was one.
        self.response = response

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[OAuth2Error], args: tuple[Any, ...], state: dict[str, Any]) -> OAuth2Error:
    """Unpickle an :class:`OAuth2Error` (its ``__init__`` takes keywords)."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class OAuth2DecodeError(OAuth2Error, json.JSONDecodeError):
    """A token response the caller's ``decoder=json.loads`` could not read.

    It is still the :class:`json.JSONDecodeError` (hence a
    :class:`ValueError`) that rauth 0.7 let through, and an
    :class:`OAuth2Error` whose message names the HTTP status and shows a
    short excerpt of the body.
    """

    def __init__(
        self, message: str, cause: json.JSONDecodeError, status_code: Any, response: Any
    ) -> None:
        json.JSONDecodeError.__init__(self, cause.msg, cause.doc, cause.pos)
        self.doc = ""  # the body may hold secrets; it is in ``response``
        OAuth2Error.__init__(self, message, status_code=status_code, response=response)


class ResponseTooLargeError(OAuth2Error):
    """A server answered a body longer than rauth reads before parsing it
    (:data:`rauth.limits.MAX_RESPONSE_BYTES`, decompressed): no token,
    metadata or key is that long. The body was not read; the response is
    in :attr:`response`.

    It is an :class:`OAuth2Error`, hence the ``KeyError`` that rauth 0.7's
    token methods raised for an answer without a token.

    :param message: What answered, and the limit.
    :type message: str
    :param limit: The limit, in bytes.
    :type limit: int
    """

    def __init__(self, message: str, *, limit: int, **details: Any) -> None:
        super().__init__(message, **details)
        #: The limit the body went over, in bytes.
        self.limit = limit


class StateMismatchError(OAuth2Error, ValueError):
    """The ``state`` of an authorization response is not the one sent.

    The callback may be forged (cross-site request forgery, RFC 6749
    section 10.12): no token was requested. Start a new authorization
    request.
    """


class TokenExpiredError(OAuth2Error):
    """The access token expired and the session cannot refresh it.

    The request was not sent. The message names what the session misses
    to refresh (a refresh token, the token URL or the client id).
    """


class IdTokenError(OAuth2Error, ValueError):
    """An OpenID Connect ``id_token`` (or the userinfo that goes with it)
    failed validation: who logged in is not proven, so no session was
    returned. Its message says which check failed; :attr:`claim` names it
    (``'signature'``, ``'iss'``, ``'aud'``, ``'nonce'``, ``'exp'``, ...).

    :param message: What went wrong.
    :type message: str
    :param claim: The claim or part that failed.
    :type claim: str
    """

    def __init__(self, message: str, claim: str | None = None) -> None:
        super().__init__(message, error="invalid_id_token")
        #: The claim or part that failed, e.g. ``'nonce'``.
        self.claim = claim


class IssuerMismatchError(OAuth2Error, ValueError):
    """The ``iss`` of an authorization response is not the service's
    issuer (RFC 9207): the response may come from another provider (a
    mix-up attack), so no token was requested."""
