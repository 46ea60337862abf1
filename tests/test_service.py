"""Tests of rauth.service: every documented method of the three services.

Token endpoints are a fake adapter (tests/conftest.py) answering canned
responses; services get it through their documented ``session_obj``.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import pickle
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import requests

import rauth.session
from rauth import (
    OAuth1Service,
    OAuth1Session,
    OAuth2Service,
    OAuth2Session,
    OflyService,
    OflySession,
)
from rauth.oauth import HmacSha1Signature, PlaintextSignature
from rauth.service import PROCESS_TOKEN_ERROR, Service, process_token_request
from rauth.utils import parse_utf8_qsl

CK, CS = "consumer-key", "CONSUMER-SECRET"
RT, RTS = "request-token", "REQUEST-TOKEN-SECRET"
AT, ATS = "access-token", "ACCESS-TOKEN-SECRET"
CLIENT_ID, CLIENT_SECRET = "client-id", "CLIENT-SECRET"
APP_ID, APP_SECRET = "app-id", "APP-SECRET"

REQUEST_TOKEN_URL = "https://example.com/oauth/request_token"
ACCESS_TOKEN_URL = "https://example.com/oauth/access_token"
AUTHORIZE_URL = "https://example.com/oauth/authorize"
BASE_URL = "https://example.com/api/"

FORM = "application/x-www-form-urlencoded"


def _query(prepared: requests.PreparedRequest) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(prepared.url).query, keep_blank_values=True)


def _body(prepared: requests.PreparedRequest) -> list[tuple[str, str]]:
    body = prepared.body
    if isinstance(body, bytes):
        body = body.decode()
    return parse_qsl(body or "", keep_blank_values=True)


def _oauth_header(prepared: requests.PreparedRequest) -> dict[str, str]:
    header = prepared.headers["Authorization"]
    assert header.startswith("OAuth ")
    items = (item.split("=", 1) for item in header[len("OAuth ") :].split(","))
    return {name: unquote(value.strip('"')) for name, value in items}


def _response(body: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response.raw = io.BytesIO(body)
    return response


# --- defaults -------------------------------------------------------------------


def test_oauth1_service_defaults():
    service = OAuth1Service(CK, CS)
    assert (service.consumer_key, service.consumer_secret) == (CK, CS)
    for attr in (
        "name",
        "request_token_url",
        "access_token_url",
        "authorize_url",
        "base_url",
        "signature_obj",
        "request_token_response",
        "access_token_response",
    ):
        assert getattr(service, attr) is None, attr
    assert service.session_obj is OAuth1Session
    assert isinstance(service, Service)


def test_oauth2_service_defaults():
    service = OAuth2Service(CLIENT_ID, CLIENT_SECRET)
    assert (service.client_id, service.client_secret) == (CLIENT_ID, CLIENT_SECRET)
    for attr in ("name", "access_token_url", "authorize_url", "base_url", "access_token_response"):
        assert getattr(service, attr) is None, attr
    assert service.session_obj is OAuth2Session


def test_ofly_service_defaults():
    service = OflyService(APP_ID, APP_SECRET)
    assert (service.app_id, service.app_secret) == (APP_ID, APP_SECRET)
    for attr in ("name", "authorize_url", "base_url", "user_id"):
        assert getattr(service, attr) is None, attr
    assert service.session_obj is OflySession


def test_services_keep_their_arguments_in_documented_order():
    o1 = OAuth1Service(
        CK,
        CS,
        "n",
        REQUEST_TOKEN_URL,
        ACCESS_TOKEN_URL,
        AUTHORIZE_URL,
        BASE_URL,
        OAuth1Session,
        PlaintextSignature,
    )
    assert (o1.name, o1.request_token_url, o1.access_token_url) == (
        "n",
        REQUEST_TOKEN_URL,
        ACCESS_TOKEN_URL,
    )
    assert (o1.authorize_url, o1.base_url, o1.signature_obj) == (
        AUTHORIZE_URL,
        BASE_URL,
        PlaintextSignature,
    )
    o2 = OAuth2Service(CLIENT_ID, CLIENT_SECRET, "n", ACCESS_TOKEN_URL, AUTHORIZE_URL, BASE_URL)
    assert (o2.name, o2.access_token_url, o2.authorize_url, o2.base_url) == (
        "n",
        ACCESS_TOKEN_URL,
        AUTHORIZE_URL,
        BASE_URL,
    )
    of = OflyService(APP_ID, APP_SECRET, "n", AUTHORIZE_URL, BASE_URL, "user")
    assert (of.name, of.authorize_url, of.base_url, of.user_id) == (
        "n",
        AUTHORIZE_URL,
        BASE_URL,
        "user",
    )


# --- OAuth 1 --------------------------------------------------------------------


@pytest.fixture
def oauth1_service(capturing):
    return OAuth1Service(
        CK,
        CS,
        name="example",
        request_token_url=REQUEST_TOKEN_URL,
        access_token_url=ACCESS_TOKEN_URL,
        authorize_url=AUTHORIZE_URL,
        base_url=BASE_URL,
        session_obj=capturing(OAuth1Session),
        signature_obj=PlaintextSignature,  # the signature shows the key used
    )


def test_oauth1_get_session_without_token(oauth1_service):
    session = oauth1_service.get_session()
    assert isinstance(session, oauth1_service.session_obj)
    assert (session.consumer_key, session.consumer_secret) == (CK, CS)
    assert session.access_token is None
    assert session.access_token_secret is None
    assert session.service is oauth1_service
    assert isinstance(session.signature, PlaintextSignature)


@pytest.mark.parametrize("token", [(AT, ATS), [AT, ATS]], ids=["tuple", "list"])
def test_oauth1_get_session_with_token(oauth1_service, token):
    session = oauth1_service.get_session(token)
    assert (session.access_token, session.access_token_secret) == (AT, ATS)


def test_oauth1_get_session_default_signature_is_hmac_sha1():
    assert isinstance(OAuth1Service(CK, CS).get_session().signature, HmacSha1Signature)


def test_oauth1_get_session_signature_argument_wins(oauth1_service):
    session = oauth1_service.get_session(signature=HmacSha1Signature)
    assert isinstance(session.signature, HmacSha1Signature)


@pytest.mark.parametrize("token", ["token", (AT,), (AT, ATS, "x")], ids=["str", "one", "three"])
def test_oauth1_get_session_with_a_bad_token_is_a_value_error(oauth1_service, token):
    with pytest.raises(ValueError, match="token must be a pair") as excinfo:
        oauth1_service.get_session(token)
    assert ATS not in str(excinfo.value)


def test_oauth1_get_raw_request_token(oauth1_service, adapter):
    adapter.respond("oauth_token=rt&oauth_token_secret=rts", content_type=FORM)
    response = oauth1_service.get_raw_request_token()
    assert response is oauth1_service.request_token_response
    assert response.content == b"oauth_token=rt&oauth_token_secret=rts"
    sent = adapter.last
    assert sent.method == "GET"
    assert sent.url.startswith(REQUEST_TOKEN_URL + "?")
    oauth = dict(_query(sent))
    assert oauth["oauth_consumer_key"] == CK
    assert "oauth_token" not in oauth
    assert oauth["oauth_signature"] == f"{CS}&"
    assert adapter.send_kwargs[-1]["timeout"] == 300.0


def test_oauth1_get_raw_request_token_passes_method_and_kwargs(oauth1_service, adapter):
    oauth1_service.get_raw_request_token(
        "POST", data={"oauth_callback": "https://app.example/cb"}, header_auth=True
    )
    sent = adapter.last
    assert sent.method == "POST"
    header = _oauth_header(sent)
    assert header["oauth_callback"] == "https://app.example/cb"
    assert "oauth_callback" not in dict(_body(sent))


def test_oauth1_get_raw_request_token_without_url():
    with pytest.raises(TypeError) as excinfo:
        OAuth1Service(CK, CS).get_raw_request_token()
    assert str(excinfo.value) == "request_token_url must not be None"


def test_oauth1_get_request_token(oauth1_service, adapter):
    adapter.respond(f"oauth_token={RT}&oauth_token_secret={RTS}&oauth_callback_confirmed=true")
    assert oauth1_service.get_request_token() == (RT, RTS)
    assert adapter.last.method == "GET"


def test_oauth1_get_request_token_with_json_decoder_and_key_names(oauth1_service, adapter):
    adapter.respond(json.dumps({"token": RT, "secret": RTS}), content_type="application/json")
    token = oauth1_service.get_request_token(
        method="POST", decoder=json.loads, key_token="token", key_token_secret="secret"
    )
    assert token == (RT, RTS)
    assert adapter.last.method == "POST"


def test_oauth1_get_request_token_missing_key(oauth1_service, adapter):
    adapter.respond(f"oauth_token={RT}&token_secret={RTS}&other=shown")
    with pytest.raises(KeyError) as excinfo:
        oauth1_service.get_request_token()
    assert excinfo.value.args[0] == (
        "Decoder failed to handle oauth_token_secret with data as returned by "
        "provider. A different decoder may be needed. Provider returned: "
        "b'oauth_token=request-token&token_secret=***&other=shown'"
    )


@pytest.mark.parametrize(
    ("params", "url"),
    [
        ({}, AUTHORIZE_URL + "?oauth_token=request-token"),
        (
            {"oauth_callback": "https://app.example/cb?x=1"},
            AUTHORIZE_URL + "?oauth_callback=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"
            "&oauth_token=request-token",
        ),
    ],
    ids=["token-only", "with-params"],
)
def test_oauth1_get_authorize_url(oauth1_service, params, url):
    assert oauth1_service.get_authorize_url(RT, **params) == url


@pytest.mark.parametrize(
    ("authorize_url", "expected"),
    [
        ("https://example.com/auth?tenant=x", "https://example.com/auth?tenant=x&oauth_token=rt"),
        ("https://example.com/auth?", "https://example.com/auth?oauth_token=rt"),
        ("https://example.com/auth?a=1&", "https://example.com/auth?a=1&oauth_token=rt"),
    ],
    ids=["existing-query", "trailing-question-mark", "trailing-ampersand"],
)
def test_oauth1_get_authorize_url_joins_an_existing_query(authorize_url, expected):
    service = OAuth1Service(CK, CS, authorize_url=authorize_url)
    assert service.get_authorize_url("rt") == expected


def test_oauth1_get_authorize_url_without_url():
    with pytest.raises(TypeError) as excinfo:
        OAuth1Service(CK, CS).get_authorize_url(RT)
    assert str(excinfo.value) == "authorize_url must not be None"


def test_oauth1_get_raw_access_token(oauth1_service, adapter):
    adapter.respond("oauth_token=at&oauth_token_secret=ats")
    response = oauth1_service.get_raw_access_token(RT, RTS)
    assert response is oauth1_service.access_token_response
    assert response.content == b"oauth_token=at&oauth_token_secret=ats"
    sent = adapter.last
    assert sent.method == "GET"
    oauth = dict(_query(sent))
    assert oauth["oauth_token"] == RT
    assert oauth["oauth_signature"] == f"{CS}&{RTS}"


def test_oauth1_get_raw_access_token_passes_method_and_kwargs(oauth1_service, adapter):
    oauth1_service.get_raw_access_token(RT, RTS, "POST", data={"oauth_verifier": "verifier"})
    sent = adapter.last
    assert sent.method == "POST"
    body = dict(_body(sent))
    assert body["oauth_verifier"] == "verifier"
    assert body["oauth_token"] == RT


def test_oauth1_get_raw_access_token_without_url():
    with pytest.raises(TypeError) as excinfo:
        OAuth1Service(CK, CS).get_raw_access_token(RT, RTS)
    assert str(excinfo.value) == "access_token_url must not be None"


def test_oauth1_get_access_token(oauth1_service, adapter):
    adapter.respond(f"oauth_token={AT}&oauth_token_secret={ATS}&user_id=42")
    assert oauth1_service.get_access_token(RT, RTS) == (AT, ATS)


def test_oauth1_get_access_token_with_decoder_and_key_names(oauth1_service, adapter):
    adapter.respond(json.dumps({"t": AT, "s": ATS}))
    token = oauth1_service.get_access_token(
        RT, RTS, "POST", decoder=json.loads, key_token="t", key_token_secret="s"
    )
    assert token == (AT, ATS)
    assert adapter.last.method == "POST"


def test_oauth1_get_access_token_missing_key_hides_secrets(oauth1_service, adapter):
    adapter.respond(f"oauth_token_secret={ATS}")
    with pytest.raises(KeyError) as excinfo:
        oauth1_service.get_access_token(RT, RTS)
    message = excinfo.value.args[0]
    assert message.startswith("Decoder failed to handle oauth_token with data")
    assert "oauth_token_secret=***" in message
    assert ATS not in message


def test_oauth1_get_auth_session(oauth1_service, adapter):
    adapter.respond(f"oauth_token={RT}&oauth_token_secret={RTS}")
    adapter.respond(f"oauth_token={AT}&oauth_token_secret={ATS}")
    request_token, request_token_secret = oauth1_service.get_request_token()
    session = oauth1_service.get_auth_session(
        request_token, request_token_secret, data={"oauth_verifier": "v"}, header_auth=True
    )
    assert isinstance(session, oauth1_service.session_obj)
    assert (session.access_token, session.access_token_secret) == (AT, ATS)
    assert session.request_token_response is oauth1_service.request_token_response
    assert session.access_token_response is oauth1_service.access_token_response
    assert session.access_token_response.content.startswith(b"oauth_token=access-token")
    access_request = adapter.last
    assert access_request.method == "GET"
    assert _oauth_header(access_request)["oauth_verifier"] == "v"
    assert _oauth_header(access_request)["oauth_token"] == RT

    session.get("statuses", params={"count": "5"})
    api_request = adapter.last
    assert api_request.url.startswith(BASE_URL + "statuses?count=5&")
    oauth = dict(_query(api_request))
    assert oauth["oauth_token"] == AT
    assert oauth["oauth_signature"] == f"{CS}&{ATS}"


def test_oauth1_get_auth_session_without_a_request_token_response(oauth1_service, adapter):
    adapter.respond(f"oauth_token={AT}&oauth_token_secret={ATS}")
    session = oauth1_service.get_auth_session(RT, RTS, method="POST")
    assert session.request_token_response is None
    assert session.access_token_response is oauth1_service.access_token_response
    assert adapter.last.method == "POST"


# --- OAuth 2 --------------------------------------------------------------------


@pytest.fixture
def oauth2_service(capturing):
    return OAuth2Service(
        CLIENT_ID,
        CLIENT_SECRET,
        name="example",
        access_token_url=ACCESS_TOKEN_URL,
        authorize_url=AUTHORIZE_URL,
        base_url=BASE_URL,
        session_obj=capturing(OAuth2Session),
    )


def test_oauth2_get_session(oauth2_service):
    session = oauth2_service.get_session()
    assert isinstance(session, oauth2_service.session_obj)
    assert (session.client_id, session.client_secret) == (CLIENT_ID, CLIENT_SECRET)
    assert session.access_token is None
    assert session.service is oauth2_service
    assert oauth2_service.get_session("tok").access_token == "tok"


def test_oauth2_get_authorize_url(oauth2_service):
    url = oauth2_service.get_authorize_url(
        response_type="code", redirect_uri="https://app.example/cb", scope="a b"
    )
    assert url == (
        AUTHORIZE_URL + "?response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb"
        "&scope=a+b&client_id=client-id"
    )


def test_oauth2_get_authorize_url_with_an_existing_query():
    service = OAuth2Service(CLIENT_ID, CLIENT_SECRET, authorize_url=AUTHORIZE_URL + "?tenant=x")
    assert service.get_authorize_url() == AUTHORIZE_URL + "?tenant=x&client_id=client-id"


def test_oauth2_get_authorize_url_without_url():
    with pytest.raises(TypeError) as excinfo:
        OAuth2Service(CLIENT_ID, CLIENT_SECRET).get_authorize_url()
    assert str(excinfo.value) == "authorize_url must not be None"


CREDENTIALS = [("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, CREDENTIALS),
        (
            {"code": "c", "grant_type": "authorization_code"},
            [("code", "c"), ("grant_type", "authorization_code"), *CREDENTIALS],
        ),
        ([("scope", "a"), ("scope", "b")], [("scope", "a"), ("scope", "b"), *CREDENTIALS]),
        (
            "code=c&grant_type=authorization_code",
            [("code", "c"), ("grant_type", "authorization_code"), *CREDENTIALS],
        ),
        (b"code=c%C3%A9", [("code", "cé"), *CREDENTIALS]),
    ],
    ids=["none", "dict", "pairs", "str", "bytes"],
)
@pytest.mark.parametrize(
    "method",
    [None, "POST", "post", "PUT", "PATCH"],
    ids=["default", "POST", "post", "PUT", "PATCH"],
)
def test_oauth2_get_raw_access_token_puts_credentials_in_the_body(
    oauth2_service, adapter, method, data, expected
):
    given = copy.deepcopy(data)
    kwargs = {} if data is None else {"data": given}
    args = () if method is None else (method,)
    response = oauth2_service.get_raw_access_token(*args, **kwargs)
    assert response is oauth2_service.access_token_response
    sent = adapter.last
    assert sent.method == (method or "POST").upper()
    assert _body(sent) == expected
    assert _query(sent) == []
    assert "Authorization" not in sent.headers
    assert given == data


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (None, CREDENTIALS),
        ({"code": "c"}, [("code", "c"), *CREDENTIALS]),
        ("code=c", [("code", "c"), *CREDENTIALS]),
    ],
    ids=["none", "dict", "str"],
)
@pytest.mark.parametrize("method", ["GET", "get", "DELETE"])
def test_oauth2_get_raw_access_token_puts_credentials_in_the_query_otherwise(
    oauth2_service, adapter, method, params, expected
):
    given = copy.deepcopy(params)
    kwargs = {} if params is None else {"params": given}
    oauth2_service.get_raw_access_token(method, **kwargs)
    sent = adapter.last
    assert _query(sent) == expected
    assert not sent.body
    assert given == params


def test_oauth2_get_raw_access_token_without_url():
    with pytest.raises(TypeError) as excinfo:
        OAuth2Service(CLIENT_ID, CLIENT_SECRET).get_raw_access_token()
    assert str(excinfo.value) == "access_token_url must not be None"


@pytest.mark.parametrize(
    ("body", "decoder", "key"),
    [
        ("access_token=AT-1&expires=3600", None, None),
        (json.dumps({"access_token": "AT-1", "token_type": "Bearer"}), json.loads, None),
        (json.dumps({"token": "AT-1"}), json.loads, "token"),
    ],
    ids=["form-default", "json", "custom-key"],
)
def test_oauth2_get_access_token(oauth2_service, adapter, body, decoder, key):
    adapter.respond(body)
    kwargs = {"data": {"code": "c"}}
    if decoder is not None:
        kwargs["decoder"] = decoder
    if key is not None:
        kwargs["key"] = key
    assert oauth2_service.get_access_token(**kwargs) == "AT-1"
    assert ("code", "c") in _body(adapter.last)


def test_oauth2_get_access_token_missing_key_hides_secrets(oauth2_service, adapter):
    adapter.respond(
        json.dumps(
            {
                "access_token": "AT-SECRET",
                "refresh_token": "RT-SECRET",
                "id_token": "ID-SECRET",
                "token_type": "Bearer",
                "expires_in": 3600,
            }
        )
    )
    with pytest.raises(KeyError) as excinfo:
        oauth2_service.get_access_token(decoder=json.loads, key="token")
    message = excinfo.value.args[0]
    assert message.startswith(
        "Decoder failed to handle token with data as returned by provider. "
        "A different decoder may be needed. Provider returned: b'{"
    )
    assert '"token_type": "Bearer"' in message
    assert '"expires_in": 3600' in message
    for secret in ("AT-SECRET", "RT-SECRET", "ID-SECRET"):
        assert secret not in message


def test_oauth2_get_auth_session(oauth2_service, adapter):
    adapter.respond(json.dumps({"access_token": "AT-2"}))
    session = oauth2_service.get_auth_session(
        data={"code": "c", "grant_type": "authorization_code"}, decoder=json.loads
    )
    assert isinstance(session, oauth2_service.session_obj)
    assert session.access_token == "AT-2"
    assert session.access_token_response is oauth2_service.access_token_response
    assert adapter.last.method == "POST"

    session.get("me")
    assert adapter.last.url == BASE_URL + "me"
    assert adapter.last.headers["Authorization"] == "Bearer AT-2"


def test_oauth2_get_auth_session_with_get(oauth2_service, adapter):
    adapter.respond("access_token=AT-3")
    session = oauth2_service.get_auth_session("GET", params={"code": "c"})
    assert session.access_token == "AT-3"
    assert adapter.last.method == "GET"
    assert ("client_secret", CLIENT_SECRET) in _query(adapter.last)


# --- Ofly -----------------------------------------------------------------------


class _FixedDatetime(dt.datetime):
    @classmethod
    def utcnow(cls):
        return dt.datetime(1900, 1, 1)


def _ofly_sig(path: str, params: dict, hash_meth: str = "SHA1") -> str:
    ofly = {
        "oflyAppId": APP_ID,
        "oflyHashMeth": hash_meth,
        "oflyTimestamp": "1900-01-01T00:00:00.0Z",
    }
    base = APP_SECRET + path + "?"
    if params:
        base += "&".join(f"{k}={params[k]}" for k in sorted(params)) + "&"
    base += "&".join(f"{k}={ofly[k]}" for k in sorted(ofly))
    hash_function = hashlib.sha1 if hash_meth == "SHA1" else hashlib.md5
    return hash_function(base.encode()).hexdigest()


@pytest.mark.parametrize(
    ("url_query", "params", "hash_meth"),
    [
        ({}, {"oflyCallbackUrl": "https://app.example/cb"}, "SHA1"),
        ({"tenant": "x"}, {}, "SHA1"),
        ({}, {"hash_meth": "md5"}, "MD5"),
    ],
    ids=["params", "existing-query", "md5"],
)
def test_ofly_get_authorize_url(monkeypatch, url_query, params, hash_meth):
    # the authorize URL's own query is signed with the other parameters
    # (rauth 0.7 signed the path only, which no Ofly server accepts)
    monkeypatch.setattr(rauth.session, "datetime", _FixedDatetime)
    authorize_url = AUTHORIZE_URL + "".join(f"?{k}={v}" for k, v in url_query.items())
    service = OflyService(APP_ID, APP_SECRET, authorize_url=authorize_url)
    signed = {**url_query, **{k: v for k, v in params.items() if k != "hash_meth"}}
    sig = _ofly_sig("/oauth/authorize", signed, hash_meth)
    query = {
        "oflyApiSig": sig,
        "oflyAppId": APP_ID,
        "oflyHashMeth": hash_meth,
        "oflyTimestamp": "1900-01-01T00:00:00.0Z",
        **signed,
    }
    expected = AUTHORIZE_URL + "?" + "&".join(f"{k}={query[k]}" for k in sorted(query))
    assert service.get_authorize_url(**params) == expected


def test_ofly_get_authorize_url_without_url():
    with pytest.raises(TypeError) as excinfo:
        OflyService(APP_ID, APP_SECRET).get_authorize_url()
    assert str(excinfo.value) == "authorize_url must not be None"


def test_ofly_get_session_and_get_auth_session(capturing, adapter):
    service = OflyService(APP_ID, APP_SECRET, base_url=BASE_URL, session_obj=capturing(OflySession))
    session = service.get_session("user-1")
    assert isinstance(session, service.session_obj)
    assert (session.app_id, session.app_secret, session.user_id) == (APP_ID, APP_SECRET, "user-1")
    assert session.service is service
    auth_session = service.get_auth_session("user-2", ignored="kwargs")
    assert auth_session.user_id == "user-2"
    auth_session.get("albums")
    sent = dict(_query(adapter.last))
    assert adapter.last.url.startswith(BASE_URL + "albums?")
    assert sent["oflyUserid"] == "user-2"
    assert sent["oflyAppId"] == APP_ID


# --- process_token_request ----------------------------------------------------


def test_process_token_request_returns_the_values_in_order():
    response = _response(b"b=2&a=1&c=3")
    assert process_token_request(response, parse_utf8_qsl, "c", "a") == ("3", "1")


@pytest.mark.parametrize(
    ("body", "shown", "hidden"),
    [
        (
            b"oauth_token=t&oauth_token_secret=S1&x=y",
            b"oauth_token=t&oauth_token_secret=***&x=y",
            ["S1"],
        ),
        (b"access_token=S2&expires=5", b"access_token=***&expires=5", ["S2"]),
        (
            b'{"access_token": "S3", "refresh_token":"S4", "expires_in": 3600}',
            b'{"access_token": "***", "refresh_token":"***", "expires_in": 3600}',
            ["S3", "S4"],
        ),
        (b'{"client_secret": 12345, "a": 1}', b'{"client_secret": "***", "a": 1}', ["12345"]),
        (b'{"id_token": "S5\\"quoted"}', b'{"id_token": "***"}', ["S5", "quoted"]),
        (b'{"Password" : "S6"}', b'{"Password" : "***"}', ["S6"]),
        (b"error=invalid_grant", b"error=invalid_grant", []),
    ],
    ids=[
        "oauth1-form",
        "oauth2-form",
        "json",
        "json-number",
        "json-escaped-quote",
        "json-case",
        "no-secret",
    ],
)
def test_process_token_request_missing_key_shows_the_body_without_secrets(body, shown, hidden):
    decoder = json.loads if body.startswith(b"{") else parse_utf8_qsl
    with pytest.raises(KeyError) as excinfo:
        process_token_request(_response(body), decoder, "missing")
    message = excinfo.value.args[0]
    assert message == PROCESS_TOKEN_ERROR.format(key="missing", raw=shown)
    for secret in hidden:
        assert secret not in message
    assert excinfo.value.__cause__ is None
    assert excinfo.value.__suppress_context__


@pytest.mark.parametrize(
    "body",
    [
        b'{"accessToken": "CAMEL-SECRET-1", "tokenType": "bearer"}',
        b'{"refreshToken": "CAMEL-SECRET-2"}',
    ],
    ids=["accessToken", "refreshToken"],
)
def test_process_token_request_hides_camel_case_token_values(body):
    with pytest.raises(KeyError) as excinfo:
        process_token_request(_response(body), json.loads, "access_token")
    assert "CAMEL-SECRET" not in excinfo.value.args[0]


def test_process_token_request_decoder_key_error_without_a_key():
    def decoder(content):
        raise KeyError

    with pytest.raises(KeyError) as excinfo:
        process_token_request(_response(b"x=1"), decoder, "a")
    assert excinfo.value.args[0].startswith("Decoder failed to handle None with data")


def test_process_token_request_error_text_is_rauth_07s():
    assert PROCESS_TOKEN_ERROR == (
        "Decoder failed to handle {key} with data as returned "
        "by provider. A different decoder may be needed. "
        "Provider returned: {raw}"
    )


# --- pickling and repr ------------------------------------------------------------


def _services():
    return [
        OAuth1Service(
            CK,
            CS,
            "o1",
            REQUEST_TOKEN_URL,
            ACCESS_TOKEN_URL,
            AUTHORIZE_URL,
            BASE_URL,
            signature_obj=PlaintextSignature,
        ),
        OAuth2Service(CLIENT_ID, CLIENT_SECRET, "o2", ACCESS_TOKEN_URL, AUTHORIZE_URL, BASE_URL),
        OflyService(APP_ID, APP_SECRET, "ofly", AUTHORIZE_URL, BASE_URL, "user"),
    ]


@pytest.mark.parametrize("index", range(3), ids=["oauth1", "oauth2", "ofly"])
def test_services_pickle_into_working_services(index):
    service = _services()[index]
    if hasattr(service, "access_token_response"):
        service.access_token_response = _response(b"not kept")
    restored = pickle.loads(pickle.dumps(service))
    assert type(restored) is type(service)
    for attr in service.__attrs__:
        if attr.endswith("_response"):
            assert getattr(restored, attr) is None, attr
        else:
            assert getattr(restored, attr) == getattr(service, attr), attr
    session = restored.get_session("user") if index == 2 else restored.get_session()
    assert session.service is restored


def test_pickled_oauth1_service_makes_authorize_urls_and_sessions(mount, adapter):
    restored = pickle.loads(pickle.dumps(_services()[0]))
    assert restored.get_authorize_url(RT) == AUTHORIZE_URL + "?oauth_token=request-token"
    session = mount(restored.get_session((AT, ATS)))
    session.get("x")
    assert adapter.last.url.startswith(BASE_URL + "x?")
    assert dict(_query(adapter.last))["oauth_signature"] == f"{CS}&{ATS}"


def test_service_state_of_rauth_07_unpickles_with_newer_attributes_none():
    # rauth 0.7.2's OAuth1Service.__attrs__: no signature_obj nor responses
    state = {
        "name": "old",
        "base_url": BASE_URL,
        "authorize_url": AUTHORIZE_URL,
        "consumer_key": CK,
        "consumer_secret": CS,
        "request_token_url": REQUEST_TOKEN_URL,
        "access_token_url": ACCESS_TOKEN_URL,
        "session_obj": OAuth1Session,
    }
    service = OAuth1Service.__new__(OAuth1Service)
    service.__setstate__(state)
    assert service.signature_obj is None
    assert service.request_token_response is None
    assert isinstance(service.get_session().signature, HmacSha1Signature)


@pytest.mark.parametrize("index", range(3), ids=["oauth1", "oauth2", "ofly"])
def test_service_repr_shows_no_secret(index):
    service = _services()[index]
    text = repr(service)
    assert text.startswith(f"<{type(service).__name__} name=")
    for secret in (CS, CLIENT_SECRET, APP_SECRET):
        assert secret not in text


def test_service_repr_after_a_flow_shows_no_token(capturing, adapter):
    service = OAuth1Service(
        CK, CS, request_token_url=REQUEST_TOKEN_URL, session_obj=capturing(OAuth1Session)
    )
    adapter.respond(f"oauth_token={RT}&oauth_token_secret={RTS}")
    service.get_request_token()
    assert RTS not in repr(service)
    assert RTS not in repr(service.get_session((AT, RTS)))


def test_base_service_repr():
    assert repr(Service("svc", BASE_URL, AUTHORIZE_URL)) == "<Service name='svc' >"


def test_process_token_request_missing_key_with_no_content():
    response = requests.Response()  # no body at all: content is None
    response.status_code = 200
    with pytest.raises(KeyError) as excinfo:
        process_token_request(response, lambda content: {}, "access_token")
    assert excinfo.value.args[0] == PROCESS_TOKEN_ERROR.format(key="access_token", raw=None)
