"""
rauth
-----

OAuth 1.0/a, 2.0, and Ofly wrapped around Python Requests. Basic usage::

    >>> import rauth
    >>> service = rauth.OAuth2Service(client_id='foo', client_secret='bar',
    ...                               authorize_url='https://example.com/auth')
    >>> service.get_authorize_url(response_type='code')
    'https://example.com/auth?response_type=code&client_id=foo'

Then ``session = service.get_auth_session(...)`` returns a
:class:`requests.Session` that signs every request it makes.
"""

from __future__ import annotations

from rauth.__about__ import (
    __author__,
    __copyright__,
    __license__,
    __title__,
    __version__,
    __version_info__,
)
from rauth.auth import OAuth1, OAuth2
from rauth.authorization import AuthorizationRequest
from rauth.errors import OAuth2Error
from rauth.service import OAuth1Service, OAuth2Service, OflyService
from rauth.session import OAuth1Session, OAuth2Session, OflySession
from rauth.tokens import OAuth2Token
from rauth.transport import InsecureTransportWarning

__all__ = [
    "AuthorizationRequest",
    "InsecureTransportWarning",
    "OAuth1",
    "OAuth1Service",
    "OAuth1Session",
    "OAuth2",
    "OAuth2Error",
    "OAuth2Service",
    "OAuth2Session",
    "OAuth2Token",
    "OflyService",
    "OflySession",
    "__author__",
    "__copyright__",
    "__license__",
    "__title__",
    "__version__",
    "__version_info__",
]
