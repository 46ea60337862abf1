"""``rauth.auth``: the OAuth 1 and OAuth 2 auth objects for plain requests.

Every request :class:`rauth.OAuth1` signs is verified by oauthlib's
server-side verifier, over the random request generator of the signing
tests (``signing_support.generate_case``), for every signature method and
placement; the same inputs signed by ``OAuth1Session`` and by ``OAuth1``
give the same base string (oauthlib's, read from the wire). Requests go
through a plain ``requests.Session`` into a capture adapter.
"""

from __future__ import annotations

import logging
import pickle
import random
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import pytest
import requests
from signing_support import (
    ENTITY_METHODS,
    FORM,
    PLACEMENTS,
    RSA_METHODS,
    SIGNATURE_METHODS,
    Case,
    Credentials,
    RandomChooser,
    SignRecorder,
    capture,
    check_case,
    generate_case,
    oauthlib_base_string,
    oauthlib_verifies,
    plain_requests,
    read_wire,
    report,
)

import rauth.session
import rauth.tokens
from rauth import OAuth1, OAuth2, OAuth2Token
from rauth.errors import TokenExpiredError
from rauth.oauth import HmacSha1Signature, PlaintextSignature, RsaSha256Signature

#: How many random requests OAuth1 signs for oauthlib, and their seed.
#: These tests check what is signed and sent, at plain-http example URLs;
#: the InsecureTransportWarning those raise is tested in test_transport.py.
pytestmark = pytest.mark.filterwarnings("ignore::rauth.InsecureTransportWarning")

REQUESTS = 1680
SEED = 1249
COMBINATIONS = [(name, placement) for name in SIGNATURE_METHODS for placement in PLACEMENTS]


def _auth_credentials(credentials: Credentials) -> Credentials:
    """The generated credentials as OAuth1 takes them: a token secret only
    with a token, and ``''`` for a token without one (HMAC, PLAINTEXT)."""
    if credentials.token is None:
        return replace(credentials, token_secret=None)
    if credentials.token_secret is None and credentials.signature not in RSA_METHODS:
        return replace(credentials, token_secret="")
    return credentials


@dataclass
class AuthCase(Case):
    """A generated case sent with ``requests.Session().request(..., auth=OAuth1(...))``."""

    def auth(self) -> OAuth1:
        credentials = self.credentials
        signature = SIGNATURE_METHODS[credentials.signature]()
        self.recorder = SignRecorder(signature.sign)
        signature.sign = self.recorder  # type: ignore[method-assign]
        return OAuth1(
            credentials.consumer_key,
            credentials.consumer_secret,
            credentials.token,
            credentials.token_secret,
            signature=signature,
            placement=self.placement,
            realm=self.realm,
        )

    def send(self) -> requests.PreparedRequest:
        with requests.Session() as session:
            adapter = capture(session)
            kwargs = dict(self.kwargs)
            if isinstance(kwargs.get("params"), bytes):  # requests takes text here
                kwargs["params"] = kwargs["params"].decode("utf-8")
            session.request(self.method, self.url, auth=self.auth(), **kwargs)
        assert len(adapter.sent) == 1
        return adapter.sent[0]


def _auth_case(case: Case) -> AuthCase:
    fields = {name: getattr(case, name) for name in case.__dataclass_fields__}
    fields["credentials"] = _auth_credentials(case.credentials)
    data, headers = case.kwargs.get("data"), case.kwargs.get("headers") or {}
    typed = any(name.lower() == "content-type" for name in headers)
    entity = case.placement == "body" or case.method.upper() in ENTITY_METHODS
    if entity and isinstance(data, (str, bytes)) and not typed:
        # a session makes an entity request's text body a form; with plain
        # requests the caller says so
        fields["kwargs"] = {**case.kwargs, "headers": {**headers, "Content-Type": FORM}}
    return AuthCase(**fields)


def _parseable(case: Case) -> bool:
    """Tell whether oauthlib can parse the request requests alone sends for
    ``case``: not when the caller wrote a raw query or form text that is
    not form-encoded (a session re-encodes it, an auth object may not)."""
    try:
        read_wire(plain_requests(case))
    except (ValueError, UnicodeError):
        return False
    return True


def test_oauthlib_accepts_every_random_request_oauth1_signs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    chooser = RandomChooser(random.Random(SEED))
    failures = []
    skipped = 0
    started = time.perf_counter()
    with caplog.at_level(logging.ERROR, logger="rauth"):  # PLAINTEXT over http warns
        for index in range(REQUESTS):
            signature, placement = COMBINATIONS[index % len(COMBINATIONS)]
            case = _auth_case(generate_case(chooser, signature, placement))
            if not _parseable(case):
                skipped += 1
                continue
            problems = check_case(case, body_needs_exact_form=False)
            if problems:
                failures.append((index, case, problems))
    elapsed = time.perf_counter() - started
    verified = REQUESTS - skipped - len(failures)
    print(
        f"oauthlib verified {verified} of {REQUESTS - skipped} OAuth1 requests in {elapsed:.1f} s "
        f"({skipped} skipped: requests alone sends them unparseable)"
    )
    kinds = Counter(problems[0][:80] for _, _, problems in failures)
    examples = "\n\n".join(
        f"request #{index}:\n{report(case, problems)}" for index, case, problems in failures[:3]
    )
    assert not failures, f"{len(failures)} rejected: {dict(kinds)}\n\n{examples}"
    assert skipped < REQUESTS // 10


def _signed_by_session(case: Case) -> requests.PreparedRequest:
    return case.send()


def test_session_and_auth_object_sign_the_same_base_string(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The same inputs, nonce and timestamp (fixed through rauth.session's
    seams) give the same base string and signature either way."""
    monkeypatch.setattr(rauth.session, "random", lambda: 0.25)
    monkeypatch.setattr(rauth.session, "time", lambda: 1_700_000_000.0)
    chooser = RandomChooser(random.Random(SEED + 1))
    compared = Counter()
    with caplog.at_level(logging.ERROR, logger="rauth"):
        for index in range(336):
            signature, placement = COMBINATIONS[index % len(COMBINATIONS)]
            case = generate_case(chooser, signature, placement)
            case.credentials = _auth_credentials(case.credentials)
            session_wire = read_wire(case.send())
            # where the session put them (rauth 0.7's rules) is where OAuth1 is told to
            where = [
                p
                for p, pairs in (
                    ("header", session_wire.header),
                    ("body", session_wire.form_body),
                    ("query", session_wire.query),
                )
                if "oauth_signature" in dict(pairs)
            ]
            auth_case = _auth_case(replace(case, placement=where[0]))
            if not _parseable(auth_case):
                continue  # a text body that is no form: the session re-encodes it
            auth_wire = read_wire(auth_case.send())
            description = case.describe()
            assert oauthlib_base_string(auth_wire) == oauthlib_base_string(session_wire), (
                description
            )
            assert (
                dict(auth_wire.params)["oauth_signature"]
                == dict(session_wire.params)["oauth_signature"]
            ), description
            assert oauthlib_verifies(auth_wire, case.credentials), description
            compared[where[0]] += 1
    print(f"same base string for {sum(compared.values())} requests: {dict(compared)}")
    assert set(compared) == set(PLACEMENTS)


# ---------------------------------------------------------------- arguments


SECRET = "consumer-secret-value"
TOKEN_SECRET = "token-secret-value"


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        pytest.param({"placement": "auth_header"}, ValueError, "placement must be", id="placement"),
        pytest.param({"placement": None}, ValueError, "placement must be", id="placement-none"),
        pytest.param({"consumer_secret": None}, TypeError, "consumer_secret", id="no-secret"),
        pytest.param(
            {"access_token_secret": None}, ValueError, "without access_token_secret", id="no-ts"
        ),
        pytest.param(
            {"access_token": None}, ValueError, "without its access_token", id="secret-only"
        ),
        pytest.param({"access_token_secret": 7}, TypeError, "access_token_secret", id="ts-type"),
        pytest.param({"consumer_key": None}, TypeError, "consumer_key", id="key-type"),
        pytest.param({"signature": "HMAC-SHA1"}, TypeError, "signature", id="signature"),
        pytest.param({"realm": 1}, TypeError, "realm", id="realm"),
        pytest.param({"verifier": 1.5}, TypeError, "verifier", id="verifier"),
    ],
)
def test_oauth1_bad_arguments_say_what_is_wrong(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    arguments = {
        "consumer_key": "key",
        "consumer_secret": SECRET,
        "access_token": "token",
        "access_token_secret": TOKEN_SECRET,
        **kwargs,
    }
    with pytest.raises(error, match=match) as raised:
        OAuth1(**arguments)
    assert SECRET not in str(raised.value)
    assert TOKEN_SECRET not in str(raised.value)


def test_oauth1_token_without_secret_is_fine_for_rsa() -> None:
    auth = OAuth1("key", "PEM", "token", signature=RsaSha256Signature)
    assert auth.access_token_secret is None


@pytest.mark.parametrize(
    ("request_kwargs", "match"),
    [
        pytest.param(
            {"method": "POST", "json": {"a": 1}}, "Content-Type is 'application/json'", id="json"
        ),
        pytest.param(
            {"method": "POST", "files": {"f": ("a.txt", b"x")}}, "multipart/form-data", id="files"
        ),
        pytest.param({"method": "POST", "data": b"raw"}, "form-urlencoded body", id="raw-bytes"),
        pytest.param({"method": "GET"}, "a GET request has not", id="get"),
        pytest.param(
            {"method": "PUT", "headers": {"Content-Type": "text/plain"}}, "text/plain", id="typed"
        ),
    ],
)
def test_oauth1_body_placement_refuses_what_is_no_form(
    request_kwargs: dict[str, Any], match: str
) -> None:
    auth = OAuth1("key", SECRET, "token", TOKEN_SECRET, placement="body")
    request = requests.Request(url="https://example.com/r", auth=auth, **request_kwargs)
    with pytest.raises(ValueError, match=match) as raised:
        request.prepare()
    assert SECRET not in str(raised.value)


def test_oauth1_body_placement_gives_a_bodyless_post_a_form() -> None:
    auth = OAuth1("key", SECRET, "token", TOKEN_SECRET, placement="body")
    prepared = requests.Request("POST", "https://example.com/r", auth=auth).prepare()
    assert prepared.headers["Content-Type"] == FORM
    assert isinstance(prepared.body, str)
    assert prepared.headers["Content-Length"] == str(len(prepared.body))
    assert oauthlib_verifies(
        read_wire(prepared), Credentials("HMAC-SHA1", "key", SECRET, "token", TOKEN_SECRET)
    )


def test_oauth1_signature_instance_callback_and_verifier() -> None:
    signature = PlaintextSignature()
    auth = OAuth1(
        "key", SECRET, signature=signature, callback="https://cb.example/r", placement="query"
    )
    prepared = requests.Request("GET", "https://example.com/r", auth=auth).prepare()
    wire = read_wire(prepared)
    sent = dict(wire.params)
    assert sent["oauth_callback"] == "https://cb.example/r"
    assert sent["oauth_signature_method"] == "PLAINTEXT"
    assert auth.signature is signature
    assert oauthlib_verifies(wire, Credentials("PLAINTEXT", "key", SECRET))
    verified = OAuth1("key", SECRET, "rt", TOKEN_SECRET, verifier="v123")
    header = requests.Request("POST", "https://example.com/t", auth=verified).prepare()
    assert 'oauth_verifier="v123"' in header.headers["Authorization"]


def test_reprs_hide_the_secrets() -> None:
    one = OAuth1("key", SECRET, "token-id", TOKEN_SECRET, signature=HmacSha1Signature)
    two = OAuth2({"access_token": "access-token-value", "refresh_token": "refresh-value"})
    shown = repr(one) + str(one) + repr(two) + str(two)
    for secret in (SECRET, TOKEN_SECRET, "token-id", "access-token-value", "refresh-value"):
        assert secret not in shown
    assert "key" in repr(one)
    assert "HMAC-SHA1" in repr(one)


# ---------------------------------------------------------------- OAuth2


@pytest.mark.parametrize(
    "token",
    ["at-1", {"access_token": "at-1", "token_type": "Bearer"}, OAuth2Token(access_token="at-1")],
    ids=["str", "dict", "OAuth2Token"],
)
def test_oauth2_sends_a_bearer_header(token: Any) -> None:
    with requests.Session() as session:
        adapter = capture(session)
        session.auth = OAuth2(token)
        session.get("https://example.com/r")
    assert adapter.sent[0].headers["Authorization"] == "Bearer at-1"


@pytest.mark.parametrize(
    ("token", "error"),
    [
        (None, TypeError),
        ({"token_type": "Bearer"}, ValueError),
        ("a b", ValueError),
        (5, TypeError),
    ],
    ids=["none", "no-access-token", "whitespace", "number"],
)
def test_oauth2_bad_tokens_say_what_is_wrong(token: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        OAuth2(token)


def test_oauth2_expired_token_without_service_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rauth.tokens, "time", lambda: 1_000.0)
    auth = OAuth2({"access_token": "at-1", "refresh_token": "rt-1", "expires_in": 60})
    monkeypatch.setattr(rauth.tokens, "time", lambda: 1_061.0)
    with pytest.raises(TokenExpiredError, match="service=") as raised:
        requests.Request("GET", "https://example.com/r", auth=auth).prepare()
    assert "at-1" not in str(raised.value)
    assert "rt-1" not in str(raised.value)
    # still valid within the leeway: sent as it is
    monkeypatch.setattr(rauth.tokens, "time", lambda: 1_059.0)
    prepared = requests.Request("GET", "https://example.com/r", auth=auth).prepare()
    assert prepared.headers["Authorization"] == "Bearer at-1"


def test_auth_objects_pickle() -> None:
    one = pickle.loads(pickle.dumps(OAuth1("key", SECRET, "t", TOKEN_SECRET, placement="query")))
    assert (one.consumer_key, one.placement) == ("key", "query")
    two = pickle.loads(pickle.dumps(OAuth2("at-1", token_updater=print)))
    assert two.access_token == "at-1"
    assert two.token_updater is None
