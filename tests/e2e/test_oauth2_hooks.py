"""Compliance hooks (requests-oauthlib's names and signatures) fixing a
provider that does not follow RFC 6749, against the provider."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from rauth import OAuth2Service
from rauth.hooks import COMPLIANCE_HOOKS
from rauth.testing import Provider

PASSWORD = {"grant_type": "password", "username": "alice", "password": "alice-password"}


@pytest.fixture
def service(oauth_provider: Provider) -> OAuth2Service:
    return OAuth2Service(**oauth_provider.oauth2_service_kwargs())


def test_token_request_and_response_hooks(oauth_provider: Provider, service: OAuth2Service) -> None:
    seen: list[Any] = []

    def add_scope(url: str, headers: dict[str, str], body: str) -> tuple[str, dict[str, str], str]:
        seen.append((url, headers["Content-Type"], sorted(body.split("&"))))
        return url, headers, body + "&scope=write"

    def rename(response: requests.Response) -> requests.Response:
        # a provider that calls the token "accessToken"
        data = response.json()
        data["accessToken"] = data.pop("access_token")
        response._content = json.dumps(data).encode()
        return response

    def unrename(response: requests.Response) -> requests.Response:
        data = response.json()
        data["access_token"] = data.pop("accessToken")
        response._content = json.dumps(data).encode()
        return response

    service.register_compliance_hook("access_token_request", add_scope)
    service.register_compliance_hook("access_token_response", rename)
    service.register_compliance_hook("access_token_response", unrename)

    session = service.get_password_session("alice", "alice-password")

    assert session.get("me").json()["scopes"] == ["write"]
    url, content_type, fields = seen[0]
    assert url == oauth_provider.oauth2_access_token_url
    assert content_type == "application/x-www-form-urlencoded"
    assert "grant_type=password" in fields
    assert "client_id=demo-client-id" in fields


def test_refresh_hooks_and_protected_request(
    oauth_provider: Provider, service: OAuth2Service
) -> None:
    calls: list[str] = []

    def refresh_request(
        url: str, headers: dict[str, str], body: str
    ) -> tuple[str, dict[str, str], str]:
        calls.append("refresh_token_request")
        assert "grant_type=refresh_token" in body
        return url, headers, body

    def refresh_response(response: requests.Response) -> requests.Response:
        calls.append(f"refresh_token_response {response.status_code}")
        return response

    def protected(url: str, headers: dict[str, str], data: Any) -> tuple[str, dict[str, str], Any]:
        calls.append("protected_request")
        return url, {**headers, "Content-Type": "text/plain"}, "raw body"

    service.register_compliance_hook("refresh_token_request", refresh_request)
    service.register_compliance_hook("refresh_token_response", refresh_response)
    service.register_compliance_hook("protected_request", protected)
    session = service.get_password_session("alice", "alice-password")
    session.refresh()
    echoed = session.post("echo", data={"ignored": "1"}).json()

    assert echoed["body"] == "raw body"
    assert echoed["content_type"] == "text/plain"
    assert calls == [
        "refresh_token_request",
        "refresh_token_response 200",
        "protected_request",
    ]


def test_hook_names_and_functions_are_checked(service: OAuth2Service) -> None:
    with pytest.raises(ValueError, match="access_token_response"):
        service.register_compliance_hook("token_response", lambda r: r)
    with pytest.raises(TypeError, match="function"):
        service.register_compliance_hook("protected_request", "not callable")  # type: ignore[arg-type]
    assert COMPLIANCE_HOOKS == (
        "access_token_request",
        "access_token_response",
        "refresh_token_request",
        "refresh_token_response",
        "protected_request",
    )


def test_hooks_belong_to_their_service(oauth_provider: Provider, service: OAuth2Service) -> None:
    other = OAuth2Service(**oauth_provider.oauth2_service_kwargs())
    service.register_compliance_hook("access_token_response", lambda r: r)
    assert other.compliance_hook is None
    assert service.compliance_hook is not None
    assert len(service.compliance_hook["access_token_response"]) == 1
    assert other.get_token(data=PASSWORD).access_token
