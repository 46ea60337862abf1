"""OAuth 1 requests made through rauth's public API, verified by oauthlib.

Each request goes through ``OAuth1Session.request`` into a capture adapter;
oauthlib, the reference RFC 5849 implementation, then verifies what would go
on the wire exactly as a server does: it collects the parameters from the
query, the ``Authorization`` header and a form body, rebuilds the signature
base string and checks the signature with the shared secrets or the RSA
public key. The same check also asserts that the caller's parameters reach
the wire unchanged and that a body which is not a form is sent byte for byte
as requests alone sends it (see ``signing_support.check_case``).

Named scenarios cover each feature for every signature method and every
placement; hypothesis then mixes them at random.
"""

from __future__ import annotations

import io
import logging
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oauthlib.common import Request as OAuthlibRequest
from oauthlib.oauth1.rfc5849.signature import verify_plaintext
from signing_support import (
    FORM,
    PLACEMENTS,
    RSA_METHODS,
    RSA_PRIVATE_KEY,
    SIGNATURE_METHODS,
    Case,
    Credentials,
    DrawChooser,
    Scenario,
    capture,
    check_case,
    check_scenario,
    default_credentials,
    generate_case,
    oauthlib_verifies,
    plain_requests,
    read_wire,
    report,
    wire_body,
)

from rauth.oauth import PlaintextSignature
from rauth.session import OAuth1Session

#: These tests check what is signed and sent, at plain-http example URLs;
#: the InsecureTransportWarning those raise is tested in test_transport.py.
pytestmark = pytest.mark.filterwarnings("ignore::rauth.InsecureTransportWarning")


QUERY_SCENARIOS = [
    Scenario("url-query", "http://photos.example.net/photos?file=vacation.jpg&size=original"),
    Scenario("params-dict", kwargs={"params": {"a": "1", "b": "x y"}}),
    Scenario("params-list-repeated", kwargs={"params": [("a", "1"), ("a", "2"), ("b", "")]}),
    Scenario("params-str", kwargs={"params": "a=1&a=2&b=x+y&c=%C3%A9&d"}),
    Scenario("params-bytes", kwargs={"params": b"a=1&b=%E2%82%AC&b=+"}),
    Scenario("params-list-values", kwargs={"params": {"a": ["1", "2", "3"], "b": []}}),
    Scenario("params-numbers", kwargs={"params": {"i": 42, "f": 1.5, "n": -3, "big": 10**20}}),
    Scenario("params-none-dropped", kwargs={"params": {"a": None, "b": "1", "c": [None, "x"]}}),
    Scenario("params-non-ascii", kwargs={"params": {"\u00e9": "\u4e2d\u6587", "e": "\U0001f600"}}),
    Scenario("params-bytes-values", kwargs={"params": {b"k": b"v\xc3\xa9", "k2": b""}}),
    Scenario(
        "params-reserved",
        kwargs={"params": {"~+&=% /?": "~+&=% /?#", "a": "!*'();:@$,[]\"\\"}},
    ),
    Scenario("params-empty", kwargs={"params": {"": "", "e": ""}}),
    Scenario("params-realm-is-a-parameter", kwargs={"params": {"realm": "user"}}),
    Scenario("url-query-and-params", "http://example.com/p?a=1&a=2", {"params": [("a", "3")]}),
    Scenario("url-query-reserved", "http://example.com/p?q=%2B+%26%3D%25%7E&e=&f"),
    Scenario("url-query-non-ascii", "http://example.com/p?q=\u00e9\u4e2d&r=caf%C3%A9"),
    Scenario("url-query-lower-case-escapes", "http://example.com/p?q=%c3%a9%2b"),
    Scenario("optional-oauth-verifier", kwargs={"params": {"oauth_verifier": "hfdp7dh39dks9884"}}),
    Scenario(
        "optional-oauth-callback", kwargs={"params": [("oauth_callback", "http://cb.example/r")]}
    ),
    Scenario("method-lower-case", methods={"header": "get", "query": "get", "body": "post"}),
    Scenario("method-mixed-case", methods={"header": "Delete", "query": "Head", "body": "Patch"}),
    Scenario("method-put", methods={"header": "PUT", "body": "put"}),
]

URL_SCENARIOS = [
    Scenario("upper-case-scheme-and-host", "HTTP://PHOTOS.Example.NET/Photos"),
    Scenario("http-default-port", "http://example.com:80/photos"),
    Scenario("https-default-port", "https://example.com:443/photos"),
    Scenario("https-on-port-80", "https://example.com:80/photos"),
    Scenario("non-default-port", "http://example.com:8080/photos"),
    Scenario("fragment", "http://example.com/photos?a=1#frag?b=2"),
    Scenario("empty-path", "https://example.com"),
    Scenario("empty-query", "https://example.com/photos?"),
    Scenario("path-with-space", "http://example.com/r v/X"),
    Scenario("path-percent-encoded", "http://example.com/r%20v/%2F/%C3%A9/%25"),
    Scenario("path-unreserved-escapes", "http://example.com/%7Euser/%41"),
    Scenario("path-non-ascii", "http://example.com/caf\u00e9/\u4e2d"),
    Scenario("path-sub-delims", "http://example.com/a;b=c/!$&'()*+,/@:"),
    Scenario("ipv4-host", "http://127.0.0.1:8000/p"),
    Scenario("ipv6-host", "http://[::1]:8000/p"),
    Scenario("idn-host", "http://B\u00fccher.example/p"),
    Scenario("userinfo", "https://user:pass@example.com/p"),
    # requests and urllib3 rewrite these before sending; the signature must
    # cover what they send
    Scenario("path-lower-case-escapes", "http://example.com/a%2fb/%7e/%c3%a9"),
    Scenario("path-dot-segments", "http://example.com/a/./b/../c"),
    Scenario("path-brackets", "http://example.com/a[1]/{x}"),
    Scenario("idn-host-idna2008", "http://stra\u00dfe.example/p"),
    Scenario("url-query-tab-newline", "http://example.com/p?a=1\t2&b=3\n4"),
    Scenario("url-value-mentions-oauth_signature", "http://example.com/p?q=oauth_signature"),
]

FORM_SCENARIOS = [
    Scenario("data-dict", kwargs={"data": {"a": "1", "b": "x y", "c": None}}, body="form"),
    Scenario("data-list", kwargs={"data": [("a", "1"), ("a", "2"), ("b", ["3", 4])]}, body="form"),
    Scenario("data-str", kwargs={"data": "a=1&a=2&b=x+y&c=%E2%82%AC&d"}, body="form"),
    Scenario(
        "data-bytes",
        kwargs={"data": b"a=1&b=%C3%A9", "headers": {"Content-Type": FORM}},
        body="form",
    ),
    Scenario(
        "data-charset",
        kwargs={"data": {"a": "\u00e9"}, "headers": {"Content-Type": f"{FORM}; charset=utf-8"}},
        body="form",
        methods={"query": "POST"},
        oauth_in_body=False,
    ),
    Scenario(
        "data-content-type-case",
        kwargs={"data": "a=1", "headers": {"content-type": "Application/X-WWW-Form-URLEncoded"}},
        body="form",
        methods={"query": "POST"},
        oauth_in_body=False,
    ),
    Scenario("data-reserved", kwargs={"data": {"~+&=% /?": "~+&=%#\"'\\"}}, body="form"),
    Scenario("data-numbers", kwargs={"data": {"i": 7, "f": 0.25, "l": [1, 2.5]}}, body="form"),
    Scenario("data-bytes-values", kwargs={"data": {b"k": b"\xe2\x82\xac", "e": b""}}, body="form"),
    Scenario("data-empty", kwargs={"data": {}}, body="form"),
    Scenario(
        "data-and-params",
        "http://example.com/p?u=1",
        {"params": {"q": "2"}, "data": {"d": "3"}},
        body="form",
    ),
    Scenario("data-optional-oauth-verifier", kwargs={"data": {"oauth_verifier": "v"}}, body="form"),
    Scenario(
        "get-with-form-body",
        kwargs={"data": "a=1&b=2", "headers": {"Content-Type": FORM}},
        body="form",
        methods={"header": "GET", "query": "GET"},
    ),
    Scenario(
        "delete-with-form-body",
        kwargs={"data": {"a": "1"}, "headers": {"Content-Type": FORM}},
        body="form",
        methods={"header": "DELETE", "query": "delete"},
    ),
    # requests marks a dict body as a form itself, on any method
    Scenario(
        "get-with-dict-body-no-content-type",
        kwargs={"data": {"a": "1"}},
        body="form",
        methods={"header": "GET", "query": "GET"},
    ),
]

RAW_SCENARIOS = [
    Scenario("json", kwargs={"json": {"a": ["\u00e9", 1, None], "b": {"c": True}}}, body="raw"),
    Scenario("json-list", kwargs={"json": [1, "two"]}, body="raw"),
    Scenario(
        "files",
        kwargs={"files": {"upload": ("caf\u00e9.txt", b"\x00\xffdata", "text/plain")}},
        body="raw",
    ),
    Scenario(
        "files-and-data",
        kwargs={"files": [("f", ("a.bin", b"x"))], "data": {"field": "v", "n": 1}},
        body="raw",
    ),
    Scenario("bytes-no-content-type", kwargs={"data": b"a=1&\xff\x00 raw"}, body="raw"),
    Scenario(
        "text-plain",
        kwargs={"data": "a=1&b=\u00e9", "headers": {"Content-Type": "text/plain; charset=utf-8"}},
        body="raw",
    ),
    Scenario(
        "json-content-type-bytes",
        kwargs={"data": b'{"a": 1}', "headers": {"Content-Type": "application/json"}},
        body="raw",
    ),
]

REALM_SCENARIOS = [
    Scenario(f"realm-{name}", realm=realm)
    for name, realm in [
        ("default", None),
        ("empty", ""),
        ("plain", "Example"),
        ("quotes", 'say "hi"'),
        ("backslashes", "a\\b\\"),
        ("comma-equals", "a=b, c"),
        ("non-ascii", "caf\u00e9 \u4e2d \U0001f600"),
        ("control", "line\r\nInjected: yes\t"),
        ("percent", "100%"),
    ]
]


def _params(scenarios: list[Scenario]) -> list[Any]:
    return [
        pytest.param(scenario, placement, id=f"{scenario.id}-{placement}")
        for scenario in scenarios
        for placement in scenario.placements()
    ]


@pytest.mark.parametrize(("scenario", "placement"), _params(QUERY_SCENARIOS))
def test_query_parameters_verify(scenario: Scenario, placement: str) -> None:
    failures = check_scenario(scenario, placement)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(("scenario", "placement"), _params(URL_SCENARIOS))
def test_urls_verify(scenario: Scenario, placement: str) -> None:
    failures = check_scenario(scenario, placement)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(("scenario", "placement"), _params(FORM_SCENARIOS))
def test_form_bodies_verify(scenario: Scenario, placement: str) -> None:
    failures = check_scenario(scenario, placement)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(("scenario", "placement"), _params(RAW_SCENARIOS))
def test_other_bodies_are_sent_intact_and_not_signed(scenario: Scenario, placement: str) -> None:
    failures = check_scenario(scenario, placement)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("scenario", REALM_SCENARIOS, ids=lambda scenario: scenario.id)
def test_realm_keeps_the_header_well_formed(scenario: Scenario) -> None:
    failures = check_scenario(scenario, "header")
    assert not failures, "\n\n".join(failures)
    header = scenario.case("HMAC-SHA1", "header").send().headers["Authorization"]
    assert isinstance(header, str)
    assert header.isascii()
    assert header.isprintable()


@pytest.mark.parametrize(
    "secret",
    ["", "kd94hf93k423kf44", "a b&c=d%e/f~g+h", '"\\,;:', "caf\u00e9 \u4e2d", "\U0001f600\n\t"],
)
@pytest.mark.parametrize("signature", [name for name in SIGNATURE_METHODS if "RSA" not in name])
def test_secrets_with_reserved_characters_verify(signature: str, secret: str) -> None:
    # PLAINTEXT's "%"-encoded signature in the header only: oauthlib decodes it
    # twice in the query and body (test_plaintext_in_query_and_body_is_form_encoded_once)
    for token_secret in (None, "", secret, secret.encode("utf-8")):
        for consumer_secret in (secret, secret.encode("utf-8")):
            credentials = Credentials(signature, "key", consumer_secret, "token", token_secret)
            for placement in ("header",) if signature == "PLAINTEXT" else PLACEMENTS:
                case = Scenario("secrets", "https://example.com/r").case(signature, placement)
                case.credentials = credentials
                problems = check_case(case)
                assert not problems, report(case, problems)


def test_consumer_key_and_token_with_reserved_characters_verify_in_the_header() -> None:
    credentials = Credentials("HMAC-SHA1", 'k%41 &="\u00e9', "s", 't%25,"\\', "ts")
    case = Case(credentials, "header", "GET", "http://example.com/r", kwargs={"params": {"a": "1"}})
    problems = check_case(case)
    assert not problems, report(case, problems)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_plaintext_in_query_and_body_is_form_encoded_once(method: str) -> None:
    """RFC 5849 sections 3.5.2 and 3.5.3: the query and body are form-encoded once.

    The PLAINTEXT signature of ``c&s`` and ``t%`` is ``c%26s&t%25``, sent as
    ``c%2526s%26t%2525``. oauthlib's collect_parameters decodes ``oauth_*``
    values of the query and body a second time, which would reject it, so
    this test decodes once (urllib) and lets oauthlib check the value.
    """
    session = OAuth1Session("key", "c&s", "token", "t%", signature=PlaintextSignature)
    adapter = capture(session)
    session.request(method, "https://example.com/r")
    sent = adapter.sent[0]
    raw = sent.body if method == "POST" else urlsplit(sent.url).query
    assert "oauth_signature=c%2526s%26t%2525" in raw
    request = OAuthlibRequest(sent.url, sent.method)
    request.signature = dict(parse_qsl(raw))["oauth_signature"]
    assert verify_plaintext(request, "c&s", "t%")


def test_open_file_upload_is_sent_intact() -> None:
    def kwargs() -> dict[str, Any]:
        return {"files": {"f": ("a.bin", io.BytesIO(b"\x00file\xff"))}, "data": {"x": "1"}}

    for signature in SIGNATURE_METHODS:
        case = Case(
            Credentials(signature, "key", "secret", "token", "tsecret"),
            "header",
            "POST",
            "https://example.com/upload",
            kwargs=kwargs(),
        )
        if signature in RSA_METHODS:
            case.credentials = Credentials(signature, "key", RSA_PRIVATE_KEY, "token")
        sent = case.send()
        assert oauthlib_verifies(read_wire(sent), case.credentials), signature
        case.kwargs = kwargs()
        expected = plain_requests(case)
        boundary = sent.headers["Content-Type"].split("boundary=")[1]
        other = expected.headers["Content-Type"].split("boundary=")[1]
        assert wire_body(sent).replace(boundary.encode(), b"B") == wire_body(expected).replace(
            other.encode(), b"B"
        )


def test_plaintext_over_http_logs_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    session = OAuth1Session("key", "secret", signature=PlaintextSignature)
    capture(session)
    with caplog.at_level(logging.WARNING, logger="rauth"):
        session.get("HTTP://Example.com/r?a=1")
    warnings = [r for r in caplog.records if r.name == "rauth" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "PLAINTEXT" in warnings[0].getMessage()
    assert "http://example.com/r" in warnings[0].getMessage()
    assert "secret" not in warnings[0].getMessage()


@pytest.mark.parametrize("url", ["https://example.com/r", "HTTPS://example.com:8443/r"])
def test_plaintext_over_https_logs_nothing(caplog: pytest.LogCaptureFixture, url: str) -> None:
    session = OAuth1Session("key", "secret", signature=PlaintextSignature)
    capture(session)
    with caplog.at_level(logging.DEBUG, logger="rauth"):
        session.get(url)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize("signature", [name for name in SIGNATURE_METHODS if name != "PLAINTEXT"])
def test_other_methods_over_http_log_no_warning(
    caplog: pytest.LogCaptureFixture, signature: str
) -> None:
    case = Scenario("plain-http").case(signature, "query")
    with caplog.at_level(logging.WARNING, logger="rauth"):
        case.send()
    assert caplog.records == []


# ---------------------------------------------------------------- hypothesis


@st.composite
def cases(draw: Any, signature: str, placement: str) -> Case:
    return generate_case(DrawChooser(draw), signature, placement)


PROPERTY_SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("placement", PLACEMENTS)
@pytest.mark.parametrize("signature", list(SIGNATURE_METHODS))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_random_requests_verify(signature: str, placement: str, data: st.DataObject) -> None:
    case = data.draw(cases(signature, placement))
    problems = check_case(case)
    assert not problems, report(case, problems)


SESSION_SETTINGS = [
    pytest.param(
        {"params": {"sp": "s v", "shared": "session"}},
        "GET",
        {"params": {"rp": "1", "shared": "request"}},
        id="session-params",
    ),
    pytest.param({"params": {"sp": "1"}}, "GET", {}, id="session-params-only"),
    pytest.param(
        {"params": {"sp": "1"}}, "POST", {"data": {"f": "v"}}, id="session-params-form-post"
    ),
    pytest.param(
        {"headers": {"Content-Type": FORM}},
        "GET",
        {"data": "a=1&b=x+y"},
        id="session-form-content-type-text-body",
    ),
    pytest.param(
        {"headers": {"Content-Type": FORM}},
        "DELETE",
        {"data": b"a=%E2%82%AC"},
        id="session-form-content-type-bytes-body",
    ),
    pytest.param(
        {"headers": {"Content-Type": "application/json"}},
        "GET",
        {"data": {"a": "1"}},
        id="session-json-content-type-dict-body",
    ),
]


@pytest.mark.parametrize("signature", list(SIGNATURE_METHODS))
@pytest.mark.parametrize("header_auth", [False, True], ids=["query-or-body", "header"])
@pytest.mark.parametrize(("settings", "method", "kwargs"), SESSION_SETTINGS)
def test_session_level_settings_are_signed(
    signature: str, header_auth: bool, settings: dict[str, Any], method: str, kwargs: dict[str, Any]
) -> None:
    """What requests merges in from the session at preparation time is
    covered by the signature, as oauthlib collects it from the wire."""
    placement = "header" if header_auth else "query"
    credentials = default_credentials(signature, placement)
    session, adapter = credentials.session()
    session.params.update(settings.get("params", {}))
    session.headers.update(settings.get("headers", {}))

    session.request(method, "http://example.com/photos", header_auth=header_auth, **kwargs)

    wire = read_wire(adapter.sent[0])
    sent = dict(wire.params)
    for name, value in settings.get("params", {}).items():
        if name not in kwargs.get("params", {}):
            assert sent[name] == value
    assert oauthlib_verifies(wire, credentials)
