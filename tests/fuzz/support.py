"""The fuzz and leak harness: hostile-input strategies, a transport that
answers canned hostile responses, the rule an exception must follow, the
example budgets of the hypothesis profiles, and the counts the terminal
summary prints (see ``conftest.py`` beside this file)."""

from __future__ import annotations

import base64
import collections
import contextlib
import functools
import io
import json
import os
import pathlib
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote, quote_plus

import requests
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.errors import UnsatisfiedAssumption
from requests.adapters import BaseAdapter

import rauth

RAUTH_DIR = pathlib.Path(rauth.__file__).resolve().parent

# -- profiles and budgets ---------------------------------------------------

#: ``ci``: CI (``CI=true``) or ``RAUTH_TEST_EXTRAS=required`` (.ci/run);
#: ``dev`` otherwise; ``RAUTH_FUZZ_PROFILE`` picks one by name.
settings.register_profile("rauth-fuzz-ci", max_examples=2000, deadline=None, database=None)
settings.register_profile("rauth-fuzz-dev", max_examples=60, deadline=None)
#: To hunt: no shrinking, so a failure shows at once (``RAUTH_FUZZ_PROFILE=hunt``).
settings.register_profile(
    "rauth-fuzz-hunt", max_examples=300, deadline=None, phases=[Phase.explicit, Phase.generate]
)


def _profile_name() -> str:
    chosen = os.environ.get("RAUTH_FUZZ_PROFILE")
    if chosen:
        return f"rauth-fuzz-{chosen}"
    ci = os.environ.get("CI") == "true" or os.environ.get("RAUTH_TEST_EXTRAS") == "required"
    return "rauth-fuzz-ci" if ci else "rauth-fuzz-dev"


PROFILE = _profile_name()


def budget(weight: float = 1.0, slow: bool = False) -> settings:
    """The settings of one target: the profile's examples times ``weight``.

    ``slow`` suppresses the ``too_slow`` health check, for targets whose
    every example goes through requests' whole request preparation (a
    millisecond or two, as a real call costs; that is what is measured).
    """
    base = settings.get_profile(PROFILE)
    checks = [HealthCheck.too_slow] if slow else []
    return settings(
        base, max_examples=int(base.max_examples * weight), suppress_health_check=checks
    )


@contextlib.contextmanager
def coverage_paused() -> Iterator[None]:
    """Pause coverage measurement, if it runs (``pytest --cov``).

    Thousands of examples run the same lines again: measured, they take
    twice as long and add nothing to what the regression examples, run
    before with coverage on, already cover.
    """
    try:
        import coverage
    except ImportError:  # pragma: no cover - the dev extra installs it
        current = None
    else:
        current = coverage.Coverage.current()
    if current is not None:
        current.stop()
    try:
        yield
    finally:
        if current is not None:
            current.start()


# -- counts printed by the terminal summary ---------------------------------

#: Examples run, by entry point.
FUZZ_COUNTS: collections.Counter[str] = collections.Counter()
#: Exceptions, reprs and log records scanned for secrets.
LEAK_COUNTS: collections.Counter[str] = collections.Counter()


# -- the exception rule -----------------------------------------------------

#: Builtin exceptions a caller error may be: their message must name the
#: argument (one of the entry point's argument names).
_CALLER_ERRORS = (TypeError, ValueError)


def _raised_in_rauth(exc: BaseException) -> bool:
    """Tell whether the innermost frame of ``exc``'s traceback is rauth's."""
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return _is_rauth_file(tb.tb_frame.f_code.co_filename)


@functools.cache
def _is_rauth_file(filename: str) -> bool:
    path = pathlib.Path(filename).resolve()
    return RAUTH_DIR in path.parents and "testing" not in path.parts[len(RAUTH_DIR.parts) :]


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and the exceptions it was raised from or during (bounded)."""
    seen: set[int] = set()
    todo = [exc]
    while todo and len(seen) < 64:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        # a context suppressed by ``raise ... from None`` is shown by no traceback
        context = None if current.__suppress_context__ else current.__context__
        todo += [e for e in (current.__cause__, context) if e is not None]
        todo += [arg for arg in current.args if isinstance(arg, BaseException)]


def exception_texts(exc: BaseException) -> list[str]:
    """Every text of ``exc`` and its chain: ``str``, ``repr``, the args."""
    texts = []
    for current in chain(exc):
        texts += [str(current), repr(current), *map(repr, current.args)]
        for name in ("url", "reason", "strerror", "doc", "msg"):
            value = getattr(current, name, None)
            if isinstance(value, (str, bytes)):
                texts.append(repr(value))
    return texts


def check_exception(exc: BaseException, target: Target, names: Iterable[str]) -> None:
    """Fail unless ``exc`` is documented for ``target``; see the rule in
    ``test_fuzz.py``'s docstring."""
    if not isinstance(exc, target.allowed) or isinstance(exc, UnicodeError):
        raise AssertionError(
            f"{target.name} raised an undocumented {type(exc).__name__}: {exc!r}"
        ) from exc
    message = str(exc)
    assert message.strip("'\" "), f"{target.name}: {type(exc).__name__} without a message"
    if type(exc) in _CALLER_ERRORS:
        assert _raised_in_rauth(exc), (
            f"{target.name}: a bare {type(exc).__name__} from outside rauth: {message}"
        )
        lowered = message.lower()
        # the argument's name, or its last word ('url' of 'authorize_url')
        wanted = [part.lower() for name in names for part in (name, name.rsplit("_", 1)[-1])]
        assert any(name in lowered for name in wanted), (
            f"{target.name}: {type(exc).__name__}({message!r}) names none of {sorted(wanted)}"
        )
    if type(exc) is KeyError:  # rauth 0.7's, with PROCESS_TOKEN_ERROR
        assert "Decoder failed to handle" in message, f"{target.name}: a bare KeyError {exc!r}"


@dataclass
class Target:
    """An entry point: its name, the exceptions its documentation allows,
    and the secrets it must never show."""

    name: str
    allowed: tuple[type[BaseException], ...]
    secrets: tuple[str, ...] = ()
    #: Argument names a caller error may name, besides the fuzzed ones.
    names: tuple[str, ...] = ()

    def run(self, call: Callable[[], Any], fuzzed: Iterable[str] = ()) -> Any:
        """Call ``call``; an exception must follow the rule; count the example."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = call()
            except UnsatisfiedAssumption:  # hypothesis's reject(): not an example
                raise
            except Exception as exc:
                check_exception(exc, self, (*fuzzed, *self.names))
                self.check_secrets(exception_texts(exc))
                result = None
        FUZZ_COUNTS[self.name] += 1  # an example run (not one hypothesis rejected)
        # rauth's own warning categories (insecure transport...) are expected
        others = [w for w in caught if not w.category.__module__.startswith("rauth")]
        assert not others, f"{self.name} warned: {[str(w.message) for w in others]}"
        return result

    def check_secrets(self, texts: Iterable[str]) -> None:
        for text in texts:
            for secret in self.secrets:
                assert secret not in text, f"{self.name} shows a secret: {text[:300]!r}"


# -- secrets and their encodings ---------------------------------------------


def encodings(secret: str) -> set[str]:
    """``secret`` as text, percent-encoded (both ways) and base64-encoded."""
    raw = secret.encode("utf-8")
    forms = {secret, quote(secret, safe=""), quote_plus(secret, safe="")}
    forms |= {base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode().rstrip("=")}
    return {form for form in forms if len(form) >= 6}


# -- a transport of canned hostile responses --------------------------------

Canned = tuple[int, bytes, dict[str, str]]


@dataclass
class CannedAdapter(BaseAdapter):
    """Answers the responses queued in :attr:`responses`, then ``200`` with
    an empty body; or raises :attr:`error` when set. Sends nothing."""

    responses: list[Canned] = field(default_factory=list)
    error: BaseException | None = None
    sent: list[requests.PreparedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(request)
        if self.error is not None:
            raise self.error
        status, body, headers = self.responses.pop(0) if self.responses else (200, b"", {})
        response = requests.Response()
        response.status_code = status
        response.headers.update(headers)
        response.raw = io.BytesIO(body)
        response.url = request.url or ""
        response.request = request
        response.reason = "canned"
        return response

    def close(self) -> None:
        pass


#: The transport of the fuzzed sessions and services (one test at a time).
ADAPTER = CannedAdapter()


def load(responses: Iterable[Canned] = (), error: BaseException | None = None) -> None:
    """Queue the responses of the next calls."""
    ADAPTER.responses[:] = list(responses)
    ADAPTER.error = error
    ADAPTER.sent.clear()


def mounted(session: requests.Session) -> Any:
    """Mount :data:`ADAPTER` on ``session`` for http and https."""
    session.mount("http://", ADAPTER)
    session.mount("https://", ADAPTER)
    return session


def canned(session_cls: type) -> type:
    """A subclass of ``session_cls`` whose sessions send through :data:`ADAPTER`."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        session_cls.__init__(self, *args, **kwargs)
        mounted(self)

    return type(f"Canned{session_cls.__name__}", (session_cls,), {"__init__": __init__})


# -- hostile inputs ----------------------------------------------------------

#: Text with whatever hypothesis draws, lone surrogates, controls and
#: characters that mean something in URLs and forms.
odd_text = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="&=?#%+;/ \t\r\n\x00\"'\\[]{}:@", max_size=8),
    st.sampled_from(["", " ", "\ud800", "caf\u00e9", "\u202e", "%", "%zz", "a" * 3000]),
)
odd_bytes = st.one_of(
    st.binary(max_size=12), st.sampled_from([b"", b"\xff\xfe", b"%ff", b"a=\xff&b=%00"])
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    odd_text,
    odd_bytes,
)
#: Anything: scalars, lists, tuples, dicts and sets, nested.
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(odd_text, st.integers()), inner, max_size=3),
        st.frozensets(st.integers(), max_size=2),
    ),
    max_leaves=4,
)

_HOSTS = [
    "127.0.0.1",
    "localhost",
    "[::1]",
    "api.example.com",
    "xn--caf-dma.example",
    "ex\u00e4mple.com",
    "",
    "a" * 300,
    "[::1",
    "127.0.0.1:99999",
    "127.0.0.1:abc",
    "user:pw@127.0.0.1",
]


@st.composite
def urls(draw: st.DrawFn) -> Any:
    """URLs: odd schemes, whitespace, hosts (IPv6, unicode, huge, none),
    paths, queries and fragments; and sometimes not a str at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(st.none(), st.integers(), odd_bytes, st.lists(odd_text, max_size=2)))
    scheme = draw(
        st.sampled_from(["https://", "http://", "HTTPS://", "", "//", "ftp://", "javascript:"])
    )
    host = draw(st.sampled_from(_HOSTS))
    path = draw(st.sampled_from(["", "/", "/a b", "/r?x=1&x=2", "/%zz", "/\u00e9", "/../x"]))
    tail = draw(st.sampled_from(["", "?", "?a=1", "#frag", "?q=%FF#f", "?oauth_signature=x"]))
    pad = draw(st.sampled_from(["", " ", "\t", "\n"]))
    return pad + scheme + host + path + tail + draw(st.sampled_from(["", " ", "\r\n"]))


def containers(values: st.SearchStrategy[Any] = scalars) -> st.SearchStrategy[Any]:
    """``params``/``data``-like values: dicts, pairs, query strings,
    bytes, and garbage."""
    keys = st.one_of(odd_text, odd_bytes, st.integers())
    return st.one_of(
        st.none(),
        st.dictionaries(keys, st.one_of(values, st.lists(values, max_size=3)), max_size=5),
        st.lists(st.tuples(keys, values), max_size=4),
        odd_text,
        odd_bytes,
        anything,
    )


headers = st.one_of(
    st.none(),
    st.dictionaries(odd_text, st.one_of(odd_text, odd_bytes), max_size=4),
    st.lists(st.tuples(odd_text, odd_text), max_size=3),
    st.dictionaries(
        st.sampled_from(["Content-Type", "content-type", "Authorization"]),
        st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "application/json",
                "text/plain",
                "",
                'OAuth realm="x"',
            ]
        ),
        max_size=2,
    ),
    anything,
)


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=repr).encode("utf-8", "surrogatepass")


#: Values of token response members: right, wrong-typed and huge.
member_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["3600", "-1", "1e400", "NaN", "x" * 5000]),
)
token_members = st.dictionaries(
    st.sampled_from(
        [
            "access_token",
            "refresh_token",
            "expires_in",
            "expires_at",
            "token_type",
            "scope",
            "id_token",
            "error",
            "error_description",
            "error_uri",
            "oauth_token",
            "oauth_token_secret",
            "oauth_callback_confirmed",
        ]
    )
    | st.text(max_size=8),
    member_values,
    max_size=4,
)


def _hostile_bodies() -> list[bytes]:
    """Bodies no generator needs to find: deep nesting past the JSON
    decoder's recursion limit, huge ones, cut short, binary, wrong types."""
    wrong = [
        {"access_token": value}
        for value in (1, 1.5, True, None, "", ["a"], {}, {"a": "b"}, "a b\n", "\ud800", "x" * 5000)
    ]
    wrong += [
        {"access_token": "at", "expires_in": value, "refresh_token": value}
        for value in ("3600", "-1", "1e400", "NaN", None, [], {}, -(2**70), 1e308, "\u0663")
    ]
    wrong += [
        {"error": value, "error_description": value} for value in (5, None, ["x"], {"a": 1}, "")
    ]
    bodies = [_json_bytes(value) for value in wrong]
    bodies += [body[: len(body) // 2] for body in bodies[::3]]  # cut short
    bodies += [
        (b'{"a":' * depth) + (b"}" * closed) for depth in (50, 5000) for closed in (0, depth)
    ]
    # large, but not so large hypothesis warns about their repr (over 30 kB)
    bodies += [b"[" * 5000, b'{"access_token": "' + b"A" * 12_000 + b'"}', b"a=" + b"%" * 8_000]
    bodies += [
        b"",
        b" ",
        b"\xff\xfe",
        b"access_token=\xff",
        b"<html>Sign in</html>",
        b"null",
        b"[]",
    ]
    bodies += [b"access_token=a&access_token=b", b"=&&=", b"access_token", b"\x00" * 10]
    return bodies


#: Hostile token endpoint bodies, made once (drawing them is cheap).
HOSTILE_BODIES = _hostile_bodies()


@st.composite
def _drawn_bodies(draw: st.DrawFn) -> bytes:
    members = draw(token_members)
    kind = draw(st.sampled_from(["json", "form", "array", "binary"]))
    if kind == "json":
        return _json_bytes(members)
    if kind == "form":
        return "&".join(
            f"{quote_plus(str(k))}={quote_plus(str(v))}" for k, v in members.items()
        ).encode()
    if kind == "array":
        return _json_bytes([members])
    return draw(st.binary(max_size=60))


#: Token endpoint bodies: JSON, form, nested, huge, cut short, binary.
token_bodies = st.one_of(st.sampled_from(HOSTILE_BODIES), _drawn_bodies())


@st.composite
def responses(draw: st.DrawFn, max_size: int = 2) -> list[Canned]:
    """Hostile answers: odd statuses, content types, encodings, redirects."""
    answers = []
    for _ in range(draw(st.integers(1, max_size))):
        status = draw(st.sampled_from([200, 200, 201, 204, 302, 307, 400, 401, 403, 500, 503, 599]))
        content_type = draw(
            st.sampled_from(
                [
                    "application/json",
                    "application/x-www-form-urlencoded",
                    "text/html",
                    "",
                    "text/plain;charset=latin-1",
                ]
            )
        )
        headers = {"Content-Type": content_type}
        if 300 <= status < 400:
            headers["Location"] = draw(
                st.sampled_from(
                    [
                        "/next",
                        "https://other.example/cb",
                        "//other.example/x",
                        "http://127.0.0.1/r?a=1",
                    ]
                )
            )
        if status == 401:
            headers["WWW-Authenticate"] = draw(
                st.sampled_from(['Bearer error="invalid_token"', "Basic", ""])
            )
        if draw(st.booleans()) and status == 200:
            headers["Content-Encoding"] = draw(st.sampled_from(["gzip", "deflate", "br", "bogus"]))
        answers.append((status, draw(token_bodies), headers))
    return answers
