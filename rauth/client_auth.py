"""
rauth.client_auth
-----------------

How an OAuth 2 client authenticates at the token endpoint (RFC 6749 section
2.3): the ``token_endpoint_auth_method`` names of OpenID Connect Dynamic
Client Registration (section 2), or any requests
:class:`~requests.auth.AuthBase` for a custom method.
"""

from __future__ import annotations

import base64
from typing import Any, Union
from urllib.parse import quote_plus

from requests import PreparedRequest
from requests.auth import AuthBase

__all__ = ["CLIENT_AUTH_METHODS", "ClientSecretBasic", "client_credentials"]

#: The ``token_endpoint_auth_method`` names rauth knows.
CLIENT_AUTH_METHODS = (
    "client_secret_post",
    "client_secret_basic",
    "none",
    "client_secret_jwt",
    "private_key_jwt",
)
#: The algorithm of a JWT client assertion when ``client_assertion_alg``
#: is not given: HMAC over the secret, or RSA with the private key.
_DEFAULT_ALGS = (("client_secret_jwt", "HS256"), ("private_key_jwt", "RS256"))

#: A method name of :data:`CLIENT_AUTH_METHODS` or a custom ``AuthBase``.
AuthMethod = Union[str, AuthBase]


class ClientSecretBasic(AuthBase):
    """HTTP Basic client authentication (RFC 6749 section 2.3.1): the
    client id and secret, each form-encoded, as user and password.

    :param client_id: The client id.
    :type client_id: str
    :param client_secret: The client secret.
    :type client_secret: str
    """

    def __init__(self, client_id: str, client_secret: str) -> None:
        pair = f"{quote_plus(str(client_id))}:{quote_plus(str(client_secret))}"
        self._header = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
        #: The client id.
        self.client_id = client_id

    def __call__(self, r: PreparedRequest) -> PreparedRequest:
        r.headers["Authorization"] = self._header
        return r

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ClientSecretBasic):
            return NotImplemented
        return self._header == other._header

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<ClientSecretBasic client_id={self.client_id!r}>"


def check_auth_method(method: Any) -> AuthMethod:
    """Return ``method`` when it is a known name or an ``AuthBase``.

    :raises ValueError: for an unknown name; :raises TypeError: for
        anything else.
    """
    if isinstance(method, AuthBase):
        return method
    if not isinstance(method, str):
        raise TypeError(
            "token_endpoint_auth_method must be one of "
            f"{', '.join(CLIENT_AUTH_METHODS)} or a requests AuthBase, "
            f"not {type(method).__name__}"
        )
    if method not in CLIENT_AUTH_METHODS:
        raise ValueError(
            f"unknown token_endpoint_auth_method {method!r}: use one of "
            f"{', '.join(CLIENT_AUTH_METHODS)}, or a requests AuthBase for another method"
        )
    return method


def client_credentials(
    method: AuthMethod,
    client_id: Any,
    client_secret: Any,
    *,
    audience: str | None = None,
    alg: str | None = None,
    key_id: str | None = None,
) -> tuple[dict[str, Any], AuthBase | None]:
    """Return what a token request carries to authenticate the client:
    the body parameters and the ``auth`` of the request, if any.

    ``'client_secret_post'`` (rauth 0.7's way) puts ``client_id`` and
    ``client_secret`` in the body; ``'client_secret_basic'`` sends them in
    an ``Authorization: Basic`` header; ``'none'`` (a public client) sends
    ``client_id`` only; ``'client_secret_jwt'`` and ``'private_key_jwt'``
    send a JWT assertion (RFC 7523 section 2.2) for ``audience``, signed
    with ``alg`` (``HS256`` / ``RS256`` by default) over the client secret
    or private key given as ``client_secret``, with ``key_id`` as its
    ``kid``; an ``AuthBase`` is the request's ``auth``.

    :rtype: tuple
    """
    if method == "client_secret_post":
        return {"client_id": client_id, "client_secret": client_secret}, None
    if method == "client_secret_basic":
        if client_secret is None:
            raise ValueError(
                "token_endpoint_auth_method='client_secret_basic' needs a client_secret: "
                "give one to OAuth2Service, or use 'none' for a public client"
            )
        return {}, ClientSecretBasic(client_id, client_secret)
    if method == "none":
        return {"client_id": client_id}, None
    if method in ("client_secret_jwt", "private_key_jwt"):
        return _assertion_fields(method, client_id, client_secret, audience, alg, key_id), None
    return {}, method  # type: ignore[return-value]


def _assertion_fields(
    method: str, client_id: Any, key: Any, audience: str | None, alg: str | None, kid: str | None
) -> dict[str, Any]:
    """The body parameters of a JWT client assertion (RFC 7523 2.2)."""
    from rauth.assertions import CLIENT_ASSERTION_TYPE, client_assertion

    if key is None:
        what = "client secret" if method == "client_secret_jwt" else "private key"
        raise ValueError(
            f"token_endpoint_auth_method={method!r} needs the {what}: give it to "
            "OAuth2Service as client_secret"
        )
    alg = alg or dict(_DEFAULT_ALGS)[method]
    if (method == "client_secret_jwt") != alg.upper().startswith("HS"):
        raise ValueError(
            f"client_assertion_alg={alg!r} does not fit token_endpoint_auth_method="
            f"{method!r}: client_secret_jwt signs with HS256/384/512, "
            "private_key_jwt with RS*, PS* or ES*"
        )
    if not audience:
        raise TypeError("access_token_url must not be None")
    assertion = client_assertion(str(client_id), key, audience, alg, kid)
    return {"client_assertion_type": CLIENT_ASSERTION_TYPE, "client_assertion": assertion}
