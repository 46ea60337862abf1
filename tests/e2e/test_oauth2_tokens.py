"""Whole OAuth 2 tokens against the provider: get_token and the grant
helpers, token responses read by their body, typed errors of every shape,
each client authentication method checked by the provider, revocation."""

from __future__ import annotations

import json
import pickle

import pytest
import requests
from requests.auth import HTTPBasicAuth

from rauth import OAuth2Error, OAuth2Service, OAuth2Token
from rauth.errors import OAuth2DecodeError
from rauth.testing import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    Provider,
)
from rauth.testing.token_endpoint import TOKEN_FAULTS

PASSWORD = {"grant_type": "password", "username": "alice", "password": "alice-password"}


def _service(provider: Provider, **kwargs: object) -> OAuth2Service:
    return OAuth2Service(name="e2e", **provider.oauth2_service_kwargs(), **kwargs)  # type: ignore[arg-type]


def test_get_token_returns_the_whole_token(oauth_provider: Provider) -> None:
    service = _service(oauth_provider)
    token = service.get_token(data=PASSWORD)

    assert isinstance(token, OAuth2Token)
    assert token["token_type"] == "Bearer"
    assert token.access_token
    assert token.refresh_token
    assert token["expires_in"] == 3600
    assert token.expires_at is not None
    assert json.loads(json.dumps(token)) == dict(token)
    assert pickle.loads(pickle.dumps(token)) == token
    assert token.access_token not in repr(token)
    assert token.refresh_token not in repr(token)
    session = service.get_session(token)
    assert session.token == token
    assert session.get("me").json()["user"] == "alice"


@pytest.mark.parametrize("token_format", ["json", "form"])
def test_default_decoder_lets_the_body_decide(token_format: str) -> None:
    # the 0.7.2 calls return what they returned, whatever the encoding
    with Provider(token_format=token_format) as provider:
        service = _service(provider)
        access_token = service.get_access_token(data=PASSWORD)
        assert isinstance(access_token, str)
        session = service.get_auth_session(data=PASSWORD)
        assert session.get("me").json()["user"] == "alice"
        assert service.get_session(access_token).get("me").status_code == 200


def test_oauth1_token_calls_read_json_bodies(oauth_provider: Provider) -> None:
    # an OAuth 1 provider answering JSON: the default decoder reads it
    from rauth import OAuth1Service

    service = OAuth1Service(**oauth_provider.oauth1_service_kwargs())

    def as_json(response: requests.Response, *args: object, **kwargs: object) -> None:
        pairs = dict(pair.split("=", 1) for pair in response.text.split("&"))
        response._content = json.dumps(pairs).encode()

    token, secret = service.get_request_token(
        params={"oauth_callback": "oob"}, hooks={"response": as_json}
    )
    assert token
    assert secret


def test_password_session(oauth_provider: Provider) -> None:
    updates: list[OAuth2Token] = []
    service = _service(oauth_provider)
    session = service.get_password_session(
        "alice", "alice-password", scope=["read", "write"], token_updater=updates.append
    )
    assert session.token is not None
    assert session.token.scope == "read write"
    assert session.token_updater == updates.append
    assert session.get("me").json()["scopes"] == ["read", "write"]


def test_client_credentials_session(oauth_provider: Provider) -> None:
    service = _service(oauth_provider, scope="read")
    session = service.get_client_credentials_session()
    me = session.get("me").json()
    assert me["client"] == DEFAULT_CLIENT_ID
    assert me["user"] is None
    assert me["scopes"] == ["read"]
    assert session.token is not None
    assert session.token.scope == "read"


def test_get_session_accepts_a_token_dict(oauth_provider: Provider) -> None:
    service = _service(oauth_provider)
    stored = json.loads(json.dumps(service.get_token(data=PASSWORD)))
    session = service.get_session(stored)
    assert isinstance(session.token, OAuth2Token)
    assert session.token.expires_at == stored["expires_at"]
    assert session.access_token == stored["access_token"]
    assert session.get("me").status_code == 200


def test_get_session_refuses_a_dict_without_access_token(oauth_provider: Provider) -> None:
    with pytest.raises(ValueError, match="access_token"):
        _service(oauth_provider).get_session({"token_type": "Bearer"})


# -- Client authentication, as the provider saw it --------------------------


@pytest.mark.parametrize(
    ("method", "seen"),
    [
        ("client_secret_post", "client_secret_post"),
        ("client_secret_basic", "client_secret_basic"),
        (HTTPBasicAuth(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET), "client_secret_basic"),
    ],
    ids=["post", "basic", "custom-authbase"],
)
def test_confidential_client_authentication(
    oauth_provider: Provider, method: object, seen: str
) -> None:
    service = _service(oauth_provider, token_endpoint_auth_method=method)
    session = service.get_password_session("alice", "alice-password")
    assert session.get("me").json()["client"] == DEFAULT_CLIENT_ID
    assert [(r.grant_type, r.client_auth, r.status) for r in oauth_provider.token_requests] == [
        ("password", seen, 200)
    ]


@pytest.mark.parametrize("method", ["client_secret_post", "client_secret_basic"])
def test_wrong_secret_is_refused_by_the_provider(oauth_provider: Provider, method: str) -> None:
    kwargs = {**oauth_provider.oauth2_service_kwargs(), "client_secret": "NOT-THE-SECRET"}
    service = OAuth2Service(**kwargs, token_endpoint_auth_method=method)
    with pytest.raises(OAuth2Error) as raised:
        service.get_token(data=PASSWORD)
    assert raised.value.error == "invalid_client"
    assert raised.value.status_code == 401
    assert "NOT-THE-SECRET" not in str(raised.value)


def test_basic_credentials_are_form_encoded(oauth_provider: Provider) -> None:
    # RFC 6749 2.3.1: the id and secret are form-encoded before Basic
    oauth_provider.add_client("client id:1", "s3cret&+:/", grant_types=("client_credentials",))
    service = OAuth2Service(
        "client id:1",
        "s3cret&+:/",
        access_token_url=oauth_provider.oauth2_access_token_url,
        base_url=oauth_provider.base_url,
        token_endpoint_auth_method="client_secret_basic",
    )
    session = service.get_client_credentials_session()
    assert session.get("me").json()["client"] == "client id:1"


def test_public_client_sends_its_id_only(oauth_provider: Provider) -> None:
    service = OAuth2Service(
        DEFAULT_PUBLIC_CLIENT_ID,
        None,
        access_token_url=oauth_provider.oauth2_access_token_url,
        base_url=oauth_provider.base_url,
        token_endpoint_auth_method="none",
    )
    session = service.get_password_session("alice", "alice-password")
    assert session.get("me").json()["client"] == DEFAULT_PUBLIC_CLIENT_ID
    assert oauth_provider.token_requests[-1].client_auth == "none"


@pytest.mark.parametrize(
    ("method", "error"),
    [("client_secret_jwt!", ValueError), (42, TypeError)],
    ids=["unknown-name", "not-a-method"],
)
def test_unknown_auth_method_is_refused(method: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="token_endpoint_auth_method"):
        OAuth2Service("id", "secret", token_endpoint_auth_method=method)  # type: ignore[arg-type]


def test_basic_needs_a_secret() -> None:
    service = OAuth2Service(
        "id",
        None,
        access_token_url="http://127.0.0.1:9/t",
        token_endpoint_auth_method="client_secret_basic",
    )
    with pytest.raises(ValueError, match="client_secret"):
        service.get_token(data=PASSWORD)


# -- Errors of every shape ------------------------------------------------


@pytest.mark.parametrize("fault", TOKEN_FAULTS)
def test_token_endpoint_faults_raise_oauth2_error(oauth_provider: Provider, fault: str) -> None:
    service = _service(oauth_provider)
    oauth_provider.fail_token_requests(fault)
    with pytest.raises(OAuth2Error) as raised:
        service.get_token(data=PASSWORD)
    error = raised.value
    assert isinstance(error, KeyError)
    response = service.access_token_response
    assert error.response is response
    assert error.status_code == response.status_code
    assert f"HTTP {response.status_code}" in str(error)
    assert "alice-password" not in str(error)
    assert DEFAULT_CLIENT_SECRET not in str(error)
    assert len(str(error)) < 300
    if fault in ("json_error", "json_error_200", "form_error"):
        assert error.error == "invalid_grant"
        assert error.description == "the grant is not valid (fault)"
    else:
        assert error.error is None


@pytest.mark.parametrize("fault", TOKEN_FAULTS)
def test_faults_with_rauth_07_calls_raise_a_key_error(oauth_provider: Provider, fault: str) -> None:
    service = _service(oauth_provider)
    oauth_provider.fail_token_requests(fault)
    with pytest.raises(KeyError) as raised:
        service.get_auth_session(data=PASSWORD)
    assert isinstance(raised.value, OAuth2Error)
    assert raised.value.args[0].startswith("Decoder failed to handle access_token")


@pytest.mark.parametrize("fault", ["html", "empty", "server_error", "truncated_json"])
def test_json_loads_decoder_raises_a_json_decode_error(
    oauth_provider: Provider, fault: str
) -> None:
    service = _service(oauth_provider)
    oauth_provider.fail_token_requests(fault)
    with pytest.raises(json.JSONDecodeError) as raised:
        service.get_access_token(data=PASSWORD, decoder=json.loads)
    error = raised.value
    assert isinstance(error, ValueError)
    assert isinstance(error, OAuth2DecodeError)
    status = service.access_token_response.status_code  # type: ignore[union-attr]
    assert f"HTTP {status}" in str(error)
    assert error.status_code == status


def test_real_provider_error_carries_its_fields(oauth_provider: Provider) -> None:
    service = _service(oauth_provider)
    with pytest.raises(OAuth2Error) as raised:
        service.get_token(data={**PASSWORD, "password": "nope"})
    assert raised.value.error == "invalid_grant"
    assert raised.value.status_code == 400
    assert "nope" not in str(raised.value)
    assert pickle.loads(pickle.dumps(raised.value)).error == "invalid_grant"


# -- Revocation (RFC 7009) ------------------------------------------------


@pytest.mark.parametrize("method", ["client_secret_post", "client_secret_basic"])
def test_revoke_access_token(oauth_provider: Provider, method: str) -> None:
    service = _service(oauth_provider, token_endpoint_auth_method=method)
    session = service.get_password_session("alice", "alice-password")
    assert session.get("me").status_code == 200

    response = service.revoke_token(session.token, token_type_hint="access_token")

    assert response.status_code == 200
    assert service.get_session(session.access_token).get("me").status_code == 401
    # the session tries its refresh token once, which went with the pair
    with pytest.raises(OAuth2Error) as raised:
        session.get("me")
    assert raised.value.error == "invalid_grant"


def test_revoke_refresh_token_then_refresh_fails(oauth_provider: Provider) -> None:
    service = _service(oauth_provider)
    session = service.get_password_session("alice", "alice-password")
    assert session.token is not None
    before = session.token
    service.revoke_token(session.token.refresh_token, token_type_hint="refresh_token")
    with pytest.raises(OAuth2Error) as raised:
        session.refresh()
    assert raised.value.error == "invalid_grant"
    assert session.token is before


def test_revoke_with_wrong_client_secret_raises(oauth_provider: Provider) -> None:
    token = _service(oauth_provider).get_token(data=PASSWORD)
    kwargs = {**oauth_provider.oauth2_service_kwargs(), "client_secret": "wrong"}
    with pytest.raises(OAuth2Error) as raised:
        OAuth2Service(**kwargs).revoke_token(token)
    assert raised.value.error == "invalid_client"


def test_revoke_needs_a_url_and_a_token() -> None:
    with pytest.raises(TypeError, match="revocation_url"):
        OAuth2Service("id", "secret").revoke_token("t")
    with pytest.raises(ValueError, match="token"):
        OAuth2Service("id", "secret", revocation_url="http://127.0.0.1:9/r").revoke_token({})
