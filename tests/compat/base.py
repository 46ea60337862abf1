"""
rauth.test_base
---------------

Test suite common infrastructure.

Reconstructed from the original rauth 0.7.x ``tests/base.py`` and ported
minimally to Python 3:

  * ``mock`` -> ``unittest.mock``
  * nose's implicit collection replaced by plain ``unittest.TestCase``
    classes (collected by pytest).
"""

import json
import os
import sys
import unittest
import warnings
from datetime import datetime
from functools import wraps
from unittest.mock import Mock

import requests

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


class RauthTestCase(unittest.TestCase):
    def setUp(self):
        response = Mock()
        # NOTE: as in the original suite the fake response content is a
        # native ``str`` (the original suite ran unchanged on Python 3.3,
        # where ``json.dumps`` returns ``str``).
        response.content = json.dumps({"status": "ok"})
        response.headers = {"Content-Type": "application/json"}
        response.ok = True
        response.status_code = requests.codes.ok
        self.response = response

    def assert_ok(self, r):
        self.assertEqual(json.loads(r.content), {"status": "ok"})

    def assert_request_called_with(self, mock_request, *args, **kwargs):
        """``mock_request.assert_called_with(*args, **kwargs)``, exactly."""
        mock_request.assert_called_with(*args, **kwargs)


class MutableDatetime(datetime):
    def __new__(cls, *args, **kwargs):
        return datetime.__new__(datetime, *args, **kwargs)


def _new_func(func, name, params):
    @wraps(func)
    def test_func(self):
        return func(self, *params)

    test_func.__name__ = name
    test_func.__qualname__ = name
    return test_func


def parameterize(iterable, name_func=None):
    """
    Parameterizes a test method: for each tuple of parameters in `iterable`
    a new test method is injected into the enclosing class body, named
    ``<func name>_<index>`` (or ``<func name>_<name_func(params)>``). The
    decorated function itself is removed from the class (replaced by
    ``None``) so that it is not collected without its arguments.
    """

    def decorator(func):
        frame_locals = sys._getframe(1).f_locals
        for i, params in enumerate(iterable):
            if not isinstance(params, tuple):
                params = (params,)
            suffix = name_func(*params) if name_func is not None else str(i)
            name = f"{func.__name__}_{suffix}"
            frame_locals[name] = _new_func(func, name, params)
        return None

    return decorator


def read_data(name, mode="r"):
    with open(os.path.join(DATA_DIR, name), mode) as f:
        return f.read()


def oauthlib_hmac_sha1(method, url, params, consumer_secret, token_secret=None):
    """
    Independently computes an RFC 5849 HMAC-SHA1 signature with oauthlib.

    `params` is an iterable of (key, value) pairs: every request parameter
    that takes part in the signature (query, form body and oauth_* params;
    ``oauth_signature`` is skipped). Values are converted with ``str``.
    """
    from oauthlib.oauth1.rfc5849 import signature as s

    items = [(k, str(v)) for k, v in params if k != "oauth_signature" and v is not None]
    base_string = s.signature_base_string(
        method.upper(), s.base_string_uri(url), s.normalize_parameters(items)
    )
    with warnings.catch_warnings():
        # oauthlib deprecates the plain function in favour of the
        # *_with_client variant; the computation is the same.
        warnings.simplefilter("ignore", DeprecationWarning)
        return s.sign_hmac_sha1(base_string, consumer_secret, token_secret)


def have_oauthlib():
    try:
        import oauthlib.oauth1.rfc5849.signature  # noqa
    except ImportError:  # pragma: no cover
        return False
    return True
