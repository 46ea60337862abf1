"""
rauth.errors
------------

Exceptions raised by rauth. Each one subclasses the builtin exception that
code written for rauth 0.7 already catches, and none of them ever carries a
secret in its message.
"""

from __future__ import annotations

__all__ = ["MissingDependencyError", "MissingUserIdError"]


def _install_hint(extra: str) -> str:
    """How to install an extra, quoted for every shell: into the rauth that
    is installed, or from a checkout of rauth (it is not released yet)."""
    return f'pip install "rauth[{extra}]" (in a checkout of rauth: pip install ".[{extra}]")'


class MissingDependencyError(ImportError, NotImplementedError):
    """An optional dependency of a feature is not installed.

    It is an :class:`ImportError` and, as rauth 0.7 raised for RSA-SHA1
    without PyCrypto, a :class:`NotImplementedError`.

    :param feature: What needs the dependency, e.g. ``'RSA-SHA1'``.
    :type feature: str
    :param extra: The extra that installs it, e.g. ``'rsa'``.
    :type extra: str
    """

    def __init__(self, feature: str, extra: str) -> None:
        #: What needs the missing dependency.
        self.feature = feature
        #: The extra that installs it: ``pip install "rauth[extra]"``.
        self.extra = extra
        super().__init__(
            f"{feature} needs an optional dependency: install it with {_install_hint(extra)}"
        )


class MissingUserIdError(ValueError, AssertionError):
    """An Ofly request was made without an ``oflyUserid``.

    rauth 0.7 checked this with ``assert``, so this is also an
    :class:`AssertionError`; it is raised even under ``python -O``.
    """

    def __init__(self) -> None:
        # rauth 0.7's message, word for word; pass ``user_id`` to OflySession,
        # to OflyService.get_auth_session or to the request itself.
        super().__init__("An oflyUserid must be provided as `user_id`.")
