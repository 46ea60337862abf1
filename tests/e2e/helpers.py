"""What the end-to-end tests share: reading the provider's echo, a login
through the OAuth 1 flow, and a redirecting server in front of the provider."""

from __future__ import annotations

import email
import email.policy
import http.client
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

import requests

from rauth import OAuth1Service, OAuth1Session
from rauth.testing import Provider

#: Seconds every request of a test may take.
TIMEOUT = 10.0

Pairs = list[tuple[str, str]]


def echoed(response: requests.Response) -> dict[str, Any]:
    """Return the JSON the provider answered; fail with its body unless 200."""
    assert response.status_code == 200, f"{response.status_code}: {response.text}"
    data: dict[str, Any] = response.json()
    return data


def pairs(items: Iterable[Sequence[str]]) -> Pairs:
    """Turn the echo's ``[[key, value], ...]`` into a list of tuples."""
    return [(key, value) for key, value in items]


def without_oauth(items: Iterable[Sequence[str]]) -> Pairs:
    """The pairs whose key does not start with ``oauth_``."""
    return [(key, value) for key, value in pairs(items) if not key.startswith("oauth_")]


def oauth_keys(items: Iterable[Sequence[str]]) -> list[str]:
    """The keys that start with ``oauth_``, in order."""
    return [key for key, _ in pairs(items) if key.startswith("oauth_")]


def form(response: requests.Response) -> dict[str, str]:
    """Decode a form-encoded response body."""
    return dict(parse_qsl(response.text, keep_blank_values=True))


def multipart_fields(content_type: str, body: str) -> list[tuple[str, str | None, bytes]]:
    """Decode a ``multipart/form-data`` body as ``(name, filename, content)``."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.message_from_bytes(head + body.encode("utf-8"), policy=email.policy.HTTP)
    assert message.is_multipart(), content_type
    return [
        (
            str(part.get_param("name", header="content-disposition")),
            part.get_filename(),
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    ]


def oauth1_login(
    provider: Provider, service: OAuth1Service, user: str | None = None
) -> OAuth1Session:
    """Run the three-legged flow with a verifier from ``provider.authorize``."""
    token, secret = service.get_request_token(params={"oauth_callback": provider.callback_url})
    verifier = provider.authorize(token, user)
    return service.get_auth_session(token, secret, method="POST", data={"oauth_verifier": verifier})


# -- A redirecting server --------------------------------------------------


@dataclass(frozen=True)
class Received:
    """A request as it reached the :class:`RedirectProxy`."""

    method: str
    #: The ``Host`` header: which hostname the client used.
    host: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    @property
    def hostname(self) -> str:
        return self.host.rpartition(":")[0]

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def query_pairs(self) -> Pairs:
        return parse_qsl(self.query, keep_blank_values=True)

    def form_pairs(self) -> Pairs:
        return parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True)

    def wire(self) -> str:
        """Everything received, as text: request line, headers and body."""
        head = "".join(f"{key}: {value}\n" for key, value in self.headers.items())
        body = self.body.decode("utf-8", "replace")
        return f"{self.method} {self.path}?{self.query}\n{head}\n{body}"

    def oauth_param(self, name: str) -> str | None:
        """The value of an OAuth 1 parameter from the header, body or query."""
        match = re.search(rf'{name}="([^"]*)"', self.header("Authorization") or "")
        if match:
            return match.group(1)
        found = dict(self.form_pairs() + self.query_pairs())
        return found.get(name)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    proxy: RedirectProxy


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(TIMEOUT)

    def do_GET(self) -> None:
        self.server.proxy.handle(self)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def log_message(self, format: str, *args: Any) -> None:  # stdlib name
        pass


class RedirectProxy:
    """A server on ``127.0.0.1`` in front of the provider.

    ``/redirect/<status>/<hostname>`` answers ``<status>`` with a
    ``Location`` of ``http://<hostname>:<this port>/api/echo`` followed by
    the request's own query, as a server that moved a resource keeps it;
    ``/redirect/<status>/<hostname>/bare`` leaves the query out.
    Every other request is forwarded to the provider with its ``Host``
    header, so the provider checks signatures against the URL the client
    used. Every request is kept in :attr:`received`.

    :param upstream_port: The provider's port.
    :param lifetime: Seconds after which it stops by itself.
    """

    def __init__(self, upstream_port: int, lifetime: float = 60.0) -> None:
        self.upstream_port = upstream_port
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.proxy = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._timer = threading.Timer(lifetime, self.stop)
        self._timer.daemon = True
        self._stopped = False

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str, hostname: str = "127.0.0.1") -> str:
        return f"http://{hostname}:{self.port}{path}"

    def __enter__(self) -> RedirectProxy:
        self._thread.start()
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        self._timer.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=TIMEOUT)

    def to(self, hostname: str) -> list[Received]:
        """The requests that reached this server under ``hostname``."""
        with self._lock:
            return [r for r in self.received if r.hostname == hostname]

    def handle(self, handler: _Handler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        path, _, query = handler.path.partition("?")
        record = Received(
            handler.command,
            handler.headers.get("Host", ""),
            path,
            query,
            dict(handler.headers.items()),
            body,
        )
        with self._lock:
            self.received.append(record)
        parts = path.split("/")
        if len(parts) in (4, 5) and parts[1] == "redirect":
            keep_query = query and parts[4:] != ["bare"]
            location = f"http://{parts[3]}:{self.port}/api/echo"
            location += f"?{query}" if keep_query else ""
            self._answer(handler, int(parts[2]), {"Location": location}, b"")
        else:
            self._forward(handler, record)

    def _forward(self, handler: _Handler, record: Received) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=TIMEOUT)
        try:
            hop = {"connection", "keep-alive"}
            headers = {k: v for k, v in record.headers.items() if k.lower() not in hop}
            connection.request(record.method, handler.path, record.body or None, headers)
            response = connection.getresponse()
            body = response.read()
            skip = {"content-length", "transfer-encoding", "connection", "server", "date"}
            kept = {k: v for k, v in response.getheaders() if k.lower() not in skip}
            self._answer(handler, response.status, kept, body)
        finally:
            connection.close()

    @staticmethod
    def _answer(handler: _Handler, status: int, headers: dict[str, str], body: bytes) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)


# -- A server of the test's own ----------------------------------------------


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[ThreadingHTTPServer]:
    """Serve ``handler`` on ``127.0.0.1`` (a free port) until the block
    ends, or 60 s at most."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    timer = threading.Timer(60, server.shutdown)  # stops by itself
    timer.start()
    try:
        yield server
    finally:
        timer.cancel()
        server.shutdown()
        server.server_close()
        thread.join(10)


def credentials_in(record: Received, *secrets: str) -> list[str]:
    """What in ``record`` would let a server act as the user: an
    ``Authorization`` header, OAuth 1 parameters, an ``access_token``
    parameter, or one of ``secrets`` anywhere on the wire."""
    found = []
    if record.header("Authorization") is not None:
        found.append("Authorization header")
    found += [f"query {key}" for key in oauth_keys(record.query_pairs())]
    found += [f"body {key}" for key in oauth_keys(record.form_pairs())]
    found += [f"query {k}" for k, _ in record.query_pairs() if k == "access_token"]
    wire = record.wire()
    found += [f"{secret!r} on the wire" for secret in secrets if secret in wire]
    return found


# -- A clock the test moves ------------------------------------------------------

#: Where :class:`Clock` starts: a fixed time, not the machine's.
START = 1_700_000_000.0


class Clock:
    """One clock for the provider and rauth's tokens (the ``clock``
    fixture of ``conftest.py`` patches ``rauth.tokens.time`` with it)."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
