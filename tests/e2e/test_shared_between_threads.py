"""What a session or a service shares between threads, used by many threads
at once against the provider (the logins, the refresh and the JWKS cache
are in test_concurrent_logins.py, test_oauth2_refresh.py and test_oidc.py):

- one OAuth 1 session signing concurrently, in every placement (each
  nonce is new: the provider refuses a nonce it has seen);
- one OAuth 1 service with an RSA signature shared by its sessions;
- one OAuth 2 session sending its token concurrently, while another
  thread reads ``session.token``;
- compliance hooks registered while other threads log in;
- the bounded reading of token responses, per thread (a hostile answer in
  one thread does not bound or fail another's).
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from rauth import OAuth1Service, OAuth1Session, OAuth2Service, OAuth2Session
from rauth.oauth import RsaSha1Signature
from rauth.testing import Provider

from .helpers import echoed, oauth1_login

THREADS = 12
CALLS = 10  # per thread


def _in_threads(call: Callable[[int, int], str | None], threads: int = THREADS) -> list[str]:
    """Run ``call(thread, i)`` :data:`CALLS` times in each of ``threads``
    threads; return the problems reported, fail on any exception."""
    problems: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def run(number: int) -> None:
        try:
            barrier.wait(30)
            for i in range(CALLS):
                problem = call(number, i)
                if problem:
                    problems.append(problem)
        except BaseException as exc:  # reported below
            errors.append(exc)

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert not errors, errors[:3]
    assert not any(worker.is_alive() for worker in workers)
    return problems


def _signed_call(session: OAuth1Session, url: str, number: int, i: int) -> str | None:
    """One request in one of four placements; the provider's echo must be
    alice with this thread's own parameter."""
    placement = (number + i) % 4
    mark = f"{number}-{i}"
    if placement == 0:
        response = session.get(url, params={"mark": mark}, timeout=10)
    elif placement == 1:
        response = session.get(url, params={"mark": mark}, header_auth=True, timeout=10)
    elif placement == 2:
        response = session.post(url, data={"mark": mark}, timeout=10)
    else:
        response = session.post(url, data={"mark": mark}, header_auth=True, timeout=10)
    if response.status_code != 200:
        return f"{mark}: HTTP {response.status_code} {response.text[:200]}"
    echo = echoed(response)
    marks = [value for key, value in echo["query"] + echo["form"] if key == "mark"]
    if echo["user"] != "alice" or marks != [mark]:
        return f"{mark}: answered for {echo['user']} with {marks}"
    return None


def test_one_oauth1_session_signs_in_many_threads(
    oauth1_session: OAuth1Session, oauth_provider: Provider, switching: None
) -> None:
    url = oauth_provider.echo_url
    problems = _in_threads(lambda n, i: _signed_call(oauth1_session, url, n, i))
    assert problems == []


def test_an_rsa_service_shares_its_signature_between_threads(
    oauth_provider: Provider, rsa_consumer: str, rsa_private_key: str, switching: None
) -> None:
    kwargs = oauth_provider.oauth1_service_kwargs(rsa_consumer)
    kwargs["consumer_secret"] = rsa_private_key
    service = OAuth1Service(signature_obj=RsaSha1Signature, **kwargs)
    logins = [oauth1_login(oauth_provider, service) for _ in range(THREADS)]
    url = oauth_provider.echo_url

    def call(number: int, i: int) -> str | None:
        # a new session of the service each time: they share one signature
        token = (logins[number].access_token, logins[number].access_token_secret)
        return _signed_call(service.get_session(token), url, number, i)  # type: ignore[arg-type]

    assert _in_threads(call) == []
    assert len({id(service.get_session().signature) for _ in range(3)}) == 1


def test_one_oauth2_session_sends_its_token_in_many_threads(
    oauth2_session: OAuth2Session, oauth_provider: Provider, switching: None
) -> None:
    url = oauth_provider.echo_url
    token = oauth2_session.token

    def call(number: int, i: int) -> str | None:
        if oauth2_session.token is not token:
            return "the token changed"
        response = oauth2_session.get(
            url, params={"mark": f"{number}-{i}"}, bearer_auth=bool(i % 2), timeout=10
        )
        echo = echoed(response)
        if echo["user"] != "alice" or ["mark", f"{number}-{i}"] not in echo["query"]:
            return f"{number}-{i}: {echo}"
        return None

    assert _in_threads(call) == []


def test_compliance_hooks_registered_while_threads_log_in(
    oauth_provider: Provider, switching: None
) -> None:
    service = OAuth2Service(**oauth_provider.oauth2_service_kwargs())
    seen: list[int] = []

    def counting(response: Any) -> Any:
        seen.append(1)
        return response

    def call(number: int, i: int) -> str | None:
        if number % 3 == 0:  # some threads keep registering while the others log in
            service.register_compliance_hook("access_token_response", counting)
            return None
        session = service.get_client_credentials_session(timeout=10)
        return None if session.access_token else "no token"

    assert _in_threads(call) == []
    hooks = service.compliance_hook["access_token_response"]
    assert len(hooks) == CALLS * len(range(0, THREADS, 3))  # none lost to a race
    assert seen  # and they ran


def test_compliance_hooks_registered_by_many_threads_are_all_kept(switching: None) -> None:
    service = OAuth2Service("id", "secret")

    def call(number: int, i: int) -> None:
        for _ in range(20):
            service.register_compliance_hook("protected_request", lambda *args: args)

    assert _in_threads(call) == []  # type: ignore[arg-type]
    assert len(service.compliance_hook["protected_request"]) == THREADS * CALLS * 20


def test_token_response_bounds_stay_in_their_thread(
    oauth_provider: Provider, switching: None
) -> None:
    from rauth import limits

    service = OAuth2Service(**oauth_provider.oauth2_service_kwargs())

    def call(number: int, i: int) -> str | None:
        if number % 2:  # half the threads are inside token_requests() meanwhile
            with limits.token_requests():
                session = OAuth2Session(token={"access_token": "x"})
                session.get(oauth_provider.echo_url, timeout=10)  # a 401, read bounded
            return None
        response = service.get_session(None).get(oauth_provider.echo_url, timeout=10)
        hooks = response.request.hooks["response"]
        return "another thread's bound" if limits.read_bounded in hooks else None

    assert _in_threads(call) == []
