"""
rauth.discovery
---------------

Authorization server metadata (RFC 8414) and OpenID Connect Discovery 1.0:
the document a provider publishes under ``/.well-known/``, fetched, checked
against the issuer it came from, and turned into the arguments of an
:class:`~rauth.OAuth2Service`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

from rauth import limits
from rauth.errors import DiscoveryError, ResponseTooLargeError

__all__ = [
    "OAUTH_METADATA_PATH",
    "OPENID_CONFIGURATION_PATH",
    "choose_auth_method",
    "fetch_metadata",
    "service_arguments",
]

#: RFC 8414 section 3: inserted between the host and the issuer's path.
OAUTH_METADATA_PATH = "/.well-known/oauth-authorization-server"
#: OpenID Connect Discovery 1.0 section 4: appended to the issuer.
OPENID_CONFIGURATION_PATH = "/.well-known/openid-configuration"
#: Seconds to wait for the provider's answer.
TIMEOUT = 30.0
_ACCEPT = MappingProxyType({"Accept": "application/json"})

#: The service's argument for each metadata entry.
_URLS = (
    ("authorization_endpoint", "authorize_url"),
    ("token_endpoint", "access_token_url"),
    ("revocation_endpoint", "revocation_url"),
)
#: What a confidential client (with a secret) prefers, in order.
_SECRET_METHODS = ("client_secret_basic", "client_secret_post", "client_secret_jwt")


def expected_issuer(url: str) -> str:
    """Return the issuer a metadata URL belongs to: the URL without its
    ``/.well-known/...`` part (OpenID Connect Discovery 4.3, RFC 8414 3.3).

    :param url: The metadata URL.
    :type url: str
    :rtype: str
    """
    parts = urlsplit(url)
    path = parts.path
    if path.endswith(OPENID_CONFIGURATION_PATH):
        path = path[: -len(OPENID_CONFIGURATION_PATH)]
    elif path.startswith(OAUTH_METADATA_PATH):
        path = path[len(OAUTH_METADATA_PATH) :]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _get(url: str, session: requests.Session | None) -> dict[str, Any]:
    getter = session.get if session is not None else requests.get
    try:
        response = getter(url, timeout=TIMEOUT, headers=_ACCEPT, stream=True)
        limits.read_limited(response, "the metadata", TIMEOUT)  # a bounded read
    except (requests.RequestException, ResponseTooLargeError) as exc:
        raise DiscoveryError(f"cannot fetch the metadata at {url}: {exc}", url) from None
    if response.status_code != 200:
        raise DiscoveryError(
            f"the metadata at {url} answered HTTP {response.status_code}: check the URL", url
        )
    try:
        document = response.json()
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        raise DiscoveryError(f"the metadata at {url} is not a JSON object", url)
    return document


def _from_issuer(issuer: str, session: requests.Session | None) -> tuple[str, dict[str, Any]]:
    """Fetch the OpenID configuration of ``issuer``, or else its RFC 8414
    metadata (section 3.1: the well-known path goes before the issuer's)."""
    parts = urlsplit(issuer)
    rfc8414 = urlunsplit((parts.scheme, parts.netloc, OAUTH_METADATA_PATH + parts.path, "", ""))
    first = issuer + OPENID_CONFIGURATION_PATH
    try:
        return first, _get(first, session)
    except DiscoveryError as error:
        try:
            return rfc8414, _get(rfc8414, session)
        except DiscoveryError:
            raise error from None


def fetch_metadata(url: str, session: requests.Session | None = None) -> dict[str, Any]:
    """Fetch a provider's metadata and check that its ``issuer`` is the
    one of the URL it came from (a mix-up defence: OpenID Connect
    Discovery section 4.3, RFC 8414 section 3.3).

    :param url: The metadata URL (``.../.well-known/openid-configuration``
        or ``.../.well-known/oauth-authorization-server``), or the issuer,
        whose OpenID Connect configuration is then fetched, or else its
        RFC 8414 metadata.
    :type url: str
    :param session: The ``requests`` session to fetch with.
    :type session: requests.Session
    :raises rauth.errors.DiscoveryError: if it cannot be fetched, is not a
        JSON object, or names another issuer.
    :rtype: dict
    """
    if "/.well-known/" not in url:
        url, document = _from_issuer(url.rstrip("/"), session)
    else:
        document = _get(url, session)
    issuer = expected_issuer(url)
    if document.get("issuer") != issuer:
        raise DiscoveryError(
            f"the metadata at {url} names the issuer {document.get('issuer')!r}, not "
            f"{issuer!r}: refusing it (it may come from another provider)",
            url,
        )
    return document


def choose_auth_method(metadata: Mapping[str, Any], client_secret: Any) -> str:
    """Pick the ``token_endpoint_auth_method`` the provider lists that
    fits the client: ``'none'`` without a secret, ``'private_key_jwt'`` for
    a private key, else the first of ``client_secret_basic``,
    ``client_secret_post`` and ``client_secret_jwt`` it supports (it
    supports ``client_secret_basic`` when it lists nothing, RFC 8414 2).

    :raises ValueError: if it lists none that fits.
    :rtype: str
    """
    listed = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if client_secret is None:
        wanted: tuple[str, ...] = ("none",)
    elif _is_private_key(client_secret):
        wanted = ("private_key_jwt",)
    else:
        wanted = _SECRET_METHODS
    for method in wanted:
        if method in listed:
            return method
    raise ValueError(
        f"the provider supports the token endpoint auth methods {sorted(map(str, listed))}, "
        f"none of {list(wanted)} that fit this client: give token_endpoint_auth_method"
    )


def _is_private_key(key: Any) -> bool:
    if isinstance(key, bytes):
        key = key.decode("ascii", "replace")
    if isinstance(key, str):
        return "-----BEGIN" in key and "PRIVATE KEY-----" in key
    return hasattr(key, "private_bytes")  # a cryptography private key


def service_arguments(
    metadata: Mapping[str, Any], client_secret: Any, kwargs: Mapping[str, Any]
) -> dict[str, Any]:
    """Return the :class:`~rauth.OAuth2Service` keyword arguments for
    ``metadata``: its endpoints and auth method, under the caller's
    ``kwargs`` (which win).

    :rtype: dict
    """
    arguments = {name: metadata[key] for key, name in _URLS if metadata.get(key)}
    arguments.update(kwargs)
    if "token_endpoint_auth_method" not in arguments:
        arguments["token_endpoint_auth_method"] = choose_auth_method(metadata, client_secret)
    return arguments
