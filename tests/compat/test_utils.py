"""
rauth.test_utils
----------------

Test suite for rauth.utils.

Reconstructed from the original rauth 0.7.x ``tests/test_utils.py``;
ported to Python 3 / unittest.mock.
"""

import requests
from requests.auth import AuthBase

from rauth.utils import (
    ENTITY_METHODS,
    FORM_URLENCODED,
    OPTIONAL_OAUTH_PARAMS,
    CaseInsensitiveDict,
    OAuth1Auth,
    OAuth2Auth,
    absolute_url,
    get_sorted_params,
    parse_utf8_qsl,
)

from .base import RauthTestCase


class UtilsTestCase(RauthTestCase):
    def test_constants(self):
        self.assertEqual(FORM_URLENCODED, "application/x-www-form-urlencoded")
        self.assertEqual(tuple(ENTITY_METHODS), ("POST", "PUT", "PATCH"))
        self.assertEqual(
            tuple(OPTIONAL_OAUTH_PARAMS), ("oauth_callback", "oauth_verifier", "oauth_version")
        )

    def test_absolute_url(self):
        self.assertTrue(absolute_url("http://example.com/"))

    def test_absolute_url_https(self):
        self.assertTrue(absolute_url("https://example.com/"))

    def test_not_absolute_url(self):
        self.assertFalse(absolute_url("/some/resource"))

    def test_not_absolute_url_relative(self):
        self.assertFalse(absolute_url("some/resource"))

    def test_parse_utf8_qsl(self):
        d = parse_utf8_qsl("f\xfc=bar&rauth=\xfcber")
        self.assertEqual(d, {"rauth": "\xfcber", "f\xfc": "bar"})

    def test_parse_utf8_qsl_bytes(self):
        d = parse_utf8_qsl("f\xfc=bar&rauth=\xfcber".encode())
        self.assertEqual(d, {"rauth": "\xfcber", "f\xfc": "bar"})
        for k, v in d.items():
            self.assertIsInstance(k, str)
            self.assertIsInstance(v, str)

    def test_parse_utf8_qsl_percent_encoded(self):
        d = parse_utf8_qsl(b"f%C3%BC=bar&rauth=%C3%BCber")
        self.assertEqual(d, {"rauth": "\xfcber", "f\xfc": "bar"})
        d = parse_utf8_qsl("f%C3%BC=bar&rauth=%C3%BCber")
        self.assertEqual(d, {"rauth": "\xfcber", "f\xfc": "bar"})

    def test_parse_utf8_qsl_token_response(self):
        s = "oauth_token=foo&oauth_token_secret=bar&oauth_callback_confirmed=true"
        expected = {
            "oauth_token": "foo",
            "oauth_token_secret": "bar",
            "oauth_callback_confirmed": "true",
        }
        self.assertEqual(parse_utf8_qsl(s), expected)
        self.assertEqual(parse_utf8_qsl(s.encode("ascii")), expected)

    def test_parse_utf8_qsl_many_keys_bytes(self):
        s = "&".join(f"k{i}=v{i}" for i in range(50))
        expected = dict((f"k{i}", f"v{i}") for i in range(50))
        self.assertEqual(parse_utf8_qsl(s.encode("ascii")), expected)
        self.assertEqual(parse_utf8_qsl(s), expected)

    def test_parse_utf8_qsl_plus_is_space(self):
        self.assertEqual(parse_utf8_qsl(b"a=b+c&d=e%20f"), {"a": "b c", "d": "e f"})

    def test_parse_utf8_qsl_blank_values_dropped(self):
        # urllib's parse_qsl drops blank values by default
        self.assertEqual(parse_utf8_qsl("a=&b=c"), {"b": "c"})
        self.assertEqual(parse_utf8_qsl(b"a=&b=c"), {"b": "c"})

    def test_parse_utf8_qsl_empty(self):
        self.assertEqual(parse_utf8_qsl(""), {})
        self.assertEqual(parse_utf8_qsl(b""), {})

    def test_parse_utf8_qsl_duplicate_keys_last_wins(self):
        self.assertEqual(parse_utf8_qsl("a=1&a=2"), {"a": "2"})
        self.assertEqual(parse_utf8_qsl(b"a=1&a=2"), {"a": "2"})

    def test_get_sorted_params(self):
        self.assertEqual(get_sorted_params({"foo": "bar", "a": "b"}), "a=b&foo=bar")

    def test_get_sorted_params_single(self):
        self.assertEqual(get_sorted_params({"foo": "bar"}), "foo=bar")

    def test_get_sorted_params_empty(self):
        self.assertEqual(get_sorted_params({}), "")

    def test_get_sorted_params_not_encoded(self):
        # Ofly signing uses the raw, unescaped values
        self.assertEqual(get_sorted_params({"b": "x y", "a": "http://z/"}), "a=http://z/&b=x y")

    def test_case_insensitive_dict_input(self):
        d = CaseInsensitiveDict({"Content-Type": "foo"})
        self.assertEqual(d["content-type"], "foo")
        self.assertEqual(d["CONTENT-TYPE"], "foo")
        self.assertIn("Content-Type", d)
        self.assertEqual(d, {"content-type": "foo"})

    def test_case_insensitive_dict_lowers_keys(self):
        # rauth's CaseInsensitiveDict stores lowered keys
        d = CaseInsensitiveDict({"Content-Type": "foo", "X-Bar": "baz"})
        self.assertEqual(sorted(d.keys()), ["content-type", "x-bar"])

    def test_case_insensitive_dict_list_input(self):
        d = CaseInsensitiveDict([("Content-Type", "foo")])
        self.assertEqual(d["content-type"], "foo")
        self.assertEqual(list(d.keys()), ["content-type"])

    def test_case_insensitive_dict_none(self):
        d = CaseInsensitiveDict()
        self.assertEqual(len(d), 0)
        d = CaseInsensitiveDict(None)
        self.assertEqual(len(d), 0)

    def test_case_insensitive_dict_does_not_mutate_input(self):
        headers = {"Content-Type": "foo"}
        d = CaseInsensitiveDict(headers)
        d["X-Foo"] = "bar"
        d.update({"X-Bar": "baz"})
        self.assertEqual(headers, {"Content-Type": "foo"})

    def test_case_insensitive_dict_setdefault(self):
        d = CaseInsensitiveDict({"Content-Type": "foo"})
        d.setdefault("CONTENT-TYPE", "bar")
        self.assertEqual(d["content-type"], "foo")
        d.setdefault("X-Foo", "baz")
        self.assertEqual(d["x-foo"], "baz")
        self.assertIn("x-foo", list(d.keys()))

    def test_case_insensitive_dict_update(self):
        d = CaseInsensitiveDict()
        d.update({"Content-Type": "foo"})
        self.assertEqual(d["content-type"], "foo")
        d.update({"CONTENT-TYPE": "bar"})
        self.assertEqual(d["content-type"], "bar")
        self.assertEqual(len(d), 1)
        self.assertEqual(list(d.keys()), ["content-type"])

    def test_case_insensitive_dict_is_requests_cidict(self):
        self.assertIsInstance(CaseInsensitiveDict(), requests.structures.CaseInsensitiveDict)

    def test_case_insensitive_dict_get(self):
        d = CaseInsensitiveDict({"Content-Type": FORM_URLENCODED})
        self.assertEqual(d.get("Content-Type"), FORM_URLENCODED)
        self.assertIsNone(d.get("Authorization"))
        self.assertEqual(d.get("Authorization", ""), "")


class OAuth1AuthTestCase(RauthTestCase):
    def test_oauth1_auth(self):
        oauth_params = {
            "oauth_consumer_key": "123",
            "oauth_nonce": "abc",
            "oauth_signature_method": "HMAC-SHA1",
            "oauth_timestamp": 1,
            "oauth_version": "1.0",
            "oauth_signature": "a/b+c=",
        }
        auth = OAuth1Auth(oauth_params)
        self.assertIsInstance(auth, AuthBase)
        r = auth(requests.Request())
        self.assertEqual(
            r.headers["Authorization"],
            'OAuth realm="",'
            'oauth_consumer_key="123",'
            'oauth_nonce="abc",'
            'oauth_signature_method="HMAC-SHA1",'
            'oauth_timestamp="1",'
            'oauth_version="1.0",'
            'oauth_signature="a%2Fb%2Bc%3D"',
        )

    def test_oauth1_auth_realm(self):
        auth = OAuth1Auth({"oauth_consumer_key": "123"}, realm="http://example.com/")
        r = auth(requests.Request())
        self.assertEqual(
            r.headers["Authorization"], 'OAuth realm="http://example.com/",oauth_consumer_key="123"'
        )

    def test_oauth1_auth_realm_none(self):
        auth = OAuth1Auth({"oauth_consumer_key": "123"}, None)
        r = auth(requests.Request())
        self.assertEqual(r.headers["Authorization"], 'OAuth realm="",oauth_consumer_key="123"')

    def test_oauth1_auth_escapes_values(self):
        auth = OAuth1Auth({"oauth_callback": "http://example.com/cb?a=b c", "oauth_token": "\xfc~"})
        r = auth(requests.Request())
        self.assertEqual(
            r.headers["Authorization"],
            'OAuth realm="",'
            'oauth_callback="http%3A%2F%2Fexample.com%2Fcb'
            '%3Fa%3Db%20c",'
            'oauth_token="%C3%BC~"',
        )

    def test_oauth1_auth_on_prepared_request(self):
        auth = OAuth1Auth({"oauth_consumer_key": "123"})
        p = requests.Request("GET", "http://example.com/", auth=auth).prepare()
        self.assertEqual(p.headers["Authorization"], 'OAuth realm="",oauth_consumer_key="123"')


class OAuth2AuthTestCase(RauthTestCase):
    def test_oauth2_auth(self):
        auth = OAuth2Auth("123")
        self.assertIsInstance(auth, AuthBase)
        r = auth(requests.Request())
        self.assertEqual(r.headers["Authorization"], "Bearer 123")
        self.assertEqual(auth.access_token, "123")

    def test_oauth2_auth_on_prepared_request(self):
        p = requests.Request("GET", "http://example.com/", auth=OAuth2Auth("123")).prepare()
        self.assertEqual(p.headers["Authorization"], "Bearer 123")
