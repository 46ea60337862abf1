"""The verb helpers call ``session.request`` exactly as rauth 0.7.2's requests did.

rauth 0.7.2 ran on requests 2.31 and earlier, whose helpers were (from
requests 2.31.0's ``sessions.py``)::

    def get(self, url, **kwargs):
        kwargs.setdefault("allow_redirects", True)
        return self.request("GET", url, **kwargs)
    def options(self, url, **kwargs):
        kwargs.setdefault("allow_redirects", True)
        return self.request("OPTIONS", url, **kwargs)
    def head(self, url, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        return self.request("HEAD", url, **kwargs)
    def post(self, url, data=None, json=None, **kwargs):
        return self.request("POST", url, data=data, json=json, **kwargs)
    def put(self, url, data=None, **kwargs):
        return self.request("PUT", url, data=data, **kwargs)
    def patch(self, url, data=None, **kwargs):
        return self.request("PATCH", url, data=data, **kwargs)
    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)

Code written for rauth 0.7.2 replaces ``request`` on an instance (or mocks
``requests.Session.request``) and then calls the helpers; the expected calls
below are those, written out by hand.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
import requests

from rauth import OAuth1Session, OAuth2Session, OflySession

URL = "http://example.com/resource"

#: (helper, positional arguments after the URL, keywords given) -> what
#: requests 2.31 passed to ``request``.
CALLS = [
    pytest.param("get", (), {}, ("GET", URL), {"allow_redirects": True}, id="get"),
    pytest.param(
        "get",
        ({"a": "1"},),
        {},
        ("GET", URL),
        {"params": {"a": "1"}, "allow_redirects": True},
        id="get-params-positional",
    ),
    pytest.param(
        "get",
        (),
        {"params": "a=1", "allow_redirects": False},
        ("GET", URL),
        {"params": "a=1", "allow_redirects": False},
        id="get-params-keyword",
    ),
    pytest.param(
        "get",
        (),
        {"params": None},
        ("GET", URL),
        {"params": None, "allow_redirects": True},
        id="get-params-none",
    ),
    pytest.param("options", (), {}, ("OPTIONS", URL), {"allow_redirects": True}, id="options"),
    pytest.param("head", (), {}, ("HEAD", URL), {"allow_redirects": False}, id="head"),
    pytest.param(
        "head",
        (),
        {"allow_redirects": True},
        ("HEAD", URL),
        {"allow_redirects": True},
        id="head-follow",
    ),
    pytest.param("post", (), {}, ("POST", URL), {"data": None, "json": None}, id="post"),
    pytest.param(
        "post",
        ({"f": "v"},),
        {"headers": {"X": "y"}},
        ("POST", URL),
        {"data": {"f": "v"}, "json": None, "headers": {"X": "y"}},
        id="post-data",
    ),
    pytest.param(
        "post", (), {"json": [1]}, ("POST", URL), {"data": None, "json": [1]}, id="post-json"
    ),
    pytest.param("put", (), {}, ("PUT", URL), {"data": None}, id="put"),
    pytest.param("patch", ("x=1",), {}, ("PATCH", URL), {"data": "x=1"}, id="patch-data"),
    pytest.param("delete", (), {}, ("DELETE", URL), {}, id="delete"),
    pytest.param("delete", (), {"timeout": 3}, ("DELETE", URL), {"timeout": 3}, id="delete-kw"),
]

SESSIONS = [
    pytest.param(lambda: OAuth1Session("ck", "cs", "tok", "ts"), id="oauth1"),
    pytest.param(lambda: OAuth2Session("id", "secret", access_token="at"), id="oauth2"),
    pytest.param(lambda: OflySession("app", "secret", user_id="u"), id="ofly"),
]


@pytest.mark.parametrize("make_session", SESSIONS)
@pytest.mark.parametrize(("helper", "args", "kwargs", "want_args", "want_kwargs"), CALLS)
def test_helper_calls_request_as_requests_2_31_did(
    make_session: Any,
    helper: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    want_args: tuple[Any, ...],
    want_kwargs: dict[str, Any],
) -> None:
    session = make_session()
    seen: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def request(*call_args: Any, **call_kwargs: Any) -> str:
        seen.append((call_args, dict(call_kwargs)))
        return "response"

    session.request = request  # as 0.7-era test suites did
    assert getattr(session, helper)(URL, *args, **kwargs) == "response"
    assert seen == [(want_args, want_kwargs)]


@pytest.mark.parametrize("make_session", SESSIONS)
def test_code_that_extends_params_in_a_replaced_request_works(make_session: Any) -> None:
    session = make_session()
    original = session.request
    sent: list[Any] = []

    def request(method: str, url: str, **kwargs: Any) -> Any:
        # what 0.7-era application test helpers did before calling on
        kwargs.setdefault("params", {})
        kwargs["params"].update({"extra": "1"})
        sent.append(kwargs["params"])
        return original(method, url, **kwargs)

    session.request = request
    with mock.patch.object(requests.Session, "request", return_value="ok") as requests_request:
        assert session.get(URL) == "ok"
    assert sent == [{"extra": "1"}]
    passed = requests_request.call_args.kwargs["params"]
    assert b"extra=1" in passed if isinstance(passed, bytes) else passed["extra"] == "1"


@pytest.mark.parametrize("make_session", SESSIONS)
def test_get_without_params_reaches_requests_without_a_none(make_session: Any) -> None:
    session = make_session()
    with mock.patch.object(requests.Session, "request", return_value="ok") as requests_request:
        session.get(URL)
    assert requests_request.call_args.kwargs.get("params", {}) is not None
