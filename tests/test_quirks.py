"""rauth.quirks: each fix's transformation of a token response or of a
protected request, on the providers' documented answers, with the expected
results written out (the end-to-end tests are in
tests/e2e/test_provider_quirks.py)."""

from __future__ import annotations

import json
import pickle
from typing import Any, Callable

import pytest
import requests
from requests import Response

from rauth import OAuth2Service, OAuth2Token, quirks
from rauth.errors import OAuth2Error
from rauth.hooks import (
    COMPLIANCE_HOOKS,
    TokenHook,
    protected_prepared,
    protected_request,
    with_token,
)
from rauth.tokens import token_from_response

Fix = Callable[[OAuth2Service], OAuth2Service]
TOKEN = OAuth2Token({"access_token": "tok", "token_type": "Bearer"})


def _response(body: str, content_type: str = "application/json", status: int = 200) -> Response:
    response = Response()
    response.status_code = status
    response.headers["Content-Type"] = content_type
    response._content = body.encode("utf-8")
    return response


def _fixed(fix: Fix, response: Response, hook: str = "access_token_response") -> Response:
    service = fix(OAuth2Service("id", "secret"))
    assert service.compliance_hook is not None
    for fn in service.compliance_hook[hook]:
        response = fn(response)
    return response


def _sent(fix: Fix, url: str, data: Any = None) -> tuple[str, Any]:
    service = fix(OAuth2Service("id", "secret"))
    url, kwargs = protected_request(service, url, {"headers": {}, "data": data}, TOKEN)
    return url, kwargs["data"]


def _registered(fix: Fix) -> dict[str, int]:
    hooks = fix(OAuth2Service("id", "secret")).compliance_hook or {}
    return {name: len(hooks[name]) for name in COMPLIANCE_HOOKS if hooks.get(name)}


@pytest.mark.parametrize(
    ("fix", "expected"),
    [
        (quirks.facebook, {"access_token_response": 1}),
        (quirks.linkedin, {"access_token_response": 1, "refresh_token_response": 1,
                           "protected_request": 1}),
        (quirks.slack, {"access_token_response": 1, "refresh_token_response": 1,
                        "protected_request": 1}),
        (quirks.fitbit, {"access_token_response": 1, "refresh_token_response": 1}),
        (quirks.instagram, {"protected_request": 1}),
        (quirks.mailchimp, {"access_token_response": 1}),
        (quirks.weibo, {"access_token_response": 1, "refresh_token_response": 1,
                        "protected_request": 1}),
        (quirks.douban, {"access_token_response": 1, "refresh_token_response": 1,
                         "protected_request": 1}),
        (quirks.ebay, {"access_token_response": 1, "refresh_token_response": 1}),
        (quirks.plentymarkets, {"access_token_response": 1, "refresh_token_response": 1}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)  # fmt: skip
def test_each_fix_registers_its_hooks_and_returns_the_service(
    fix: Fix, expected: dict[str, int]
) -> None:
    service = OAuth2Service("id", "secret")
    assert fix(service) is service
    assert _registered(fix) == expected


def test_a_service_without_a_fix_has_no_hooks() -> None:
    assert OAuth2Service("id", "secret").compliance_hook is None


# -- Token responses ----------------------------------------------------------


def test_facebook_form_token_becomes_json() -> None:
    body = "access_token=EAAGm0PX4ZCpsBA&expires=5183999"
    response = _fixed(quirks.facebook, _response(body, "text/plain; charset=UTF-8"))
    assert response.headers["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "access_token": "EAAGm0PX4ZCpsBA",
        "expires_in": 5183999,
        "token_type": "Bearer",
    }


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ('{"access_token": "EAAG", "token_type": "bearer", "expires_in": 5183999}',
         "application/json; charset=UTF-8", 200),
        ("error=invalid_code", "text/plain", 400),
        ("<html>sign in</html>", "text/html", 200),
    ],
    ids=["json", "error-status", "html"],
)  # fmt: skip
def test_facebook_leaves_other_answers_alone(body: str, content_type: str, status: int) -> None:
    response = _fixed(quirks.facebook, _response(body, content_type, status))
    assert response.content == body.encode()
    assert response.headers["Content-Type"] == content_type


@pytest.mark.parametrize(
    "fix", [quirks.linkedin, quirks.weibo, quirks.douban], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("hook", ["access_token_response", "refresh_token_response"])
def test_missing_token_type_is_bearer(fix: Fix, hook: str) -> None:
    body = '{"access_token": "2.00JjgzmB", "expires_in": 157679999, "uid": "1404376560"}'
    response = _fixed(fix, _response(body), hook)
    assert json.loads(response.content) == {
        "access_token": "2.00JjgzmB",
        "expires_in": 157679999,
        "uid": "1404376560",
        "token_type": "Bearer",
    }


@pytest.mark.parametrize(
    "body",
    ['{"access_token": "a", "token_type": "mac"}', '{"error": "invalid_grant"}', "a=b"],
    ids=["has-type", "error", "not-json"],
)
def test_token_type_fix_leaves_other_answers_alone(body: str) -> None:
    assert _fixed(quirks.weibo, _response(body)).content == body.encode()


SLACK_USER_ONLY = {
    "ok": True,
    "app_id": "A0KRD7HC3",
    "authed_user": {
        "id": "U1234",
        "scope": "chat:write",
        "access_token": "xoxp-1234",
        "token_type": "user",
    },
    "team": {"id": "T9TK3CUKW", "name": "Slack Softball Team"},
}


def test_slack_lifts_the_user_token_when_there_is_no_bot_token() -> None:
    response = _fixed(quirks.slack, _response(json.dumps(SLACK_USER_ONLY)))
    assert json.loads(response.content) == {
        "ok": True,
        "app_id": "A0KRD7HC3",
        "authed_user": {
            "id": "U1234",
            "scope": "chat:write",
            "access_token": "xoxp-1234",
            "token_type": "user",
        },
        "team": {"id": "T9TK3CUKW", "name": "Slack Softball Team"},
        "access_token": "xoxp-1234",
        "token_type": "user",
        "scope": "chat:write",
    }


def test_slack_keeps_the_bot_token_and_the_user_token_apart() -> None:
    answer = {**SLACK_USER_ONLY, "access_token": "xoxb-17653", "token_type": "bot"}
    body = json.dumps(answer)
    assert _fixed(quirks.slack, _response(body)).content == body.encode()
    user = quirks.slack_user_token(answer)
    assert user == {
        "id": "U1234",
        "scope": "chat:write",
        "access_token": "xoxp-1234",
        "token_type": "user",
    }
    assert isinstance(user, OAuth2Token)
    shown = repr(OAuth2Token(answer))
    assert "xoxp-1234" not in shown
    assert "xoxb-17653" not in shown
    assert "'authed_user': {'id': 'U1234', 'scope': 'chat:write', 'access_token': ***" in shown


@pytest.mark.parametrize(
    "token",
    [None, {}, {"access_token": "xoxb"}, {"authed_user": {"id": "U1"}}, {"authed_user": "x"}],
    ids=["none", "empty", "bot-only", "no-user-token", "not-a-dict"],
)
def test_slack_user_token_is_none_without_one(token: Any) -> None:
    assert quirks.slack_user_token(token) is None


FITBIT_ERROR = (
    '{"errors": [{"errorType": "invalid_grant", '
    '"message": "Authorization code invalid: 5c3b. Visit https://dev.fitbit.com/docs/oauth2 '
    'for more information on the Fitbit Web API authorization process."}], "success": false}'
)


@pytest.mark.parametrize("hook", ["access_token_response", "refresh_token_response"])
def test_fitbit_errors_become_an_rfc_6749_error(hook: str) -> None:
    response = _fixed(quirks.fitbit, _response(FITBIT_ERROR, status=400), hook)
    assert json.loads(response.content)["error"] == "invalid_grant"
    with pytest.raises(OAuth2Error) as caught:
        token_from_response(response)
    assert caught.value.error == "invalid_grant"
    assert caught.value.description == (
        "Authorization code invalid: 5c3b. Visit https://dev.fitbit.com/docs/oauth2 "
        "for more information on the Fitbit Web API authorization process."
    )
    assert caught.value.status_code == 400


def test_fitbit_error_without_the_fix_has_no_code() -> None:
    with pytest.raises(OAuth2Error) as caught:
        token_from_response(_response(FITBIT_ERROR, status=400))
    assert caught.value.error is None


@pytest.mark.parametrize(
    "body",
    ['{"access_token": "a"}', '{"errors": []}', '{"errors": ["x"]}', "Bad Gateway"],
    ids=["token", "empty", "not-objects", "not-json"],
)
def test_fitbit_leaves_other_answers_alone(body: str) -> None:
    assert _fixed(quirks.fitbit, _response(body, status=400)).content == body.encode()


def test_mailchimp_drops_zero_expiry_and_null_scope() -> None:
    body = '{"access_token": "5c6ccc561059aa386da9d112215bae55", "expires_in": 0, "scope": null}'
    response = _fixed(quirks.mailchimp, _response(body))
    assert json.loads(response.content) == {"access_token": "5c6ccc561059aa386da9d112215bae55"}
    assert OAuth2Token(json.loads(response.content)).expires_at is None


def test_mailchimp_leaves_a_real_expiry_and_scope() -> None:
    body = '{"access_token": "a", "expires_in": 3600, "scope": "read"}'
    assert _fixed(quirks.mailchimp, _response(body)).content == body.encode()


@pytest.mark.parametrize("hook", ["access_token_response", "refresh_token_response"])
@pytest.mark.parametrize("kind", ["Application Access Token", "User Access Token"])
def test_ebay_token_types_are_bearer(hook: str, kind: str) -> None:
    body = json.dumps({"access_token": "v^1.1#i^1", "expires_in": 7200, "token_type": kind})
    response = _fixed(quirks.ebay, _response(body), hook)
    assert json.loads(response.content) == {
        "access_token": "v^1.1#i^1",
        "expires_in": 7200,
        "token_type": "Bearer",
    }


def test_ebay_leaves_other_token_types() -> None:
    body = '{"access_token": "a", "token_type": "mac"}'
    assert _fixed(quirks.ebay, _response(body)).content == body.encode()


@pytest.mark.parametrize("hook", ["access_token_response", "refresh_token_response"])
def test_plentymarkets_members_in_snake_case(hook: str) -> None:
    body = (
        '{"tokenType": "Bearer", "expiresIn": 86400, "accessToken": "eyJ0eXAi", '
        '"refreshToken": "def50200"}'
    )
    response = _fixed(quirks.plentymarkets, _response(body), hook)
    assert json.loads(response.content) == {
        "token_type": "Bearer",
        "expires_in": 86400,
        "access_token": "eyJ0eXAi",
        "refresh_token": "def50200",
    }


@pytest.mark.parametrize(
    ("body", "status"),
    [('{"error": "invalid_grant"}', 401), ("accessToken=a", 200)],
    ids=["error", "not-json"],
)
def test_plentymarkets_leaves_other_answers_alone(body: str, status: int) -> None:
    content_type = "application/json" if body.startswith("{") else "text/plain"
    response = _fixed(quirks.plentymarkets, _response(body, content_type, status))
    assert response.content == body.encode()


# -- Protected requests ------------------------------------------------------------


@pytest.mark.parametrize(
    ("fix", "url", "expected"),
    [
        (quirks.linkedin, "https://api.linkedin.com/v1/people/~?format=json",
         "https://api.linkedin.com/v1/people/~?format=json&oauth2_access_token=tok"),
        (quirks.instagram, "https://graph.instagram.com/me?fields=id,username",
         "https://graph.instagram.com/me?fields=id,username&access_token=tok"),
        (quirks.weibo, "https://api.weibo.com/2/users/show.json",
         "https://api.weibo.com/2/users/show.json?access_token=tok"),
        (quirks.douban, "https://api.douban.com/v2/user/~me#top",
         "https://api.douban.com/v2/user/~me?access_token=tok#top"),
        (quirks.slack, "https://slack.com/api/auth.test",
         "https://slack.com/api/auth.test?token=tok"),
    ],
    ids=["linkedin", "instagram", "weibo", "douban", "slack"],
)  # fmt: skip
def test_token_goes_in_the_query(fix: Fix, url: str, expected: str) -> None:
    assert _sent(fix, url) == (expected, None)


@pytest.mark.parametrize(
    ("fix", "url"),
    [
        (quirks.linkedin, "https://api.linkedin.com/v1/people/~?oauth2_access_token=mine"),
        (quirks.instagram, "https://graph.instagram.com/me?access_token=mine"),
        (quirks.slack, "https://slack.com/api/auth.test?token=mine"),
    ],
    ids=["linkedin", "instagram", "slack"],
)
def test_a_token_the_caller_gave_wins(fix: Fix, url: str) -> None:
    assert _sent(fix, url) == (url, None)


def test_slack_token_goes_in_a_form_body() -> None:
    data = {"channel": "C1234", "text": "hi"}
    url, sent = _sent(quirks.slack, "https://slack.com/api/chat.postMessage", data)
    assert url == "https://slack.com/api/chat.postMessage"
    assert sent == {"channel": "C1234", "text": "hi", "token": "tok"}
    assert data == {"channel": "C1234", "text": "hi"}  # not changed


def test_slack_token_of_the_caller_in_the_body_wins() -> None:
    data = {"token": "mine"}
    assert _sent(quirks.slack, "https://slack.com/api/auth.test", data) == (
        "https://slack.com/api/auth.test",
        {"token": "mine"},
    )


def test_slack_token_goes_in_the_query_beside_a_raw_body() -> None:
    assert _sent(quirks.slack, "https://slack.com/api/files.upload", "raw") == (
        "https://slack.com/api/files.upload?token=tok",
        "raw",
    )


# -- rauth.hooks.with_token ---------------------------------------------------------


def test_with_token_hooks_get_the_token_and_plain_hooks_do_not() -> None:
    seen: list[Any] = []
    service = OAuth2Service("id", "secret")
    service.register_compliance_hook(
        "protected_request", lambda url, headers, data: (url + "?a=1", headers, data)
    )
    service.register_compliance_hook(
        "protected_request",
        with_token(lambda url, headers, data, token: (seen.append(token) or url, headers, data)),
    )
    given = {"headers": {"X": "1"}, "data": None, "params": {"p": "q"}}
    url, kwargs = protected_request(service, "https://api.example/me", given, TOKEN)
    assert url == "https://api.example/me?a=1"
    assert seen == [TOKEN]
    assert kwargs == {"headers": {"X": "1"}, "data": None, "params": {"p": "q"}}
    assert kwargs is not given


def test_with_token_is_for_protected_requests_only() -> None:
    service = OAuth2Service("id", "secret")
    hook = with_token(lambda url, headers, data, token: (url, headers, data))
    with pytest.raises(ValueError, match="protected_request"):
        service.register_compliance_hook("access_token_response", hook)
    with pytest.raises(TypeError, match="function"):
        with_token("not callable")  # type: ignore[arg-type]
    assert isinstance(hook, TokenHook)
    assert repr(hook).startswith("with_token(<function")


def test_hooks_are_not_pickled_with_the_service() -> None:
    # what the guide says: apply the fix again after unpickling
    service = quirks.slack(OAuth2Service("id", "secret"))
    assert pickle.loads(pickle.dumps(service)).compliance_hook is None


# -- protected_request hooks on a prepared request (rauth.OAuth2's path) -----


def _service_with(hook: Any) -> OAuth2Service:
    service = OAuth2Service("id", "secret")
    service.register_compliance_hook("protected_request", hook)
    return service


def test_protected_prepared_rewrites_a_text_body_and_its_length() -> None:
    prepared = requests.Request("POST", "https://api.example.com/r", data={"a": "1"}).prepare()
    hooked = _service_with(lambda url, headers, body: (url, headers, body + "&token=T"))
    protected_prepared(hooked, prepared)
    assert prepared.body == "a=1&token=T"
    assert prepared.headers["Content-Length"] == "11"


def test_protected_prepared_makes_a_form_of_a_dict_body() -> None:
    prepared = requests.Request("POST", "https://api.example.com/r").prepare()
    hooked = _service_with(lambda url, headers, body: (url, headers, {"token": "T"}))
    protected_prepared(hooked, prepared)
    assert prepared.body == "token=T"
    assert prepared.headers["Content-Length"] == "7"
    assert prepared.headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_protected_prepared_drops_a_body_and_its_stale_length() -> None:
    prepared = requests.Request("GET", "https://api.example.com/r", data={"a": "1"}).prepare()
    protected_prepared(_service_with(lambda url, headers, body: (url, headers, None)), prepared)
    assert prepared.body is None
    assert "Content-Length" not in prepared.headers
