"""The request-path benchmark: rauth against plain requests and its peers.

Run (after ``pip install -e ".[bench]"``)::

    python benchmarks/bench.py --quick     # under a minute
    python benchmarks/bench.py             # the full run, about 5 minutes

Every case sends the same request through each contender into a transport
that answers without a network (so only the client's own work is timed),
except ``loopback``, which sends real requests to a keep-alive HTTP server
on 127.0.0.1 running in a process of its own (it stops when the benchmark
closes its stdin, or after 15 minutes), with rauth's OAuth parameters in
the query and, separately, in the header. The contenders are:

- ``plain``: a bare :class:`requests.Session` with the same arguments (for
  OAuth 2, with an auth object that does nothing): the 1.00x reference;
- ``rauth``: :class:`rauth.OAuth1Session` / :class:`rauth.OAuth2Session`;
- ``rauth.OAuth1`` / ``rauth.OAuth2``: the auth objects on a bare
  :class:`requests.Session`;
- ``requests-oauthlib`` and ``authlib``: their requests sessions, with the
  OAuth parameters in the same place as rauth's;
- in ``loopback``, ``plain, rauth's query`` and ``plain, rauth's header``,
  and in the 3-parameter GET, ``plain, rauth's URL``: plain requests
  sending the requests rauth sends (signed beforehand, each one different,
  with rauth's 300 s timeout): what sending them costs any client built on
  requests, without signing them. A longer URL that differs on each
  request costs requests and urllib3 more than a short one that repeats.

Machines are noisy (other processes share the cores, and the speed of a
shared virtual machine drifts), so the contenders run in many short
interleaved rounds (a few tens of calls each), the order rotating each
round. The figures are medians over the rounds, with the min-max range; a
ratio is the median over the rounds of the contender's time to ``plain``'s
in the same round, a few milliseconds apart, which a drift mostly spares
(the ratio of the two medians would compare rounds timed seconds apart).
As :mod:`timeit` does, each timed batch runs with the cyclic
garbage collector paused (collected between batches, untimed), so that a
collection does not fall on whichever contender happens to run. The 1 MiB
case also reports the peak memory of one call (tracemalloc). Each OAuth 1
case checks that the signature of the last request of every signing
contender verifies with oauthlib's server-side verifier, so a fast wrong
signer cannot win. The last line is all of it as one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import http.server
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import BaseAdapter

import rauth
from rauth import OAuth1, OAuth1Session, OAuth2, OAuth2Session

CONSUMER_KEY, CONSUMER_SECRET = "dpf43f3p2l4k3l03", "kd94hf93k423kf44"
TOKEN, TOKEN_SECRET = "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00"
URL = "https://api.example.com/1.1/statuses/home_timeline.json"

PARAMS_3 = {"include_entities": "true", "since_id": "12345", "q": "caf\u00e9 & bar"}
PARAMS_200 = {f"field{i:03d}": f"value {i} \u00e9&=" for i in range(200)}
FORM_10 = {f"name{i}": f"some value {i}, with / and caf\u00e9" for i in range(10)}
#: A 1 MiB form: text that needs escaping here and there, as real uploads do.
FORM_1M = {"title": "a big one", "payload": ("lorem ipsum & dolor=sit/amet " * 36200)[:1048576]}


class Canned(BaseAdapter):
    """A transport that answers 200 at once and keeps the last request."""

    def __init__(self) -> None:
        super().__init__()
        self.last: requests.PreparedRequest | None = None

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.last = request
        response = requests.Response()
        response.status_code = 200
        response._content = b"{}"
        response.request = request
        response.url = request.url or ""
        return response

    def close(self) -> None:
        pass


class DoNothing(requests.auth.AuthBase):
    """An auth object that leaves the request as it is (plain's OAuth 2 twin)."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


# ------------------------------------------------------------ the contenders


def _mounted(session: requests.Session) -> tuple[requests.Session, Canned]:
    adapter = Canned()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session, adapter


def _rauth1() -> requests.Session:
    return OAuth1Session(CONSUMER_KEY, CONSUMER_SECRET, TOKEN, TOKEN_SECRET)


def _requests_oauthlib(placement: str) -> requests.Session:
    from requests_oauthlib import OAuth1Session as Peer

    return Peer(CONSUMER_KEY, CONSUMER_SECRET, TOKEN, TOKEN_SECRET, signature_type=placement)  # type: ignore[no-any-return]


def _authlib(placement: str) -> requests.Session:
    from authlib.integrations.requests_client import OAuth1Session as Peer

    return Peer(  # type: ignore[no-any-return]
        CONSUMER_KEY,
        CONSUMER_SECRET,
        token=TOKEN,
        token_secret=TOKEN_SECRET,
        signature_type={"auth_header": "HEADER"}.get(placement, placement.upper()),
    )


def _oauth1_case(verb: str, placement: str, **kwargs: Any) -> dict[str, Callable[[], Any]]:
    """The calls of an OAuth 1 case: ``placement`` is where the OAuth
    parameters go (``query``, ``body`` or ``auth_header``)."""
    header = placement == "auth_header"
    calls: dict[str, Callable[[], Any]] = {}
    plain, _ = _mounted(requests.Session())
    calls["plain"] = lambda: plain.request(verb, URL, **kwargs)
    session, _ = _mounted(_rauth1())
    calls["rauth"] = lambda: session.request(verb, URL, header_auth=header, **kwargs)
    where = {"auth_header": "header"}.get(placement, placement)
    auth = OAuth1(CONSUMER_KEY, CONSUMER_SECRET, TOKEN, TOKEN_SECRET, placement=where)
    with_auth, _ = _mounted(requests.Session())
    calls["rauth.OAuth1"] = lambda: with_auth.request(verb, URL, auth=auth, **kwargs)
    for name, make in (("requests-oauthlib", _requests_oauthlib), ("authlib", _authlib)):
        try:
            peer, _ = _mounted(make(placement))
        except ImportError:
            continue
        calls[name] = lambda peer=peer: peer.request(verb, URL, **kwargs)
    if verb == "GET" and placement == "query" and kwargs == {"params": PARAMS_3}:
        sent, _ = _mounted(requests.Session())
        signed_urls = _signed(URL)
        calls["plain, rauth's URL"] = lambda: sent.get(signed_urls(), timeout=300)
    return calls


def _bearer_case(token: Any = "a-bearer-token") -> dict[str, Callable[[], Any]]:
    plain, _ = _mounted(requests.Session())
    auth = DoNothing()
    session, _ = _mounted(OAuth2Session("client", "secret", token=_as_token(token)))
    bearer = OAuth2(token)
    return {
        "plain": lambda: plain.get(URL, params=PARAMS_3, auth=auth),
        "rauth": lambda: session.get(URL, params=PARAMS_3),
        "rauth.OAuth2": lambda: plain.get(URL, params=PARAMS_3, auth=bearer),
    }


def _as_token(token: Any) -> Any:
    """A whole token for OAuth2Session: a str becomes a Bearer token dict."""
    if isinstance(token, str):
        return {"access_token": token, "token_type": "Bearer"}
    return token


def _expiring_bearer_case() -> dict[str, Callable[[], Any]]:
    """The bearer GET with an OAuth2Token that expires (in an hour, with a
    refresh token): each request checks its expiry first."""
    from rauth import OAuth2Token

    token = OAuth2Token(
        {"access_token": "a-bearer-token", "expires_in": 3600, "refresh_token": "r"}
    )
    return _bearer_case(token)


CASES: dict[str, Callable[[], dict[str, Callable[[], Any]]]] = {
    "oauth1_get_3_params": lambda: _oauth1_case("GET", "query", params=PARAMS_3),
    "oauth1_get_3_params_header": lambda: _oauth1_case("GET", "auth_header", params=PARAMS_3),
    "oauth1_post_form_10": lambda: _oauth1_case("POST", "body", data=FORM_10),
    "oauth1_get_200_params": lambda: _oauth1_case("GET", "query", params=PARAMS_200),
    "oauth1_post_form_1mib": lambda: _oauth1_case("POST", "body", data=FORM_1M),
    "oauth2_bearer_get": _bearer_case,
    "oauth2_bearer_get_expiring": _expiring_bearer_case,
}

#: Calls per timed batch of the cases that are slow per call (quick, full).
BATCH = {"oauth1_post_form_1mib": (1, 1), "oauth1_get_200_params": (5, 10)}
#: At most this many rounds of the cases that are slow per call, with --quick.
QUICK_ROUNDS = {"oauth1_post_form_1mib": 9}


# ------------------------------------------------------------ verification


def verify_oauth1(prepared: requests.PreparedRequest) -> bool:
    """Tell whether oauthlib's server side accepts the request's HMAC-SHA1 signature."""
    from oauthlib.common import Request as OAuthlibRequest
    from oauthlib.oauth1.rfc5849 import signature

    body = prepared.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    headers = {  # some peers write bytes values
        name: value.decode("latin-1") if isinstance(value, bytes) else value
        for name, value in prepared.headers.items()
    }
    content_type = prepared.headers.get("Content-Type") or ""
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    form = content_type.startswith("application/x-www-form-urlencoded")
    request = OAuthlibRequest(prepared.url, prepared.method, body if form else None, headers)
    params = signature.collect_parameters(
        uri_query=request.uri_query,
        body=request.body if form else None,
        headers=request.headers,
        exclude_oauth_signature=False,
    )
    signatures = [value for name, value in params if name == "oauth_signature"]
    if len(signatures) != 1:
        return False
    request.params = [(name, value) for name, value in params if name != "oauth_signature"]
    request.signature = signatures[0]
    return bool(signature.verify_hmac_sha1(request, CONSUMER_SECRET, TOKEN_SECRET))


def _verified(case: str) -> dict[str, bool]:
    """Send one request of ``case`` through each OAuth 1 contender and verify it."""
    results = {}
    for name, call in CASES[case]().items():
        if name.startswith("plain") or case.startswith("oauth2"):
            continue
        response = call()
        results[name] = verify_oauth1(response.request)
    return results


# ------------------------------------------------------------ measuring


def _time_batch(call: Callable[[], Any], number: int) -> float:
    """Return the microseconds per call of ``number`` calls, with the
    cyclic garbage collector paused, as :mod:`timeit` does (a collection
    of the whole heap would fall on whichever contender happens to run).
    The garbage is collected between batches, untimed."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            call()
        return (time.perf_counter() - start) / number * 1e6
    finally:
        gc.enable()


def _summary(samples: list[float], ratios: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "ratio": statistics.median(ratios),
    }


def measure_case(calls: dict[str, Callable[[], Any]], rounds: int, number: int) -> dict[str, Any]:
    """Time each contender of a case in ``rounds`` interleaved rounds of
    ``number`` calls each.

    The speed of a shared machine drifts (on the machine the Performance
    page was measured on, by up to 1.6x from one 20 ms batch to the next),
    so each contender's ratio is the median over the rounds of its time to
    ``plain``'s (the first contender) in the same round."""
    names = list(calls)
    for call in calls.values():  # warm up: imports, caches, first allocations
        for _ in range(max(2, number)):
            call()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        for name in order:
            samples[name].append(_time_batch(calls[name], number))
    reference = samples[names[0]]
    return {
        name: _summary(values, [value / plain for value, plain in zip(values, reference)])
        for name, values in samples.items()
    }


def peak_memory(call: Callable[[], Any]) -> int:
    """Return the peak bytes allocated during one call (after a warm-up call)."""
    call()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        call()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


# ------------------------------------------------------------ loopback


_RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        # one write: split writes meet delayed ACKs and cost 40 ms each
        self.wfile.write(_RESPONSE)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve() -> None:
    """Serve on 127.0.0.1 until stdin closes (the benchmark ends) or 15
    minutes pass; print the port first."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)

    def stop_at_eof() -> None:
        sys.stdin.read()
        server.shutdown()

    threading.Thread(target=stop_at_eof, daemon=True).start()
    threading.Timer(900, server.shutdown).start()
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    os._exit(0)  # the timer thread, if still waiting, must not keep us alive


class _SignedHeader(requests.auth.AuthBase):
    """Sets the next ``Authorization`` header of ``headers``, a callable."""

    def __init__(self, headers: Callable[[], str]) -> None:
        self._next = headers

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = self._next()
        return r


def _signed(url: str, header_auth: bool = False, count: int = 1000) -> Callable[[], str]:
    """Return the next of ``count`` GETs of ``url`` with :data:`PARAMS_3`
    that rauth signed (each different, as each request's is): their URLs,
    or with ``header_auth`` their ``Authorization`` headers. Plain requests
    sends them as they are, with rauth's 300 s timeout: what sending
    rauth's requests costs any client on requests, without signing."""
    signer, adapter = _mounted(_rauth1())
    sent = []
    for _ in range(count):
        signer.get(url, params=PARAMS_3, header_auth=header_auth)
        last = adapter.last
        assert last is not None
        sent.append(last.headers["Authorization"] if header_auth else (last.url or ""))
    return itertools.cycle(sent).__next__


def loopback(rounds: int, number: int) -> dict[str, Any]:
    """Requests per second of OAuth 1 and plain GETs against a keep-alive
    server on 127.0.0.1, in a process of its own (its work is not the
    client's); and of plain requests sending rauth's requests, signed
    beforehand (see :func:`_signed`)."""
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{int(server.stdout.readline())}/1.1/statuses.json"
        plain, session, sent = requests.Session(), _rauth1(), requests.Session()
        signed_urls, signed_header = _signed(url), _SignedHeader(_signed(url, header_auth=True))
        calls = {
            "plain": lambda: plain.get(url, params=PARAMS_3),
            "rauth": lambda: session.get(url, params=PARAMS_3),
            "rauth header auth": lambda: session.get(url, params=PARAMS_3, header_auth=True),
            "plain, rauth's query": lambda: sent.get(signed_urls(), timeout=300),
            "plain, rauth's header": lambda: sent.get(
                url, params=PARAMS_3, auth=signed_header, timeout=300
            ),
        }
        verified = {
            "rauth": verify_oauth1(calls["rauth"]().request),
            "rauth header auth": verify_oauth1(calls["rauth header auth"]().request),
        }
        timings = measure_case(calls, rounds, number)
        for each in (plain, session, sent):
            each.close()
    finally:
        server.communicate(timeout=10)  # closes its stdin: it stops
    rps = {
        name: {
            "median": 1e6 / t["median"],
            "min": 1e6 / t["min"],
            "max": 1e6 / t["max"],
            "ratio": 1 / t["ratio"],  # of requests per second: an odd count's median
        }
        for name, t in timings.items()
    }
    for figures in rps.values():  # fewer microseconds is more requests
        figures["min"], figures["max"] = figures["max"], figures["min"]
    return {"rps": rps, "verified": verified}


# ------------------------------------------------------------ report


def _ratios(timings: dict[str, Any]) -> dict[str, float]:
    return {name: figures["ratio"] for name, figures in timings.items()}


def _print_case(case: str, timings: dict[str, Any], verified: dict[str, bool], unit: str) -> None:
    ratios = _ratios(timings)
    print(f"\n{case}")
    for name, figures in timings.items():
        check = (
            ""
            if name not in verified
            else ("  oauthlib: ok" if verified[name] else "  oauthlib: FAILED")
        )
        print(
            f"  {name:22s} {figures['median']:10.1f} {unit}  "
            f"({figures['min']:.1f}-{figures['max']:.1f})  {ratios[name]:5.2f}x{check}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, under 60 s")
    parser.add_argument("--rounds", type=int, help="interleaved rounds per case")
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve()
    rounds = args.rounds or (21 if args.quick else 101)  # odd: a median is a round's
    number = 20 if args.quick else 30
    selected = args.case or [*CASES, "loopback"]
    print(
        f"rauth {rauth.__version__}, requests {requests.__version__}, "
        f"Python {platform.python_version()}; {rounds} interleaved rounds, "
        "medians (min-max), median of each round's ratio to plain"
    )
    report: dict[str, Any] = {"rounds": rounds, "cases": {}}
    failed: set[str] = set()  # contenders whose signature oauthlib rejected
    for case in selected:
        if case == "loopback":
            result = loopback(rounds, max(20, number // 2))
            _print_case(
                "loopback (requests/s, higher is better)",
                result["rps"],
                result["verified"],
                "req/s",
            )
            ratios = _ratios(result["rps"])
            report["cases"][case] = {**result, "ratios": ratios}
            failed |= {name for name, ok in result["verified"].items() if not ok}
            continue
        verified = _verified(case)
        failed |= {name for name, ok in verified.items() if not ok}
        batch = BATCH[case][not args.quick] if case in BATCH else number
        case_rounds = min(rounds, QUICK_ROUNDS.get(case, rounds)) if args.quick else rounds
        timings = measure_case(CASES[case](), case_rounds, batch)
        _print_case(f"{case} (us per call, lower is better)", timings, verified, "us")
        entry: dict[str, Any] = {"us": timings, "ratios": _ratios(timings), "verified": verified}
        if case == "oauth1_post_form_1mib":
            memory = {name: peak_memory(call) for name, call in CASES[case]().items()}
            entry["peak_bytes"] = memory
            print("  peak memory of one call:")
            for name, peak in memory.items():
                print(f"  {name:22s} {peak / 2**20:10.2f} MiB  {peak / memory['plain']:5.2f}x")
        report["cases"][case] = entry
    print(json.dumps(report, sort_keys=True))
    if failed:
        print(f"oauthlib rejected a signature of: {', '.join(sorted(failed))}", file=sys.stderr)
    # a peer's wrong signature is reported; rauth's fails the command
    return 1 if any(name.startswith("rauth") for name in failed) else 0


if __name__ == "__main__":
    sys.exit(main())
