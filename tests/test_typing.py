"""The typed user script (``tests/typing/user_code.py``, which CI checks with
``mypy --strict``) runs as written against the embedded provider."""

from __future__ import annotations

import runpy
from pathlib import Path

USER_CODE = Path(__file__).parent / "typing" / "user_code.py"


def test_typed_user_code_runs() -> None:
    namespace = runpy.run_path(str(USER_CODE))
    assert namespace["main"]() == ["alice", "alice", "alice", "alice"]
