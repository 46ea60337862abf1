"""Requests to the API with an OAuth1Session from a completed flow: what
the provider receives is what was sent, and it accepts the signature."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rauth import OAuth1Session
from rauth.testing import Provider

from .helpers import echoed, multipart_fields, oauth_keys, pairs, without_oauth


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]
#: rauth's documented placement without ``header_auth``: the form body of
#: these, the query string of the others.
BODY_METHODS = {"POST", "PUT", "PATCH"}
OAUTH_KEYS = [
    "oauth_consumer_key",
    "oauth_nonce",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_token",
    "oauth_version",
    "oauth_signature",
]


def _placement(echo: dict[str, Any]) -> str:
    """Where the provider found the OAuth parameters."""
    in_query, in_form = oauth_keys(echo["query"]), oauth_keys(echo["form"])
    assert not (in_query and in_form), echo
    if in_query:
        assert sorted(in_query) == sorted(OAUTH_KEYS), in_query
        return "query"
    if in_form:
        assert sorted(in_form) == sorted(OAUTH_KEYS), in_form
        return "body"
    return "header"


@pytest.mark.parametrize("header_auth", [True, False], ids=["header_auth", "no-header_auth"])
@pytest.mark.parametrize("method", METHODS)
def test_query_and_form_params(
    oauth1_session: OAuth1Session, method: str, header_auth: bool
) -> None:
    params = {"q": "search terms", "page": "2"}
    data = {"title": "Hello, world", "tags": "a,b"}

    response = oauth1_session.request(
        method, "echo", params=params, data=data, header_auth=header_auth
    )

    echo = echoed(response)
    assert (echo["method"], echo["path"], echo["user"]) == (method, "/api/echo", "alice")
    assert without_oauth(echo["query"]) == list(params.items())
    assert without_oauth(echo["form"]) == list(data.items())
    expected = "header" if header_auth else "body" if method in BODY_METHODS else "query"
    assert _placement(echo) == expected


@pytest.mark.parametrize("method", METHODS)
def test_no_params(oauth1_session: OAuth1Session, method: str) -> None:
    echo = echoed(oauth1_session.request(method, "echo"))

    assert (echo["method"], echo["user"]) == (method, "alice")
    assert without_oauth(echo["query"]) == []
    assert without_oauth(echo["form"]) == []


def test_realm_goes_in_the_header(oauth1_session: OAuth1Session) -> None:
    response = oauth1_session.get("echo", params={"a": "1"}, header_auth=True, realm="photos")

    echo = echoed(response)
    assert pairs(echo["query"]) == [("a", "1")]
    assert response.request.headers["Authorization"].startswith('OAuth realm="photos",')


@pytest.mark.parametrize(
    ("url", "params", "expected_query"),
    [
        ("echo", {}, []),
        ("echo?inline=1", {"extra": "2"}, [("inline", "1"), ("extra", "2")]),
        ("/api/echo", {"x": "y"}, [("x", "y")]),
        ("{echo_url}", {"x": "y"}, [("x", "y")]),
        ("{echo_url}?inline=1&two=2", {}, [("inline", "1"), ("two", "2")]),
    ],
    ids=["relative", "relative-with-query", "root-relative", "absolute", "absolute-with-query"],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_urls_against_base_url(
    oauth_provider: Provider,
    oauth1_session: OAuth1Session,
    url: str,
    params: dict[str, str],
    expected_query: list[tuple[str, str]],
    method: str,
) -> None:
    url = url.format(echo_url=oauth_provider.echo_url)

    echo = echoed(oauth1_session.request(method, url, params=params))

    assert echo["path"] == "/api/echo"
    assert without_oauth(echo["query"]) == expected_query


TRICKY_VALUES = [
    pytest.param("café", id="latin-1"),
    pytest.param("日本語のテキスト", id="cjk"),
    pytest.param("party 🎉 time", id="emoji"),
    pytest.param("a b+c", id="space-and-plus"),
    pytest.param("&=?#/%", id="query-delimiters"),
    pytest.param("!*'();:@$,[]", id="sub-delims"),
    pytest.param("~-._", id="unreserved"),
    pytest.param("%20%2B", id="already-percent-encoded"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("header_auth", [True, False], ids=["header_auth", "no-header_auth"])
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_special_characters(
    oauth1_session: OAuth1Session, value: str, method: str, header_auth: bool
) -> None:
    params = {"q": value, "ключ é&=": value}
    data = {"d": value, "ключ é&=": value} if method == "POST" else None

    echo = echoed(
        oauth1_session.request(method, "echo", params=params, data=data, header_auth=header_auth)
    )

    assert without_oauth(echo["query"]) == list(params.items())
    assert without_oauth(echo["form"]) == list((data or {}).items())


@pytest.mark.parametrize(
    "given",
    [
        pytest.param({"k": ["1", "2", "1"], "z": "3"}, id="dict-of-lists"),
        pytest.param([("k", "1"), ("z", "3"), ("k", "2"), ("k", "1")], id="list-of-pairs"),
    ],
)
@pytest.mark.parametrize("header_auth", [True, False], ids=["header_auth", "no-header_auth"])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT"])
def test_repeated_keys(
    oauth1_session: OAuth1Session, given: Any, method: str, header_auth: bool
) -> None:
    expected = (
        [("k", "1"), ("k", "2"), ("k", "1"), ("z", "3")] if isinstance(given, dict) else list(given)
    )
    data = given if method != "GET" else None

    echo = echoed(
        oauth1_session.request(method, "echo", params=given, data=data, header_auth=header_auth)
    )

    assert without_oauth(echo["query"]) == expected
    assert without_oauth(echo["form"]) == (expected if data else [])


@pytest.mark.parametrize(
    ("params", "data", "expected_query", "expected_form"),
    [
        ("a=1&b=two%20words", None, [("a", "1"), ("b", "two words")], []),
        ({"a": "1"}, "x=1&y=%C3%A9", [("a", "1")], [("x", "1"), ("y", "é")]),
    ],
    ids=["query-string", "form-string"],
)
def test_params_and_data_as_strings(
    oauth1_session: OAuth1Session,
    params: Any,
    data: Any,
    expected_query: list[tuple[str, str]],
    expected_form: list[tuple[str, str]],
) -> None:
    echo = echoed(oauth1_session.post("echo", params=params, data=data))

    assert without_oauth(echo["query"]) == expected_query
    assert without_oauth(echo["form"]) == expected_form


JSON_BODY = {"name": "Zoë", "tags": ["a", "b"], "nested": {"n": 1, "none": None}, "ok": True}


@pytest.mark.parametrize("header_auth", [True, False], ids=["header_auth", "no-header_auth"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_json_body_is_sent_intact(
    oauth1_session: OAuth1Session, method: str, header_auth: bool
) -> None:
    params = {"format": "json"}

    echo = echoed(
        oauth1_session.request(
            method, "echo", params=params, json=JSON_BODY, header_auth=header_auth
        )
    )

    assert echo["content_type"] == "application/json"
    assert echo["json"] == JSON_BODY
    assert "oauth_" not in echo["body"]
    assert echo["form"] == []
    assert without_oauth(echo["query"]) == list(params.items())
    assert _placement(echo) == ("header" if header_auth else "query")


@pytest.mark.parametrize("header_auth", [True, False], ids=["header_auth", "no-header_auth"])
@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_file_upload(
    oauth1_session: OAuth1Session, tmp_path: Path, method: str, header_auth: bool
) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("second file ✓\n".encode())
    params = {"album": "holidays"}

    with path.open("rb") as opened:
        files = {
            "report": ("report.csv", b"a,b\n1,2\n", "text/csv"),
            "notes": opened,
        }
        echo = echoed(
            oauth1_session.request(
                method,
                "echo",
                params=params,
                data={"caption": "Zoë"},
                files=files,
                header_auth=header_auth,
            )
        )

    assert echo["content_type"].startswith("multipart/form-data; boundary=")
    assert multipart_fields(echo["content_type"], echo["body"]) == [
        ("caption", None, "Zoë".encode()),
        ("report", "report.csv", b"a,b\n1,2\n"),
        ("notes", "notes.txt", "second file ✓\n".encode()),
    ]
    assert without_oauth(echo["query"]) == list(params.items())
    assert _placement(echo) == ("header" if header_auth else "query")
