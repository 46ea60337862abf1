"""An independent verifier accepts thousands of random requests made by rauth.

Each request is generated from a seeded :class:`random.Random`, sent through
``OAuth1Session.request`` into a capture adapter and verified by oauthlib
(see ``signing_support.check_case``). Every signature method meets every
placement equally often. All rejections are collected, then reported
together, grouped by what differs between rauth's and oauthlib's base strings.
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter

import pytest
from signing_support import (
    PLACEMENTS,
    SIGNATURE_METHODS,
    RandomChooser,
    check_case,
    generate_case,
    report,
)

#: These tests check what is signed and sent, at plain-http example URLs;
#: the InsecureTransportWarning those raise is tested in test_transport.py.
pytestmark = pytest.mark.filterwarnings("ignore::rauth.InsecureTransportWarning")


#: How many requests to verify, and the seed that makes them reproducible.
REQUESTS = 3000
SEED = 5849

COMBINATIONS = [(name, placement) for name in SIGNATURE_METHODS for placement in PLACEMENTS]


def _kind(problems: list[str]) -> str:
    """Name a rejection by its first line and the components that differ."""
    lines = "\n".join(problems).splitlines()
    differs = [line.split(":")[0].strip() for line in lines if "differs:" in line]
    return ", ".join(differs) or lines[0][:100]


def test_oauthlib_accepts_every_random_request(
    caplog: pytest.LogCaptureFixture, record_property: pytest.RecordProperty
) -> None:
    chooser = RandomChooser(random.Random(SEED))
    failures = []
    started = time.perf_counter()
    with caplog.at_level(logging.ERROR, logger="rauth"):  # PLAINTEXT over http warns
        for index in range(REQUESTS):
            signature, placement = COMBINATIONS[index % len(COMBINATIONS)]
            case = generate_case(chooser, signature, placement)
            problems = check_case(case)
            if problems:
                failures.append((index, case, problems))
    elapsed = time.perf_counter() - started
    verified = REQUESTS - len(failures)
    record_property("requests_verified", f"{verified}/{REQUESTS}")
    print(f"oauthlib verified {verified} of {REQUESTS} random requests in {elapsed:.1f} s")

    kinds = Counter(_kind(problems) for _, _, problems in failures)
    examples = "\n\n".join(
        f"request #{index} (seed {SEED}):\n{report(case, problems)}"
        for index, case, problems in failures[:5]
    )
    assert not failures, (
        f"oauthlib rejected {len(failures)} of {REQUESTS} requests; "
        f"by difference: {dict(kinds.most_common())}\n\nfirst examples:\n{examples}"
    )
