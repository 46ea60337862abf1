"""
rauth.test_service_oauth1
-------------------------

Test suite for rauth.service.OAuth1Service.

Reconstructed from the original rauth 0.7.x
``tests/test_service_oauth1.py``; ported to Python 3 / unittest.mock.
"""

import json
import pickle
import unittest
from copy import deepcopy
from hashlib import sha1
from unittest.mock import patch

import requests

import rauth
from rauth.compat import is_basestring, iteritems, parse_qsl, quote
from rauth.oauth import HmacSha1Signature, PlaintextSignature
from rauth.service import PROCESS_TOKEN_ERROR, OAuth1Service
from rauth.session import OAUTH1_DEFAULT_TIMEOUT, OAuth1Session
from rauth.utils import ENTITY_METHODS, FORM_URLENCODED, OPTIONAL_OAUTH_PARAMS, CaseInsensitiveDict

from .base import RauthTestCase, have_oauthlib, oauthlib_hmac_sha1, parameterize
from .test_service import HttpMixin, RequestMixin, _product_name, input_product_gen


class OAuth1ServiceTestCase(RauthTestCase, RequestMixin, HttpMixin):
    consumer_key = "000"
    consumer_secret = "111"

    access_token = "123"
    access_token_secret = "456"

    def setUp(self):
        RauthTestCase.setUp(self)

        self.request_token_url = "http://example.com/request"
        self.access_token_url = "http://example.com/access"
        self.authorize_url = "http://example.com/authorize"
        self.base_url = "http://example.com/api/"

        self.service = self.make_service()

        self.session = self.service.get_session(("123", "456"))

        # patches
        self.session.request = self.fake_request
        self.service.get_session = self.fake_get_session

    def make_service(self):
        return OAuth1Service(
            self.consumer_key,
            self.consumer_secret,
            name="service",
            request_token_url=self.request_token_url,
            access_token_url=self.access_token_url,
            authorize_url=self.authorize_url,
            base_url=self.base_url,
        )

    def make_session(self):
        return self.make_service().get_session((self.access_token, self.access_token_secret))

    def fake_get_auth_header(self, oauth_params, realm=None):
        auth_header = f'OAuth realm="{realm}"'
        params = ""
        for k, v in iteritems(oauth_params):
            params += ',{key}="{value}"'.format(key=k, value=quote(str(v), safe=""))
        auth_header += params
        return auth_header

    @patch.object(rauth.session.HmacSha1Signature, "sign")
    @patch.object(rauth.session, "time")
    @patch.object(rauth.session, "random")
    @patch.object(requests.Session, "request")
    def fake_request(
        self,
        method,
        url,
        mock_request,
        mock_random,
        mock_time,
        mock_sig,
        header_auth=False,
        realm="",
        **kwargs,
    ):
        fake_random = 1
        fake_time = 1
        fake_sig = "foo"
        fake_sig_meth = "HMAC-SHA1"
        fake_nonce = sha1(str(fake_random).encode("ascii")).hexdigest()

        mock_request.return_value = self.response
        mock_random.return_value = fake_random
        mock_time.return_value = fake_time
        mock_sig.return_value = fake_sig

        method = method
        url = self.session._set_url(url)

        service = self.make_service()

        session = service.get_session((self.access_token, self.access_token_secret))

        r = session.request(method, url, header_auth=header_auth, realm=realm, **deepcopy(kwargs))

        kwargs.setdefault("headers", {})
        kwargs["headers"] = CaseInsensitiveDict(kwargs["headers"])

        entity_method = method.upper() in ENTITY_METHODS
        if entity_method and not kwargs.get("files"):
            kwargs["headers"].setdefault("Content-Type", FORM_URLENCODED)

        form_urlencoded = kwargs["headers"].get("Content-Type") == FORM_URLENCODED

        if is_basestring(kwargs.get("params")):
            kwargs["params"] = dict(parse_qsl(kwargs["params"]))

        if is_basestring(kwargs.get("data")) and form_urlencoded:
            kwargs["data"] = dict(parse_qsl(kwargs["data"]))

        kwargs.setdefault("timeout", OAUTH1_DEFAULT_TIMEOUT)

        oauth_params = {
            "oauth_consumer_key": session.consumer_key,
            "oauth_nonce": fake_nonce,
            "oauth_signature_method": fake_sig_meth,
            "oauth_timestamp": fake_time,
            "oauth_token": self.access_token,
            "oauth_version": session.VERSION,
        }

        # optional OAuth parameters given by the caller (oauth_callback,
        # oauth_verifier, oauth_version) are moved into the OAuth parameters
        for key in OPTIONAL_OAUTH_PARAMS:
            if isinstance(kwargs.get("params"), dict) and key in kwargs["params"]:
                oauth_params[key] = kwargs["params"].pop(key)
            if isinstance(kwargs.get("data"), dict) and key in kwargs["data"]:
                oauth_params[key] = kwargs["data"].pop(key)

        oauth_params["oauth_signature"] = fake_sig

        if header_auth:
            auth = mock_request.call_args[1]["auth"]
            auth_header = self.fake_get_auth_header(oauth_params, realm=realm)
            self.assertEqual(auth(requests.Request()).headers["Authorization"], auth_header)
            kwargs["auth"] = auth
        elif entity_method:
            kwargs["data"] = kwargs.get("data") or {}

            if form_urlencoded:
                kwargs["data"].update(oauth_params)
            else:
                kwargs.setdefault("params", {})
                kwargs["params"].update(oauth_params)
        else:
            kwargs.setdefault("params", {})
            kwargs["params"].update(**oauth_params)

        self.assert_request_called_with(mock_request, method, url, **kwargs)
        return r

    def fake_get_session(self, token=None, signature=None):
        return self.session

    def test_get_session(self):
        s = self.service.get_session()
        self.assertIsInstance(s, OAuth1Session)

    def test_get_raw_request_token(self):
        resp = "oauth_token=foo&oauth_token_secret=bar"
        self.response.content = resp
        r = self.service.get_raw_request_token()
        self.assertEqual(r.content, resp)

    def test_get_raw_request_token_missing_request_token_url(self):
        self.service.request_token_url = None
        resp = "oauth_token=foo&oauth_token_secret=bar"
        self.response.content = resp
        with self.assertRaises(TypeError) as e:
            self.service.get_raw_request_token()
        self.assertEqual(str(e.exception), "request_token_url must not be None")

    def test_get_request_token(self):
        self.response.content = "oauth_token=foo&oauth_token_secret=bar"
        request_token, request_token_secret = self.service.get_request_token()
        self.assertEqual(request_token, "foo")
        self.assertEqual(request_token_secret, "bar")

    def test_get_request_token_bytes_content(self):
        self.response.content = b"oauth_token=foo&oauth_token_secret=bar"
        request_token, request_token_secret = self.service.get_request_token()
        self.assertEqual(request_token, "foo")
        self.assertEqual(request_token_secret, "bar")

    def test_get_request_token_with_json_decoder(self):
        self.response.content = json.dumps({"oauth_token": "foo", "oauth_token_secret": "bar"})
        request_token, request_token_secret = self.service.get_request_token(decoder=json.loads)
        self.assertEqual(request_token, "foo")
        self.assertEqual(request_token_secret, "bar")

    def test_get_request_token_with_custom_keys(self):
        self.response.content = "token=foo&secret=bar"
        request_token, request_token_secret = self.service.get_request_token(
            key_token="token", key_token_secret="secret"
        )
        self.assertEqual(request_token, "foo")
        self.assertEqual(request_token_secret, "bar")

    def test_get_request_token_with_post_and_data(self):
        self.response.content = "oauth_token=foo&oauth_token_secret=bar"
        request_token, request_token_secret = self.service.get_request_token(
            method="POST", data={"oauth_callback": "http://example.com/callback"}
        )
        self.assertEqual(request_token, "foo")
        self.assertEqual(request_token_secret, "bar")

    def test_get_request_token_with_header_auth(self):
        self.response.content = "oauth_token=foo&oauth_token_secret=bar"
        request_token, request_token_secret = self.service.get_request_token(
            header_auth=True, params={"oauth_callback": "http://example.com/callback"}
        )
        self.assertEqual(request_token, "foo")
        self.assertEqual(request_token_secret, "bar")

    def test_get_request_token_missing_key(self):
        self.response.content = "oauth_token=foo"
        with self.assertRaises(KeyError) as e:
            self.service.get_request_token()
        self.assertEqual(
            e.exception.args[0],
            PROCESS_TOKEN_ERROR.format(key="oauth_token_secret", raw="oauth_token=foo"),
        )

    def test_get_authorize_url(self):
        authorize_url = self.service.get_authorize_url("foo")
        self.assertEqual(authorize_url, "http://example.com/authorize?oauth_token=foo")

    def test_get_authorize_url_with_url_encoded_characters(self):
        token = "uDV8XWNLSJjzMUSVfbG1gYHWMjY%3D"
        token_encoded = "uDV8XWNLSJjzMUSVfbG1gYHWMjY%253D"
        authorize_url = self.service.get_authorize_url(token)
        self.assertEqual(authorize_url, "http://example.com/authorize?oauth_token=" + token_encoded)

    def test_get_authorize_url_with_params(self):
        authorize_url = self.service.get_authorize_url(
            "foo", oauth_callback="http://example.com/callback"
        )
        self.assertEqual(
            authorize_url,
            "http://example.com/authorize?"
            "oauth_callback=http%3A%2F%2Fexample.com%2Fcallback"
            "&oauth_token=foo",
        )

    def test_get_authorize_url_with_existing_query(self):
        self.service.authorize_url = "http://example.com/authorize?a=b"
        authorize_url = self.service.get_authorize_url("foo")
        self.assertEqual(authorize_url, "http://example.com/authorize?a=b&oauth_token=foo")

    def test_get_raw_access_token(self):
        resp = "oauth_token=foo&oauth_token_secret=bar"
        self.response.content = resp
        r = self.service.get_raw_access_token("foo", "bar")
        self.assertEqual(r.content, resp)

    def test_get_raw_access_token_missing_access_token_url(self):
        self.service.access_token_url = None
        self.response.content = "oauth_token=foo&oauth_token_secret=bar"
        with self.assertRaises(TypeError) as e:
            self.service.get_raw_access_token("foo", "bar")
        self.assertEqual(str(e.exception), "access_token_url must not be None")

    def test_get_access_token(self):
        self.response.content = "oauth_token=foo&oauth_token_secret=bar"
        access_token, access_token_secret = self.service.get_access_token("foo", "bar")
        self.assertEqual(access_token, "foo")
        self.assertEqual(access_token_secret, "bar")

    def test_get_access_token_with_json_decoder(self):
        self.response.content = json.dumps({"oauth_token": "foo", "oauth_token_secret": "bar"})
        access_token, access_token_secret = self.service.get_access_token(
            "foo", "bar", decoder=json.loads
        )
        self.assertEqual(access_token, "foo")
        self.assertEqual(access_token_secret, "bar")

    def test_get_access_token_with_verifier(self):
        self.response.content = "oauth_token=foo&oauth_token_secret=bar"
        access_token, access_token_secret = self.service.get_access_token(
            "foo", "bar", params={"oauth_verifier": "baz"}
        )
        self.assertEqual(access_token, "foo")
        self.assertEqual(access_token_secret, "bar")

    def test_get_access_token_missing_key(self):
        self.response.content = "oauth_problem=token_rejected"
        with self.assertRaises(KeyError) as e:
            self.service.get_access_token("foo", "bar")
        self.assertEqual(
            e.exception.args[0],
            PROCESS_TOKEN_ERROR.format(key="oauth_token", raw="oauth_problem=token_rejected"),
        )

    def test_request_with_optional_params_oauth_callback(self):
        params = {"oauth_callback": "http://example.com/callback"}
        r = self.session.request("GET", "http://example.com/", params=params)
        self.assert_ok(r)

    def test_request_with_optional_params_oauth_verifier(self):
        params = {"oauth_verifier": "foo"}
        r = self.session.request("GET", "http://example.com/", params=params)
        self.assert_ok(r)

    def test_request_with_optional_params_oauth_version(self):
        params = {"oauth_verifier": "foo", "oauth_version": "1.0a"}
        r = self.session.request("GET", "http://example.com/", params=params)
        self.assert_ok(r)

    def test_request_with_optional_params_as_string(self):
        params = "oauth_callback=http://example.com/callback"
        r = self.session.request("GET", "http://example.com/", params=params)
        self.assert_ok(r)

    def test_request_with_optional_data_as_string(self):
        data = "oauth_callback=http://example.com/callback"
        r = self.session.request("POST", "http://example.com/", data=data)
        self.assert_ok(r)

    def test_request_with_optional_params_with_data(self):
        data = {"oauth_callback": "http://example.com/callback"}
        r = self.session.request("POST", "http://example.com/", data=data)
        self.assert_ok(r)

    def test_request_with_optional_params_and_header_auth(self):
        params = {"oauth_callback": "http://example.com/callback", "foo": "bar"}
        r = self.session.request("GET", "http://example.com/", params=params, header_auth=True)
        self.assert_ok(r)

    def test_request_with_header_auth(self):
        r = self.session.request("GET", "http://example.com/", header_auth=True)
        self.assert_ok(r)

    def test_request_with_header_auth_with_realm(self):
        r = self.session.request(
            "GET", "http://example.com/", header_auth=True, realm="http://example.com/foo/"
        )
        self.assert_ok(r)

    def test_get_with_header_auth(self):
        r = self.session.get("http://example.com/", header_auth=True)
        self.assert_ok(r)

    @parameterize([(m,) for m in ("GET", "POST", "PUT", "DELETE")])
    def test_request_with_header_auth_and_data(self, method):
        r = self.session.request(
            method, "http://example.com/", header_auth=True, params={"a": "b"}, data={"foo": "bar"}
        )
        self.assert_ok(r)

    @parameterize(input_product_gen(), name_func=_product_name)
    def test_request_header_auth(self, method, name, kwargs):
        r = self.session.request(
            method, "http://example.com/", header_auth=True, **deepcopy(kwargs)
        )
        self.assert_ok(r)

    @parameterize([("get",), ("post",), ("put",), ("delete",)])
    def test_request_lowercase_method(self, method):
        r = self.session.request(
            method, "http://example.com/", params={"a": "b"}, data={"foo": "bar"}
        )
        self.assert_ok(r)

    def test_get_auth_session(self):
        resp = "oauth_token=foo&oauth_token_secret=bar"
        self.response.content = resp
        s = self.service.get_auth_session("foo", "bar")
        self.assertIsInstance(s, OAuth1Session)

    def test_get_auth_session_with_request_token_response(self):
        resp = "oauth_token=foo&oauth_token_secret=bar"
        self.response.content = resp
        self.service.request_token_response = "ok"
        s = self.service.get_auth_session("foo", "bar")
        self.assertEqual(s.request_token_response, "ok")

    def test_get_auth_session_with_access_token_response(self):
        resp = "oauth_token=foo&oauth_token_secret=bar"
        self.response.content = resp
        s = self.service.get_auth_session("foo", "bar")
        self.assertIs(s.access_token_response, self.response)
        self.assertIs(self.service.access_token_response, self.response)

    def test_pickle_session(self):
        session = pickle.loads(pickle.dumps(self.session))

        # Add the fake request back to the session
        session.request = self.fake_request
        r = session.request("GET", "http://example.com/", header_auth=True)
        self.assert_ok(r)


class OAuth1SessionHeaderTestCase(RauthTestCase):
    """The exact Authorization header rauth 0.7.2 produces."""

    def setUp(self):
        RauthTestCase.setUp(self)
        self.session = OAuth1Session("000", "111", access_token="123", access_token_secret="456")

    @patch.object(rauth.session.HmacSha1Signature, "sign")
    @patch.object(rauth.session, "time")
    @patch.object(rauth.session, "random")
    @patch.object(requests.Session, "request")
    def _header(self, mock_request, mock_random, mock_time, mock_sig, sig="foo", **kwargs):
        mock_request.return_value = self.response
        mock_random.return_value = 1
        mock_time.return_value = 1
        mock_sig.return_value = sig
        r = self.session.request("GET", "http://example.com/", header_auth=True, **kwargs)
        self.assert_ok(r)
        auth = mock_request.call_args[1]["auth"]
        return auth(requests.Request()).headers["Authorization"], mock_request.call_args

    def test_header(self):
        header, _ = self._header()
        self.assertEqual(
            header,
            'OAuth realm="",'
            'oauth_consumer_key="000",'
            'oauth_nonce="356a192b7913b04c54574d18c28d46e6395428ab",'
            'oauth_signature_method="HMAC-SHA1",'
            'oauth_timestamp="1",'
            'oauth_token="123",'
            'oauth_version="1.0",'
            'oauth_signature="foo"',
        )

    def test_header_with_realm_and_escaped_signature(self):
        header, _ = self._header(sig="a+b/c=", realm="Example")
        self.assertEqual(
            header,
            'OAuth realm="Example",'
            'oauth_consumer_key="000",'
            'oauth_nonce="356a192b7913b04c54574d18c28d46e6395428ab",'
            'oauth_signature_method="HMAC-SHA1",'
            'oauth_timestamp="1",'
            'oauth_token="123",'
            'oauth_version="1.0",'
            'oauth_signature="a%2Bb%2Fc%3D"',
        )

    def test_header_with_oauth_callback(self):
        header, call_args = self._header(
            params={"oauth_callback": "http://example.com/cb", "a": "b"}
        )
        self.assertEqual(
            header,
            'OAuth realm="",'
            'oauth_consumer_key="000",'
            'oauth_nonce="356a192b7913b04c54574d18c28d46e6395428ab",'
            'oauth_signature_method="HMAC-SHA1",'
            'oauth_timestamp="1",'
            'oauth_token="123",'
            'oauth_version="1.0",'
            'oauth_callback="http%3A%2F%2Fexample.com%2Fcb",'
            'oauth_signature="foo"',
        )
        # the optional OAuth param moved into the header, the rest stays
        self.assertEqual(call_args[1]["params"], {"a": "b"})

    def test_header_auth_not_stored_on_session(self):
        self._header()
        self.assertNotIn("Authorization", self.session.headers)
        self.assertIsNone(self.session.auth)


@unittest.skipUnless(have_oauthlib(), "needs rauth[testing] (oauthlib)")
class OAuth1SignatureIntegrationTestCase(RauthTestCase):
    """
    End-to-end: real HMAC-SHA1 signing by rauth, verified by recomputing the
    RFC 5849 signature independently with oauthlib.
    """

    def setUp(self):
        RauthTestCase.setUp(self)
        self.session = OAuth1Session("000", "111", access_token="123", access_token_secret="456")

    def _request(self, method, url, **kwargs):
        with patch.object(requests.Session, "request") as mock_request:
            mock_request.return_value = self.response
            self.session.request(method, url, **kwargs)
        return mock_request.call_args

    def test_get_params_signature(self):
        args, kwargs = self._request("GET", "http://example.com/", params={"foo": "bar"})
        self.assertEqual(args, ("GET", "http://example.com/"))
        params = kwargs["params"]
        self.assertEqual(params["foo"], "bar")
        self.assertEqual(params["oauth_consumer_key"], "000")
        self.assertEqual(params["oauth_token"], "123")
        self.assertEqual(params["oauth_signature_method"], "HMAC-SHA1")
        self.assertEqual(params["oauth_version"], "1.0")
        self.assertEqual(len(params["oauth_nonce"]), 40)
        expected = oauthlib_hmac_sha1("GET", "http://example.com/", params.items(), "111", "456")
        self.assertEqual(params["oauth_signature"], expected)

    def test_get_via_session_get(self):
        with patch.object(requests.Session, "request") as mock_request:
            mock_request.return_value = self.response
            self.session.get("http://example.com/resource")
        args, kwargs = mock_request.call_args
        self.assertEqual(args, ("GET", "http://example.com/resource"))
        params = kwargs["params"]
        expected = oauthlib_hmac_sha1(
            "GET", "http://example.com/resource", params.items(), "111", "456"
        )
        self.assertEqual(params["oauth_signature"], expected)

    def test_post_form_data_signature(self):
        args, kwargs = self._request("POST", "http://example.com/", data={"foo": "bar baz~"})
        data = kwargs["data"]
        self.assertEqual(kwargs["headers"]["Content-Type"], FORM_URLENCODED)
        self.assertEqual(data["foo"], "bar baz~")
        self.assertNotIn("params", kwargs)
        expected = oauthlib_hmac_sha1("POST", "http://example.com/", data.items(), "111", "456")
        self.assertEqual(data["oauth_signature"], expected)

    def test_post_form_data_and_params_signature(self):
        args, kwargs = self._request(
            "POST", "http://example.com/", params={"a": "b"}, data={"foo": "b\xe4r"}
        )
        data = kwargs["data"]
        self.assertEqual(kwargs["params"], {"a": "b"})
        expected = oauthlib_hmac_sha1(
            "POST", "http://example.com/", list(data.items()) + [("a", "b")], "111", "456"
        )
        self.assertEqual(data["oauth_signature"], expected)

    def test_post_json_body_signature(self):
        body = json.dumps({"foo": "bar"})
        args, kwargs = self._request(
            "POST", "http://example.com/", data=body, headers={"Content-Type": "application/json"}
        )
        self.assertEqual(kwargs["data"], body)
        params = kwargs["params"]
        expected = oauthlib_hmac_sha1("POST", "http://example.com/", params.items(), "111", "456")
        self.assertEqual(params["oauth_signature"], expected)
        self.assertEqual(kwargs["headers"]["Content-Type"], "application/json")

    def test_header_auth_signature(self):
        args, kwargs = self._request(
            "GET", "http://example.com/", params={"foo": "bar"}, header_auth=True
        )
        self.assertEqual(kwargs["params"], {"foo": "bar"})
        header = kwargs["auth"](requests.Request()).headers["Authorization"]
        self.assertTrue(header.startswith('OAuth realm="",'), header)
        oauth = {}
        for part in header[len("OAuth ") :].split(",")[1:]:
            k, v = part.split("=", 1)
            oauth[k] = requests.utils.unquote(v.strip('"'))
        self.assertEqual(
            list(oauth.keys()),
            [
                "oauth_consumer_key",
                "oauth_nonce",
                "oauth_signature_method",
                "oauth_timestamp",
                "oauth_token",
                "oauth_version",
                "oauth_signature",
            ],
        )
        expected = oauthlib_hmac_sha1(
            "GET", "http://example.com/", list(oauth.items()) + [("foo", "bar")], "111", "456"
        )
        self.assertEqual(oauth["oauth_signature"], expected)

    def test_request_token_signature_without_token(self):
        session = OAuth1Session("000", "111")
        with patch.object(requests.Session, "request") as mock_request:
            mock_request.return_value = self.response
            session.request("GET", "http://example.com/request", params={"oauth_callback": "oob"})
        params = mock_request.call_args[1]["params"]
        self.assertNotIn("oauth_token", params)
        self.assertEqual(params["oauth_callback"], "oob")
        expected = oauthlib_hmac_sha1(
            "GET", "http://example.com/request", params.items(), "111", None
        )
        self.assertEqual(params["oauth_signature"], expected)


class OAuth1ServiceFlowTestCase(RauthTestCase):
    """The service wrapper flow with real sessions (no fakes)."""

    def setUp(self):
        RauthTestCase.setUp(self)
        self.service = OAuth1Service(
            "000",
            "111",
            name="service",
            request_token_url="http://example.com/request",
            access_token_url="http://example.com/access",
            authorize_url="http://example.com/authorize",
            base_url="http://example.com/api/",
        )

    def test_get_session_without_token(self):
        s = self.service.get_session()
        self.assertIsInstance(s, OAuth1Session)
        self.assertEqual(s.consumer_key, "000")
        self.assertEqual(s.consumer_secret, "111")
        self.assertIsNone(s.access_token)
        self.assertIsNone(s.access_token_secret)
        self.assertIsInstance(s.signature, HmacSha1Signature)
        self.assertIs(s.service, self.service)

    def test_get_session_with_token(self):
        s = self.service.get_session(("123", "456"))
        self.assertEqual(s.access_token, "123")
        self.assertEqual(s.access_token_secret, "456")

    def test_get_session_with_signature(self):
        s = self.service.get_session(("123", "456"), signature=PlaintextSignature)
        self.assertIsInstance(s.signature, PlaintextSignature)

    def test_signature_obj(self):
        service = OAuth1Service("000", "111", signature_obj=PlaintextSignature)
        self.assertIsInstance(service.get_session().signature, PlaintextSignature)
        self.assertIsInstance(service.get_session(("a", "b")).signature, PlaintextSignature)

    def test_session_obj(self):
        class MySession(OAuth1Session):
            pass

        service = OAuth1Service("000", "111", session_obj=MySession)
        self.assertIs(service.session_obj, MySession)
        self.assertIsInstance(service.get_session(("a", "b")), MySession)

    def test_attributes(self):
        self.assertEqual(self.service.consumer_key, "000")
        self.assertEqual(self.service.consumer_secret, "111")
        self.assertEqual(self.service.name, "service")
        self.assertEqual(self.service.request_token_url, "http://example.com/request")
        self.assertEqual(self.service.access_token_url, "http://example.com/access")
        self.assertEqual(self.service.authorize_url, "http://example.com/authorize")
        self.assertEqual(self.service.base_url, "http://example.com/api/")
        self.assertIs(self.service.session_obj, OAuth1Session)
        self.assertIsNone(self.service.signature_obj)
        self.assertIsNone(self.service.request_token_response)
        self.assertIsNone(self.service.access_token_response)

    @patch.object(requests.Session, "request")
    def test_get_request_token_flow(self, mock_request):
        self.response.content = (
            b"oauth_token=foo&oauth_token_secret=bar&oauth_callback_confirmed=true"
        )
        mock_request.return_value = self.response
        token, secret = self.service.get_request_token(params={"oauth_callback": "oob"})
        self.assertEqual((token, secret), ("foo", "bar"))
        self.assertIs(self.service.request_token_response, self.response)
        args, kwargs = mock_request.call_args
        self.assertEqual(args, ("GET", "http://example.com/request"))
        self.assertEqual(kwargs["timeout"], OAUTH1_DEFAULT_TIMEOUT)
        params = kwargs["params"]
        self.assertEqual(params["oauth_callback"], "oob")
        self.assertEqual(params["oauth_consumer_key"], "000")
        self.assertNotIn("oauth_token", params)
        if have_oauthlib():
            expected = oauthlib_hmac_sha1(
                "GET", "http://example.com/request", params.items(), "111", None
            )
            self.assertEqual(params["oauth_signature"], expected)

    @patch.object(requests.Session, "request")
    def test_get_auth_session_flow(self, mock_request):
        self.response.content = b"oauth_token=foo&oauth_token_secret=bar"
        mock_request.return_value = self.response
        session = self.service.get_auth_session("rt", "rts", params={"oauth_verifier": "v"})
        self.assertIsInstance(session, OAuth1Session)
        self.assertEqual(session.access_token, "foo")
        self.assertEqual(session.access_token_secret, "bar")
        self.assertIs(session.service, self.service)
        self.assertIs(session.access_token_response, self.response)
        self.assertIs(self.service.access_token_response, self.response)

        args, kwargs = mock_request.call_args
        self.assertEqual(args, ("GET", "http://example.com/access"))
        params = kwargs["params"]
        self.assertEqual(params["oauth_token"], "rt")
        self.assertEqual(params["oauth_verifier"], "v")
        if have_oauthlib():
            expected = oauthlib_hmac_sha1(
                "GET", "http://example.com/access", params.items(), "111", "rts"
            )
            self.assertEqual(params["oauth_signature"], expected)

    @patch.object(requests.Session, "request")
    def test_get_auth_session_post(self, mock_request):
        self.response.content = b"oauth_token=foo&oauth_token_secret=bar"
        mock_request.return_value = self.response
        session = self.service.get_auth_session(
            "rt", "rts", method="POST", data={"oauth_verifier": "v"}
        )
        self.assertEqual(session.access_token, "foo")
        args, kwargs = mock_request.call_args
        self.assertEqual(args, ("POST", "http://example.com/access"))
        data = kwargs["data"]
        self.assertEqual(data["oauth_verifier"], "v")
        self.assertEqual(data["oauth_token"], "rt")
        if have_oauthlib():
            expected = oauthlib_hmac_sha1(
                "POST", "http://example.com/access", data.items(), "111", "rts"
            )
            self.assertEqual(data["oauth_signature"], expected)

    @patch.object(requests.Session, "request")
    def test_get_auth_session_missing_key(self, mock_request):
        self.response.content = "oauth_token=foo"
        mock_request.return_value = self.response
        with self.assertRaises(KeyError) as e:
            self.service.get_auth_session("rt", "rts")
        self.assertEqual(
            e.exception.args[0],
            PROCESS_TOKEN_ERROR.format(key="oauth_token_secret", raw="oauth_token=foo"),
        )

    @patch.object(requests.Session, "request")
    def test_session_relative_url(self, mock_request):
        mock_request.return_value = self.response
        session = self.service.get_session(("123", "456"))
        session.get("statuses/home_timeline.json", params={"count": "5"})
        args, kwargs = mock_request.call_args
        self.assertEqual(args, ("GET", "http://example.com/api/statuses/home_timeline.json"))
        self.assertEqual(kwargs["params"]["count"], "5")
        if have_oauthlib():
            expected = oauthlib_hmac_sha1(
                "GET",
                "http://example.com/api/statuses/home_timeline.json",
                kwargs["params"].items(),
                "111",
                "456",
            )
            self.assertEqual(kwargs["params"]["oauth_signature"], expected)

    def test_pickle_service(self):
        service = pickle.loads(pickle.dumps(self.service))
        self.assertEqual(service.consumer_key, "000")
        self.assertEqual(service.consumer_secret, "111")
        self.assertEqual(service.name, "service")
        self.assertEqual(service.request_token_url, "http://example.com/request")
        self.assertEqual(service.access_token_url, "http://example.com/access")
        self.assertEqual(service.authorize_url, "http://example.com/authorize")
        self.assertEqual(service.base_url, "http://example.com/api/")
        self.assertIs(service.session_obj, OAuth1Session)

    def test_pickled_service_get_session(self):
        service = pickle.loads(pickle.dumps(self.service))
        s = service.get_session()
        self.assertIsInstance(s, OAuth1Session)
        self.assertIsInstance(s.signature, HmacSha1Signature)
        s = service.get_session(("123", "456"))
        self.assertEqual(s.access_token, "123")

    def test_pickled_service_keeps_signature_obj(self):
        service = OAuth1Service("000", "111", signature_obj=PlaintextSignature)
        service = pickle.loads(pickle.dumps(service))
        self.assertIsInstance(service.get_session(("a", "b")).signature, PlaintextSignature)

    @patch.object(requests.Session, "request")
    def test_pickled_service_flow(self, mock_request):
        service = pickle.loads(pickle.dumps(self.service))
        self.response.content = b"oauth_token=foo&oauth_token_secret=bar"
        mock_request.return_value = self.response
        self.assertEqual(service.get_request_token(), ("foo", "bar"))
        session = service.get_auth_session("foo", "bar")
        self.assertEqual(session.access_token, "foo")

    @patch.object(requests.Session, "request")
    def test_pickled_session_request(self, mock_request):
        mock_request.return_value = self.response
        session = self.service.get_session(("123", "456"))
        session = pickle.loads(pickle.dumps(session))
        self.assertEqual(session.consumer_key, "000")
        self.assertEqual(session.consumer_secret, "111")
        self.assertEqual(session.access_token, "123")
        self.assertEqual(session.access_token_secret, "456")
        self.assertIsInstance(session.signature, HmacSha1Signature)
        self.assertEqual(session.service.base_url, "http://example.com/api/")
        r = session.get("foo", params={"a": "b"})
        self.assert_ok(r)
        args, kwargs = mock_request.call_args
        self.assertEqual(args, ("GET", "http://example.com/api/foo"))
        if have_oauthlib():
            expected = oauthlib_hmac_sha1(
                "GET", "http://example.com/api/foo", kwargs["params"].items(), "111", "456"
            )
            self.assertEqual(kwargs["params"]["oauth_signature"], expected)
