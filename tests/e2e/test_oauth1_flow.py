"""The OAuth 1.0a three-legged flow through OAuth1Service, against the
provider: request token, authorization, access token, then the API."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from rauth import OAuth1Service, OAuth1Session
from rauth.testing import DEFAULT_CONSUMER_KEY, Provider

from .helpers import TIMEOUT, echoed, form, oauth1_login


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


@pytest.mark.parametrize(
    ("method", "where"),
    [("GET", "params"), ("POST", "data")],
    ids=["callback-in-query", "callback-in-body"],
)
def test_request_token_carries_the_callback(
    oauth_provider: Provider, oauth1_service: OAuth1Service, method: str, where: str
) -> None:
    callback = f"{oauth_provider.callback_url}?came_from={where}"

    token, secret = oauth1_service.get_request_token(
        method=method, **{where: {"oauth_callback": callback}}
    )

    assert oauth1_service.request_token_response is not None
    assert oauth1_service.request_token_response.request.method == method
    issued = form(oauth1_service.request_token_response)
    assert (token, secret) == (issued["oauth_token"], issued["oauth_token_secret"])
    assert issued["oauth_callback_confirmed"] == "true"
    # The provider sends the user back to exactly the callback that was sent.
    response = requests.get(oauth1_service.get_authorize_url(token), timeout=TIMEOUT)
    assert response.url.startswith(callback + "&")
    assert set(response.json()) == {"came_from", "oauth_token", "oauth_verifier"}
    assert response.json()["came_from"] == where
    assert response.json()["oauth_token"] == token


def test_authorize_url_passes_extra_params(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    token, _ = oauth1_service.get_request_token(params={"oauth_callback": "oob"})

    url = oauth1_service.get_authorize_url(token, user="bob")

    assert url.startswith(oauth_provider.authorize_url + "?")
    assert dict(parse_qsl(urlsplit(url).query)) == {"oauth_token": token, "user": "bob"}
    # with an oob callback the provider answers the verifier itself
    response = requests.get(url, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    assert form(response)["oauth_token"] == token
    assert form(response)["oauth_verifier"]


def _verifier_over_http(provider: Provider, service: OAuth1Service, token: str) -> str:
    """Visit the authorize URL as a browser would and follow the redirect."""
    response = requests.get(service.get_authorize_url(token), timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    assert [r.status_code for r in response.history] == [302]
    assert response.url.startswith(provider.callback_url + "?")
    returned = response.json()
    assert returned["oauth_token"] == token
    verifier: str = returned["oauth_verifier"]
    return verifier


def _verifier_from_provider(provider: Provider, service: OAuth1Service, token: str) -> str:
    return provider.authorize(token)


@pytest.mark.parametrize(
    "approve", [_verifier_over_http, _verifier_from_provider], ids=["http-redirect", "provider"]
)
@pytest.mark.parametrize(
    ("method", "where"),
    [("GET", "params"), ("POST", "data"), ("POST", "params")],
    ids=["GET-verifier-in-query", "POST-verifier-in-body", "POST-verifier-in-query"],
)
def test_three_legged_flow(
    oauth_provider: Provider,
    oauth1_service: OAuth1Service,
    approve: Callable[[Provider, OAuth1Service, str], str],
    method: str,
    where: str,
) -> None:
    token, secret = oauth1_service.get_request_token(
        params={"oauth_callback": oauth_provider.callback_url}
    )
    verifier = approve(oauth_provider, oauth1_service, token)

    session = oauth1_service.get_auth_session(
        token, secret, method=method, **{where: {"oauth_verifier": verifier}}
    )

    assert isinstance(session, OAuth1Session)
    assert session.access_token_response is not None
    assert session.access_token_response.request.method == method
    issued = form(session.access_token_response)
    assert session.access_token == issued["oauth_token"]
    assert session.access_token_secret == issued["oauth_token_secret"]
    assert session.access_token != token
    me = echoed(session.get("me"))
    assert (me["scheme"], me["user"], me["client"]) == ("oauth1", "alice", DEFAULT_CONSUMER_KEY)
    echo = echoed(session.get("echo"))
    assert echo["oauth_params"]["oauth_token"] == issued["oauth_token"]
    assert echo["oauth_params"]["oauth_consumer_key"] == DEFAULT_CONSUMER_KEY


@pytest.mark.parametrize("user", ["alice", "bob"])
def test_the_approving_user_is_who_the_api_sees(
    oauth_provider: Provider, oauth1_service: OAuth1Service, user: str
) -> None:
    session = oauth1_login(oauth_provider, oauth1_service, user=user)

    assert echoed(session.get("me"))["user"] == user


def test_realm_of_the_request_token_is_granted(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    token, secret = oauth1_service.get_request_token(
        params={"oauth_callback": "oob"}, header_auth=True, realm="photos"
    )
    verifier = oauth_provider.authorize(token)
    session = oauth1_service.get_auth_session(
        token, secret, data={"oauth_verifier": verifier}, method="POST"
    )

    assert echoed(session.get("me", header_auth=True, realm="photos"))["scopes"] == ["photos"]


def test_two_consumers_get_their_own_tokens(
    oauth_provider: Provider, oauth1_service: OAuth1Service
) -> None:
    oauth_provider.add_consumer("e2e-second-consumer", "e2e-second-secret")
    other = OAuth1Service(**oauth_provider.oauth1_service_kwargs("e2e-second-consumer"))

    first = oauth1_login(oauth_provider, oauth1_service)
    second = oauth1_login(oauth_provider, other, user="bob")

    assert echoed(first.get("me"))["client"] == DEFAULT_CONSUMER_KEY
    assert echoed(second.get("me"))["client"] == "e2e-second-consumer"
    assert echoed(second.get("me"))["user"] == "bob"
