"""Optional extras in the tests: a test that needs an extra that is not
installed is skipped with a reason naming it (see the hooks in
``conftest.py``), unless ``RAUTH_TEST_EXTRAS=required``, as in CI, where it
fails."""

from __future__ import annotations

import importlib.util
import os
import re

import pytest

#: The module each optional extra installs, and the extra.
EXTRA_MODULES = {
    "cryptography": "rsa",
    "oauthlib": "testing",
    "jwt": "testing",
    "flask": "examples",
    "sphinx": "docs",
}

#: Set (as CI does) to make a missing extra fail the tests that need it.
EXTRAS_REQUIRED = os.environ.get("RAUTH_TEST_EXTRAS") == "required"

# install hints quote the extra (zsh): pip install "rauth[testing]"
_NO_MODULE = re.compile(r"No module named '([\w]+)|pip install \"?rauth\[(\w+)\]")


def skip_reason(extra: str) -> str:
    """The reason given for a test skipped because ``extra`` is missing."""
    return f"needs the optional extra rauth[{extra}]: pip install -e '.[{extra}]'"


def require_extra(module: str) -> None:
    """Skip the calling conftest's directory (or test module) when the extra
    that installs ``module`` is missing, unless extras are required."""
    if not EXTRAS_REQUIRED and importlib.util.find_spec(module) is None:
        pytest.skip(skip_reason(EXTRA_MODULES[module]), allow_module_level=True)


def missing_extra(error_text: str) -> str | None:
    """Return the extra a failure's text shows missing, if it is really missing."""
    for match in _NO_MODULE.finditer(error_text):
        module, extra = match.groups()
        if module in EXTRA_MODULES and importlib.util.find_spec(module) is None:
            return EXTRA_MODULES[module]
        modules = [name for name, named in EXTRA_MODULES.items() if named == extra]
        if modules and any(importlib.util.find_spec(name) is None for name in modules):
            return extra
    return None


#: A skip reason that says an optional dependency is missing.
_MISSING_DEPENDENCY = re.compile(
    r"rauth\[|no module named|could not import|not installed|(?:is|are) required"
    r"|needs? (?:PyJWT|oauthlib|cryptography|Sphinx|Flask|pycryptodome)",
    re.IGNORECASE,
)


def says_dependency_missing(skip_text: str) -> bool:
    """Tell whether a skip's reason says an optional dependency is missing."""
    return _MISSING_DEPENDENCY.search(skip_text) is not None
