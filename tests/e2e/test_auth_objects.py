"""``rauth.OAuth1`` and ``rauth.OAuth2`` with plain requests, against the
provider: ``requests.get(url, auth=...)``, ``requests.Session().auth``, many
threads, every redirect (301, 302, 303, 307, 308) to the same host and to
another one (``localhost`` for ``127.0.0.1``: another host for requests),
and OAuth 2 refreshes with a clock the test controls."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from requests.adapters import BaseAdapter

from rauth import OAuth1, OAuth1Service, OAuth1Session, OAuth2, OAuth2Service, OAuth2Token
from rauth.errors import TokenExpiredError
from rauth.oauth import (
    HmacSha1Signature,
    HmacSha256Signature,
    HmacSha512Signature,
    PlaintextSignature,
    RsaSha1Signature,
    RsaSha256Signature,
    RsaSha512Signature,
    SignatureMethod,
)
from rauth.testing import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, Provider

from .helpers import (
    TIMEOUT,
    Clock,
    Received,
    RedirectProxy,
    credentials_in,
    echoed,
    oauth1_login,
    without_oauth,
)
from .test_oauth2_refresh import LIFETIME

PLACEMENTS = ("header", "query", "body")
STATUSES = (301, 302, 303, 307, 308)


@pytest.fixture
def oauth_provider(module_provider: Provider) -> Provider:
    """These tests share one provider: each is issued its own tokens."""
    return module_provider


def _auth(session: OAuth1Session, **kwargs: Any) -> OAuth1:
    """An OAuth1 auth object with the access token of ``session``."""
    return OAuth1(
        DEFAULT_CONSUMER_KEY,
        DEFAULT_CONSUMER_SECRET,
        session.access_token,
        session.access_token_secret,
        **kwargs,
    )


def _method(placement: str) -> str:
    return "POST" if placement == "body" else "GET"


# -- plain requests -----------------------------------------------------------


def test_three_legged_flow_with_plain_requests(oauth_provider: Provider) -> None:
    key, secret = DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET
    answer = requests.post(
        oauth_provider.request_token_url,
        auth=OAuth1(key, secret, callback="oob"),
        timeout=TIMEOUT,
    )
    request_token = dict(parse_qsl(answer.text))
    assert answer.status_code == 200, answer.text
    verifier = oauth_provider.authorize(request_token["oauth_token"])
    auth = OAuth1(
        key,
        secret,
        request_token["oauth_token"],
        request_token["oauth_token_secret"],
        verifier=verifier,
        placement="body",
    )
    answer = requests.post(oauth_provider.access_token_url, auth=auth, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    access = dict(parse_qsl(answer.text))

    auth = OAuth1(key, secret, access["oauth_token"], access["oauth_token_secret"])
    me = requests.get(oauth_provider.me_url, auth=auth, timeout=TIMEOUT)
    assert echoed(me)["user"] == "alice"


@pytest.mark.parametrize("placement", PLACEMENTS)
@pytest.mark.parametrize(
    "signature",
    [HmacSha1Signature, HmacSha256Signature, HmacSha512Signature, PlaintextSignature],
    ids=lambda cls: cls.NAME,
)
def test_requests_get_and_post_verify(
    oauth1_session: OAuth1Session,
    oauth_provider: Provider,
    signature: type[SignatureMethod],
    placement: str,
) -> None:
    auth = _auth(oauth1_session, signature=signature, placement=placement, realm="photos")
    response = requests.request(
        _method(placement),
        oauth_provider.echo_url,
        params={"q": "a b", "e": "\u00e9"},
        data={"title": "x&y"} if placement == "body" else None,
        auth=auth,
        timeout=TIMEOUT,
    )
    echo = echoed(response)
    assert echo["user"] == "alice"
    assert echo["oauth_params"]["oauth_signature_method"] == signature.NAME
    assert without_oauth(echo["query"]) == [("q", "a b"), ("e", "\u00e9")]


@pytest.mark.parametrize("placement", PLACEMENTS)
@pytest.mark.parametrize(
    "signature", [RsaSha1Signature, RsaSha256Signature, RsaSha512Signature], ids=lambda c: c.NAME
)
def test_rsa_methods_verify(
    oauth_provider: Provider,
    rsa_consumer: str,
    rsa_private_key: str,
    signature: type[SignatureMethod],
    placement: str,
) -> None:
    kwargs = oauth_provider.oauth1_service_kwargs()
    kwargs.update(consumer_key=rsa_consumer, consumer_secret=rsa_private_key)
    service = OAuth1Service(signature_obj=signature, **kwargs)
    with oauth1_login(oauth_provider, service) as session:
        auth = OAuth1(
            rsa_consumer,
            rsa_private_key,
            session.access_token,
            signature=signature(),
            placement=placement,
        )
        response = requests.request(
            _method(placement), oauth_provider.echo_url, auth=auth, timeout=TIMEOUT
        )
    assert echoed(response)["user"] == "alice"
    assert echoed(response)["oauth_params"]["oauth_signature_method"] == signature.NAME


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_session_auth_with_many_threads(
    oauth1_session: OAuth1Session, oauth_provider: Provider, placement: str
) -> None:
    """16 threads x 25 requests share one requests.Session and one OAuth1:
    every request verifies (the provider refuses a nonce it has seen)."""
    barrier = threading.Barrier(16, timeout=30)
    with requests.Session() as session:
        session.auth = _auth(oauth1_session, placement=placement)

        def calls(thread: int) -> list[tuple[int, str]]:
            barrier.wait()
            results = []
            for index in range(25):
                response = session.request(
                    _method(placement),
                    oauth_provider.echo_url,
                    params={"t": str(thread), "i": str(index)},
                    timeout=TIMEOUT,
                )
                echo = response.json()
                assert without_oauth(echo["query"]) == [("t", str(thread)), ("i", str(index))]
                results.append((response.status_code, echo.get("user")))
            return results

        with ThreadPoolExecutor(16) as pool:
            outcomes = [result for results in pool.map(calls, range(16)) for result in results]
    assert outcomes == [(200, "alice")] * 400


# -- redirects -----------------------------------------------------------------


@pytest.fixture
def proxy(oauth_provider: Provider) -> Iterator[RedirectProxy]:
    with RedirectProxy(oauth_provider.port) as proxy:
        yield proxy


def _well_formed(proxy: RedirectProxy) -> None:
    """Every request the proxy received has a Content-Length matching its body."""
    for record in proxy.received:
        assert record.header("Content-Length") in (None, str(len(record.body))), record.wire()
        if record.header("Content-Length") is None:
            assert record.body == b"", record.wire()


def _redirected(
    session: OAuth1Session, proxy: RedirectProxy, status: int, method: str, placement: str, to: str
) -> requests.Response:
    """Send a request that the proxy redirects with ``status`` to host ``to``."""
    return requests.request(
        method,
        proxy.url(f"/redirect/{status}/{to}"),
        params={"q": "kept"},
        data={"title": "moved"} if method == "POST" else None,
        auth=_auth(session, placement=placement),
        timeout=TIMEOUT,
    )


REDIRECT_CASES = [
    pytest.param(status, method, placement, id=f"{status}-{method}-{placement}")
    for status in STATUSES
    for placement in PLACEMENTS
    for method in (("POST",) if placement == "body" else ("GET", "POST"))
]


@pytest.mark.parametrize(("status", "method", "placement"), REDIRECT_CASES)
def test_same_host_redirect_is_signed_again(
    oauth1_session: OAuth1Session,
    proxy: RedirectProxy,
    status: int,
    method: str,
    placement: str,
) -> None:
    response = _redirected(oauth1_session, proxy, status, method, placement, "127.0.0.1")

    echo = echoed(response)
    assert [r.status_code for r in response.history] == [status]
    first, second = proxy.received
    assert second.path == "/api/echo"
    keeps = status in (307, 308) or (status == 301 and method == "GET")
    assert echo["method"] == (method if keeps else "GET")
    assert echo["user"] == "alice"
    assert without_oauth(echo["query"]) == [("q", "kept")]
    if echo["method"] == "POST":
        assert without_oauth(echo["form"]) == [("title", "moved")]
    # one fresh set of OAuth parameters, with a nonce of its own
    nonce = first.oauth_param("oauth_nonce")
    assert nonce is not None
    assert echo["oauth_params"]["oauth_nonce"] != nonce
    # the history shows what was sent first: the first nonce
    sent_first = response.history[0].request
    shown = (sent_first.headers.get("Authorization") or "") + (sent_first.url or "")
    assert nonce in shown + str(sent_first.body)
    _well_formed(proxy)


@pytest.mark.parametrize(("status", "method", "placement"), REDIRECT_CASES)
def test_no_credential_follows_to_another_host(
    oauth1_session: OAuth1Session,
    proxy: RedirectProxy,
    status: int,
    method: str,
    placement: str,
) -> None:
    response = _redirected(oauth1_session, proxy, status, method, placement, "localhost")

    assert [r.status_code for r in response.history] == [status]
    (other,) = proxy.to("localhost")
    assert ("q", "kept") in other.query_pairs()
    secrets = (DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, str(oauth1_session.access_token))
    assert not credentials_in(other, *secrets, str(oauth1_session.access_token_secret)), (
        other.wire()
    )
    if status in (307, 308) and method == "POST":
        assert other.form_pairs() == [("title", "moved")]
    assert response.status_code == 401  # the provider behind it sees no credentials
    _well_formed(proxy)


@pytest.mark.parametrize("status", [307, 308])
def test_body_emptied_for_another_host_has_a_matching_length(
    oauth1_session: OAuth1Session, proxy: RedirectProxy, status: int
) -> None:
    response = requests.post(
        proxy.url(f"/redirect/{status}/localhost/bare"),
        auth=_auth(oauth1_session, placement="body"),
        timeout=TIMEOUT,
    )
    assert [r.status_code for r in response.history] == [status]
    (other,) = proxy.to("localhost")
    assert other.body == b""
    assert other.header("Content-Length") == "0"
    assert not credentials_in(other), other.wire()


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_redirect_not_followed_leaves_a_signed_next_request(
    oauth1_session: OAuth1Session, proxy: RedirectProxy, placement: str
) -> None:
    with requests.Session() as session:
        session.auth = _auth(oauth1_session, placement=placement)
        method = _method(placement)
        first = session.request(
            method, proxy.url("/redirect/307/127.0.0.1"), allow_redirects=False, timeout=TIMEOUT
        )
        assert first.status_code == 307
        assert first.next is not None
        response = session.send(first.next, timeout=TIMEOUT)
    assert echoed(response)["user"] == "alice"
    assert echoed(response)["method"] == method


# -- OAuth 2 -------------------------------------------------------------------


@pytest.fixture
def clocked_provider(clock: Clock) -> Iterator[Provider]:
    with Provider(clock=clock, token_lifetime=LIFETIME) as provider:
        yield provider


def _password_token(service: OAuth2Service) -> OAuth2Token:
    data = {"grant_type": "password", "username": "alice", "password": "alice-password"}
    return service.get_token(data=data)


def test_oauth2_bearer_with_plain_requests(oauth_provider: Provider) -> None:
    service = OAuth2Service(**oauth_provider.oauth2_service_kwargs())
    token = _password_token(service)
    assert (
        echoed(requests.get(oauth_provider.me_url, auth=OAuth2(token), timeout=TIMEOUT))["user"]
        == "alice"
    )
    with requests.Session() as session:
        session.auth = OAuth2(token.access_token)
        assert echoed(session.get(oauth_provider.me_url, timeout=TIMEOUT))["user"] == "alice"


def test_oauth2_expired_token_is_refreshed_once_for_sixteen_threads(
    clocked_provider: Provider, clock: Clock
) -> None:
    service = OAuth2Service(**clocked_provider.oauth2_service_kwargs())
    updates: list[OAuth2Token] = []
    auth = OAuth2(_password_token(service), service=service, token_updater=updates.append)
    assert requests.get(clocked_provider.me_url, auth=auth, timeout=TIMEOUT).status_code == 200
    clock.now += LIFETIME + 1  # the provider would answer 401 now
    barrier = threading.Barrier(16, timeout=30)

    def calls(_: int) -> list[int]:
        barrier.wait()
        with requests.Session() as session:
            session.auth = auth
            return [session.get(clocked_provider.me_url, timeout=TIMEOUT).status_code for _ in "ab"]

    with ThreadPoolExecutor(16) as pool:
        statuses = [status for result in pool.map(calls, range(16)) for status in result]

    assert statuses == [200] * 32
    grants = [request.grant_type for request in clocked_provider.token_requests]
    assert grants == ["password", "refresh_token"]
    assert updates == [auth.token]
    assert auth.token is not None
    assert auth.token.expires_at == clock.now + LIFETIME


def test_oauth2_expired_without_refresh_token_says_so(
    clocked_provider: Provider, clock: Clock
) -> None:
    service = OAuth2Service(**clocked_provider.oauth2_service_kwargs())
    token = service.get_token(data={"grant_type": "client_credentials"})
    auth = OAuth2(token, service=service)
    clock.now += LIFETIME + 1
    before = len(clocked_provider.token_requests)
    with pytest.raises(TokenExpiredError, match="refresh_token"):
        requests.get(clocked_provider.me_url, auth=auth, timeout=TIMEOUT)
    assert len(clocked_provider.token_requests) == before


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("to", ["127.0.0.1", "localhost"])
def test_oauth2_bearer_follows_the_same_host_only(
    oauth_provider: Provider, proxy: RedirectProxy, status: int, to: str
) -> None:
    token = _password_token(OAuth2Service(**oauth_provider.oauth2_service_kwargs()))
    response = requests.post(
        proxy.url(f"/redirect/{status}/{to}"),
        params={"q": "kept"},
        data={"title": "moved"},
        auth=OAuth2(token),
        timeout=TIMEOUT,
    )
    assert [r.status_code for r in response.history] == [status]
    if to == "127.0.0.1":
        assert echoed(response)["user"] == "alice"
    else:
        (other,) = proxy.to("localhost")
        assert not credentials_in(other, str(token.access_token)), other.wire()
        assert response.status_code == 401
    _well_formed(proxy)


def test_oauth2_401_invalid_token_refreshes_and_retries_once(clocked_provider: Provider) -> None:
    service = OAuth2Service(**clocked_provider.oauth2_service_kwargs())
    updates: list[OAuth2Token] = []
    auth = OAuth2(_password_token(service), service=service, token_updater=updates.append)
    clocked_provider.expire_tokens()  # expired at the provider, not yet for the client
    barrier = threading.Barrier(16, timeout=30)

    def call(index: int) -> tuple[int, list[int], Any]:
        barrier.wait()
        response = requests.post(
            clocked_provider.echo_url, data={"i": str(index)}, auth=auth, timeout=TIMEOUT
        )
        return response.status_code, [r.status_code for r in response.history], response.json()

    with ThreadPoolExecutor(16) as pool:
        outcomes = list(pool.map(call, range(16)))

    for index, (status, history, echo) in enumerate(outcomes):
        assert status == 200, echo
        assert history in ([], [401])
        assert echo["form"] == [["i", str(index)]]
    grants = [request.grant_type for request in clocked_provider.token_requests]
    assert grants == ["password", "refresh_token"]
    assert updates == [auth.token]


def test_oauth2_401_without_service_is_returned(clocked_provider: Provider) -> None:
    service = OAuth2Service(**clocked_provider.oauth2_service_kwargs())
    auth = OAuth2(_password_token(service))
    clocked_provider.expire_tokens()
    response = requests.get(clocked_provider.me_url, auth=auth, timeout=TIMEOUT)
    assert response.status_code == 401
    assert [request.grant_type for request in clocked_provider.token_requests] == ["password"]


class _Moved(BaseAdapter):
    """A transport answering every request with ``status`` to ``location``."""

    def __init__(self, status: int, location: str) -> None:
        super().__init__()
        self.status, self.location = status, location
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(request.copy())  # as it is sent now
        response = requests.Response()
        response.status_code = self.status
        response.headers["Location"] = self.location
        response.url = request.url or ""
        response.request = request
        response.raw = io.BytesIO(b"")
        return response

    def close(self) -> None:
        pass


@pytest.mark.parametrize("placement", PLACEMENTS)
def test_a_chain_of_same_host_redirects_is_signed_at_each_hop(
    oauth1_session: OAuth1Session, oauth_provider: Provider, placement: str
) -> None:
    base = oauth_provider.url
    first = _Moved(308, f"{base}/b/moved")
    second = _Moved(307, oauth_provider.echo_url)
    with requests.Session() as session:
        session.mount(f"{base}/a/", first)
        session.mount(f"{base}/b/", second)
        session.auth = _auth(oauth1_session, placement=placement)
        response = session.request(_method(placement), f"{base}/a/start", timeout=TIMEOUT)
    assert [r.status_code for r in response.history] == [308, 307]
    assert echoed(response)["user"] == "alice"
    nonces = {r.oauth_param("oauth_nonce") for r in map(_received, first.sent + second.sent)}
    assert len(nonces) == 2
    assert echoed(response)["oauth_params"]["oauth_nonce"] not in nonces


def _received(prepared: requests.PreparedRequest) -> Received:
    """A prepared request as the proxy would have recorded it."""
    url = urlsplit(prepared.url or "")
    body = prepared.body or b""
    return Received(
        prepared.method or "",
        url.netloc,
        url.path,
        url.query,
        dict(prepared.headers),
        body.encode("utf-8") if isinstance(body, str) else body,
    )
