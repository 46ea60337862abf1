"""
rauth.__about__
---------------

Package metadata, read by ``pyproject.toml`` and re-exported by :mod:`rauth`.
"""

from __future__ import annotations

__all__ = [
    "__author__",
    "__copyright__",
    "__license__",
    "__title__",
    "__version__",
    "__version_info__",
]

__title__ = "rauth"
__version_info__ = ("0", "8", "0")
__version__ = ".".join(__version_info__)
__author__ = "Max Countryman and the rauth contributors"
__license__ = "MIT"
__copyright__ = "Copyright 2013 litl, 2026 the rauth contributors"
