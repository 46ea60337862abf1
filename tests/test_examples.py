"""The examples in ``examples/`` run: each with ``--local`` against
rauth.testing's provider on 127.0.0.1, the Flask app as a real local web
app driven by an HTTP client and by headless Chromium through the
provider's consent page, and without credentials they say which to set."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from browser_support import PAGE_TIMEOUT, chromium, screenshot
from extras import require_extra

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FACEBOOK_APP = EXAMPLES / "facebook-login" / "app.py"
OIDC_APP = EXAMPLES / "oidc-login" / "app.py"
#: Seconds an example may run before the test fails.
TIMEOUT = 60
#: Seconds the Flask app may take to say where it serves.
STARTUP_TIMEOUT = 30

_URL = r"http://127\.0\.0\.1:\d+"
#: For each command-line example, the lines ``--local`` prints.
CLI_OUTPUT = {
    "twitter-timeline-cli.py": [
        rf"Visit this URL in your browser: {_URL}/oauth1/authorize\?oauth_token=\w+",
        r"Enter PIN from browser: \w+",
        r"1\. @alice - the provider verified a signed GET \(include_rts=1, count=10\)",
    ],
    "github-cli.py": [
        rf"Visit this URL in your browser: {_URL}/oauth2/authorize\?scope=read%3Auser"
        rf"&response_type=code&redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback"
        r"&client_id=demo-client-id",
        rf"Paste the URL you were sent to: {_URL}/callback\?code=\w+",
        r"currently logged in as: alice",
    ],
    "linkedin-cli.py": [
        rf"Visit this URL in your browser: {_URL}/oauth1/authorize\?oauth_token=\w+",
        r"Enter PIN from browser: \w+",
        r"1\. alice - the provider verified a GET with type=SHAR, format=json",
        r"   signed in the Authorization header: oauth_consumer_key, oauth_nonce, "
        r"oauth_signature_method, oauth_timestamp, oauth_token, oauth_version",
    ],
}
#: For each example, the environment variables it needs, all named at once.
CREDENTIALS = {
    "twitter-timeline-cli.py": ("TWITTER_CONSUMER_KEY", "TWITTER_CONSUMER_SECRET"),
    "github-cli.py": ("GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"),
    "linkedin-cli.py": ("LINKEDIN_CONSUMER_KEY", "LINKEDIN_CONSUMER_SECRET"),
    "facebook-login/app.py": ("FACEBOOK_CLIENT_ID", "FACEBOOK_CLIENT_SECRET"),
}


def _environment() -> dict[str, str]:
    """The test's environment without any example's credentials."""
    prefixes = ("TWITTER_", "GITHUB_", "LINKEDIN_", "FACEBOOK_", "OIDC_")
    return {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}


def _example(
    name: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**_environment(), **(env or {})},
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.mark.parametrize("name", list(CLI_OUTPUT))
def test_cli_example_runs_locally(name: str) -> None:
    require_extra("oauthlib")  # --local runs rauth.testing
    result = _example(name, "--local")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == len(CLI_OUTPUT[name]), result.stdout
    for line, pattern in zip(lines, CLI_OUTPUT[name]):
        assert re.fullmatch(pattern, line), f"{line!r} does not match {pattern!r}"


@pytest.mark.parametrize("name", list(CREDENTIALS))
def test_example_without_credentials_says_what_to_set(name: str) -> None:
    if name.endswith("app.py"):
        require_extra("flask")
    result = _example(name)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Set {} and {} (see ".format(*CREDENTIALS[name]))
    assert "--local" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", list(CREDENTIALS))
def test_example_with_one_credential_names_the_other(name: str) -> None:
    present, missing = CREDENTIALS[name]
    result = _example(name, env={present: "set"})
    assert result.returncode == 1
    assert result.stderr.startswith(f"Set {missing} (see "), result.stderr
    assert present not in result.stderr


# -- The Flask app, served for real on 127.0.0.1 ---------------------------


def _first_line(process: subprocess.Popen[str], timeout: float) -> str:
    """Read the first line the process prints, waiting at most *timeout*."""
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return ""


def _serve_facebook_app(log: Path, *args: str, app: Path = FACEBOOK_APP) -> subprocess.Popen[str]:
    with log.open("w") as stderr:
        return subprocess.Popen(
            [sys.executable, str(app), "--local", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            text=True,
            env=_environment(),
        )


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    assert process.stdout is not None
    process.stdout.close()


@pytest.fixture(scope="module")
def facebook_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_extra("flask")
    require_extra("oauthlib")
    """The app's root URL, served by ``app.py --local`` for at most a minute."""
    log = tmp_path_factory.mktemp("facebook-login") / "stderr.log"
    process = _serve_facebook_app(log, "--lifetime", "60")
    try:
        line = _first_line(process, STARTUP_TIMEOUT)
        served = re.fullmatch(rf"Serving on ({_URL}/)\n", line)
        assert served, f"app.py printed {line!r}; its stderr:\n{log.read_text()}"
        yield served.group(1)
    finally:
        _stop(process)


def test_facebook_login_locally(facebook_app: str) -> None:
    with requests.Session() as browser:
        home = browser.get(facebook_app, timeout=10)
        assert home.status_code == 200
        assert '<a href="/facebook/login">Log in with Facebook</a>' in home.text

        page = browser.get(facebook_app + "facebook/login", timeout=10)

    assert page.status_code == 200
    assert page.url == facebook_app
    assert '<p class="flash">Logged in as alice</p>' in page.text
    login, authorize, authorized = (urlsplit(hop.url) for hop in page.history)
    assert login.path == "/facebook/login"
    assert authorize.path == "/oauth2/authorize"
    request = parse_qs(authorize.query)
    assert request["redirect_uri"] == [facebook_app + "facebook/authorized"]
    assert request["response_type"] == ["code"]
    assert authorized.path == "/facebook/authorized"
    assert parse_qs(authorized.query)["state"] == request["state"]


def test_facebook_login_denied(facebook_app: str) -> None:
    with requests.Session() as browser:
        login = browser.get(facebook_app + "facebook/login", allow_redirects=False, timeout=10)
        assert login.status_code == 302
        # the user clicks "deny" at the provider
        page = browser.get(login.headers["Location"] + "&approve=false", timeout=10)
    assert page.status_code == 403
    assert urlsplit(page.url).path == "/facebook/authorized"
    assert "<h1>Login failed</h1>" in page.text
    assert '<p class="error">You did not authorize the request</p>' in page.text
    assert "Logged in" not in page.text


def test_facebook_login_refuses_a_redirect_it_did_not_start(facebook_app: str) -> None:
    with requests.Session() as browser:
        browser.get(facebook_app + "facebook/login", allow_redirects=False, timeout=10)
        forged = facebook_app + "facebook/authorized?code=stolen&state=forged"
        page = browser.get(forged, timeout=10)
    assert page.status_code == 400
    assert '<p class="error">The state does not match</p>' in page.text
    assert "Logged in" not in page.text


def test_facebook_app_stops_by_itself(tmp_path: Path) -> None:
    require_extra("flask")
    require_extra("oauthlib")
    log = tmp_path / "stderr.log"
    process = _serve_facebook_app(log, "--lifetime", "1")
    try:
        assert re.fullmatch(rf"Serving on {_URL}/\n", _first_line(process, STARTUP_TIMEOUT))
        assert process.wait(timeout=TIMEOUT) == 0
    finally:
        _stop(process)
    assert "Traceback" not in log.read_text()


# -- The Flask app in a real browser: headless Chromium --------------------


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def _log_in_at_the_consent_page(chrome: Any, facebook_app: str, button: str) -> None:
    """Open the app, click "Log in", answer the provider's consent page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    chrome.delete_all_cookies()
    chrome.get(facebook_app)
    chrome.find_element(By.LINK_TEXT, "Log in with Facebook").click()
    wait = WebDriverWait(chrome, PAGE_TIMEOUT)
    wait.until(expected_conditions.title_contains("Authorize"))
    # the embedded provider's consent page, a real HTML form
    assert urlsplit(chrome.current_url).path == "/oauth2/authorize"
    assert chrome.find_element(By.TAG_NAME, "h1").text == "Authorize demo-client-id?"
    assert chrome.find_element(By.ID, "user").text == "alice"
    assert chrome.find_element(By.ID, "approve").text == "Approve"
    assert chrome.find_element(By.ID, "deny").text == "Deny"
    screenshot(chrome, "facebook-login-consent")
    chrome.find_element(By.ID, button).click()
    wait.until(expected_conditions.title_contains("rauth:"))


def test_facebook_login_in_a_browser(chrome: Any, facebook_app: str) -> None:
    from selenium.webdriver.common.by import By

    _log_in_at_the_consent_page(chrome, facebook_app, "approve")
    screenshot(chrome, "facebook-login-approved")
    assert chrome.current_url == facebook_app
    flashes = [element.text for element in chrome.find_elements(By.CLASS_NAME, "flash")]
    assert flashes == ["Logged in as alice"]


def test_facebook_login_denied_in_a_browser(chrome: Any, facebook_app: str) -> None:
    from selenium.webdriver.common.by import By

    _log_in_at_the_consent_page(chrome, facebook_app, "deny")
    screenshot(chrome, "facebook-login-denied")
    assert urlsplit(chrome.current_url).path == "/facebook/authorized"
    assert chrome.title == "rauth: login failed"
    assert chrome.find_element(By.CLASS_NAME, "error").text == "You did not authorize the request"
    assert "Logged in" not in chrome.page_source


# -- The OpenID Connect Flask app (docs/guide/openid_connect.rst) -------------


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app's root URL, served by ``oidc-login/app.py --local``."""
    require_extra("flask")
    require_extra("oauthlib")
    require_extra("jwt")
    log = tmp_path_factory.mktemp("oidc-login") / "stderr.log"
    process = _serve_facebook_app(log, "--lifetime", "60", app=OIDC_APP)
    try:
        line = _first_line(process, STARTUP_TIMEOUT)
        served = re.fullmatch(rf"Serving on ({_URL}/)\n", line)
        assert served, f"app.py printed {line!r}; its stderr:\n{log.read_text()}"
        yield served.group(1)
    finally:
        _stop(process)


def test_oidc_login_locally(oidc_app: str) -> None:
    with requests.Session() as browser:
        page = browser.get(oidc_app + "oidc/login", timeout=10)

    assert page.status_code == 200
    assert page.url == oidc_app
    flash = re.search(
        r'<p class="flash">Logged in as Alice \(sub alice, issuer (.+?)\)</p>', page.text
    )
    assert flash, page.text
    login, authorize, authorized = (urlsplit(hop.url) for hop in page.history)
    assert login.path == "/oidc/login"
    request = parse_qs(authorize.query)
    assert request["scope"] == ["openid profile"]
    assert request["nonce"]
    assert request["code_challenge_method"] == ["S256"]
    assert f"{authorize.scheme}://{authorize.netloc}" == flash.group(1)
    assert authorized.path == "/oidc/authorized"


def test_oidc_login_denied(oidc_app: str) -> None:
    with requests.Session() as browser:
        login = browser.get(oidc_app + "oidc/login", allow_redirects=False, timeout=10)
        page = browser.get(login.headers["Location"] + "&approve=false", timeout=10)
    assert page.status_code == 403
    assert "access_denied" in page.text


def test_oidc_login_refuses_a_forged_callback(oidc_app: str) -> None:
    with requests.Session() as browser:
        browser.get(oidc_app + "oidc/login", allow_redirects=False, timeout=10)
        page = browser.get(oidc_app + "oidc/authorized?code=stolen&state=forged", timeout=10)
    assert page.status_code == 403
    assert "state" in page.text


def test_oidc_example_without_credentials_names_them() -> None:
    require_extra("flask")
    result = _example("oidc-login/app.py")
    assert result.returncode == 1
    assert result.stderr.startswith("Set OIDC_ISSUER and OIDC_CLIENT_ID and OIDC_CLIENT_SECRET")
    assert "--local" in result.stderr
