"""Where rauth 0.7.2 handed ``requests.Session.request`` arguments that sent a
broken request, rauth hands it the same arguments and sends the right
request: what ``request`` receives is checked against rauth 0.7.2's (written
out by hand from its sources), and what goes on the wire against oauthlib's
verifier (through the embedded provider)."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest
import requests

from rauth import OAuth1Service, OAuth1Session
from rauth.testing import Provider
from rauth.testing.pytest_plugin import oauth_provider  # noqa: F401  # the provider fixture
from rauth.utils import FORM_URLENCODED, CaseInsensitiveDict

OAUTH_KEYS = {
    "oauth_consumer_key",
    "oauth_nonce",
    "oauth_signature",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_token",
    "oauth_version",
}


def _received(session: OAuth1Session, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
    with mock.patch.object(requests.Session, "request", return_value="ok") as request:
        session.request(method, url, **kwargs)
    assert request.call_args.args == (method, url)
    return dict(request.call_args.kwargs)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_json_body_request_receives_rauth_072s_arguments(method: str) -> None:
    session = OAuth1Session("ck", "cs", "tok", "ts")

    kwargs = _received(session, method, "http://example.com/r", json={"a": 1})

    # rauth 0.7.2: a form Content-Type, the OAuth parameters in a form
    assert kwargs["headers"] == CaseInsensitiveDict({"Content-Type": FORM_URLENCODED})
    assert set(kwargs["data"]) == OAUTH_KEYS
    assert kwargs["json"] == {"a": 1}
    assert "params" not in kwargs


def test_json_body_with_header_auth_receives_rauth_072s_arguments() -> None:
    session = OAuth1Session("ck", "cs", "tok", "ts")

    kwargs = _received(session, "POST", "http://example.com/r", json=[1], header_auth=True)

    assert kwargs["headers"] == CaseInsensitiveDict({"Content-Type": FORM_URLENCODED})
    assert "data" not in kwargs
    assert kwargs["json"] == [1]
    assert set(kwargs["auth"].oauth_params) == OAUTH_KEYS


def test_form_content_type_with_parameters_places_oauth_in_the_query() -> None:
    # rauth 0.7.2 put the OAuth parameters in the body only for exactly
    # the form Content-Type; the body is signed all the same (see below)
    session = OAuth1Session("ck", "cs", "tok", "ts")
    content_type = FORM_URLENCODED + "; charset=utf-8"

    kwargs = _received(
        session,
        "POST",
        "http://example.com/r",
        data={"a": "1"},
        headers={"Content-Type": content_type},
    )

    assert kwargs["data"] == {"a": "1"}
    assert set(kwargs["params"]) == OAUTH_KEYS


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_bytes_params_are_parsed_to_bytes_as_rauth_072_did(method: str) -> None:
    # rauth 0.7.2: dict(parse_qsl(b"a=1&b=%C3%A9"))
    session = OAuth1Session("ck", "cs", "tok", "ts")

    kwargs = _received(session, method, "http://example.com/r", params=b"a=1&b=%C3%A9")

    assert {k: v for k, v in kwargs["params"].items() if k not in OAUTH_KEYS} == {
        b"a": b"1",
        b"b": b"\xc3\xa9",
    }


# -- the wire: the provider verifies the signature with oauthlib -------------------


@pytest.fixture
def oauth1(oauth_provider: Provider) -> OAuth1Session:  # noqa: F811
    service = OAuth1Service(name="fidelity", **oauth_provider.oauth1_service_kwargs())
    token, secret = service.get_request_token(
        params={"oauth_callback": oauth_provider.callback_url}
    )
    verifier = oauth_provider.authorize(token)
    return service.get_auth_session(token, secret, method="POST", data={"oauth_verifier": verifier})


def _echo(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


@pytest.mark.parametrize("header_auth", [False, True], ids=["query", "header"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
@pytest.mark.parametrize(
    "body", [{"a": [1, "é"]}, [], "text", 0], ids=["dict", "list", "str", "zero"]
)
def test_json_body_is_sent_and_signed(
    oauth1: OAuth1Session, method: str, header_auth: bool, body: Any
) -> None:
    echo = _echo(
        oauth1.request(method, "echo", json=body, header_auth=header_auth, params={"p": "1"})
    )

    assert echo["content_type"] == "application/json"
    assert json.loads(echo["body"]) == body
    assert [k for k, _ in echo["query"] if not k.startswith("oauth_")] == ["p"]


@pytest.mark.parametrize(
    "data", [{"a": "é"}, "a=%C3%A9", b"a=%C3%A9"], ids=["dict", "str", "bytes"]
)
def test_form_with_charset_is_signed(oauth1: OAuth1Session, data: Any) -> None:
    content_type = FORM_URLENCODED + "; charset=utf-8"

    echo = _echo(oauth1.post("echo", data=data, headers={"Content-Type": content_type}))

    assert [pair for pair in echo["form"]] == [["a", "é"]]


def test_bytes_params_are_sent_and_signed(oauth1: OAuth1Session) -> None:
    echo = _echo(oauth1.get("echo", params=b"a=1&a=2&b=%C3%A9&c="))

    assert [pair for pair in echo["query"] if not pair[0].startswith("oauth_")] == [
        ["a", "1"],
        ["a", "2"],
        ["b", "é"],
        ["c", ""],
    ]
