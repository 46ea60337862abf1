"""Benchmark of the OAuth 1 signing hot path.

Run: ``python benchmarks/signing.py`` (prints microseconds per call, best of
several repeats). It times:

- ``sign``: ``HmacSha1Signature().sign`` of a typical API request;
- ``base_string``: ``rauth.oauth.signature_base_string`` alone;
- ``request``: a whole ``OAuth1Session.get`` through requests into an
  adapter that answers without a network, to see signing's share of it;
- ``plain``: the same request through a bare ``requests.Session``.
"""

from __future__ import annotations

import timeit

import requests
from requests.adapters import BaseAdapter

from rauth import OAuth1Session
from rauth.oauth import HmacSha1Signature, signature_base_string

URL = "https://api.example.com/1.1/statuses/home_timeline.json?count=20"
OAUTH_PARAMS = {
    "oauth_consumer_key": "dpf43f3p2l4k3l03",
    "oauth_nonce": "kllo9940pd9333jh",
    "oauth_signature_method": "HMAC-SHA1",
    "oauth_timestamp": 1191242096,
    "oauth_token": "nnch734d00sl2jdk",
    "oauth_version": "1.0",
}
REQ_KWARGS = {"params": {"include_entities": "true", "since_id": 12345, "q": "caf\u00e9 & bar"}}


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
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number * 1e6


def main() -> None:
    signer = HmacSha1Signature()
    session = OAuth1Session("key", "secret", "token", "token-secret")
    session.mount("https://", _Answer())
    plain = requests.Session()
    plain.mount("https://", _Answer())
    rows = {
        "sign": _best_us(
            lambda: signer.sign(
                "kd94hf93k423kf44", "pfkkdhi9sl3r4s00", "GET", URL, OAUTH_PARAMS, REQ_KWARGS
            ),
            5000,
        ),
        "base_string": _best_us(
            lambda: signature_base_string("GET", URL, OAUTH_PARAMS, REQ_KWARGS), 5000
        ),
        "request": _best_us(lambda: session.get(URL, params=REQ_KWARGS["params"]), 1000),
        "plain": _best_us(lambda: plain.get(URL, params=REQ_KWARGS["params"]), 1000),
    }
    for name, micros in rows.items():
        print(f"{name:12s} {micros:8.1f} us/call")


if __name__ == "__main__":
    main()
