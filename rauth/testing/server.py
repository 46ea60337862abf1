"""
rauth.testing.server
--------------------

A stdlib HTTP server on ``127.0.0.1`` that runs in a daemon thread, hands
each request to an application callable and stops itself after a bounded
lifetime.

Request logging goes to the ``rauth.testing`` logger at DEBUG, with the
method, the path without its query and the status only: queries, headers
and bodies carry tokens and signatures, so they are never logged. Neither
are the messages of unexpected errors, which may quote them: only the
exception's type and the frames it was raised through.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rauth.testing.messages import HttpRequest, HttpResponse, json_response

__all__ = ["LOOPBACK", "MAX_BODY", "App", "LoopbackServer"]

#: The only address the server listens on.
LOOPBACK = "127.0.0.1"
#: Largest request body accepted, in bytes.
MAX_BODY = 1024 * 1024

#: What the server calls for every request.
App = Callable[[HttpRequest], HttpResponse]

logger = logging.getLogger("rauth.testing")


def _trace(exc: BaseException | None) -> str:
    """Describe an unexpected error by its type and traceback frames.

    The message (and any chained exception) is left out: it may quote the
    request's query, headers or body, or a token or code from the store.
    """
    if exc is None:  # pragma: no cover - only called while handling one
        return "no exception"
    frames = "".join(traceback.format_tb(exc.__traceback__))
    return f"{type(exc).__qualname__} (message not logged)\n{frames}".rstrip()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # many client threads connect at once (socketserver's default is 5)
    request_queue_size = 128

    def __init__(self, app: App, request_timeout: float) -> None:
        super().__init__((LOOPBACK, 0), _Handler)
        self.app = app
        self.request_timeout = request_timeout

    def handle_error(self, request: Any, client_address: Any) -> None:  # pragma: no cover
        # A client hanging up mid-response (timing-dependent); socketserver
        # would print the traceback to stderr.
        logger.debug("connection error on %s: %s", self.server_address, _trace(sys.exc_info()[1]))


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "rauth.testing"

    def setup(self) -> None:
        super().setup()
        # A stalled client must not hold a thread forever.
        self.connection.settimeout(self.server.request_timeout)

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def _handle(self) -> None:
        response = self._body_problem()
        if response is None:
            response = self._call_app(self._request(self._read_body()))
        self._write(response)

    def _body_problem(self) -> HttpResponse | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return json_response({"error": "length_required"}, 411)
        if self._content_length() > MAX_BODY:
            return json_response({"error": "request_too_large"}, 413)
        return None

    def _content_length(self) -> int:
        try:
            return max(int(self.headers.get("Content-Length", "0")), 0)
        except ValueError:
            return 0

    def _read_body(self) -> bytes:
        length = self._content_length()
        return self.rfile.read(length) if length else b""

    def _request(self, body: bytes) -> HttpRequest:
        path, _, query = self.path.partition("?")
        host = self.headers.get("Host") or f"{LOOPBACK}:{self.server.server_address[1]}"
        headers = dict(self.headers.items())
        return HttpRequest(self.command, path, query, headers, body, "http://" + host)

    def _call_app(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.server.app(request)
        except Exception as exc:
            logger.error("error serving %s %s: %s", request.method, request.path, _trace(exc))
            return json_response({"error": "server_error"}, 500)

    def _write(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _safe_path(self) -> str:
        return str(getattr(self, "path", "-")).partition("?")[0]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        method = getattr(self, "command", None) or "-"
        status = (
            int(code) if isinstance(code, int) else code
        )  # an HTTPStatus prints its name on 3.9
        logger.debug("%s %s -> %s", method, self._safe_path(), status)

    def log_message(self, format: str, *args: Any) -> None:  # stdlib name
        # A malformed or timed-out request; http.server's messages quote the
        # request line, query included, so only the path is logged.
        logger.debug("could not serve a request to %s", self._safe_path())


class LoopbackServer:
    """Serve an application on ``127.0.0.1`` from a daemon thread.

    :param app: Called with each request, returns the response.
    :type app: callable
    :param lifetime: Seconds after which the server stops by itself.
    :type lifetime: float
    :param request_timeout: Socket timeout for one connection, in seconds.
    :type request_timeout: float
    """

    def __init__(self, app: App, lifetime: float, request_timeout: float = 30.0) -> None:
        if lifetime <= 0:
            raise ValueError("lifetime must be positive")
        self._app = app
        self._lifetime = lifetime
        self._request_timeout = request_timeout
        self._lock = threading.Lock()
        self._httpd: _HTTPServer | None = None
        self._workers: tuple[threading.Thread, threading.Timer] | None = None
        self._stopped = False

    @property
    def port(self) -> int:
        """The port bound on ``127.0.0.1``.

        :raises RuntimeError: If the server was never started.
        :rtype: int
        """
        if self._httpd is None:
            raise RuntimeError("the server is not started")
        return int(self._httpd.server_address[1])

    @property
    def running(self) -> bool:
        """Whether the server is accepting requests.

        :rtype: bool
        """
        return self._httpd is not None and not self._stopped

    def start(self) -> None:
        """Bind a free port on ``127.0.0.1`` and serve in the background.

        :raises RuntimeError: If the server was already started.
        """
        with self._lock:
            if self._httpd is not None:
                raise RuntimeError("a server can only be started once")
            self._httpd = _HTTPServer(self._app, self._request_timeout)
            thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"rauth.testing:{self.port}",
                daemon=True,
            )
            timer = threading.Timer(self._lifetime, self._expire)
            timer.daemon = True
            self._workers = (thread, timer)
            thread.start()
            timer.start()

    def stop(self) -> None:
        """Stop serving and close the socket; safe to call more than once."""
        with self._lock:
            if self._httpd is None or self._workers is None or self._stopped:
                return
            self._stopped = True
        thread, timer = self._workers
        timer.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()
        thread.join(timeout=5.0)

    def _expire(self) -> None:
        logger.warning("rauth.testing provider on port %s stopped: lifetime over", self.port)
        self.stop()
