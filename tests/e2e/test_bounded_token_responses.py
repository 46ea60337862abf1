"""A token endpoint that answers too much: rauth reads at most
MAX_TOKEN_RESPONSE_BYTES of the body, counted after decompression, and
raises OAuth2Error; memory stays bounded."""

from __future__ import annotations

import gzip
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from rauth import OAuth2Error, OAuth2Service, OAuth2Session
from rauth.limits import MAX_TOKEN_RESPONSE_BYTES

from .helpers import serving

#: 64 MiB of zeros, gzipped to about 64 kB.
BOMB = gzip.compress(b"0" * (64 * 1024 * 1024), compresslevel=9)
PLAIN_HUGE = b'{"access_token": "' + b"A" * (3 * 1024 * 1024) + b'"}'


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body, encoding = self.server.answer  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # stdlib name
        pass


@pytest.fixture
def endpoint() -> Iterator[ThreadingHTTPServer]:
    with serving(_Handler) as server:
        yield server


def _url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/token"


@pytest.mark.parametrize(
    "answer", [(BOMB, "gzip"), (PLAIN_HUGE, None)], ids=["gzip-bomb", "plain-3-MiB"]
)
def test_a_huge_token_response_is_refused_with_bounded_memory(
    endpoint: ThreadingHTTPServer, answer: tuple[bytes, str | None]
) -> None:
    endpoint.answer = answer  # type: ignore[attr-defined]
    service = OAuth2Service("id", "secret", access_token_url=_url(endpoint))

    tracemalloc.start()
    try:
        with pytest.raises(OAuth2Error, match="more than") as caught:
            service.get_token(data={"grant_type": "client_credentials"}, timeout=10)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 8 * MAX_TOKEN_RESPONSE_BYTES, f"peak {peak} bytes"
    assert caught.value.status_code == 200
    assert "AAAA" not in str(caught.value)


def test_a_refresh_reads_its_response_bounded(endpoint: ThreadingHTTPServer) -> None:
    endpoint.answer = (BOMB, "gzip")  # type: ignore[attr-defined]
    session = OAuth2Session(
        "id",
        "secret",
        token={"access_token": "at", "refresh_token": "rt", "expires_in": 3600},
        refresh_token_url=_url(endpoint),
    )

    with pytest.raises(OAuth2Error, match="more than"):
        session.refresh(timeout=10)
    assert session.token is not None
    assert session.token.access_token == "at"  # the old token stays


def test_a_token_response_under_the_limit_is_read(endpoint: ThreadingHTTPServer) -> None:
    body = b'{"access_token": "at", "token_type": "Bearer", "pad": "' + b"p" * 500_000 + b'"}'
    endpoint.answer = (gzip.compress(body), "gzip")  # type: ignore[attr-defined]
    service = OAuth2Service("id", "secret", access_token_url=_url(endpoint))

    token = service.get_token(data={"grant_type": "client_credentials"}, timeout=10)

    assert token.access_token == "at"
    assert len(token["pad"]) == 500_000


def test_the_limit_holds_when_a_hook_of_the_session_reads_the_body(
    endpoint: ThreadingHTTPServer,
) -> None:
    endpoint.answer = (PLAIN_HUGE, None)  # type: ignore[attr-defined]
    service = OAuth2Service("id", "secret", access_token_url=_url(endpoint))
    read: list[int] = []

    class Logging(OAuth2Session):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.hooks["response"].append(lambda r, *a, **k: read.append(len(r.content)))

    service.session_obj = Logging

    with pytest.raises(OAuth2Error, match="more than"):
        service.get_token(data={"grant_type": "client_credentials"}, timeout=10)
    assert read == []  # the limit ran first
