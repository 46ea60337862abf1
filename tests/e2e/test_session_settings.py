"""Settings that requests merges in from the session at preparation time
(``session.params``, a ``Content-Type`` in ``session.headers``) are signed as
they go on the wire: the provider verifies every request with oauthlib."""

from __future__ import annotations

from typing import Any

import pytest

from rauth import OAuth1Session
from rauth.testing import Provider

from .helpers import echoed, pairs, without_oauth


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


PLACEMENTS = [
    pytest.param({}, id="query-or-body"),
    pytest.param({"header_auth": True}, id="header"),
    pytest.param({"header_auth": True, "realm": "photos"}, id="header-realm"),
]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@pytest.mark.parametrize("placement", PLACEMENTS)
@pytest.mark.parametrize("method", METHODS)
def test_session_params_are_signed(
    oauth1_session: OAuth1Session, method: str, placement: dict[str, Any]
) -> None:
    oauth1_session.params = {"sp": "session value", "shared": "from-session"}

    echo = echoed(
        oauth1_session.request(
            method, "echo", params={"rp": "1", "shared": "from-request"}, **placement
        )
    )

    assert sorted(without_oauth(echo["query"])) == [
        ("rp", "1"),
        ("shared", "from-request"),  # requests lets the request's value win
        ("sp", "session value"),
    ]


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_session_params_with_no_request_params(
    oauth1_session: OAuth1Session, placement: dict[str, Any]
) -> None:
    oauth1_session.params = {"format": "json", "v": "2"}

    echo = echoed(oauth1_session.get("echo", **placement))

    assert sorted(without_oauth(echo["query"])) == [("format", "json"), ("v", "2")]


def test_session_params_with_a_url_query(oauth1_session: OAuth1Session) -> None:
    oauth1_session.params = {"sp": "1"}

    echo = echoed(oauth1_session.get("echo?q=a+b", params={"rp": "2"}))

    assert sorted(without_oauth(echo["query"])) == [("q", "a b"), ("rp", "2"), ("sp", "1")]


def test_session_params_are_dropped_by_requests_for_a_list_of_pairs(
    oauth1_session: OAuth1Session,
) -> None:
    # requests merges session params only into a dict; the signature
    # follows what is really sent
    oauth1_session.params = {"sp": "1"}

    echo = echoed(oauth1_session.get("echo", params=[("a", "1"), ("a", "2")]))

    assert without_oauth(echo["query"]) == [("a", "1"), ("a", "2")]


@pytest.mark.parametrize("placement", PLACEMENTS)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
@pytest.mark.parametrize(
    "data", [pytest.param("a=1&b=x+y", id="text"), pytest.param(b"a=1&b=x+y", id="bytes")]
)
def test_session_form_content_type_makes_the_body_signed(
    oauth1_session: OAuth1Session, method: str, placement: dict[str, Any], data: Any
) -> None:
    oauth1_session.headers["Content-Type"] = "application/x-www-form-urlencoded"

    echo = echoed(oauth1_session.request(method, "echo", data=data, **placement))

    assert echo["content_type"] == "application/x-www-form-urlencoded"
    assert without_oauth(echo["form"]) == [("a", "1"), ("b", "x y")]


@pytest.mark.parametrize("placement", PLACEMENTS)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_session_json_content_type_keeps_a_dict_body_unsigned(
    oauth1_session: OAuth1Session, method: str, placement: dict[str, Any]
) -> None:
    # requests encodes the dict as a form but sends the session's
    # Content-Type: the body is not a form, so it is not signed
    oauth1_session.headers["Content-Type"] = "application/json"

    echo = echoed(oauth1_session.request(method, "echo", data={"a": "1"}, **placement))

    assert echo["content_type"] == "application/json"
    assert echo["body"] == "a=1"
    assert pairs(echo["form"]) == []


def test_request_none_content_type_removes_the_sessions(oauth1_session: OAuth1Session) -> None:
    oauth1_session.headers["Content-Type"] = "application/json"

    echo = echoed(oauth1_session.get("echo", data={"a": "1"}, headers={"Content-Type": None}))

    assert echo["content_type"] == "application/x-www-form-urlencoded"
    assert without_oauth(echo["form"]) == [("a", "1")]
