"""Fixtures for the tests of :mod:`rauth.testing`, the loopback provider."""

from __future__ import annotations

import pytest
from extras import EXTRAS_REQUIRED

try:
    from rauth.testing.pytest_plugin import oauth_provider  # noqa: F401  # the fixture under test
except ImportError:  # without rauth[testing], each test module here is skipped
    if EXTRAS_REQUIRED:
        raise


@pytest.fixture(scope="session")
def rsa_key_pair() -> tuple[str, str]:
    """A fresh 2048-bit RSA key pair as PEM ``(private, public)``."""
    pytest.importorskip("jwt", reason="oauthlib's RSA signatures need PyJWT, from rauth[testing]")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
    return private, public
