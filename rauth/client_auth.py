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
CLIENT_AUTH_METHODS = ("client_secret_post", "client_secret_basic", "none")

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
    method: AuthMethod, client_id: Any, client_secret: Any
) -> tuple[dict[str, Any], AuthBase | None]:
    """Return what a token request carries to authenticate the client:
    the body parameters and the ``auth`` of the request, if any.

    ``'client_secret_post'`` (rauth 0.7's way) puts ``client_id`` and
    ``client_secret`` in the body; ``'client_secret_basic'`` sends them in
    an ``Authorization: Basic`` header; ``'none'`` (a public client) sends
    ``client_id`` only; an ``AuthBase`` is the request's ``auth``.

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
    return {}, method  # type: ignore[return-value]
