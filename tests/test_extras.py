"""The test suite's handling of optional extras (``tests/extras.py`` and the
hooks in ``tests/conftest.py``), run on a small suite of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

TESTS = Path(__file__).parent

SUITE = {
    "test_rsa.py": """
        from rauth.errors import MissingDependencyError

        def test_needs_rsa():
            raise MissingDependencyError("RSA-SHA1", "rsa")

        def test_plain_failure():
            raise ImportError("something else")
    """,
    "test_sure.py": """
        import pytest

        @pytest.mark.skip(reason="oauthlib is not installed")
        def test_skipped_for_a_dependency():
            pass

        def test_passes():
            pass
    """,
}


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    for name in ("conftest.py", "extras.py"):
        pytester.makepyfile(**{name[:-3]: (TESTS / name).read_text(encoding="utf-8")})
    pytester.makepyfile(**{name[:-3]: text for name, text in SUITE.items()})
    return pytester


def test_a_missing_extra_skips_with_its_name(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RAUTH_TEST_EXTRAS", raising=False)

    result = suite.runpytest_subprocess("-rs", "-p", "no:cacheprovider")

    result.assert_outcomes(passed=1, failed=1, skipped=2)
    result.stdout.fnmatch_lines(["*test_rsa.py*needs the optional extra rauth?rsa?: pip install*"])


def test_with_extras_required_a_missing_extra_fails(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAUTH_TEST_EXTRAS", "required")

    result = suite.runpytest_subprocess("-rs", "-p", "no:cacheprovider")

    result.assert_outcomes(passed=1, failed=2, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["skipped for a missing optional dependency*", "*test_skipped_for_a_dependency*"]
    )
