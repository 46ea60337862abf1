"""Shared fixtures: a fake ``requests`` adapter that records what goes on the
wire; and skips, with a reason naming the extra, for the tests that need an
optional extra that is not installed."""

from __future__ import annotations

import io
import pathlib
from collections.abc import Generator
from typing import Any, Callable

import pytest
import requests
from extras import EXTRAS_REQUIRED, missing_extra, says_dependency_missing, skip_reason
from requests.adapters import BaseAdapter

from rauth.errors import MissingDependencyError

DATA_DIR = pathlib.Path(__file__).parent / "data"

# -- tests that need a missing optional extra are skipped (see extras.py) ------


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, Any]:
    """A test module that cannot be imported for a missing extra is skipped."""
    report = yield
    extra = None if EXTRAS_REQUIRED or not report.failed else missing_extra(str(report.longrepr))
    if extra is not None:
        report.outcome = "skipped"
        report.longrepr = (str(collector.path), None, f"Skipped: {skip_reason(extra)}")
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, Any]:
    """A test that fails on rauth's MissingDependencyError, or on importing a
    missing extra, is skipped."""
    report = yield
    error = call.excinfo.value if call.excinfo is not None else None
    if EXTRAS_REQUIRED or not report.failed or not isinstance(error, ImportError):
        return report
    extra = missing_extra(str(error))
    if isinstance(error, MissingDependencyError) and extra is None:
        extra = error.extra
    if extra is not None:
        report.outcome = "skipped"
        path, line, _ = item.location
        report.longrepr = (path, line, f"Skipped: {skip_reason(extra)}")
    return report


#: With extras required: the tests skipped for a missing dependency.
_SKIPPED_FOR_A_DEPENDENCY: list[str] = []


def _note_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    if EXTRAS_REQUIRED and report.skipped and says_dependency_missing(str(report.longrepr)):
        _SKIPPED_FOR_A_DEPENDENCY.append(f"{report.nodeid}: {report.longrepr}")


pytest_collectreport = pytest_runtest_logreport = _note_skip


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With extras required (CI), a test skipped for a missing dependency
    fails the run."""
    if _SKIPPED_FOR_A_DEPENDENCY:
        print("\nskipped for a missing optional dependency (RAUTH_TEST_EXTRAS=required):")
        print("\n".join(_SKIPPED_FOR_A_DEPENDENCY))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
