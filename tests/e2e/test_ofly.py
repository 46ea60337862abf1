"""Ofly through OflyService against the provider: the signed authorize
URL, the user id, then signed requests to the API."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from rauth import OflyService, OflySession
from rauth.testing import DEFAULT_OFLY_APP_ID, DEFAULT_OFLY_APP_SECRET, Provider

from .helpers import TIMEOUT, echoed, form, pairs

OFLY_KEYS = {"oflyAppId", "oflyHashMeth", "oflyTimestamp", "oflyApiSig", "oflyUserid"}


def _without_ofly(items: list[list[str]]) -> list[tuple[str, str]]:
    return [(key, value) for key, value in pairs(items) if key not in OFLY_KEYS]


@pytest.mark.parametrize(("hash_meth", "sent"), [("sha1", "SHA1"), ("md5", "MD5")])
def test_authorize_url_answers_the_user_id(
    oauth_provider: Provider, ofly_service: OflyService, hash_meth: str, sent: str
) -> None:
    url = ofly_service.get_authorize_url(hash_meth=hash_meth)

    assert url.startswith(oauth_provider.ofly_authorize_url + "?")
    query = dict(parse_qsl(urlsplit(url).query))
    assert (query["oflyAppId"], query["oflyHashMeth"]) == (DEFAULT_OFLY_APP_ID, sent)
    response = requests.get(url, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    assert form(response) == {"oflyUserid": "alice"}


def test_authorize_url_with_a_callback_and_user(
    oauth_provider: Provider, ofly_service: OflyService
) -> None:
    callback = oauth_provider.callback_url + "?from=ofly"
    url = ofly_service.get_authorize_url(oflyCallbackUrl=callback, user="bob")

    response = requests.get(url, timeout=TIMEOUT)

    assert response.status_code == 200, response.text
    assert response.url.startswith(oauth_provider.callback_url + "?")
    assert response.json() == {"from": "ofly", "oflyUserid": "bob"}


def test_authorize_url_with_the_wrong_secret_is_refused(oauth_provider: Provider) -> None:
    kwargs = {**oauth_provider.ofly_service_kwargs(), "app_secret": "not-the-secret"}
    url = OflyService(**kwargs).get_authorize_url()

    response = requests.get(url, allow_redirects=False, timeout=TIMEOUT)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_signature"


@pytest.mark.parametrize(("hash_meth", "sent"), [("sha1", "SHA1"), ("md5", "MD5")])
@pytest.mark.parametrize("approval", ["http", "provider"])
def test_signed_requests(
    oauth_provider: Provider,
    ofly_service: OflyService,
    approval: str,
    hash_meth: str,
    sent: str,
) -> None:
    if approval == "http":
        url = ofly_service.get_authorize_url(hash_meth=hash_meth)
        user_id = form(requests.get(url, timeout=TIMEOUT))["oflyUserid"]
    else:
        user_id = oauth_provider.ofly_authorize()
    session = ofly_service.get_auth_session(user_id)
    params = {"album": "holidays", "page": "2"}

    get = echoed(session.get("echo", params=params, hash_meth=hash_meth))
    post = echoed(session.post("echo", params=params, data={"title": "Hi"}, hash_meth=hash_meth))

    for echo, method in ((get, "GET"), (post, "POST")):
        assert (echo["scheme"], echo["method"]) == ("ofly", method)
        assert (echo["user"], echo["client"]) == ("alice", DEFAULT_OFLY_APP_ID)
        assert echo["oauth_params"]["oflyHashMeth"] == sent
        assert echo["oauth_params"]["oflyUserid"] == "alice"
        assert sorted(_without_ofly(echo["query"])) == sorted(params.items())
    assert pairs(post["form"]) == [("title", "Hi")]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("café", id="latin-1"),
        pytest.param("日本語", id="cjk"),
        pytest.param("a b", id="space"),
        pytest.param("a+b", id="plus"),
        pytest.param("&=#%", id="query-delimiters"),
        pytest.param("!*'();:@$,/?", id="sub-delims"),
    ],
)
def test_special_characters(
    oauth_provider: Provider, ofly_service: OflyService, value: str
) -> None:
    session = ofly_service.get_auth_session(oauth_provider.ofly_authorize())

    echo = echoed(session.get("echo", params={"q": value}))

    assert _without_ofly(echo["query"]) == [("q", value)]


def test_session_without_the_service(oauth_provider: Provider) -> None:
    user_id = oauth_provider.ofly_authorize(user="bob")

    with OflySession(DEFAULT_OFLY_APP_ID, DEFAULT_OFLY_APP_SECRET) as session:
        echo = echoed(session.get(oauth_provider.me_url, user_id=user_id))

    assert (echo["user"], echo["client"]) == ("bob", DEFAULT_OFLY_APP_ID)


def test_user_who_did_not_authorize_is_refused(
    oauth_provider: Provider, ofly_service: OflyService
) -> None:
    oauth_provider.ofly_authorize(user="alice")

    response = ofly_service.get_auth_session("bob").get("me")

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


def test_wrong_app_secret_is_refused(oauth_provider: Provider) -> None:
    user_id = oauth_provider.ofly_authorize()

    response = OflySession(DEFAULT_OFLY_APP_ID, "not-the-secret", user_id).get(
        oauth_provider.me_url
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_signature"
