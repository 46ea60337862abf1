"""The provider's consent page: browsers (``Accept: text/html``) get an HTML
page with Approve and Deny; its post decides. Other clients are answered at
once, as before. Each flow is driven over HTTP on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from rauth import OAuth1Service, OAuth2Service, OflyService
from rauth.testing import Provider

TIMEOUT = 10
#: What Chromium sends for a page it navigates to.
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_FORM = re.compile(r'<form method="post" action="([^"]+)">')


def _oauth1_url(provider: Provider) -> str:
    service = OAuth1Service(name="t", **provider.oauth1_service_kwargs())
    token, _ = service.get_request_token(
        params={"oauth_callback": provider.callback_url}, timeout=TIMEOUT
    )
    return service.get_authorize_url(token)


def _oauth2_url(provider: Provider) -> str:
    service = OAuth2Service(name="t", **provider.oauth2_service_kwargs())
    return service.get_authorize_url(
        response_type="code", redirect_uri=provider.callback_url, scope="profile", state="s1"
    )


def _ofly_url(provider: Provider) -> str:
    service = OflyService(name="t", **provider.ofly_service_kwargs())
    return service.get_authorize_url(oflyCallbackUrl=provider.callback_url)


#: For each flow: how to get an authorize URL, what an approval and a denial
#: send back to the callback.
FLOWS: dict[str, tuple[Callable[[Provider], str], str, str]] = {
    "oauth1": (_oauth1_url, "oauth_verifier", "denied"),
    "oauth2": (_oauth2_url, "code", "error"),
    "ofly": (_ofly_url, "oflyUserid", "error"),
}


def _page(url: str) -> requests.Response:
    return requests.get(url, headers={"Accept": BROWSER_ACCEPT}, timeout=TIMEOUT)


def _answer(url: str, page: requests.Response, answer: str) -> dict[str, str]:
    """Post the page's form as the browser does; return the callback query."""
    action = _FORM.search(page.text)
    assert action is not None, page.text
    target = requests.compat.urljoin(url, action[1].replace("&amp;", "&"))
    response = requests.post(
        target, data={"consent": answer}, allow_redirects=False, timeout=TIMEOUT
    )
    assert response.status_code == 302, response.text
    return dict(parse_qsl(urlsplit(response.headers["Location"]).query))


@pytest.mark.parametrize("flow", list(FLOWS))
def test_a_browser_gets_the_consent_page(oauth_provider: Provider, flow: str) -> None:
    url = FLOWS[flow][0](oauth_provider)
    page = _page(url)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<button type="submit" id="approve" name="consent" value="approve">' in page.text
    assert '<button type="submit" id="deny" name="consent" value="deny">' in page.text
    assert '<strong id="user">alice</strong>' in page.text


def test_the_page_names_the_client_and_scope(oauth_provider: Provider) -> None:
    page = _page(_oauth2_url(oauth_provider))
    assert "<h1>Authorize demo-client-id?</h1>" in page.text
    assert "demo-client-id asks to use your account (profile)." in page.text


@pytest.mark.parametrize("flow", list(FLOWS))
def test_approve_on_the_page(oauth_provider: Provider, flow: str) -> None:
    make_url, granted, _ = FLOWS[flow]
    url = make_url(oauth_provider)
    callback = _answer(url, _page(url), "approve")
    assert callback.get(granted), callback


@pytest.mark.parametrize("flow", list(FLOWS))
def test_deny_on_the_page(oauth_provider: Provider, flow: str) -> None:
    make_url, granted, refused = FLOWS[flow]
    url = make_url(oauth_provider)
    callback = _answer(url, _page(url), "deny")
    assert granted not in callback
    assert refused in callback


def test_the_page_escapes_what_it_shows(oauth_provider: Provider) -> None:
    url = _oauth2_url(oauth_provider).replace("scope=profile", "scope=%3Cscript%3E")
    page = _page(url)
    assert "<script>" not in page.text
    assert "(&lt;script&gt;)" in page.text


def test_requests_is_answered_at_once(oauth_provider: Provider) -> None:
    # Accept: */* -- what the README's quick start relies on
    answer = requests.get(_oauth2_url(oauth_provider), allow_redirects=False, timeout=TIMEOUT)
    assert answer.status_code == 302
    assert "code=" in answer.headers["Location"]


def test_an_approve_parameter_skips_the_page(oauth_provider: Provider) -> None:
    url = _oauth2_url(oauth_provider) + "&approve=no"
    answer = requests.get(
        url, headers={"Accept": BROWSER_ACCEPT}, allow_redirects=False, timeout=TIMEOUT
    )
    assert answer.status_code == 302
    assert "error=access_denied" in answer.headers["Location"]


@pytest.mark.parametrize(
    ("consent", "accept", "shown"),
    [
        pytest.param("never", BROWSER_ACCEPT, False, id="never-browser"),
        pytest.param("always", "*/*", True, id="always-requests"),
        pytest.param("browser", "application/json", False, id="browser-json"),
    ],
)
def test_the_consent_setting(consent: str, accept: str, shown: bool) -> None:
    with Provider(consent=consent, lifetime=30) as provider:
        url = _oauth2_url(provider)
        answer = requests.get(
            url, headers={"Accept": accept}, allow_redirects=False, timeout=TIMEOUT
        )
    assert (answer.status_code == 200) is shown
    assert ("<form" in answer.text) is shown


def test_a_post_without_an_answer_is_not_one(oauth_provider: Provider) -> None:
    url = _oauth2_url(oauth_provider)
    answer = requests.post(url, data={"consent": "maybe"}, allow_redirects=False, timeout=TIMEOUT)
    assert answer.status_code == 302  # the provider's own answer: alice approves
    assert "code=" in answer.headers["Location"]


def test_an_unknown_consent_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="consent must be one of browser, always, never"):
        Provider(consent="sometimes")
