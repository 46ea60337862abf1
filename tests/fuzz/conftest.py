"""The fuzz and leak tests print how much they ran: one line per entry
point with the number of examples, and the exceptions, reprs and log
records scanned for secrets."""

from __future__ import annotations

import pytest

from fuzz.support import FUZZ_COUNTS, LEAK_COUNTS, PROFILE


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FUZZ_COUNTS and not LEAK_COUNTS:
        return
    write = terminalreporter.write_line
    terminalreporter.section(f"rauth fuzz and leak counts (hypothesis profile {PROFILE})")
    for name, count in sorted(FUZZ_COUNTS.items()):
        write(f"fuzz {name}: {count} examples")
    if FUZZ_COUNTS:
        write(f"fuzz total: {sum(FUZZ_COUNTS.values())} examples, {len(FUZZ_COUNTS)} entry points")
    if LEAK_COUNTS:
        scanned = ", ".join(f"{count} {what}" for what, count in sorted(LEAK_COUNTS.items()))
        write(f"leaks scanned for secrets: {scanned}")
