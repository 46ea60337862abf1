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
