"""
rauth.test_live
---------------

Application-level checks over real HTTP: a small provider runs on the
loopback interface (127.0.0.1, an ephemeral port) in a thread, and the
requests rauth sends are checked on the server side. OAuth 1 signatures
are verified independently with oauthlib.
"""

import json
import threading
import unittest
from hashlib import sha1
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

from requests.structures import CaseInsensitiveDict

from rauth import OAuth1Service, OAuth1Session, OAuth2Service, OflyService

from .base import RauthTestCase, have_oauthlib, oauthlib_hmac_sha1


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append(
            {
                "method": self.command,
                "path": self.path,
                # header names are case-insensitive (rauth 0.7.2 sends its
                # default content-type in lower case)
                "headers": CaseInsensitiveDict(self.headers.items()),
                "body": body,
            }
        )
        path = urlsplit(self.path).path
        if path.startswith("/redirect/"):
            # /redirect/<status>/<target...>: redirect to /<target...>,
            # or to an absolute URL given in the "to" query parameter
            _, _, status, target = path.split("/", 3)
            query = dict(parse_qsl(urlsplit(self.path).query))
            location = query.get("to") or "/" + target + "?x=1"
            self.send_response(int(status))
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/request_token":
            payload = b"oauth_token=rt&oauth_token_secret=rts&oauth_callback_confirmed=true"
            ctype = "application/x-www-form-urlencoded"
        elif path == "/access_token":
            payload = b"oauth_token=at&oauth_token_secret=ats"
            ctype = "application/x-www-form-urlencoded"
        elif path == "/oauth2/token":
            payload = json.dumps({"access_token": "tok2", "token_type": "bearer"}).encode()
            ctype = "application/json"
        else:
            payload = json.dumps({"status": "ok"}).encode()
            ctype = "application/json"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class LiveServerTestCase(RauthTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = HTTPServer(("127.0.0.1", 0), _Handler)
        cls.server.requests = []
        cls.server.timeout = 5
        cls.thread = threading.Thread(
            target=cls.server.serve_forever, kwargs={"poll_interval": 0.05}
        )
        cls.thread.daemon = True
        cls.thread.start()
        cls.base = f"http://127.0.0.1:{cls.server.server_port}/"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.thread.join(5)

    def setUp(self):
        RauthTestCase.setUp(self)
        self.server.requests[:] = []

    def last(self):
        return self.server.requests[-1]

    def oauth1_params_of(self, req):
        """All signed parameters of a request as the server sees them."""
        split = urlsplit(req["path"])
        params = parse_qsl(split.query, keep_blank_values=True)
        ctype = req["headers"].get("Content-Type", "")
        if ctype.startswith("application/x-www-form-urlencoded"):
            params += parse_qsl(req["body"].decode("utf-8"), keep_blank_values=True)
        auth = req["headers"].get("Authorization", "")
        if auth.startswith("OAuth "):
            for part in auth[len("OAuth ") :].split(","):
                k, v = part.split("=", 1)
                if k != "realm":
                    params.append((k, unquote(v.strip('"'))))
        return params, split.path

    def verify_oauth1(self, req, consumer_secret, token_secret):
        params, path = self.oauth1_params_of(req)
        d = dict(params)
        self.assertIn("oauth_signature", d)
        if have_oauthlib():
            expected = oauthlib_hmac_sha1(
                req["method"], self.base.rstrip("/") + path, params, consumer_secret, token_secret
            )
            self.assertEqual(d["oauth_signature"], expected)
        return d


class LiveOAuth1TestCase(LiveServerTestCase):
    def service(self):
        return OAuth1Service(
            "ck",
            "cs",
            name="live",
            request_token_url=self.base + "request_token",
            access_token_url=self.base + "access_token",
            authorize_url=self.base + "authorize",
            base_url=self.base + "api/",
        )

    def test_full_flow(self):
        service = self.service()
        rt, rts = service.get_request_token(params={"oauth_callback": "oob"})
        self.assertEqual((rt, rts), ("rt", "rts"))
        d = self.verify_oauth1(self.last(), "cs", None)
        self.assertEqual(d["oauth_callback"], "oob")
        self.assertEqual(d["oauth_consumer_key"], "ck")

        self.assertEqual(service.get_authorize_url(rt), self.base + "authorize?oauth_token=rt")

        session = service.get_auth_session(rt, rts, data={"oauth_verifier": "v"}, method="POST")
        d = self.verify_oauth1(self.last(), "cs", "rts")
        self.assertEqual(d["oauth_verifier"], "v")
        self.assertEqual(d["oauth_token"], "rt")
        self.assertEqual(session.access_token, "at")
        self.assertEqual(session.access_token_secret, "ats")

        r = session.get("statuses", params={"count": "5", "q": "sn\u00f6w"})
        self.assertEqual(r.json(), {"status": "ok"})
        d = self.verify_oauth1(self.last(), "cs", "ats")
        self.assertEqual(d["count"], "5")
        self.assertEqual(d["q"], "sn\u00f6w")
        self.assertEqual(d["oauth_token"], "at")
        self.assertTrue(self.last()["path"].startswith("/api/statuses?"))

    def test_post_form(self):
        session = OAuth1Session("ck", "cs", access_token="at", access_token_secret="ats")
        r = session.post(self.base + "update", data={"status": "h\u00e9llo w~rld & more"})
        self.assertEqual(r.json(), {"status": "ok"})
        req = self.last()
        self.assertTrue(
            req["headers"]["Content-Type"].startswith("application/x-www-form-urlencoded")
        )
        self.assertEqual(urlsplit(req["path"]).query, "")
        d = self.verify_oauth1(req, "cs", "ats")
        self.assertEqual(d["status"], "h\u00e9llo w~rld & more")

    def test_header_auth(self):
        session = OAuth1Session("ck", "cs", access_token="at", access_token_secret="ats")
        session.get(self.base + "resource", params={"a": "b"}, header_auth=True, realm="live")
        req = self.last()
        self.assertTrue(
            req["headers"]["Authorization"].startswith(
                'OAuth realm="live",oauth_consumer_key="ck",'
            )
        )
        self.assertEqual(urlsplit(req["path"]).query, "a=b")
        self.verify_oauth1(req, "cs", "ats")
        self.assertNotIn("Authorization", session.headers)

    def test_get_and_delete_with_form_body(self):
        # requests form-encodes a dict body on any method and sends the form
        # Content-Type; a provider then includes the body in the signature
        session = OAuth1Session("ck", "cs", access_token="at", access_token_secret="ats")
        for method in ("GET", "DELETE"):
            session.request(method, self.base + "thing", data={"x": "1"})
            req = self.last()
            self.assertEqual(req["body"], b"x=1")
            d = self.verify_oauth1(req, "cs", "ats")
            self.assertEqual(d["x"], "1")

    def test_put_and_delete(self):
        session = OAuth1Session("ck", "cs", access_token="at", access_token_secret="ats")
        session.put(self.base + "thing", data={"x": "1"})
        self.verify_oauth1(self.last(), "cs", "ats")
        session.delete(self.base + "thing", params={"id": "7"})
        self.verify_oauth1(self.last(), "cs", "ats")


class LiveOAuth1RedirectTestCase(LiveServerTestCase):
    """
    Following a redirect must not send a stale or reused OAuth signature:
    each request the server receives is either correctly signed for its own
    URL, or carries no OAuth credentials at all.
    """

    def session(self):
        return OAuth1Session("ck", "cs", access_token="at", access_token_secret="ats")

    def assert_each_request_valid_or_unsigned(self):
        nonces = []
        for req in self.server.requests:
            params, _ = self.oauth1_params_of(req)
            d = dict(params)
            if "oauth_signature" in d:
                self.verify_oauth1(req, "cs", "ats")
                nonces.append(d["oauth_nonce"])
        self.assertEqual(len(nonces), len(set(nonces)), "nonce reused")
        return nonces

    def test_redirect_query_auth(self):
        r = self.session().get(self.base + "redirect/302/target", params={"a": "b"})
        self.assertEqual(r.json(), {"status": "ok"})
        self.assertEqual(len(self.server.requests), 2)
        self.assertTrue(self.last()["path"].startswith("/target?"))
        self.assert_each_request_valid_or_unsigned()

    def test_redirect_header_auth(self):
        r = self.session().get(self.base + "redirect/302/target", header_auth=True)
        self.assertEqual(r.json(), {"status": "ok"})
        self.assertEqual(len(self.server.requests), 2)
        self.assert_each_request_valid_or_unsigned()

    def test_redirect_307_post_form(self):
        r = self.session().post(self.base + "redirect/307/target", data={"a": "b"})
        self.assertEqual(r.json(), {"status": "ok"})
        self.assertEqual(len(self.server.requests), 2)
        self.assertEqual(self.last()["method"], "POST")
        self.assert_each_request_valid_or_unsigned()

    def test_redirect_other_host_drops_credentials(self):
        other = self.base.replace("127.0.0.1", "localhost") + "target"
        for header_auth in (False, True):
            self.server.requests[:] = []
            self.session().get(
                self.base + "redirect/302/x", params={"to": other}, header_auth=header_auth
            )
            self.assertEqual(len(self.server.requests), 2)
            last = self.last()
            self.assertNotIn("Authorization", last["headers"])
            self.assertNotIn("oauth_", last["path"])


class LiveOAuth2TestCase(LiveServerTestCase):
    def test_full_flow(self):
        service = OAuth2Service(
            "cid",
            "csecret",
            name="live2",
            access_token_url=self.base + "oauth2/token",
            authorize_url=self.base + "oauth2/authorize",
            base_url=self.base + "api/",
        )
        url = service.get_authorize_url(response_type="code", redirect_uri="http://localhost/cb")
        self.assertEqual(
            url,
            self.base + "oauth2/authorize?"
            "response_type=code"
            "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb"
            "&client_id=cid",
        )
        data = {"code": "abc", "grant_type": "authorization_code"}
        session = service.get_auth_session(data=data, decoder=json.loads)
        self.assertEqual(data, {"code": "abc", "grant_type": "authorization_code"})
        req = self.last()
        self.assertEqual(req["method"], "POST")
        body = dict(parse_qsl(req["body"].decode()))
        self.assertEqual(
            body,
            {
                "code": "abc",
                "grant_type": "authorization_code",
                "client_id": "cid",
                "client_secret": "csecret",
            },
        )
        self.assertEqual(session.access_token, "tok2")

        r = session.get("me")
        self.assertEqual(r.json(), {"status": "ok"})
        req = self.last()
        self.assertEqual(req["path"], "/api/me")
        self.assertEqual(req["headers"]["Authorization"], "Bearer tok2")

        session.get("me", params={"a": "b"}, bearer_auth=False)
        req = self.last()
        self.assertEqual(
            dict(parse_qsl(urlsplit(req["path"]).query)), {"a": "b", "access_token": "tok2"}
        )
        self.assertNotIn("Authorization", req["headers"])


class LiveOflyTestCase(LiveServerTestCase):
    def test_signed_request(self):
        service = OflyService(
            "appid",
            "appsecret",
            name="ofly",
            authorize_url=self.base + "authorize",
            base_url=self.base + "api/",
        )
        session = service.get_auth_session("user1")
        r = session.get("album", params={"b": "2", "a": "1"})
        self.assertEqual(r.json(), {"status": "ok"})
        req = self.last()
        split = urlsplit(req["path"])
        self.assertEqual(split.path, "/api/album")
        query = split.query
        params = dict(parse_qsl(query))
        self.assertEqual(
            [k for k, v in parse_qsl(query)],
            ["a", "b", "oflyApiSig", "oflyAppId", "oflyHashMeth", "oflyTimestamp", "oflyUserid"],
        )
        self.assertEqual(params["oflyUserid"], "user1")
        self.assertEqual(params["oflyAppId"], "appid")
        self.assertEqual(params["oflyHashMeth"], "SHA1")
        base = (
            "appsecret/api/album?a=1&b=2&oflyUserid=user1"
            "&oflyAppId=appid&oflyHashMeth=SHA1&oflyTimestamp=" + params["oflyTimestamp"]
        )
        self.assertEqual(params["oflyApiSig"], sha1(base.encode("utf-8")).hexdigest())

    def _check_ofly(self, params):
        service = OflyService(
            "appid", "appsecret", authorize_url=self.base + "authorize", base_url=self.base + "api/"
        )
        session = service.get_auth_session("user1")
        r = session.get("album", params=params)
        self.assertEqual(r.json(), {"status": "ok"})
        query = urlsplit(self.last()["path"]).query
        received = dict(parse_qsl(query, keep_blank_values=True))
        sig = received.pop("oflyApiSig")
        for k, v in params.items():
            self.assertEqual(received[k], v)
        ofly = dict((k, received.pop(k)) for k in ("oflyAppId", "oflyHashMeth", "oflyTimestamp"))
        sorted_ = lambda d: "&".join(f"{k}={d[k]}" for k in sorted(d))
        base = "appsecret/api/album?" + sorted_(received) + "&" + sorted_(ofly)
        self.assertEqual(sig, sha1(base.encode("utf-8")).hexdigest())

    def test_signed_request_non_ascii_value(self):
        self._check_ofly({"title": "sn\u00f6w \u2603"})

    def test_signed_request_non_ascii_key(self):
        self._check_ofly({"\u2603": "snowman"})

    def test_signed_request_reserved_chars(self):
        self._check_ofly({"q": "a b&c=d/e?f+g~h%", "cb": "http://x/?a=b"})


if __name__ == "__main__":  # pragma: no cover
    unittest.main()
