"""
rauth.test_service
------------------

Test suite for rauth.service (shared mixins + generic service tests).

Reconstructed from the original rauth 0.7.x ``tests/test_service.py``;
ported to Python 3 / unittest.mock.
"""

import json
import pickle
from copy import deepcopy
from unittest.mock import patch

import requests

from rauth.service import PROCESS_TOKEN_ERROR, Service, process_token_request
from rauth.utils import parse_utf8_qsl

from .base import RauthTestCase, parameterize

# Every HTTP method the original suite exercised through the fake request
# machinery.
ALL_METHODS = ("GET", "HEAD", "OPTIONS", "DELETE", "POST", "PUT", "PATCH")


def _kwargs_variants():
    """Request keyword arguments, as an application might pass them."""
    return [
        ("none", {}),
        ("params_dict", {"params": {"foo": "bar"}}),
        ("params_dict_two", {"params": {"foo": "bar", "a": "b"}}),
        ("params_string", {"params": "foo=bar"}),
        ("params_string_two", {"params": "foo=bar&a=b"}),
        ("params_unicode", {"params": {"foo": "b\xe4r"}}),
        ("params_none_value", {"params": {"foo": "bar", "empty": None}}),
        ("data_dict", {"data": {"foo": "bar"}}),
        ("data_unicode", {"data": {"foo": "b\xe4r"}}),
        ("data_string", {"data": "foo=bar"}),
        ("params_and_data", {"params": {"a": "b"}, "data": {"foo": "bar"}}),
        ("headers", {"headers": {"X-Foo": "bar"}}),
        (
            "headers_json_body",
            {"headers": {"Content-Type": "application/json"}, "data": json.dumps({"foo": "bar"})},
        ),
        ("params_snowman", {"params": {"snowman": "\u2603"}}),
        ("params_unicode_key", {"params": {"\u2603": "snowman"}}),
        ("params_bytes_value", {"params": {"foo": b"bar"}}),
        ("data_snowman", {"data": {"snowman": "\u2603"}}),
        ("params_space", {"params": {"q": "a b"}}),
        ("params_equals_slash", {"params": {"q": "http://x/?a=b"}}),
        ("params_reserved_chars", {"params": {"q": "a b&c=d/e?f+g~h%"}}),
        ("data_reserved_chars", {"data": {"q": "a b&c=d/e?f+g~h%"}}),
        ("files", {"files": {"file": ("foo.txt", "foo")}}),
        ("files_and_data", {"files": {"file": ("foo.txt", "foo")}, "data": {"foo": "bar"}}),
        ("allow_redirects", {"allow_redirects": False}),
        ("timeout", {"timeout": 10}),
    ]


def input_product_gen():
    for method in ALL_METHODS:
        for name, kwargs in _kwargs_variants():
            yield (method, name, kwargs)


def _product_name(method, name, kwargs):
    return f"{method}_{name}"


class HttpMixin:
    """
    Exercises the Requests' verbs exposed by the session object. `session`
    and `fake_request` are provided by the concrete test case.
    """

    http_url = "http://example.com/"

    def test_head(self):
        r = self.session.head(self.http_url)
        self.assert_ok(r)

    def test_get(self):
        r = self.session.get(self.http_url)
        self.assert_ok(r)

    def test_get_with_params(self):
        r = self.session.get(self.http_url, params={"foo": "bar"})
        self.assert_ok(r)

    def test_options(self):
        r = self.session.options(self.http_url)
        self.assert_ok(r)

    def test_post(self):
        r = self.session.post(self.http_url)
        self.assert_ok(r)

    def test_post_with_data(self):
        r = self.session.post(self.http_url, data={"foo": "bar"})
        self.assert_ok(r)

    def test_put(self):
        r = self.session.put(self.http_url)
        self.assert_ok(r)

    def test_patch(self):
        r = self.session.patch(self.http_url)
        self.assert_ok(r)

    def test_delete(self):
        r = self.session.delete(self.http_url)
        self.assert_ok(r)


class RequestMixin:
    """
    Exercises `session.request` with many combinations of HTTP methods and
    keyword arguments. The concrete test case's `fake_request` computes the
    keyword arguments rauth is expected to hand down to
    `requests.Session.request` and asserts them.
    """

    @parameterize(input_product_gen(), name_func=_product_name)
    def test_request(self, method, name, kwargs):
        if name in getattr(self, "skip_variants", ()):
            self.skipTest(self.skip_variants[name])
        r = self.session.request(method, "http://example.com/", **deepcopy(kwargs))
        self.assert_ok(r)

    def test_request_relative_url(self):
        r = self.session.request("GET", "foo")
        self.assert_ok(r)

    def test_request_relative_url_with_params(self):
        r = self.session.request("GET", "foo/bar", params={"a": "b"})
        self.assert_ok(r)

    @parameterize(ALL_METHODS)
    def test_request_does_not_mutate_caller_kwargs(self, method):
        # Caller-owned dicts must never be modified by rauth. (`fake_request`
        # hands rauth a deepcopy, so a real session is used here.)
        params = {"foo": "bar", "oauth_callback": "http://example.com/cb"}
        data = {"a": "b", "oauth_verifier": "v"}
        headers = {"X-Foo": "bar"}
        with patch.object(requests.Session, "request") as mock_request:
            mock_request.return_value = self.response
            session = self.make_session()
            r = session.request(
                method, "http://example.com/", params=params, data=data, headers=headers
            )
        self.assert_ok(r)
        self.assertEqual(params, {"foo": "bar", "oauth_callback": "http://example.com/cb"})
        self.assertEqual(data, {"a": "b", "oauth_verifier": "v"})
        self.assertEqual(headers, {"X-Foo": "bar"})
        self.assertEqual(list(headers.keys()), ["X-Foo"])

    @parameterize(ALL_METHODS)
    def test_request_does_not_mutate_caller_kwargs_files(self, method):
        # multipart upload: form fields in `data` next to `files`
        params = {"oauth_callback": "http://example.com/cb"}
        data = {"a": "b", "oauth_verifier": "v"}
        files = {"file": ("foo.txt", "foo")}
        with patch.object(requests.Session, "request") as mock_request:
            mock_request.return_value = self.response
            session = self.make_session()
            session.request(method, "http://example.com/", params=params, data=data, files=files)
        self.assertEqual(params, {"oauth_callback": "http://example.com/cb"})
        self.assertEqual(data, {"a": "b", "oauth_verifier": "v"})
        self.assertEqual(files, {"file": ("foo.txt", "foo")})

    @parameterize(ALL_METHODS)
    def test_request_does_not_mutate_caller_kwargs_json_type(self, method):
        data = {"a": "b", "oauth_verifier": "v"}
        headers = {"Content-Type": "application/json"}
        with patch.object(requests.Session, "request") as mock_request:
            mock_request.return_value = self.response
            session = self.make_session()
            session.request(method, "http://example.com/", data=data, headers=headers)
        self.assertEqual(data, {"a": "b", "oauth_verifier": "v"})
        self.assertEqual(headers, {"Content-Type": "application/json"})

    @parameterize(ALL_METHODS)
    def test_request_does_not_mutate_caller_kwargs_repeated(self, method):
        # The same dicts reused for several requests (a common application
        # pattern) must produce identical requests each time.
        params = {"foo": "bar"}
        data = {"a": "b"}
        calls = []
        with patch.object(requests.Session, "request") as mock_request:
            mock_request.return_value = self.response
            session = self.make_session()
            for _ in range(2):
                session.request(method, "http://example.com/", params=params, data=data)
                calls.append(deepcopy(mock_request.call_args[1]))
        self.assertEqual(params, {"foo": "bar"})
        self.assertEqual(data, {"a": "b"})
        self.assertEqual(set(calls[0].keys()), set(calls[1].keys()))
        for key in ("params", "data"):
            first, second = calls[0].get(key), calls[1].get(key)
            if isinstance(first, dict):
                self.assertEqual(set(first), set(second))


class ProcessTokenRequestTestCase(RauthTestCase):
    def test_process_token_request_missing_key_shows_response(self):
        # rauth 0.7.2 formats the provider's response verbatim into the
        # message (raw=r.content). Deliberate difference: the values of
        # secret keys are hidden, since secrets must never reach a message
        # (see "Upgrading from rauth 0.7"); the rest is shown verbatim.
        self.response.content = "oauth_token_secret=bar&x=y"
        with self.assertRaises(KeyError) as e:
            process_token_request(
                self.response, parse_utf8_qsl, "oauth_token", "oauth_token_secret"
            )
        self.assertEqual(
            e.exception.args[0],
            PROCESS_TOKEN_ERROR.format(key="oauth_token", raw="oauth_token_secret=***&x=y"),
        )
        self.assertNotIn("bar", e.exception.args[0])

    def test_process_token_request_missing_key_shows_json_response(self):
        # as above: the JSON is shown with the access token's value hidden
        raw = json.dumps({"access_token": "123", "token_type": "bearer"})
        self.response.content = raw
        with self.assertRaises(KeyError) as e:
            process_token_request(self.response, json.loads, "token")
        self.assertEqual(
            e.exception.args[0],
            PROCESS_TOKEN_ERROR.format(key="token", raw=raw.replace('"123"', '"***"')),
        )

    def test_process_token_request(self):
        self.response.content = "oauth_token=foo&oauth_token_secret=bar"
        self.assertEqual(
            process_token_request(
                self.response, parse_utf8_qsl, "oauth_token", "oauth_token_secret"
            ),
            ("foo", "bar"),
        )

    def test_process_token_request_bytes(self):
        self.response.content = b"oauth_token=foo&oauth_token_secret=bar"
        self.assertEqual(
            process_token_request(
                self.response, parse_utf8_qsl, "oauth_token", "oauth_token_secret"
            ),
            ("foo", "bar"),
        )

    def test_process_token_request_json(self):
        self.response.content = json.dumps({"access_token": "123"})
        self.assertEqual(process_token_request(self.response, json.loads, "access_token"), ("123",))

    def test_process_token_request_missing_key(self):
        self.response.content = "oauth_token=foo"
        with self.assertRaises(KeyError) as e:
            process_token_request(
                self.response, parse_utf8_qsl, "oauth_token", "oauth_token_secret"
            )
        self.assertEqual(
            e.exception.args[0],
            PROCESS_TOKEN_ERROR.format(key="oauth_token_secret", raw="oauth_token=foo"),
        )

    def test_process_token_request_missing_key_bytes(self):
        self.response.content = b"error=invalid_client"
        with self.assertRaises(KeyError) as e:
            process_token_request(self.response, parse_utf8_qsl, "access_token")
        msg = e.exception.args[0]
        self.assertIn("access_token", msg)
        self.assertIn("error=invalid_client", msg)
        self.assertTrue(
            msg.startswith(
                "Decoder failed to handle access_token with data as returned by provider."
            ),
            msg,
        )

    def test_process_token_error_template(self):
        self.assertEqual(
            PROCESS_TOKEN_ERROR,
            "Decoder failed to handle {key} with data as "
            "returned by provider. A different decoder may be "
            "needed. Provider returned: {raw}",
        )


class ServiceTestCase(RauthTestCase):
    def test_init(self):
        service = Service("service", "http://example.com/api/", "http://example.com/authorize")
        self.assertEqual(service.name, "service")
        self.assertEqual(service.base_url, "http://example.com/api/")
        self.assertEqual(service.authorize_url, "http://example.com/authorize")

    def test_pickle(self):
        service = Service("service", "http://example.com/api/", "http://example.com/authorize")
        service = pickle.loads(pickle.dumps(service))
        self.assertEqual(service.name, "service")
        self.assertEqual(service.base_url, "http://example.com/api/")
        self.assertEqual(service.authorize_url, "http://example.com/authorize")

    def test_getstate(self):
        service = Service("service", "http://example.com/api/", "http://example.com/authorize")
        state = service.__getstate__()
        self.assertEqual(state["name"], "service")
        self.assertEqual(state["base_url"], "http://example.com/api/")
        self.assertEqual(state["authorize_url"], "http://example.com/authorize")
