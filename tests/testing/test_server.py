"""The loopback HTTP server under the provider."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import pytest
import requests

from rauth.testing.messages import HttpRequest, HttpResponse, json_response
from rauth.testing.server import MAX_BODY, LoopbackServer


def echo_app(request: HttpRequest) -> HttpResponse:
    return json_response(
        {
            "method": request.method,
            "path": request.path,
            "query": request.query,
            "body": request.text,
            "uri": request.uri,
        }
    )


def failing_app(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    server = LoopbackServer(echo_app, lifetime=30)
    server.start()
    yield server
    server.stop()


def url(server: LoopbackServer, path: str = "/") -> str:
    return f"http://127.0.0.1:{server.port}{path}"


def raw_exchange(server: LoopbackServer, data: bytes) -> bytes:
    """Send raw bytes and read the whole answer (HTTP/1.0 closes)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        for _ in range(1000):
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def test_listens_on_loopback_only(server: LoopbackServer) -> None:
    assert server._httpd is not None
    assert server._httpd.server_address[0] == "127.0.0.1"
    assert server.port > 0
    assert server.running


def test_passes_method_path_query_body_and_uri(server: LoopbackServer) -> None:
    response = requests.post(url(server, "/a/b?x=1&y=%20"), data=b"raw body", timeout=10)

    assert response.json() == {
        "method": "POST",
        "path": "/a/b",
        "query": "x=1&y=%20",
        "body": "raw body",
        "uri": url(server, "/a/b?x=1&y=%20"),
    }


def test_head_has_no_body(server: LoopbackServer) -> None:
    response = requests.head(url(server), timeout=10)

    assert response.status_code == 200
    assert response.content == b""
    assert int(response.headers["Content-Length"]) > 0


def test_error_in_the_app_is_a_500(caplog: pytest.LogCaptureFixture) -> None:
    server = LoopbackServer(failing_app, lifetime=30)
    server.start()
    try:
        response = requests.get(url(server, "/x?secret=hunter2"), timeout=10)
    finally:
        server.stop()

    assert response.status_code == 500
    assert response.json() == {"error": "server_error"}
    assert "error serving GET /x" in caplog.text
    assert "hunter2" not in caplog.text


def leaking_app(request: HttpRequest) -> HttpResponse:
    secret = request.query.partition("=")[2]
    try:
        raise ValueError(f"could not decode {request.query!r}")
    except ValueError as exc:
        raise KeyError(secret) from exc  # what a missing store entry would say


def test_error_message_in_the_app_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    server = LoopbackServer(leaking_app, lifetime=30)
    server.start()
    try:
        response = requests.get(url(server, "/x?client_secret=hunter2"), timeout=10)
    finally:
        server.stop()

    assert response.status_code == 500
    assert "error serving GET /x: KeyError (message not logged)" in caplog.text
    assert "in leaking_app" in caplog.text  # where it was raised is kept
    assert "hunter2" not in caplog.text


def test_oversized_body_is_refused(server: LoopbackServer) -> None:
    head = f"POST / HTTP/1.0\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n".encode()

    answer = raw_exchange(server, head)

    assert answer.startswith(b"HTTP/1.0 413")


def test_chunked_body_is_refused(server: LoopbackServer) -> None:
    answer = raw_exchange(server, b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")

    assert answer.startswith(b"HTTP/1.0 411")


def test_bad_content_length_reads_no_body(server: LoopbackServer) -> None:
    answer = raw_exchange(server, b"POST / HTTP/1.0\r\nContent-Length: many\r\n\r\n")

    assert answer.startswith(b"HTTP/1.0 200")
    assert b'"body": ""' in answer


def test_missing_host_header_falls_back_to_loopback(server: LoopbackServer) -> None:
    answer = raw_exchange(server, b"GET /p HTTP/1.0\r\n\r\n")

    assert f'"uri": "http://127.0.0.1:{server.port}/p"'.encode() in answer


def test_logs_without_queries(server: LoopbackServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="rauth.testing")

    requests.get(url(server, "/path?access_token=hunter2"), timeout=10)
    raw_exchange(server, b"GARBAGE /path?client_secret=hunter2 HTTP/9\r\n\r\n")

    assert "GET /path -> 200" in caplog.text
    assert "could not serve a request" in caplog.text
    assert "- - -> 400" in caplog.text
    assert "hunter2" not in caplog.text


def test_stops_after_its_lifetime(caplog: pytest.LogCaptureFixture) -> None:
    server = LoopbackServer(echo_app, lifetime=0.2)
    server.start()
    port = server.port
    for _ in range(200):
        if not server.running:
            break
        time.sleep(0.05)

    assert not server.running
    assert "lifetime over" in caplog.text
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/", timeout=2)


def test_stop_is_idempotent_and_start_is_once(server: LoopbackServer) -> None:
    server.stop()
    server.stop()

    assert not server.running
    with pytest.raises(RuntimeError, match="once"):
        server.start()


def test_stop_before_start_does_nothing() -> None:
    server = LoopbackServer(echo_app, lifetime=1)

    server.stop()

    assert not server.running
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.port


def test_lifetime_must_be_positive() -> None:
    with pytest.raises(ValueError, match="lifetime"):
        LoopbackServer(echo_app, lifetime=0)


def test_stalled_client_times_out(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="rauth.testing")
    server = LoopbackServer(echo_app, lifetime=30, request_timeout=0.2)
    server.start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"POST / HTTP/1.0\r\nContent-Length: 10\r\n\r\nshort")
            answer = sock.recv(1024)  # the server times out reading the rest
    finally:
        server.stop()

    assert answer == b""
    assert "could not serve a request to /" in caplog.text
