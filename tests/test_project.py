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
