"""
rauth.demo
----------

rauth's OAuth 1.0a, OAuth 2.0 and Ofly flows, run step by step against
:class:`rauth.testing.Provider`, an OAuth provider on ``127.0.0.1``::

    python -m rauth.demo [--flow oauth1|oauth2|ofly|all] [--step] [--width N] [--quiet]

Each step prints the rauth call that performs it (``>>>``, the line you
would type), then what rauth sends (``->``) and what the provider answers
(``<-``), wrapped to the terminal's width (or ``--width``). ``--step``
waits for Enter before each step. Secrets never print in full: client,
consumer, app and token secrets show as ``***``; tokens, codes, verifiers,
nonces and signatures as their first four characters (a ``%XX`` escape
counts as one) and ``…``. The demo exits with 0 when every flow worked, 1
when one failed and 2 when it could not start.

The provider needs oauthlib: ``pip install "rauth[testing]"``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, TextIO
from urllib.parse import parse_qsl, urlsplit

import requests

from rauth.__about__ import __version__
from rauth.auth import OAuth1
from rauth.errors import _install_hint
from rauth.service import OAuth1Service, OAuth2Service, OflyService
from rauth.session import OAuth2Session

if TYPE_CHECKING:
    from rauth.testing import Provider

__all__ = [
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
]

#: Seconds to wait for any one HTTP exchange.
TIMEOUT = 10.0
#: Seconds after which the embedded provider stops by itself.
PROVIDER_LIFETIME = 120.0
#: How to install what the demo needs.
INSTALL_HINT = _install_hint("testing")
#: What the demo posts to the provider's echo resource.
STATUS = "Hello from rauth"
#: The narrowest width the wire output wraps to.
MIN_WIDTH = 40
#: What ``--step`` prints before waiting for Enter.
PAUSE_PROMPT = "   [Enter: next step]"

#: Values of keys matching this print as ``***``.
_HIDDEN = re.compile(r"secret|password|refresh_token", re.IGNORECASE)
#: Values of these keys print shortened to their first characters.
_SHORTENED = frozenset(
    {
        "access_token",
        "code",
        "oauth_nonce",
        "oauth_signature",
        "oauth_token",
        "oauth_verifier",
        "oflyApiSig",
    }
)
_HEADER_PARAM = re.compile(r'(\w+)="([^"]*)"')
#: One character of a value as sent: a ``%XX`` escape counts as one.
_WIRE_CHAR = re.compile(r"%[0-9A-Fa-f]{2}|.", re.DOTALL)
#: Where a long wire line may break: after ``,`` ``&`` ``?`` or before a space.
_BREAK = re.compile(r"(?<=[,&?])|(?= )")
#: What a step turns into a :class:`DemoError`.
_STEP_ERRORS = (KeyError, ValueError, requests.RequestException)


class DemoError(Exception):
    """A step of a flow failed; the message says which and why."""


# -- Masking ------------------------------------------------------------


def shorten(value: str) -> str:
    """Return the first four characters of a credential and ``…``.

    A percent-escape (``%2B``) counts as one character and is never cut.

    :param value: A token, code, signature or nonce.
    :type value: str
    :rtype: str
    """
    chars = _WIRE_CHAR.findall(value)
    return "".join(chars[:4]) + "…" if len(chars) > 8 else "***"


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Break a wire line into lines of at most *width* characters.

    Breaks go after ``,``, ``&`` and ``?`` or before a space;
    continuation lines are indented three spaces more than *indent*. A
    piece longer than a line is cut.

    :param text: The line, without *indent*.
    :type text: str
    :param width: The terminal's width.
    :type width: int
    :param indent: What the first line starts with.
    :type indent: str
    :rtype: list
    """
    room = max(width, MIN_WIDTH) - len(indent) - 3
    lines = [""]
    for piece in _BREAK.split(text):
        if len(lines[-1]) + len(piece) > room and lines[-1]:
            lines.append("")
            piece = piece.lstrip(" ")
        while len(lines[-1]) + len(piece) > room:
            cut = room - len(lines[-1])
            lines[-1] += piece[:cut]
            lines.append("")
            piece = piece[cut:]
        lines[-1] += piece
    return [indent + lines[0]] + [indent + "   " + line for line in lines[1:] if line]


def mask(key: str, value: str) -> str:
    """Return a parameter's value as the demo prints it.

    :param key: The parameter name, e.g. ``oauth_token_secret``.
    :type key: str
    :param value: Its value.
    :type value: str
    :rtype: str
    """
    if _HIDDEN.search(key):
        return "***"
    return shorten(value) if key in _SHORTENED else value


def _mask_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    return "&".join(f"{key}={mask(key, value)}" for key, value in pairs)


def _mask_url(url: str) -> str:
    base, _, query = url.partition("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    return f"{base}?{_mask_pairs(pairs)}" if pairs else base


def _mask_authorization(value: str) -> str:
    scheme, _, credentials = value.partition(" ")
    if scheme.lower() == "bearer":
        return f"{scheme} {shorten(credentials)}"
    params = _HEADER_PARAM.findall(credentials)
    return scheme + " " + ",".join(f'{key}="{mask(key, val)}"' for key, val in params)


def _is_pair(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)


def _mask_json(data: Any) -> Any:
    if _is_pair(data):  # the echo resource lists query and form pairs
        return [data[0], mask(data[0], data[1])]
    if isinstance(data, dict):
        return {
            key: mask(key, value) if isinstance(value, str) else _mask_json(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_mask_json(item) for item in data]
    return data


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _mask_body(content_type: str, body: object) -> str:
    if not isinstance(body, (str, bytes)):
        return "(a streamed body)"
    text = _text(body)
    if "json" in content_type:
        return json.dumps(_mask_json(json.loads(text)), ensure_ascii=False)
    if "x-www-form-urlencoded" in content_type:
        return _mask_pairs(parse_qsl(text, keep_blank_values=True))
    return text


# -- Printing -----------------------------------------------------------


class Printer:
    """Prints numbered steps, never a secret it was told about.

    :param out: Where steps go.
    :type out: file
    :param err: Where failures go.
    :type err: file
    :param quiet: Print only one line per flow.
    :type quiet: bool
    :param width: Wrap what went on the wire to this many characters.
    :type width: int
    :param pause: Wait for a line on *stdin* before each step (``--step``).
    :type pause: file
    """

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        quiet: bool = False,
        width: int = 100,
        pause: TextIO | None = None,
    ) -> None:
        self._out = out
        self._err = err
        self._quiet = quiet
        self._width = max(width, MIN_WIDTH)
        self._pause = pause
        self._secrets: dict[str, str] = {}
        self._flow = ""
        self._step = 0

    def hide(self, value: str | None, *, short: bool = False) -> None:
        """Never print *value* in full from now on.

        :param value: A secret or token.
        :type value: str
        :param short: Print it shortened rather than as ``***``.
        :type short: bool
        """
        if value:
            self._secrets[value] = shorten(value) if short else "***"

    def _scrub(self, text: str) -> str:
        for value, masked in self._secrets.items():
            text = text.replace(value, masked)
        return text

    def say(self, text: str, *, always: bool = False) -> None:
        """Print a line, unless quiet (or *always*).

        :param text: The line.
        :type text: str
        :param always: Print it even when quiet.
        :type always: bool
        """
        if always or not self._quiet:
            print(self._scrub(text), file=self._out, flush=True)

    def error(self, text: str) -> None:
        """Print a failure.

        :param text: What failed and why.
        :type text: str
        """
        print(self._scrub(text), file=self._err, flush=True)

    def flow(self, title: str, about: str) -> None:
        """Start a flow: print its title and what it uses.

        :param title: E.g. ``"OAuth 1.0a"``.
        :type title: str
        :param about: The client credentials and scheme, secrets masked.
        :type about: str
        """
        self._flow, self._step = title, 0
        self.say(f"\n== {title} ==")
        self.wire(about)

    def code(self, *lines: str) -> None:
        """Print the rauth calls a step makes, as typed at ``>>>``.

        :param lines: Statements; a line that starts with a space continues
            the statement above (``...``).
        :type lines: str
        """
        for line in lines:
            self.detail(("... " if line.startswith(" ") else ">>> ") + line)

    def note(self, text: str) -> None:
        """Print a comment line of a step (what no rauth call does).

        :param text: The comment.
        :type text: str
        """
        self.detail("# " + text)

    def _wait(self) -> None:
        """With ``--step``: wait for Enter; stop waiting at end of input."""
        if self._pause is None or self._quiet:
            return
        print(PAUSE_PROMPT, file=self._out, flush=True)
        if not self._pause.readline():
            self._pause = None

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        """Print the next numbered step; turn its failure into a DemoError.

        :param title: What the step does.
        :type title: str
        :raises DemoError: If the step fails.
        """
        self._wait()
        self._step += 1
        where = f"{self._flow}, step {self._step} ({title})"
        self.say(f"{self._step}. {title}")
        try:
            yield
        except DemoError as exc:
            raise DemoError(f"{where}: {exc}") from exc
        except _STEP_ERRORS as exc:
            reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            raise DemoError(f"{where}: {type(exc).__name__}: {reason}") from exc

    def detail(self, text: str) -> None:
        """Print an indented line of a step.

        :param text: The line.
        :type text: str
        """
        self.say("   " + text)

    def wire(self, text: str, indent: str = "   ") -> None:
        """Print a line of what went on the wire, wrapped to the width.

        :param text: The line, masked.
        :type text: str
        :param indent: What it starts with.
        :type indent: str
        """
        # masked before it is wrapped: a value split over two lines is
        # no longer found whole
        for line in wrap(self._scrub(text), self._width, indent):
            self.say(line)

    def exchange(self, response: requests.Response | None, echo: bool = False) -> None:
        """Print what was sent and what came back.

        :param response: The provider's answer.
        :type response: requests.Response
        :param echo: Print only who the provider saw and what it received.
        :type echo: bool
        """
        if response is None:
            raise DemoError("no request was sent")
        sent = response.request
        authorization = _text(sent.headers.get("Authorization", ""))
        self.wire(f"-> {sent.method} {_mask_url(sent.url or '')}")
        if authorization:
            self.wire(f"Authorization: {_mask_authorization(authorization)}", "      ")
        if sent.body:
            content_type = _text(sent.headers.get("Content-Type", ""))
            self.wire(_mask_body(content_type, sent.body), "      ")
        self.wire(f"<- {response.status_code} {response.reason}")
        if "Location" in response.headers:
            self.wire(f"Location: {_mask_url(response.headers['Location'])}", "      ")
        if response.content:
            self.wire(_answer(response, echo), "      ")


def _answer(response: requests.Response, echo: bool) -> str:
    content_type = response.headers.get("Content-Type", "")
    if not echo or response.status_code >= 400:
        return _mask_body(content_type, response.content)
    data = response.json()
    seen = ("scheme", "user", "client", "method", "path", "query", "form", "json")
    seen_data = {key: data[key] for key in seen if data.get(key)}
    return json.dumps(_mask_json(seen_data), ensure_ascii=False)


# -- Steps shared by the flows ------------------------------------------


def _checked(response: requests.Response) -> requests.Response:
    if response.status_code >= 400:
        body = _mask_body(response.headers.get("Content-Type", ""), response.content)
        raise DemoError(f"the provider answered {response.status_code}: {body}")
    return response


def _approve(show: Printer, authorize_url: str, expected: str) -> dict[str, str]:
    """Open the authorize URL as the user's browser would; the provider's
    user approves and redirects to the callback. Return the callback's query.
    """
    response = requests.get(authorize_url, allow_redirects=False, timeout=TIMEOUT)
    show.exchange(response)
    location = _checked(response).headers.get("Location", "")
    params = dict(parse_qsl(urlsplit(location).query))
    if expected not in params:
        raise DemoError(f"the provider sent no {expected} back: {_mask_url(location) or 'none'}")
    return params


def _call(show: Printer, response: requests.Response) -> str:
    """Show a call to the echo resource; return who the provider saw."""
    show.exchange(response, echo=True)
    user: str = _checked(response).json()["user"]
    return user


# -- The flows ----------------------------------------------------------


def oauth1_flow(provider: Provider, show: Printer) -> str:
    """OAuth 1.0a: request token, authorization, access token, signed calls.

    :rtype: str
    :returns: Who the provider saw making the signed calls.
    """
    from rauth.testing import DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET

    service = OAuth1Service(
        consumer_key=DEFAULT_CONSUMER_KEY,
        consumer_secret=DEFAULT_CONSUMER_SECRET,
        request_token_url=provider.request_token_url,
        access_token_url=provider.access_token_url,
        authorize_url=provider.authorize_url,
        base_url=provider.base_url,
    )
    show.hide(service.consumer_secret)
    show.flow(
        "OAuth 1.0a",
        f"consumer key {service.consumer_key}, consumer secret ***; HMAC-SHA1 in the header",
    )
    show.code(
        "from rauth import OAuth1Service",
        f"service = OAuth1Service(consumer_key={service.consumer_key!r},",
        "    consumer_secret='***',",
        f"    request_token_url={provider.request_token_url!r},",
        f"    access_token_url={provider.access_token_url!r},",
        f"    authorize_url={provider.authorize_url!r},",
        f"    base_url={provider.base_url!r})",
    )
    callback_url = provider.callback_url
    with show.step("Get a request token, sending the callback URL"):
        show.code(
            "token, token_secret = service.get_request_token(",
            f"    params={{'oauth_callback': {callback_url!r}}},",
            "    header_auth=True)",
        )
        token, token_secret = service.get_request_token(
            params={"oauth_callback": callback_url}, header_auth=True
        )
        show.hide(token, short=True)
        show.hide(token_secret)
        show.exchange(service.request_token_response)
    with show.step("Build the authorize URL to send the user to"):
        show.code("authorize_url = service.get_authorize_url(token)")
        authorize_url = service.get_authorize_url(token)
        show.wire(_mask_url(authorize_url))
    with show.step(f"{provider.user} approves; the provider redirects to the callback"):
        show.note("the user's browser opens authorize_url; back comes the verifier")
        verifier = _approve(show, authorize_url, "oauth_verifier")["oauth_verifier"]
        show.hide(verifier, short=True)
    with show.step("Trade the request token and the verifier for an access token"):
        show.code(
            "session = service.get_auth_session(token, token_secret,",
            "    method='POST', data={'oauth_verifier': verifier},",
            "    header_auth=True)",
        )
        session = service.get_auth_session(
            token, token_secret, method="POST", data={"oauth_verifier": verifier}, header_auth=True
        )
        show.hide(session.access_token, short=True)
        show.hide(session.access_token_secret)
        show.exchange(session.access_token_response)
    # header_auth=True: the OAuth parameters go in the Authorization header
    with session:
        with show.step("Signed GET of a protected resource"):
            show.code("session.get('echo', params={'format': 'json'}, header_auth=True)")
            user = _call(show, session.get("echo", params={"format": "json"}, header_auth=True))
        with show.step("Signed POST: the form body is signed too"):
            show.code(
                f"session.post('echo', data={{'status': {STATUS!r}}},",
                "             header_auth=True)",
            )
            _call(show, session.post("echo", data={"status": STATUS}, header_auth=True))
    with show.step("The same token with plain requests: rauth.OAuth1 signs"):
        show.code(
            "auth = rauth.OAuth1(service.consumer_key, '***',",
            "    session.access_token, session.access_token_secret)",
            f"requests.get({provider.echo_url!r}, auth=auth)",
        )
        auth = OAuth1(
            DEFAULT_CONSUMER_KEY,
            DEFAULT_CONSUMER_SECRET,
            session.access_token,
            session.access_token_secret,
        )
        _call(show, requests.get(provider.echo_url, auth=auth, timeout=TIMEOUT))
    return user


def oauth2_flow(provider: Provider, show: Printer) -> str:
    """OAuth 2.0 authorization code grant, then Bearer calls.

    :rtype: str
    :returns: Who the provider saw making the Bearer calls.
    """
    from rauth.testing import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

    service = OAuth2Service(
        client_id=DEFAULT_CLIENT_ID,
        client_secret=DEFAULT_CLIENT_SECRET,
        authorize_url=provider.oauth2_authorize_url,
        access_token_url=provider.oauth2_access_token_url,
        base_url=provider.base_url,
    )
    show.hide(service.client_secret)
    show.flow("OAuth 2.0", f"client id {service.client_id}, client secret ***; authorization code")
    show.code(
        "import json",
        "from rauth import OAuth2Service",
        f"service = OAuth2Service(client_id={service.client_id!r},",
        "    client_secret='***',",
        f"    authorize_url={provider.oauth2_authorize_url!r},",
        f"    access_token_url={provider.oauth2_access_token_url!r},",
        f"    base_url={provider.base_url!r})",
    )
    redirect_uri, state = provider.callback_url, secrets.token_urlsafe(8)
    with show.step("Build the authorize URL to send the user to"):
        show.code(
            f"redirect_uri = {redirect_uri!r}",
            f"state = {state!r}  # a fresh random value per login",
            "authorize_url = service.get_authorize_url(response_type='code',",
            "    redirect_uri=redirect_uri, scope='profile', state=state)",
        )
        authorize_url = service.get_authorize_url(
            response_type="code", redirect_uri=redirect_uri, scope="profile", state=state
        )
        show.wire(_mask_url(authorize_url))
    with show.step(f"{provider.user} approves; the provider redirects with a code"):
        show.note("the user's browser opens authorize_url; back comes the code")
        callback = _approve(show, authorize_url, "code")
        show.hide(callback["code"], short=True)
        if callback.get("state") != state:
            raise DemoError("the state sent back is not the one sent")
    with show.step("Trade the code for an access token"):
        show.code(
            "data = {'code': code, 'grant_type': 'authorization_code',",
            "        'redirect_uri': redirect_uri}",
            "session = service.get_auth_session(data=data, decoder=json.loads)",
        )
        data = {"code": callback["code"], "grant_type": "authorization_code"}
        session = service.get_auth_session(
            data={**data, "redirect_uri": redirect_uri}, decoder=json.loads
        )
        show.hide(session.access_token, short=True)
        show.exchange(session.access_token_response)
    with session:
        with show.step("GET with the Bearer token"):
            show.code("session.get('echo', params={'format': 'json'})")
            user = _call(show, session.get("echo", params={"format": "json"}))
        with show.step("POST JSON with the Bearer token"):
            show.code(f"session.post('echo', json={{'status': {STATUS!r}}})")
            _call(show, session.post("echo", json={"status": STATUS}))
    return user


def ofly_flow(provider: Provider, show: Printer) -> str:
    """Ofly: a signed authorize URL, then signed calls for the user id.

    :rtype: str
    :returns: Who the provider saw making the signed call.
    """
    from rauth.testing import DEFAULT_OFLY_APP_ID, DEFAULT_OFLY_APP_SECRET

    service = OflyService(
        app_id=DEFAULT_OFLY_APP_ID,
        app_secret=DEFAULT_OFLY_APP_SECRET,
        authorize_url=provider.ofly_authorize_url,
        base_url=provider.base_url,
    )
    show.hide(service.app_secret)
    show.flow("Ofly", f"app id {service.app_id}, app secret ***; SHA1 signatures in the query")
    show.code(
        "from rauth import OflyService",
        f"service = OflyService(app_id={service.app_id!r}, app_secret='***',",
        f"    authorize_url={provider.ofly_authorize_url!r},",
        f"    base_url={provider.base_url!r})",
    )
    with show.step("Build the signed authorize URL to send the user to"):
        show.code(
            "authorize_url = service.get_authorize_url(",
            f"    oflyCallbackUrl={provider.callback_url!r})",
        )
        authorize_url = service.get_authorize_url(oflyCallbackUrl=provider.callback_url)
        show.wire(_mask_url(authorize_url))
    with show.step(f"{provider.user} approves; the provider redirects with the user id"):
        show.note("the user's browser opens authorize_url; back comes oflyUserid")
        user_id = _approve(show, authorize_url, "oflyUserid")["oflyUserid"]
    session = service.get_auth_session(user_id)
    with session, show.step(f"Signed GET for oflyUserid={user_id}"):
        show.code(
            f"session = service.get_auth_session({user_id!r})",
            "session.get('echo', params={'format': 'json'})",
        )
        return _call(show, session.get("echo", params={"format": "json"}))


def _hide_tokens(show: Printer, token: Mapping[str, Any] | None) -> None:
    """Print the access token of ``token`` shortened only, its refresh token
    (long-lived, a secret) never."""
    show.hide((token or {}).get("access_token"), short=True)
    show.hide((token or {}).get("refresh_token"))


def _authorization_request(show: Printer, service: OAuth2Service, scope: str) -> Any:
    """Start an authorization request, its secrets masked from now on."""
    show.code(f"request = service.authorization_request(scope={scope!r})")
    request = service.authorization_request(scope=scope)
    show.hide(request.code_verifier)
    show.hide(request.state, short=True)
    show.hide(request.nonce, short=True)
    show.hide(dict(parse_qsl(urlsplit(request.url).query))["code_challenge"], short=True)
    show.wire(_mask_url(request.url))
    return request


def _login(
    provider: Provider, show: Printer, service: OAuth2Service, request: Any, title: str
) -> OAuth2Session:
    """The user approves ``request``; its callback becomes a session."""
    with show.step(f"{provider.user} approves; the provider redirects with a code"):
        show.note("the user's browser opens request.url; back comes the callback URL")
        answer = requests.get(request.url, allow_redirects=False, timeout=TIMEOUT)
        callback = _checked(answer).headers["Location"]
        show.hide(dict(parse_qsl(urlsplit(callback).query)).get("code"), short=True)
        show.exchange(answer)
    with show.step(title):
        show.code("session = service.get_auth_session_from_callback(callback_url, request)")
        session = service.get_auth_session_from_callback(callback, request, timeout=TIMEOUT)
        _hide_tokens(show, session.token)
        show.hide(session.token.get("id_token") if session.token else None)
        show.exchange(session.access_token_response)
    return session


def oauth2_pkce_flow(provider: Provider, show: Printer) -> str:
    """OAuth 2.0 with PKCE and state, then a refresh after the provider
    expires the token, then revocation.

    :rtype: str
    :returns: Who the provider saw making the Bearer calls.
    """
    from rauth.testing import DEFAULT_PUBLIC_CLIENT_ID

    kwargs = provider.oauth2_service_kwargs(DEFAULT_PUBLIC_CLIENT_ID)
    service = OAuth2Service(**kwargs, redirect_uri=provider.callback_url)
    show.flow("OAuth 2.0 + PKCE", f"public client {service.client_id}, no secret; S256, state")
    show.code(
        "from rauth import OAuth2Service",
        f"service = OAuth2Service({service.client_id!r}, None,",
        f"    authorize_url={provider.oauth2_authorize_url!r},",
        f"    access_token_url={provider.oauth2_access_token_url!r},",
        f"    revocation_url={kwargs.get('revocation_url')!r},",
        f"    base_url={provider.base_url!r},",
        f"    redirect_uri={provider.callback_url!r},",
        "    token_endpoint_auth_method='none')",
    )
    with show.step("Start an authorization request with state and a PKCE challenge"):
        request = _authorization_request(show, service, "profile")
    session = _login(
        provider,
        show,
        service,
        request,
        "Check the state; trade the code and the PKCE verifier for a token",
    )
    session.token_updater = lambda token: _hide_tokens(show, token)
    with session:
        with show.step("GET with the Bearer token"):
            show.code("session.get('echo')")
            _call(show, session.get("echo", timeout=TIMEOUT))
        with show.step("The provider expires the token: one refresh, then the GET again"):
            show.code("session.get('echo')  # 401 invalid_token: refreshed, sent again")
            provider.expire_tokens()
            user = _call(show, session.get("echo", timeout=TIMEOUT))
        with show.step("Revoke the refresh token (RFC 7009)"):
            show.code("service.revoke_token(session.token, 'refresh_token')")
            show.exchange(service.revoke_token(session.token, "refresh_token", timeout=TIMEOUT))
    return user


def openid_flow(provider: Provider, show: Printer) -> str:
    """OpenID Connect: configured from discovery, a login whose id_token is
    validated against the provider's keys, then userinfo.

    :rtype: str
    :returns: Who logged in (the id_token's ``sub``).
    """
    from rauth.testing import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

    show.flow("OpenID Connect", f"client {DEFAULT_CLIENT_ID}, configured from discovery")
    show.hide(DEFAULT_CLIENT_SECRET)
    with show.step("Read the provider's discovery document"):
        show.code(
            "service = OAuth2Service.from_metadata(",
            f"    {provider.openid_configuration_url!r},",
            f"    {DEFAULT_CLIENT_ID!r}, client_secret, redirect_uri=...)",
        )
        service = OAuth2Service.from_metadata(
            provider.openid_configuration_url,
            DEFAULT_CLIENT_ID,
            DEFAULT_CLIENT_SECRET,
            redirect_uri=provider.callback_url,
        )
        show.note(f"issuer {service.issuer}; jwks_uri {service.jwks_uri}")
    with show.step("Start a login with scope openid: state, nonce and PKCE"):
        request = _authorization_request(show, service, "openid profile")
    session = _login(
        provider,
        show,
        service,
        request,
        "Trade the code; validate the id_token with the provider's keys",
    )
    claims = session.id_token_claims or {}
    show.note(f"id_token: sub {claims.get('sub')!r}, iss {claims.get('iss')!r}, nonce ok")
    with session, show.step("Ask the UserInfo endpoint with the Bearer token"):
        show.code("session.userinfo()")
        info = session.userinfo(timeout=TIMEOUT)
        show.note(f"userinfo: {info}")
    return str(claims.get("sub"))


#: The flows by name, in the order ``all`` runs them.
FLOWS: Mapping[str, Callable[[Provider, Printer], str]] = MappingProxyType(
    {
        "oauth1": oauth1_flow,
        "oauth2": oauth2_flow,
        "ofly": ofly_flow,
        "oauth2-pkce": oauth2_pkce_flow,
        "openid": openid_flow,
    }
)


def run(provider: Provider, flows: Sequence[str], show: Printer) -> None:
    """Run the named flows against a running provider.

    :param provider: The provider.
    :type provider: rauth.testing.Provider
    :param flows: Names from :data:`FLOWS`.
    :type flows: list
    :param show: Where the steps are printed.
    :type show: Printer
    :raises DemoError: At the first step that fails.
    """
    show.say(f"rauth {__version__} against rauth.testing.Provider at {provider.url}")
    show.say("Secrets print as ***; tokens, codes, nonces, signatures as abcd…")
    show.say(">>> is the rauth call of a step; -> what it sent, <- what came back.")
    for name in flows:
        user = FLOWS[name](provider, show)
        show.say(f"{name}: ok, the provider saw {user} in every signed call", always=True)
    show.say(f"Done: {', '.join(flows)} worked.", always=True)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m rauth.demo",
        description="Run rauth's OAuth flows against an embedded provider on 127.0.0.1.",
    )
    parser.add_argument("--flow", choices=[*FLOWS, "all"], default="all")
    parser.add_argument("--quiet", action="store_true", help="print one line per flow")
    parser.add_argument("--step", action="store_true", help="wait for Enter before each step")
    parser.add_argument(
        "--width", type=int, help="wrap to this many columns (default: the terminal's width)"
    )
    return parser.parse_args(argv)


def _start_provider(show: Printer) -> Provider | None:
    """Start the embedded provider, or say why it cannot start."""
    try:
        from rauth.testing import Provider
    except ImportError as exc:
        cause = exc.__cause__ or exc
        show.error(f"rauth.demo needs oauthlib for its provider: {INSTALL_HINT} ({cause})")
        return None
    try:
        return Provider(lifetime=PROVIDER_LIFETIME).start()
    except OSError as exc:
        show.error(f"rauth.demo could not serve its provider on 127.0.0.1: {exc}")
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo; return the exit status.

    :param argv: Command-line arguments, defaults to ``sys.argv[1:]``.
    :type argv: list
    :returns: 0 if every flow worked, 1 if one failed, 2 if the provider
        could not start.
    :rtype: int
    """
    args = _parse_args(argv)
    width = args.width or shutil.get_terminal_size().columns
    pause = sys.stdin if args.step else None
    show = Printer(sys.stdout, sys.stderr, quiet=args.quiet, width=width, pause=pause)
    provider = _start_provider(show)
    if provider is None:
        return 2
    try:
        run(provider, list(FLOWS) if args.flow == "all" else [args.flow], show)
    except DemoError as exc:
        show.error(f"rauth.demo failed: {exc}")
        return 1
    except BrokenPipeError:  # the reader left, as in: python -m rauth.demo | head
        # what is still buffered goes nowhere, instead of failing again at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        provider.stop()
    return 0


if __name__ == "__main__":  # pragma: no cover - python -m rauth.demo
    sys.exit(main())
