"""benchmarks/bench.py: its oauthlib check rejects a wrong signature, so a
fast wrong signer cannot win, and accepts rauth's."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rauth_bench", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["rauth_bench"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "case",
    ["oauth1_get_3_params", "oauth1_get_3_params_header", "oauth1_post_form_10"],
)
def test_rauth_requests_verify_and_a_changed_one_does_not(bench: ModuleType, case: str) -> None:
    prepared = bench.CASES[case]()["rauth"]().request
    assert bench.verify_oauth1(prepared)
    tampered = prepared.copy()
    if prepared.body:
        tampered.body = prepared.body.replace("name0=", "name0=x")
    else:
        tampered.url = prepared.url.replace("since_id=12345", "since_id=12346")
    assert not bench.verify_oauth1(tampered)
