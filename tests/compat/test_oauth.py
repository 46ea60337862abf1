"""
rauth.test_oauth
----------------

Test suite for rauth.oauth.

Reconstructed from the original rauth 0.7.x ``tests/test_oauth.py``;
ported to Python 3 / unittest.mock.

Every expected signature literal below was recomputed independently of
rauth: HMAC-SHA1 / PLAINTEXT values with
``oauthlib.oauth1.rfc5849.signature`` (``signature_base_string`` +
``sign_hmac_sha1`` / ``sign_plaintext``) and the RSA-SHA1 values with
``cryptography`` (PKCS#1 v1.5 + SHA-1 over the oauthlib base string), see
``test_expected_values_are_independently_correct``.
"""

import base64
import unittest
from unittest.mock import patch

import requests

from rauth.oauth import HmacSha1Signature, PlaintextSignature, RsaSha1Signature, SignatureMethod
from rauth.session import OAuth1Session
from rauth.utils import FORM_URLENCODED

from .base import RauthTestCase, have_oauthlib, oauthlib_hmac_sha1, read_data


def have_cryptography():
    try:
        import cryptography  # noqa
    except ImportError:  # pragma: no cover
        return False
    return True


class OAuthTestHmacSha1Case(RauthTestCase):
    consumer_secret = "456"
    access_token_secret = "654"
    method = "GET"
    url = "http://example.com/"
    oauth_params = {}
    req_kwargs = {"params": {"foo": "bar"}}

    def test_hmacsha1_signature(self):
        oauth_signature = HmacSha1Signature().sign(
            self.consumer_secret,
            self.access_token_secret,
            self.method,
            self.url,
            self.oauth_params,
            self.req_kwargs,
        )
        self.assertIsNotNone(oauth_signature)
        self.assertIsInstance(oauth_signature, str)
        self.assertEqual(oauth_signature, "cYzjVXCOk62KoYmJ+iCvcAcgfp8=")

    def test_hmacsha1_name(self):
        self.assertEqual(HmacSha1Signature.NAME, "HMAC-SHA1")
        self.assertTrue(issubclass(HmacSha1Signature, SignatureMethod))

    def test_hmacsha1_signature_without_token_secret(self):
        oauth_signature = HmacSha1Signature().sign(
            self.consumer_secret, None, self.method, self.url, self.oauth_params, self.req_kwargs
        )
        self.assertEqual(oauth_signature, "punTnZdGAT781CLI03lQL0Tv5/8=")

    def test_normalize_request_parameters_params(self):
        # params as a dict
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, self.req_kwargs
        )
        self.assertEqual("foo=bar", normalized)

        # params as a dict with URL encodable chars
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, {"params": {"foo+bar": "baz"}}
        )
        self.assertEqual("foo%2Bbar=baz", normalized)
        self.assertNotIn("+", normalized)

    def test_normalize_request_parameters_data(self):
        # data as a dict
        req_kwargs = {"data": {"foo": "bar"}, "headers": {"Content-Type": FORM_URLENCODED}}
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, req_kwargs
        )
        self.assertEqual("foo=bar", normalized)

        # data as a dict with URL encodable chars
        req_kwargs = {"data": {"foo+bar": "baz"}, "headers": {"Content-Type": FORM_URLENCODED}}
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, req_kwargs
        )
        self.assertEqual("foo%2Bbar=baz", normalized)
        self.assertNotIn("+", normalized)

    def test_normalize_request_parameters_both(self):
        # params and data both as a dict
        req_kwargs = {
            "params": {"a": "b"},
            "data": {"foo": "bar"},
            "headers": {"Content-Type": FORM_URLENCODED},
        }
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, req_kwargs
        )
        self.assertEqual("a=b&foo=bar", normalized)

    def test_normalize_request_parameters_data_not_urlencoded(self):
        # not sending the data as urlencoded
        req_kwargs = {"data": {"foo": "bar"}, "headers": {"Content-Type": "application/json"}}
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, req_kwargs
        )
        self.assertEqual("", normalized)

    def test_normalize_request_parameters_data_without_content_type(self):
        req_kwargs = {"data": {"foo": "bar"}}
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, req_kwargs
        )
        self.assertEqual("", normalized)

    def test_normalize_request_parameters_with_oauth_params(self):
        oauth_params = {"oauth_nonce": "abc", "oauth_timestamp": 1, "oauth_consumer_key": "123"}
        normalized = HmacSha1Signature()._normalize_request_parameters(
            oauth_params, self.req_kwargs
        )
        self.assertEqual(
            "foo=bar&oauth_consumer_key=123&oauth_nonce=abc&oauth_timestamp=1", normalized
        )

    def test_normalize_request_parameters_space_and_tilde(self):
        req_kwargs = {"params": {"foo": "a b~c+d"}}
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, req_kwargs
        )
        self.assertEqual("foo=a%20b~c%2Bd", normalized)

    def test_normalize_request_parameters_unicode(self):
        req_kwargs = {"params": {"foo": "b\xe4r"}}
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, req_kwargs
        )
        self.assertEqual("foo=b%C3%A4r", normalized)

        # already UTF-8 encoded
        req_kwargs = {"params": {"foo": "b\xe4r".encode()}}
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, req_kwargs
        )
        self.assertEqual("foo=b%C3%A4r", normalized)

    def test_normalize_request_parameters_skips_none(self):
        req_kwargs = {"params": {"foo": "bar", "baz": None}}
        normalized = HmacSha1Signature()._normalize_request_parameters(
            self.oauth_params, req_kwargs
        )
        self.assertEqual("foo=bar", normalized)

    def test_normalize_request_parameters_sorted(self):
        req_kwargs = {
            "params": {"z": "1", "a": "2", "m": "3"},
            "data": {"b": "4"},
            "headers": {"Content-Type": FORM_URLENCODED},
        }
        normalized = HmacSha1Signature()._normalize_request_parameters({"oauth_x": "y"}, req_kwargs)
        self.assertEqual("a=2&b=4&m=3&oauth_x=y&z=1", normalized)

    def test_sign_utf8_encoded_string(self):
        # in the event a string is already UTF-8
        req_kwargs = {"params": {"foo": "b\xe4r".encode()}}
        sig = HmacSha1Signature().sign(
            self.consumer_secret,
            self.access_token_secret,
            self.method,
            self.url,
            self.oauth_params,
            req_kwargs,
        )
        self.assertEqual("/dWWgSmW3ga2UCyrZMpugm0+9x8=", sig)

    def test_sign_unicode_string(self):
        req_kwargs = {"params": {"foo": "b\xe4r"}}
        sig = HmacSha1Signature().sign(
            self.consumer_secret,
            self.access_token_secret,
            self.method,
            self.url,
            self.oauth_params,
            req_kwargs,
        )
        self.assertEqual("/dWWgSmW3ga2UCyrZMpugm0+9x8=", sig)

    def test_sign_space_tilde_plus(self):
        req_kwargs = {"params": {"foo": "a b~c+d"}}
        sig = HmacSha1Signature().sign(
            self.consumer_secret,
            self.access_token_secret,
            self.method,
            self.url,
            self.oauth_params,
            req_kwargs,
        )
        self.assertEqual("s2k4eEB9+LdJCHY+RZnKZ3IWZe4=", sig)

    def test_sign_with_data(self):
        # without a form-urlencoded Content-Type the body is not signed
        req_kwargs = {"data": {"foo": "bar"}}
        method = "POST"
        sig = HmacSha1Signature().sign(
            self.consumer_secret,
            self.access_token_secret,
            method,
            self.url,
            self.oauth_params,
            req_kwargs,
        )
        self.assertEqual("JzmJUmqjdNYBJsJWbtQKXnc0W8w=", sig)

    def test_sign_with_form_data(self):
        req_kwargs = {"data": {"foo": "bar"}, "headers": {"Content-Type": FORM_URLENCODED}}
        method = "POST"
        sig = HmacSha1Signature().sign(
            self.consumer_secret,
            self.access_token_secret,
            method,
            self.url,
            self.oauth_params,
            req_kwargs,
        )
        self.assertEqual("t8cT43PPYgUSfr8KiLNwyx0DPMg=", sig)

    def test_sign_with_two_params(self):
        req_kwargs = {"params": {"foo": "bar", "a": "b"}}
        sig = HmacSha1Signature().sign(
            self.consumer_secret,
            self.access_token_secret,
            self.method,
            self.url,
            self.oauth_params,
            req_kwargs,
        )
        self.assertEqual("S0nzL6hPCik0I2vwRZ+HP9FTWyg=", sig)

    def test_remove_query_string(self):
        # can't sign the URL with the query string so
        url = "http://example.com/?foo=bar"
        signature = HmacSha1Signature()
        self.assertEqual("http://example.com/", signature._remove_qs(url))

    def test_remove_query_string_path(self):
        url = "https://example.com/a/b?foo=bar&a=b"
        signature = HmacSha1Signature()
        self.assertEqual("https://example.com/a/b", signature._remove_qs(url))
        self.assertEqual("https://example.com/a/b", signature._remove_qs("https://example.com/a/b"))

    @unittest.skipUnless(have_oauthlib(), "needs rauth[testing] (oauthlib)")
    def test_expected_values_are_independently_correct(self):
        from oauthlib.oauth1.rfc5849 import signature as s

        def sig(method, params, ts="654"):
            return oauthlib_hmac_sha1(method, "http://example.com/", params, "456", ts)

        self.assertEqual(sig("GET", [("foo", "bar")]), "cYzjVXCOk62KoYmJ+iCvcAcgfp8=")
        self.assertEqual(sig("GET", [("foo", "bar")], ts=None), "punTnZdGAT781CLI03lQL0Tv5/8=")
        self.assertEqual(sig("GET", [("foo", "b\xe4r")]), "/dWWgSmW3ga2UCyrZMpugm0+9x8=")
        self.assertEqual(sig("GET", [("foo", "a b~c+d")]), "s2k4eEB9+LdJCHY+RZnKZ3IWZe4=")
        self.assertEqual(sig("POST", []), "JzmJUmqjdNYBJsJWbtQKXnc0W8w=")
        self.assertEqual(sig("POST", [("foo", "bar")]), "t8cT43PPYgUSfr8KiLNwyx0DPMg=")
        self.assertEqual(sig("GET", [("foo", "bar"), ("a", "b")]), "S0nzL6hPCik0I2vwRZ+HP9FTWyg=")
        self.assertEqual(s.sign_plaintext("456", None), "456&")
        self.assertEqual(s.sign_plaintext("456", "654"), "456&654")
        self.assertEqual(s.sign_plaintext("a b&c", "d~e/f"), "a%20b%26c&d~e%2Ff")


class OAuthTestRsaSha1Case(RauthTestCase):
    # A 2048 bit test key generated with `cryptography` for this suite
    # (PKCS#1 "BEGIN RSA PRIVATE KEY" PEM, like the key of the original
    # suite).
    private_key = read_data("rsa_private_key.pem")
    public_key = read_data("rsa_public_key.pem")
    method = "GET"
    url = "http://example.com/"
    oauth_params = {}
    req_kwargs = {"params": {"foo": "bar"}}

    # PKCS#1 v1.5 signatures are deterministic. Computed with `cryptography`
    # over the oauthlib base string 'GET&http%3A%2F%2Fexample.com%2F&foo%3Dbar'
    # (re-verified in test_expected_signature_is_independently_correct).
    expected_signature = (
        "uWVtL7UlhARllHAOcPAxc9JIbtyhO8Z/UP6BChyFQOyEmbjCAK4buxCKp3QX5E59Dhk/"
        "DSGCwBpKNLXss7maTWY4MAaU1imH8SSMG6IEXqcl5s7BtT3lFvaIV69BZv84rRftxkYt"
        "LfAK84L2TNNPAgw00rp/9cZmkhO1RtSU4DEtyD6WCPz0SRURBXYyhh9uA/Lqwh/+wCTu"
        "BTWaKtuGUnlj73kuIVEDewq7lWxHUkUTX16MIHm/11zzWXq9c1SUBAezOz21YVk9ZYAS"
        "uLedl4D60caEPuux6gLUCWpaJ6xL7baoUZEUnotsfRQ7xXY+zDMFTF5/GrxLtfZUe9y4"
        "4g=="
    )

    def test_rsasha1_signature(self):
        oauth_signature = RsaSha1Signature().sign(
            self.private_key, None, self.method, self.url, self.oauth_params, self.req_kwargs
        )
        self.assertIsNotNone(oauth_signature)
        self.assertIsInstance(oauth_signature, str)
        self.assertEqual(oauth_signature, self.expected_signature)

    def test_rsasha1_signature_bytes_key(self):
        oauth_signature = RsaSha1Signature().sign(
            self.private_key.encode("ascii"),
            None,
            self.method,
            self.url,
            self.oauth_params,
            self.req_kwargs,
        )
        self.assertEqual(oauth_signature, self.expected_signature)

    def test_rsasha1_signature_key_object(self):
        # rauth 0.7.2 also accepted an already imported key object
        # (PyCrypto's RSA._RSAobj); PyCrypto's maintained successor is
        # pycryptodome.
        try:
            from Crypto.PublicKey import RSA
        except ImportError:
            self.skipTest("needs pycryptodome (in the dev extra: rauth[dev])")
        key = RSA.importKey(self.private_key)
        oauth_signature = RsaSha1Signature().sign(
            key, None, self.method, self.url, self.oauth_params, self.req_kwargs
        )
        self.assertEqual(oauth_signature, self.expected_signature)

    def test_rsasha1_name(self):
        self.assertEqual(RsaSha1Signature.NAME, "RSA-SHA1")

    def test_rsasha1_badargument(self):
        self.assertRaises(
            ValueError,
            RsaSha1Signature().sign,
            None,
            None,
            self.method,
            self.url,
            self.oauth_params,
            self.req_kwargs,
        )

    @unittest.skipUnless(
        have_cryptography() and have_oauthlib(),
        "needs rauth[rsa] and rauth[testing] (cryptography, oauthlib)",
    )
    def test_expected_signature_is_independently_correct(self):
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        from oauthlib.oauth1.rfc5849 import signature as s

        base_string = s.signature_base_string(
            "GET",
            s.base_string_uri("http://example.com/"),
            s.normalize_parameters([("foo", "bar")]),
        )
        self.assertEqual(base_string, "GET&http%3A%2F%2Fexample.com%2F&foo%3Dbar")
        key = serialization.load_pem_private_key(self.private_key.encode("ascii"), None)
        sig = base64.b64encode(
            key.sign(base_string.encode("ascii"), padding.PKCS1v15(), hashes.SHA1())
        ).decode("ascii")
        self.assertEqual(sig, self.expected_signature)

    @unittest.skipUnless(
        have_cryptography() and have_oauthlib(),
        "needs rauth[rsa] and rauth[testing] (cryptography, oauthlib)",
    )
    def test_rsasha1_session_request(self):
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        from oauthlib.oauth1.rfc5849 import signature as s

        session = OAuth1Session(
            "000", self.private_key, access_token="123", signature=RsaSha1Signature
        )
        with patch.object(requests.Session, "request") as mock_request:
            mock_request.return_value = self.response
            session.get("http://example.com/resource", params={"foo": "bar"})
        params = dict(mock_request.call_args[1]["params"])
        self.assertEqual(params["oauth_signature_method"], "RSA-SHA1")
        signature = params.pop("oauth_signature")
        base_string = s.signature_base_string(
            "GET",
            s.base_string_uri("http://example.com/resource"),
            s.normalize_parameters([(k, str(v)) for k, v in params.items()]),
        )
        public_key = serialization.load_pem_public_key(self.public_key.encode("ascii"))
        public_key.verify(
            base64.b64decode(signature),
            base_string.encode("ascii"),
            padding.PKCS1v15(),
            hashes.SHA1(),
        )


class OAuthTestPlaintextCase(RauthTestCase):
    def test_plaintext_notoken(self):
        signature = PlaintextSignature().sign("456", None, "GET", "http://example.com/", {}, {})
        self.assertEqual(signature, "456&")

    def test_plaintext(self):
        signature = PlaintextSignature().sign("456", "654", "GET", "http://example.com/", {}, {})
        self.assertEqual(signature, "456&654")

    def test_plaintext_url_escaping(self):
        signature = PlaintextSignature().sign(
            "a b&c", "d~e/f", "GET", "http://example.com/", {}, {}
        )
        self.assertEqual(signature, "a%20b%26c&d~e%2Ff")

    def test_plaintext_name(self):
        self.assertEqual(PlaintextSignature.NAME, "PLAINTEXT")

    @patch.object(requests.Session, "request")
    def test_plaintext_session_request(self, mock_request):
        mock_request.return_value = self.response
        session = OAuth1Session(
            "000",
            "456",
            access_token="123",
            access_token_secret="654",
            signature=PlaintextSignature,
        )
        session.get("http://example.com/")
        params = mock_request.call_args[1]["params"]
        self.assertEqual(params["oauth_signature_method"], "PLAINTEXT")
        self.assertEqual(params["oauth_signature"], "456&654")
