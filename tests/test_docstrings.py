"""Every example in a public docstring runs: ``>>>`` examples are doctests,
run here against rauth.testing's provider on 127.0.0.1 (the examples start
it themselves, as a reader would), and no docstring shows Python in a
literal block that is not a doctest.

``help(rauth.OAuth1Service)`` shows rauth 0.7's prose with examples that
work as written.
"""

from __future__ import annotations

import doctest
import importlib
import re
from types import ModuleType

import pytest

#: Every module with public docstrings.
MODULES = [
    "rauth",
    "rauth.canonical",
    "rauth.compat",
    "rauth.demo",
    "rauth.errors",
    "rauth.oauth",
    "rauth.oauth1_flows",
    "rauth.prepared",
    "rauth.service",
    "rauth.session",
    "rauth.utils",
    "rauth.testing",
    "rauth.testing.consent",
    "rauth.testing.messages",
    "rauth.testing.ofly",
    "rauth.testing.paths",
    "rauth.testing.provider",
    "rauth.testing.pytest_plugin",
    "rauth.testing.store",
]

#: Literal blocks that are not Python sessions, and why they stay as they are.
NOT_PYTHON = {
    "rauth.testing.ofly": "the signature's formula",
    "rauth.testing.pytest_plugin": "a conftest.py line and a test function, as pytest runs them",
    "rauth.demo": "the command line",
}

#: The class docstrings that carry rauth 0.7's worked examples.
CLASS_EXAMPLES = [
    "rauth.OAuth1Service",
    "rauth.OAuth2Service",
    "rauth.OflyService",
    "rauth.OAuth1Session",
    "rauth.OAuth2Session",
    "rauth.OflySession",
]

_LITERAL_BLOCK = re.compile(r"::\n\n((?:[ \t]+\S.*\n|\n)+)")


def _doctests() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    found: dict[str, doctest.DocTest] = {}
    for name in MODULES:
        for test in finder.find(importlib.import_module(name), name):
            if test.examples:
                found.setdefault(test.name, test)
    return sorted(found.values(), key=lambda test: test.name)


DOCTESTS = _doctests()


@pytest.mark.parametrize("test", DOCTESTS, ids=[test.name for test in DOCTESTS])
def test_docstring_example_runs(test: doctest.DocTest) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures: list[str] = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)


@pytest.mark.parametrize("name", CLASS_EXAMPLES)
def test_class_docstring_runs_a_whole_flow(name: str) -> None:
    tests = {test.name: test for test in DOCTESTS}
    owner = name.replace("rauth.", "rauth.service." if "Service" in name else "rauth.session.")
    examples = tests[owner].examples
    sources = "".join(example.source for example in examples)
    assert "Provider(" in sources
    assert "provider.stop()" in sources
    assert any(example.want == "alice\n" for example in examples)


def _docstrings(module: ModuleType) -> list[tuple[str, str]]:
    found = [(module.__name__, module.__doc__ or "")]
    for public in getattr(module, "__all__", []):
        value = getattr(module, public)
        found.append((f"{module.__name__}.{public}", getattr(value, "__doc__", None) or ""))
        for member, attribute in vars(value).items() if isinstance(value, type) else ():
            doc = getattr(attribute, "__doc__", None)
            if not member.startswith("_") and isinstance(doc, str):
                found.append((f"{module.__name__}.{public}.{member}", doc))
    return found


@pytest.mark.parametrize("module_name", MODULES)
def test_every_python_example_is_a_doctest(module_name: str) -> None:
    module = importlib.import_module(module_name)
    for where, doc in _docstrings(module):
        if module_name in NOT_PYTHON and where == module_name:
            continue
        for block in _LITERAL_BLOCK.findall(doc.expandtabs() + "\n"):
            first = block.strip().splitlines()[0]
            assert first.startswith(">>>"), f"{where} shows code that does not run: {first}"
