"""
rauth.test_api
--------------

The call signatures of rauth 0.7.2's public (and test-suite-visible)
callables, captured with ``inspect.signature`` from the original 0.7.2
source. Code written against 0.7.2 passes arguments positionally and by
keyword, so each 0.7.2 parameter must still be accepted at the same
position, under the same name, with the same default.
"""

import inspect

from rauth import oauth, service, session, utils

from .base import RauthTestCase

SIGNATURES_072 = {
    "service.OAuth1Service.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("consumer_key", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("consumer_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("name", "POSITIONAL_OR_KEYWORD", None),
        ("request_token_url", "POSITIONAL_OR_KEYWORD", None),
        ("access_token_url", "POSITIONAL_OR_KEYWORD", None),
        ("authorize_url", "POSITIONAL_OR_KEYWORD", None),
        ("base_url", "POSITIONAL_OR_KEYWORD", None),
        ("session_obj", "POSITIONAL_OR_KEYWORD", None),
        ("signature_obj", "POSITIONAL_OR_KEYWORD", None),
    ],
    "service.OAuth1Service.get_session": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("token", "POSITIONAL_OR_KEYWORD", None),
        ("signature", "POSITIONAL_OR_KEYWORD", None),
    ],
    "service.OAuth1Service.get_raw_request_token": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "GET"),
        ("kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OAuth1Service.get_request_token": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "GET"),
        ("decoder", "POSITIONAL_OR_KEYWORD", "CALLABLE:parse_utf8_qsl"),
        ("key_token", "POSITIONAL_OR_KEYWORD", "oauth_token"),
        ("key_token_secret", "POSITIONAL_OR_KEYWORD", "oauth_token_secret"),
        ("kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OAuth1Service.get_authorize_url": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("request_token", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("params", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OAuth1Service.get_raw_access_token": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("request_token", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("request_token_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "GET"),
        ("kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OAuth1Service.get_access_token": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("request_token", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("request_token_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "GET"),
        ("decoder", "POSITIONAL_OR_KEYWORD", "CALLABLE:parse_utf8_qsl"),
        ("key_token", "POSITIONAL_OR_KEYWORD", "oauth_token"),
        ("key_token_secret", "POSITIONAL_OR_KEYWORD", "oauth_token_secret"),
        ("kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OAuth1Service.get_auth_session": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("request_token", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("request_token_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "GET"),
        ("kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OAuth2Service.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("client_id", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("client_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("name", "POSITIONAL_OR_KEYWORD", None),
        ("access_token_url", "POSITIONAL_OR_KEYWORD", None),
        ("authorize_url", "POSITIONAL_OR_KEYWORD", None),
        ("base_url", "POSITIONAL_OR_KEYWORD", None),
        ("session_obj", "POSITIONAL_OR_KEYWORD", None),
    ],
    "service.OAuth2Service.get_session": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("token", "POSITIONAL_OR_KEYWORD", None),
    ],
    "service.OAuth2Service.get_authorize_url": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("params", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OAuth2Service.get_raw_access_token": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "POST"),
        ("kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OAuth2Service.get_access_token": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "POST"),
        ("decoder", "POSITIONAL_OR_KEYWORD", "CALLABLE:parse_utf8_qsl"),
        ("key", "POSITIONAL_OR_KEYWORD", "access_token"),
        ("kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OAuth2Service.get_auth_session": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "POST"),
        ("kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OflyService.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("app_id", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("app_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("name", "POSITIONAL_OR_KEYWORD", None),
        ("authorize_url", "POSITIONAL_OR_KEYWORD", None),
        ("base_url", "POSITIONAL_OR_KEYWORD", None),
        ("user_id", "POSITIONAL_OR_KEYWORD", None),
        ("session_obj", "POSITIONAL_OR_KEYWORD", None),
    ],
    "service.OflyService.get_session": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("token", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "service.OflyService.get_authorize_url": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("params", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.OflyService.get_auth_session": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("user_id", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "service.Service.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("name", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("base_url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("authorize_url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "service.process_token_request": [
        ("r", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("decoder", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("args", "VAR_POSITIONAL", "REQUIRED"),
    ],
    "session.RauthSession.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("service", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "session.RauthSession._set_url": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "session.OAuth1Session.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("consumer_key", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("consumer_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("access_token", "POSITIONAL_OR_KEYWORD", None),
        ("access_token_secret", "POSITIONAL_OR_KEYWORD", None),
        ("signature", "POSITIONAL_OR_KEYWORD", None),
        ("service", "POSITIONAL_OR_KEYWORD", None),
    ],
    "session.OAuth1Session.request": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("header_auth", "POSITIONAL_OR_KEYWORD", False),
        ("realm", "POSITIONAL_OR_KEYWORD", ""),
        ("req_kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "session.OAuth2Session.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("client_id", "POSITIONAL_OR_KEYWORD", None),
        ("client_secret", "POSITIONAL_OR_KEYWORD", None),
        ("access_token", "POSITIONAL_OR_KEYWORD", None),
        ("service", "POSITIONAL_OR_KEYWORD", None),
        ("access_token_key", "POSITIONAL_OR_KEYWORD", None),
    ],
    "session.OAuth2Session.request": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("bearer_auth", "POSITIONAL_OR_KEYWORD", True),
        ("req_kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "session.OflySession.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("app_id", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("app_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("user_id", "POSITIONAL_OR_KEYWORD", None),
        ("service", "POSITIONAL_OR_KEYWORD", None),
    ],
    "session.OflySession.request": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("user_id", "POSITIONAL_OR_KEYWORD", None),
        ("hash_meth", "POSITIONAL_OR_KEYWORD", "sha1"),
        ("req_kwargs", "VAR_KEYWORD", "REQUIRED"),
    ],
    "session.OflySession.sign": [
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("app_id", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("app_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("hash_meth", "POSITIONAL_OR_KEYWORD", "sha1"),
        ("params", "VAR_KEYWORD", "REQUIRED"),
    ],
    "oauth.HmacSha1Signature.sign": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("consumer_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("access_token_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("oauth_params", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("req_kwargs", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "oauth.RsaSha1Signature.sign": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("consumer_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("access_token_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("oauth_params", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("req_kwargs", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "oauth.PlaintextSignature.sign": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("consumer_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("access_token_secret", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("method", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("oauth_params", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("req_kwargs", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "oauth.SignatureMethod._remove_qs": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "oauth.SignatureMethod._normalize_request_parameters": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("oauth_params", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("req_kwargs", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "utils.OAuth1Auth.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("oauth_params", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("realm", "POSITIONAL_OR_KEYWORD", None),
    ],
    "utils.OAuth2Auth.__init__": [
        ("self", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("access_token", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "utils.parse_utf8_qsl": [
        ("s", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "utils.get_sorted_params": [
        ("params", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
    "utils.absolute_url": [
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
    ],
}

MODULES = {"service": service, "session": session, "oauth": oauth, "utils": utils}

REQUIRED = "REQUIRED"


def _resolve(dotted):
    module, *rest = dotted.split(".")
    obj = MODULES[module]
    for name in rest:
        obj = getattr(obj, name)
    return obj


class SignaturesTestCase(RauthTestCase):
    def test_signatures_compatible_with_072(self):
        problems = []
        for dotted, expected in SIGNATURES_072.items():
            try:
                func = _resolve(dotted)
            except AttributeError:
                problems.append(f"{dotted}: missing")
                continue
            params = list(inspect.signature(func).parameters.values())
            positional = [
                p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ]
            kinds = set(p.kind.name for p in params)
            pos_i = 0
            for name, kind, default in expected:
                if kind == "VAR_KEYWORD":
                    if "VAR_KEYWORD" not in kinds:
                        problems.append(f"{dotted}: no **{name}")
                    continue
                if kind == "VAR_POSITIONAL":
                    if "VAR_POSITIONAL" not in kinds:
                        problems.append(f"{dotted}: no *{name}")
                    continue
                if pos_i >= len(positional):
                    problems.append(f"{dotted}: parameter {name} missing")
                    continue
                p = positional[pos_i]
                pos_i += 1
                if p.name != name or p.kind != p.POSITIONAL_OR_KEYWORD:
                    problems.append(
                        f"{dotted}: position {pos_i - 1} is {p.name} ({p.kind.name}), 0.7.2 had {name}"
                    )
                    continue
                if default == REQUIRED:
                    continue
                actual = p.default
                if isinstance(default, str) and default.startswith("CALLABLE:"):
                    if getattr(actual, "__name__", None) != default.split(":", 1)[1]:
                        problems.append(f"{dotted}: default of {name} is {actual!r}")
                elif actual is inspect.Parameter.empty or actual != default:
                    problems.append(
                        f"{dotted}: default of {name} is {actual!r}, 0.7.2 had {default!r}"
                    )
            # parameters added after 0.7.2's must not be required
            for p in positional[pos_i:]:
                if p.default is inspect.Parameter.empty:
                    problems.append(f"{dotted}: new required parameter {p.name}")
            for p in params:
                if p.kind == p.KEYWORD_ONLY and p.default is inspect.Parameter.empty:
                    problems.append(f"{dotted}: new required keyword {p.name}")
        self.assertEqual(problems, [])

    def test_staticmethod_sign(self):
        self.assertIsInstance(inspect.getattr_static(session.OflySession, "sign"), staticmethod)
