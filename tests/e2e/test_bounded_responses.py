"""Every response rauth parses is read bounded: the OAuth 1 token endpoints,
the OAuth 2 revocation endpoint, the provider's metadata, its JWKS and its
userinfo, against a hostile server on 127.0.0.1 that answers a gzip bomb, a
5 MiB HTML error page, or drips its body a byte at a time.

Memory stays bounded (tracemalloc's peak), messages stay short (a bounded
excerpt with the status), the whole response stays reachable, and a drip
ends at the read timeout (counted by a clock the test controls)."""

from __future__ import annotations

import contextlib
import gzip
import time
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import pytest
import requests

from rauth import OAuth1Service, OAuth2Error, OAuth2Service, OAuth2Session, limits
from rauth.discovery import fetch_metadata
from rauth.errors import DiscoveryError, IdTokenError, ResponseTooLargeError
from rauth.limits import MAX_RESPONSE_BYTES
from rauth.oidc import JwksCache
from rauth.service import PROCESS_TOKEN_ERROR

from .helpers import serving

#: 64 MiB of zeros, gzipped to about 64 kB.
BOMB = gzip.compress(b"0" * (64 * 1024 * 1024), compresslevel=9)
#: A 5 MiB HTML error page.
HTML_5_MIB = b"<html><body>" + b"<p>Internal error, sorry.</p>" * (5 * 1024 * 1024 // 29) + b"</>"
#: A 900 kB HTML error page: read (under the limit), shown as an excerpt.
HTML_900_KB = b"<html><body>" + b"<p>Internal error, sorry.</p>" * (900 * 1024 // 29) + b"</>"
#: The longest message an error may have.
MESSAGE_BOUND = 1000
#: The most memory a refused answer may cost.
PEAK_BOUND = 8 * MAX_RESPONSE_BYTES


class _Handler(BaseHTTPRequestHandler):
    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(10)

    def do_GET(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status, body, encoding = self.server.answer  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if body[:1] == b"<" else "application/json")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if body == b"drip":
            self._drip()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # rauth stops reading: the client hangs up
            self.wfile.write(body)

    do_POST = do_GET

    def _drip(self) -> None:
        """Promise a megabyte and send a byte every 20 ms (at most 10 s)."""
        self.send_header("Content-Length", str(MAX_RESPONSE_BYTES))
        self.end_headers()
        for _ in range(500):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:  # the client gave up
                return
            time.sleep(0.02)  # the hostile server's pace, not the test's clock

    def log_message(self, format: str, *args: Any) -> None:  # stdlib name
        pass


@pytest.fixture
def hostile() -> Iterator[ThreadingHTTPServer]:
    with serving(_Handler) as server:
        yield server


def _url(server: ThreadingHTTPServer, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def _oauth1(server: ThreadingHTTPServer) -> OAuth1Service:
    return OAuth1Service(
        "key",
        "consumer-secret-value",
        request_token_url=_url(server, "/request_token"),
        access_token_url=_url(server, "/access_token"),
    )


def _oauth2(server: ThreadingHTTPServer) -> OAuth2Service:
    service = OAuth2Service(
        "id",
        "client-secret-value",
        access_token_url=_url(server, "/token"),
        revocation_url=_url(server, "/revoke"),
    )
    service.userinfo_url = _url(server, "/userinfo")
    return service


def _userinfo(server: ThreadingHTTPServer) -> Any:
    session = OAuth2Session("id", "client-secret-value", "an-access-token", _oauth2(server))
    return session.userinfo(timeout=10)


#: Each call that reads a response rauth parses, and what it raises for
#: an answer too long: (call, exception).
CALLS: dict[str, tuple[Callable[[ThreadingHTTPServer], Any], type[BaseException]]] = {
    "oauth1-get_request_token": (
        lambda s: _oauth1(s).get_request_token(timeout=10),
        ResponseTooLargeError,
    ),
    "oauth1-get_raw_request_token": (
        lambda s: _oauth1(s).get_raw_request_token(timeout=10),
        ResponseTooLargeError,
    ),
    "oauth1-get_access_token": (
        lambda s: _oauth1(s).get_access_token("rt", "rts", timeout=10),
        ResponseTooLargeError,
    ),
    "oauth1-get_raw_access_token": (
        lambda s: _oauth1(s).get_raw_access_token("rt", "rts", timeout=10),
        ResponseTooLargeError,
    ),
    "oauth1-get_auth_session": (
        lambda s: _oauth1(s).get_auth_session(
            "rt", "rts", method="POST", data={"oauth_verifier": "v"}, timeout=10
        ),
        ResponseTooLargeError,
    ),
    "oauth2-revoke_token": (
        lambda s: _oauth2(s).revoke_token("a-token", timeout=10),
        ResponseTooLargeError,
    ),
    "oauth2-userinfo": (_userinfo, ResponseTooLargeError),
    "discovery": (
        lambda s: fetch_metadata(_url(s, "/.well-known/openid-configuration")),
        DiscoveryError,
    ),
    "jwks": (lambda s: JwksCache(_url(s, "/jwks")).keys(), IdTokenError),
}


def _peak_of(call: Callable[[], Any]) -> tuple[BaseException, int]:
    tracemalloc.start()
    try:
        try:
            call()
        except BaseException as exc:
            raised = exc
        else:
            pytest.fail("no exception")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return raised, peak


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize(
    "answer",
    [(200, BOMB, "gzip"), (500, HTML_5_MIB, None)],
    ids=["gzip-bomb", "html-5-MiB-500"],
)
def test_a_huge_answer_is_refused_with_bounded_memory_and_message(
    hostile: ThreadingHTTPServer, name: str, answer: tuple[int, bytes, str | None]
) -> None:
    hostile.answer = answer  # type: ignore[attr-defined]
    call, expected = CALLS[name]

    raised, peak = _peak_of(lambda: call(hostile))

    assert isinstance(raised, expected), repr(raised)
    assert peak < PEAK_BOUND, f"peak {peak} bytes"
    message = str(raised)
    assert len(message) < MESSAGE_BOUND, message
    assert f"more than {MAX_RESPONSE_BYTES} bytes" in message
    assert "Internal error" not in message
    assert "0000" not in message
    if isinstance(raised, ResponseTooLargeError):
        assert raised.status_code == answer[0]
        assert raised.limit == MAX_RESPONSE_BYTES
        assert isinstance(raised.response, requests.Response)
        assert raised.response.status_code == answer[0]


@pytest.mark.parametrize(
    "name", ["oauth1-get_request_token", "oauth1-get_access_token", "oauth1-get_auth_session"]
)
def test_rauth_0_7_missing_token_message_is_a_bounded_excerpt(
    hostile: ThreadingHTTPServer, name: str
) -> None:
    hostile.answer = (500, HTML_900_KB, None)  # type: ignore[attr-defined]

    with pytest.raises(KeyError) as caught:
        CALLS[name][0](hostile)

    message = caught.value.args[0]
    start = PROCESS_TOKEN_ERROR.format(key="oauth_token", raw="")
    assert message.startswith(start)
    assert message.endswith(f"... ({len(HTML_900_KB)} bytes in all)'")  # 0.7.2 showed bytes
    assert len(message) < MESSAGE_BOUND
    # the whole answer is there for those who want it
    assert caught.value.response.content == HTML_900_KB  # type: ignore[attr-defined]
    assert caught.value.response.status_code == 500  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "call",
    [
        lambda s: _oauth2(s).revoke_token("a-token", timeout=10),
        lambda s: _oauth2(s).get_token(data={"grant_type": "client_credentials"}, timeout=10),
        _userinfo,
    ],
    ids=["revocation", "token", "userinfo"],
)
def test_an_html_error_page_under_the_limit_gives_a_short_message(
    hostile: ThreadingHTTPServer, call: Callable[[ThreadingHTTPServer], Any]
) -> None:
    hostile.answer = (500, HTML_900_KB, None)  # type: ignore[attr-defined]

    with pytest.raises(OAuth2Error) as caught:
        call(hostile)

    message = str(caught.value)
    assert "HTTP 500" in message
    assert len(message) < MESSAGE_BOUND
    assert caught.value.response.content == HTML_900_KB


class _Clock:
    """A monotonic clock that moves a quarter second each time it is read."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += 0.25
        return self.now


@pytest.mark.parametrize(
    "call",
    [
        lambda s: _oauth1(s).get_request_token(timeout=2),
        lambda s: _oauth2(s).get_token(data={"grant_type": "client_credentials"}, timeout=2),
        lambda s: _oauth2(s).revoke_token("a-token", timeout=(5, 2)),
    ],
    ids=["oauth1-request-token", "oauth2-token", "oauth2-revocation"],
)
def test_a_dripping_body_ends_at_the_read_timeout(
    hostile: ThreadingHTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    call: Callable[[ThreadingHTTPServer], Any],
) -> None:
    # each byte comes well within the read timeout, so requests alone would
    # wait for the whole megabyte (about 6 hours at this pace)
    hostile.answer = (200, b"drip", None)  # type: ignore[attr-defined]
    clock = _Clock()
    monkeypatch.setattr(limits, "monotonic", clock)
    started = time.perf_counter()

    with pytest.raises(requests.exceptions.ReadTimeout, match="too slowly") as caught:
        call(hostile)

    assert clock.now - 1000.0 < 5  # gave up after about 2 s of its clock
    assert time.perf_counter() - started < 10
    assert "secret" not in str(caught.value)


def test_discovery_gives_up_on_a_drip(
    hostile: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile.answer = (200, b"drip", None)  # type: ignore[attr-defined]
    monkeypatch.setattr(limits, "monotonic", _Clock())

    with pytest.raises(DiscoveryError, match="too slowly"):
        fetch_metadata(_url(hostile, "/.well-known/openid-configuration"))
