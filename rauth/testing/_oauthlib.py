"""
rauth.testing._oauthlib
-----------------------

The one place :mod:`rauth.testing` imports its optional dependency,
oauthlib, so that a missing install says which extra to add.
"""

from __future__ import annotations

from rauth.errors import _install_hint

try:
    from oauthlib import oauth1, oauth2
    from oauthlib.common import urldecode
    from oauthlib.oauth1.rfc5849 import utils as oauth1_utils
    from oauthlib.oauth2.rfc6749 import (
        errors as oauth2_errors,
    )
    from oauthlib.openid.connect.core.grant_types.base import GrantTypeBase as OpenIDGrant
except ImportError as exc:  # pragma: no cover - exercised without oauthlib
    raise ImportError(f"rauth.testing needs oauthlib: {_install_hint('testing')}") from exc

__all__ = ["OpenIDGrant", "oauth1", "oauth1_utils", "oauth2", "oauth2_errors", "urldecode"]
