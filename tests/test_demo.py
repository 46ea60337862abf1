"""``python -m rauth.demo``: every flow runs, each step shows what is sent
and what comes back, no secret is ever printed, and failures say where."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

import rauth.testing
from rauth import demo
from rauth.testing import (
    DEFAULT_CLIENT_SECRET,
    DEFAULT_CONSUMER_KEY,
    DEFAULT_CONSUMER_SECRET,
    DEFAULT_OFLY_APP_SECRET,
    Provider,
)

ROOT = Path(__file__).resolve().parent.parent
#: Seconds a demo subprocess may take before the test fails.
TIMEOUT = 60

#: What each flow prints, in order: its title, numbered steps, its result.
STEPS = {
    "oauth1": [
        "== OAuth 1.0a ==",
        "1. Get a request token, sending the callback URL",
        "2. Build the authorize URL to send the user to",
        "3. alice approves; the provider redirects to the callback",
        "4. Trade the request token and the verifier for an access token",
        "5. Signed GET of a protected resource",
        "6. Signed POST: the form body is signed too",
        "7. The same token with plain requests: rauth.OAuth1 signs",
        "oauth1: ok, the provider saw alice in every signed call",
    ],
    "oauth2": [
        "== OAuth 2.0 ==",
        "1. Build the authorize URL to send the user to",
        "2. alice approves; the provider redirects with a code",
        "3. Trade the code for an access token",
        "4. GET with the Bearer token",
        "5. POST JSON with the Bearer token",
        "oauth2: ok, the provider saw alice in every signed call",
    ],
    "oauth2-pkce": [
        "== OAuth 2.0 + PKCE ==",
        "1. Start an authorization request with state and a PKCE challenge",
        "2. alice approves; the provider redirects with a code",
        "3. Check the state; trade the code and the PKCE verifier for a token",
        "4. GET with the Bearer token",
        "5. The provider expires the token: one refresh, then the GET again",
        "6. Revoke the refresh token (RFC 7009)",
        "oauth2-pkce: ok, the provider saw alice in every signed call",
    ],
    "openid": [
        "== OpenID Connect ==",
        "1. Read the provider's discovery document",
        "2. Start a login with scope openid: state, nonce and PKCE",
        "3. alice approves; the provider redirects with a code",
        "4. Trade the code; validate the id_token with the provider's keys",
        "5. Ask the UserInfo endpoint with the Bearer token",
        "openid: ok, the provider saw alice in every signed call",
    ],
    "ofly": [
        "== Ofly ==",
        "1. Build the signed authorize URL to send the user to",
        "2. alice approves; the provider redirects with the user id",
        "3. Signed GET for oflyUserid=alice",
        "ofly: ok, the provider saw alice in every signed call",
    ],
}

#: What is sent and what comes back, masked (one pattern per line shown).
EXCHANGES = [
    r'Authorization: OAuth realm="",oauth_consumer_key="demo-consumer-key",'
    r'oauth_nonce="\w{4}…",.*oauth_callback="http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback",'
    r'oauth_signature="(?:%[0-9A-F]{2}|[^"%]){4}…"',
    r"<- 200 OK\n +oauth_token=\w{4}…&oauth_token_secret=\*\*\*&oauth_callback_confirmed=true",
    r"<- 302 Found\n +Location: http://127\.0\.0\.1:\d+/callback\?"
    r"oauth_token=\w{4}…&oauth_verifier=\w{4}…",
    r'Authorization: OAuth .*oauth_token="\w{4}…",oauth_version="1\.0",'
    r'oauth_verifier="\w{4}…",oauth_signature="(?:%[0-9A-F]{2}|[^"%]){4}…"',
    r"-> POST http://127\.0\.0\.1:\d+/api/echo\n.*\n +status=Hello from rauth",
    r'"form": \[\["status", "Hello from rauth"\]\]',
    r"code=\w{4}…&grant_type=authorization_code&redirect_uri=http://127\.0\.0\.1:\d+/callback"
    r"&client_id=demo-client-id&client_secret=\*\*\*",
    r'\{"access_token": "\w{4}…", .*"refresh_token": "\*\*\*"\}',
    r"Authorization: Bearer \w{4}…",
    r'"json": \{"status": "Hello from rauth"\}',
    r"-> GET http://127\.0\.0\.1:\d+/api/echo\?format=json&oflyApiSig=\w{4}…&oflyAppId=demo-ofly-app",
    r"Location: http://127\.0\.0\.1:\d+/callback\?oflyUserid=alice",
]

#: Credentials as shown: ``key=value``, ``key="value"``, ``"key": "value"``, ``["key", "value"]``.
_CREDENTIAL = re.compile(
    r"\b(oauth_token|oauth_token_secret|oauth_verifier|oauth_signature|oauth_nonce|"
    r"access_token|refresh_token|code|client_secret|oflyApiSig)"
    r'(?:="|": "|", "|=\'|=)([^&",\'\s\]]*)'
)
#: A long run of letters and digits: what an unmasked token looks like.
_TOKEN_LIKE = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{12,}\b")

_DENYING_PROVIDER = """
import runpy, rauth.testing

class DenyingProvider(rauth.testing.Provider):
    def __init__(self, **kwargs):
        super().__init__(approve=False, **kwargs)

rauth.testing.Provider = DenyingProvider
runpy.run_module("rauth.demo", run_name="__main__", alter_sys=True)
"""
_WITHOUT_OAUTHLIB = """
import runpy, sys
sys.modules["oauthlib"] = None  # as if rauth[testing] were not installed
runpy.run_module("rauth.demo", run_name="__main__", alter_sys=True)
"""


def _demo(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m rauth.demo`` (or *code* standing in for it)."""
    command = ["-m", "rauth.demo"] if code is None else ["-c", code]
    return subprocess.run(
        [sys.executable, *command, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        cwd=ROOT,
        check=False,
    )


def _assert_in_order(text: str, expected: list[str]) -> None:
    position = -1
    for line in expected:
        found = text.find(line, position + 1)
        assert found > position, f"{line!r} missing or out of order in:\n{text}"
        position = found


def _assert_masked(text: str) -> None:
    """Every credential shown is ``***`` or shortened; none is left whole."""
    shown = _CREDENTIAL.findall(text)
    assert len(shown) > 20, text
    for key, value in shown:
        # four characters shown, a %XX escape counting as one and never cut
        shortened = re.fullmatch(r"(?:%[0-9A-F]{2}|[^%]){1,4}…", value)
        assert value == "***" or shortened, f"{key}={value} in:\n{text}"
    assert not set(_TOKEN_LIKE.findall(text)) - {"OAuth1Service", "OAuth2Service"}
    for secret in (DEFAULT_CONSUMER_SECRET, DEFAULT_CLIENT_SECRET, DEFAULT_OFLY_APP_SECRET):
        assert secret not in text


# -- python -m rauth.demo -------------------------------------------------


@pytest.fixture(scope="module")
def demo_run() -> subprocess.CompletedProcess[str]:
    # wide enough that no wire line wraps: the patterns below match one line
    return _demo("--width", "1000")


#: The rauth call each step prints (``>>>``) before what it sent (``->``).
CALLS = [
    (
        r">>> token, token_secret = service\.get_request_token\(\n"
        r" +\.\.\. +params=\{'oauth_callback': 'http://127\.0\.0\.1:\d+/callback'\},\n"
        r" +\.\.\. +header_auth=True\)\n +-> GET http://127\.0\.0\.1:\d+/oauth1/request_token"
    ),
    r">>> authorize_url = service\.get_authorize_url\(token\)\n +http://",
    (
        r">>> session = service\.get_auth_session\(token, token_secret,\n"
        r" +\.\.\. +method='POST', data=\{'oauth_verifier': verifier\},\n"
        r" +\.\.\. +header_auth=True\)\n +-> POST http://127\.0\.0\.1:\d+/oauth1/access_token"
    ),
    (
        r">>> session\.get\('echo', params=\{'format': 'json'\}, header_auth=True\)\n"
        r" +-> GET http://127\.0\.0\.1:\d+/api/echo\?format=json"
    ),
    (
        r">>> session = service\.get_auth_session\(data=data, decoder=json\.loads\)\n"
        r" +-> POST http://127\.0\.0\.1:\d+/oauth2/token"
    ),
    r">>> session\.post\('echo', json=\{'status': 'Hello from rauth'\}\)\n +-> POST ",
    r">>> session = service\.get_auth_session\('alice'\)\n",
]


@pytest.mark.parametrize("pattern", CALLS, ids=range(len(CALLS)))
def test_demo_shows_the_rauth_call_of_each_step(
    demo_run: subprocess.CompletedProcess[str], pattern: str
) -> None:
    assert re.search(pattern, demo_run.stdout), demo_run.stdout


def test_demo_shows_how_each_service_is_made(demo_run: subprocess.CompletedProcess[str]) -> None:
    for made in (
        ">>> service = OAuth1Service(consumer_key='demo-consumer-key',\n"
        "   ...     consumer_secret='***',\n",
        ">>> service = OAuth2Service(client_id='demo-client-id',\n"
        "   ...     client_secret='***',\n",
        ">>> service = OflyService(app_id='demo-ofly-app', app_secret='***',\n",
    ):
        assert made in demo_run.stdout


@pytest.mark.parametrize("width", [60, 80])
def test_demo_wraps_what_went_on_the_wire_to_the_width(width: int) -> None:
    result = _demo("--width", str(width))
    assert result.returncode == 0, result.stderr
    wire = [
        line
        for line in result.stdout.splitlines()
        # indented, and not code: what went on the wire, and the flows' credentials
        if line.startswith(" ") and not line.lstrip().startswith((">>>", "...", "#"))
    ]
    assert len(wire) > 60
    too_long = [line for line in wire if len(line) > width]
    assert not too_long
    _assert_masked(result.stdout)


def test_demo_width_defaults_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")  # what shutil.get_terminal_size reads first
    result = subprocess.run(
        [sys.executable, "-m", "rauth.demo", "--flow", "oauth2"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    authorization = [line for line in result.stdout.splitlines() if line.startswith("   -> ")]
    assert authorization
    assert all(len(line) <= 50 for line in authorization)


def test_demo_step_waits_for_enter_before_each_step() -> None:
    steps = sum(len(lines) - 2 for lines in STEPS.values())
    result = subprocess.run(
        [sys.executable, "-m", "rauth.demo", "--step", "--width", "1000"],
        input="\n" * steps,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(demo.PAUSE_PROMPT) == steps
    # the prompt comes before each numbered step, after the step before it
    assert re.search(
        r"oauth_callback_confirmed=true\n" + re.escape(demo.PAUSE_PROMPT) + r"\n2\. Build",
        result.stdout,
    )


def test_demo_step_stops_waiting_at_the_end_of_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rauth.demo", "--step", "--flow", "ofly"],
        input="\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(demo.PAUSE_PROMPT) == 2  # then stdin is at its end
    assert result.stdout.endswith("Done: ofly worked.\n")


def test_demo_runs_every_flow_step_by_step(demo_run: subprocess.CompletedProcess[str]) -> None:
    assert demo_run.returncode == 0, demo_run.stderr
    assert demo_run.stderr == ""
    assert re.match(
        r"rauth \S+ against rauth.testing.Provider at http://127\.0\.0\.1:\d+\n", demo_run.stdout
    )
    _assert_in_order(
        demo_run.stdout,
        [
            *STEPS["oauth1"],
            *STEPS["oauth2"],
            *STEPS["ofly"],
            *STEPS["oauth2-pkce"],
            *STEPS["openid"],
        ],
    )
    assert demo_run.stdout.endswith("Done: oauth1, oauth2, ofly, oauth2-pkce, openid worked.\n")


@pytest.mark.parametrize("pattern", EXCHANGES, ids=range(len(EXCHANGES)))
def test_demo_shows_what_is_sent_and_what_comes_back(
    demo_run: subprocess.CompletedProcess[str], pattern: str
) -> None:
    assert re.search(pattern, demo_run.stdout), demo_run.stdout


def test_demo_prints_no_secret(demo_run: subprocess.CompletedProcess[str]) -> None:
    _assert_masked(demo_run.stdout + demo_run.stderr)


def test_demo_quiet_prints_one_line_per_flow() -> None:
    result = _demo("--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        STEPS["oauth1"][-1],
        STEPS["oauth2"][-1],
        STEPS["ofly"][-1],
        STEPS["oauth2-pkce"][-1],
        STEPS["openid"][-1],
        "Done: oauth1, oauth2, ofly, oauth2-pkce, openid worked.",
    ]


def test_demo_fails_clearly_when_the_user_denies() -> None:
    result = _demo("--flow", "oauth1", code=_DENYING_PROVIDER)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "rauth.demo failed: OAuth 1.0a, step 3 "
        "(alice approves; the provider redirects to the callback): "
        "the provider sent no oauth_verifier back: http://127.0.0.1:"
    ), result.stderr
    assert "Traceback" not in result.stderr
    _assert_in_order(result.stdout, STEPS["oauth1"][:4])
    assert "oauth1: ok" not in result.stdout


def test_demo_piped_into_a_reader_that_leaves_stops_quietly() -> None:
    """``python -m rauth.demo | head``: no traceback once ``head`` has exited."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    try:
        result = subprocess.run(
            [sys.executable, "-m", "rauth.demo"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
            cwd=ROOT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert result.stderr == ""


def test_demo_without_oauthlib_says_what_to_install() -> None:
    result = _demo(code=_WITHOUT_OAUTHLIB)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        'rauth.demo needs oauthlib for its provider: pip install "rauth[testing]" '
        '(in a checkout of rauth: pip install ".[testing]") '
        "(import of oauthlib halted; None in sys.modules)\n"
    )
    assert "Traceback" not in result.stderr


def test_demo_rejects_an_unknown_flow() -> None:
    result = _demo("--flow", "oauth3")
    assert result.returncode == 2
    assert "invalid choice: 'oauth3'" in result.stderr


# -- In-process: every credential issued, each flow, each failure --------


class _Recording(dict):  # type: ignore[type-arg]
    """A store table that remembers every record put in it, even deleted ones."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[Any] = []

    def __setitem__(self, key: Any, value: Any) -> None:
        self.records.append(value)
        super().__setitem__(key, value)


def _printer(quiet: bool = False) -> tuple[demo.Printer, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return demo.Printer(out, err, quiet=quiet), out, err


def test_run_never_prints_a_credential_the_provider_issued() -> None:
    show, out, err = _printer()
    with Provider() as provider:
        provider.store.request_tokens = request_tokens = _Recording()
        demo.run(provider, ["oauth1", "oauth2", "ofly"], show)
        store = provider.store
        issued = {
            "request token": [r.token for r in request_tokens.records],
            "request token secret": [r.secret for r in request_tokens.records],
            "verifier": [r.verifier for r in request_tokens.records],
            "access token": list(store.access_tokens),
            "access token secret": [a.secret for a in store.access_tokens.values()],
            "code": list(store.codes),
            "bearer token": list(store.bearer_tokens),
            "refresh token": list(store.refresh_tokens),
        }
    text = out.getvalue() + err.getvalue()
    for kind, values in issued.items():
        assert len(values) == 1, kind
        assert values[0] not in text, kind
    shortened = issued["request token"] + issued["access token"] + issued["bearer token"]
    for value in shortened + issued["code"] + issued["verifier"]:
        assert value[:4] + "…" in text
    _assert_masked(text)


def test_pkce_flow_never_prints_a_credential_the_provider_issued() -> None:
    show, out, err = _printer()
    with Provider() as provider:
        demo.run(provider, ["oauth2-pkce"], show)
        store = provider.store
        codes, bearers = list(store.codes), list(store.bearer_tokens)
        refresh_tokens = [bearer.refresh_token for bearer in store.bearer_tokens.values()]
    text = out.getvalue() + err.getvalue()
    assert (len(codes), len(bearers), len(refresh_tokens)) == (1, 2, 2)
    for value in codes + bearers + refresh_tokens:
        assert value
        assert value not in text
    for value in codes + bearers:
        assert value[:4] + "…" in text
    for value in refresh_tokens:  # long-lived: never even shortened
        assert value[:4] + "…" not in text
    assert "code_verifier=***" in text
    assert "token=***&token_type_hint=refresh_token" in text
    assert not set(_TOKEN_LIKE.findall(text)) - {"OAuth1Service", "OAuth2Service"}


@pytest.mark.parametrize("flow", list(demo.FLOWS))
def test_main_runs_one_flow(flow: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.main(["--flow", flow]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    _assert_in_order(out, STEPS[flow])
    others = [steps[0] for name, steps in STEPS.items() if name != flow]
    assert not any(title in out for title in others)
    assert out.endswith(f"Done: {flow} worked.\n")


@pytest.mark.parametrize(
    ("flow", "failure"),
    [
        ("oauth1", "OAuth 1.0a, step 3 (alice approves; the provider redirects to the callback)"),
        ("oauth2", "OAuth 2.0, step 2 (alice approves; the provider redirects with a code)"),
        ("ofly", "Ofly, step 2 (alice approves; the provider redirects with the user id)"),
    ],
)
def test_a_denied_authorization_fails_at_the_approval_step(flow: str, failure: str) -> None:
    show, out, _ = _printer()
    with Provider(approve=False) as provider, pytest.raises(demo.DemoError) as raised:
        demo.run(provider, [flow], show)
    assert str(raised.value).startswith(f"{failure}: the provider sent no ")
    assert "error=access_denied" in str(raised.value) or "denied=" in str(raised.value)
    assert f"{flow}: ok" not in out.getvalue()


def test_a_wrong_consumer_secret_fails_at_the_request_token() -> None:
    show, _, _ = _printer()
    with Provider() as provider:
        provider.add_consumer(DEFAULT_CONSUMER_KEY, "not-the-demo-secret")
        with pytest.raises(demo.DemoError) as raised:
            demo.run(provider, ["oauth1"], show)
    message = str(raised.value)
    assert message.startswith(
        "OAuth 1.0a, step 1 (Get a request token, sending the callback URL): KeyError: "
    )
    assert "error=invalid_signature" in message


class _ExpiringPrinter(demo.Printer):
    """Has the provider expire every access token once a token exchange is shown."""

    def __init__(self, provider: Provider, out: io.StringIO) -> None:
        super().__init__(out, out)
        self.provider = provider

    def exchange(self, response: requests.Response | None, echo: bool = False) -> None:
        super().exchange(response, echo)
        if response is not None and response.url.endswith(("/access_token", "/token")):
            self.provider.expire_tokens()


@pytest.mark.parametrize(
    ("flow", "failure"),
    [
        ("oauth1", "OAuth 1.0a, step 5 (Signed GET of a protected resource)"),
        ("oauth2", "OAuth 2.0, step 4 (GET with the Bearer token)"),
    ],
)
def test_an_expired_token_fails_the_api_call(flow: str, failure: str) -> None:
    out = io.StringIO()
    with Provider() as provider, pytest.raises(demo.DemoError) as raised:
        demo.run(provider, [flow], _ExpiringPrinter(provider, out))
    assert str(raised.value).startswith(f"{failure}: the provider answered 401: ")
    assert "access token expired" in str(raised.value)
    assert "<- 401 Unauthorized" in out.getvalue()


def test_a_redirect_with_another_state_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real_get = requests.get

    def forged(url: str, **kwargs: Any) -> requests.Response:
        response = real_get(url, **kwargs)
        location = response.headers["Location"]
        response.headers["Location"] = re.sub(r"state=[^&]*", "state=forged", location)
        return response

    monkeypatch.setattr(requests, "get", forged)
    show, _, _ = _printer()
    with Provider() as provider, pytest.raises(demo.DemoError) as raised:
        demo.run(provider, ["oauth2"], show)
    assert str(raised.value).endswith("the state sent back is not the one sent")


def test_main_reports_a_failed_flow(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class DenyingProvider(Provider):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(approve=False, **kwargs)

    monkeypatch.setattr(rauth.testing, "Provider", DenyingProvider)
    assert demo.main(["--flow", "ofly", "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("rauth.demo failed: Ofly, step 2 ")


def test_main_without_rauth_testing_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "rauth.testing", None)
    assert demo.main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert 'pip install "rauth[testing]"' in err


def test_main_when_the_provider_cannot_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(self: Provider) -> Provider:
        raise OSError("no loopback here")

    monkeypatch.setattr(Provider, "start", refuse)
    assert demo.main([]) == 2
    assert capsys.readouterr().err == (
        "rauth.demo could not serve its provider on 127.0.0.1: no loopback here\n"
    )


# -- Masking --------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("oauth_token_secret", "s3cr3t-value", "***"),
        ("client_secret", "demo-client-secret", "***"),
        ("refresh_token", "abcdefghijkl", "***"),
        ("password", "alice-password", "***"),
        ("oauth_token", "abcdefghijkl", "abcd…"),
        ("access_token", "abcdefghijkl", "abcd…"),
        ("oauth_signature", "tiNXaFzRz/Tc=", "tiNX…"),
        ("oauth_signature", "t%2BNXaFzRz%2FTc%3D", "t%2BNX…"),  # never cut mid-escape
        ("oauth_signature", "%2B%2B%2B%2B%2B%2B%2B%2B", "***"),  # 8 characters on the wire
        ("code", "short", "***"),
        ("oauth_consumer_key", "demo-consumer-key", "demo-consumer-key"),
        ("state", "abcdefghijkl", "abcdefghijkl"),
    ],
    ids=lambda value: str(value),
)
def test_mask(key: str, value: str, shown: str) -> None:
    assert demo.mask(key, value) == shown


def test_printer_hides_what_it_was_told(capsys: pytest.CaptureFixture[str]) -> None:
    show, out, err = _printer()
    show.hide("the-token-secret")
    show.hide("abcdefghijklmnop", short=True)
    show.say("secret the-token-secret, token abcdefghijklmnop")
    show.error("failed with the-token-secret")
    assert out.getvalue() == "secret ***, token abcd…\n"
    assert err.getvalue() == "failed with ***\n"


@pytest.mark.parametrize("width", [40, 50, 72])
def test_wrap_keeps_every_character_within_the_width(width: int) -> None:
    text = (
        'Authorization: OAuth realm="",oauth_consumer_key="demo-consumer-key",'
        'oauth_nonce="ab12…",oauth_signature="t%2BNX…" and a-very-long-piece-without-a-break-'
        + "x"
        * 80
    )
    lines = demo.wrap(text, width, "   ")
    assert len(lines) > 2
    assert all(len(line) <= width for line in lines)
    assert lines[0].startswith("   Authorization: OAuth realm=")
    assert all(line.startswith("      ") for line in lines[1:])
    rejoined = "".join(line[6:] if n else line[3:] for n, line in enumerate(lines))
    assert rejoined.replace(" ", "") == text.replace(" ", "")


def test_wrap_leaves_a_short_line_alone() -> None:
    assert demo.wrap("<- 200 OK", 80, "   ") == ["   <- 200 OK"]
