"""
rauth.testing
-------------

An in-process OAuth 1, OAuth 2 and Ofly provider on ``127.0.0.1`` for
testing OAuth client code offline, built on oauthlib's server endpoints.

Install it with ``pip install "rauth[testing]"``; ``import rauth`` does not
import it. See :class:`Provider`, and :mod:`rauth.testing.pytest_plugin`
for the ``oauth_provider`` fixture.
"""

from __future__ import annotations

from rauth.testing.oauth1 import SIGNATURE_METHODS
from rauth.testing.oauth2 import TOKEN_FORMATS
from rauth.testing.provider import Provider
from rauth.testing.store import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_CONSUMER_KEY,
    DEFAULT_CONSUMER_SECRET,
    DEFAULT_OFLY_APP_ID,
    DEFAULT_OFLY_APP_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    DEFAULT_USERS,
    GRANT_TYPES,
    OAuth1Consumer,
    OAuth2Client,
    OflyApp,
    User,
)

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_CONSUMER_KEY",
    "DEFAULT_CONSUMER_SECRET",
    "DEFAULT_OFLY_APP_ID",
    "DEFAULT_OFLY_APP_SECRET",
    "DEFAULT_PUBLIC_CLIENT_ID",
    "DEFAULT_USERS",
    "GRANT_TYPES",
    "SIGNATURE_METHODS",
    "TOKEN_FORMATS",
    "OAuth1Consumer",
    "OAuth2Client",
    "OflyApp",
    "Provider",
    "User",
]
