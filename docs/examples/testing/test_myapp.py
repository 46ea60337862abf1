"""Tests of myapp against the test provider: a real OAuth 2 server, offline."""

from __future__ import annotations

import myapp
import pytest
import requests

from rauth import OAuth2Service
from rauth.testing import Provider


@pytest.fixture
def service(oauth_provider: Provider) -> OAuth2Service:
    return OAuth2Service(**oauth_provider.oauth2_service_kwargs())


def test_login_greets_the_user(oauth_provider: Provider, service: OAuth2Service) -> None:
    redirect_uri = oauth_provider.callback_url
    url = myapp.login_url(service, redirect_uri, state="xyz")

    # the browser: the provider approves and redirects to the callback,
    # which answers the query it got as JSON
    callback = requests.get(url).json()
    assert callback["state"] == "xyz"

    session = myapp.finish_login(service, callback["code"], redirect_uri)
    assert myapp.greeting(session) == "Hello, alice!"


def test_a_denied_login_comes_back_without_a_code(
    oauth_provider: Provider, service: OAuth2Service
) -> None:
    oauth_provider.approve = False
    url = myapp.login_url(service, oauth_provider.callback_url, "xyz")
    callback = requests.get(url).json()
    assert callback == {"error": "access_denied", "state": "xyz"}


def test_an_expired_token_is_an_http_error(
    oauth_provider: Provider, service: OAuth2Service
) -> None:
    code = oauth_provider.authorize_code(redirect_uri=oauth_provider.callback_url)
    session = myapp.finish_login(service, code, oauth_provider.callback_url)
    oauth_provider.expire_tokens()
    with pytest.raises(requests.HTTPError, match="401"):
        myapp.greeting(session)
