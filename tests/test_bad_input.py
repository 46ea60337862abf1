"""Bad input gets a clear exception that names the problem and never holds a
secret; the edge cases a review found in signing and token decoding."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from oauthlib.oauth1.rfc5849 import signature as oauthlib_signature

from rauth import (
    OAuth1Service,
    OAuth1Session,
    OAuth2Service,
    OAuth2Session,
    OflyService,
    OflySession,
)
from rauth.oauth import signature_base_string
from rauth.service import process_token_request
from rauth.utils import OAuth2Auth, parse_qs_dict, parse_utf8_qsl

URL = "https://api.example.com/1/items"


class _Response:
    """The two attributes process_token_request reads."""

    def __init__(self, content: str | bytes) -> None:
        self.content = content


@pytest.mark.parametrize(
    ("raw", "secrets", "shown"),
    [
        ('{"token": "T0KEN", "user": "bob"}', ["T0KEN"], ['"user": "bob"']),
        ("code=C0DE&state=st4te", ["C0DE"], ["state=st4te"]),
        ("api_key=K3Y&session_key=S3SS", ["K3Y", "S3SS"], []),
        ('{"access_token": ["a1", "L3AK"], "n": 5}', ["a1", "L3AK"], ['"n": 5']),
        ('{"data": {"refresh_token": "R3FR"}}', ["R3FR"], ['"data"']),
        (b"oauth_token_secret=S3CR&oauth_token=tok", ["S3CR"], ["oauth_token=tok"]),
    ],
    ids=["json-token", "form-code", "keys", "json-array", "json-nested", "bytes-form"],
)
def test_token_error_hides_every_secret_value(raw, secrets, shown):
    decoder = json.loads if raw[:1] in ("{", b"{") else parse_utf8_qsl
    with pytest.raises(KeyError) as excinfo:
        process_token_request(_Response(raw), decoder, "missing_key")
    message = excinfo.value.args[0]
    assert "missing_key" in message
    for secret in secrets:
        assert secret not in message
    for text in shown:
        assert text in message


@pytest.mark.parametrize(
    "decoder", [lambda content: ["a", "b"], lambda content: "text"], ids=["list", "str"]
)
def test_decoder_returning_no_dict_is_a_type_error(decoder):
    with pytest.raises(TypeError, match="decoder must return a dict"):
        process_token_request(_Response("access_token=SECRET1"), decoder, "access_token")


def test_decoder_none_is_a_type_error():
    with pytest.raises(TypeError, match="decoder must be a function"):
        process_token_request(_Response("x=1"), None, "x")  # type: ignore[arg-type]


@pytest.mark.parametrize("token", ["TOKEN\n", " TOKEN", "TO KEN", "T\u00f6KEN"])
def test_bearer_token_a_header_cannot_carry_is_a_value_error(token):
    with pytest.raises(ValueError, match="strip the token") as excinfo:
        OAuth2Auth(token)
    assert "TOKEN" not in str(excinfo.value)


def test_bytes_token_that_is_not_utf8_is_a_value_error_without_the_value(mount):
    session = mount(OAuth1Session("key", "secret", access_token=b"\xffS3CRET"))
    with pytest.raises(ValueError, match="not UTF-8") as excinfo:
        session.get(URL)
    assert "S3CRET" not in str(excinfo.value)
    assert excinfo.value.__cause__ is None


def test_request_already_signed_by_the_caller_is_sent_as_it_is(mount, adapter):
    session = mount(OAuth1Session("key", "secret"))
    session.get(URL + "?oauth_signature=PRESIGNED", params={"oauth_verifier": "V", "a": "1"})
    sent = parse_qsl(urlsplit(adapter.last.url).query)
    assert sent == [("oauth_signature", "PRESIGNED"), ("oauth_verifier", "V"), ("a", "1")]


def test_oauth_signature_in_the_query_is_not_signed():
    url = "http://example.com/r?oauth_signature=abc&x=1"
    oauth = {"oauth_nonce": "n", "oauth_consumer_key": "k"}
    params = oauthlib_signature.collect_parameters(
        uri_query=urlsplit(url).query, exclude_oauth_signature=True
    ) + list(oauth.items())
    expected = oauthlib_signature.signature_base_string(
        "GET",
        oauthlib_signature.base_string_uri(url),
        oauthlib_signature.normalize_parameters(params),
    )
    assert signature_base_string("GET", url, oauth) == expected


@pytest.mark.parametrize(
    "session",
    [
        OAuth1Session("key", "secret"),
        OAuth2Session("id", "secret", access_token="token"),
        OflySession("app", "secret", user_id="u"),
    ],
    ids=["oauth1", "oauth2", "ofly"],
)
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"params": 5}, "params and form data must be a dict"),
        ({"params": ["ab"]}, "params and form data must be a dict"),
        ({"headers": 5}, "headers must be a dict"),
    ],
    ids=["params-int", "params-not-pairs", "headers-int"],
)
def test_params_and_headers_requests_cannot_use_are_type_errors(mount, session, kwargs, message):
    mount(session)
    with pytest.raises(TypeError, match=message):
        session.get(URL, **kwargs)


@pytest.mark.parametrize(
    "session",
    [OAuth2Session("id", "secret", access_token="token"), OflySession("app", "s", user_id="u")],
    ids=["oauth2", "ofly"],
)
def test_method_none_is_a_type_error(mount, session):
    mount(session)
    with pytest.raises(TypeError, match="method must be str or bytes, not NoneType"):
        session.request(None, URL)


def test_ofly_list_value_is_a_type_error(mount):
    session = mount(OflySession("app", "secret", user_id="u"))
    with pytest.raises(TypeError, match="Ofly parameter 'b' must be text or a number"):
        session.get(URL, params={"b": ["1", "2"]})


def test_get_session_with_a_token_that_is_not_a_pair():
    service = OAuth1Service("key", "secret")
    with pytest.raises(ValueError, match="token must be a pair"):
        service.get_session(5)  # type: ignore[arg-type]


def test_bytes_authorize_url_works():
    service = OAuth2Service("id", "secret", authorize_url=b"https://example.com/auth")  # type: ignore[arg-type]
    assert service.get_authorize_url() == "https://example.com/auth?client_id=id"


def test_token_request_data_that_cannot_carry_credentials_is_a_type_error():
    service = OAuth2Service("id", "secret", access_token_url=URL)
    with pytest.raises(TypeError, match="params and form data must be a dict"):
        service.get_raw_access_token(data=5)


def test_ofly_authorize_url_query_that_is_not_text_is_a_type_error():
    service = OflyService("app", "secret", authorize_url=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="authorize_url must be str or bytes, not int"):
        service.get_authorize_url()


def test_query_string_values_that_are_not_utf8_are_kept_as_bytes(mount, adapter):
    assert parse_qs_dict("a=1&b=%FF") == {"a": "1", "b": b"\xff"}
    session = mount(OAuth1Session("key", "secret"))
    session.post(URL, data="a=1&b=%FF")
    assert "b=%FF" in adapter.last.body.split("&")


@pytest.mark.parametrize(
    "make",
    [
        lambda: OAuth1Session("ck", "cs", "tok", "ts"),
        lambda: OAuth2Session("id", "secret", access_token="at"),
        lambda: OflySession("app", "secret", user_id="u"),
    ],
    ids=["oauth1", "oauth2", "ofly"],
)
def test_headers_as_pairs_are_sent(make, mount, adapter) -> None:
    # requests itself wants a mapping (a list raised AttributeError deep inside)
    session = mount(make())

    session.get("https://example.com/r", headers=[("X-Trace", "1"), ("Accept", "a/b")])

    assert adapter.last.headers["X-Trace"] == "1"
    assert adapter.last.headers["Accept"] == "a/b"


@pytest.mark.parametrize(
    "session",
    [
        pytest.param(lambda: OAuth1Session("key", "secret", "tok", "tok-secret"), id="oauth1"),
        pytest.param(lambda: OAuth2Session(access_token="a-token"), id="oauth2"),
        pytest.param(lambda: OflySession("app", "app-secret"), id="ofly"),
    ],
)
def test_bytes_header_name_that_is_not_ascii_is_a_value_error(session):
    """requests decodes a bytes header name as ASCII, deep inside (a
    UnicodeDecodeError found by the fuzz tests)."""
    with pytest.raises(ValueError, match="headers must have ASCII names") as caught:
        session().get(URL, headers={b"\x80": "x"})
    assert not isinstance(caught.value, UnicodeError)
