"""The redirect matrix: every redirect status (301, 302, 303, 307, 308) x
the same host (``127.0.0.1``) or another (``localhost``: another hostname,
so requests' ``should_strip_auth`` says strip) x every place rauth puts a
credential, for sessions and services.

- To another host: no credential of ours arrives (client secret, code,
  PKCE verifier, OAuth 1 parameters, verifier, assertion, token,
  signature), neither in a header, the query, the body nor anywhere on
  the wire.
- To the same host: the redirect is followed, and an OAuth 1 or Ofly
  request is signed again for its new URL (the provider behind the proxy
  verifies it against the URL the client used).
- Either way the request that follows is well-formed: its
  ``Content-Length`` is its body's length.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from rauth import (
    OAuth1Service,
    OAuth1Session,
    OAuth2Error,
    OAuth2Service,
    OAuth2Session,
    OflyService,
)
from rauth.testing import DEFAULT_CONSUMER_KEY, Provider, paths

from .helpers import Received, RedirectProxy, _Handler, echoed, oauth_keys

STATUSES = [301, 302, 303, 307, 308]
HOSTS = ["127.0.0.1", "localhost"]

#: Parameters that are credentials, wherever they appear.
CREDENTIAL_NAMES = {
    "access_token",
    "assertion",
    "client_assertion",
    "client_secret",
    "code",
    "code_verifier",
    "password",
    "refresh_token",
    "token",
}


class HopProxy(RedirectProxy):
    """A :class:`RedirectProxy` that also answers
    ``/hop/<status>/<hostname>/<path>`` with a redirect to ``<path>`` (with
    the request's query) on ``<hostname>``, e.g. to a token endpoint."""

    def handle(self, handler: _Handler) -> None:
        path, _, query = handler.path.partition("?")
        parts = path.split("/", 4)
        if len(parts) < 5 or parts[1] != "hop":
            super().handle(handler)
            return
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        record = Received(
            handler.command,
            handler.headers.get("Host", ""),
            path,
            query,
            dict(handler.headers),
            body,
        )
        with self._lock:
            self.received.append(record)
        location = f"http://{parts[3]}:{self.port}/{parts[4]}" + (f"?{query}" if query else "")
        self._answer(handler, int(parts[2]), {"Location": location}, b"")


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


@pytest.fixture
def proxy(oauth_provider: Provider) -> Any:
    with HopProxy(oauth_provider.port) as hop_proxy:
        yield hop_proxy


def _final_method(status: int, method: str) -> str:
    """The method requests uses after a redirect (RFC 9110 15.4)."""
    if status == 303 or (status in (301, 302) and method == "POST"):
        return "GET"
    return method


def _well_formed(record: Received) -> None:
    length = record.header("Content-Length")
    assert length in (None, str(len(record.body))), record.wire()
    if record.method in ("GET", "HEAD"):
        assert record.body == b"", record.wire()


def _leaks(record: Received, *secrets: str) -> list[str]:
    """Every credential of ours ``record`` carries."""
    found = [f"header {k}" for k in ("Authorization",) if record.header(k) is not None]
    for where, items in (("query", record.query_pairs()), ("body", record.form_pairs())):
        found += [f"{where} {k}" for k, _ in items if k in CREDENTIAL_NAMES]
        found += [f"{where} {k}" for k in oauth_keys(items)]
        found += [f"{where} {k}" for k, _ in items if k.startswith("ofly")]
    wire = record.wire()
    return found + [f"{secret!r} on the wire" for secret in secrets if secret and secret in wire]


def _hops(proxy: HopProxy, hostname: str, first_path: str) -> list[Received]:
    """What reached ``hostname`` after the first request."""
    return [r for r in proxy.to(hostname) if r.path != first_path]


def _check(proxy: HopProxy, to: str, first_path: str, *secrets: str) -> Received:
    """Check the requests that followed the redirect; return the last."""
    for record in proxy.received:
        _well_formed(record)
    followed = _hops(proxy, to, first_path)
    assert len(followed) == 1, [r.path for r in proxy.received]
    if to != "127.0.0.1":
        assert not _leaks(followed[0], *secrets), followed[0].wire()
    return followed[0]


# -- sessions ----------------------------------------------------------------------


def _follow(
    session: Any, proxy: HopProxy, status: int, to: str, method: str, secrets: Any, **auth: Any
) -> tuple[dict[str, Any], Received] | None:
    """Send ``method`` through a redirect to ``to``; check what followed.
    Return the provider's echo and the request that followed, or ``None``
    for another host (where the provider saw no credentials)."""
    first = f"/redirect/{status}/{to}"
    data = {"title": "moved"} if method == "POST" else None
    response = session.request(method, proxy.url(first), params={"q": "kept"}, data=data, **auth)

    assert [r.status_code for r in response.history] == [status]
    followed = _check(proxy, to, first, *secrets)
    final = _final_method(status, method)
    assert followed.method == final
    assert ("q", "kept") in followed.query_pairs()
    assert (("title", "moved") in followed.form_pairs()) is (final == "POST")
    if to == "localhost":
        assert response.status_code == 401
        return None
    echo = echoed(response)  # the provider accepted it (a new signature for OAuth 1)
    assert (echo["method"], echo["user"]) == (final, "alice")
    return echo, followed


OAUTH1_PLACES = [
    pytest.param("GET", False, id="GET-query"),
    pytest.param("GET", True, id="GET-header"),
    pytest.param("POST", False, id="POST-body"),
    pytest.param("POST", True, id="POST-header"),
]


@pytest.mark.parametrize("to", HOSTS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize(("method", "header_auth"), OAUTH1_PLACES)
def test_oauth1_session(
    oauth1_session: OAuth1Session,
    proxy: HopProxy,
    status: int,
    to: str,
    method: str,
    header_auth: bool,
) -> None:
    secrets = (DEFAULT_CONSUMER_KEY, str(oauth1_session.access_token))
    _follow(oauth1_session, proxy, status, to, method, secrets, header_auth=header_auth)


OAUTH2_PLACES = [
    pytest.param("GET", True, id="GET-bearer"),
    pytest.param("GET", False, id="GET-query-token"),
    pytest.param("POST", True, id="POST-bearer"),
    pytest.param("POST", False, id="POST-query-token"),
]


@pytest.mark.parametrize("to", HOSTS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize(("method", "bearer_auth"), OAUTH2_PLACES)
def test_oauth2_session(
    oauth2_session: OAuth2Session,
    proxy: HopProxy,
    status: int,
    to: str,
    method: str,
    bearer_auth: bool,
) -> None:
    secrets = (str(oauth2_session.access_token), str(oauth2_session.client_secret))
    _follow(oauth2_session, proxy, status, to, method, secrets, bearer_auth=bearer_auth)


@pytest.mark.parametrize("to", HOSTS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_ofly_session(
    oauth_provider: Provider, proxy: HopProxy, status: int, to: str, method: str
) -> None:
    service = OflyService(name="e2e", **oauth_provider.ofly_service_kwargs())
    session = service.get_auth_session(oauth_provider.ofly_authorize(user="alice"))
    # Ofly signs the path: the same host accepts only a new signature
    _follow(session, proxy, status, to, method, (str(service.app_secret),))


# -- service token endpoints -------------------------------------------------------


def _oauth1_service(provider: Provider, proxy: HopProxy, status: int, to: str) -> OAuth1Service:
    kwargs = provider.oauth1_service_kwargs(DEFAULT_CONSUMER_KEY)
    kwargs["request_token_url"] = proxy.url(f"/hop/{status}/{to}{paths.OAUTH1_REQUEST_TOKEN}")
    kwargs["access_token_url"] = proxy.url(f"/hop/{status}/{to}{paths.OAUTH1_ACCESS_TOKEN}")
    return OAuth1Service(name="e2e", **kwargs)


@pytest.mark.parametrize("to", HOSTS)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_oauth1_request_token_endpoint(
    oauth_provider: Provider, proxy: HopProxy, status: int, to: str, method: str
) -> None:
    service = _oauth1_service(oauth_provider, proxy, status, to)
    first = f"/hop/{status}/{to}{paths.OAUTH1_REQUEST_TOKEN}"
    callback = {"oauth_callback": oauth_provider.callback_url}
    kwargs: dict[str, Any] = {"params": callback} if method == "GET" else {"data": callback}

    if to == "localhost":
        with pytest.raises(KeyError):  # the provider refused: no token
            service.get_request_token(method=method, timeout=10, **kwargs)
        _check(proxy, to, first, str(service.consumer_secret), DEFAULT_CONSUMER_KEY)
        return
    token, secret = service.get_request_token(method=method, timeout=10, **kwargs)
    assert token
    assert secret
    _check(proxy, to, first)


@pytest.mark.parametrize("to", HOSTS)
@pytest.mark.parametrize("status", STATUSES)
def test_oauth1_access_token_endpoint(
    oauth_provider: Provider, proxy: HopProxy, status: int, to: str
) -> None:
    direct = OAuth1Service(name="e2e", **oauth_provider.oauth1_service_kwargs())
    token, secret = direct.get_request_token(params={"oauth_callback": "oob"}, timeout=10)
    verifier = oauth_provider.authorize(token)
    service = _oauth1_service(oauth_provider, proxy, status, to)
    first = f"/hop/{status}/{to}{paths.OAUTH1_ACCESS_TOKEN}"
    call = {"method": "POST", "data": {"oauth_verifier": verifier}, "timeout": 10}

    if to == "localhost":
        with pytest.raises(KeyError):
            service.get_auth_session(token, secret, **call)
        _check(proxy, to, first, token, secret, verifier, str(service.consumer_secret))
        return
    session = service.get_auth_session(token, secret, **call)
    assert echoed(session.get(oauth_provider.echo_url, timeout=10))["user"] == "alice"
    followed = _check(proxy, to, first)
    # the OAuth parameters, the verifier among them, signed again for the
    # new URL: in the body kept by a 307 or 308, else in the query
    where = followed.form_pairs() if status in (307, 308) else followed.query_pairs()
    assert ("oauth_verifier", verifier) in where


def _oauth2_service(
    provider: Provider, proxy: HopProxy, status: int, to: str, auth_method: str
) -> OAuth2Service:
    kwargs = provider.oauth2_service_kwargs()
    kwargs["access_token_url"] = proxy.url(f"/hop/{status}/{to}{paths.OAUTH2_TOKEN}")
    kwargs["revocation_url"] = proxy.url(f"/hop/{status}/{to}{paths.OAUTH2_REVOKE}")
    kwargs["token_endpoint_auth_method"] = auth_method
    return OAuth2Service(name="e2e", **kwargs)


#: The token requests: name -> (call, the secret values it carries).
def _grants(provider: Provider, service: OAuth2Service) -> dict[str, tuple[Any, tuple[str, ...]]]:
    request = service.authorization_request(redirect_uri=provider.callback_url)
    code = provider.authorize_code(redirect_uri=provider.callback_url)
    code_data = {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": request.code_verifier,
        "redirect_uri": provider.callback_url,
    }
    assertion = "an.assertion.value"
    assertion_grant = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    return {
        "code-with-pkce": (
            lambda: service.get_token(data=code_data, timeout=10),
            (code, request.code_verifier),
        ),
        "password": (
            lambda: service.get_password_session("alice", "alice-password-value", timeout=10),
            ("alice-password-value",),
        ),
        "refresh": (
            lambda: service.get_token(
                data={"grant_type": "refresh_token", "refresh_token": "refresh-value"}, timeout=10
            ),
            ("refresh-value",),
        ),
        "assertion": (
            lambda: service.get_token(
                data={"grant_type": assertion_grant, "assertion": assertion}, timeout=10
            ),
            (assertion,),
        ),
        "revocation": (
            lambda: service.revoke_token("token-to-revoke", timeout=10),
            ("token-to-revoke",),
        ),
    }


GRANTS = ["code-with-pkce", "password", "refresh", "assertion", "revocation"]


@pytest.mark.parametrize("grant", GRANTS)
@pytest.mark.parametrize("auth_method", ["client_secret_post", "client_secret_basic"])
@pytest.mark.parametrize("status", STATUSES)
def test_oauth2_token_endpoint_to_another_host(
    oauth_provider: Provider, proxy: HopProxy, status: int, auth_method: str, grant: str
) -> None:
    service = _oauth2_service(oauth_provider, proxy, status, "localhost", auth_method)
    call, secrets = _grants(oauth_provider, service)[grant]

    with pytest.raises((OAuth2Error, requests.RequestException)):
        call()

    path = paths.OAUTH2_REVOKE if grant == "revocation" else paths.OAUTH2_TOKEN
    _check(proxy, "localhost", "", str(service.client_secret), *secrets)
    (first,) = proxy.to("127.0.0.1")
    assert first.path == f"/hop/{status}/localhost{path}"


@pytest.mark.parametrize("auth_method", ["client_secret_post", "client_secret_basic"])
@pytest.mark.parametrize("status", [307, 308])
def test_oauth2_token_endpoint_same_host_keeps_the_request(
    oauth_provider: Provider, proxy: HopProxy, status: int, auth_method: str
) -> None:
    service = _oauth2_service(oauth_provider, proxy, status, "127.0.0.1", auth_method)
    call, _secrets = _grants(oauth_provider, service)["code-with-pkce"]

    token = call()  # the provider got the whole request, credentials included

    assert token.access_token
    session = service.get_session(token)
    assert echoed(session.get(oauth_provider.echo_url, timeout=10))["user"] == "alice"
    for record in proxy.received:
        _well_formed(record)
