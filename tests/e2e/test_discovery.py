"""Configuring from discovery (RFC 8414, OpenID Connect Discovery 1.0)
against the provider's ``/.well-known`` documents: endpoints, issuer,
the issuer check (a mix-up defence) and the choice of client
authentication."""

from __future__ import annotations

import pickle

import pytest
import requests

from rauth import OAuth2Service
from rauth.errors import DiscoveryError
from rauth.testing import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Provider

from .helpers import TIMEOUT


def _check_endpoints(service: OAuth2Service, provider: Provider) -> None:
    assert service.issuer == provider.url
    assert service.authorize_url == provider.oauth2_authorize_url
    assert service.access_token_url == provider.oauth2_access_token_url
    assert service.revocation_url == provider.oauth2_revocation_url
    assert service.jwks_uri == provider.jwks_url
    assert service.userinfo_url == provider.url + "/oauth2/userinfo"


def test_rp_discovery_openid_configuration(oauth_provider: Provider) -> None:
    service = OAuth2Service.from_metadata(
        oauth_provider.openid_configuration_url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
    )

    _check_endpoints(service, oauth_provider)
    assert service.token_endpoint_auth_method == "client_secret_basic"
    session = service.get_password_session("alice", "alice-password")
    assert session.get(oauth_provider.me_url).json()["user"] == "alice"
    assert [r.client_auth for r in oauth_provider.token_requests] == ["client_secret_basic"]


def test_rfc8414_metadata_url(oauth_provider: Provider) -> None:
    service = OAuth2Service.from_metadata(
        oauth_provider.oauth_metadata_url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
    )
    _check_endpoints(service, oauth_provider)


def test_issuer_url_finds_the_openid_configuration(oauth_provider: Provider) -> None:
    service = OAuth2Service.from_metadata(
        oauth_provider.url + "/", DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
    )
    _check_endpoints(service, oauth_provider)


def test_issuer_url_falls_back_to_rfc8414(oauth_provider: Provider) -> None:
    oauth_provider.openid.openid_configuration = False
    assert requests.get(oauth_provider.openid_configuration_url, timeout=TIMEOUT).status_code == 404
    service = OAuth2Service.from_metadata(
        oauth_provider.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
    )
    _check_endpoints(service, oauth_provider)


def test_issuer_without_any_metadata(oauth_provider: Provider) -> None:
    with pytest.raises(DiscoveryError, match="openid-configuration"):
        OAuth2Service.from_metadata(
            oauth_provider.url + "/nothing", DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
        )


def test_a_fetched_dict_and_kwargs_that_win(oauth_provider: Provider) -> None:
    document = requests.get(oauth_provider.openid_configuration_url, timeout=TIMEOUT).json()
    service = OAuth2Service.from_metadata(
        document,
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        name="from-dict",
        token_endpoint_auth_method="client_secret_post",
        base_url=oauth_provider.base_url,
    )

    _check_endpoints(service, oauth_provider)
    assert service.name == "from-dict"
    assert service.token_endpoint_auth_method == "client_secret_post"
    assert service.get_password_session("alice", "alice-password").get("me").status_code == 200
    copy = pickle.loads(pickle.dumps(service))
    assert (copy.issuer, copy.jwks_uri, copy.metadata) == (
        service.issuer,
        service.jwks_uri,
        document,
    )


@pytest.mark.parametrize(
    "url_of", [lambda p: p.openid_configuration_url, lambda p: p.oauth_metadata_url]
)
def test_rp_discovery_issuer_not_matching_config(oauth_provider: Provider, url_of: object) -> None:
    oauth_provider.openid.issuer_override = "http://127.0.0.1:1/another-provider"
    url = url_of(oauth_provider)  # type: ignore[operator]

    with pytest.raises(DiscoveryError, match="another-provider") as raised:
        OAuth2Service.from_metadata(url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)

    assert raised.value.url == url
    assert DEFAULT_CLIENT_SECRET not in str(raised.value)


@pytest.mark.parametrize(
    ("listed", "secret", "chosen"),
    [
        (("client_secret_post", "none"), DEFAULT_CLIENT_SECRET, "client_secret_post"),
        (("client_secret_jwt",), DEFAULT_CLIENT_SECRET, "client_secret_jwt"),
        (("client_secret_basic", "none"), None, "none"),
        (("client_secret_basic", "private_key_jwt"), "PEM", "private_key_jwt"),
    ],
    ids=["post", "jwt", "public", "private-key"],
)
def test_auth_method_is_one_the_provider_lists(
    oauth_provider: Provider,
    rsa_private_key: str,
    listed: tuple[str, ...],
    secret: str | None,
    chosen: str,
) -> None:
    oauth_provider.openid.auth_methods = listed
    key = rsa_private_key if secret == "PEM" else secret
    service = OAuth2Service.from_metadata(
        oauth_provider.openid_configuration_url, DEFAULT_CLIENT_ID, key
    )
    assert service.token_endpoint_auth_method == chosen


def test_no_fitting_auth_method_is_a_clear_error(oauth_provider: Provider) -> None:
    oauth_provider.openid.auth_methods = ("private_key_jwt",)
    with pytest.raises(ValueError, match="token_endpoint_auth_method") as raised:
        OAuth2Service.from_metadata(
            oauth_provider.openid_configuration_url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
        )
    assert DEFAULT_CLIENT_SECRET not in str(raised.value)


@pytest.mark.parametrize("path", ["/.well-known/openid-configuration/nothing", "/api/echo"])
def test_not_a_metadata_document(oauth_provider: Provider, path: str) -> None:
    url = oauth_provider.url + path
    with pytest.raises(DiscoveryError, match=r"127\.0\.0\.1"):
        OAuth2Service.from_metadata(url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
