"""OAuth 2 through OAuth2Service against the provider: the authorization
code grant (with and without PKCE), the password, client-credentials and
refresh-token grants, then Bearer requests."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from rauth import OAuth2Service, OAuth2Session
from rauth.testing import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    Provider,
)

from .helpers import TIMEOUT, echoed, multipart_fields, pairs


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


#: RFC 7636 Appendix B: a code verifier and its S256 code challenge.
RFC7636_CODE_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
RFC7636_CODE_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def _code_over_http(provider: Provider, service: OAuth2Service, **params: Any) -> str:
    """Visit the authorize URL as a browser would; return the redirect's code."""
    url = service.get_authorize_url(**params)
    response = requests.get(url, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    assert [r.status_code for r in response.history] == [302]
    returned = response.json()
    assert response.url.startswith(params["redirect_uri"])
    assert returned.get("state") == params.get("state")
    code: str = returned["code"]
    return code


def _code_from_provider(provider: Provider, service: OAuth2Service, **params: Any) -> str:
    del params["response_type"]
    return provider.authorize_code(service.client_id, **params)


def test_authorize_url(oauth_provider: Provider, oauth2_service: OAuth2Service) -> None:
    url = oauth2_service.get_authorize_url(
        response_type="code",
        redirect_uri="http://client.example/cb",
        scope="read write",
        state="s1",
    )

    assert url.startswith(oauth_provider.oauth2_authorize_url + "?")
    assert dict(parse_qsl(urlsplit(url).query)) == {
        "response_type": "code",
        "redirect_uri": "http://client.example/cb",
        "scope": "read write",
        "state": "s1",
        "client_id": DEFAULT_CLIENT_ID,
    }
    response = requests.get(url, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("http://client.example/cb?")
    assert dict(parse_qsl(urlsplit(location).query))["state"] == "s1"


@pytest.mark.parametrize(
    "approve", [_code_over_http, _code_from_provider], ids=["http-redirect", "provider"]
)
def test_authorization_code_grant(
    oauth_provider: Provider, oauth2_service: OAuth2Service, approve: Any
) -> None:
    redirect_uri = oauth_provider.callback_url
    code = approve(
        oauth_provider,
        oauth2_service,
        response_type="code",
        redirect_uri=redirect_uri,
        scope="read write",
        state="xyz-123",
    )

    session = oauth2_service.get_auth_session(
        data={"code": code, "grant_type": "authorization_code", "redirect_uri": redirect_uri},
        decoder=json.loads,
    )

    assert isinstance(session, OAuth2Session)
    assert session.access_token_response is oauth2_service.access_token_response
    assert session.access_token_response is not None
    issued = session.access_token_response.json()
    assert session.access_token == issued["access_token"]
    me = echoed(session.get("me"))
    assert (me["scheme"], me["user"], me["client"]) == ("oauth2", "alice", DEFAULT_CLIENT_ID)
    assert me["scopes"] == ["read", "write"]


def test_form_encoded_token_response_with_the_default_decoder() -> None:
    with Provider(token_format="form") as provider:
        service = OAuth2Service(**provider.oauth2_service_kwargs())
        url = service.get_authorize_url(
            response_type="code", redirect_uri=provider.callback_url, scope="read"
        )
        code = requests.get(url, timeout=TIMEOUT).json()["code"]

        session = service.get_auth_session(
            data={
                "code": code,
                "grant_type": "authorization_code",
                "redirect_uri": provider.callback_url,
            }
        )

        assert service.access_token_response is not None
        assert service.access_token_response.headers["Content-Type"] == (
            "application/x-www-form-urlencoded"
        )
        issued = dict(parse_qsl(service.access_token_response.text))
        assert session.access_token == issued["access_token"]
        assert echoed(session.get("me"))["user"] == "alice"


def test_pkce_with_a_public_client(oauth_provider: Provider) -> None:
    service = OAuth2Service(**oauth_provider.oauth2_service_kwargs(DEFAULT_PUBLIC_CLIENT_ID))
    assert service.client_secret is None
    code = _code_over_http(
        oauth_provider,
        service,
        response_type="code",
        redirect_uri=oauth_provider.callback_url,
        code_challenge=RFC7636_CODE_CHALLENGE,
        code_challenge_method="S256",
        state="pkce",
    )

    session = service.get_auth_session(
        data={
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": oauth_provider.callback_url,
            "code_verifier": RFC7636_CODE_VERIFIER,
        },
        decoder=json.loads,
    )

    me = echoed(session.get("me"))
    assert (me["user"], me["client"]) == ("alice", DEFAULT_PUBLIC_CLIENT_ID)
    assert service.access_token_response is not None
    body = service.access_token_response.request.body
    assert isinstance(body, str)
    assert "client_secret" not in body


def test_pkce_with_the_wrong_verifier_is_refused(oauth_provider: Provider) -> None:
    service = OAuth2Service(**oauth_provider.oauth2_service_kwargs(DEFAULT_PUBLIC_CLIENT_ID))
    code = oauth_provider.authorize_code(
        DEFAULT_PUBLIC_CLIENT_ID,
        code_challenge=RFC7636_CODE_CHALLENGE,
        code_challenge_method="S256",
    )

    response = service.get_raw_access_token(
        data={
            "code": code,
            "grant_type": "authorization_code",
            "code_verifier": RFC7636_CODE_VERIFIER[::-1],
        }
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("user", ["alice", "bob"])
def test_password_grant(oauth_provider: Provider, oauth2_service: OAuth2Service, user: str) -> None:
    session = oauth2_service.get_auth_session(
        data={"grant_type": "password", "username": user, "password": f"{user}-password"},
        decoder=json.loads,
    )

    me = echoed(session.get("me"))
    assert (me["user"], me["client"]) == (user, DEFAULT_CLIENT_ID)


def test_client_credentials_grant(oauth_provider: Provider, oauth2_service: OAuth2Service) -> None:
    session = oauth2_service.get_auth_session(
        data={"grant_type": "client_credentials", "scope": "stats"}, decoder=json.loads
    )

    me = echoed(session.get("me"))
    assert (me["user"], me["client"], me["scopes"]) == (None, DEFAULT_CLIENT_ID, ["stats"])


def test_refresh_token_grant(oauth_provider: Provider, oauth2_service: OAuth2Service) -> None:
    first = oauth2_service.get_raw_access_token(
        data={"grant_type": "password", "username": "alice", "password": "alice-password"}
    ).json()
    assert first["refresh_token"]

    response = oauth2_service.get_raw_access_token(
        data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )

    assert isinstance(response, requests.Response)
    assert response.status_code == 200, response.text
    assert oauth2_service.access_token_response is response
    second = response.json()
    assert second["access_token"] != first["access_token"]
    session = oauth2_service.get_session(second["access_token"])
    assert echoed(session.get("me"))["user"] == "alice"

    third = oauth2_service.get_access_token(
        data={"grant_type": "refresh_token", "refresh_token": second["refresh_token"]},
        decoder=json.loads,
    )

    assert oauth2_service.access_token_response is not None
    assert third == oauth2_service.access_token_response.json()["access_token"]
    assert third not in (first["access_token"], second["access_token"])
    assert echoed(oauth2_service.get_session(third).get("me"))["user"] == "alice"


def test_custom_key(oauth_provider: Provider, oauth2_service: OAuth2Service) -> None:
    token_type = oauth2_service.get_access_token(
        data={"grant_type": "client_credentials"}, decoder=json.loads, key="token_type"
    )

    assert token_type == "Bearer"


@pytest.mark.parametrize("bearer_auth", [True, False], ids=["bearer_auth", "token-in-query"])
@pytest.mark.parametrize("method", METHODS)
def test_bearer_requests(oauth2_session: OAuth2Session, method: str, bearer_auth: bool) -> None:
    params = {"q": "café & co", "page": "2"}
    data = {"title": "Hello, world"}

    echo = echoed(
        oauth2_session.request(method, "echo", params=params, data=data, bearer_auth=bearer_auth)
    )

    assert (echo["method"], echo["path"], echo["user"]) == (method, "/api/echo", "alice")
    assert echo["oauth_params"]["location"] == ("header" if bearer_auth else "query")
    token = [("access_token", oauth2_session.access_token)]
    assert pairs(echo["query"]) == list(params.items()) + ([] if bearer_auth else token)
    assert pairs(echo["form"]) == list(data.items())


@pytest.mark.parametrize("bearer_auth", [True, False], ids=["bearer_auth", "token-in-query"])
def test_bearer_json_and_files(oauth2_session: OAuth2Session, bearer_auth: bool) -> None:
    body = {"name": "Zoë", "list": [1, 2]}

    json_echo = echoed(oauth2_session.post("echo", json=body, bearer_auth=bearer_auth))
    files_echo = echoed(
        oauth2_session.put(
            "echo", files={"f": ("a.txt", b"hello")}, data={"k": "v"}, bearer_auth=bearer_auth
        )
    )

    assert json_echo["json"] == body
    assert multipart_fields(files_echo["content_type"], files_echo["body"]) == [
        ("k", None, b"v"),
        ("f", "a.txt", b"hello"),
    ]


def test_stored_token_without_the_service(
    oauth_provider: Provider, oauth2_session: OAuth2Session
) -> None:
    token = oauth2_session.access_token

    with OAuth2Session(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, access_token=token) as session:
        header = echoed(session.get(oauth_provider.me_url))
        query = echoed(session.get(oauth_provider.echo_url, bearer_auth=False))

    assert header["user"] == query["user"] == "alice"
    assert ("access_token", token) in pairs(query["query"])


def test_access_token_key(oauth_provider: Provider, oauth2_session: OAuth2Session) -> None:
    session = OAuth2Session(
        access_token=oauth2_session.access_token, access_token_key="bearer_token"
    )

    response = session.get(oauth_provider.me_url, bearer_auth=False)

    # the provider only knows RFC 6750's name: the token under another
    # name is no credential
    assert response.status_code == 401
    assert ("bearer_token", oauth2_session.access_token) in parse_qsl(
        urlsplit(response.request.url or "").query
    )
