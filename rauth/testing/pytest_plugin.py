"""
rauth.testing.pytest_plugin
---------------------------

A pytest fixture serving a fresh :class:`~rauth.testing.Provider` to each
test. Enable it in a ``conftest.py``::

    pytest_plugins = ["rauth.testing.pytest_plugin"]

then ask for ``oauth_provider``::

    def test_login(oauth_provider):
        assert oauth_provider.url.startswith("http://127.0.0.1:")
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from rauth.testing.provider import Provider

__all__ = ["oauth_provider"]

# pytest is the test runner's dependency, not rauth's; importing it at run
# time keeps ``mypy --python-version 3.9`` from parsing pytest's sources.
_pytest: Any = importlib.import_module("pytest")


def _oauth_provider() -> Iterator[Provider]:
    """A running provider with the default registrations, stopped after the
    test.

    :rtype: rauth.testing.Provider
    """
    with Provider() as provider:
        yield provider


#: Fixture: a running :class:`~rauth.testing.Provider`, one per test.
oauth_provider = _pytest.fixture(name="oauth_provider")(_oauth_provider)
