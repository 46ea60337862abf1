"""
rauth.testing.paths
-------------------

The provider's URL layout: the path of every endpoint it serves.
"""

from __future__ import annotations

__all__ = [
    "API_PREFIX",
    "CALLBACK",
    "ECHO",
    "JWKS",
    "ME",
    "OAUTH1_ACCESS_TOKEN",
    "OAUTH1_AUTHORIZE",
    "OAUTH1_REQUEST_TOKEN",
    "OAUTH2_AUTHORIZE",
    "OAUTH2_REVOKE",
    "OAUTH2_TOKEN",
    "OAUTH_METADATA",
    "OFLY_AUTHORIZE",
    "OPENID_CONFIGURATION",
    "USERINFO",
]

#: OAuth 1 temporary credential request endpoint (RFC 5849 2.1).
OAUTH1_REQUEST_TOKEN = "/oauth1/request_token"
#: OAuth 1 resource owner authorization endpoint (RFC 5849 2.2).
OAUTH1_AUTHORIZE = "/oauth1/authorize"
#: OAuth 1 token request endpoint (RFC 5849 2.3).
OAUTH1_ACCESS_TOKEN = "/oauth1/access_token"
#: OAuth 2 authorization endpoint (RFC 6749 3.1).
OAUTH2_AUTHORIZE = "/oauth2/authorize"
#: OAuth 2 token endpoint (RFC 6749 3.2).
OAUTH2_TOKEN = "/oauth2/token"
#: OAuth 2 token revocation endpoint (RFC 7009).
OAUTH2_REVOKE = "/oauth2/revoke"
#: OpenID Connect Discovery 1.0 section 4.
OPENID_CONFIGURATION = "/.well-known/openid-configuration"
#: Authorization server metadata, RFC 8414 section 3.
OAUTH_METADATA = "/.well-known/oauth-authorization-server"
#: The provider's public signing keys, a JWK Set (RFC 7517 section 5).
JWKS = "/oauth2/jwks"
#: The OpenID Connect UserInfo endpoint (Core section 5.3).
USERINFO = "/oauth2/userinfo"
#: Ofly authorization endpoint, answering with the ``oflyUserid``.
OFLY_AUTHORIZE = "/ofly/authorize"
#: Prefix of the protected API; the provider's ``base_url``.
API_PREFIX = "/api/"
#: Protected resource echoing the caller and what it sent.
ECHO = API_PREFIX + "echo"
#: Protected resource answering who the caller is.
ME = API_PREFIX + "me"
#: Default redirect target: echoes the query it receives as JSON.
CALLBACK = "/callback"
