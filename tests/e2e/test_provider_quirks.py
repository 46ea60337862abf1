"""Provider quirks against the provider: for each provider, its quirk mode
of :class:`rauth.testing.Provider` fails rauth without the fix of
:mod:`rauth.quirks`, and the whole flow works with it (authorization over
HTTP, the code exchange, protected requests, and a refresh where the
provider has refresh tokens)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from rauth import OAuth2Service, OAuth2Session, OAuth2Token, quirks
from rauth.errors import OAuth2DecodeError, OAuth2Error, TokenExpiredError
from rauth.testing import Provider

from .helpers import TIMEOUT, Clock, pairs

#: The provider's default access token lifetime, in seconds.
LIFETIME = 3600


@pytest.fixture
def make_provider(clock: Clock) -> Iterator[Callable[[str], Provider]]:
    started: list[Provider] = []

    def make(quirk: str) -> Provider:
        provider = Provider(quirk=quirk, clock=clock, lifetime=120.0).start()
        started.append(provider)
        return provider

    yield make
    for provider in started:
        provider.stop()


def _service(
    provider: Provider, fix: Callable[[OAuth2Service], OAuth2Service] | None = None
) -> OAuth2Service:
    service = OAuth2Service(**provider.oauth2_service_kwargs())
    return service if fix is None else fix(service)


def _callback(provider: Provider, service: OAuth2Service) -> tuple[str, Any]:
    """Let the user approve over HTTP; return the callback URL and request."""
    request = service.authorization_request(scope="profile", redirect_uri=provider.callback_url)
    response = requests.get(request.url, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    assert "code" in response.json()
    return response.url, request


def _login(provider: Provider, service: OAuth2Service) -> OAuth2Session:
    return service.get_auth_session_from_callback(*_callback(provider, service))


def _code_data(provider: Provider, service: OAuth2Service) -> dict[str, str]:
    """The token request of rauth 0.7's ``get_auth_session(data=...)``."""
    code = provider.authorize_code(service.client_id, redirect_uri=provider.callback_url)
    return {
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": provider.callback_url,
    }


def _me(session: OAuth2Session) -> requests.Response:
    return session.get("me", timeout=TIMEOUT)


def _refreshed_by_a_401(provider: Provider, session: OAuth2Session) -> None:
    """Expire the token at the provider: the next request gets a 401
    ``invalid_token``, the session refreshes once and sends it again."""
    before = session.token
    assert before is not None
    provider.expire_tokens()
    response = _me(session)
    assert response.status_code == 200, response.text
    assert response.json()["user"] == "alice"
    assert session.access_token != before.access_token
    assert [r.grant_type for r in provider.token_requests][-1] == "refresh_token"


# -- Facebook ----------------------------------------------------------------


def test_facebook_without_the_fix(make_provider: Callable[[str], Provider], clock: Clock) -> None:
    provider = make_provider("facebook")
    service = _service(provider)
    with pytest.raises(OAuth2DecodeError):
        service.get_auth_session(data=_code_data(provider, service), decoder=json.loads)

    session = _login(provider, service)  # the body decides: read as a form
    assert session.token == {"access_token": session.access_token, "expires": str(LIFETIME)}
    assert session.token.expires_at is None
    assert session.token.token_type is None
    clock.now += LIFETIME + 1  # the token expired: rauth cannot know it
    response = _me(session)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_facebook_with_the_fix(make_provider: Callable[[str], Provider], clock: Clock) -> None:
    provider = make_provider("facebook")
    service = _service(provider, quirks.facebook)
    session = service.get_auth_session(data=_code_data(provider, service), decoder=json.loads)
    assert _me(session).json()["user"] == "alice"

    session = _login(provider, service)
    assert session.token == {
        "access_token": session.access_token,
        "expires_in": 3600,
        "token_type": "Bearer",
        "expires_at": 1_700_003_600.0,
    }
    assert _me(session).json()["user"] == "alice"
    clock.now += LIFETIME + 1  # Facebook issues no refresh token: a clear error
    with pytest.raises(TokenExpiredError, match="no refresh_token"):
        _me(session)


# -- LinkedIn ------------------------------------------------------------------


def test_linkedin_without_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("linkedin")
    session = _login(provider, _service(provider))
    assert session.token is not None
    assert session.token.token_type is None
    response = _me(session)
    assert response.status_code == 401
    assert "no credentials" in response.json()["error_description"]


def test_linkedin_with_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("linkedin")
    session = _login(provider, _service(provider, quirks.linkedin))
    assert session.token is not None
    assert session.token.token_type == "Bearer"
    assert _me(session).json()["user"] == "alice"
    echoed = session.get("echo", params={"q": "1"}, timeout=TIMEOUT).json()
    assert pairs(echoed["query"]) == [("oauth2_access_token", session.access_token), ("q", "1")]
    assert session.token.refresh_token is None  # LinkedIn issued none


# -- Slack -----------------------------------------------------------------------


def test_slack_without_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("slack")
    service = _service(provider)
    with pytest.raises(OAuth2Error, match="not a token") as caught:
        _login(provider, service)
    assert caught.value.status_code == 200
    assert caught.value.error is None

    answer = service.get_raw_access_token(data=_code_data(provider, service)).json()
    user_token = answer["authed_user"]["access_token"]
    response = _me(service.get_session(user_token))  # a Bearer header: Slack reads none
    assert response.status_code == 401


def test_slack_with_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("slack")
    service = _service(provider, quirks.slack)
    session = _login(provider, service)
    token = session.token
    assert token is not None
    assert token.token_type == "user"
    assert token["authed_user"]["id"] == "U1234"
    assert token["authed_user"]["access_token"] == token.access_token
    user_token = quirks.slack_user_token(token)
    assert user_token is not None
    assert user_token.access_token == token.access_token

    assert _me(session).json()["user"] == "alice"
    posted = session.post("echo", data={"text": "hi"}, timeout=TIMEOUT).json()
    assert pairs(posted["form"]) == [("text", "hi"), ("token", session.access_token)]
    got = session.get("echo", timeout=TIMEOUT).json()
    assert pairs(got["query"]) == [("token", session.access_token)]

    _refreshed_by_a_401(provider, session)  # the new token goes in the parameter
    got = session.get("echo", timeout=TIMEOUT).json()
    assert pairs(got["query"]) == [("token", session.access_token)]


def test_slack_user_token_session(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("slack")
    service = _service(provider, quirks.slack)
    answer = service.get_raw_access_token(data=_code_data(provider, service)).json()
    user_session = service.get_session(quirks.slack_user_token(answer))
    assert _me(user_session).json()["user"] == "alice"


# -- Fitbit ------------------------------------------------------------------------


def _reused_code_error(provider: Provider, service: OAuth2Service) -> OAuth2Error:
    url, request = _callback(provider, service)
    service.get_auth_session_from_callback(url, request)
    with pytest.raises(OAuth2Error) as caught:
        service.get_auth_session_from_callback(url, request)
    return caught.value


def test_fitbit_without_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("fitbit")
    error = _reused_code_error(provider, _service(provider))
    assert error.status_code == 400
    assert error.error is None  # rauth finds no RFC 6749 error in Fitbit's shape
    assert "something that is not a token" in str(error)


def test_fitbit_with_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("fitbit")
    service = _service(provider, quirks.fitbit)
    error = _reused_code_error(provider, service)
    assert (error.error, error.status_code) == ("invalid_grant", 400)
    assert error.description == "authorization code already used"

    session = _login(provider, service)
    assert session.token is not None
    assert session.token["user_id"] == "GGNJL9"
    assert _me(session).json()["user"] == "alice"
    _refreshed_by_a_401(provider, session)

    provider.revoke(session.token.refresh_token)
    with pytest.raises(OAuth2Error) as caught:
        session.refresh()
    assert caught.value.error == "invalid_grant"


# -- Instagram -----------------------------------------------------------------------


def test_instagram_without_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("instagram")
    session = _login(provider, _service(provider))
    assert session.token == {"access_token": session.access_token, "user_id": 17841405793187218}
    assert _me(session).status_code == 401


def test_instagram_with_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("instagram")
    session = _login(provider, _service(provider, quirks.instagram))
    assert _me(session).json()["user"] == "alice"
    echoed = session.get("echo", timeout=TIMEOUT).json()
    assert pairs(echoed["query"]) == [("access_token", session.access_token)]
    mine = session.get("echo?access_token=given", timeout=TIMEOUT)  # the caller's wins
    assert mine.status_code == 401


# -- Mailchimp -----------------------------------------------------------------------


def test_mailchimp_without_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("mailchimp")
    session = _login(provider, _service(provider))
    assert session.token is not None
    assert session.token["expires_in"] == 0
    assert session.token.is_expired()  # the moment it arrived
    with pytest.raises(TokenExpiredError, match="expired"):
        _me(session)


def test_mailchimp_with_the_fix(make_provider: Callable[[str], Provider], clock: Clock) -> None:
    provider = make_provider("mailchimp")
    session = _login(provider, _service(provider, quirks.mailchimp))
    assert session.token == {"access_token": session.access_token}
    assert _me(session).json()["user"] == "alice"
    clock.now += 10 * 365 * 86400.0  # Mailchimp's tokens do not expire
    assert _me(session).json()["user"] == "alice"


# -- Weibo and Douban ------------------------------------------------------------------


@pytest.mark.parametrize("quirk", ["weibo", "douban"])
def test_weibo_douban_without_the_fix(make_provider: Callable[[str], Provider], quirk: str) -> None:
    provider = make_provider(quirk)
    session = _login(provider, _service(provider))
    assert session.token is not None
    assert session.token.token_type is None
    assert _me(session).status_code == 401


def test_weibo_with_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("weibo")
    session = _login(provider, _service(provider, quirks.weibo))
    token = session.token
    assert token is not None
    assert (token.token_type, token["uid"], token["remind_in"]) == ("Bearer", "1404376560", "3600")
    assert _me(session).json()["user"] == "alice"
    echoed = session.get("echo", timeout=TIMEOUT).json()
    assert pairs(echoed["query"]) == [("access_token", session.access_token)]


def test_douban_with_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("douban")
    session = _login(provider, _service(provider, quirks.douban))
    assert session.token is not None
    assert session.token.token_type == "Bearer"
    assert _me(session).json()["user"] == "alice"
    _refreshed_by_a_401(provider, session)
    assert session.token is not None
    assert session.token.token_type == "Bearer"
    echoed = session.get("echo", timeout=TIMEOUT).json()
    assert pairs(echoed["query"]) == [("access_token", session.access_token)]


# -- eBay -------------------------------------------------------------------------------


def test_ebay_without_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("ebay")
    service = _service(provider)
    session = _login(provider, service)
    assert session.token is not None
    assert session.token.token_type == "User Access Token"
    app = service.get_client_credentials_session()
    assert app.token is not None
    assert app.token.token_type == "Application Access Token"


def test_ebay_with_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("ebay")
    service = _service(provider, quirks.ebay)
    session = _login(provider, service)
    assert session.token is not None
    assert session.token.token_type == "Bearer"
    assert _me(session).json()["user"] == "alice"
    session.refresh()
    assert session.token is not None
    assert session.token.token_type == "Bearer"
    assert _me(session).json()["user"] == "alice"
    app = service.get_client_credentials_session()
    assert app.token is not None
    assert app.token.token_type == "Bearer"
    assert _me(app).json()["client"] == "demo-client-id"


# -- Plentymarkets ------------------------------------------------------------------------


def test_plentymarkets_without_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("plentymarkets")
    service = _service(provider)
    with pytest.raises(OAuth2Error, match="not a token"):
        _login(provider, service)
    with pytest.raises(KeyError):  # rauth 0.7's get_access_token
        service.get_access_token(data=_code_data(provider, service))


def test_plentymarkets_with_the_fix(make_provider: Callable[[str], Provider]) -> None:
    provider = make_provider("plentymarkets")
    service = _service(provider, quirks.plentymarkets)
    assert service.get_access_token(data=_code_data(provider, service))
    session = _login(provider, service)
    token = session.token
    assert token is not None
    assert sorted(token) == [
        "access_token",
        "expires_at",
        "expires_in",
        "refresh_token",
        "scope",
        "token_type",
    ]
    assert _me(session).json()["user"] == "alice"
    _refreshed_by_a_401(provider, session)
    assert isinstance(session.token, OAuth2Token)
    assert session.token.refresh_token


def test_no_quirk_sends_bearer_and_no_parameter(make_provider: Callable[[str], Provider]) -> None:
    # a service without a fix sends the token only in the header, as before
    provider = make_provider("ebay")
    session = _login(provider, _service(provider))
    echoed = session.get("echo", timeout=TIMEOUT).json()
    assert echoed["query"] == []
    assert echoed["scheme"] == "oauth2"


def test_threads_sharing_a_fixed_session_refresh_once(
    make_provider: Callable[[str], Provider],
) -> None:
    # Douban reads the token in the query: after the provider expires it,
    # 8 threads get one refresh between them, and each request carries
    # the token it was sent with, in the parameter
    provider = make_provider("douban")
    session = _login(provider, _service(provider, quirks.douban))
    provider.expire_tokens()
    before = len(provider.token_requests)

    def call(_: int) -> tuple[int, str, str]:
        response = session.get("echo", timeout=TIMEOUT)
        echoed = response.json()
        query = dict(pairs(echoed.get("query", [])))
        return response.status_code, query.get("access_token", ""), echoed.get("user", "")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(call, range(32)))
    assert [r.grant_type for r in provider.token_requests[before:]] == ["refresh_token"]
    assert {(status, user) for status, _, user in results} == {(200, "alice")}
    assert {token for _, token, _ in results} == {session.access_token}


# -- The fixes reach plain requests through rauth.OAuth2 ---------------------


def test_douban_fix_with_the_oauth2_auth_object(make_provider: Callable[[str], Provider]) -> None:
    """``rauth.OAuth2(token, service=...)`` runs the service's
    ``protected_request`` hooks: Douban reads the token from the query, and
    after a 401 the refreshed token (not the old one) goes there."""
    from rauth import OAuth2

    provider = make_provider("douban")
    fixed = _service(provider, quirks.douban)
    token = _login(provider, fixed).token
    assert token is not None
    me = provider.base_url + "me"

    unfixed = requests.get(me, auth=OAuth2(token, service=_service(provider)), timeout=TIMEOUT)
    assert unfixed.status_code == 401  # a Bearer header alone: Douban reads none

    updates: list[OAuth2Token] = []
    auth = OAuth2(token, service=fixed, token_updater=updates.append)
    assert requests.get(me, auth=auth, timeout=TIMEOUT).json()["user"] == "alice"
    echoed = requests.get(
        provider.base_url + "echo", params={"q": "1"}, auth=auth, timeout=TIMEOUT
    ).json()
    assert pairs(echoed["query"]) == [("q", "1"), ("access_token", token["access_token"])]

    provider.expire_tokens()
    response = requests.get(me, auth=auth, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    assert len(updates) == 1
    assert updates[0]["access_token"] != token["access_token"]
    assert auth.token is not None
    assert auth.token["access_token"] == updates[0]["access_token"]
    assert response.request.url == f"{me}?access_token={updates[0]['access_token']}"
