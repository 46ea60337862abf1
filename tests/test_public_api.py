"""Pins rauth's public API: every module's ``__all__``, rauth 0.7's names, and the
names, arguments and defaults of the API reference (rauth 0.7.2 docs, section 3.1)."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import time

import pytest

import rauth
from rauth import errors, oauth, service, session, utils

ALL = {
    "rauth": [
        "AuthorizationRequest",
        "InsecureTransportWarning",
        "OAuth1",
        "OAuth1Service",
        "OAuth1Session",
        "OAuth2",
        "OAuth2Error",
        "OAuth2Service",
        "OAuth2Session",
        "OAuth2Token",
        "OflyService",
        "OflySession",
        "__author__",
        "__copyright__",
        "__license__",
        "__title__",
        "__version__",
        "__version_info__",
    ],
    "rauth.__about__": [
        "__author__",
        "__copyright__",
        "__license__",
        "__title__",
        "__version__",
        "__version_info__",
    ],
    "rauth.compat": [
        "is_basestring",
        "iteritems",
        "parse_qsl",
        "quote",
        "urlencode",
        "urljoin",
        "urlsplit",
        "urlunsplit",
    ],
    "rauth.errors": [
        "DiscoveryError",
        "IdTokenError",
        "IssuerMismatchError",
        "MissingDependencyError",
        "MissingUserIdError",
        "OAuth2DecodeError",
        "OAuth2Error",
        "ResponseTooLargeError",
        "StateMismatchError",
        "TokenExpiredError",
    ],
    "rauth.oauth": [
        "HmacSha1Signature",
        "HmacSha256Signature",
        "HmacSha512Signature",
        "PlaintextSignature",
        "RsaSha1Signature",
        "RsaSha256Signature",
        "RsaSha512Signature",
        "SignatureMethod",
        "base_string_uri",
        "normalize_parameters",
        "signature_base_string",
    ],
    "rauth.limits": [
        "MAX_RESPONSE_BYTES",
        "MAX_TOKEN_RESPONSE_BYTES",
        "read_bounded",
        "read_limited",
        "token_request",
        "token_requests",
    ],
    "rauth.transport": [
        "InsecureTransportWarning",
        "check_request",
        "is_loopback",
        "warn_if_insecure",
    ],
    "rauth.auth": ["PLACEMENTS", "OAuth1", "OAuth2"],
    "rauth.oauth1_flows": ["OAuth1Flows", "OAuth1TokenResponse"],
    "rauth.ofly": ["OflyQuery"],
    "rauth.prepared": ["SentOAuthParams", "sent_oauth_params", "signature_base_string_for"],
    "rauth.canonical": ["escaped_form_pairs"],
    "rauth.environment": ["merged"],
    "rauth.tokens": [
        "OAuth2Token",
        "decode_token_body",
        "error_from_response",
        "time",
        "token_from_response",
    ],
    "rauth.client_auth": ["CLIENT_AUTH_METHODS", "ClientSecretBasic", "client_credentials"],
    "rauth.authorization": [
        "CODE_CHALLENGE_METHODS",
        "AuthorizationRequest",
        "code_challenge",
        "generate_code_verifier",
        "parse_callback",
        "scope_text",
    ],
    "rauth.refresh": ["DEFAULT_LEEWAY", "TokenHolder", "TokenUpdater"],
    "rauth.hooks": [
        "COMPLIANCE_HOOKS",
        "TokenHook",
        "has_protected_hooks",
        "protected_prepared",
        "register_compliance_hook",
        "with_token",
    ],
    "rauth.quirks": [
        "douban",
        "ebay",
        "facebook",
        "fitbit",
        "instagram",
        "linkedin",
        "mailchimp",
        "plentymarkets",
        "slack",
        "slack_user_token",
        "weibo",
    ],
    "rauth.flows": ["OAuth2Flows"],
    "rauth.oidc": [
        "DEFAULT_ID_TOKEN_LEEWAY",
        "JWKS_REFETCH_INTERVAL",
        "JwksCache",
        "OpenIDSession",
        "check_response_issuer",
        "id_token_hash",
        "login_claims",
        "refreshed_claims",
        "time",
        "validate_id_token",
    ],
    "rauth.discovery": [
        "OAUTH_METADATA_PATH",
        "OPENID_CONFIGURATION_PATH",
        "choose_auth_method",
        "fetch_metadata",
        "service_arguments",
    ],
    "rauth.assertions": [
        "CLIENT_ASSERTION_TYPE",
        "JWT_BEARER_GRANT",
        "client_assertion",
        "jwt_bearer_assertion",
    ],
    "rauth.demo": [
        "FLOWS",
        "DemoError",
        "Printer",
        "main",
        "mask",
        "oauth1_flow",
        "oauth2_flow",
        "ofly_flow",
        "run",
        "shorten",
    ],
    "rauth.service": [
        "PROCESS_TOKEN_ERROR",
        "OAuth1Service",
        "OAuth2Service",
        "OflyService",
        "Service",
        "process_token_request",
    ],
    "rauth.session": [
        "OAUTH1_DEFAULT_TIMEOUT",
        "OAUTH2_DEFAULT_TIMEOUT",
        "OFLY_DEFAULT_TIMEOUT",
        "HmacSha1Signature",
        "OAuth1Session",
        "OAuth2Session",
        "OflySession",
        "RauthSession",
        "datetime",
        "md5",
        "random",
        "sha1",
        "time",
    ],
    "rauth.redact": ["redact_secrets", "scrub_exception", "scrub_text"],
    "rauth.responses": ["forget", "keep", "kept"],
    "rauth.verbs": ["Verbs"],
    "rauth.wire": [
        "JsonBodyHeaders",
        "as_sent",
        "for_the_wire",
        "merged",
        "prepared",
        "sent_content_type",
    ],
    "rauth.encoded": [
        "EncodedForm",
        "encode_forms",
        "escaped_items",
        "for_preparing",
        "for_requests",
        "handed",
        "joined",
        "oauth_form",
        "with_query",
    ],
    "rauth.utils": [
        "ENTITY_METHODS",
        "FORM_URLENCODED",
        "OPTIONAL_OAUTH_PARAMS",
        "CaseInsensitiveDict",
        "OAuth1Auth",
        "OAuth2Auth",
        "UtcDateTime",
        "absolute_url",
        "escape",
        "get_sorted_params",
        "is_form_urlencoded",
        "is_secret_name",
        "parse_qs_dict",
        "parse_utf8_qsl",
    ],
}

#: The names rauth 0.7.3 defined in each module (not the ones it imported).
RAUTH_07_NAMES = {
    "rauth": [
        "OAuth1Service",
        "OAuth2Service",
        "OflyService",
        "OAuth1Session",
        "OAuth2Session",
        "OflySession",
        "__title__",
        "__version_info__",
        "__version__",
        "__author__",
        "__license__",
        "__copyright__",
    ],
    "rauth.compat": [
        "quote",
        "urlencode",
        "parse_qsl",
        "urlsplit",
        "urlunsplit",
        "urljoin",
        "is_basestring",
        "iteritems",
    ],
    "rauth.oauth": [
        "SignatureMethod",
        "HmacSha1Signature",
        "RsaSha1Signature",
        "PlaintextSignature",
    ],
    "rauth.service": [
        "PROCESS_TOKEN_ERROR",
        "process_token_request",
        "Service",
        "OAuth1Service",
        "OAuth2Service",
        "OflyService",
    ],
    "rauth.session": [
        "OAUTH1_DEFAULT_TIMEOUT",
        "OAUTH2_DEFAULT_TIMEOUT",
        "OFLY_DEFAULT_TIMEOUT",
        "random",
        "RauthSession",
        "OAuth1Session",
        "OAuth2Session",
        "OflySession",
        # the seams rauth 0.7's own tests patched
        "time",
        "datetime",
        "sha1",
        "md5",
        "HmacSha1Signature",
    ],
    "rauth.utils": [
        "FORM_URLENCODED",
        "ENTITY_METHODS",
        "OPTIONAL_OAUTH_PARAMS",
        "absolute_url",
        "parse_utf8_qsl",
        "get_sorted_params",
        "CaseInsensitiveDict",
        "OAuth2Auth",
        "OAuth1Auth",
    ],
}


#: Every other module-level name of rauth 0.7.2's modules, imports included
#: (read from its sources): user code imports them from there
#: (``from rauth.oauth import quote``) and patches them.
RAUTH_072_IMPORTED_NAMES = {
    "rauth.compat": ["sys"],
    "rauth.oauth": [
        "FORM_URLENCODED",
        "base64",
        "hmac",
        "is_basestring",
        "quote",
        "sha1",
        "urlencode",
        "urlsplit",
        "urlunsplit",
    ],
    "rauth.session": [
        "CaseInsensitiveDict",
        "ENTITY_METHODS",
        "FORM_URLENCODED",
        "OAuth1Auth",
        "OAuth2Auth",
        "OPTIONAL_OAUTH_PARAMS",
        "Session",
        "SystemRandom",
        "absolute_url",
        "deepcopy",
        "get_sorted_params",
        "is_basestring",
        "parse_qsl",
        "urljoin",
        "urlsplit",
    ],
    "rauth.service": [
        "ENTITY_METHODS",
        "OAuth1Session",
        "OAuth2Session",
        "OflySession",
        "parse_utf8_qsl",
        "urlencode",
    ],
    "rauth.utils": ["AuthBase", "cidict", "is_basestring", "parse_qsl", "quote"],
}


@pytest.mark.parametrize("module_name", sorted(RAUTH_072_IMPORTED_NAMES))
def test_rauth_072_imported_names_are_importable(module_name):
    module = importlib.import_module(module_name)
    missing = [name for name in RAUTH_072_IMPORTED_NAMES[module_name] if not hasattr(module, name)]
    assert missing == []


def test_rauth_072_imported_names_are_what_they_were():
    import base64 as base64_module
    import copy
    import hmac as hmac_module
    import random as random_module
    import sys
    import urllib.parse

    import requests.auth
    import requests.sessions
    import requests.structures

    from rauth import compat

    assert compat.sys is sys
    assert oauth.base64 is base64_module
    assert oauth.hmac is hmac_module
    assert oauth.sha1 is hashlib.sha1
    assert oauth.quote is urllib.parse.quote
    assert oauth.urlencode is urllib.parse.urlencode
    assert oauth.is_basestring is compat.is_basestring
    assert oauth.FORM_URLENCODED == "application/x-www-form-urlencoded"
    assert session.deepcopy is copy.deepcopy
    assert session.SystemRandom is random_module.SystemRandom
    assert session.Session is requests.sessions.Session
    assert session.is_basestring is utils.is_basestring is compat.is_basestring
    assert utils.cidict is requests.structures.CaseInsensitiveDict
    assert utils.AuthBase is requests.auth.AuthBase
    assert service.parse_utf8_qsl is utils.parse_utf8_qsl
    assert service.urlencode is urllib.parse.urlencode


@pytest.mark.parametrize("module_name", sorted(ALL))
def test_all_is_pinned(module_name):
    module = importlib.import_module(module_name)
    assert sorted(module.__all__) == sorted(ALL[module_name])
    for name in module.__all__:
        assert hasattr(module, name), name


@pytest.mark.parametrize("module_name", sorted(RAUTH_07_NAMES))
def test_rauth_07_names_exist(module_name):
    module = importlib.import_module(module_name)
    missing = [name for name in RAUTH_07_NAMES[module_name] if not hasattr(module, name)]
    assert missing == []


def test_top_level_names_are_the_session_and_service_classes():
    assert rauth.OAuth1Service is service.OAuth1Service
    assert rauth.OAuth2Service is service.OAuth2Service
    assert rauth.OflyService is service.OflyService
    assert rauth.OAuth1Session is session.OAuth1Session
    assert rauth.OAuth2Session is session.OAuth2Session
    assert rauth.OflySession is session.OflySession


def test_about():
    assert rauth.__title__ == "rauth"
    assert all(isinstance(part, str) for part in rauth.__version_info__)
    assert rauth.__version__ == ".".join(rauth.__version_info__)
    assert rauth.__license__ == "MIT"


def test_session_seams():
    assert session.time is time.time
    assert session.sha1 is hashlib.sha1
    assert session.md5 is hashlib.md5
    assert session.HmacSha1Signature is oauth.HmacSha1Signature
    assert callable(session.datetime.utcnow)
    values = {session.random() for _ in range(5)}
    assert all(0.0 <= value < 1.0 for value in values)
    assert len(values) > 1


def test_error_types():
    assert issubclass(errors.MissingDependencyError, ImportError)
    assert issubclass(errors.MissingDependencyError, NotImplementedError)
    assert issubclass(errors.MissingUserIdError, ValueError)
    assert issubclass(errors.MissingUserIdError, AssertionError)


def test_signature_method_names():
    assert oauth.HmacSha1Signature.NAME == "HMAC-SHA1"
    assert oauth.RsaSha1Signature.NAME == "RSA-SHA1"
    assert oauth.PlaintextSignature.NAME == "PLAINTEXT"
    assert oauth.HmacSha256Signature.NAME == "HMAC-SHA256"
    assert oauth.HmacSha512Signature.NAME == "HMAC-SHA512"
    assert oauth.RsaSha256Signature.NAME == "RSA-SHA256"
    assert oauth.RsaSha512Signature.NAME == "RSA-SHA512"
    for cls in (oauth.HmacSha1Signature, oauth.RsaSha1Signature, oauth.PlaintextSignature):
        assert issubclass(cls, oauth.SignatureMethod)


# --- argument names and defaults -------------------------------------------------


def _described(func) -> list[str]:
    """Describe the parameters of ``func`` as the API reference writes them."""
    described = []
    for parameter in inspect.signature(func).parameters.values():
        if parameter.name == "self":
            continue
        if parameter.kind is parameter.VAR_KEYWORD:
            described.append(f"**{parameter.name}")
        elif parameter.kind is parameter.VAR_POSITIONAL:
            described.append(f"*{parameter.name}")
        elif parameter.default is parameter.empty:
            described.append(parameter.name)
        elif callable(parameter.default):
            described.append(f"{parameter.name}={parameter.default.__name__}")
        else:
            described.append(f"{parameter.name}={parameter.default!r}")
    return described


SIGNATURES = [
    # 3.1.1 OAuth 1.0 Services
    (
        service.OAuth1Service.__init__,
        "consumer_key, consumer_secret, name=None, request_token_url=None, access_token_url=None, "
        "authorize_url=None, base_url=None, session_obj=None, signature_obj=None",
    ),
    (
        service.OAuth1Service.get_access_token,
        "request_token, request_token_secret, method='GET', decoder=parse_utf8_qsl, "
        "key_token='oauth_token', key_token_secret='oauth_token_secret', **kwargs",
    ),
    (
        service.OAuth1Service.get_auth_session,
        "request_token, request_token_secret, method='GET', **kwargs",
    ),
    (service.OAuth1Service.get_authorize_url, "request_token, **params"),
    (
        service.OAuth1Service.get_raw_access_token,
        "request_token, request_token_secret, method='GET', **kwargs",
    ),
    (service.OAuth1Service.get_raw_request_token, "method='GET', **kwargs"),
    (
        service.OAuth1Service.get_request_token,
        "method='GET', decoder=parse_utf8_qsl, key_token='oauth_token', "
        "key_token_secret='oauth_token_secret', **kwargs",
    ),
    (service.OAuth1Service.get_session, "token=None, signature=None"),
    # 3.1.2 OAuth 2.0 Services
    (
        service.OAuth2Service.__init__,
        "client_id, client_secret, name=None, access_token_url=None, authorize_url=None, "
        "base_url=None, session_obj=None"
        # then rauth's own keyword-only arguments
        ", redirect_uri=None, scope=None, token_endpoint_auth_method='client_secret_post', "
        "refresh_token_url=None, revocation_url=None, "
        "client_assertion_alg=None, client_key_id=None",
    ),
    (
        service.OAuth2Service.get_access_token,
        "method='POST', decoder=parse_utf8_qsl, key='access_token', **kwargs",
    ),
    (service.OAuth2Service.get_auth_session, "method='POST', **kwargs"),
    (service.OAuth2Service.get_authorize_url, "**params"),
    (service.OAuth2Service.get_raw_access_token, "method='POST', **kwargs"),
    (service.OAuth2Service.get_session, "token=None" + ", token_updater=None"),
    # 3.1.3 Ofly Services
    (
        service.OflyService.__init__,
        "app_id, app_secret, name=None, authorize_url=None, base_url=None, user_id=None, "
        "session_obj=None",
    ),
    (service.OflyService.get_auth_session, "user_id, **kwargs"),
    (service.OflyService.get_authorize_url, "**params"),
    (service.OflyService.get_session, "token"),
    # 3.1.4 OAuth 1.0 Sessions
    (
        session.OAuth1Session.__init__,
        "consumer_key, consumer_secret, access_token=None, access_token_secret=None, "
        "signature=None, service=None",
    ),
    (session.OAuth1Session.request, "method, url, header_auth=False, realm='', **req_kwargs"),
    # 3.1.5 OAuth 2.0 Sessions
    (
        session.OAuth2Session.__init__,
        "client_id=None, client_secret=None, access_token=None, service=None, "
        "access_token_key=None"
        # then rauth's own keyword-only arguments
        ", token=None, token_updater=None, leeway=60.0, refresh_token_url=None",
    ),
    (session.OAuth2Session.request, "method, url, bearer_auth=True, **req_kwargs"),
    # 3.1.6 Ofly Sessions
    (session.OflySession.__init__, "app_id, app_secret, user_id=None, service=None"),
    (session.OflySession.request, "method, url, user_id=None, hash_meth='sha1', **req_kwargs"),
    (session.OflySession.sign, "url, app_id, app_secret, hash_meth='sha1', **params"),
    # rauth 0.7's other public helpers
    (service.process_token_request, "r, decoder, *args"),
    (service.Service.__init__, "name, base_url, authorize_url"),
    (utils.absolute_url, "url"),
    (utils.parse_utf8_qsl, "s"),
    (utils.get_sorted_params, "params"),
    (utils.CaseInsensitiveDict.__init__, "d=None"),
    (utils.OAuth1Auth.__init__, "oauth_params, realm=None"),
    (utils.OAuth2Auth.__init__, "access_token"),
    (oauth.SignatureMethod._ensure_unicode, "s"),
    (oauth.SignatureMethod._escape, "s"),
    (oauth.SignatureMethod._remove_qs, "url"),
    (oauth.SignatureMethod._normalize_request_parameters, "oauth_params, req_kwargs"),
]

SIGNATURE_METHOD_SIGN = (
    "consumer_secret, access_token_secret, method, url, oauth_params, req_kwargs"
)


@pytest.mark.parametrize(
    ("func", "documented"), SIGNATURES, ids=[func.__qualname__ for func, _ in SIGNATURES]
)
def test_documented_arguments_and_defaults(func, documented):
    assert ", ".join(_described(func)) == documented


@pytest.mark.parametrize(
    "cls",
    [
        oauth.SignatureMethod,
        oauth.HmacSha1Signature,
        oauth.RsaSha1Signature,
        oauth.PlaintextSignature,
        oauth.HmacSha256Signature,
        oauth.RsaSha512Signature,
    ],
    ids=lambda cls: cls.__name__,
)
def test_signature_method_sign_arguments(cls):
    assert ", ".join(_described(cls.sign)) == SIGNATURE_METHOD_SIGN


def test_decoder_default_is_parse_utf8_qsl():
    for func in (
        service.OAuth1Service.get_access_token,
        service.OAuth1Service.get_request_token,
        service.OAuth2Service.get_access_token,
    ):
        assert inspect.signature(func).parameters["decoder"].default is utils.parse_utf8_qsl


def test_ofly_sign_is_a_static_method():
    assert isinstance(inspect.getattr_static(session.OflySession, "sign"), staticmethod)


def test_rauth_session_takes_a_service():
    assert _described(session.RauthSession.__init__)[0].split("=")[0] == "service"


SESSION_METHODS = [
    "close",
    "delete",
    "get",
    "get_adapter",
    "head",
    "merge_environment_settings",
    "mount",
    "options",
    "patch",
    "post",
    "prepare_request",
    "put",
    "rebuild_auth",
    "rebuild_proxies",
    "request",
    "resolve_redirects",
    "send",
]


@pytest.mark.parametrize(
    "cls",
    [session.OAuth1Session, session.OAuth2Session, session.OflySession],
    ids=lambda c: c.__name__,
)
def test_sessions_have_the_documented_requests_methods(cls):
    missing = [name for name in SESSION_METHODS if not callable(getattr(cls, name, None))]
    assert missing == []


@pytest.mark.parametrize(
    ("instance", "attributes"),
    [
        (
            service.OAuth1Service("k", "s"),
            [
                "consumer_key",
                "consumer_secret",
                "request_token_response",
                "access_token_response",
                "request_token_url",
                "access_token_url",
                "authorize_url",
                "base_url",
                "name",
                "session_obj",
                "signature_obj",
            ],
        ),
        (
            service.OAuth2Service("i", "s"),
            [
                "access_token_response",
                "access_token_url",
                "client_id",
                "client_secret",
                "authorize_url",
                "base_url",
                "name",
                "session_obj",
            ],
        ),
        (
            service.OflyService("a", "s"),
            ["app_id", "app_secret", "session_obj", "user_id", "authorize_url", "base_url", "name"],
        ),
        (
            session.OAuth1Session("k", "s"),
            [
                "access_token",
                "access_token_secret",
                "consumer_key",
                "consumer_secret",
                "signature",
                "service",
            ],
        ),
        (
            session.OAuth2Session(),
            ["access_token", "access_token_key", "client_id", "client_secret", "service"],
        ),
        (session.OflySession("a", "s"), ["app_id", "app_secret", "user_id", "service"]),
    ],
    ids=[
        "OAuth1Service",
        "OAuth2Service",
        "OflyService",
        "OAuth1Session",
        "OAuth2Session",
        "OflySession",
    ],
)
def test_documented_attributes(instance, attributes):
    missing = [name for name in attributes if not hasattr(instance, name)]
    assert missing == []


def test_oauth2_session_access_token_key_default():
    assert session.OAuth2Session().access_token_key == "access_token"


def test_oauth1_session_version():
    assert session.OAuth1Session.VERSION == "1.0"
