"""Sphinx configuration of the rauth documentation.

Build the HTML with ``sphinx-build -W -b html docs docs/_build/html`` and run
every example with ``sphinx-build -W -b doctest docs docs/_build/doctest``:
the examples use :class:`rauth.testing.Provider`, so they run offline.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Document the rauth of this checkout, installed or not.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rauth  # noqa: E402

project = "rauth"
author = rauth.__author__
copyright = rauth.__copyright__
version = ".".join(rauth.__version_info__[:2])
release = rauth.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
]

# Offline: no intersphinx. References to requests' classes render as text.
exclude_patterns = ["_build"]
root_doc = "index"
source_suffix = {".rst": "restructuredtext"}
pygments_style = "sphinx"

# -- autodoc -----------------------------------------------------------------
# Signatures as rauth 0.7 documented them: names and defaults, no
# annotations. The types come from the docstrings' ``:type:`` and ``:rtype:``
# fields (requests' own annotations name private aliases such as _t.UriType).
autodoc_typehints = "none"
autodoc_member_order = "alphabetical"
autodoc_preserve_defaults = False
add_module_names = True

# -- doctest -----------------------------------------------------------------
# Every ``testcode`` and ``>>>`` block of the guides runs against
# rauth.testing.Provider on 127.0.0.1; nothing leaves the machine.
doctest_test_doctest_blocks = "default"
trim_doctest_flags = True

# -- HTML --------------------------------------------------------------------
html_theme = "alabaster"
html_title = f"rauth {release}"
html_theme_options = {
    "description": "OAuth 1.0/a, 2.0 and Ofly for Requests",
    "fixed_sidebar": False,
}
html_sidebars = {"**": ["about.html", "navigation.html", "relations.html", "searchbox.html"]}
html_static_path: list[str] = []
html_show_sourcelink = False


# -- requests' docstrings ----------------------------------------------------
# The sessions inherit requests.Session's methods, documented as rauth 0.7's
# reference listed them. One of requests' docstrings (Session.get) wraps a
# field's text without indenting it, which docutils warns about; indent the
# continuation lines of fields in docstrings that come from requests.


def _indent_field_continuations(lines: list[str]) -> None:
    in_field = False
    for index, line in enumerate(lines):
        if line.startswith(":"):
            in_field = True
        elif not line.strip():
            in_field = False
        elif in_field and not line.startswith(" "):
            lines[index] = "   " + line


def _fix_requests_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if getattr(obj, "__module__", "").startswith("requests."):
        _indent_field_continuations(lines)


# -- module docstrings --------------------------------------------------------
# rauth's module docstrings open with their name as a title (rauth 0.7's
# header); the reference gives each module its own section title instead.


def _strip_module_title(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if what == "module" and len(lines) >= 2 and lines[0] == name and set(lines[1]) == {"-"}:
        del lines[:2]
        while lines and not lines[0].strip():
            del lines[0]


def setup(app: Sphinx) -> None:
    app.connect("autodoc-process-docstring", _fix_requests_docstring)
    app.connect("autodoc-process-docstring", _strip_module_title)
