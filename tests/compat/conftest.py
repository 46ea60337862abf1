"""
Make the package under test importable when running
``pytest tests/compat`` from the repository root without installing it.

(The original rauth suite was run with nose from the repository root, which
put both the project root and ``tests/`` on ``sys.path``.)
"""

import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
