"""
rauth.test_service_ofly
-----------------------

Test suite for rauth.service.OflyService.

Reconstructed from the original rauth 0.7.x
``tests/test_service_ofly.py``; ported to Python 3 / unittest.mock.
"""

import pickle
import unittest
from copy import deepcopy
from hashlib import md5, sha1
from unittest.mock import patch

import requests

import rauth
from rauth.compat import is_basestring, parse_qsl, urlsplit
from rauth.service import OflyService
from rauth.session import OFLY_DEFAULT_TIMEOUT, OflySession

from .base import MutableDatetime, RauthTestCase, have_oauthlib, parameterize
from .test_service import (
    ALL_METHODS,
    HttpMixin,
    RequestMixin,
    _product_name,
    input_product_gen,
)


class OflyServiceTestCase(RauthTestCase, RequestMixin, HttpMixin):
    app_id = "000"
    app_secret = "111"

    user_id = "123"

    def setUp(self):
        RauthTestCase.setUp(self)

        self.authorize_url = "http://example.com/authorize"
        self.base_url = "http://example.com/api/"

        self.service = self.make_service()

        self.session = self.service.get_session(self.user_id)

        # patches
        self.session.request = self.fake_request
        self.service.get_session = self.fake_get_session

    def make_service(self):
        return OflyService(
            self.app_id,
            self.app_secret,
            name="service",
            authorize_url=self.authorize_url,
            base_url=self.base_url,
        )

    def make_session(self):
        return self.make_service().get_session(self.user_id)

    def fake_get_sorted_params(self, params):
        def sorting_gen():
            for k in sorted(params.keys()):
                yield "=".join((k, params[k]))

        return "&".join(sorting_gen())

    @patch.object(rauth.session, "datetime")
    @patch.object(requests.Session, "request")
    def fake_request(
        self, method, url, mock_request, mock_datetime, user_id=None, hash_meth="sha1", **kwargs
    ):
        mock_request.return_value = self.response
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)

        user_id = user_id or self.session.user_id

        service = self.make_service()

        session = service.get_session(self.user_id)

        r = session.request(method, url, user_id=user_id, hash_meth=hash_meth, **deepcopy(kwargs))

        url = self.session._set_url(url)

        kwargs.setdefault("params", {})

        if is_basestring(kwargs["params"]):
            kwargs["params"] = dict(parse_qsl(kwargs["params"]))

        # port adaptation: rauth 0.7.2 could not sign a None or bytes value
        # (it joined values as str); rauth leaves None out and signs bytes
        # as their UTF-8 text
        kwargs["params"] = {
            k: v.decode("utf-8") if isinstance(v, bytes) else v
            for k, v in kwargs["params"].items()
            if v is not None
        }

        kwargs["params"]["oflyUserid"] = user_id

        url_path = urlsplit(url).path

        signature_base_string = self.service.app_secret + url_path + "?"

        if len(kwargs["params"]):
            signature_base_string += self.fake_get_sorted_params(kwargs["params"]) + "&"

        ofly_params = {
            "oflyAppId": self.app_id,
            "oflyHashMeth": hash_meth.upper(),
            "oflyTimestamp": "1900-01-01T00:00:00.0Z",
        }

        signature_base_string += self.fake_get_sorted_params(ofly_params)

        hash_func = {"sha1": sha1, "md5": md5}[hash_meth]
        ofly_params["oflyApiSig"] = hash_func(signature_base_string.encode("utf-8")).hexdigest()

        all_params = dict(tuple(ofly_params.items()) + tuple(kwargs["params"].items()))

        kwargs["params"] = self.fake_get_sorted_params(all_params).encode("utf-8")

        kwargs.setdefault("timeout", OFLY_DEFAULT_TIMEOUT)

        self.assert_request_called_with(mock_request, method, url, **kwargs)
        return r

    def fake_get_session(self, token):
        return self.session

    def test_get_session(self):
        s = self.service.get_session("foo")
        self.assertIsInstance(s, OflySession)

    @patch.object(rauth.session, "datetime")
    def test_get_authorize_url(self, mock_datetime):
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        url = self.service.get_authorize_url()
        # oflyApiSig computed independently:
        # sha1(b'111/authorize?oflyAppId=000&oflyHashMeth=SHA1'
        #      b'&oflyTimestamp=1900-01-01T00:00:00.0Z').hexdigest()
        self.assertEqual(
            url,
            "http://example.com/authorize?"
            "oflyApiSig=9617a671eac76762e321e5d6eeb1c1e9aedce8af"
            "&oflyAppId=000&oflyHashMeth=SHA1"
            "&oflyTimestamp=1900-01-01T00:00:00.0Z",
        )

    @patch.object(rauth.session, "datetime")
    def test_get_authorize_url_with_params(self, mock_datetime):
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        url = self.service.get_authorize_url(foo="bar")
        sig = sha1(
            b"111/authorize?foo=bar&oflyAppId=000&oflyHashMeth=SHA1"
            b"&oflyTimestamp=1900-01-01T00:00:00.0Z"
        ).hexdigest()
        self.assertEqual(sig, "29e37c7e221d2bbb96a269c6e48b0d90f0cea891")
        self.assertEqual(
            url,
            "http://example.com/authorize?foo=bar"
            "&oflyApiSig=" + sig + "&oflyAppId=000&oflyHashMeth=SHA1"
            "&oflyTimestamp=1900-01-01T00:00:00.0Z",
        )

    @patch.object(rauth.session, "datetime")
    def test_get_authorize_url_md5(self, mock_datetime):
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        url = self.service.get_authorize_url(hash_meth="md5")
        sig = md5(
            b"111/authorize?oflyAppId=000&oflyHashMeth=MD5&oflyTimestamp=1900-01-01T00:00:00.0Z"
        ).hexdigest()
        self.assertEqual(sig, "c7bf729b17bdf65d156b611b365b0e42")
        self.assertEqual(
            url,
            "http://example.com/authorize?"
            "oflyApiSig=" + sig + "&oflyAppId=000&oflyHashMeth=MD5"
            "&oflyTimestamp=1900-01-01T00:00:00.0Z",
        )

    @patch.object(rauth.session, "datetime")
    def test_get_authorize_url_with_callback(self, mock_datetime):
        # the typical Shutterfly call: a callback URL in the query, as is
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        url = self.service.get_authorize_url(oflyCallbackUrl="http://example.com/cb?a=b")
        sig = sha1(
            b"111/authorize?oflyCallbackUrl=http://example.com/cb?a=b"
            b"&oflyAppId=000&oflyHashMeth=SHA1"
            b"&oflyTimestamp=1900-01-01T00:00:00.0Z"
        ).hexdigest()
        self.assertEqual(
            url,
            "http://example.com/authorize?"
            "oflyApiSig=" + sig + "&oflyAppId=000"
            "&oflyCallbackUrl=http://example.com/cb?a=b"
            "&oflyHashMeth=SHA1"
            "&oflyTimestamp=1900-01-01T00:00:00.0Z",
        )

    @patch.object(rauth.session, "datetime")
    def test_get_authorize_url_with_existing_query(self, mock_datetime):
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        self.service.authorize_url = "http://example.com/authorize?a=b"
        url = self.service.get_authorize_url()
        # Deliberate difference from rauth 0.7.2, which signed the path only
        # and so sent a signature no Ofly server accepts: the authorize URL's
        # own query is signed with the other parameters.
        ofly = "oflyAppId=000&oflyHashMeth=SHA1&oflyTimestamp=1900-01-01T00:00:00.0Z"
        expected_sig = sha1(f"{self.app_secret}/authorize?a=b&{ofly}".encode()).hexdigest()
        self.assertEqual(
            url,
            f"http://example.com/authorize?a=b&oflyApiSig={expected_sig}&{ofly}",
        )

    def test_get_auth_session(self):
        s = self.service.get_auth_session("foo")
        self.assertIsInstance(s, OflySession)

    def test_request_with_user_id(self):
        r = self.session.request("GET", "http://example.com/", user_id="456")
        self.assert_ok(r)

    def test_request_with_md5(self):
        r = self.session.request("GET", "http://example.com/", hash_meth="md5")
        self.assert_ok(r)

    def test_request_with_md5_and_params(self):
        r = self.session.request(
            "GET", "http://example.com/", hash_meth="md5", params={"foo": "bar"}
        )
        self.assert_ok(r)

    def test_request_with_bad_hash_meth(self):
        with self.assertRaises(TypeError) as e:
            self.session.request("GET", "http://example.com/", hash_meth="foo")
        self.assertEqual(str(e.exception), 'hash_meth must be one of "sha1", "md5"')

    def test_pickle_session(self):
        session = pickle.loads(pickle.dumps(self.session))

        # Add the fake request back to the session
        session.request = self.fake_request
        r = session.request("GET", "http://example.com/")
        self.assert_ok(r)


class OflySessionTestCase(RauthTestCase):
    """OflySession / OflyService used directly (no fakes)."""

    def setUp(self):
        RauthTestCase.setUp(self)
        self.service = OflyService(
            "000",
            "111",
            name="service",
            authorize_url="http://example.com/authorize",
            base_url="http://example.com/api/",
        )

    def test_attributes(self):
        self.assertEqual(self.service.app_id, "000")
        self.assertEqual(self.service.app_secret, "111")
        self.assertEqual(self.service.name, "service")
        self.assertIsNone(self.service.user_id)
        self.assertIs(self.service.session_obj, OflySession)

    def test_get_auth_session(self):
        s = self.service.get_auth_session("foo")
        self.assertIsInstance(s, OflySession)
        self.assertEqual(s.user_id, "foo")
        self.assertEqual(s.app_id, "000")
        self.assertEqual(s.app_secret, "111")
        self.assertIs(s.service, self.service)

    @patch.object(rauth.session, "datetime")
    @patch.object(requests.Session, "request")
    def test_request_exact_kwargs(self, mock_request, mock_datetime):
        mock_request.return_value = self.response
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        session = self.service.get_session("123")
        params = {"a": "b"}
        r = session.get("foo", params=params)
        self.assert_ok(r)
        self.assertEqual(params, {"a": "b"})
        sig = sha1(
            b"111/api/foo?a=b&oflyUserid=123&oflyAppId=000"
            b"&oflyHashMeth=SHA1"
            b"&oflyTimestamp=1900-01-01T00:00:00.0Z"
        ).hexdigest()
        mock_request.assert_called_with(
            "GET",
            "http://example.com/api/foo",
            params=(
                b"a=b&oflyApiSig=" + sig.encode("ascii") + b"&oflyAppId=000&oflyHashMeth=SHA1"
                b"&oflyTimestamp=1900-01-01T00:00:00.0Z"
                b"&oflyUserid=123"
            ),
            allow_redirects=True,
            timeout=OFLY_DEFAULT_TIMEOUT,
        )

    @patch.object(rauth.session, "datetime")
    @patch.object(requests.Session, "request")
    def test_request_params_bytes(self, mock_request, mock_datetime):
        mock_request.return_value = self.response
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        session = self.service.get_session("123")
        session.post("http://example.com/foo", data={"x": "y"})
        args, kwargs = mock_request.call_args
        self.assertIsInstance(kwargs["params"], bytes)
        self.assertEqual(kwargs["data"], {"x": "y"})
        self.assertEqual(args, ("POST", "http://example.com/foo"))

    @patch.object(requests.Session, "request")
    def test_request_without_user_id(self, mock_request):
        mock_request.return_value = self.response
        session = OflySession("000", "111")
        with self.assertRaises(AssertionError) as e:
            session.get("http://example.com/")
        self.assertEqual(str(e.exception), "An oflyUserid must be provided as `user_id`.")
        self.assertFalse(mock_request.called)

    @patch.object(rauth.session, "datetime")
    def test_sign(self, mock_datetime):
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        params = OflySession.sign("http://example.com/authorize", "000", "111")
        self.assertEqual(
            params,
            "oflyApiSig=9617a671eac76762e321e5d6eeb1c1e9aedce8af"
            "&oflyAppId=000&oflyHashMeth=SHA1"
            "&oflyTimestamp=1900-01-01T00:00:00.0Z",
        )

    @patch.object(rauth.session, "datetime")
    def test_sign_milliseconds(self, mock_datetime):
        mock_datetime.utcnow.return_value = MutableDatetime(2013, 5, 6, 7, 8, 9, 123456)
        params = OflySession.sign("http://example.com/authorize", "000", "111")
        self.assertIn("&oflyTimestamp=2013-05-06T07:08:09.123Z", params)

    @patch.object(rauth.session, "datetime")
    def test_sign_milliseconds_not_padded(self, mock_datetime):
        # rauth 0.7.2 formats the milliseconds with '{0}'.format(ms): no
        # zero padding (5 ms -> '.5Z').
        mock_datetime.utcnow.return_value = MutableDatetime(2013, 5, 6, 7, 8, 9, 5000)
        params = OflySession.sign("http://example.com/authorize", "000", "111")
        self.assertIn("&oflyTimestamp=2013-05-06T07:08:09.5Z", params)

    @patch.object(rauth.session, "sha1")
    @patch.object(rauth.session, "datetime")
    def test_sign_uses_session_sha1(self, mock_datetime, mock_sha1):
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        mock_sha1.return_value.hexdigest.return_value = "fakesig"
        params = OflySession.sign("http://example.com/authorize", "000", "111", foo="bar")
        mock_sha1.assert_called_once_with(
            b"111/authorize?foo=bar&oflyAppId=000&oflyHashMeth=SHA1"
            b"&oflyTimestamp=1900-01-01T00:00:00.0Z"
        )
        self.assertEqual(
            params,
            "foo=bar&oflyApiSig=fakesig&oflyAppId=000"
            "&oflyHashMeth=SHA1"
            "&oflyTimestamp=1900-01-01T00:00:00.0Z",
        )

    @patch.object(rauth.session, "md5")
    @patch.object(rauth.session, "datetime")
    def test_sign_uses_session_md5(self, mock_datetime, mock_md5):
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        mock_md5.return_value.hexdigest.return_value = "fakesig"
        params = OflySession.sign("http://example.com/authorize", "000", "111", hash_meth="md5")
        mock_md5.assert_called_once_with(
            b"111/authorize?oflyAppId=000&oflyHashMeth=MD5&oflyTimestamp=1900-01-01T00:00:00.0Z"
        )
        self.assertEqual(
            params,
            "oflyApiSig=fakesig&oflyAppId=000&oflyHashMeth=MD5"
            "&oflyTimestamp=1900-01-01T00:00:00.0Z",
        )

    def test_sign_bad_hash_meth(self):
        with self.assertRaises(TypeError) as e:
            OflySession.sign("http://example.com/", "000", "111", hash_meth="sha256")
        self.assertEqual(str(e.exception), 'hash_meth must be one of "sha1", "md5"')

    def test_pickle_service(self):
        service = pickle.loads(pickle.dumps(self.service))
        self.assertEqual(service.app_id, "000")
        self.assertEqual(service.app_secret, "111")
        self.assertEqual(service.name, "service")
        self.assertEqual(service.authorize_url, "http://example.com/authorize")
        self.assertEqual(service.base_url, "http://example.com/api/")
        self.assertIs(service.session_obj, OflySession)
        s = service.get_auth_session("foo")
        self.assertEqual(s.user_id, "foo")

    @patch.object(rauth.session, "datetime")
    @patch.object(requests.Session, "request")
    def test_pickled_session_request(self, mock_request, mock_datetime):
        mock_request.return_value = self.response
        mock_datetime.utcnow.return_value = MutableDatetime(1900, 1, 1)
        session = pickle.loads(pickle.dumps(self.service.get_session("123")))
        self.assertEqual(session.app_id, "000")
        self.assertEqual(session.app_secret, "111")
        self.assertEqual(session.user_id, "123")
        session.get("foo")
        args, kwargs = mock_request.call_args
        self.assertEqual(args, ("GET", "http://example.com/api/foo"))
        self.assertTrue(kwargs["params"].endswith(b"&oflyUserid=123"))


@unittest.skipUnless(have_oauthlib(), "rauth.testing needs oauthlib: pip install 'rauth[testing]'")
class OflyWireTestCase(RauthTestCase):
    """
    Every request above, sent for real: the embedded provider
    (``rauth.testing``, which verifies ``oflyApiSig`` itself) accepts it and
    receives the parameters meant, including those rauth 0.7.2 could not
    send (non-ASCII, ``& + %`` inside values) and a URL's own query.
    """

    @classmethod
    def setUpClass(cls):
        from rauth.testing import Provider

        cls.provider = Provider().start()
        cls.service = OflyService(name="ofly", **cls.provider.ofly_service_kwargs())
        cls.user_id = cls.provider.ofly_authorize()

    @classmethod
    def tearDownClass(cls):
        cls.provider.stop()

    def send(self, method, url, **kwargs):
        session = self.service.get_session(self.user_id)
        r = session.request(method, url, timeout=10, **deepcopy(kwargs))
        self.assertEqual(r.status_code, 200, r.text)
        return r

    def echoed_query(self, r, method):
        if method == "HEAD":
            return None
        return [(k, v) for k, v in r.json()["query"] if not k.startswith("ofly")]

    @staticmethod
    def meant(params):
        """The pairs meant, read independently of rauth."""
        if params is None:
            return []
        if isinstance(params, str):
            return sorted(parse_qsl(params, keep_blank_values=True))
        return sorted(
            (k, v.decode("utf-8") if isinstance(v, bytes) else str(v))
            for k, v in params.items()
            if v is not None
        )

    @parameterize(input_product_gen(), name_func=_product_name)
    def test_request_is_verified_by_the_provider(self, method, name, kwargs):
        kwargs = {k: v for k, v in kwargs.items() if k not in ("timeout", "allow_redirects")}
        r = self.send(method, self.provider.base_url + "echo", **kwargs)
        query = self.echoed_query(r, method)
        if query is not None:
            self.assertEqual(sorted(query), self.meant(kwargs.get("params")))

    @parameterize(ALL_METHODS)
    def test_url_query_is_signed_and_sent_once(self, method):
        url = self.provider.base_url + "echo?x=1&y=b%C3%A5r&z=a%26b"
        r = self.send(method, url, params={"q": "f\xf8\xf8"})
        query = self.echoed_query(r, method)
        if query is not None:
            self.assertEqual(
                sorted(query), [("q", "f\xf8\xf8"), ("x", "1"), ("y", "b\xe5r"), ("z", "a&b")]
            )

    def _recorded(self, params):
        """Send ``params`` with what ``requests.Session.request`` receives
        recorded on the way; return that and what the provider received."""
        seen = []
        real_request = requests.Session.request

        def recording(session, method, url, **kwargs):
            seen.append(kwargs["params"])
            return real_request(session, method, url, **kwargs)

        session = self.service.get_session(self.user_id)
        with patch.object(requests.Session, "request", recording):
            r = session.get(self.provider.base_url + "echo", params=params, timeout=10)
        self.assertEqual(r.status_code, 200, r.text)
        return seen, self.echoed_query(r, "GET")

    def test_request_receives_rauth_072s_raw_bytes_and_the_wire_is_right(self):
        for params, raw in [
            ({"foo": "bar=baz&a=b"}, b"foo=bar=baz&a=b&oflyApiSig="),
            ({"f\xf8\xf8": "b\xe5r"}, "f\xf8\xf8=b\xe5r&oflyApiSig=".encode()),
            ("f\xf8\xf8=b\xe5r", "f\xf8\xf8=b\xe5r&oflyApiSig=".encode()),
            ({"a": "1+1=2 #3 100%"}, b"a=1+1=2 #3 100%&oflyApiSig="),
        ]:
            seen, query = self._recorded(params)
            self.assertEqual(len(seen), 1)
            self.assertTrue(seen[0].startswith(raw), (params, seen[0]))
            self.assertEqual(query, self.meant(params))
