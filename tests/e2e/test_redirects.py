"""Redirects of signed requests, through a server in front of the provider.

A redirect to the same host is signed again with a fresh nonce and accepted
(the provider refuses a nonce it has seen); a redirect to another hostname
(``localhost`` for ``127.0.0.1``: the same server) carries no credentials.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from rauth import OAuth1Session, OAuth2Error, OAuth2Service, OAuth2Session, OflyService
from rauth.testing import DEFAULT_CONSUMER_KEY, Provider

from .helpers import (
    Received,
    RedirectProxy,
    credentials_in,
    echoed,
    oauth_keys,
    pairs,
    without_oauth,
)


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


#: (status, method, header_auth): where rauth puts the OAuth 1 parameters
#: and whether the redirect keeps the method and body (307) or not (302).
OAUTH1_CASES = [
    pytest.param(302, "GET", False, id="302-GET-query"),
    pytest.param(302, "GET", True, id="302-GET-header"),
    pytest.param(307, "GET", False, id="307-GET-query"),
    pytest.param(307, "POST", False, id="307-POST-body"),
    pytest.param(307, "POST", True, id="307-POST-header"),
    pytest.param(307, "PUT", False, id="307-PUT-body"),
    pytest.param(307, "DELETE", False, id="307-DELETE-query"),
    pytest.param(302, "POST", False, id="302-POST-body-becomes-GET"),
]


def _oauth1_request(
    session: OAuth1Session,
    proxy: RedirectProxy,
    status: int,
    method: str,
    header_auth: bool,
    to: str,
    suffix: str = "",
) -> requests.Response:
    data = {"title": "moved"} if method in ("POST", "PUT") else None
    return session.request(
        method,
        proxy.url(f"/redirect/{status}/{to}{suffix}"),
        params={"q": "kept"},
        data=data,
        header_auth=header_auth,
    )


@pytest.mark.parametrize(("status", "method", "header_auth"), OAUTH1_CASES)
def test_oauth1_same_host_redirect_is_signed_again(
    oauth1_session: OAuth1Session,
    redirect_proxy: RedirectProxy,
    status: int,
    method: str,
    header_auth: bool,
) -> None:
    response = _oauth1_request(
        oauth1_session, redirect_proxy, status, method, header_auth, "127.0.0.1"
    )

    echo = echoed(response)
    assert [r.status_code for r in response.history] == [status]
    first, second = redirect_proxy.received
    assert first.path == f"/redirect/{status}/127.0.0.1"
    assert second.path == "/api/echo"
    final_method = "GET" if status == 302 and method == "POST" else method
    assert (echo["method"], echo["user"]) == (final_method, "alice")
    assert without_oauth(echo["query"]) == [("q", "kept")]
    if final_method in ("POST", "PUT"):
        assert without_oauth(echo["form"]) == [("title", "moved")]
    # one fresh set of OAuth parameters, not the first request's as well
    sent_keys = oauth_keys(echo["query"] + echo["form"])
    assert len(sent_keys) == len(set(sent_keys)) == (0 if header_auth else 7)
    nonce = first.oauth_param("oauth_nonce")
    assert nonce is not None
    assert echo["oauth_params"]["oauth_nonce"] != nonce
    assert echo["oauth_params"]["oauth_token"] == oauth1_session.access_token


@pytest.mark.parametrize(
    ("status", "method", "header_auth"),
    [
        pytest.param(302, "GET", False, id="302-GET-query"),
        pytest.param(302, "GET", True, id="302-GET-header"),
        pytest.param(307, "POST", False, id="307-POST-body"),
    ],
)
def test_oauth1_same_host_redirect_that_drops_the_query(
    oauth1_session: OAuth1Session,
    redirect_proxy: RedirectProxy,
    status: int,
    method: str,
    header_auth: bool,
) -> None:
    response = _oauth1_request(
        oauth1_session, redirect_proxy, status, method, header_auth, "127.0.0.1", "/bare"
    )

    echo = echoed(response)
    assert (echo["method"], echo["user"]) == (method, "alice")
    assert without_oauth(echo["query"]) == []
    first = redirect_proxy.received[0]
    assert echo["oauth_params"]["oauth_nonce"] != first.oauth_param("oauth_nonce")


@pytest.mark.parametrize(("status", "method", "header_auth"), OAUTH1_CASES)
def test_oauth1_credentials_do_not_follow_to_another_host(
    oauth1_session: OAuth1Session,
    redirect_proxy: RedirectProxy,
    status: int,
    method: str,
    header_auth: bool,
) -> None:
    response = _oauth1_request(
        oauth1_session, redirect_proxy, status, method, header_auth, "localhost"
    )

    assert [r.status_code for r in response.history] == [status]
    (other,) = redirect_proxy.to("localhost")
    assert other.path == "/api/echo"
    assert ("q", "kept") in other.query_pairs()
    assert not credentials_in(other, DEFAULT_CONSUMER_KEY, str(oauth1_session.access_token)), (
        other.wire()
    )
    # the provider behind it sees an unauthenticated request
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_request"


OAUTH2_CASES = [
    pytest.param(302, "GET", True, id="302-GET-bearer"),
    pytest.param(302, "GET", False, id="302-GET-token-in-query"),
    pytest.param(307, "POST", True, id="307-POST-bearer"),
    pytest.param(307, "POST", False, id="307-POST-token-in-query"),
]


def _oauth2_request(
    session: OAuth2Session,
    proxy: RedirectProxy,
    status: int,
    method: str,
    bearer_auth: bool,
    to: str,
) -> requests.Response:
    data = {"title": "moved"} if method == "POST" else None
    return session.request(
        method,
        proxy.url(f"/redirect/{status}/{to}"),
        params={"q": "kept"},
        data=data,
        bearer_auth=bearer_auth,
    )


@pytest.mark.parametrize(("status", "method", "bearer_auth"), OAUTH2_CASES)
def test_oauth2_same_host_redirect(
    oauth2_session: OAuth2Session,
    redirect_proxy: RedirectProxy,
    status: int,
    method: str,
    bearer_auth: bool,
) -> None:
    response = _oauth2_request(
        oauth2_session, redirect_proxy, status, method, bearer_auth, "127.0.0.1"
    )

    echo = echoed(response)
    assert [r.status_code for r in response.history] == [status]
    assert (echo["method"], echo["user"]) == (method, "alice")
    assert echo["oauth_params"]["location"] == ("header" if bearer_auth else "query")
    token = [] if bearer_auth else [("access_token", oauth2_session.access_token)]
    assert pairs(echo["query"]) == [("q", "kept"), *token]


@pytest.mark.parametrize(("status", "method", "bearer_auth"), OAUTH2_CASES)
def test_oauth2_token_does_not_follow_to_another_host(
    oauth2_session: OAuth2Session,
    redirect_proxy: RedirectProxy,
    status: int,
    method: str,
    bearer_auth: bool,
) -> None:
    response = _oauth2_request(
        oauth2_session, redirect_proxy, status, method, bearer_auth, "localhost"
    )

    assert [r.status_code for r in response.history] == [status]
    (other,) = redirect_proxy.to("localhost")
    assert ("q", "kept") in other.query_pairs()
    assert not credentials_in(other, str(oauth2_session.access_token)), other.wire()
    assert response.status_code == 401


def test_replayed_redirect_target_is_refused(
    oauth1_session: OAuth1Session, redirect_proxy: RedirectProxy
) -> None:
    """The check the same-host tests rely on: the provider does refuse a
    nonce it has seen, also behind the proxy."""
    response = oauth1_session.get(redirect_proxy.url("/api/echo"), params={"q": "1"})
    assert echoed(response)["user"] == "alice"

    with requests.Session() as plain:
        replayed = plain.send(response.request, timeout=10)

    assert replayed.status_code == 401
    assert replayed.json()["error"] == "invalid_nonce"


@pytest.mark.parametrize("status", [302, 307], ids=["302", "307"])
def test_ofly_signature_does_not_follow_to_another_host(
    ofly_service: OflyService, redirect_proxy: RedirectProxy, status: int
) -> None:
    session = ofly_service.get_auth_session("alice")
    response = session.get(
        redirect_proxy.url(f"/redirect/{status}/localhost"), params={"q": "kept"}
    )

    assert [r.status_code for r in response.history] == [status]
    (other,) = redirect_proxy.to("localhost")
    assert ("q", "kept") in other.query_pairs()
    assert [key for key, _ in other.query_pairs() if key.startswith("ofly")] == []


def test_ofly_same_host_redirect_is_signed_again(
    ofly_service: OflyService, redirect_proxy: RedirectProxy, oauth_provider: Provider
) -> None:
    # Ofly signs the path, so the redirect's target needs its own signature
    session = ofly_service.get_auth_session(oauth_provider.ofly_authorize(user="alice"))
    response = session.get(redirect_proxy.url("/redirect/302/127.0.0.1"), params={"q": "kept"})

    assert [r.status_code for r in response.history] == [302]
    _first, redirected = redirect_proxy.to("127.0.0.1")
    assert {"oflyApiSig", "oflyUserid", "q"} <= {key for key, _ in redirected.query_pairs()}
    assert echoed(response)["user"] == "alice"


# -- token endpoints that redirect (a 307 or 308 keeps the body) ------------------

#: What a token endpoint request carries that lets its receiver act as the
#: client or the user.
TOKEN_CREDENTIALS = (
    "client_secret",
    "code",
    "code_verifier",
    "refresh_token",
    "password",
    "token",
    "access_token",
)


def _tokencredentials_in(record: Received, *values: str) -> list[str]:
    found = [f"body {k}" for k, _ in record.form_pairs() if k in TOKEN_CREDENTIALS]
    found += [f"query {k}" for k, _ in record.query_pairs() if k in TOKEN_CREDENTIALS]
    if record.header("Authorization") is not None:
        found.append("Authorization header")
    wire = record.wire()
    return found + [f"{value!r} on the wire" for value in values if value and value in wire]


def _redirecting_service(
    provider: Provider, proxy: RedirectProxy, status: int, to: str, **kwargs: Any
) -> OAuth2Service:
    endpoint = proxy.url(f"/redirect/{status}/{to}/bare")
    service_kwargs = {**provider.oauth2_service_kwargs(), **kwargs}
    service_kwargs.update(access_token_url=endpoint, revocation_url=endpoint)
    return OAuth2Service(**service_kwargs)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("auth_method", ["client_secret_post", "client_secret_basic"])
def test_code_exchange_credentials_do_not_follow_to_another_host(
    oauth_provider: Provider, redirect_proxy: RedirectProxy, status: int, auth_method: str
) -> None:
    service = _redirecting_service(
        oauth_provider, redirect_proxy, status, "localhost", token_endpoint_auth_method=auth_method
    )
    request = service.authorization_request(redirect_uri=oauth_provider.callback_url)
    code = "a-code-the-provider-gave"

    with pytest.raises(OAuth2Error):
        service.get_token(
            data={
                "grant_type": "authorization_code",
                "code": code,
                "code_verifier": request.code_verifier,
                "redirect_uri": oauth_provider.callback_url,
            },
            timeout=10,
        )

    (other,) = redirect_proxy.to("localhost")
    secret = str(service.client_secret)
    assert not _tokencredentials_in(other, secret, code, request.code_verifier), other.wire()
    assert other.header("Content-Length") in (None, str(len(other.body)))


@pytest.mark.parametrize("status", [307, 308])
def test_refresh_and_password_and_revocation_do_not_follow_to_another_host(
    oauth_provider: Provider,
    redirect_proxy: RedirectProxy,
    oauth2_session: OAuth2Session,
    status: int,
) -> None:
    service = _redirecting_service(oauth_provider, redirect_proxy, status, "localhost")
    secret = str(service.client_secret)

    with pytest.raises(OAuth2Error):
        service.get_password_session("alice", "alice's password", timeout=10)
    with pytest.raises(OAuth2Error):
        service.get_token(data={"grant_type": "refresh_token", "refresh_token": "a-refresh-token"})
    with pytest.raises(OAuth2Error):
        service.revoke_token("a-token-to-revoke", timeout=10)

    received = redirect_proxy.to("localhost")
    assert len(received) == 3
    for other in received:
        found = _tokencredentials_in(
            other, secret, "alice's password", "a-refresh-token", "a-token-to-revoke"
        )
        assert not found, other.wire()
        assert other.header("Content-Length") in (None, str(len(other.body)))


@pytest.mark.parametrize("status", [307, 308])
def test_same_host_token_redirect_keeps_the_request(
    oauth_provider: Provider, redirect_proxy: RedirectProxy, status: int
) -> None:
    service = _redirecting_service(oauth_provider, redirect_proxy, status, "127.0.0.1")

    with pytest.raises(OAuth2Error):  # the echo is not a token endpoint
        service.get_token(data={"grant_type": "client_credentials"}, timeout=10)

    (hop,) = [r for r in redirect_proxy.to("127.0.0.1") if r.path == "/api/echo"]
    assert ("client_secret", str(service.client_secret)) in hop.form_pairs()


@pytest.mark.parametrize("status", [307, 308])
@pytest.mark.parametrize(
    "data", [None, {"oauth_verifier": "a-verifier"}], ids=["no-data", "verifier-only"]
)
def test_oauth1_body_emptied_for_another_host_has_a_matching_length(
    oauth1_session: OAuth1Session, redirect_proxy: RedirectProxy, status: int, data: Any
) -> None:
    # all the body held were OAuth parameters: the request that follows has
    # an empty body and says so (a stale Content-Length made the other
    # server wait for bytes that never came)
    started = time.perf_counter()
    response = oauth1_session.post(
        redirect_proxy.url(f"/redirect/{status}/localhost/bare"), data=data, timeout=10
    )

    assert time.perf_counter() - started < 5
    assert [r.status_code for r in response.history] == [status]
    (other,) = redirect_proxy.to("localhost")
    assert other.body == b""
    assert other.header("Content-Length") == "0"
    assert not credentials_in(other, str(oauth1_session.access_token)), other.wire()
