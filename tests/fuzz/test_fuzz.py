"""Property-based fuzzing (hypothesis) of rauth's public entry points.

Each entry point below gets hostile input (see ``support.py``): text with
lone surrogates and controls, bytes that are not UTF-8, numbers, ``None``,
nested lists and dicts, odd URLs, headers and ``params``/``data`` of every
shape; the service flows and sessions send through a transport that answers
hostile responses (odd statuses, redirects, HTML, JSON of wrong types,
nesting 100 000 deep, 300 kB bodies, bodies cut short). Nothing goes on the
network.

The rule an exception must follow:

1. Its type is one the entry point documents (``Target.allowed`` below):
   :class:`TypeError`/:class:`ValueError` for bad arguments, rauth's errors
   (:mod:`rauth.errors`: ``OAuth2Error`` and its subclasses, a ``KeyError``;
   ``MissingUserIdError``), rauth 0.7's ``KeyError`` with
   ``PROCESS_TOKEN_ERROR`` ("Decoder failed to handle ..."), and where a
   request is sent, requests' own :class:`requests.RequestException`
   (``InvalidURL``, ``MissingSchema``, ``InvalidHeader``...). Anything else
   fails: ``AttributeError``, ``IndexError``, ``RecursionError``, any
   :class:`UnicodeError`, ``OverflowError``...
2. A caller error raised as a bare builtin :class:`TypeError` or
   :class:`ValueError` (not a subclass of rauth or requests) must be raised
   by rauth itself (the innermost frame is in the ``rauth`` package, not in
   Python's or requests' internals) and its message must name what was
   wrong: one of the entry point's argument names (``consumer_secret``,
   ``callback_url``...) or its last word (``url`` for ``authorize_url``),
   ``parameter`` for an item of ``params``/``data``, and for an entry
   point that sends a request any of the request's arguments (``url``,
   ``params``, ``data``, ``headers``, ``method``).
3. A bare ``KeyError`` is only rauth 0.7's ``PROCESS_TOKEN_ERROR``.
4. Every exception has a message, and neither it, its ``repr`` nor those
   of the exceptions it was raised from hold one of the session's secrets.
5. No warning but rauth's own categories (e.g. an insecure-transport one).

The number of examples comes from the hypothesis profile (``support.PROFILE``:
2000 per entry point under CI, 60 locally) times the target's weight; the
terminal summary prints how many each entry point ran. Coverage is paused
while hypothesis runs (the regression examples run measured first): the
thousands of examples repeat the same lines and would double the time.

To add an entry point: append an :class:`EntryPoint` to ``ENTRY_POINTS``
with a ``Target`` (its name, the documented exceptions, its secrets), a
``st.fixed_dictionaries`` of the fuzzed arguments and the call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

import pytest
import requests
from hypothesis import example, given, reject
from hypothesis import strategies as st

from fuzz.support import (
    Target,
    anything,
    budget,
    canned,
    containers,
    coverage_paused,
    headers,
    load,
    member_values,
    mounted,
    odd_bytes,
    odd_text,
    responses,
    scalars,
    token_bodies,
    token_members,
    urls,
)
from rauth import (
    AuthorizationRequest,
    OAuth1Service,
    OAuth1Session,
    OAuth2Error,
    OAuth2Service,
    OAuth2Session,
    OAuth2Token,
    OflyService,
    OflySession,
    auth,
    authorization,
    oauth,
    tokens,
    utils,
)
from rauth.errors import MissingUserIdError

CONSUMER_SECRET = "fuzz-consumer-SECRET-3f9a"
TOKEN_SECRET = "fuzz-token-SECRET-77c1"
CLIENT_SECRET = "fuzz-client-SECRET-0d2e"
ACCESS_TOKEN = "fuzz-access-TOKEN-91b4"
APP_SECRET = "fuzz-ofly-SECRET-5a60"
SECRETS = (CONSUMER_SECRET, TOKEN_SECRET, CLIENT_SECRET, ACCESS_TOKEN, APP_SECRET)

ARGUMENTS = (TypeError, ValueError)
#: What a request's caller errors may name: its keyword arguments.
REQUEST_NAMES = ("url", "params", "data", "headers", "method")
SENDING = (*ARGUMENTS, KeyError, requests.RequestException)
OAUTH2 = (*SENDING, OAuth2Error)

methods = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "get", b"POST", "", None, 5])
decoders: st.SearchStrategy[Any] = st.sampled_from(
    [utils.parse_utf8_qsl, json.loads, lambda content: ["list"], lambda content: None, None]
)
#: JSON bodies requests can encode (``json=`` goes to requests untouched).
_json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=10)
json_values = st.one_of(
    _json_scalars,
    st.lists(_json_scalars, max_size=3),
    st.dictionaries(
        st.text(max_size=5), st.one_of(_json_scalars, st.lists(_json_scalars)), max_size=3
    ),
)
#: Keyword arguments of a request: rauth reads or rewrites all of them.
request_kwargs = st.fixed_dictionaries(
    {},
    optional={
        "params": containers(),
        "data": containers(),
        "headers": headers,
        "json": json_values,
    },
)


@dataclass
class EntryPoint:
    target: Target
    #: The fuzzed arguments, by name (the names a caller error may give).
    arguments: st.SearchStrategy[dict[str, Any]]
    call: Callable[[dict[str, Any]], Any]
    #: Examples, relative to the profile's (cheap targets run more).
    weight: float = 1.0
    #: Regressions: arguments that once failed.
    regressions: tuple[dict[str, Any], ...] = ()


def _kwargs(args: dict[str, Any], *names: str) -> dict[str, Any]:
    """The request keyword arguments among ``args`` (those drawn)."""
    return {name: args[name] for name in names if name in args}


# -- services: constructors and authorize URLs ------------------------------


def oauth1_authorize_url(args: dict[str, Any]) -> Any:
    service = OAuth1Service(
        args["consumer_key"], CONSUMER_SECRET, authorize_url=args["authorize_url"]
    )
    return service.get_authorize_url(args["request_token"], **args["params"])


def oauth2_authorize_url(args: dict[str, Any]) -> Any:
    service = OAuth2Service(
        args["client_id"], CLIENT_SECRET, authorize_url=args["authorize_url"], scope=args["scope"]
    )
    return service.get_authorize_url(**args["params"])


def oauth2_authorization_request(args: dict[str, Any]) -> Any:
    service = OAuth2Service("id", CLIENT_SECRET, authorize_url=args["authorize_url"])
    request = service.authorization_request(
        scope=args["scope"],
        state=args["state"],
        code_challenge_method=args["code_challenge_method"],
        redirect_uri=args["redirect_uri"],
        **args["params"],
    )
    return repr(request), request.to_dict()


def ofly_authorize_url(args: dict[str, Any]) -> Any:
    service = OflyService(args["app_id"], APP_SECRET, authorize_url=args["authorize_url"])
    return service.get_authorize_url(**args["params"])


#: More query parameters (not the names of the arguments they go with).
query_params = st.dictionaries(
    st.text(max_size=8).filter(
        lambda name: name not in ("scope", "state", "nonce", "redirect_uri")
    ),
    scalars,
    max_size=4,
)

# -- services: token flows over hostile responses ---------------------------


def oauth1_service(args: dict[str, Any]) -> OAuth1Service:
    load(args["responses"])
    return OAuth1Service(
        "key",
        CONSUMER_SECRET,
        request_token_url=args.get("url", "https://api.example.com/request_token"),
        access_token_url=args.get("url", "https://api.example.com/access_token"),
        session_obj=canned(OAuth1Session),
    )


def oauth1_request_token(args: dict[str, Any]) -> Any:
    service = oauth1_service(args)
    decoder = {"decoder": args["decoder"]} if "decoder" in args else {}
    return service.get_request_token(
        args["method"], **decoder, **_kwargs(args, "params", "data", "headers")
    )


def oauth1_auth_session(args: dict[str, Any]) -> Any:
    service = oauth1_service(args)
    session = service.get_auth_session(
        args["request_token"], TOKEN_SECRET, args["method"], **_kwargs(args, "params", "data")
    )
    return repr(session), session.token


def oauth2_service(args: dict[str, Any]) -> OAuth2Service:
    load(args["responses"])
    return OAuth2Service(
        "id",
        CLIENT_SECRET,
        access_token_url=args.get("url", "https://api.example.com/token"),
        authorize_url="https://api.example.com/authorize",
        session_obj=canned(OAuth2Session),
        token_endpoint_auth_method=args.get("auth_method", "client_secret_post"),
    )


def oauth2_auth_session(args: dict[str, Any]) -> Any:
    service = oauth2_service(args)
    decoder = {"decoder": args["decoder"]} if "decoder" in args else {}
    session = service.get_auth_session(args["method"], **decoder, **_kwargs(args, "params", "data"))
    return repr(session), repr(session.token)


def oauth2_get_token(args: dict[str, Any]) -> Any:
    service = oauth2_service(args)
    return repr(service.get_token(data=args["data"]))


def oauth2_callback_session(args: dict[str, Any]) -> Any:
    service = oauth2_service(args)
    request = AuthorizationRequest(
        "https://api.example.com/authorize",
        args["state"],
        "fuzz-verifier-SECRET-aa11",
        "S256",
        redirect_uri="https://app.example/cb",
        response_type=args["response_type"],
    )
    session = service.get_auth_session_from_callback(args["callback_url"], request)
    return repr(session), repr(session.token)


def oauth2_refresh(args: dict[str, Any]) -> Any:
    service = oauth2_service(args)
    session = service.get_session(args["token"])
    return repr(session.refresh())


def oauth2_revoke(args: dict[str, Any]) -> Any:
    load(args["responses"])
    service = OAuth2Service(
        "id",
        CLIENT_SECRET,
        revocation_url="https://api.example.com/revoke",
        access_token_url="https://api.example.com/token",
        session_obj=canned(OAuth2Session),
    )
    return service.revoke_token(args["token"], args["token_type_hint"])


# -- sessions ------------------------------------------------------------------


def oauth1_request(args: dict[str, Any]) -> Any:
    load(args["responses"])
    session = mounted(
        OAuth1Session("key", CONSUMER_SECRET, "tok", TOKEN_SECRET, signature=args["signature"])
    )
    kwargs = _kwargs(args, "params", "data", "headers", "json", "header_auth", "realm")
    return session.request(args["method"], args["url"], **kwargs)


def oauth2_request(args: dict[str, Any]) -> Any:
    load(args["responses"])
    session = mounted(OAuth2Session("id", CLIENT_SECRET, access_token=ACCESS_TOKEN))
    kwargs = _kwargs(args, "params", "data", "headers", "json", "bearer_auth")
    return session.request(args["method"], args["url"], **kwargs)


def ofly_request(args: dict[str, Any]) -> Any:
    load(args["responses"])
    session = mounted(OflySession("app", APP_SECRET, user_id=args["user_id"]))
    kwargs = _kwargs(args, "params", "data", "headers", "json", "hash_meth")
    return session.request(args["method"], args["url"], **kwargs)


# -- tokens and callbacks ------------------------------------------------------


def oauth2_token(args: dict[str, Any]) -> Any:
    token = OAuth2Token(args["mapping"])
    values = (token.access_token, token.refresh_token, token.expires_at, token.scope)
    return values, token.is_expired(args["leeway"]), repr(token)


class _Response:
    """What :func:`rauth.tokens.token_from_response` reads of a response."""

    def __init__(self, status: Any, content: Any) -> None:
        self.status_code, self.content = status, content


def token_from_response(args: dict[str, Any]) -> Any:
    response = _Response(args["status"], args["content"])
    decoder = {"decoder": args["decoder"]} if "decoder" in args else {}
    return repr(tokens.token_from_response(response, **decoder))


def oauth1_parse_callback(args: dict[str, Any]) -> Any:
    return OAuth1Service.parse_authorization_response(args["url"], args["request_token"])


def oauth2_parse_callback(args: dict[str, Any]) -> Any:
    request = AuthorizationRequest(
        "https://a.example/auth", args["state"], response_type=args["response_type"]
    )
    return authorization.parse_callback(args["callback_url"], request)


# -- signatures ----------------------------------------------------------------

SIGNATURES = [
    oauth.HmacSha1Signature,
    oauth.HmacSha256Signature,
    oauth.HmacSha512Signature,
    oauth.PlaintextSignature,
    oauth.RsaSha1Signature,
]


def sign(args: dict[str, Any]) -> Any:
    return args["signature"]().sign(
        args["consumer_secret"],
        args["access_token_secret"],
        args["method"],
        args["url"],
        args["oauth_params"],
        args["req_kwargs"],
    )


def _target(name: str, allowed: tuple[type[BaseException], ...], *names: str) -> Target:
    # a message may say "parameter" for params, data and their items
    sends = requests.RequestException in allowed
    return Target(name, allowed, SECRETS, (*names, "parameter", *(REQUEST_NAMES if sends else ())))


def _args(**strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(strategies)


def _with(kwargs: st.SearchStrategy[dict[str, Any]], **strategies: st.SearchStrategy[Any]) -> Any:
    return st.tuples(kwargs, _args(**strategies)).map(lambda pair: {**pair[0], **pair[1]})


callback_urls = st.one_of(
    urls(),
    st.builds(
        lambda base, query, sep: base + sep + query,
        st.sampled_from(["https://app.example/cb", "", "cb", "https://app.example/cb?x=1"]),
        st.lists(
            st.tuples(
                st.sampled_from(
                    [
                        "code",
                        "state",
                        "error",
                        "error_description",
                        "access_token",
                        "oauth_token",
                        "oauth_verifier",
                        "iss",
                        "x",
                    ]
                ),
                odd_text,
            ),
            max_size=5,
        ).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs)),
        st.sampled_from(["?", "#", "?#"]),
    ),
)


ENTRY_POINTS = [
    # services
    EntryPoint(
        _target("OAuth1Service.get_authorize_url", ARGUMENTS),
        _args(
            consumer_key=scalars, authorize_url=urls(), request_token=scalars, params=query_params
        ),
        oauth1_authorize_url,
        regressions=(
            {
                "consumer_key": "k",
                "authorize_url": "https://a.example/auth",
                "request_token": "\ud800",
                "params": {},
            },
        ),
    ),
    EntryPoint(
        _target("OAuth2Service.get_authorize_url", ARGUMENTS),
        _args(client_id=scalars, authorize_url=urls(), scope=anything, params=query_params),
        oauth2_authorize_url,
        regressions=(
            {
                "client_id": "id",
                "authorize_url": "https://a.example/auth",
                "scope": [None],
                "params": {},
            },
        ),
    ),
    EntryPoint(
        _target("OAuth2Service.authorization_request", ARGUMENTS),
        _args(
            authorize_url=urls(),
            scope=anything,
            state=scalars,
            redirect_uri=scalars,
            code_challenge_method=st.sampled_from(["S256", "plain", None, "s256", 5, ""]),
            params=query_params,
        ),
        oauth2_authorization_request,
        regressions=(
            {
                "authorize_url": "https://a.example/auth",
                "scope": [None],
                "state": None,
                "redirect_uri": None,
                "code_challenge_method": "S256",
                "params": {},
            },
        ),
    ),
    EntryPoint(
        _target("OflyService.get_authorize_url", ARGUMENTS),
        _args(app_id=scalars, authorize_url=urls(), params=query_params),
        ofly_authorize_url,
        regressions=(
            {"app_id": "app", "authorize_url": "https://[::1/auth", "params": {}},
            {"app_id": "app", "authorize_url": "https://a.example/", "params": {"a": b"\x80"}},
        ),
    ),
    EntryPoint(
        _target("OAuth1Service.get_request_token", SENDING, "decoder"),
        _with(request_kwargs, method=methods, decoder=decoders, responses=responses()),
        oauth1_request_token,
        regressions=(
            {
                "method": "GET",
                "decoder": utils.parse_utf8_qsl,
                "responses": [(200, b"oauth_token=\xff", {})],
            },
            {"method": "GET", "decoder": json.loads, "responses": [(200, b'{"a":' * 5000, {})]},
        ),
    ),
    EntryPoint(
        _target("OAuth1Service.get_auth_session", SENDING),
        _args(request_token=scalars, method=methods, params=containers(), responses=responses()),
        oauth1_auth_session,
        regressions=({"request_token": True, "method": "GET", "params": None, "responses": []},),
    ),
    EntryPoint(
        _target("OAuth2Service.get_auth_session", OAUTH2, "decoder"),
        _with(request_kwargs, method=methods, decoder=decoders, responses=responses()),
        oauth2_auth_session,
        regressions=(
            {
                "method": "POST",
                "decoder": utils.parse_utf8_qsl,
                "responses": [(200, b'{"access_token": {}}', {})],
            },
        ),
    ),
    EntryPoint(
        _target("OAuth2Service.get_token", OAUTH2),
        _args(
            data=containers(),
            responses=responses(),
            auth_method=st.sampled_from(["client_secret_post", "client_secret_basic", "none"]),
        ),
        oauth2_get_token,
        regressions=(
            {"data": {"a": "\ud800"}, "responses": [], "auth_method": "client_secret_post"},
            {"data": [()], "responses": [], "auth_method": "none"},
        ),
    ),
    EntryPoint(
        _target("OAuth2Service.get_auth_session_from_callback", OAUTH2),
        _args(
            callback_url=callback_urls,
            state=st.none() | st.just("st4te"),
            response_type=st.sampled_from(["code", "token"]),
            responses=responses(),
        ),
        oauth2_callback_session,
    ),
    EntryPoint(
        _target("OAuth2Session.refresh", OAUTH2),
        _args(
            token=st.one_of(token_members, st.just({"access_token": "a", "refresh_token": "r"})),
            responses=responses(),
        ),
        oauth2_refresh,
    ),
    EntryPoint(
        _target("OAuth2Service.revoke_token", OAUTH2),
        _args(
            token=st.one_of(scalars, token_members),
            responses=responses(),
            token_type_hint=st.sampled_from([None, "refresh_token", "access_token", 5]),
        ),
        oauth2_revoke,
    ),
    # sessions
    EntryPoint(
        _target("OAuth1Session.request", SENDING),
        _with(
            request_kwargs,
            method=methods,
            url=urls(),
            responses=responses(),
            header_auth=st.booleans(),
            realm=st.one_of(odd_text, odd_bytes, st.none()),
            signature=st.sampled_from(SIGNATURES[:4]),
        ),
        oauth1_request,
        regressions=(
            {
                "method": "GET",
                "url": "https://a.example/",
                "responses": [],
                "header_auth": False,
                "realm": None,
                "signature": oauth.HmacSha1Signature,
                "headers": {1: "x"},
            },
            {
                "method": "POST",
                "url": "https://a.example/",
                "responses": [],
                "header_auth": True,
                "realm": "\ud800",
                "signature": oauth.HmacSha1Signature,
                "data": [None],
            },
        ),
    ),
    EntryPoint(
        _target("OAuth2Session.request", OAUTH2),
        _with(
            request_kwargs,
            method=methods,
            url=urls(),
            responses=responses(),
            bearer_auth=st.booleans(),
        ),
        oauth2_request,
    ),
    EntryPoint(
        _target("OflySession.request", (*SENDING, MissingUserIdError)),
        _with(
            request_kwargs,
            method=methods,
            url=urls(),
            responses=responses(),
            user_id=scalars,
            hash_meth=st.sampled_from(["sha1", "md5", "MD5", "sha256", None, 1]),
        ),
        ofly_request,
        regressions=(
            {
                "method": "GET",
                "url": "https://a.example/",
                "responses": [],
                "user_id": "u",
                "hash_meth": "sha1",
                "headers": [("X-A", "1")],
            },
            {  # a list as a name: a TypeError that names params
                "method": "GET",
                "url": "https://127.0.0.1",
                "responses": [],
                "user_id": False,
                "hash_meth": "sha1",
                "params": ((None, None), ([], None)),
            },
        ),
    ),
    # tokens and callbacks
    EntryPoint(
        _target("OAuth2Token", ARGUMENTS, "mapping", "expires_at", "expires_in"),
        _args(mapping=st.one_of(token_members, anything), leeway=member_values),
        oauth2_token,
        regressions=({"mapping": [[[], 1]], "leeway": 0},),
    ),
    EntryPoint(
        _target("rauth.tokens.token_from_response", (*ARGUMENTS, OAuth2Error), "decoder"),
        _args(
            status=st.one_of(st.integers(100, 599), scalars),
            content=token_bodies,
            decoder=decoders,
        ),
        token_from_response,
        regressions=(
            {"status": 200, "content": b"\xff", "decoder": json.loads},
            {"status": 200, "content": b"", "decoder": None},
        ),
    ),
    EntryPoint(
        _target("OAuth1Service.parse_authorization_response", ARGUMENTS, "callback"),
        _args(url=callback_urls, request_token=st.one_of(scalars, st.just("rt"))),
        oauth1_parse_callback,
        regressions=(
            {
                "url": "https://a.example/cb?oauth_token=\u00e9&oauth_verifier=v",
                "request_token": "rt",
            },
        ),
    ),
    EntryPoint(
        _target("rauth.authorization.parse_callback", (*ARGUMENTS, OAuth2Error), "callback"),
        _args(
            callback_url=callback_urls,
            state=st.one_of(st.none(), odd_text),
            response_type=st.sampled_from(["code", "token"]),
        ),
        oauth2_parse_callback,
        regressions=(
            {"callback_url": "https://[::1/cb?code=c", "state": None, "response_type": "code"},
            {
                "callback_url": "https://a.example/cb?code=c&state=\ud800",
                "state": "s",
                "response_type": "code",
            },
        ),
    ),
    EntryPoint(
        _target("AuthorizationRequest.from_dict", ARGUMENTS, "from_dict"),
        _args(
            data=st.one_of(
                anything, st.dictionaries(st.sampled_from(AuthorizationRequest.FIELDS), scalars)
            )
        ),
        lambda args: repr(AuthorizationRequest.from_dict(args["data"])),
        regressions=({"data": {"url": "https://a.example/auth"}},),
    ),
    # signatures
    EntryPoint(
        _target("SignatureMethod.sign", (*ARGUMENTS, requests.RequestException), "req_kwargs"),
        _args(
            signature=st.sampled_from(SIGNATURES),
            consumer_secret=st.one_of(scalars, st.just(CONSUMER_SECRET)),
            access_token_secret=st.one_of(scalars, st.just(TOKEN_SECRET)),
            method=methods,
            url=urls(),
            oauth_params=st.one_of(
                st.dictionaries(st.text(max_size=10), scalars, max_size=4), anything
            ),
            req_kwargs=st.one_of(request_kwargs, anything),
        ),
        sign,
        regressions=(
            {
                "signature": oauth.HmacSha1Signature,
                "consumer_secret": "s",
                "access_token_secret": None,
                "method": "GET",
                "url": None,
                "oauth_params": {0: None},
                "req_kwargs": None,
            },
            {
                "signature": oauth.HmacSha1Signature,
                "consumer_secret": "s",
                "access_token_secret": None,
                "method": "GET",
                "url": "http://127.0.0.1:99999/",
                "oauth_params": {},
                "req_kwargs": {},
            },
            {
                "signature": oauth.HmacSha1Signature,
                "consumer_secret": "s",
                "access_token_secret": None,
                "method": "GET",
                "url": "https://a.example/",
                "oauth_params": [[["a"], "b"]],
                "req_kwargs": {},
            },
            {
                "signature": oauth.RsaSha1Signature,
                "consumer_secret": "\ud800",
                "access_token_secret": None,
                "method": "GET",
                "url": b"",
                "oauth_params": {},
                "req_kwargs": {},
            },
        ),
    ),
]

# rauth.utils: each public function
_UTILS: list[tuple[str, Callable[[Any], Any], st.SearchStrategy[Any], tuple[str, ...]]] = [
    ("escape", utils.escape, st.one_of(scalars, anything), ("value", "parameter")),
    ("absolute_url", utils.absolute_url, st.one_of(urls(), anything), ("url",)),
    ("is_secret_name", utils.is_secret_name, st.one_of(scalars, anything), ("name",)),
    (
        "parse_utf8_qsl",
        utils.parse_utf8_qsl,
        st.one_of(scalars, anything, token_bodies),
        ("form-encoded text",),
    ),
    (
        "parse_qs_dict",
        utils.parse_qs_dict,
        st.one_of(scalars, anything, token_bodies),
        ("query string",),
    ),
    (
        "get_sorted_params",
        utils.get_sorted_params,
        st.one_of(anything, containers()),
        ("params", "parameter"),
    ),
    (
        "is_form_urlencoded",
        utils.is_form_urlencoded,
        st.one_of(scalars, anything),
        ("content_type",),
    ),
    (
        "CaseInsensitiveDict",
        lambda value: repr(utils.CaseInsensitiveDict(value)),
        headers,
        ("headers",),
    ),
    (
        "OAuth1Auth",
        lambda value: repr(utils.OAuth1Auth(*value)._get_auth_header()),
        st.tuples(
            st.one_of(containers(), token_members), st.one_of(odd_text, odd_bytes, st.none())
        ),
        ("oauth_params", "realm", "parameter"),
    ),
    ("OAuth2Auth", lambda value: repr(utils.OAuth2Auth(value)), scalars, ("access_token",)),
]
#: Inputs that raised AttributeError, bare TypeErrors or UnicodeDecodeError.
UTILS_REGRESSIONS: dict[str, tuple[Any, ...]] = {
    "escape": (5,),
    "absolute_url": (5,),
    "is_secret_name": (None,),
    "get_sorted_params": (None, {"a": b"\x80"}, {1: "a", "b": "c"}),
    "is_form_urlencoded": (True,),
    "CaseInsensitiveDict": ([None], {1: "x"}),
    "OAuth1Auth": ((None, None), ({"oauth_nonce": "n"}, "\ud800")),
}
ENTRY_POINTS += [
    EntryPoint(
        Target(f"rauth.utils.{name}", ARGUMENTS, SECRETS, names),
        _args(value=strategy),
        lambda args, function=function: function(args["value"]),
        regressions=tuple({"value": value} for value in UTILS_REGRESSIONS.get(name, ())),
    )
    for name, function, strategy, names in _UTILS
]


# -- auth objects (requests AuthBase): called on hostile prepared requests ----


def _prepared(args: dict[str, Any]) -> requests.PreparedRequest:
    """The request ``args`` describe, prepared by requests; an example
    requests itself refuses is not one for the auth object."""
    kwargs = _kwargs(args, "params", "data", "headers", "json")
    try:
        return requests.Request(args["method"], args["url"], **kwargs).prepare()
    except Exception:
        reject()


#: URLs and arguments requests sends: an auth object gets the prepared request.
sent_urls = st.sampled_from(
    [
        "https://api.example.com/r?a=1&b=%20",
        "http://127.0.0.1:8080/x y",
        "https://[::1]/p#f",
        "https://api.example.com/\u00e9?q=\u00e9&oauth_signature=x",
        "HTTPS://API.example.com:443/a/../b",
    ]
)
_sent_text = st.text(st.characters(max_codepoint=0x7E, min_codepoint=0x20), max_size=8)
sent_kwargs = st.fixed_dictionaries(
    {},
    optional={
        "params": st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=3),
        "data": st.one_of(st.dictionaries(st.text(max_size=6), odd_text, max_size=3), odd_bytes),
        "headers": st.dictionaries(_sent_text.filter(str.strip), _sent_text, max_size=3),
    },
)


def auth_entry(
    name: str, make_auth: Callable[[], Any], allowed: tuple[Any, ...] = ARGUMENTS
) -> EntryPoint:
    """An entry point for an auth object: ``make_auth()(prepared_request)``.

    For ``rauth.auth.OAuth1`` say: ``ENTRY_POINTS.append(auth_entry("rauth.auth.OAuth1",
    lambda: rauth.auth.OAuth1("key", CONSUMER_SECRET, "tok", TOKEN_SECRET)))``.
    """
    return EntryPoint(
        _target(name, allowed),
        _with(sent_kwargs, method=st.sampled_from(["GET", "POST", "PUT"]), url=sent_urls),
        lambda args: repr(make_auth()(_prepared(args)).headers),
    )


ENTRY_POINTS += [
    auth_entry(
        "rauth.utils.OAuth1Auth.__call__",
        lambda: utils.OAuth1Auth({"oauth_consumer_key": "k", "oauth_signature": "s"}, "r"),
    ),
    auth_entry("rauth.utils.OAuth2Auth.__call__", lambda: utils.OAuth2Auth(ACCESS_TOKEN)),
    # the auth objects for plain requests
    auth_entry(
        "rauth.auth.OAuth1.__call__",
        lambda: auth.OAuth1("key", CONSUMER_SECRET, "tok", TOKEN_SECRET),
    ),
    auth_entry(
        "rauth.auth.OAuth1.__call__ (body)",
        lambda: auth.OAuth1("key", CONSUMER_SECRET, "tok", TOKEN_SECRET, placement="body"),
    ),
    auth_entry("rauth.auth.OAuth2.__call__", lambda: auth.OAuth2(ACCESS_TOKEN)),
    EntryPoint(
        _target("rauth.auth.OAuth1()", ARGUMENTS),
        _args(
            consumer_key=scalars,
            consumer_secret=scalars,
            access_token=scalars,
            access_token_secret=scalars,
            placement=st.one_of(st.sampled_from(["header", "query", "body"]), scalars),
            realm=scalars,
        ),
        lambda args: repr(auth.OAuth1(**args)),
        regressions=(
            {
                "consumer_key": "%",
                "consumer_secret": "%",
                "access_token": "a",
                "access_token_secret": "+",
                "placement": "header",
                "realm": b"\xff\xfe",
            },
        ),
    ),
    EntryPoint(
        _target("rauth.auth.OAuth2()", ARGUMENTS, "token"),
        _args(token=st.one_of(scalars, st.dictionaries(odd_text, scalars, max_size=4))),
        lambda args: repr(auth.OAuth2(args["token"])),
    ),
]


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda entry: entry.target.name)
def test_entry_point_raises_only_documented_errors(entry: EntryPoint) -> None:
    def run(args: dict[str, Any]) -> None:
        entry.target.run(lambda: entry.call(args), fuzzed=args)

    for regression in entry.regressions:  # measured by coverage: the fixes' branches
        run(regression)
    test = given(entry.arguments)(run)
    for regression in entry.regressions:
        test = example(regression)(test)
    with coverage_paused():
        budget(entry.weight, slow=True)(test)()
