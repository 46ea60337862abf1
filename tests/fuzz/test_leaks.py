"""No secret in any exception message, repr or log record.

Flows run with distinctive secrets (consumer and token secrets, client
secret, access and refresh tokens, PKCE verifier, password, assertion, an
RSA private key PEM), with the ``rauth``, ``requests`` and ``urllib3``
loggers at DEBUG captured: on success, on each kind of failure (error
responses that echo the secrets back, HTML, empty, 5xx, JSON cut short or
nested too deeply, a body that is not UTF-8), on transport errors (a real
connection refused on 127.0.0.1, whose message carries the URL) and on bad
input. Every exception (``str`` and ``repr``, with the exceptions it was
raised from), every ``repr`` of the services, sessions, tokens and auth
objects, and every log record (message and traceback) is scanned for each
secret, as it is and percent- or base64-encoded. Then the same with random
secrets (hypothesis). The terminal summary prints how many were scanned.
"""

from __future__ import annotations

import contextlib
import json
import logging
import pathlib
import socket
import string
import traceback
from collections.abc import Iterator
from typing import Any, Callable

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from fuzz.support import (
    LEAK_COUNTS,
    budget,
    canned,
    coverage_paused,
    encodings,
    exception_texts,
    load,
)
from rauth import (
    AuthorizationRequest,
    OAuth1Service,
    OAuth1Session,
    OAuth2Service,
    OAuth2Session,
    OAuth2Token,
    OflySession,
    auth,
)
from rauth.oauth import PlaintextSignature, RsaSha1Signature
from rauth.utils import OAuth1Auth, OAuth2Auth

SECRETS = {
    "consumer_secret": "leak-consumer-SECRET-q8",
    "token_secret": "leak-token-SECRET-w3",
    "client_secret": "leak-client-SECRET-e5",
    "access_token": "leak-access-TOKEN-r1",
    "refresh_token": "leak-refresh-TOKEN-t9",
    "code": "leak-auth-CODE-y2",
    "password": "leak-PASSWORD-u4",
    "assertion": "leak-ASSERTION-i6",
    "app_secret": "leak-ofly-SECRET-o7",
}
LOGGERS = ("rauth", "requests", "urllib3")
RSA_PEM = (pathlib.Path(__file__).parent.parent / "data" / "rsa_private_key.pem").read_text()


def _closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


CLOSED = f"http://127.0.0.1:{_closed_port()}"


class Scanner(logging.Handler):
    """Collects what could leak: log records, exceptions and reprs; then
    checks none holds a secret."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("rauth.testing"):  # the provider's side
            return
        text = record.getMessage()
        if record.exc_info:
            text += "".join(traceback.format_exception(*record.exc_info))
        self.texts.append(("log_records", text))

    def call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``function``; keep its exception's texts, if it raises one."""
        try:
            return function(*args, **kwargs)
        except Exception as exc:
            self.texts += [("exceptions", text) for text in exception_texts(exc)]
            return None

    def reprs(self, *objects: Any) -> None:
        self.texts += [("reprs", repr(obj)) for obj in objects]
        self.texts += [("reprs", str(obj)) for obj in objects if isinstance(obj, dict)]

    def check(self, secrets: dict[str, str]) -> None:
        forms = {form: name for name, secret in secrets.items() for form in encodings(secret)}
        for kind, text in self.texts:
            LEAK_COUNTS[kind] += 1
            for form, name in forms.items():
                assert form not in text, f"{name} leaks in {kind}: {text[:400]!r}"
        self.texts.clear()


@contextlib.contextmanager
def capturing() -> Iterator[Scanner]:
    """A :class:`Scanner` on the rauth, requests and urllib3 loggers, at DEBUG."""
    handler = Scanner()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels):
            logger.removeHandler(handler)
            logger.setLevel(level)


@pytest.fixture
def scanner() -> Iterator[Scanner]:
    with capturing() as handler:
        yield handler


def _echo(secrets: dict[str, str]) -> list[tuple[str, bytes, str]]:
    """Error answers of every kind; some echo the secrets back by name."""
    named = {
        "access_token": secrets["access_token"],
        "refresh_token": secrets["refresh_token"],
        "client_secret": secrets["client_secret"],
        "oauth_token_secret": secrets["token_secret"],
        "code_verifier": "v",
        "password": secrets["password"],
        "assertion": secrets["assertion"],
    }
    form = "&".join(f"{k}={requests.utils.quote(v, safe='')}" for k, v in named.items())
    return [
        (
            "json-error",
            json.dumps({"error": "invalid_grant", **named}).encode(),
            "application/json",
        ),
        ("json-no-error", json.dumps({"x": 1, **named}).encode(), "application/json"),
        (
            "form-error",
            f"error=invalid_request&{form}".encode(),
            "application/x-www-form-urlencoded",
        ),
        ("html", f"<html><body>{form}</body></html>".encode(), "text/html"),
        ("empty", b"", "text/plain"),
        ("truncated", json.dumps(named).encode()[:40], "application/json"),
        ("nested", b'{"a":' * 5000, "application/json"),
        ("not-utf8", b"access_token=\xff\xfe&" + form.encode(), "text/plain"),
    ]


STATUSES = (200, 400, 401, 500)


def oauth1_flows(
    scan: Scanner,
    s: dict[str, str],
    signature: Any,
    base: str,
    statuses: tuple[int, ...] = STATUSES,
) -> None:
    service = OAuth1Service(
        "key",
        s["consumer_secret"],
        request_token_url=f"{base}/request_token",
        access_token_url=f"{base}/access_token",
        authorize_url=f"{base}/authorize",
        base_url=f"{base}/api/",
        session_obj=canned(OAuth1Session),
        signature_obj=signature,
    )
    load([(200, f"oauth_token=rt&oauth_token_secret={s['token_secret']}".encode(), {})])
    scan.call(lambda: service.get_request_token(params={"oauth_callback": "oob"}))
    for _, body, content_type in _echo(s):
        for status in statuses:
            load([(status, body, {"Content-Type": content_type})])
            scan.call(lambda: service.get_auth_session("rt", s["token_secret"], method="POST"))
    # OAuth 1's token identifier travels in the clear (RFC 5849): only its secret is one
    session = OAuth1Session(
        "key", s["consumer_secret"], "oauth1-token-id", s["token_secret"], signature=signature
    )
    scan.reprs(service, session)
    for header_auth in (False, True):  # a real refused connection: the URL is in its message
        scan.call(session.get, f"{CLOSED}/r", params={"a": "1"}, header_auth=header_auth)
        scan.call(session.post, f"{CLOSED}/r", data={"a": "1"}, header_auth=header_auth)


def oauth2_flows(
    scan: Scanner, s: dict[str, str], base: str, statuses: tuple[int, ...] = STATUSES
) -> None:
    for auth_method in ("client_secret_post", "client_secret_basic"):
        oauth2_logins(scan, s, base, statuses, auth_method)
    bare = OAuth2Session("id", s["client_secret"], access_token=s["access_token"])
    scan.reprs(
        bare,
        OAuth2Token(
            {
                "access_token": s["access_token"],
                "refresh_token": s["refresh_token"],
                "id_token": s["assertion"],
            }
        ),
        OAuth2Auth(s["access_token"]),
    )
    for bearer_auth in (True, False):
        scan.call(bare.get, f"{CLOSED}/me", bearer_auth=bearer_auth)
        scan.call(bare.post, f"{CLOSED}/me", data={"x": "1"}, bearer_auth=bearer_auth)


def oauth2_logins(
    scan: Scanner, s: dict[str, str], base: str, statuses: tuple[int, ...], auth_method: str
) -> None:
    service = OAuth2Service(
        "id",
        s["client_secret"],
        access_token_url=f"{base}/token",
        authorize_url=f"{base}/authorize",
        revocation_url=f"{base}/revoke",
        session_obj=canned(OAuth2Session),
        token_endpoint_auth_method=auth_method,
    )
    request = service.authorization_request(scope="read")
    callback = f"https://app.example/cb?code={s['code']}&state={request.state}"
    good = json.dumps(
        {
            "access_token": s["access_token"],
            "refresh_token": s["refresh_token"],
            "expires_in": 3600,
            "token_type": "Bearer",
        }
    ).encode()
    load([(200, good, {"Content-Type": "application/json"})])
    session = scan.call(lambda: service.get_auth_session_from_callback(callback, request))
    scan.reprs(service, request, session, session and session.token)
    grants = [
        lambda: service.get_password_session("alice", s["password"]),
        lambda: service.get_token(
            data={
                "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion": s["assertion"],
            }
        ),
        lambda: service.get_auth_session(
            data={"code": s["code"], "grant_type": "authorization_code"}
        ),
        lambda: service.get_access_token(decoder=json.loads, data={"code": s["code"]}),
        lambda: service.get_session(
            {"access_token": s["access_token"], "refresh_token": s["refresh_token"]}
        ).refresh(),
        lambda: service.revoke_token(s["refresh_token"], "refresh_token"),
        lambda: service.get_auth_session_from_callback(callback, request),
    ]
    for _, body, content_type in _echo(s):
        for status in statuses:
            for grant in grants:
                load([(status, body, {"Content-Type": content_type})])
                scan.call(grant)


def other_objects(scan: Scanner, s: dict[str, str]) -> None:
    ofly = OflySession("app", s["app_secret"], user_id="u")
    scan.reprs(ofly, OAuth1Auth({"oauth_signature": s["consumer_secret"]}))
    scan.call(lambda: ofly.get(f"{CLOSED}/ofly", params={"a": "1"}))
    request = AuthorizationRequest("https://a.example/auth", "st", s["code"], "S256")
    scan.reprs(request)
    # the auth objects for plain requests: reprs, refused connections, a
    # bad token; PLAINTEXT in the header (a query is the caller's to log)
    plain_auths = [
        auth.OAuth1("key", s["consumer_secret"], "tok", s["token_secret"]),
        auth.OAuth1("key", s["consumer_secret"], "tok", s["token_secret"], PlaintextSignature),
        auth.OAuth1("key", s["consumer_secret"], placement="body"),
        auth.OAuth2(s["access_token"]),
        auth.OAuth2({"access_token": s["access_token"], "refresh_token": s["refresh_token"]}),
    ]
    scan.reprs(*plain_auths)
    for plain_auth in plain_auths:
        scan.call(requests.get, f"{CLOSED}/r", params={"a": "1"}, auth=plain_auth, timeout=5)
        scan.call(requests.post, f"{CLOSED}/r", data={"a": "1"}, auth=plain_auth, timeout=5)
    scan.call(lambda: auth.OAuth2({"refresh_token": s["refresh_token"]}))
    scan.call(lambda: auth.OAuth1("key", s["consumer_secret"], placement="nowhere"))
    # bad input: a token a header cannot carry, a non-UTF-8 secret, a bad key
    scan.call(lambda: OAuth2Auth(s["access_token"] + "\n"))
    scan.call(
        lambda: OAuth1Session("key", s["consumer_secret"].encode() + b"\xff").get(f"{CLOSED}/x")
    )
    scan.call(
        lambda: OAuth1Session("key", s["consumer_secret"], signature=RsaSha1Signature).get(
            f"{CLOSED}/x"
        )
    )
    scan.call(
        lambda: OAuth2Service("id", s["client_secret"]).get_auth_session_from_callback(
            f"https://app.example/cb?code={s['code']}&state=forged",
            AuthorizationRequest("https://a.example/auth", "st", s["code"], "S256"),
        )
    )


def test_no_secret_leaks_from_flows_failures_and_transport_errors(scanner: Scanner) -> None:
    oauth1_flows(scanner, SECRETS, None, "https://api.example.com")
    oauth1_flows(scanner, SECRETS, PlaintextSignature, "http://api.example.com")
    oauth2_flows(scanner, SECRETS, "https://api.example.com")
    other_objects(scanner, SECRETS)
    assert len(scanner.texts) > 500  # what is scanned below: the flows ran
    scanner.check(SECRETS)


def test_no_rsa_private_key_leaks(scanner: Scanner) -> None:
    pem_lines = [line for line in RSA_PEM.splitlines() if line and "-----" not in line]
    session = OAuth1Session("key", RSA_PEM, signature=RsaSha1Signature)
    scanner.reprs(session)
    scanner.call(lambda: session.get(f"{CLOSED}/r", params={"a": "1"}))
    scanner.call(
        lambda: OAuth1Session("key", RSA_PEM[:200], signature=RsaSha1Signature).get(f"{CLOSED}/r")
    )
    service = OAuth2Service(
        "id",
        RSA_PEM,
        access_token_url="https://a.example/token",
        token_endpoint_auth_method="private_key_jwt",
        session_obj=canned(OAuth2Session),
    )
    for _, body, content_type in _echo(SECRETS):
        load([(400, body, {"Content-Type": content_type})])
        scanner.call(lambda: service.get_token(data={"grant_type": "client_credentials"}))
    scanner.reprs(service)
    scanner.check({f"pem line {n}": line for n, line in enumerate(pem_lines)})


#: Random secrets: the characters OAuth values hold, and the ones that get
#: percent-encoded; a fixed prefix keeps them from matching by chance.
random_secret = st.text(
    alphabet=string.ascii_letters + string.digits + "-._~!*'()&=+/ %:@\u00e9",
    min_size=10,
    max_size=24,
).map(lambda text: "Zq" + text)


#: Bearer tokens are printable ASCII without spaces (RFC 6750 section 2.1).
random_token = st.text(
    alphabet=string.ascii_letters + string.digits + "-._~+/", min_size=10, max_size=24
)


@given(
    st.fixed_dictionaries(
        {name: random_token if name == "access_token" else random_secret for name in SECRETS}
    ).map(lambda secrets: {**secrets, "access_token": "Zq" + secrets["access_token"]})
)
@budget(weight=0.05)
def check_random_secrets(secrets: dict[str, str]) -> None:
    LEAK_COUNTS["random-secret examples"] += 1
    with capturing() as scanner:
        oauth1_flows(scanner, secrets, PlaintextSignature, "http://api.example.com", (400,))
        oauth2_flows(scanner, secrets, "https://api.example.com", (400,))
        other_objects(scanner, secrets)
        scanner.check(secrets)


def test_no_random_secret_leaks() -> None:
    with coverage_paused():  # the flows above ran measured
        check_random_secrets()
