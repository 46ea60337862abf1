"""The :class:`rauth.testing.Provider` facade: lifecycle, registration, URLs."""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import requests
from oauthlib.oauth1 import Client

import rauth.testing
from rauth.testing import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_CONSUMER_KEY,
    DEFAULT_CONSUMER_SECRET,
    DEFAULT_OFLY_APP_ID,
    DEFAULT_OFLY_APP_SECRET,
    DEFAULT_PUBLIC_CLIENT_ID,
    OAuth1Consumer,
    OAuth2Client,
    OflyApp,
    Provider,
    User,
)
from rauth.testing.store import Store

ROOT = Path(__file__).resolve().parents[2]
SECRET = {"client_id": DEFAULT_CLIENT_ID, "client_secret": DEFAULT_CLIENT_SECRET}

PUBLIC_NAMES = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_CONSUMER_KEY",
    "DEFAULT_CONSUMER_SECRET",
    "DEFAULT_OFLY_APP_ID",
    "DEFAULT_OFLY_APP_SECRET",
    "DEFAULT_PUBLIC_CLIENT_ID",
    "DEFAULT_USERS",
    "GRANT_TYPES",
    "SIGNATURE_METHODS",
    "TOKEN_FORMATS",
    "OAuth1Consumer",
    "OAuth2Client",
    "OflyApp",
    "Provider",
    "User",
]
MODULES = [
    "app",
    "messages",
    "oauth1",
    "jwt_auth",
    "oauth2",
    "ofly",
    "openid",
    "paths",
    "provider",
    "pytest_plugin",
    "resource",
    "server",
    "store",
]


def test_public_names_are_pinned() -> None:
    assert sorted(rauth.testing.__all__) == sorted(PUBLIC_NAMES)
    for name in PUBLIC_NAMES:
        assert hasattr(rauth.testing, name)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_exports_what_it_lists(module: str) -> None:
    imported = importlib.import_module(f"rauth.testing.{module}")

    assert imported.__all__
    for name in imported.__all__:
        assert hasattr(imported, name), name


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_import_rauth_does_not_import_the_provider() -> None:
    result = run_python(
        "import sys, rauth; print('rauth.testing' in sys.modules, 'oauthlib' in sys.modules)"
    )

    assert result.stdout.strip() == "False False", result.stderr


def test_missing_oauthlib_names_the_extra() -> None:
    result = run_python("import sys; sys.modules['oauthlib'] = None; import rauth.testing")

    assert result.returncode != 0
    assert 'pip install "rauth[testing]"' in result.stderr


# -- Lifecycle -------------------------------------------------------------


def test_context_manager_serves_on_loopback_then_stops() -> None:
    with Provider() as provider:
        assert provider.running
        assert provider.url == f"http://127.0.0.1:{provider.port}"
        assert requests.get(provider.callback_url, timeout=10).status_code == 200
        port = provider.port

    assert not provider.running
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/callback", timeout=2)


def test_providers_get_their_own_ports(oauth_provider: Provider) -> None:
    with Provider() as other:
        assert other.port != oauth_provider.port


def test_urls_need_a_started_provider() -> None:
    provider = Provider()

    with pytest.raises(RuntimeError, match="not started"):
        _ = provider.url
    assert repr(provider) == "<Provider stopped>"


def test_start_only_once(oauth_provider: Provider) -> None:
    with pytest.raises(RuntimeError, match="once"):
        oauth_provider.start()


def test_stops_itself_after_its_lifetime() -> None:
    provider = Provider(lifetime=0.2).start()
    for _ in range(200):
        if not provider.running:
            break
        time.sleep(0.05)

    assert not provider.running


def test_repr_shows_no_secret(oauth_provider: Provider) -> None:
    text = repr(oauth_provider) + repr(oauth_provider.store.consumers)
    text += repr(oauth_provider.store.clients) + repr(oauth_provider.store.users)

    assert oauth_provider.url in repr(oauth_provider)
    for secret in (DEFAULT_CONSUMER_SECRET, DEFAULT_CLIENT_SECRET, "alice-password"):
        assert secret not in text


# -- URLs and defaults -----------------------------------------------------


def test_urls(oauth_provider: Provider) -> None:
    url = oauth_provider.url

    assert oauth_provider.base_url == url + "/api/"
    assert oauth_provider.request_token_url == url + "/oauth1/request_token"
    assert oauth_provider.authorize_url == url + "/oauth1/authorize"
    assert oauth_provider.access_token_url == url + "/oauth1/access_token"
    assert oauth_provider.oauth2_authorize_url == url + "/oauth2/authorize"
    assert oauth_provider.oauth2_access_token_url == url + "/oauth2/token"
    assert oauth_provider.ofly_authorize_url == url + "/ofly/authorize"
    assert oauth_provider.callback_url == url + "/callback"
    assert oauth_provider.echo_url == url + "/api/echo"
    assert oauth_provider.me_url == url + "/api/me"


def test_service_kwargs(oauth_provider: Provider) -> None:
    assert oauth_provider.oauth1_service_kwargs() == {
        "consumer_key": DEFAULT_CONSUMER_KEY,
        "consumer_secret": DEFAULT_CONSUMER_SECRET,
        "request_token_url": oauth_provider.request_token_url,
        "access_token_url": oauth_provider.access_token_url,
        "authorize_url": oauth_provider.authorize_url,
        "base_url": oauth_provider.base_url,
    }
    assert oauth_provider.oauth2_service_kwargs() == {
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": DEFAULT_CLIENT_SECRET,
        "authorize_url": oauth_provider.oauth2_authorize_url,
        "access_token_url": oauth_provider.oauth2_access_token_url,
        "base_url": oauth_provider.base_url,
        "revocation_url": oauth_provider.oauth2_revocation_url,
    }
    public = oauth_provider.oauth2_service_kwargs(DEFAULT_PUBLIC_CLIENT_ID)
    assert public["client_secret"] is None
    assert public["token_endpoint_auth_method"] == "none"
    assert oauth_provider.ofly_service_kwargs() == {
        "app_id": DEFAULT_OFLY_APP_ID,
        "app_secret": DEFAULT_OFLY_APP_SECRET,
        "authorize_url": oauth_provider.ofly_authorize_url,
        "base_url": oauth_provider.base_url,
    }


def test_defaults_are_preregistered(oauth_provider: Provider) -> None:
    store = oauth_provider.store

    assert sorted(store.users) == ["alice", "bob"]
    assert store.consumers[DEFAULT_CONSUMER_KEY].secret == DEFAULT_CONSUMER_SECRET
    assert store.clients[DEFAULT_CLIENT_ID].client_secret == DEFAULT_CLIENT_SECRET
    assert store.clients[DEFAULT_PUBLIC_CLIENT_ID].require_pkce is True
    assert store.ofly_apps[DEFAULT_OFLY_APP_ID].app_secret == DEFAULT_OFLY_APP_SECRET


def test_without_preregistration() -> None:
    provider = Provider(preregister=False)

    assert provider.store.users == {}
    assert provider.store.consumers == {}
    assert provider.store.clients == {}
    with pytest.raises(ValueError, match="unknown user 'alice'"):
        provider.authorize_code()


# -- Registration ----------------------------------------------------------


def test_registration(oauth_provider: Provider) -> None:
    assert oauth_provider.add_user("carol", "pw") == User("carol", "pw")
    assert oauth_provider.add_consumer("k", "s", callbacks=["https://a/"]) == OAuth1Consumer(
        "k", "s", None, ("https://a/",)
    )
    client = oauth_provider.add_client("c", redirect_uris=["https://a/cb"], scopes=["x"])
    assert client == OAuth2Client("c", None, ("https://a/cb",), ("x",))
    assert oauth_provider.add_ofly_app("o", "s") == OflyApp("o", "s")
    assert oauth_provider.ofly_authorize("o", "carol") == "carol"


def test_new_user_approves(oauth_provider: Provider) -> None:
    oauth_provider.add_user("carol")
    oauth_provider.user = "carol"
    client = Client(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, callback_uri="oob")
    uri, headers, _ = client.sign(oauth_provider.request_token_url, "POST")
    token = dict(parse_qsl(requests.post(uri, headers=headers, timeout=10).text))

    verifier = oauth_provider.authorize(token["oauth_token"])

    assert oauth_provider.store.request_tokens[token["oauth_token"]].user == "carol"
    assert oauth_provider.store.request_tokens[token["oauth_token"]].verifier == verifier


def test_bad_rsa_public_key(oauth_provider: Provider) -> None:
    pytest.importorskip("jwt", reason="needs PyJWT, from rauth[testing]")

    with pytest.raises(ValueError, match="PEM"):
        oauth_provider.add_consumer("k", rsa_public_key="not a key")


def test_rsa_needs_pyjwt(oauth_provider: Provider, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jwt", None)

    with pytest.raises(ImportError, match=r'pip install "rauth\[testing\]"'):
        oauth_provider.add_consumer("k", rsa_public_key="-----BEGIN PUBLIC KEY-----")


def test_nonces_are_forgotten_after_the_timestamp_window() -> None:
    store = Store()
    store.nonces[("k", "100", "n1", "")] = 700.0
    store.nonces[("k", "900", "n2", "")] = 1500.0

    store.prune_nonces(1000.0)

    assert list(store.nonces) == [("k", "900", "n2", "")]


def test_echo_of_an_invalid_json_body(oauth_provider: Provider) -> None:
    token = oauth_provider.authorize_code()
    access = requests.post(
        oauth_provider.oauth2_access_token_url,
        data={"grant_type": "authorization_code", "code": token, **SECRET},
        timeout=10,
    ).json()["access_token"]

    response = requests.put(
        oauth_provider.echo_url,
        data="{not json",
        headers={"Authorization": "Bearer " + access, "Content-Type": "application/json"},
        timeout=10,
    )

    assert response.json()["json"] is None
    assert response.json()["body"] == "{not json"
    assert response.json()["content_type"] == "application/json"


def test_revoke_unknown_token(oauth_provider: Provider) -> None:
    assert oauth_provider.revoke("nothing") is False


def test_nothing_to_expire(oauth_provider: Provider) -> None:
    assert oauth_provider.expire_codes() == 0
    assert oauth_provider.expire_tokens() == 0


# -- Routing ---------------------------------------------------------------


def test_unknown_path(oauth_provider: Provider) -> None:
    response = requests.get(oauth_provider.url + "/nowhere", timeout=10)

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "error_description": "/nowhere"}


def test_method_not_allowed(oauth_provider: Provider) -> None:
    response = requests.delete(oauth_provider.request_token_url, timeout=10)

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"


def test_callback_echoes_its_query(oauth_provider: Provider) -> None:
    response = requests.get(
        oauth_provider.callback_url, params={"code": "c", "state": "s"}, timeout=10
    )

    assert response.json() == {"code": "c", "state": "s"}


@pytest.mark.parametrize("url_name", ["echo_url", "me_url"])
def test_api_without_credentials(oauth_provider: Provider, url_name: str) -> None:
    response = requests.get(getattr(oauth_provider, url_name), params={"a": "1"}, timeout=10)

    assert response.status_code == 401
    assert response.json()["error_description"].startswith("no credentials")
    assert response.headers["WWW-Authenticate"] == (
        'OAuth realm="rauth.testing", Bearer realm="rauth.testing"'
    )


def test_no_secret_is_logged(oauth_provider: Provider, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="rauth.testing")
    client = Client(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, callback_uri="oob")
    uri, headers, _ = client.sign(oauth_provider.request_token_url + "?x=1", "GET")
    oauth1 = requests.get(uri, headers=headers, timeout=10)
    token = requests.post(
        oauth_provider.oauth2_access_token_url,
        data={"grant_type": "client_credentials", "client_id": DEFAULT_CLIENT_ID},
        params={"client_secret": DEFAULT_CLIENT_SECRET},
        timeout=10,
    )
    access = requests.get(oauth_provider.me_url, params={"access_token": "leaked?"}, timeout=10)

    records = "\n".join(r.getMessage() for r in caplog.records if r.name == "rauth.testing")
    assert "GET /oauth1/request_token -> 200" in records
    assert "POST /oauth2/token -> 400" in records
    assert "GET /api/me -> 401" in records
    for secret in (DEFAULT_CONSUMER_SECRET, DEFAULT_CLIENT_SECRET, "leaked", "oauth_signature"):
        assert secret not in records
    assert oauth1.status_code == 200
    assert token.status_code == 400
    assert access.status_code == 401
