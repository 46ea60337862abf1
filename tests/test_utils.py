"""Tests of rauth.utils: constants, parsers, the case-insensitive dict and the auth objects."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from rauth.encoded import EncodedForm, oauth_form
from rauth.utils import (
    ENTITY_METHODS,
    FORM_URLENCODED,
    OPTIONAL_OAUTH_PARAMS,
    CaseInsensitiveDict,
    OAuth1Auth,
    OAuth2Auth,
    UtcDateTime,
    _url_text,
    absolute_url,
    get_sorted_params,
    is_form_urlencoded,
    parse_qs_dict,
    parse_utf8_qsl,
)


def _prepared(headers: dict[str, str] | None = None) -> requests.PreparedRequest:
    return requests.Request("GET", "http://example.com/", headers=headers).prepare()


def test_constants_keep_rauth_07_values():
    assert FORM_URLENCODED == "application/x-www-form-urlencoded"
    assert ENTITY_METHODS == ("POST", "PUT", "PATCH")
    assert OPTIONAL_OAUTH_PARAMS == ("oauth_callback", "oauth_verifier", "oauth_version")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com/a", True),
        ("https://example.com/a", True),
        ("HTTPS://EXAMPLE.COM/", True),
        ("Http://example.com", True),
        ("/relative/path", False),
        ("relative", False),
        ("ftp://example.com/", False),
        ("example.com/http://", False),
        ("", False),
    ],
    ids=["http", "https", "upper-case", "mixed-case", "path", "word", "ftp", "embedded", "empty"],
)
def test_absolute_url(url, expected):
    assert absolute_url(url) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("oauth_token=a&oauth_token_secret=b", {"oauth_token": "a", "oauth_token_secret": "b"}),
        (b"oauth_token=a&oauth_token_secret=b", {"oauth_token": "a", "oauth_token_secret": "b"}),
        ("name=caf%C3%A9", {"name": "café"}),
        ("name=café".encode(), {"name": "café"}),
        ("a=1+2&b=%2B", {"a": "1 2", "b": "+"}),
        ("a=&b=2&c", {"b": "2"}),
        ("a=1&a=2", {"a": "2"}),
        ("", {}),
        (b"", {}),
    ],
    ids=[
        "str",
        "bytes",
        "percent-utf8",
        "raw-utf8-bytes",
        "plus",
        "blank-dropped-as-rauth-07",
        "last-wins",
        "empty",
        "empty-bytes",
    ],
)
def test_parse_utf8_qsl(raw, expected):
    parsed = parse_utf8_qsl(raw)
    assert parsed == expected
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in parsed.items())


@pytest.mark.parametrize("bad", [None, 1, ["a=b"]], ids=["none", "int", "list"])
def test_parse_utf8_qsl_rejects_non_strings_with_type_error(bad):
    with pytest.raises(TypeError, match="must be str or bytes"):
        parse_utf8_qsl(bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a=1&b=2", {"a": "1", "b": "2"}),
        ("a=1&a=2&b=", {"a": ["1", "2"], "b": ""}),
        ("a=1&a=2&a=3", {"a": ["1", "2", "3"]}),
        (b"x=%E2%98%95", {"x": "☕"}),
        ("", {}),
    ],
    ids=["single", "repeated", "three-times", "bytes", "empty"],
)
def test_parse_qs_dict(raw, expected):
    assert parse_qs_dict(raw) == expected


def test_parse_qs_dict_rejects_non_strings_with_type_error():
    with pytest.raises(TypeError, match="query string must be str or bytes, not int"):
        parse_qs_dict(3)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"b": "2", "a": "1", "c": "3"}, "a=1&b=2&c=3"),
        ({"q": "a b&c", "p": "é"}, "p=é&q=a b&c"),
        ({"n": 5, "b": b"bytes"}, "b=bytes&n=5"),
        ({"B": "upper", "a": "lower"}, "B=upper&a=lower"),
        ({}, ""),
    ],
    ids=["sorted", "not-encoded", "non-str-values", "case-sensitive-order", "empty"],
)
def test_get_sorted_params(params, expected):
    assert get_sorted_params(params) == expected


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/x-www-form-urlencoded", True),
        ("application/x-www-form-urlencoded; charset=utf-8", True),
        ("Application/X-WWW-Form-Urlencoded", True),
        ("  application/x-www-form-urlencoded  ;charset=UTF-8", True),
        (b"application/x-www-form-urlencoded", True),
        ("application/json", False),
        ("multipart/form-data; boundary=x", False),
        ("", False),
        (None, False),
    ],
    ids=["exact", "charset", "case", "spaces", "bytes", "json", "multipart", "empty", "none"],
)
def test_is_form_urlencoded(content_type, expected):
    assert is_form_urlencoded(content_type) is expected


def test_utc_date_time_utcnow_is_naive_utc_and_not_deprecated():
    before = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    now = UtcDateTime.utcnow()  # filterwarnings=error fails on a DeprecationWarning
    after = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    assert isinstance(now, UtcDateTime)
    assert isinstance(now, dt.datetime)
    assert now.tzinfo is None
    assert before <= now <= after


@pytest.mark.parametrize(
    "init",
    [
        {"Content-Type": "x", "X-Other": "y"},
        [("Content-Type", "x"), ("X-Other", "y")],
    ],
    ids=["dict", "pairs"],
)
def test_case_insensitive_dict_stores_lower_case_keys(init):
    d = CaseInsensitiveDict(init)
    assert sorted(d.keys()) == ["content-type", "x-other"]
    assert d["CONTENT-TYPE"] == "x"
    assert d["content-type"] == "x"
    assert "x-OTHER" in d


def test_case_insensitive_dict_empty_and_none():
    assert dict(CaseInsensitiveDict()) == {}
    assert dict(CaseInsensitiveDict(None)) == {}


def test_case_insensitive_dict_setdefault_lowers_and_returns_the_stored_value():
    d = CaseInsensitiveDict({"Content-Type": "text/plain"})
    assert d.setdefault("CONTENT-TYPE", FORM_URLENCODED) == "text/plain"
    assert d.setdefault("Accept", "*/*") == "*/*"
    assert list(d.keys()) == ["content-type", "accept"]


def test_case_insensitive_dict_update_with_mapping_pairs_and_kwargs():
    d = CaseInsensitiveDict()
    d.update({"A-Key": "1"})
    d.update([("B-Key", "2")])
    d.update(C_Key="3")
    assert list(d.keys()) == ["a-key", "b-key", "c_key"]
    assert d["a-KEY"] == "1"


def test_case_insensitive_dict_copy_is_independent():
    d = CaseInsensitiveDict({"A": "1"})
    copied = d.copy()
    copied["b"] = "2"
    assert isinstance(copied, CaseInsensitiveDict)
    assert dict(d) == {"a": "1"}
    assert dict(copied) == {"a": "1", "b": "2"}


def test_case_insensitive_dict_does_not_change_the_given_dict():
    given = {"Content-Type": "x"}
    CaseInsensitiveDict(given).setdefault("Accept", "y")
    assert given == {"Content-Type": "x"}


def test_oauth1_auth_writes_rauth_header_with_realm_first():
    params = {
        "oauth_consumer_key": "ck",
        "oauth_nonce": "n",
        "oauth_timestamp": 137131201,
        "oauth_signature": "a/b+c=",
    }
    r = OAuth1Auth(params, "Photos")(_prepared())
    assert r.headers["Authorization"] == (
        'OAuth realm="Photos",oauth_consumer_key="ck",oauth_nonce="n",'
        'oauth_timestamp="137131201",oauth_signature="a%2Fb%2Bc%3D"'
    )


@pytest.mark.parametrize("realm", [None, ""], ids=["none", "empty"])
def test_oauth1_auth_default_realm_is_empty(realm):
    auth = OAuth1Auth({"oauth_nonce": "n"}, realm)
    assert auth.realm == ""
    assert auth(_prepared()).headers["Authorization"] == 'OAuth realm="",oauth_nonce="n"'


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("a b", "a%20b"),
        ("~-._", "~-._"),
        ("é", "%C3%A9"),
        (b"b\xc3\xa9", "b%C3%A9"),
        ('"&,=', "%22%26%2C%3D"),
    ],
    ids=["space", "unreserved", "unicode", "bytes", "delimiters"],
)
def test_oauth1_auth_percent_encodes_values(value, encoded):
    header = OAuth1Auth({"oauth_callback": value})(_prepared()).headers["Authorization"]
    assert header == f'OAuth realm="",oauth_callback="{encoded}"'


@pytest.mark.parametrize(
    ("realm", "written"),
    [
        ('say "hi"', 'say \\"hi\\"'),
        ("back\\slash", "back\\\\slash"),
        ("Réalm", "R%C3%A9alm"),
        ("a\r\nInjected: x", "a%0D%0AInjected: x"),
        (b"bytes", "bytes"),
    ],
    ids=["quotes", "backslash", "non-ascii", "crlf", "bytes"],
)
def test_oauth1_auth_keeps_the_realm_a_well_formed_quoted_string(realm, written):
    header = OAuth1Auth({}, realm)._get_auth_header()
    assert header == f'OAuth realm="{written}"'


def test_oauth1_auth_rejects_a_non_string_realm_with_type_error():
    with pytest.raises(TypeError, match="realm must be str or bytes, not int"):
        OAuth1Auth({}, 5)._get_auth_header()


def test_oauth1_auth_writes_the_escapes_an_oauth1_session_carries():
    # an OAuth 1 session hands OAuth1Auth its parameters escaped once
    # (rauth.encoded.EncodedForm); the header is the same as from a dict
    form = oauth_form({"oauth_consumer_key": "ck", "oauth_timestamp": 137131201})
    form["oauth_callback"] = "https://a.example/cb?x=1 2"
    form["oauth_signature"] = "a/b+c="
    assert OAuth1Auth(form, "Photos")(_prepared()).headers["Authorization"] == (
        'OAuth realm="Photos",oauth_consumer_key="ck",oauth_timestamp="137131201",'
        'oauth_callback="https%3A%2F%2Fa.example%2Fcb%3Fx%3D1%202",'
        'oauth_signature="a%2Fb%2Bc%3D"'
    )


@pytest.mark.parametrize(
    "escaped",
    [
        [("oauth_nonce", "n"), ("oauth_callback", "WRONG")],  # another order
        [("oauth_callback", "WRONG")],  # fewer
        [("oauth_callback", "WRONG"), ("oauth_nonce", "n"), ("x", "y")],  # more
    ],
    ids=["order", "fewer", "more"],
)
def test_oauth1_auth_escapes_the_values_when_carried_escapes_do_not_match(escaped):
    form = EncodedForm({"oauth_callback": "a b", "oauth_nonce": "n"})
    form.escaped = escaped
    header = OAuth1Auth(form)(_prepared()).headers["Authorization"]
    assert header == 'OAuth realm="",oauth_callback="a%20b",oauth_nonce="n"'


def test_oauth1_auth_call_returns_the_request():
    r = _prepared()
    assert OAuth1Auth({"oauth_nonce": "n"})(r) is r


def test_oauth1_auth_equality_and_unhashable():
    a = OAuth1Auth({"k": "v"}, "r")
    assert a == OAuth1Auth({"k": "v"}, "r")
    assert a != OAuth1Auth({"k": "w"}, "r")
    assert a != OAuth1Auth({"k": "v"}, "other")
    assert a != "not an auth"
    with pytest.raises(TypeError):
        hash(a)


def test_oauth1_auth_repr_shows_parameter_names_not_values():
    auth = OAuth1Auth({"oauth_token": "TOKENVALUE", "oauth_signature": "SIGVALUE"}, "r")
    text = repr(auth)
    assert "oauth_token" in text
    assert "TOKENVALUE" not in text
    assert "SIGVALUE" not in text


@pytest.mark.parametrize(
    ("token", "header"),
    [("abc", "Bearer abc"), (b"abc", "Bearer abc")],
    ids=["str", "bytes"],
)
def test_oauth2_auth_writes_bearer_header(token, header):
    auth = OAuth2Auth(token)
    r = _prepared()
    assert auth(r) is r
    assert r.headers["Authorization"] == header


@pytest.mark.parametrize("bad", [None, 12345, ["a"]], ids=["none", "int", "list"])
def test_oauth2_auth_rejects_non_string_token_with_type_error(bad):
    with pytest.raises(TypeError, match="access_token must be a str") as excinfo:
        OAuth2Auth(bad)
    assert "12345" not in str(excinfo.value)


def test_oauth2_auth_equality_and_unhashable():
    assert OAuth2Auth("a") == OAuth2Auth("a")
    assert OAuth2Auth("a") != OAuth2Auth("b")
    assert OAuth2Auth("a") != "a"
    with pytest.raises(TypeError):
        hash(OAuth2Auth("a"))


def test_oauth2_auth_repr_hides_the_token():
    assert "SECRETTOKEN" not in repr(OAuth2Auth("SECRETTOKEN"))
    assert repr(OAuth2Auth("SECRETTOKEN")) == "<OAuth2Auth Bearer>"


@pytest.mark.parametrize("name", ["url", "base_url"])
def test_url_text_names_a_bad_url_each_time_it_is_given(name):
    # the readability of a URL is remembered: a bad one must still raise,
    # naming the argument of each call, never quoting the URL
    for _ in range(3):
        with pytest.raises(ValueError, match=f"^{name} is not a valid URL") as excinfo:
            _url_text("https://user:s3cret@h:99999/", name)
        assert "s3cret" not in str(excinfo.value)
    assert _url_text(b"https://h:8443/a") == "https://h:8443/a"
    assert _url_text("https://h:8443/a") == "https://h:8443/a"
