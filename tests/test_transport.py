"""rauth.transport: InsecureTransportWarning for a credential sent over plain
http to a host that is not loopback, checked on the URL as it is sent."""

from __future__ import annotations

import warnings
from typing import Any, Callable

import pytest
import requests

from rauth import (
    InsecureTransportWarning,
    OAuth1,
    OAuth1Session,
    OAuth2,
    OAuth2Service,
    OAuth2Session,
)
from rauth.oauth import HmacSha1Signature, PlaintextSignature
from rauth.transport import check_request, is_loopback, warn_if_insecure

Mount = Callable[[requests.Session], requests.Session]

CONSUMER_SECRET = "consumer-secret-value"
TOKEN_SECRET = "token-secret-value"
ACCESS_TOKEN = "access-token-value"
CLIENT_SECRET = "client-secret-value"


def _plaintext(mount: Mount) -> Any:
    return mount(OAuth1Session("ck", CONSUMER_SECRET, "tok", TOKEN_SECRET, PlaintextSignature))


def _bearer(mount: Mount, token: str | None = ACCESS_TOKEN, **kwargs: Any) -> Any:
    return mount(OAuth2Session("id", CLIENT_SECRET, token, **kwargs))


def _token_service(capturing: Any, method: str, base_url: str | None = None) -> OAuth2Service:
    return OAuth2Service(
        "id",
        CLIENT_SECRET,
        access_token_url="http://auth.example.com/token",
        base_url=base_url,
        session_obj=capturing(OAuth2Session),
        token_endpoint_auth_method=method,
    )


#: Each request that sends a credential in the clear: name -> call(mount, capturing).
WARNING_CASES: dict[str, Callable[[Mount, Any], Any]] = {
    "plaintext-query": lambda m, c: _plaintext(m).get("http://api.example.com/r"),
    "plaintext-body": lambda m, c: _plaintext(m).post("http://api.example.com/r", data={"a": 1}),
    "plaintext-header": lambda m, c: _plaintext(m).get(
        "http://api.example.com/r", header_auth=True
    ),
    "plaintext-leading-space": lambda m, c: _plaintext(m).get(" http://api.example.com/r"),
    "plaintext-upper-case-scheme": lambda m, c: _plaintext(m).get("HTTP://API.EXAMPLE.COM/r"),
    "bearer-header": lambda m, c: _bearer(m).get("http://api.example.com/r"),
    "bearer-leading-space": lambda m, c: _bearer(m).get("\t http://api.example.com/r "),
    "bearer-query": lambda m, c: _bearer(m).get("http://api.example.com/r", bearer_auth=False),
    "bearer-query-custom-key": lambda m, c: _bearer(m, access_token_key="oauth_token").get(
        "http://api.example.com/r", bearer_auth=False
    ),
    "bearer-base-url": lambda m, c: (
        _token_service(c, "client_secret_post", "http://api.ex.com/")
        .get_session(ACCESS_TOKEN)
        .get("me")
    ),
    "token-endpoint-client-secret-post": lambda m, c: _token_service(
        c, "client_secret_post"
    ).get_raw_access_token(data={"grant_type": "client_credentials"}),
    "token-endpoint-client-secret-basic": lambda m, c: _token_service(
        c, "client_secret_basic"
    ).get_raw_access_token(data={"grant_type": "client_credentials"}),
}


@pytest.mark.parametrize("case", sorted(WARNING_CASES))
def test_a_credential_over_plain_http_warns(
    mount: Mount, capturing: Any, adapter: Any, case: str
) -> None:
    with pytest.warns(InsecureTransportWarning) as record:
        WARNING_CASES[case](mount, capturing)

    assert len(adapter.requests) == 1  # a warning: the request is still sent
    (warning,) = [w for w in record if w.category is InsecureTransportWarning]
    message = str(warning.message)
    assert "plain http" in message
    assert "example.com" in message or "ex.com" in message
    for secret in (CONSUMER_SECRET, TOKEN_SECRET, ACCESS_TOKEN, CLIENT_SECRET):
        assert secret not in message
    assert warning.filename == __file__  # it points at the application's line


#: Requests that must stay silent: name -> call(mount, capturing).
SILENT_CASES: dict[str, Callable[[Mount, Any], Any]] = {
    "plaintext-https": lambda m, c: _plaintext(m).get("https://api.example.com/r"),
    "plaintext-https-upper-case": lambda m, c: _plaintext(m).get("HTTPS://api.example.com/r"),
    "plaintext-127.0.0.1": lambda m, c: _plaintext(m).get("http://127.0.0.1:8080/r"),
    "plaintext-127.8.9.10": lambda m, c: _plaintext(m).post("http://127.8.9.10/r", data={"a": 1}),
    "plaintext-localhost": lambda m, c: _plaintext(m).get("http://localhost/r", header_auth=True),
    "bearer-ipv6-loopback": lambda m, c: _bearer(m).get("http://[::1]:8080/r"),
    "bearer-https": lambda m, c: _bearer(m).get("https://api.example.com/r", bearer_auth=False),
    "hmac-over-http": lambda m, c: m(OAuth1Session("ck", CONSUMER_SECRET, "t", TOKEN_SECRET)).get(
        "http://api.example.com/r"
    ),
    "hmac-explicit-over-http": lambda m, c: m(
        OAuth1Session("ck", CONSUMER_SECRET, "t", TOKEN_SECRET, HmacSha1Signature)
    ).post("http://api.example.com/r", data={"a": 1}, header_auth=True),
    "oauth2-without-token": lambda m, c: _bearer(m, token=None).get(
        "http://api.example.com/r", bearer_auth=False, params={"q": "1"}
    ),
    "user-basic-auth-not-at-token-endpoint": lambda m, c: _bearer(m, token=None).get(
        "http://api.example.com/r", bearer_auth=False, auth=("user", "pw")
    ),
}


@pytest.mark.parametrize("case", sorted(SILENT_CASES))
def test_https_loopback_and_hmac_do_not_warn(mount: Mount, capturing: Any, case: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureTransportWarning)
        SILENT_CASES[case](mount, capturing)


def test_the_warning_can_be_made_an_error(mount: Mount, adapter: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureTransportWarning)
        with pytest.raises(InsecureTransportWarning, match="bearer token"):
            _bearer(mount).get("http://api.example.com/r")

    assert adapter.requests == []  # refused before anything was sent


def test_the_warning_is_silenced_by_its_category(mount: Mount, adapter: Any) -> None:
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=InsecureTransportWarning)
        _plaintext(mount).get("http://api.example.com/r")
        _bearer(mount).get("http://api.example.com/r")

    assert record == []
    assert len(adapter.requests) == 2


def test_it_is_a_user_warning() -> None:
    assert issubclass(InsecureTransportWarning, UserWarning)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("app.localhost", True),
        ("128.0.0.1", False),
        ("10.0.0.1", False),
        ("localhost.example.com", False),
        ("127.0.0.1.example.com", False),
        ("", False),
        (None, False),
    ],
)
def test_is_loopback(host: str | None, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_warn_if_insecure_for_auth_objects() -> None:
    with pytest.warns(InsecureTransportWarning, match="a token is sent over plain http to a.b"):
        assert warn_if_insecure("http://a.b/x", "a token") is True
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureTransportWarning)
        assert warn_if_insecure("https://a.b/x", "a token") is False
        assert warn_if_insecure("http://127.0.0.1/x", "a token") is False
        assert warn_if_insecure("ftp://a.b/x", "a token") is False


def test_check_request_reads_a_prepared_request() -> None:
    prepared = requests.Request(
        "POST", "http://a.b/token", data={"client_secret": CLIENT_SECRET}
    ).prepare()
    with pytest.warns(InsecureTransportWarning, match="client secret"):
        assert check_request(prepared) is prepared
    bearer = requests.Request("GET", "http://a.b/r", headers={"Authorization": "Bearer x"})
    with pytest.warns(InsecureTransportWarning, match="bearer token"):
        check_request(bearer.prepare())


# -- The auth objects for plain requests (rauth.auth) -------------------------


def _prepared_with(auth: Any, url: str) -> requests.PreparedRequest:
    return requests.Request("GET", url, auth=auth).prepare()


@pytest.mark.parametrize(
    "auth",
    [
        pytest.param(lambda: OAuth2(ACCESS_TOKEN), id="oauth2-bearer"),
        pytest.param(
            lambda: OAuth1(
                "ck", CONSUMER_SECRET, "tok", TOKEN_SECRET, signature=PlaintextSignature
            ),
            id="oauth1-plaintext-header",
        ),
        pytest.param(
            lambda: OAuth1(
                "ck", CONSUMER_SECRET, "tok", TOKEN_SECRET, PlaintextSignature, placement="query"
            ),
            id="oauth1-plaintext-query",
        ),
    ],
)
def test_auth_objects_warn_over_plain_http(auth: Callable[[], Any]) -> None:
    with pytest.warns(InsecureTransportWarning, match="plain http to api.example.com"):
        _prepared_with(auth(), "http://api.example.com/r")
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureTransportWarning)
        _prepared_with(auth(), "https://api.example.com/r")
        _prepared_with(auth(), "http://127.0.0.1:8080/r")


def test_oauth1_auth_object_with_hmac_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", InsecureTransportWarning)
        prepared = _prepared_with(
            OAuth1("ck", CONSUMER_SECRET, "tok", TOKEN_SECRET), "http://api.example.com/r"
        )
    assert 'oauth_signature_method="HMAC-SHA1"' in str(prepared.headers["Authorization"])
