"""Benchmark of the OAuth 2 request path.

Run: ``python benchmarks/oauth2.py`` (prints microseconds per call, best of
several repeats). It times a whole ``OAuth2Session.get`` through requests
into an adapter that answers without a network:

- ``str_token``: a session made with an access token string (rauth 0.7);
- ``whole_token``: a session holding a whole token with an expiry and a
  refresh token, so the expiry is checked before each request (only where
  this rauth has :class:`rauth.OAuth2Token`);
- ``plain``: the same request through a bare ``requests.Session``;
- ``*_own``: the same sessions with ``requests.Session.request`` replaced
  by a stub, which leaves rauth's own per-request work alone.
"""

from __future__ import annotations

import time
import timeit
from unittest import mock

import requests
from requests.adapters import BaseAdapter

from rauth import OAuth2Session

URL = "https://api.example.com/v1/me?fields=id,name"
PARAMS = {"include": "email", "page": 2}


class _Answer(BaseAdapter):
    """An adapter that answers 200 without touching the network."""

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        response = requests.Response()
        response.status_code = 200
        response._content = b"{}"
        response.request = request
        response.url = request.url
        return response

    def close(self) -> None:
        pass


def _best_us(stmt, number: int) -> float:  # type: ignore[no-untyped-def]
    return min(timeit.repeat(stmt, number=number, repeat=15)) / number * 1e6


def _mounted(session: requests.Session) -> requests.Session:
    session.mount("https://", _Answer())
    return session


def main() -> None:
    rows = {}
    str_token = _mounted(OAuth2Session("id", "secret", access_token="at-123"))
    rows["str_token"] = _best_us(lambda: str_token.get(URL, params=PARAMS), 2000)
    try:
        token = {"access_token": "at-123", "refresh_token": "rt", "expires_at": time.time() + 1e6}
        whole = _mounted(OAuth2Session("id", "secret", token=token))  # type: ignore[call-arg]
        rows["whole_token"] = _best_us(lambda: whole.get(URL, params=PARAMS), 2000)
    except TypeError:
        pass  # a rauth without whole tokens
    plain = _mounted(requests.Session())
    rows["plain"] = _best_us(lambda: plain.get(URL, params=PARAMS), 2000)
    answer = requests.Response()
    answer.status_code = 200

    def stub(*args: object, **kwargs: object) -> requests.Response:
        return answer

    with mock.patch.object(requests.Session, "request", stub):
        rows["str_token_own"] = _best_us(lambda: str_token.get(URL, params=PARAMS), 20000)
        if "whole_token" in rows:
            rows["whole_token_own"] = _best_us(lambda: whole.get(URL, params=PARAMS), 20000)
    for name, micros in rows.items():
        print(f"{name:12s} {micros:8.1f} us/call")


if __name__ == "__main__":
    main()
