"""Record what rauth hands ``requests.Session.request`` for a generated list
of cases; one JSON line per case on stdout (or to the file given as argv[1]).

Runs under both interpreters:
  venv07/bin/python record.py out07.jsonl                      (rauth 0.7.2, requests 2.31)
  PYTHONPATH=. .venv/bin/python tools/compat072/record.py outmain.jsonl
"""

import copy
import datetime as _dt
import hmac as _hmac
import json
import logging
import sys
from unittest import mock

import requests

import rauth
import rauth.oauth
import rauth.session
from rauth import (
    OAuth1Service,
    OAuth1Session,
    OAuth2Service,
    OAuth2Session,
    OflyService,
    OflySession,
)
from rauth.oauth import HmacSha1Signature, PlaintextSignature

BASE = "http://example.com/api/"
FIXED_NOW = _dt.datetime(2020, 1, 2, 3, 4, 5, 678000)


# ---------------------------------------------------------------- serialising
def ser(v):
    """Deterministic, type-tagged JSON-able form of a value."""
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return {"int": v}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, (bytes, bytearray)):
        return {"bytes": repr(bytes(v))}
    if isinstance(v, tuple):
        return {"tuple": [ser(x) for x in v]}
    if isinstance(v, list):
        return {"list": [ser(x) for x in v]}
    if hasattr(v, "items") and callable(v.items):  # dict, CaseInsensitiveDict, ...
        items = [[ser(k), ser(x)] for k, x in v.items()]
        return {
            "map": type(v).__name__,
            "items": items,
            "sorted": sorted(items, key=lambda kv: json.dumps(kv, sort_keys=True)),
        }
    name = type(v).__name__
    if hasattr(v, "oauth_params"):
        return {
            "auth": name,
            "oauth_params": ser(v.oauth_params),
            "realm": ser(getattr(v, "realm", None)),
        }
    if hasattr(v, "access_token") and not isinstance(v, requests.Session):
        return {"auth": name, "access_token": ser(v.access_token)}
    return {"other": name, "repr": repr(v)}


# ---------------------------------------------------------------- cases
def _o1(sig, tok):
    def make():
        kw = dict(access_token="tok", access_token_secret="tsec") if tok else {}
        return OAuth1Session("key", "secret", signature=sig, **kw)

    return make


SESSIONS = {
    # name: (factory, extra kwargs for every call, family, uses base_url)
    "o1_hmac": (_o1(HmacSha1Signature, True), {}, "o1", False),
    "o1_plain": (_o1(PlaintextSignature, True), {}, "o1", False),
    "o1_hmac_notok": (_o1(HmacSha1Signature, False), {}, "o1", False),
    "o1_plain_notok": (_o1(PlaintextSignature, False), {}, "o1", False),
    "o2": (lambda: OAuth2Session("id", "sec", access_token="at"), {}, "o2", False),
    "ofly_sha1": (lambda: OflySession("app", "appsecret", user_id="uid"), {}, "ofly", False),
    "ofly_md5": (
        lambda: OflySession("app", "appsecret", user_id="uid"),
        {"hash_meth": "md5"},
        "ofly",
        False,
    ),
    "svc_o1": (
        lambda: OAuth1Service("key", "secret", base_url=BASE).get_session(("tok", "tsec")),
        {},
        "o1",
        True,
    ),
    "svc_o2": (lambda: OAuth2Service("id", "sec", base_url=BASE).get_session("at"), {}, "o2", True),
    "svc_ofly": (
        lambda: OflyService("app", "appsecret", base_url=BASE).get_session("uid"),
        {},
        "ofly",
        True,
    ),
}

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
ENTRIES = [("request", m) for m in METHODS] + [
    (h, None) for h in ["get", "post", "put", "patch", "delete", "head", "options"]
]

URLS = {
    "plain": "http://example.com/",
    "query": "http://example.com/path?x=1&y=2",
    "nonascii": "http://example.com/p\u00e5th?q=v\u00e5lue",
    "fragment": "http://example.com/path#frag",
    "rel": "foo/bar",  # services only
}

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

# name: (kwargs template, families it applies to or None for all)
VARIANTS = {
    "none": ({}, None),
    "p_dict": ({"params": {"a": "1", "b": "2"}}, None),
    "p_dict_unsorted": ({"params": {"z": "1", "a": "2"}}, None),
    "p_nonascii_val": ({"params": {"foo": "b\u00e5r"}}, None),
    "p_nonascii_key": ({"params": {"f\u00f8\u00f8": "bar"}}, None),
    "p_reserved_eq_amp": ({"params": {"q": "bar=baz&a=b"}}, None),
    "p_plus": ({"params": {"q": "+"}}, None),
    "p_percent": ({"params": {"q": "%"}}, None),
    "p_hash": ({"params": {"q": "#"}}, None),
    "p_space": ({"params": {"q": "a b"}}, None),
    "p_tilde_star": ({"params": {"q": "~*'()!"}}, None),
    "p_int": ({"params": {"n": 1}}, None),
    "p_list": ({"params": {"l": ["a", "b"]}}, None),
    "p_empty": ({"params": {"e": ""}}, None),
    "p_none_val": ({"params": {"a": "1", "n": None}}, None),
    "p_str": ({"params": "a=b&c=d"}, None),
    "p_str_nonascii": ({"params": "a=b\u00e5r&c=%C3%A5"}, None),
    "p_bytes": ({"params": b"a=b&c=d"}, None),
    "p_tuples": ({"params": [("a", "b"), ("c", "d")]}, None),
    "p_None": ({"params": None}, None),
    "p_emptydict": ({"params": {}}, None),
    "d_dict": ({"data": {"a": "1", "b": "2"}}, None),
    "d_nonascii": ({"data": {"foo": "b\u00e5r"}}, None),
    "d_nonascii_key": ({"data": {"f\u00f8\u00f8": "bar"}}, None),
    "d_reserved": ({"data": {"q": "bar=baz&a=b", "s": "a b+%#"}}, None),
    "d_int": ({"data": {"n": 1}}, None),
    "d_list": ({"data": {"l": ["a", "b"]}}, None),
    "d_empty": ({"data": {"e": ""}}, None),
    "d_str": ({"data": "a=b&c=d"}, None),
    "d_bytes": ({"data": b"a=b&c=d"}, None),
    "d_tuples": ({"data": [("a", "b"), ("c", "d")]}, None),
    "d_None": ({"data": None}, None),
    "d_emptydict": ({"data": {}}, None),
    "pd_both": ({"params": {"p": "1"}, "data": {"d": "2"}}, None),
    "h_form": ({"headers": {"Content-Type": FORM}}, None),
    "h_json": ({"headers": {"Content-Type": JSON}}, None),
    "h_xfoo": ({"headers": {"X-Foo": "bar"}}, None),
    "h_lc_form": ({"headers": {"content-type": FORM}}, None),
    "h_lc_json": ({"headers": {"content-type": JSON}}, None),
    "h_form_charset": ({"headers": {"Content-Type": FORM + "; charset=utf-8"}}, None),
    "hd_form_dict": ({"headers": {"Content-Type": FORM}, "data": {"a": "1"}}, None),
    "hd_json_dict": ({"headers": {"Content-Type": JSON}, "data": {"a": "1"}}, None),
    "hd_json_str": ({"headers": {"Content-Type": JSON}, "data": '{"a": 1}'}, None),
    "hd_form_bytes": ({"headers": {"Content-Type": FORM}, "data": b"a=b&c=d"}, None),
    "hd_lc_form_str": ({"headers": {"content-type": FORM}, "data": "a=b&c=d"}, None),
    "hd_xfoo_dict": ({"headers": {"X-Foo": "bar"}, "data": {"a": "1"}}, None),
    "json": ({"json": {"a": 1}}, None),
    "json_data": ({"json": {"a": 1}, "data": {"d": "2"}}, None),
    "json_params": ({"json": {"a": 1}, "params": {"p": "1"}}, None),
    "hauth": ({"header_auth": True}, ("o1",)),
    "hauth_realm": ({"header_auth": True, "realm": "photos"}, ("o1",)),
    "hauth_params": ({"header_auth": True, "params": {"a": "1"}}, ("o1",)),
    "hauth_data": ({"header_auth": True, "data": {"a": "1"}}, ("o1",)),
    "hauth_presigned": (
        {"header_auth": True, "headers": {"Authorization": 'OAuth oauth_signature="x"'}},
        ("o1",),
    ),
    "opt_callback_p": ({"params": {"oauth_callback": "http://cb.example/", "a": "1"}}, ("o1",)),
    "opt_verifier_d": ({"data": {"oauth_verifier": "ver", "a": "1"}}, ("o1",)),
    "opt_version_p": ({"params": {"oauth_version": "1.0a"}}, ("o1",)),
    "opt_callback_tuples": ({"params": [("oauth_callback", "oob"), ("a", "1")]}, ("o1",)),
    "presigned_p": ({"params": {"oauth_signature": "x", "a": "1"}}, ("o1",)),
    "presigned_d": ({"data": {"oauth_signature": "x", "a": "1"}}, ("o1",)),
    "nobearer": ({"bearer_auth": False}, ("o2",)),
    "nobearer_p": ({"bearer_auth": False, "params": {"a": "1"}}, ("o2",)),
    "nobearer_pstr": ({"bearer_auth": False, "params": "a=1"}, ("o2",)),
    "nobearer_tuples": ({"bearer_auth": False, "params": [("a", "1")]}, ("o2",)),
    "ofly_userid": ({"user_id": "other"}, ("ofly",)),
    "ofly_md5_kw": ({"hash_meth": "md5"}, ("ofly",)),
    "timeout": ({"timeout": 5}, None),
    "redir_false": ({"allow_redirects": False}, None),
    "redir_true": ({"allow_redirects": True}, None),
    "kitchen": (
        {
            "params": {"a": "\u00e5 b"},
            "data": {"d": "x&y"},
            "headers": {"X-Foo": "bar"},
            "timeout": 7,
            "allow_redirects": False,
        },
        None,
    ),
}


def cases():
    for sname, (make, extra, family, svc) in SESSIONS.items():
        for entry, meth in ENTRIES:
            for uname, url in URLS.items():
                if uname == "rel" and not svc:
                    continue
                for vname, (tmpl, fams) in VARIANTS.items():
                    if fams is not None and family not in fams:
                        continue
                    ep = entry if meth is None else "request:" + meth
                    cid = "|".join((sname, ep, uname, vname))
                    yield cid, make, extra, entry, meth, url, tmpl


# ---------------------------------------------------------------- running
HMAC_MSGS = []


class _HmacProxy:
    """Stands in for ``rauth.oauth.hmac``: records each message (the OAuth
    signature base string) given to ``hmac.new`` or ``hmac.digest``, for
    compare.py to explain signature differences. Not part of what is compared."""

    def __getattr__(self, name):
        return getattr(_hmac, name)

    @staticmethod
    def new(key, msg=None, digestmod=None):
        HMAC_MSGS.append(msg)
        return _hmac.new(key, msg, digestmod)

    @staticmethod
    def digest(key, msg, digest):
        HMAC_MSGS.append(msg)
        return _hmac.digest(key, msg, digest)


def run_case(req_mock, make, extra, entry, meth, url, tmpl):
    kwargs = copy.deepcopy(tmpl)
    kwargs.update(extra)
    before = ser(kwargs)
    session = make()
    req_mock.reset_mock()
    del HMAC_MSGS[:]
    out = {"input": {"entry": entry, "method": meth, "url": url, "kwargs": before}}
    try:
        if entry == "request":
            session.request(meth, url, **kwargs)
        else:
            getattr(session, entry)(url, **kwargs)
    except Exception as e:
        out["exc"] = [type(e).__name__, str(e)]
    calls = []
    for c in req_mock.call_args_list:
        args, kw = c
        calls.append(
            {
                "args": [ser(a) for a in args],
                "kwargs": {k: ser(kw[k]) for k in sorted(kw)},
                "kwarg_order": list(kw),
            }
        )
    out["calls"] = calls
    if HMAC_MSGS:
        out["base_strings"] = [
            m.decode("utf-8", "replace") if isinstance(m, bytes) else repr(m) for m in HMAC_MSGS
        ]
    after = ser(kwargs)
    if after != before:
        out["caller_mutated"] = after
    return out


def main():
    logging.disable(logging.CRITICAL)  # ours logs a PLAINTEXT-over-http warning
    dest = open(sys.argv[1], "w") if len(sys.argv) > 1 else sys.stdout
    resp = mock.Mock(spec=requests.Response)
    resp.status_code = 200
    dt = mock.Mock()
    dt.utcnow.return_value = FIXED_NOW
    with (
        mock.patch.object(requests.Session, "request", return_value=resp) as req_mock,
        mock.patch.object(rauth.session, "time", mock.Mock(return_value=1000)),
        mock.patch.object(rauth.session, "random", mock.Mock(return_value=0.5)),
        mock.patch.object(rauth.session, "datetime", dt),
        mock.patch.object(rauth.oauth, "hmac", _HmacProxy()),
    ):
        header = {
            "id": "_meta",
            "rauth": getattr(rauth, "__version__", "?"),
            "rauth_file": rauth.__file__,
            "requests": requests.__version__,
            "python": sys.version.split()[0],
        }
        dest.write(json.dumps(header) + "\n")
        n = 0
        for cid, make, extra, entry, meth, url, tmpl in cases():
            rec = {"id": cid}
            rec.update(run_case(req_mock, make, extra, entry, meth, url, tmpl))
            dest.write(json.dumps(rec, sort_keys=True, ensure_ascii=False) + "\n")
            n += 1
    if dest is not sys.stdout:
        dest.close()
    sys.stderr.write("%s: %d cases\n" % (rauth.__file__, n))


if __name__ == "__main__":
    main()
