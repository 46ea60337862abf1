"""
rauth.test_service_oauth2
-------------------------

Test suite for rauth.service.OAuth2Service.

Reconstructed from the original rauth 0.7.x
``tests/test_service_oauth2.py``; ported to Python 3 / unittest.mock.
"""

import json
import pickle
from copy import deepcopy
from unittest.mock import patch

import requests

from rauth.compat import is_basestring, parse_qsl
from rauth.service import PROCESS_TOKEN_ERROR, OAuth2Service
from rauth.session import OAUTH2_DEFAULT_TIMEOUT, OAuth2Session
from rauth.utils import OAuth2Auth

from .base import RauthTestCase
from .test_service import HttpMixin, RequestMixin


class OAuth2ServiceTestCase(RauthTestCase, RequestMixin, HttpMixin):
    client_id = "000"
    client_secret = "111"
    access_token = "123"

    def setUp(self):
        RauthTestCase.setUp(self)

        self.access_token_url = "https://example.com/access"
        self.authorize_url = "https://example.com/authorize"
        self.base_url = "https://example/api/"

        self.service = self.make_service()

        self.session = self.service.get_session(self.access_token)

        # patches
        self.session.request = self.fake_request
        self.service.get_session = self.fake_get_session

    def make_service(self):
        return OAuth2Service(
            self.client_id,
            self.client_secret,
            access_token_url=self.access_token_url,
            authorize_url=self.authorize_url,
            base_url=self.base_url,
        )

    def make_session(self):
        return self.make_service().get_session(self.access_token)

    @patch.object(requests.Session, "request")
    def fake_request(self, method, url, mock_request, bearer_auth=False, **kwargs):
        mock_request.return_value = self.response

        url = self.session._set_url(url)

        service = self.make_service()

        session = service.get_session(self.access_token)
        r = session.request(method, url, bearer_auth=bearer_auth, **deepcopy(kwargs))

        kwargs.setdefault("params", {})

        if is_basestring(kwargs.get("params", {})):
            kwargs["params"] = dict(parse_qsl(kwargs["params"]))

        if bearer_auth and self.access_token is not None:
            auth = mock_request.call_args[1]["auth"]
            bearer_token = f"Bearer {self.access_token}"
            self.assertEqual(auth(requests.Request()).headers["Authorization"], bearer_token)
            kwargs["auth"] = auth
        else:
            kwargs["params"].update({"access_token": self.access_token})

        kwargs.setdefault("timeout", OAUTH2_DEFAULT_TIMEOUT)

        self.assert_request_called_with(mock_request, method, url, **kwargs)
        return r

    def fake_get_session(self, token=None):
        return self.session

    def test_get_session(self):
        s = self.service.get_session()
        self.assertIsInstance(s, OAuth2Session)

    def test_get_authorize_url(self):
        url = self.service.get_authorize_url()
        expected_fmt = "https://example.com/authorize?client_id={0}"
        self.assertEqual(url, expected_fmt.format(self.service.client_id))

    def test_get_authorize_url_with_params(self):
        url = self.service.get_authorize_url(
            response_type="code", redirect_uri="http://example.com/"
        )
        # Python 3: keyword argument order is preserved and client_id is
        # appended last (params.update({'client_id': ...})).
        self.assertEqual(
            url,
            "https://example.com/authorize?response_type=code"
            "&redirect_uri=http%3A%2F%2Fexample.com%2F"
            "&client_id=000",
        )

    def test_get_authorize_url_with_existing_query(self):
        self.service.authorize_url = "https://example.com/authorize?a=b"
        url = self.service.get_authorize_url(response_type="code")
        self.assertEqual(url, "https://example.com/authorize?a=b&response_type=code&client_id=000")

    def test_get_raw_access_token(self):
        self.response.content = "access_token=123&expires_in=3600&refresh_token=456"
        resp = self.service.get_raw_access_token()
        self.assertEqual(resp.content, self.response.content)

    def test_get_raw_access_token_with_params(self):
        self.response.content = "access_token=123&expires_in=3600&refresh_token=456"
        resp = self.service.get_raw_access_token(params={"a": "b"})
        self.assertEqual(resp.content, self.response.content)

    def test_get_raw_access_token_with_get(self):
        self.response.content = "access_token=123&expires_in=3600&refresh_token=456"
        resp = self.service.get_raw_access_token(method="GET", params={"code": "foo"})
        self.assertEqual(resp.content, self.response.content)

    def test_get_raw_access_token_with_data(self):
        self.response.content = "access_token=123&expires_in=3600&refresh_token=456"
        resp = self.service.get_raw_access_token(
            data={
                "code": "foo",
                "grant_type": "authorization_code",
                "redirect_uri": "http://example.com/",
            }
        )
        self.assertEqual(resp.content, self.response.content)

    def test_get_access_token(self):
        self.response.content = "access_token=123&expires_in=3600&refresh_token=456"
        access_token = self.service.get_access_token()
        self.assertEqual(access_token, "123")

    def test_get_access_token_bytes_content(self):
        self.response.content = b"access_token=123&expires_in=3600&refresh_token=456"
        access_token = self.service.get_access_token()
        self.assertEqual(access_token, "123")

    def test_get_access_token_with_json_decoder(self):
        self.response.content = json.dumps(
            {"access_token": "123", "expires_in": "3600", "refresh_token": "456"}
        )
        access_token = self.service.get_access_token(decoder=json.loads)
        self.assertEqual(access_token, "123")

    def test_get_access_token_with_custom_key(self):
        self.response.content = "token=123"
        access_token = self.service.get_access_token(key="token")
        self.assertEqual(access_token, "123")

    def test_get_access_token_missing_key(self):
        self.response.content = "error=invalid_grant"
        with self.assertRaises(KeyError) as e:
            self.service.get_access_token()
        self.assertEqual(
            e.exception.args[0],
            PROCESS_TOKEN_ERROR.format(key="access_token", raw="error=invalid_grant"),
        )

    def test_get_access_token_missing_key_json(self):
        self.response.content = json.dumps({"error": "invalid_grant"})
        with self.assertRaises(KeyError) as e:
            self.service.get_access_token(decoder=json.loads)
        self.assertEqual(
            e.exception.args[0],
            PROCESS_TOKEN_ERROR.format(
                key="access_token", raw=json.dumps({"error": "invalid_grant"})
            ),
        )

    def test_request_with_bearer_auth(self):
        r = self.session.request("GET", "http://example.com/", bearer_auth=True)
        self.assert_ok(r)

    def test_request_with_bearer_auth_and_params(self):
        r = self.session.request("GET", "http://example.com/", bearer_auth=True, params={"a": "b"})
        self.assert_ok(r)

    def test_request_with_bearer_auth_post(self):
        r = self.session.request("POST", "http://example.com/", bearer_auth=True, data={"a": "b"})
        self.assert_ok(r)

    def test_get_with_bearer_auth(self):
        r = self.session.get("http://example.com/", bearer_auth=True)
        self.assert_ok(r)

    def test_get_auth_session(self):
        self.response.content = "access_token=123&expires_in=3600&refresh_token=456"
        s = self.service.get_auth_session()
        self.assertIsInstance(s, OAuth2Session)

    def test_get_auth_session_with_access_token_response(self):
        self.response.content = "access_token=123&expires_in=3600&refresh_token=456"
        s = self.service.get_auth_session()
        self.assertIs(s.access_token_response, self.response)
        self.assertIs(self.service.access_token_response, self.response)

    def test_pickle_session(self):
        session = pickle.loads(pickle.dumps(self.session))

        # Add the fake request back to the session
        session.request = self.fake_request
        r = session.request("GET", "http://example.com/", bearer_auth=True)
        self.assert_ok(r)


class OAuth2ServiceFlowTestCase(RauthTestCase):
    """The service wrapper flow with real sessions (no fakes)."""

    def setUp(self):
        RauthTestCase.setUp(self)
        self.service = OAuth2Service(
            "000",
            "111",
            name="service",
            access_token_url="https://example.com/access",
            authorize_url="https://example.com/authorize",
            base_url="https://example.com/api/",
        )

    def test_attributes(self):
        self.assertEqual(self.service.client_id, "000")
        self.assertEqual(self.service.client_secret, "111")
        self.assertEqual(self.service.name, "service")
        self.assertEqual(self.service.access_token_url, "https://example.com/access")
        self.assertEqual(self.service.authorize_url, "https://example.com/authorize")
        self.assertEqual(self.service.base_url, "https://example.com/api/")
        self.assertIs(self.service.session_obj, OAuth2Session)
        self.assertIsNone(self.service.access_token_response)

    def test_get_session(self):
        s = self.service.get_session()
        self.assertIsInstance(s, OAuth2Session)
        self.assertEqual(s.client_id, "000")
        self.assertEqual(s.client_secret, "111")
        self.assertIsNone(s.access_token)
        self.assertEqual(s.access_token_key, "access_token")
        self.assertIs(s.service, self.service)

        s = self.service.get_session("123")
        self.assertEqual(s.access_token, "123")

    @patch.object(requests.Session, "request")
    def test_get_raw_access_token_kwargs(self, mock_request):
        mock_request.return_value = self.response
        data = {"code": "foo", "redirect_uri": "http://example.com/"}
        r = self.service.get_raw_access_token(data=data)
        self.assertIs(r, self.response)
        self.assertIs(self.service.access_token_response, self.response)
        # rauth 0.7.2: the unauthenticated session (access_token None) takes
        # the "no bearer" branch and adds {access_token_key: None} to params
        # (requests drops None-valued params when encoding).
        mock_request.assert_called_with(
            "POST",
            "https://example.com/access",
            data={
                "code": "foo",
                "redirect_uri": "http://example.com/",
                "client_id": "000",
                "client_secret": "111",
            },
            params={"access_token": None},
            timeout=OAUTH2_DEFAULT_TIMEOUT,
        )

    @patch.object(requests.Session, "request")
    def test_get_raw_access_token_does_not_mutate_data(self, mock_request):
        mock_request.return_value = self.response
        data = {"code": "foo"}
        self.service.get_raw_access_token(data=data)
        self.assertEqual(data, {"code": "foo"})
        params = {"code": "foo"}
        self.service.get_raw_access_token(method="GET", params=params)
        self.assertEqual(params, {"code": "foo"})
        args, kwargs = mock_request.call_args
        self.assertEqual(args, ("GET", "https://example.com/access"))
        self.assertEqual(kwargs["params"]["client_id"], "000")
        self.assertEqual(kwargs["params"]["client_secret"], "111")
        self.assertEqual(kwargs["params"]["code"], "foo")
        self.assertNotIn("data", kwargs)

    @patch.object(requests.Session, "request")
    def test_get_auth_session_flow(self, mock_request):
        self.response.content = json.dumps({"access_token": "123", "expires_in": 3600})
        mock_request.return_value = self.response
        session = self.service.get_auth_session(data={"code": "foo"}, decoder=json.loads)
        self.assertIsInstance(session, OAuth2Session)
        self.assertEqual(session.access_token, "123")
        self.assertIs(session.service, self.service)
        self.assertIs(session.access_token_response, self.response)

        self.response.content = json.dumps({"status": "ok"})
        r = session.get("me")
        self.assert_ok(r)
        args, kwargs = mock_request.call_args
        self.assertEqual(args, ("GET", "https://example.com/api/me"))
        self.assertEqual(kwargs["timeout"], OAUTH2_DEFAULT_TIMEOUT)
        self.assertTrue(kwargs["allow_redirects"])
        self.assertFalse(kwargs.get("params"))
        self.assertIsInstance(kwargs["auth"], OAuth2Auth)
        self.assertEqual(kwargs["auth"](requests.Request()).headers["Authorization"], "Bearer 123")
        self.assertNotIn("Authorization", session.headers)

    @patch.object(requests.Session, "request")
    def test_session_request_bearer_exact_kwargs(self, mock_request):
        mock_request.return_value = self.response
        session = self.service.get_session("123")
        session.request("GET", "foo", params={"a": "b"})
        args, kwargs = mock_request.call_args
        auth = kwargs["auth"]
        self.assertEqual(auth(requests.Request()).headers["Authorization"], "Bearer 123")
        mock_request.assert_called_with(
            "GET",
            "https://example.com/api/foo",
            params={"a": "b"},
            auth=auth,
            timeout=OAUTH2_DEFAULT_TIMEOUT,
        )

    @patch.object(requests.Session, "request")
    def test_session_request_no_bearer(self, mock_request):
        mock_request.return_value = self.response
        session = self.service.get_session("123")
        params = {"a": "b"}
        session.request("GET", "foo", params=params, bearer_auth=False)
        mock_request.assert_called_with(
            "GET",
            "https://example.com/api/foo",
            params={"a": "b", "access_token": "123"},
            timeout=OAUTH2_DEFAULT_TIMEOUT,
        )
        self.assertEqual(params, {"a": "b"})

    @patch.object(requests.Session, "request")
    def test_session_get_no_bearer(self, mock_request):
        mock_request.return_value = self.response
        session = self.service.get_session("123")
        session.get("foo", bearer_auth=False)
        mock_request.assert_called_with(
            "GET",
            "https://example.com/api/foo",
            params={"access_token": "123"},
            allow_redirects=True,
            timeout=OAUTH2_DEFAULT_TIMEOUT,
        )

    @patch.object(requests.Session, "request")
    def test_session_params_as_string(self, mock_request):
        mock_request.return_value = self.response
        session = self.service.get_session("123")
        session.request("GET", "foo", params="a=b&c=d", bearer_auth=False)
        mock_request.assert_called_with(
            "GET",
            "https://example.com/api/foo",
            params={"a": "b", "c": "d", "access_token": "123"},
            timeout=OAUTH2_DEFAULT_TIMEOUT,
        )

    @patch.object(requests.Session, "request")
    def test_session_custom_access_token_key(self, mock_request):
        mock_request.return_value = self.response
        session = OAuth2Session("000", "111", access_token="123", access_token_key="oauth_token")
        self.assertEqual(session.access_token_key, "oauth_token")
        session.get("https://example.com/foo", bearer_auth=False)
        mock_request.assert_called_with(
            "GET",
            "https://example.com/foo",
            params={"oauth_token": "123"},
            allow_redirects=True,
            timeout=OAUTH2_DEFAULT_TIMEOUT,
        )

    def test_pickle_service(self):
        service = pickle.loads(pickle.dumps(self.service))
        self.assertEqual(service.client_id, "000")
        self.assertEqual(service.client_secret, "111")
        self.assertEqual(service.name, "service")
        self.assertEqual(service.access_token_url, "https://example.com/access")
        self.assertEqual(service.authorize_url, "https://example.com/authorize")
        self.assertEqual(service.base_url, "https://example.com/api/")
        self.assertIs(service.session_obj, OAuth2Session)
        self.assertEqual(service.get_authorize_url(), "https://example.com/authorize?client_id=000")

    @patch.object(requests.Session, "request")
    def test_pickled_service_flow(self, mock_request):
        service = pickle.loads(pickle.dumps(self.service))
        self.response.content = b"access_token=123"
        mock_request.return_value = self.response
        session = service.get_auth_session(data={"code": "foo"})
        self.assertEqual(session.access_token, "123")

    @patch.object(requests.Session, "request")
    def test_pickled_session(self, mock_request):
        mock_request.return_value = self.response
        session = OAuth2Session(
            "000", "111", access_token="123", service=self.service, access_token_key="oauth_token"
        )
        session = pickle.loads(pickle.dumps(session))
        self.assertEqual(session.client_id, "000")
        self.assertEqual(session.client_secret, "111")
        self.assertEqual(session.access_token, "123")
        self.assertEqual(session.access_token_key, "oauth_token")
        self.assertEqual(session.service.base_url, "https://example.com/api/")

        session.get("foo", bearer_auth=False)
        mock_request.assert_called_with(
            "GET",
            "https://example.com/api/foo",
            params={"oauth_token": "123"},
            allow_redirects=True,
            timeout=OAUTH2_DEFAULT_TIMEOUT,
        )

    @patch.object(requests.Session, "request")
    def test_pickled_session_default_key(self, mock_request):
        mock_request.return_value = self.response
        session = pickle.loads(pickle.dumps(self.service.get_session("123")))
        self.assertEqual(session.access_token_key, "access_token")
        session.get("foo", bearer_auth=False)
        self.assertEqual(mock_request.call_args[1]["params"], {"access_token": "123"})
