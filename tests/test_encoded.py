"""rauth.encoded: the query and form body encoded once, and handed to requests
only where that is byte for byte what requests' own encoder builds.

The reference is requests itself: its ``_encode_params`` for the encoding,
and ``requests.Session.prepare_request`` of the same request with plain dicts
for the whole prepared request, over many random inputs (hypothesis).
"""

from __future__ import annotations

import copy
import pickle
import threading
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from requests.models import RequestEncodingMixin
from signing_support import Credentials, oauthlib_verifies, read_wire

from rauth.encoded import EncodedForm, escaped_items, for_requests, handed
from rauth.session import OAuth1Session, RauthSession
from rauth.utils import FORM_URLENCODED, CaseInsensitiveDict

_requests_encode = RequestEncodingMixin._encode_params

NAMES = st.one_of(st.text(max_size=6), st.binary(max_size=6))
SCALARS = st.one_of(
    st.text(max_size=12),
    st.binary(max_size=12),
    st.integers(),
    st.floats(),
    st.none(),
)
VALUES = st.one_of(
    SCALARS,
    st.tuples(SCALARS, SCALARS),
    st.lists(SCALARS, max_size=3),
    st.booleans(),
)
FORMS = st.dictionaries(NAMES, VALUES, max_size=10)
URLS = st.sampled_from(
    [
        "https://api.example.com/1/items",
        "https://api.example.com/1/items?tag=a+b&x=%E2%98%83",
        "https://api.example.com/1/items?",
        "https://api.example.com/1/caf\u00e9 items?q=1#frag",
        "http://127.0.0.1:8080/path/../x?a=1&a=2",
    ]
)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plain(value: Any) -> Any:
    """``value`` as requests gets it without rauth: a plain dict."""
    return dict(value) if isinstance(value, dict) else value


def _wire(prepared: requests.PreparedRequest) -> tuple[Any, ...]:
    return prepared.method, prepared.url, prepared.body, list(prepared.headers.items())


@SETTINGS
@given(form=FORMS)
def test_encoding_is_requests_own(form: dict[Any, Any]) -> None:
    encoded = EncodedForm.of(form)
    assert encoded == form
    if encoded.escaped is None:
        # only what requests may send otherwise, or what may change in place
        assert any(
            isinstance(value, (list, bool)) or type(name) not in (str, bytes)
            for name, value in form.items()
        ) or any(
            isinstance(v, tuple) and any(isinstance(x, bool) for x in v) for v in form.values()
        )
    else:
        assert encoded.encoded() == _requests_encode(form)


#: Forms of many items, escaped in one go when all are text.
MANY_FORMS = st.dictionaries(NAMES, VALUES, min_size=16, max_size=40)
MANY_TEXT_FORMS = st.dictionaries(
    st.text(max_size=6), st.text(max_size=12), min_size=16, max_size=40
)


@SETTINGS
@given(form=st.one_of(MANY_FORMS, MANY_TEXT_FORMS))
def test_many_items_are_encoded_as_requests_encodes_them(form: dict[Any, Any]) -> None:
    encoded = EncodedForm.of(form)
    if all(type(name) is str and type(value) is str for name, value in form.items()):
        assert encoded.escaped is not None
    if encoded.escaped is not None:
        assert encoded.encoded() == _requests_encode(form)


@pytest.mark.parametrize(
    "odd",
    [("nul", "a\x00b"), ("a\x00", "b"), ("\x00", "\x00"), ("x", b"\x00y"), ("n", 0)],
    ids=["nul-in-value", "nul-in-name", "nul-both", "bytes", "number"],
)
def test_many_items_with_a_nul_or_another_type_are_encoded_as_requests_encodes_them(
    odd: tuple[Any, Any],
) -> None:
    form = {f"name {i}": f"value & {i} caf\u00e9" for i in range(20)}
    form[odd[0]] = odd[1]
    assert EncodedForm.of(form).encoded() == _requests_encode(form)


@SETTINGS
@given(url=URLS, method=st.sampled_from(["GET", "POST", "PUT"]), params=FORMS, data=FORMS)
def test_prepared_request_is_byte_identical(
    url: str, method: str, params: dict[Any, Any], data: dict[Any, Any]
) -> None:
    headers = CaseInsensitiveDict({"Content-Type": FORM_URLENCODED})
    kwargs = {"params": EncodedForm.of(params), "data": EncodedForm.of(data), "headers": headers}
    with handed(kwargs) as sent:
        assert type(sent["params"]) is dict
        assert type(sent["data"]) is dict
        ours = RauthSession().prepare_request(requests.Request(method, url, **sent))
    theirs = requests.Request(method, url, params=params, data=data, headers=headers)
    assert _wire(ours) == _wire(requests.Session().prepare_request(theirs))


#: Any URL a caller may give, for the query rauth adds after the URL
#: requests prepared (rauth.encoded.with_query): schemes in any case, hosts
#: requests encodes (IDNA, a port), paths and queries with characters
#: requests and urllib3 quote, well- and ill-formed ``%`` escapes, empty
#: queries, fragments, leading blanks, and a scheme requests leaves as it is.
ANY_URLS = st.one_of(
    st.builds(
        "{}{}://{}{}{}{}".format,
        st.sampled_from(["", " ", "\t"]),
        st.sampled_from(["https", "http", "HTTPS", "HtTp"]),
        st.sampled_from(["api.example.com", "API.Example.COM", "127.0.0.1:8080", "b\u00fccher.de"]),
        st.one_of(
            st.just(""),
            st.text(
                st.sampled_from(list("/ab.~-_ \u00e9\u2603%;:@!$&'()*+,=[]2fzZ\"<>^`{|}")),
                max_size=12,
            ).map("/{}".format),
        ),
        st.one_of(
            st.just(""),
            st.text(st.sampled_from(list("?ab=&+%2fzZ \u00e9/:@[]")), max_size=10).map(
                "?{}".format
            ),
        ),
        st.sampled_from(["", "#", "#frag", "#a?b=c"]),
    ),
    st.sampled_from(["mailto:someone@example.com", "urn:x:y", "data:,hi"]),
)


def _prepared_or_error(prepare: Any, request: requests.Request) -> Any:
    try:
        return _wire(prepare(request))
    except Exception as exc:  # which error: compared by the caller
        return type(exc)


@SETTINGS
@given(url=ANY_URLS, params=FORMS, method=st.sampled_from(["GET", "POST"]))
# a valid escape beside a malformed one: requests then quotes every "%"
@example(url="https://api.example.com/%2f%zz", params={"a": "x y"}, method="GET")
@example(url="https://api.example.com/p?q=%41%zz", params={"a": "%"}, method="GET")
@example(url="https://[fe80::1%zz]/", params={"a": "/\u00e9"}, method="GET")
@example(url="httpx://h/%zz", params={"a": "/\u00e9"}, method="GET")
def test_the_query_added_after_preparation_is_requests_own_url(
    url: str, params: dict[Any, Any], method: str
) -> None:
    headers = CaseInsensitiveDict({"Content-Type": FORM_URLENCODED})
    data = {"a": "1"} if method == "POST" else None
    kwargs = {"params": EncodedForm.of(params), "headers": headers, "data": data}
    with handed(kwargs) as sent:
        ours = _prepared_or_error(
            RauthSession().prepare_request, requests.Request(method, url, **sent)
        )
    theirs = requests.Request(method, url, params=params, headers=headers, data=data)
    assert ours == _prepared_or_error(requests.Session().prepare_request, theirs)


def test_the_query_is_added_after_preparation_only_where_nothing_reads_the_url() -> None:
    seen: list[Any] = []

    def auth(r: requests.PreparedRequest) -> requests.PreparedRequest:
        seen.append(r.url)
        return r

    params = EncodedForm.of({"a": "x y"})
    for session_auth, request_auth in ((auth, None), (None, auth)):
        session = RauthSession()
        session.auth = session_auth
        with handed({"params": params}) as sent:
            request = requests.Request("GET", "https://example.com/p", auth=request_auth, **sent)
            assert session.prepare_request(request).url == "https://example.com/p?a=x+y"
    assert seen == ["https://example.com/p?a=x+y"] * 2  # the auth object saw the query


HEADER_VALUES = st.one_of(st.none(), st.sampled_from(["1", "text/plain", "a b", ""]))
SESSION_HEADERS = st.dictionaries(
    st.sampled_from(["Accept", "accept", "X-One", "x-one", "User-Agent", 1]),
    HEADER_VALUES,
    max_size=4,
)


@SETTINGS
@given(
    session_headers=SESSION_HEADERS,
    as_requests_does=st.booleans(),
    headers=st.sampled_from(
        [None, {}, [], CaseInsensitiveDict(), {"X-Own": "2"}, {"accept": None}]
    ),
)
def test_a_request_without_headers_gets_the_session_headers_requests_merges(
    session_headers: dict[str, Any], as_requests_does: bool, headers: Any
) -> None:
    assume(not as_requests_does or all(type(name) is str for name in session_headers))
    ours, theirs = RauthSession(), requests.Session()
    for session in (ours, theirs):
        session.headers = (
            requests.structures.CaseInsensitiveDict(session_headers)
            if as_requests_does
            else dict(session_headers)
        )
    request = requests.Request("GET", "https://example.com/", headers=headers)
    assert _prepared_or_error(ours.prepare_request, request) == _prepared_or_error(
        theirs.prepare_request, request
    )


class _Tracing(requests.Session):
    """A mixin after the session's class that changes the request, and
    signs it with an auth object that reads the URL."""

    seen: list[Any]

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        request.headers["X-Trace"] = "1"
        request.params["tenant"] = "7"

        def auth(r: requests.PreparedRequest) -> requests.PreparedRequest:
            self.seen.append(r.url)
            return r

        request.auth = auth
        return super().prepare_request(request)


class _TracedSession(OAuth1Session, _Tracing):
    pass


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_prepare_request_after_the_sessions_gets_the_request_as_it_is(
    method: str, mount: Any, adapter: Any
) -> None:
    session = mount(_TracedSession("key", "secret", "token", "token-secret"))
    session.seen = []
    session.request(method, "https://api.example.com/1/items", params={"q": "a b"})
    sent = adapter.last
    assert sent.headers["X-Trace"] == "1"
    assert session.seen == [sent.url]  # the auth object saw the URL as sent
    assert "tenant=7" in sent.url
    assert "q=a+b" in sent.url


class _Compared(OAuth1Session):
    """An OAuth1Session that also prepares each request as requests alone
    would, from plain dicts, and keeps both."""

    def __init__(self) -> None:
        super().__init__("consumer-key", "consumer-secret", "token", "token-secret")
        self.prepared: list[tuple[requests.PreparedRequest, requests.PreparedRequest]] = []

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        plain = copy.copy(request)
        plain.params, plain.data = _plain(request.params), _plain(request.data)
        theirs = requests.Session.prepare_request(self, plain)
        ours = super().prepare_request(request)
        self.prepared.append((ours, theirs))
        return ours


@SETTINGS
@given(
    url=URLS,
    method=st.sampled_from(["GET", "POST", "DELETE"]),
    params=FORMS,
    data=FORMS,
    header_auth=st.booleans(),
)
def test_oauth1_requests_are_byte_identical_to_requests_encoding(
    url: str, method: str, params: dict[Any, Any], data: dict[Any, Any], header_auth: bool
) -> None:
    session = _Compared()
    session.mount("https://", _Refuse())
    session.mount("http://", _Refuse())
    kwargs: dict[str, Any] = {"params": params, "header_auth": header_auth}
    if method == "POST":
        kwargs["data"] = data
    try:
        session.request(method, url, **kwargs)
    except (TypeError, ValueError):
        return  # values requests cannot send as meant: refused before preparation
    except _Sent:
        pass
    ((ours, theirs),) = session.prepared
    assert _wire(ours) == _wire(theirs)


class _Sent(Exception):
    pass


class _Refuse(requests.adapters.BaseAdapter):
    """A transport that stops the request once it is prepared."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        raise _Sent

    def close(self) -> None:
        pass


MUTATIONS = {
    "setitem": lambda form: form.__setitem__("a", "3"),
    "delitem": lambda form: form.__delitem__("a"),
    "ior": lambda form: form.__ior__({"c": "3"}),
    "clear": lambda form: form.clear(),
    "pop": lambda form: form.pop("a"),
    "popitem": lambda form: form.popitem(),
    "setdefault": lambda form: form.setdefault("c", "3"),
    "update": lambda form: form.update(c="3"),
}


@pytest.mark.parametrize("mutate", MUTATIONS.values(), ids=list(MUTATIONS))
def test_any_change_drops_the_encoding(mutate: Any) -> None:
    form = EncodedForm.of({"a": "1", "b": "x y"})
    assert form.encoded() == "a=1&b=x+y"
    mutate(form)
    assert form.escaped is None
    assert form.encoded() is None


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("c", "3 & 4", "a=1&b=x+y&c=3+%26+4"),
        ("c", 5, "a=1&b=x+y&c=5"),
        ("c", None, "a=1&b=x+y"),
        ("c", ("1", "2"), "a=1&b=x+y&c=1&c=2"),
    ],
    ids=["text", "number", "none", "tuple"],
)
def test_a_new_item_is_encoded_last_as_requests_encodes_it(
    name: str, value: Any, expected: str
) -> None:
    form = EncodedForm.of({"a": "1", "b": "x y"})
    form[name] = value
    assert form.encoded() == expected
    assert form.encoded() == requests.models.RequestEncodingMixin._encode_params(dict(form))


def test_a_new_item_requests_may_send_otherwise_drops_the_encoding() -> None:
    form = EncodedForm.of({"a": "1"})
    form["c"] = ["1", "2"]
    assert form.escaped is None


def test_a_copied_form_grows_on_its_own() -> None:
    form = EncodedForm.of({"a": "1"})
    copy = EncodedForm.of(form)
    copy["b"] = "2"
    assert (form.encoded(), copy.encoded()) == ("a=1", "a=1&b=2")


@pytest.mark.parametrize("mutate", MUTATIONS.values(), ids=list(MUTATIONS))
def test_a_dict_changed_after_it_was_handed_is_left_to_requests(mutate: Any) -> None:
    with handed({"params": EncodedForm.of({"a": "1", "b": "x y"})}) as sent:
        request = requests.Request("GET", "https://example.com/", params=sent["params"])
        assert for_requests(request, {}).params == "a=1&b=x+y"
        mutate(request.params)
        assert for_requests(request, {}) is request


@pytest.mark.parametrize(
    "value",
    [["1", "2"], {"nested": "dict"}, True, object()],
    ids=["list", "dict", "bool", "object"],
)
def test_values_requests_may_send_otherwise_are_left_to_it(value: Any) -> None:
    assert escaped_items([("a", value)]) is None
    assert EncodedForm.of({"a": value}).encoded() is None


def test_lone_surrogates_are_left_to_the_signer_to_report() -> None:
    assert escaped_items([("a", "\ud800")]) is None
    many = [(f"k{i}", "v") for i in range(20)] + [("a", "\ud800")]  # escaped at once
    assert escaped_items(many) is None


def test_names_requests_sends_as_their_text_are_left_to_it() -> None:
    assert escaped_items([(1, "a")]) is None


def test_a_large_value_is_encoded_as_requests_encodes_it() -> None:
    # escaped in chunks: a multi-octet character across a chunk boundary
    value = ("caf\u00e9 & d=o/l~o_r." * 9000)[:200001] + b"\xff\x00".decode("latin-1")
    form = {"big": value, "raw": value.encode("utf-8")}
    assert EncodedForm.of(form).encoded() == _requests_encode(form)


def test_copies_and_pickles_are_equal_dicts() -> None:
    form = EncodedForm.of({"a": "1", "b": ("2", None, 3)})
    assert form.encoded() == "a=1&b=2&b=3"
    for other in (copy.copy(form), copy.deepcopy(form), pickle.loads(pickle.dumps(form))):
        assert other == {"a": "1", "b": ("2", None, 3)}
        assert other.encoded() in (None, "a=1&b=2&b=3")


def test_joined_keeps_both_encodings_in_order() -> None:
    form = EncodedForm.of({"a": "1"}).joined({"oauth_x": "y z"})
    assert form == {"a": "1", "oauth_x": "y z"}
    assert form.encoded() == "a=1&oauth_x=y+z"
    assert EncodedForm.of({"a": ["1"]}).joined({"b": "2"}).encoded() is None
    assert EncodedForm.of({"a": "1"}).joined({"b": ["2"]}).encoded() is None


def _request(**kwargs: Any) -> requests.Request:
    headers = CaseInsensitiveDict({"Content-Type": FORM_URLENCODED})
    return requests.Request("POST", "https://example.com/", headers=headers, **kwargs)


def test_only_what_was_handed_in_this_context_counts() -> None:
    form = EncodedForm.of({"a": "1"})
    request = _request(params=form, data=form)
    assert for_requests(request, {}) is request  # nothing handed
    with handed({"params": form}) as sent:
        assert for_requests(request, {}) is request  # not the dict handed
        request = _request(params=sent["params"])
        assert for_requests(request, {}).params == "a=1"
        results: list[Any] = []
        other = threading.Thread(target=lambda: results.append(for_requests(request, {})))
        other.start()
        other.join(10)
        assert results == [request]  # another thread handed nothing
    assert for_requests(request, {}) is request  # reset afterwards


def test_the_handed_request_is_forgotten_when_requests_raises() -> None:
    with pytest.raises(RuntimeError), handed({"params": EncodedForm.of({"a": "1"})}) as sent:
        raise RuntimeError
    request = _request(params=sent["params"])
    assert for_requests(request, {}) is request


def test_session_params_switch_the_query_off() -> None:
    with handed({"params": EncodedForm.of({"a": "1"})}) as sent:
        request = _request(params=sent["params"])
        assert for_requests(request, {"session": "x"}) is request
        assert for_requests(request, {}).params == "a=1"
        assert request.params == {"a": "1"}  # the request itself is not changed


def test_the_body_is_reused_only_for_a_form_the_request_types_itself() -> None:
    with handed({"data": EncodedForm.of({"a": "1"})}) as sent:
        data = sent["data"]
        assert for_requests(_request(data=data), {}).data == "a=1"
        files = _request(data=data, files={"f": b"x"})
        assert for_requests(files, {}).data is data
        untyped = requests.Request("POST", "https://example.com/", data=data)
        assert for_requests(untyped, {}).data is data
    with handed({"data": EncodedForm.of({"a": None})}) as sent:
        empty = _request(data=sent["data"])  # requests sends an empty body
        assert for_requests(empty, {}).data is sent["data"]


def test_requests_own_empty_params_are_handed_as_no_query() -> None:
    request = _request(data={"a": "1"})  # params: requests' own {}
    assert for_requests(request, {}) is request  # nothing handed
    with handed({"data": {"a": "1"}}):
        assert for_requests(request, {}).params == ""
        assert for_requests(request, {"s": "1"}) is request  # the session's are merged in
        request.params["b"] = "2"
        assert for_requests(request, {}) is request


def test_session_level_params_are_sent_and_signed(mount: Any, adapter: Any) -> None:
    session = mount(OAuth1Session("key", "secret", "token", "token-secret"))
    session.params = {"session": "s 1"}
    session.get("https://api.example.com/1/items", params={"a": "x y"})
    assert "session=s+1" in adapter.last.url
    assert "a=x+y" in adapter.last.url
    credentials = Credentials("HMAC-SHA1", "key", "secret", "token", "token-secret")
    assert oauthlib_verifies(read_wire(adapter.last), credentials)


def test_a_custom_prepare_request_that_replaces_params_gets_requests_encoding(
    adapter: Any,
) -> None:
    class Custom(OAuth1Session):
        def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
            request.params = {**request.params, "added": "by me"}
            return super().prepare_request(request)

    session = Custom("key", "secret", "token", "token-secret")
    session.mount("https://", adapter)
    session.get("https://api.example.com/1/items", params={"a": "1"})
    assert adapter.last.url.endswith("&added=by+me")


def test_threads_share_nothing(mount: Any, adapter: Any) -> None:
    session = mount(OAuth1Session("key", "secret", "token", "token-secret"))
    credentials = Credentials("HMAC-SHA1", "key", "secret", "token", "token-secret")
    failures: list[str] = []

    def work(thread: int) -> None:
        for i in range(40):
            response = session.post(
                "https://api.example.com/1/items",
                params={"thread": str(thread)},
                data={"i": f"{thread}-{i} caf\u00e9"},
            )
            wire = read_wire(response.request)
            mine = ("thread", str(thread)) in wire.query and ("i", f"{thread}-{i} caf\u00e9") in (
                wire.form_body
            )
            if not mine or not oauthlib_verifies(wire, credentials):
                failures.append(f"thread {thread} request {i}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert len(adapter.requests) == 8 * 40


@pytest.mark.parametrize(
    ("method", "placement"),
    [("GET", "query"), ("POST", "body"), ("GET", "header")],
    ids=["query", "body", "header"],
)
@pytest.mark.parametrize("count", [15, 16, 40, 200], ids=lambda count: f"{count}-params")
def test_many_parameters_verify_with_oauthlib(
    mount: Any, adapter: Any, method: str, placement: str, count: int
) -> None:
    # many parameters are escaped in one go, and their base string joined
    # in one go: oauthlib verifies the result, with NULs and other types too
    form: dict[Any, Any] = {
        f"field {i:03d}": f"value {i} caf\u00e9 & = / + % ~\u2603" for i in range(count)
    }
    form.update({"nul": "a\x00b", "number": 7, "raw": b"bytes \xc3\xa9"})
    session = mount(OAuth1Session("key", "secret", "token", "token-secret"))
    kwargs = {"data": form} if method == "POST" else {"params": form}
    response = session.request(
        method, "https://api.example.com/1/items?x=1", header_auth=placement == "header", **kwargs
    )
    credentials = Credentials("HMAC-SHA1", "key", "secret", "token", "token-secret")
    assert oauthlib_verifies(read_wire(response.request), credentials)
    plain = requests.Request(method, "https://api.example.com/1/items?x=1", **kwargs)
    theirs = requests.Session().prepare_request(plain)
    sent = response.request
    assert (sent.body or "").split("&oauth_")[0] == (theirs.body or "")
    assert sent.url.split("&oauth_")[0] == theirs.url
