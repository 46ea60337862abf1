"""
rauth.test_session
------------------

Tests for rauth.session used directly, the way applications use it
(sessions built without a service wrapper, custom signature objects,
module level names tests patch).
"""

import pickle
from copy import deepcopy
from unittest.mock import patch

import requests

import rauth
from rauth.oauth import HmacSha1Signature, SignatureMethod
from rauth.session import (
    OAUTH1_DEFAULT_TIMEOUT,
    OAUTH2_DEFAULT_TIMEOUT,
    OFLY_DEFAULT_TIMEOUT,
    OAuth1Session,
    OAuth2Session,
    OflySession,
    RauthSession,
)
from rauth.utils import FORM_URLENCODED

from .base import RauthTestCase


class ModuleTestCase(RauthTestCase):
    def test_exports(self):
        for name in (
            "OAuth1Service",
            "OAuth2Service",
            "OflyService",
            "OAuth1Session",
            "OAuth2Session",
            "OflySession",
        ):
            self.assertIn(name, rauth.__all__)
            self.assertTrue(hasattr(rauth, name), name)
        self.assertIs(rauth.OAuth1Session, OAuth1Session)
        self.assertIs(rauth.OAuth2Session, OAuth2Session)
        self.assertIs(rauth.OflySession, OflySession)
        self.assertTrue(rauth.__version__)

    def test_default_timeouts(self):
        self.assertEqual(OAUTH1_DEFAULT_TIMEOUT, 300.0)
        self.assertEqual(OAUTH2_DEFAULT_TIMEOUT, 300.0)
        self.assertEqual(OFLY_DEFAULT_TIMEOUT, 300.0)

    def test_patchable_names(self):
        # names the original test suite patches on rauth.session
        for name in ("time", "random", "datetime", "sha1", "md5", "HmacSha1Signature"):
            self.assertTrue(hasattr(rauth.session, name), name)
        self.assertIs(rauth.session.HmacSha1Signature, HmacSha1Signature)

    def test_sessions_are_requests_sessions(self):
        for cls in (OAuth1Session, OAuth2Session, OflySession):
            self.assertTrue(issubclass(cls, RauthSession))
            self.assertTrue(issubclass(cls, requests.Session))

    def test_version(self):
        self.assertEqual(OAuth1Session.VERSION, "1.0")
        self.assertEqual(OAuth1Session("a", "b").VERSION, "1.0")


class RauthSessionTestCase(RauthTestCase):
    def test_set_url_without_service(self):
        session = OAuth1Session("000", "111")
        self.assertIsNone(session.service)
        self.assertEqual(session._set_url("foo"), "foo")
        self.assertEqual(session._set_url("http://example.com/foo"), "http://example.com/foo")

    def test_set_url_with_base_url(self):
        service = rauth.OAuth2Service("000", "111", base_url="https://example.com/api/")
        session = service.get_session("123")
        self.assertEqual(session._set_url("foo"), "https://example.com/api/foo")
        self.assertEqual(session._set_url("foo/bar?a=b"), "https://example.com/api/foo/bar?a=b")
        self.assertEqual(session._set_url("http://other.com/x"), "http://other.com/x")
        self.assertEqual(session._set_url("https://other.com/x"), "https://other.com/x")

    def test_set_url_with_service_without_base_url(self):
        service = rauth.OAuth2Service("000", "111")
        session = service.get_session("123")
        self.assertEqual(session._set_url("foo"), "foo")


class OAuth1SessionTestCase(RauthTestCase):
    def setUp(self):
        RauthTestCase.setUp(self)
        self.session = OAuth1Session("000", "111", access_token="123", access_token_secret="456")

    def test_init(self):
        self.assertEqual(self.session.consumer_key, "000")
        self.assertEqual(self.session.consumer_secret, "111")
        self.assertEqual(self.session.access_token, "123")
        self.assertEqual(self.session.access_token_secret, "456")
        self.assertIsInstance(self.session.signature, HmacSha1Signature)
        self.assertIsNone(self.session.service)

    def test_init_positional(self):
        session = OAuth1Session("000", "111", "123", "456")
        self.assertEqual(session.access_token, "123")
        self.assertEqual(session.access_token_secret, "456")

    @patch.object(rauth.session.HmacSha1Signature, "sign")
    @patch.object(rauth.session, "time")
    @patch.object(rauth.session, "random")
    @patch.object(requests.Session, "request")
    def test_request_exact_kwargs(self, mock_request, mock_random, mock_time, mock_sig):
        mock_request.return_value = self.response
        mock_random.return_value = 1
        mock_time.return_value = 1
        mock_sig.return_value = "foo"
        r = self.session.request("GET", "http://example.com/", params={"a": "b"})
        self.assert_ok(r)
        mock_request.assert_called_with(
            "GET",
            "http://example.com/",
            headers={},
            params={
                "a": "b",
                "oauth_consumer_key": "000",
                "oauth_nonce": "356a192b7913b04c54574d18c28d46e6395428ab",
                "oauth_signature_method": "HMAC-SHA1",
                "oauth_timestamp": 1,
                "oauth_token": "123",
                "oauth_version": "1.0",
                "oauth_signature": "foo",
            },
            timeout=OAUTH1_DEFAULT_TIMEOUT,
        )

    @patch.object(rauth.session.HmacSha1Signature, "sign")
    @patch.object(rauth.session, "time")
    @patch.object(rauth.session, "random")
    @patch.object(requests.Session, "request")
    def test_post_exact_kwargs(self, mock_request, mock_random, mock_time, mock_sig):
        mock_request.return_value = self.response
        mock_random.return_value = 1
        mock_time.return_value = 1
        mock_sig.return_value = "foo"
        r = self.session.post("http://example.com/", data={"a": "b"})
        self.assert_ok(r)
        mock_request.assert_called_with(
            "POST",
            "http://example.com/",
            headers={"Content-Type": FORM_URLENCODED},
            data={
                "a": "b",
                "oauth_consumer_key": "000",
                "oauth_nonce": "356a192b7913b04c54574d18c28d46e6395428ab",
                "oauth_signature_method": "HMAC-SHA1",
                "oauth_timestamp": 1,
                "oauth_token": "123",
                "oauth_version": "1.0",
                "oauth_signature": "foo",
            },
            json=None,
            timeout=OAUTH1_DEFAULT_TIMEOUT,
        )

    @patch.object(rauth.session, "time")
    @patch.object(rauth.session, "random")
    @patch.object(requests.Session, "request")
    def test_sign_called_with(self, mock_request, mock_random, mock_time):
        """A custom signature_obj gets rauth 0.7.2's sign() arguments."""
        calls = []

        class MySignature(SignatureMethod):
            NAME = "MY-SIG"

            def sign(
                self, consumer_secret, access_token_secret, method, url, oauth_params, req_kwargs
            ):
                # snapshot: rauth goes on to add the OAuth params to the
                # very req_kwargs it passes here
                calls.append(
                    (
                        consumer_secret,
                        access_token_secret,
                        method,
                        url,
                        dict(oauth_params),
                        deepcopy(req_kwargs),
                    )
                )
                return "mysig"

        mock_request.return_value = self.response
        mock_random.return_value = 1
        mock_time.return_value = 1
        service = rauth.OAuth1Service(
            "000", "111", base_url="http://example.com/api/", signature_obj=MySignature
        )
        session = service.get_session(("123", "456"))
        session.request("POST", "foo", params={"a": "b"}, data={"c": "d"})
        self.assertEqual(len(calls), 1)
        consumer_secret, token_secret, method, url, oauth_params, req_kwargs = calls[0]
        self.assertEqual(consumer_secret, "111")
        self.assertEqual(token_secret, "456")
        self.assertEqual(method, "POST")
        self.assertEqual(url, "http://example.com/api/foo")
        self.assertEqual(
            oauth_params,
            {
                "oauth_consumer_key": "000",
                "oauth_nonce": "356a192b7913b04c54574d18c28d46e6395428ab",
                "oauth_signature_method": "MY-SIG",
                "oauth_timestamp": 1,
                "oauth_token": "123",
                "oauth_version": "1.0",
            },
        )
        self.assertEqual(req_kwargs["params"], {"a": "b"})
        self.assertEqual(req_kwargs["data"], {"c": "d"})
        self.assertEqual(req_kwargs["headers"]["Content-Type"], FORM_URLENCODED)
        data = mock_request.call_args[1]["data"]
        self.assertEqual(data["oauth_signature"], "mysig")
        self.assertEqual(data["oauth_signature_method"], "MY-SIG")

    @patch.object(requests.Session, "request")
    def test_nonce_and_timestamp(self, mock_request):
        mock_request.return_value = self.response
        self.session.get("http://example.com/")
        p1 = mock_request.call_args[1]["params"]
        self.session.get("http://example.com/")
        p2 = mock_request.call_args[1]["params"]
        self.assertNotEqual(p1["oauth_nonce"], p2["oauth_nonce"])
        self.assertRegex(p1["oauth_nonce"], r"^[0-9a-f]{40}$")
        self.assertIsInstance(p1["oauth_timestamp"], int)

    @patch.object(requests.Session, "request")
    def test_files_upload(self, mock_request):
        mock_request.return_value = self.response
        files = {"file": ("foo.txt", "foo")}
        self.session.post("http://example.com/upload", files=files)
        kwargs = mock_request.call_args[1]
        # no form-urlencoded Content-Type is forced for multipart uploads,
        # the OAuth params then go on the query string
        self.assertNotIn("Content-Type", kwargs["headers"])
        self.assertIn("oauth_signature", kwargs["params"])
        self.assertEqual(kwargs["files"], files)

    @patch.object(requests.Session, "request")
    def test_content_type_not_overridden(self, mock_request):
        mock_request.return_value = self.response
        self.session.post(
            "http://example.com/", data='{"a": 1}', headers={"Content-Type": "application/json"}
        )
        kwargs = mock_request.call_args[1]
        self.assertEqual(kwargs["headers"]["Content-Type"], "application/json")
        self.assertEqual(kwargs["data"], '{"a": 1}')
        self.assertIn("oauth_signature", kwargs["params"])

    @patch.object(rauth.session.HmacSha1Signature, "sign")
    @patch.object(rauth.session, "time")
    @patch.object(rauth.session, "random")
    @patch.object(requests.Session, "request")
    def test_non_string_consumer_key_and_token(
        self, mock_request, mock_random, mock_time, mock_sig
    ):
        # rauth 0.7.2 put the credentials into the OAuth params as given
        # (str() in the header, urlencode() on the query), so e.g. numeric
        # consumer keys / tokens read from a config file worked.
        mock_request.return_value = self.response
        mock_random.return_value = 1
        mock_time.return_value = 1
        mock_sig.return_value = "foo"
        session = OAuth1Session(12345, "111", access_token=678, access_token_secret="456")
        session.request("GET", "http://example.com/")
        params = mock_request.call_args[1]["params"]
        self.assertEqual(str(params["oauth_consumer_key"]), "12345")
        self.assertEqual(str(params["oauth_token"]), "678")

    @patch.object(requests.Session, "request")
    def test_custom_timeout(self, mock_request):
        mock_request.return_value = self.response
        self.session.get("http://example.com/", timeout=5)
        self.assertEqual(mock_request.call_args[1]["timeout"], 5)

    @patch.object(requests.Session, "request")
    def test_session_headers_untouched(self, mock_request):
        mock_request.return_value = self.response
        before = dict(self.session.headers)
        self.session.post("http://example.com/", data={"a": "b"}, header_auth=True)
        self.assertEqual(dict(self.session.headers), before)
        self.assertIsNone(self.session.auth)

    def test_pickle(self):
        session = pickle.loads(pickle.dumps(self.session))
        self.assertEqual(session.consumer_key, "000")
        self.assertEqual(session.consumer_secret, "111")
        self.assertEqual(session.access_token, "123")
        self.assertEqual(session.access_token_secret, "456")
        self.assertIsInstance(session.signature, HmacSha1Signature)
        self.assertIsNone(session.service)


class OAuth2SessionTestCase(RauthTestCase):
    def test_init(self):
        session = OAuth2Session("000", "111", access_token="123")
        self.assertEqual(session.client_id, "000")
        self.assertEqual(session.client_secret, "111")
        self.assertEqual(session.access_token, "123")
        self.assertEqual(session.access_token_key, "access_token")
        self.assertIsNone(session.service)

    def test_init_defaults(self):
        session = OAuth2Session()
        self.assertIsNone(session.client_id)
        self.assertIsNone(session.client_secret)
        self.assertIsNone(session.access_token)
        self.assertEqual(session.access_token_key, "access_token")

    @patch.object(requests.Session, "request")
    def test_request_exact_kwargs(self, mock_request):
        mock_request.return_value = self.response
        session = OAuth2Session("000", "111", access_token="123")
        session.request("GET", "https://example.com/", params={"a": "b"})
        auth = mock_request.call_args[1]["auth"]
        mock_request.assert_called_with(
            "GET",
            "https://example.com/",
            params={"a": "b"},
            auth=auth,
            timeout=OAUTH2_DEFAULT_TIMEOUT,
        )
        self.assertEqual(auth(requests.Request()).headers["Authorization"], "Bearer 123")

    @patch.object(requests.Session, "request")
    def test_request_without_token(self, mock_request):
        mock_request.return_value = self.response
        session = OAuth2Session("000", "111")
        session.request("GET", "https://example.com/")
        mock_request.assert_called_with(
            "GET",
            "https://example.com/",
            params={"access_token": None},
            timeout=OAUTH2_DEFAULT_TIMEOUT,
        )

    @patch.object(requests.Session, "request")
    def test_bearer_not_stored_on_session(self, mock_request):
        mock_request.return_value = self.response
        session = OAuth2Session("000", "111", access_token="123")
        session.get("https://example.com/")
        self.assertNotIn("Authorization", session.headers)
        self.assertIsNone(session.auth)

    def test_pickle(self):
        session = OAuth2Session("000", "111", access_token="123")
        session = pickle.loads(pickle.dumps(session))
        self.assertEqual(session.client_id, "000")
        self.assertEqual(session.access_token, "123")
        self.assertEqual(session.access_token_key, "access_token")


class OflySessionDirectTestCase(RauthTestCase):
    def test_init(self):
        session = OflySession("000", "111", user_id="123")
        self.assertEqual(session.app_id, "000")
        self.assertEqual(session.app_secret, "111")
        self.assertEqual(session.user_id, "123")
        self.assertIsNone(session.service)

    def test_pickle(self):
        session = pickle.loads(pickle.dumps(OflySession("000", "111", user_id="123")))
        self.assertEqual(session.app_id, "000")
        self.assertEqual(session.app_secret, "111")
        self.assertEqual(session.user_id, "123")


class PickleProtocolsTestCase(RauthTestCase):
    """Services and sessions survive every pickle protocol and still work."""

    def objects(self):
        o1 = rauth.OAuth1Service(
            "000",
            "111",
            name="o1",
            request_token_url="http://example.com/rt",
            access_token_url="http://example.com/at",
            authorize_url="http://example.com/auth",
            base_url="http://example.com/api/",
        )
        o2 = rauth.OAuth2Service(
            "000",
            "111",
            name="o2",
            access_token_url="http://example.com/at",
            authorize_url="http://example.com/auth",
            base_url="http://example.com/api/",
        )
        of = rauth.OflyService(
            "000",
            "111",
            name="of",
            authorize_url="http://example.com/auth",
            base_url="http://example.com/api/",
        )
        return [
            o1,
            o2,
            of,
            o1.get_session(("123", "456")),
            o2.get_session("123"),
            of.get_session("123"),
        ]

    @patch.object(requests.Session, "request")
    def test_all_protocols(self, mock_request):
        mock_request.return_value = self.response
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            for obj in self.objects():
                copy = pickle.loads(pickle.dumps(obj, protocol))
                self.assertIs(type(copy), type(obj))
                if isinstance(copy, rauth.service.Service):
                    self.assertEqual(copy.base_url, "http://example.com/api/")
                    if isinstance(copy, rauth.OAuth1Service):
                        session = copy.get_session(("123", "456"))
                    else:
                        session = copy.get_session("123")
                else:
                    session = copy
                r = session.get("foo")
                self.assert_ok(r)
                self.assertEqual(mock_request.call_args[0], ("GET", "http://example.com/api/foo"))
