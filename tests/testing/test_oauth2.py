"""The OAuth 2 provider, driven over HTTP by oauthlib's reference clients."""

from __future__ import annotations

import base64
import http.client
import json
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
import requests
from oauthlib.oauth2 import (
    BackendApplicationClient,
    LegacyApplicationClient,
    WebApplicationClient,
)

from rauth.testing import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    Provider,
)

REDIRECT = "http://client.example/cb"
SECRET = {"client_id": DEFAULT_CLIENT_ID, "client_secret": DEFAULT_CLIENT_SECRET}


@pytest.fixture(autouse=True)
def _insecure_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    # oauthlib's clients refuse http:// URLs; the provider only serves loopback http.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")


def token_request(provider: Provider, body: str, **kwargs: Any) -> requests.Response:
    headers = {"Content-Type": "application/x-www-form-urlencoded", **kwargs.pop("headers", {})}
    return requests.post(
        provider.oauth2_access_token_url, data=body, headers=headers, timeout=10, **kwargs
    )


def authorize(provider: Provider, **params: Any) -> dict[str, str]:
    """Run the authorization request over HTTP; return the redirect's query."""
    client = WebApplicationClient(params.pop("client_id", DEFAULT_CLIENT_ID))
    uri = client.prepare_request_uri(provider.oauth2_authorize_url, **params)
    response = requests.get(uri, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    return dict(parse_qsl(urlsplit(response.headers["Location"]).query))


def exchange(provider: Provider, code: str, **kwargs: Any) -> requests.Response:
    client = WebApplicationClient(kwargs.pop("client_id", DEFAULT_CLIENT_ID))
    body = client.prepare_request_body(code=code, include_client_id=True, **kwargs)
    return token_request(provider, body)


def bearer_get(provider: Provider, token: str) -> requests.Response:
    headers = {"Authorization": "Bearer " + token}
    return requests.get(provider.me_url, headers=headers, timeout=10)


def password_token(provider: Provider, **kwargs: Any) -> dict[str, Any]:
    body = LegacyApplicationClient(DEFAULT_CLIENT_ID).prepare_request_body(
        username="alice", password="alice-password", include_client_id=True, **SECRET, **kwargs
    )
    response = token_request(provider, body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


# -- Authorization code ----------------------------------------------------


def test_code_flow_over_http(oauth_provider: Provider) -> None:
    returned = authorize(
        oauth_provider, redirect_uri=REDIRECT, scope=["read", "write"], state="xyz"
    )
    assert returned["state"] == "xyz"

    response = exchange(
        oauth_provider, returned["code"], redirect_uri=REDIRECT, client_secret=DEFAULT_CLIENT_SECRET
    )

    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json"
    token = response.json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 3600
    assert token["scope"] == "read write"
    assert token["refresh_token"]
    assert bearer_get(oauth_provider, token["access_token"]).json() == {
        "client": DEFAULT_CLIENT_ID,
        "scheme": "oauth2",
        "scopes": ["read", "write"],
        "user": "alice",
    }


def test_default_redirect_is_the_callback_page(oauth_provider: Provider) -> None:
    client = WebApplicationClient(DEFAULT_CLIENT_ID)
    uri = client.prepare_request_uri(oauth_provider.oauth2_authorize_url, state="s")

    response = requests.get(uri, timeout=10)

    assert response.url.startswith(oauth_provider.callback_url + "?")
    assert response.json()["state"] == "s"
    token = exchange(oauth_provider, response.json()["code"], client_secret=DEFAULT_CLIENT_SECRET)
    assert token.status_code == 200, token.text


def test_python_authorize_code(oauth_provider: Provider) -> None:
    code = oauth_provider.authorize_code(scope=["read"], user="bob")

    token = exchange(oauth_provider, code, client_secret=DEFAULT_CLIENT_SECRET).json()

    assert bearer_get(oauth_provider, token["access_token"]).json()["user"] == "bob"


def test_authorize_query_picks_user_and_denial(oauth_provider: Provider) -> None:
    bob = authorize(oauth_provider, user="bob", state="1")
    denied = authorize(oauth_provider, approve="false", state="2")

    token = exchange(oauth_provider, bob["code"], client_secret=DEFAULT_CLIENT_SECRET).json()
    assert bearer_get(oauth_provider, token["access_token"]).json()["user"] == "bob"
    assert denied == {"error": "access_denied", "state": "2"}


@pytest.mark.parametrize("method", ["S256", "plain"])
def test_pkce_public_client(oauth_provider: Provider, method: str) -> None:
    client = WebApplicationClient(DEFAULT_PUBLIC_CLIENT_ID)
    verifier = client.create_code_verifier(64)
    # oauthlib's client spells the plain method None; plain sends the verifier.
    challenge = verifier if method == "plain" else client.create_code_challenge(verifier, method)
    returned = authorize(
        oauth_provider,
        client_id=DEFAULT_PUBLIC_CLIENT_ID,
        code_challenge=challenge,
        code_challenge_method=method,
    )

    response = exchange(
        oauth_provider, returned["code"], client_id=DEFAULT_PUBLIC_CLIENT_ID, code_verifier=verifier
    )

    assert response.status_code == 200, response.text


def test_pkce_with_python_authorize_code(oauth_provider: Provider) -> None:
    client = WebApplicationClient(DEFAULT_CLIENT_ID)
    verifier = client.create_code_verifier(50)
    code = oauth_provider.authorize_code(
        code_challenge=client.create_code_challenge(verifier, "S256"), code_challenge_method="S256"
    )

    wrong = exchange(
        oauth_provider, code, client_secret=DEFAULT_CLIENT_SECRET, code_verifier="x" * 50
    )
    missing = exchange(oauth_provider, code, client_secret=DEFAULT_CLIENT_SECRET)
    right = exchange(
        oauth_provider, code, client_secret=DEFAULT_CLIENT_SECRET, code_verifier=verifier
    )

    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")
    assert right.status_code == 200, right.text


def test_pkce_required_for_the_public_client(oauth_provider: Provider) -> None:
    returned = authorize(oauth_provider, client_id=DEFAULT_PUBLIC_CLIENT_ID, state="s")

    assert returned["error"] == "invalid_request"
    assert "challenge" in returned["error_description"]


def test_code_expires_with_expire_codes(oauth_provider: Provider) -> None:
    code = oauth_provider.authorize_code()

    assert oauth_provider.expire_codes() == 1
    response = exchange(oauth_provider, code, client_secret=DEFAULT_CLIENT_SECRET)

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "authorization code expired",
    }


def test_code_expires_by_the_clock() -> None:
    now = [0.0]
    with Provider(clock=lambda: now[0], code_lifetime=30) as provider:
        code = provider.authorize_code()
        now[0] = 31.0
        response = exchange(provider, code, client_secret=DEFAULT_CLIENT_SECRET)

    assert response.json()["error_description"] == "authorization code expired"


def test_code_replay_revokes_its_token(oauth_provider: Provider) -> None:
    code = oauth_provider.authorize_code()
    token = exchange(oauth_provider, code, client_secret=DEFAULT_CLIENT_SECRET).json()

    replay = exchange(oauth_provider, code, client_secret=DEFAULT_CLIENT_SECRET)

    assert replay.status_code == 400
    assert replay.json()["error_description"] == "authorization code already used"
    assert bearer_get(oauth_provider, token["access_token"]).status_code == 401


def test_unknown_code(oauth_provider: Provider) -> None:
    response = exchange(oauth_provider, "made-up", client_secret=DEFAULT_CLIENT_SECRET)

    assert response.json()["error_description"] == "unknown authorization code"


def test_code_of_another_client(oauth_provider: Provider) -> None:
    oauth_provider.add_client("other", "other-secret")
    code = oauth_provider.authorize_code()

    response = exchange(oauth_provider, code, client_id="other", client_secret="other-secret")

    assert response.json()["error_description"] == "code was issued to another client"


def test_redirect_uri_must_match_at_the_token_endpoint(oauth_provider: Provider) -> None:
    code = oauth_provider.authorize_code(redirect_uri=REDIRECT)

    response = exchange(
        oauth_provider, code, redirect_uri=REDIRECT + "/other", client_secret=DEFAULT_CLIENT_SECRET
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_unregistered_redirect_uri_is_not_followed(oauth_provider: Provider) -> None:
    oauth_provider.add_client("strict", "s", redirect_uris=[REDIRECT])
    client = WebApplicationClient("strict")
    uri = client.prepare_request_uri(
        oauth_provider.oauth2_authorize_url, redirect_uri="http://evil.example/"
    )

    response = requests.get(uri, allow_redirects=False, timeout=10)

    assert response.status_code == 400
    assert "Location" not in response.headers
    assert response.json()["error"] == "invalid_request"
    with pytest.raises(ValueError, match="invalid_request"):
        oauth_provider.authorize_code("strict", redirect_uri="http://evil.example/")


def test_registered_redirect_uri_is_the_default(oauth_provider: Provider) -> None:
    oauth_provider.add_client("strict", "s", redirect_uris=[REDIRECT])
    uri = WebApplicationClient("strict").prepare_request_uri(oauth_provider.oauth2_authorize_url)

    response = requests.get(uri, allow_redirects=False, timeout=10)

    assert response.headers["Location"].startswith(REDIRECT + "?code=")


def test_authorize_unknown_client(oauth_provider: Provider) -> None:
    uri = WebApplicationClient("nobody").prepare_request_uri(oauth_provider.oauth2_authorize_url)

    response = requests.get(uri, allow_redirects=False, timeout=10)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    with pytest.raises(ValueError, match="invalid_request"):
        oauth_provider.authorize_code("nobody")


def test_scope_outside_the_registration(oauth_provider: Provider) -> None:
    oauth_provider.add_client("scoped", "s", scopes=["read"], default_scopes=["read"])

    returned = authorize(oauth_provider, client_id="scoped", scope=["admin"], state="s")
    code = oauth_provider.authorize_code("scoped")
    token = exchange(oauth_provider, code, client_id="scoped", client_secret="s").json()

    assert returned["error"] == "invalid_scope"
    assert token["scope"] == "read"
    with pytest.raises(ValueError, match="invalid_scope"):
        oauth_provider.authorize_code("scoped", scope="admin")


def test_denied_authorization_of_an_unknown_client(oauth_provider: Provider) -> None:
    oauth_provider.approve = False
    uri = WebApplicationClient("nobody").prepare_request_uri(oauth_provider.oauth2_authorize_url)

    response = requests.get(uri, allow_redirects=False, timeout=10)

    assert response.status_code == 400


def test_client_without_the_code_grant(oauth_provider: Provider) -> None:
    oauth_provider.add_client("machine", "s", grant_types=["client_credentials"])

    returned = authorize(oauth_provider, client_id="machine", state="s")

    assert returned["error"] == "unauthorized_client"


# -- Other grants ----------------------------------------------------------


def test_password_grant(oauth_provider: Provider) -> None:
    token = password_token(oauth_provider, scope=["read"])

    assert token["scope"] == "read"
    assert bearer_get(oauth_provider, token["access_token"]).json()["user"] == "alice"


def test_password_grant_wrong_password(oauth_provider: Provider) -> None:
    body = LegacyApplicationClient(DEFAULT_CLIENT_ID).prepare_request_body(
        username="alice", password="nope", include_client_id=True, **SECRET
    )

    response = token_request(oauth_provider, body)

    assert response.status_code == 400
    assert response.json()["error_description"] == "wrong username or password"
    assert "nope" not in response.text


def test_client_credentials_with_basic_auth(oauth_provider: Provider) -> None:
    body = BackendApplicationClient(DEFAULT_CLIENT_ID).prepare_request_body()

    response = token_request(oauth_provider, body, auth=(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET))

    assert response.status_code == 200, response.text
    assert "refresh_token" not in response.json()
    me = bearer_get(oauth_provider, response.json()["access_token"]).json()
    assert me == {"client": DEFAULT_CLIENT_ID, "scheme": "oauth2", "scopes": [], "user": None}


def test_basic_auth_credentials_are_form_decoded(oauth_provider: Provider) -> None:
    oauth_provider.add_client("id with space", "s&cret:x")
    pair = quote("id with space", safe="") + ":" + quote("s&cret:x", safe="")
    header = "Basic " + base64.b64encode(pair.encode()).decode()
    body = BackendApplicationClient("x").prepare_request_body()

    response = token_request(oauth_provider, body, headers={"Authorization": header})

    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("credentials", "description"),
    [
        ({"client_id": DEFAULT_CLIENT_ID, "client_secret": "wrong"}, "wrong client_secret"),
        ({"client_id": DEFAULT_CLIENT_ID}, "missing client_secret"),
        ({"client_id": "nobody", "client_secret": "x"}, "unknown client_id"),
        (
            {"client_id": DEFAULT_PUBLIC_CLIENT_ID, "client_secret": "x"},
            "public client sent a client_secret",
        ),
        ({}, "unknown client_id"),
    ],
    ids=["wrong-secret", "no-secret", "unknown-client", "public-with-secret", "anonymous"],
)
def test_client_authentication_failures(
    oauth_provider: Provider, credentials: dict[str, str], description: str
) -> None:
    body = urlencode({"grant_type": "client_credentials", **credentials})

    response = token_request(oauth_provider, body)

    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client", "error_description": description}


@pytest.mark.parametrize("header", ["Basic !!!", "Basic " + base64.b64encode(b"no-colon").decode()])
def test_malformed_basic_auth(oauth_provider: Provider, header: str) -> None:
    body = BackendApplicationClient(None).prepare_request_body()

    response = token_request(oauth_provider, body, headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["error_description"] == "malformed Basic credentials"


def test_wrong_basic_secret(oauth_provider: Provider) -> None:
    body = BackendApplicationClient(None).prepare_request_body()

    response = token_request(oauth_provider, body, auth=(DEFAULT_CLIENT_ID, "wrong"))

    assert response.status_code == 401
    assert response.json()["error_description"] == "wrong client_secret"


def test_grant_not_allowed_for_the_client(oauth_provider: Provider) -> None:
    oauth_provider.add_client("web", "s", grant_types=["authorization_code"])
    body = urlencode({"grant_type": "client_credentials", "client_id": "web", "client_secret": "s"})

    response = token_request(oauth_provider, body)

    assert response.status_code == 400
    assert response.json()["error"] == "unauthorized_client"


def test_token_endpoint_wants_post(oauth_provider: Provider) -> None:
    response = requests.get(oauth_provider.oauth2_access_token_url, timeout=10)

    assert response.status_code == 400
    assert "method" in response.json()["error_description"]


# -- Refresh tokens --------------------------------------------------------


def test_refresh_rotates_the_refresh_token(oauth_provider: Provider) -> None:
    first = password_token(oauth_provider)
    client = WebApplicationClient(DEFAULT_CLIENT_ID)

    body = client.prepare_refresh_body(refresh_token=first["refresh_token"], **SECRET)
    second = token_request(oauth_provider, body)
    replay = token_request(oauth_provider, body)

    assert second.status_code == 200, second.text
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert replay.status_code == 400
    assert replay.json()["error_description"] == "unknown refresh token"
    assert bearer_get(oauth_provider, second.json()["access_token"]).json()["user"] == "alice"


def test_refresh_after_the_access_token_expired(oauth_provider: Provider) -> None:
    token = password_token(oauth_provider)

    assert oauth_provider.expire_tokens() == 1
    expired = bearer_get(oauth_provider, token["access_token"])
    body = WebApplicationClient(DEFAULT_CLIENT_ID).prepare_refresh_body(
        refresh_token=token["refresh_token"], **SECRET
    )
    refreshed = token_request(oauth_provider, body)

    assert expired.status_code == 401
    assert expired.json()["error_description"] == "access token expired"
    assert refreshed.status_code == 200, refreshed.text


def test_revoked_refresh_token(oauth_provider: Provider) -> None:
    token = password_token(oauth_provider)

    assert oauth_provider.revoke(token["refresh_token"]) is True
    body = WebApplicationClient(DEFAULT_CLIENT_ID).prepare_refresh_body(
        refresh_token=token["refresh_token"], **SECRET
    )
    response = token_request(oauth_provider, body)

    assert response.json()["error_description"] == "refresh token revoked"
    assert bearer_get(oauth_provider, token["access_token"]).status_code == 401


def test_refresh_token_of_another_client(oauth_provider: Provider) -> None:
    oauth_provider.add_client("other", "other-secret")
    token = password_token(oauth_provider)
    body = WebApplicationClient("other").prepare_refresh_body(
        refresh_token=token["refresh_token"], client_id="other", client_secret="other-secret"
    )

    response = token_request(oauth_provider, body)

    assert response.json()["error_description"] == "refresh token belongs to another client"


def test_refresh_within_the_original_scope(oauth_provider: Provider) -> None:
    token = password_token(oauth_provider, scope=["read"])
    body = WebApplicationClient(DEFAULT_CLIENT_ID).prepare_refresh_body(
        refresh_token=token["refresh_token"], scope=["admin"], **SECRET
    )

    response = token_request(oauth_provider, body)

    assert response.json()["error"] == "invalid_scope"


# -- Protected resources ---------------------------------------------------


def test_token_in_query_or_form(oauth_provider: Provider) -> None:
    token = password_token(oauth_provider)["access_token"]

    by_query = requests.get(oauth_provider.echo_url, params={"access_token": token}, timeout=10)
    by_form = requests.post(oauth_provider.echo_url, data={"access_token": token}, timeout=10)
    by_header = requests.put(
        oauth_provider.echo_url,
        headers={"Authorization": "Bearer " + token},
        json={"a": 1},
        timeout=10,
    )

    assert by_query.json()["oauth_params"] == {"location": "query", "token_type": "Bearer"}
    assert by_form.json()["oauth_params"]["location"] == "form"
    assert by_header.json()["oauth_params"]["location"] == "header"
    assert by_header.json()["json"] == {"a": 1}
    assert by_header.json()["method"] == "PUT"


def test_revoked_access_token(oauth_provider: Provider) -> None:
    token = password_token(oauth_provider)["access_token"]

    oauth_provider.revoke(token)
    response = bearer_get(oauth_provider, token)

    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_token",
        "error_description": "access token revoked",
    }
    assert (
        response.headers["WWW-Authenticate"]
        == 'Bearer realm="rauth.testing", error="invalid_token"'
    )


def test_unknown_and_empty_access_token(oauth_provider: Provider) -> None:
    unknown = bearer_get(oauth_provider, "made-up")
    empty = requests.get(oauth_provider.me_url, params={"access_token": ""}, timeout=10)

    assert unknown.json()["error_description"] == "unknown access token"
    assert empty.json()["error_description"] == "missing access token"


def raw_get(
    provider: Provider, target: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """Send a GET that ``requests`` would have cleaned up; return the response."""
    connection = http.client.HTTPConnection("127.0.0.1", provider.port, timeout=10)
    try:
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_malformed_query_string(oauth_provider: Provider) -> None:
    status, body = raw_get(oauth_provider, "/api/me?access_token=s3cr3t%ZZ")

    assert status == 400
    assert json.loads(body) == {
        "error": "invalid_request",
        "error_description": (
            "malformed query string: not valid application/x-www-form-urlencoded"
        ),
    }


def test_malformed_host_header(oauth_provider: Provider) -> None:
    status, body = raw_get(oauth_provider, "/api/me?access_token=s3cr3t", {"Host": "[::1"})

    assert status == 400
    assert json.loads(body)["error_description"] == (
        "malformed Host header: not a valid host and port"
    )
    assert b"s3cr3t" not in body


def test_form_encoded_token_responses() -> None:
    with Provider(token_format="form") as provider:
        body = BackendApplicationClient(DEFAULT_CLIENT_ID).prepare_request_body(
            include_client_id=True, client_secret=DEFAULT_CLIENT_SECRET
        )
        ok = token_request(provider, body)
        error = token_request(provider, body.replace(DEFAULT_CLIENT_SECRET, "wrong"))

    assert ok.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert set(dict(parse_qsl(ok.text, keep_blank_values=True))) == {
        "access_token",
        "expires_in",
        "token_type",
        "scope",
    }
    assert dict(parse_qsl(error.text))["error"] == "invalid_client"


def test_token_lifetime_is_configurable() -> None:
    with Provider(token_lifetime=60) as provider:
        assert password_token(provider)["expires_in"] == 60


def test_token_format_must_be_known() -> None:
    with pytest.raises(ValueError, match="token_format"):
        Provider(token_format="xml")
