"""Many threads log in through one shared service (a web application's
pattern): each session keeps the token response of its own login."""

from __future__ import annotations

import json
import threading
from urllib.parse import parse_qsl

from rauth import OAuth1Service, OAuth2Service
from rauth.testing import Provider

THREADS = 12
LOGINS = 15  # per thread


def _in_threads(login: object) -> list[str]:
    problems: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            for _ in range(LOGINS):
                problem = login()  # type: ignore[operator]
                if problem:
                    problems.append(problem)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors[:3]
    assert not any(thread.is_alive() for thread in threads)
    return problems


def test_oauth2_logins_keep_their_own_token_response(
    oauth_provider: Provider, switching: None
) -> None:
    service = OAuth2Service(**oauth_provider.oauth2_service_kwargs())

    def login() -> str | None:
        data = {"code": oauth_provider.authorize_code(), "grant_type": "authorization_code"}
        session = service.get_auth_session(data=data, decoder=json.loads, timeout=10)
        sent = json.loads(session.access_token_response.text)["access_token"]
        return None if sent == session.access_token else "another login's token response"

    assert _in_threads(login) == []


def test_oauth2_grant_helpers_keep_their_own_token_response(
    oauth_provider: Provider, switching: None
) -> None:
    service = OAuth2Service(**oauth_provider.oauth2_service_kwargs())

    def login() -> str | None:
        session = service.get_client_credentials_session(timeout=10)
        sent = json.loads(session.access_token_response.text)["access_token"]
        return None if sent == session.access_token else "another login's token response"

    assert _in_threads(login) == []


def test_oauth1_logins_keep_their_own_token_responses(
    oauth_provider: Provider, switching: None
) -> None:
    service = OAuth1Service(**oauth_provider.oauth1_service_kwargs())

    def login() -> str | None:
        token, secret = service.get_request_token(
            params={"oauth_callback": oauth_provider.callback_url}, timeout=10
        )
        verifier = oauth_provider.authorize(token)
        session = service.get_auth_session(
            token, secret, method="POST", data={"oauth_verifier": verifier}, timeout=10
        )
        got = dict(parse_qsl(session.access_token_response.text))["oauth_token"]
        asked = dict(parse_qsl(session.request_token_response.text))["oauth_token"]
        if got != session.access_token or asked != token:
            return "another login's token response"
        return None

    assert _in_threads(login) == []
