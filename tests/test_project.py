"""The README's promises: its quick start runs as written, and CI runs its
test command."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.rst").read_text(encoding="utf-8")

_BLOCK = re.compile(r"\.\. code-block:: (\w+)\n\n((?:    .*\n|\n)+)")


def _blocks(language: str, text: str = README) -> list[str]:
    """Return the dedented code blocks of ``language`` in ``text``."""
    blocks = []
    for found_language, body in _BLOCK.findall(text):
        if found_language == language:
            lines = [line[4:] for line in body.splitlines()]
            blocks.append("\n".join(lines).strip() + "\n")
    return blocks


def _section(title: str) -> str:
    """Return the text of the README section headed ``title``."""
    start = README.index(f"\n{title}\n")
    following = re.search(r"\n[^\n]+\n-{3,}\n", README[start + len(title) + 2 :])
    end = start + len(title) + 2 + following.start() if following else len(README)
    return README[start:end]


def test_quick_start_runs_as_written() -> None:
    blocks = _blocks("python", _section("Quick start"))
    assert len(blocks) == 4, "setup, OAuth 1.0/a, OAuth 2.0 and Ofly"
    namespace: dict[str, object] = {"__name__": "readme"}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        for block in blocks:
            exec(compile(block, "README.rst", "exec"), namespace)
    assert output.getvalue().split() == ["alice", "alice", "alice"]
    assert not namespace["provider"].running  # type: ignore[attr-defined]


def test_try_it_has_the_two_commands() -> None:
    commands = _blocks("console", _section("Try it"))
    assert len(commands) == 2
    demo, tests = (line.strip() for line in commands)
    assert demo.endswith("python -m rauth.demo")
    assert tests.endswith("python -m pytest --cov")


def test_ci_runs_the_readme_test_command() -> None:
    tests = _blocks("console", _section("Try it"))[1].strip()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci_lines


#: Files a user reads install instructions in.
_INSTALL_TEXTS = [
    ROOT / "README.rst",
    ROOT / "CHANGELOG",
    *sorted((ROOT / "docs").rglob("*.rst")),
    *sorted((ROOT / "rauth").rglob("*.py")),
    *sorted((ROOT / "examples").rglob("*.py")),
]


def test_extras_are_quoted_in_every_install_hint() -> None:
    # zsh expands an unquoted rauth[testing] as a glob and refuses it
    unquoted = re.compile(r"pip install (?:-\S+ )*[\w.]+\[")
    for path in _INSTALL_TEXTS:
        text = path.read_text(encoding="utf-8")
        assert not unquoted.findall(text), path


def test_install_says_it_comes_from_this_repository() -> None:
    # rauth on the package index is 0.7.3, the release this one replaces
    installation = _section("Installation")
    assert "pip install rauth\n" not in README
    assert "installs rauth 0.7.3" in installation
    assert 'pip install ".[rsa,testing]"' in installation
    from rauth import __version__

    assert f"dist/rauth-{__version__}-py3-none-any.whl[testing]" in installation


def test_readme_says_how_to_build_the_docs() -> None:
    commands = _blocks("console", _section("Documentation"))
    assert commands == [
        '$ pip install ".[docs]"\n$ sphinx-build -W -b html docs docs/_build/html\n'
    ]


def test_project_urls_do_not_name_the_old_project() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[project.urls]\n" not in pyproject
    assert "Rauth Changelog" not in (ROOT / "CHANGELOG").read_text(encoding="utf-8")


def test_ci_has_what_the_browser_checks_need() -> None:
    # tests/browser_support.py skips without selenium, so the dev extra must
    # bring it; under CI=true it fails without chromium, so CI installs it
    # before the README's test command
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    dev = pyproject[pyproject.index("dev = [") :]
    assert '"selenium>=' in dev[: dev.index("]\n")]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tests = _blocks("console", _section("Try it"))[1].strip()
    assert 'if [ "${CI:-}" = "true" ]' in ci
    assert ci.index("chromium chromium-driver") < ci.index(tests)
