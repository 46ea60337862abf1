"""rauth.redact: secret values hidden in token endpoint bodies, in linear time."""

from __future__ import annotations

import time

import pytest

from rauth.redact import redact_secrets

CASES = [
    pytest.param(
        '{"access_token": "AT", "token_type": "bearer", "refresh_token":"RT", "n": 1}',
        '{"access_token": "***", "token_type": "bearer", "refresh_token":"***", "n": 1}',
        id="json",
    ),
    pytest.param(
        '{"a": {"client_secret": "CS"}, "id_token": ["x", "y"], "password": 12}',
        '{"a": {"client_secret": "***"}, "id_token": "***", "password": "***"}',
        id="json-nested-array-number",
    ),
    pytest.param(
        '{"note": "bad \\x escape \\" quote", "access_token": "SECRET"}',
        '{"note": "bad \\x escape \\" quote", "access_token": "***"}',
        id="json-invalid-escape-before-a-secret",
    ),
    pytest.param('{"access_token": "cut sh', '{"access_token": "***"', id="json-cut-in-a-secret"),
    pytest.param('{"k": "cut sh', '{"k": "cut sh', id="json-cut-elsewhere"),
    pytest.param('[{"refresh_token" :\n "R"}]', '[{"refresh_token" :\n "***"}]', id="json-list"),
    pytest.param(
        "access_token=AT&token_type=bearer&refresh_token=RT",
        "access_token=***&token_type=bearer&refresh_token=***",
        id="form",
    ),
    pytest.param("<html>access_token</html>", "<html>access_token</html>", id="html"),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_secret_values_are_hidden(body: str, expected: str) -> None:
    assert redact_secrets(body) == expected
    assert redact_secrets(body.encode()) == expected.encode()


#: Bodies shaped to make a backtracking pattern quadratic: about 1 MB each.
HOSTILE = {
    "unclosed-arrays": '{"k":[' * 170_000,
    "unclosed-array-items": "{" + '"k":["a",' * 110_000,
    "escaped-quotes": '{"' + '\\"' * 500_000,
    "backslash-runs": '{"' + '\\\\\\"' * 250_000,
    "unclosed-secrets": "{" + '"access_token":"' * 60_000,
}


@pytest.mark.parametrize("body", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_bodies_take_linear_time(body: str) -> None:
    started = time.perf_counter()
    redact_secrets(body)
    # a quadratic scan of 1 MB takes minutes; a linear one a fraction of a second
    assert time.perf_counter() - started < 5.0


def test_an_error_excerpt_reads_only_the_start_of_a_huge_body() -> None:
    from rauth.tokens import _excerpt

    body = b'{"error": "invalid_grant", "access_token": "' + b"S" * 20_000_000 + b'"}'
    started = time.perf_counter()
    excerpt = _excerpt(body)
    assert time.perf_counter() - started < 1.0
    assert excerpt == '{"error": "invalid_grant", "access_token": "***"'


# -- transport errors carry no secret ------------------------------------------------


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _everything_said(exc: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)) + repr(exc)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_connection_error_hides_a_plaintext_signature(method: str) -> None:
    import requests

    from rauth import OAuth1Session
    from rauth.oauth import PlaintextSignature

    session = OAuth1Session(
        "ck", "CONSUMER-S3CRET", "tok", "TOKEN-S3CRET", signature=PlaintextSignature
    )
    url = f"http://127.0.0.1:{_closed_port()}/r"

    with pytest.raises(requests.ConnectionError) as caught:
        # the signature in the query (a GET) or in the body (a POST)
        session.request(method, url, params={"q": "1"}, timeout=5)

    said = _everything_said(caught.value)
    assert "127.0.0.1" in said  # the message still says where
    assert "S3CRET" not in said


def test_a_connection_error_hides_an_access_token_in_the_query() -> None:
    import requests

    from rauth import OAuth2Session

    session = OAuth2Session("id", "CLIENT-S3CRET", access_token="ACCESS-T0KEN-XYZ")
    url = f"http://127.0.0.1:{_closed_port()}/r"

    with pytest.raises(requests.ConnectionError) as caught:
        session.get(url, params={"q": "1"}, bearer_auth=False, timeout=5)

    said = _everything_said(caught.value)
    assert "ACCESS-T0KEN-XYZ" not in said
    assert "q=1" in said


def test_scrub_text_hides_credential_parameters() -> None:
    from rauth.redact import scrub_text

    text = "url: /r?q=1&oauth_signature=a%26b&access_token=T&code=C (Caused by S3CRET)"
    assert scrub_text(text, ["S3CRET"]) == (
        "url: /r?q=1&oauth_signature=***&access_token=***&code=*** (Caused by ***)"
    )


def test_scrub_text_hides_every_secret_looking_parameter() -> None:
    from rauth.redact import scrub_text

    text = (
        "url: /token?grant_type=x&client_assertion=eyJ.a.b&assertion=A2"
        "&oauth_verifier=V&oauth_token=t&id_token=I&api_key=K&scope=read (Caused by E)"
    )
    assert scrub_text(text) == (
        "url: /token?grant_type=x&client_assertion=***&assertion=***"
        "&oauth_verifier=***&oauth_token=t&id_token=***&api_key=***&scope=read (Caused by E)"
    )


def test_a_connection_error_hides_a_client_assertion_sent_in_the_query() -> None:
    import requests

    from rauth import OAuth2Service

    service = OAuth2Service(
        "id",
        "a-client-secret-long-enough-for-hs256-keys!",
        access_token_url=f"http://127.0.0.1:{_closed_port()}/token",
        token_endpoint_auth_method="client_secret_jwt",
    )

    with pytest.raises(requests.ConnectionError) as caught:
        service.get_raw_access_token(method="GET", params={"grant_type": "client_credentials"})

    said = _everything_said(caught.value)
    assert "client_assertion=***" in said
    assert "eyJ" not in said


def test_a_token_repr_hides_every_secret_looking_member() -> None:
    from rauth import OAuth2Token

    token = OAuth2Token({"access_token": "AT", "token_type": "Bearer", "password": "PW"})

    assert "PW" not in repr(token)
    assert "'token_type': 'Bearer'" in repr(token)
