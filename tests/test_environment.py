"""rauth.environment: requests' settings from the environment, remembered
while the environment stays the same.

The reference is requests itself: ``requests.Session.merge_environment_settings``
of a plain session with the same settings, in the same environment, over
many random environments, URLs and settings (hypothesis); and a real proxy
on 127.0.0.1 that the requests go through, or not, as the environment changes.
"""

from __future__ import annotations

import http.server
import os
import socket
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
import requests
import requests.sessions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rauth.session import OAuth1Session, RauthSession

PROXY_VARIABLES = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "REQUEST_METHOD",
]
ENVIRONMENTS = st.dictionaries(
    st.sampled_from(PROXY_VARIABLES),
    st.sampled_from(
        [
            "",
            "http://proxy.example:3128",
            "socks5://127.0.0.1:1080",
            "localhost,.example.com",
            "127.0.0.0/8, api.example.com:8443",
            "*",
            "/etc/ssl/ca.pem",
            "GET",
        ]
    ),
    max_size=5,
)
URLS = st.sampled_from(
    [
        "https://api.example.com/1/items?a=1",
        "https://api.example.com:8443/x",
        "http://sub.example.com/",
        "http://127.0.0.1:8080/p",
        "http://localhost/p",
        "http://[::1]:8080/p",
        "https://other.test/",
        "file:///etc/hosts",
    ]
)
VALUES = st.sampled_from([None, True, False, 1, 0, "/etc/ssl/ca.pem", ("cert", "key")])
PROXIES = st.sampled_from(
    [None, {}, {"https": "http://given:1"}, {"no_proxy": "example.com"}, {"http": "http://g:2"}]
)
SESSION_PROXIES = st.sampled_from([{}, {"http": "http://session:2"}, {"all": "http://s:3"}])


@contextmanager
def environment(variables: dict[str, str]) -> Iterator[None]:
    """Run with the proxy variables of ``variables`` only, restoring them after."""
    saved = {name: os.environ[name] for name in PROXY_VARIABLES if name in os.environ}
    for name in PROXY_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(variables)
    try:
        yield
    finally:
        for name in PROXY_VARIABLES:
            os.environ.pop(name, None)
        os.environ.update(saved)


def _configured(session: requests.Session, attributes: dict[str, Any]) -> requests.Session:
    for name, value in attributes.items():
        setattr(session, name, value)
    return session


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value


def _settings(session: requests.Session, url: str, proxies: Any, *args: Any) -> Any:
    given = _copy(proxies)
    try:
        result = session.merge_environment_settings(url, given, *args)
    except Exception as exc:  # which error: compared by the caller
        return type(exc), str(exc)
    typed = {name: (type(value), value) for name, value in result.items()}
    return typed, given


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    variables=ENVIRONMENTS,
    url=URLS,
    proxies=PROXIES,
    stream=VALUES,
    verify=VALUES,
    cert=VALUES,
    attributes=st.fixed_dictionaries(
        {
            "proxies": SESSION_PROXIES,
            "verify": VALUES,
            "stream": st.booleans(),
            "trust_env": st.booleans(),
        }
    ),
)
def test_the_settings_are_requests_own_every_time(
    variables: dict[str, str],
    url: str,
    proxies: Any,
    stream: Any,
    verify: Any,
    cert: Any,
    attributes: dict[str, Any],
) -> None:
    ours = _configured(RauthSession(), attributes)
    theirs = _configured(requests.Session(), attributes)
    args = (stream, verify, cert)
    with environment(variables):
        expected = _settings(theirs, url, proxies, *args)
        assert _settings(ours, url, proxies, *args) == expected
        assert _settings(ours, url, proxies, *args) == expected  # remembered
        os.environ["HTTPS_PROXY"] = "http://changed.example:1"  # a change is seen
        assert _settings(ours, url, proxies, *args) == _settings(theirs, url, proxies, *args)


def test_a_variable_set_or_removed_between_requests_is_seen() -> None:
    session = RauthSession()
    url = "https://api.example.com/1/items"
    with environment({}):
        assert session.merge_environment_settings(url, {}, None, None, None)["proxies"] == {}
        os.environ["https_proxy"] = "http://proxy.example:3128"
        proxies = session.merge_environment_settings(url, {}, None, None, None)["proxies"]
        assert proxies == {"https": "http://proxy.example:3128"}
        os.environ["no_proxy"] = ".example.com"
        assert session.merge_environment_settings(url, {}, None, None, None)["proxies"] == {}
        del os.environ["no_proxy"]
        proxies = session.merge_environment_settings(url, {}, None, None, None)["proxies"]
        assert proxies == {"https": "http://proxy.example:3128"}


def test_each_result_is_a_new_dict() -> None:
    session = RauthSession()
    with environment({"https_proxy": "http://proxy.example:3128"}):
        first = session.merge_environment_settings("https://a.example/", {}, None, None, None)
        first["proxies"]["https"] = "changed"
        again = session.merge_environment_settings("https://a.example/", {}, None, None, None)
    assert again["proxies"] == {"https": "http://proxy.example:3128"}


def test_patched_functions_of_requests_are_called_on_every_request() -> None:
    session = RauthSession()
    real = requests.sessions.get_environ_proxies
    with (
        environment({}),
        mock.patch("requests.sessions.get_environ_proxies", side_effect=real) as spy,
    ):
        for _ in range(3):
            session.merge_environment_settings("https://a.example/", {}, None, None, None)
    assert spy.call_count == 3
    with mock.patch.object(
        requests.Session, "merge_environment_settings", return_value={"patched": True}
    ) as patched:
        for _ in range(3):
            assert session.merge_environment_settings("https://a.example/", {}, None, None, None)
    assert patched.call_count == 3


class _Counting(requests.Session):
    calls = 0

    def merge_environment_settings(self, *args: Any) -> Any:
        _Counting.calls += 1
        return super().merge_environment_settings(*args)


class _CountingSession(RauthSession, _Counting):
    pass


def test_an_override_after_the_sessions_is_called_on_every_request() -> None:
    session = _CountingSession()
    with environment({}):
        for _ in range(3):
            session.merge_environment_settings("https://a.example/", {}, None, None, None)
    assert _Counting.calls == 3


def test_threads_get_requests_own_settings() -> None:
    hosts = [f"https://h{i}.example.com/x" for i in range(8)] + ["http://localhost/"]
    variables = {"https_proxy": "http://proxy.example:3128", "no_proxy": "h3.example.com"}
    with environment(variables):
        plain = requests.Session()
        expected = {
            url: plain.merge_environment_settings(url, {}, None, None, None) for url in hosts
        }
        session = RauthSession()
        failures: list[str] = []

        def work(offset: int) -> None:
            for i in range(300):
                url = hosts[(i + offset) % len(hosts)]
                if session.merge_environment_settings(url, {}, None, None, None) != expected[url]:
                    failures.append(url)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert failures == []


class _Proxy(http.server.BaseHTTPRequestHandler):
    """A proxy on 127.0.0.1 that answers every request itself, keeping the
    target (an absolute URL: the client sent it to a proxy)."""

    protocol_version = "HTTP/1.1"
    targets: list[str]

    def do_GET(self) -> None:
        self.targets.append(self.path)
        body = b"proxied"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _closed_port() -> int:
    """Return a port of 127.0.0.1 that nothing listens on (just released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    targets: list[str] = []
    handler = type("Handler", (_Proxy,), {"targets": targets})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", targets
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_requests_go_through_the_proxy_the_environment_names_as_it_changes(
    proxy: tuple[str, list[str]],
) -> None:
    address, targets = proxy
    session = OAuth1Session("key", "secret", "token", "token-secret")
    url = f"http://127.0.0.1:{_closed_port()}/1/items"  # reachable only through the proxy
    with environment({"http_proxy": address}):
        assert session.get(url, params={"a": "1"}, timeout=10).text == "proxied"
        os.environ["no_proxy"] = "127.0.0.1"
        with pytest.raises(requests.ConnectionError):
            session.get(url, params={"a": "1"}, timeout=10)  # direct: refused
        del os.environ["no_proxy"]
        assert session.get(url, params={"a": "2"}, timeout=10).text == "proxied"
    assert [target.split("?")[0] for target in targets] == [url, url]
    assert "a=2" in targets[1]
    assert "oauth_signature=" in targets[1]


def test_equal_values_of_other_types_are_told_apart() -> None:
    ours, theirs = RauthSession(), requests.Session()
    url = "https://api.example.com/"
    with environment({"REQUESTS_CA_BUNDLE": "/etc/ssl/ca.pem"}):
        for verify in (1, True, 1, True, 0, False):
            args = (None, verify, None)
            assert _settings(ours, url, {}, *args) == _settings(theirs, url, {}, *args)


def test_a_session_that_does_not_trust_the_environment_changes_nothing_for_others() -> None:
    url = "https://api.example.com/"
    with environment({"https_proxy": "http://proxy.example:3128"}):
        distrusting = RauthSession()
        distrusting.trust_env = False
        assert distrusting.merge_environment_settings(url, {}, None, None, None)["proxies"] == {}
        proxies = RauthSession().merge_environment_settings(url, {}, None, None, None)["proxies"]
    assert proxies == {"https": "http://proxy.example:3128"}


def test_a_sessions_own_proxies_are_never_shared() -> None:
    url = "https://api.example.com/"
    with environment({}):
        first = RauthSession()
        first.merge_environment_settings(url, None, None, None, None)
        first.proxies["https"] = "http://user:secret@first.example:1"  # changed in place
        second = RauthSession()
        assert second.merge_environment_settings(url, None, None, None, None)["proxies"] == {}


def test_the_order_of_the_variables_counts_as_requests_reads_them() -> None:
    # the same variables, set in another order: urllib reads the later one
    url = "http://api.example.com/"
    values = {"HTTP_PROXY": "http://a.example:1", "Http_Proxy": "http://b.example:2"}
    ours, theirs = RauthSession(), requests.Session()
    with environment({}):
        for order in (["HTTP_PROXY", "Http_Proxy"], ["Http_Proxy", "HTTP_PROXY"]):
            for name in order:
                os.environ.pop(name, None)
            for name in order:
                os.environ[name] = values[name]
            expected = _settings(theirs, url, {}, None, None, None)
            assert _settings(ours, url, {}, None, None, None) == expected
        os.environ.pop("Http_Proxy", None)


def test_a_change_undone_during_a_computation_is_not_remembered() -> None:
    # another thread sets no_proxy=* for a moment, while requests computes
    url = "https://api.example.com/"
    session = RauthSession()
    calls = []

    def meddle(frame: Any, event: str, arg: Any) -> None:
        if frame.f_code is requests.utils.get_environ_proxies.__code__ and not calls:
            if event == "call":
                os.environ["no_proxy"] = "*"
            elif event == "return":
                del os.environ["no_proxy"]
                calls.append(1)

    with environment({"https_proxy": "http://proxy.example:3128"}):
        sys.setprofile(meddle)
        try:
            session.merge_environment_settings(url, {}, None, None, None)
        finally:
            sys.setprofile(None)
        proxies = session.merge_environment_settings(url, {}, None, None, None)["proxies"]
    assert calls == [1]  # the environment did change for a moment
    assert proxies == {"https": "http://proxy.example:3128"}


def test_no_secret_is_kept_in_a_traceback_or_the_memory_of_results() -> None:
    import rauth.environment

    url = "https://user:url-password@api.example.com:99999/"  # no such port
    with environment({"no_proxy": "other.example", "HTTPS_PROXY": "http://u:env-secret@p:1"}):
        with pytest.raises(ValueError, match="out of range") as raised:
            RauthSession().merge_environment_settings(url, {}, None, None, None)
        with pytest.raises(AttributeError) as inside:  # requests fails on a number
            RauthSession().merge_environment_settings(
                "https://api.example.com/", {"no_proxy": 1}, None, None, None
            )
        shown = "".join(
            line
            for error in (raised.value, inside.value)
            for line in traceback.TracebackException.from_exception(
                error, capture_locals=True
            ).format()
        )
        RauthSession().merge_environment_settings(
            "https://user:url-password@api.example.com/", {}, None, None, None
        )
        kept = repr(rauth.environment._state)
    assert "env-secret" not in shown
    assert "url-password" not in kept
    assert "env-secret" not in kept.replace("http://u:env-secret@p:1", "")  # only as the proxy
