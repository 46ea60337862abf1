"""The provider's quirk modes, driven with plain requests (no rauth client
code): each answers token requests and reads access tokens as its provider
does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest
import requests

from rauth.testing import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Provider
from rauth.testing.quirks import QUIRKS, TOKEN_PARAMETERS

TIMEOUT = 10.0
CLIENT = {"client_id": DEFAULT_CLIENT_ID, "client_secret": DEFAULT_CLIENT_SECRET}


@pytest.fixture(params=QUIRKS)
def provider(request: pytest.FixtureRequest) -> Iterator[Provider]:
    with Provider(quirk=request.param, lifetime=60.0) as provider:
        yield provider


def _code_answer(provider: Provider) -> requests.Response:
    code = provider.authorize_code(redirect_uri=provider.callback_url)
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": provider.callback_url,
        **CLIENT,
    }
    return requests.post(provider.oauth2_access_token_url, data=data, timeout=TIMEOUT)


def _keys(provider: Provider, response: requests.Response) -> list[str]:
    if provider.quirk == "facebook":
        return sorted(dict(parse_qsl(response.text)))
    return sorted(response.json())


#: The members of each quirk's answer to a code (RFC 6749's would be
#: access_token, expires_in, refresh_token, scope, token_type).
CODE_ANSWERS = {
    "facebook": ["access_token", "expires"],
    "linkedin": ["access_token", "expires_in", "scope"],
    "slack": ["app_id", "authed_user", "enterprise", "is_enterprise_install", "ok", "team"],
    "fitbit": ["access_token", "expires_in", "refresh_token", "scope", "token_type", "user_id"],
    "instagram": ["access_token", "user_id"],
    "mailchimp": ["access_token", "expires_in", "scope"],
    "weibo": ["access_token", "expires_in", "remind_in", "scope", "uid"],
    "douban": ["access_token", "douban_user_id", "expires_in", "refresh_token", "scope"],
    "ebay": ["access_token", "expires_in", "refresh_token", "scope", "token_type"],
    "plentymarkets": ["accessToken", "expiresIn", "refreshToken", "scope", "tokenType"],
}


def test_code_answers(provider: Provider) -> None:
    response = _code_answer(provider)
    assert response.status_code == 200
    assert _keys(provider, response) == CODE_ANSWERS[provider.quirk or ""]


def test_facebook_answer_is_text_plain() -> None:
    with Provider(quirk="facebook", lifetime=60.0) as provider:
        response = _code_answer(provider)
    assert response.headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert dict(parse_qsl(response.text))["expires"] == "3600"


def test_special_values() -> None:
    expected: dict[str, dict[str, Any]] = {
        "mailchimp": {"expires_in": 0, "scope": None},
        "ebay": {"token_type": "User Access Token"},
        "plentymarkets": {"tokenType": "Bearer", "expiresIn": 3600},
    }
    for quirk, values in expected.items():
        with Provider(quirk=quirk, lifetime=60.0) as provider:
            answer = _code_answer(provider).json()
        assert {name: answer[name] for name in values} == values, quirk


def test_slack_nests_the_user_token() -> None:
    with Provider(quirk="slack", lifetime=60.0) as provider:
        answer = _code_answer(provider).json()
    user = answer["authed_user"]
    assert (answer["ok"], user["id"], user["token_type"]) == (True, "U1234", "user")
    assert sorted(user) == [
        "access_token",
        "expires_in",
        "id",
        "refresh_token",
        "scope",
        "token_type",
    ]


@pytest.mark.parametrize(
    ("quirk", "status", "body"),
    [
        ("fitbit", 400, {
            "errors": [{"errorType": "invalid_grant", "message": "unknown authorization code"}],
            "success": False,
        }),
        ("slack", 200, {"error": "invalid_grant", "ok": False}),
        ("ebay", 400, {"error": "invalid_grant",
                       "error_description": "unknown authorization code"}),
    ],
    ids=["fitbit", "slack", "rfc6749"],
)  # fmt: skip
def test_error_answers(quirk: str, status: int, body: dict[str, Any]) -> None:
    with Provider(quirk=quirk, lifetime=60.0) as provider:
        data = {"grant_type": "authorization_code", "code": "nope", **CLIENT}
        response = requests.post(provider.oauth2_access_token_url, data=data, timeout=TIMEOUT)
    assert response.status_code == status
    assert response.json() == body


def _token_of(provider: Provider) -> str:
    answer = _code_answer(provider)
    if provider.quirk == "facebook":
        return dict(parse_qsl(answer.text))["access_token"]
    data = answer.json()
    data = data.get("authed_user", data)
    token: str = data.get("access_token") or data["accessToken"]
    return token


def test_resources_read_the_token_where_the_quirk_says(provider: Provider) -> None:
    token = _token_of(provider)
    header = {"Authorization": "Bearer " + token}
    by_header = requests.get(provider.me_url, headers=header, timeout=TIMEOUT)
    name = TOKEN_PARAMETERS.get(provider.quirk or "")
    if name is None:
        assert by_header.json()["user"] == "alice"
        return
    assert by_header.status_code == 401  # the header is ignored
    by_param = requests.get(provider.me_url, params={name: token}, timeout=TIMEOUT)
    assert by_param.json()["user"] == "alice"
    wrong = requests.get(provider.me_url, params={name: "not-a-token"}, timeout=TIMEOUT)
    assert wrong.status_code == 401
    assert 'error="invalid_token"' in wrong.headers["WWW-Authenticate"]


def test_slack_reads_the_token_from_a_form_body() -> None:
    with Provider(quirk="slack", lifetime=60.0) as provider:
        token = _token_of(provider)
        response = requests.post(provider.echo_url, data={"token": token}, timeout=TIMEOUT)
    assert response.json()["user"] == "alice"


def test_mailchimp_tokens_do_not_expire() -> None:
    now = [1_700_000_000.0]
    with Provider(quirk="mailchimp", lifetime=60.0, clock=lambda: now[0]) as provider:
        token = _token_of(provider)
        now[0] += 50 * 365 * 86400.0
        response = requests.get(
            provider.me_url, headers={"Authorization": "Bearer " + token}, timeout=TIMEOUT
        )
    assert response.json()["user"] == "alice"


def test_bad_quirks_are_refused() -> None:
    with pytest.raises(ValueError, match="quirk must be one of facebook, linkedin"):
        Provider(quirk="myspace")
    with pytest.raises(ValueError, match="token_format"):
        Provider(quirk="facebook", token_format="form")
