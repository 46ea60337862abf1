"""Shared fixtures: a fake ``requests`` adapter that records what goes on the wire."""

from __future__ import annotations

import io
import pathlib
from typing import Any, Callable

import pytest
import requests
from requests.adapters import BaseAdapter

DATA_DIR = pathlib.Path(__file__).parent / "data"


class CaptureAdapter(BaseAdapter):
    """A transport adapter that sends nothing.

    It records each :class:`requests.PreparedRequest` and the keyword
    arguments :meth:`send` got (``timeout``, ``verify``, ...), and answers
    with the canned responses queued by :meth:`respond` (``200``, empty body
    once they run out).
    """

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[requests.PreparedRequest] = []
        self.send_kwargs: list[dict[str, Any]] = []
        self._responses: list[tuple[int, bytes, dict[str, str]]] = []

    def respond(
        self,
        body: str | bytes = b"",
        status: int = 200,
        content_type: str = "text/plain",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Queue a response: its ``body``, ``status``, ``Content-Type`` and other headers."""
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self._responses.append((status, raw, {"Content-Type": content_type, **(headers or {})}))

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.requests.append(request)
        self.send_kwargs.append(kwargs)
        status, body, headers = (
            self._responses.pop(0)
            if self._responses
            else (200, b"", {"Content-Type": "text/plain"})
        )
        response = requests.Response()
        response.status_code = status
        response.headers.update(headers)
        response.raw = io.BytesIO(body)
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass

    @property
    def last(self) -> requests.PreparedRequest:
        """The last request sent."""
        assert self.requests, "no request was sent"
        return self.requests[-1]


@pytest.fixture
def adapter() -> CaptureAdapter:
    """A fresh :class:`CaptureAdapter`."""
    return CaptureAdapter()


@pytest.fixture
def mount(adapter: CaptureAdapter) -> Callable[[requests.Session], requests.Session]:
    """Return a function mounting ``adapter`` on a session for http and https."""

    def _mount(session: requests.Session) -> requests.Session:
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    return _mount


@pytest.fixture
def capturing(adapter: CaptureAdapter) -> Callable[[type], type]:
    """Return a function making a session class whose instances send through ``adapter``.

    Pass the result as a service's ``session_obj`` to see what its token
    requests and its sessions put on the wire.
    """

    def _capturing(session_cls: type) -> type:
        class Capturing(session_cls):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.mount("http://", adapter)
                self.mount("https://", adapter)

        Capturing.__name__ = Capturing.__qualname__ = f"Capturing{session_cls.__name__}"
        return Capturing

    return _capturing
