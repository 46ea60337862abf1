"""Sphinx configuration of the rauth documentation.

Build the HTML with ``sphinx-build -W -b html docs docs/_build/html`` and run
every example with ``sphinx-build -W -b doctest docs docs/_build/doctest``:
the examples use :class:`rauth.testing.Provider`, so they run offline.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

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
# Furo (as pip, urllib3 and attrs use): a fluid layout that reads on a phone.
# The title, with the version, heads every page: in the sidebar and, on a
# phone, in the top bar. rauth.css wraps what would overflow a code block.
html_theme = "furo"
html_title = f"rauth {release}"
html_static_path = ["_static"]
html_css_files = ["rauth.css"]
html_show_sourcelink = False
html_theme_options = {"navigation_with_keys": True}


# -- requests' docstrings ----------------------------------------------------
# One of requests' docstrings (Session.get) wraps a field's text without
# indenting it, which docutils warns about; indent the continuation lines of
# fields in docstrings that come from requests.


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


# -- inherited members ----------------------------------------------------------
# Each session class documents its own members; what it inherits is linked,
# not repeated: RauthSession's methods to their entry on this page,
# requests.Session's to requests' documentation.

#: Where requests documents its Session class.
REQUESTS_SESSION_URL = "https://requests.readthedocs.io/en/latest/api/#requests.Session"


def _inherited(cls: type, base: type) -> list[str]:
    """The public methods *cls* gets unchanged from *base*'s own."""
    return sorted(
        name
        for name, value in vars(base).items()
        if not name.startswith("_") and callable(value) and getattr(cls, name) is value
    )


def _link_inherited_members(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    import requests

    from rauth.session import RauthSession

    if what != "class" or not isinstance(obj, type) or not issubclass(obj, requests.Session):
        return
    lines += ["", ".. rubric:: Inherited methods", ""]
    if obj is not RauthSession and issubclass(obj, RauthSession):
        # RauthSession's own and its rauth bases' (the verbs of rauth.verbs)
        rauth_bases = [b for b in RauthSession.__mro__ if b.__module__.startswith("rauth.")]
        rauth_names = sorted({n for base in rauth_bases for n in _inherited(obj, base)})
        links = [f":meth:`~rauth.session.RauthSession.{n}`" for n in rauth_names]
        lines += [f"From :class:`rauth.session.RauthSession`: {', '.join(links)}.", ""]
    names = {n for base in requests.Session.__mro__[:-1] for n in _inherited(obj, base)}
    links = [f"`{n} <{REQUESTS_SESSION_URL}.{n}>`__" for n in sorted(names)]
    lines += [f"From `requests.Session <{REQUESTS_SESSION_URL}>`__: {', '.join(links)}.", ""]


# -- the demo's output -----------------------------------------------------------
# ``.. demo-output:: oauth1`` runs ``python -m rauth.demo --flow oauth1`` at
# build time, against rauth.testing's provider, and shows what it printed:
# the docs show the demo's real output, never a stale copy.

#: The width the demo wraps to in the docs: it fits a code block at 1280 px.
DEMO_WIDTH = 76


class DemoOutput(SphinxDirective):
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        from rauth import demo

        args = ["--width", str(DEMO_WIDTH)]
        if self.arguments:
            args += ["--flow", self.arguments[0]]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = demo.main(args)
        if status != 0:
            raise self.error(f"python -m rauth.demo {' '.join(args)} failed: {err.getvalue()}")
        text = out.getvalue().rstrip("\n")
        return [nodes.literal_block(text, text, language="text")]


def setup(app: Sphinx) -> None:
    app.add_directive("demo-output", DemoOutput)
    app.connect("autodoc-process-docstring", _fix_requests_docstring)
    app.connect("autodoc-process-docstring", _strip_module_title)
    app.connect("autodoc-process-docstring", _link_inherited_members)
