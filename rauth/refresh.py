"""
rauth.refresh
-------------

Refresh coordination for :class:`~rauth.OAuth2Session` (RFC 6749 section 6):
the session's whole token, the refresh before a request when the token is
expired or about to be, and once after a ``401`` whose ``WWW-Authenticate``
says ``error="invalid_token"`` (RFC 6750 section 3.1).

Many threads may share one session: a refresh happens under the session's
lock, once per stale token. Threads that waited for it use its token, or
raise its error; a rotating refresh token is never spent twice, and a failed
refresh leaves the old token in place.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Mapping
from typing import Any, Callable

from requests import Response, Session

from rauth import limits, tokens
from rauth.errors import TokenExpiredError
from rauth.hooks import has_protected_hooks, protected_request
from rauth.oidc import refreshed_claims
from rauth.tokens import OAuth2Token, token_from_response

__all__ = ["DEFAULT_LEEWAY", "TokenHolder", "TokenUpdater"]

#: Seconds before its expiry at which a token is refreshed.
DEFAULT_LEEWAY = 60.0

#: ``token_updater(token)``: called with each new token, to store it.
TokenUpdater = Callable[[OAuth2Token], Any]

#: ``error="invalid_token"`` in a ``WWW-Authenticate`` challenge.
_INVALID_TOKEN = re.compile(r'error\s*=\s*"?invalid_token\b', re.IGNORECASE)


def as_token(token: Any) -> OAuth2Token | None:
    """Return ``token`` (a str, a mapping, an OAuth2Token or ``None``) as an
    :class:`~rauth.tokens.OAuth2Token`; a str becomes a Bearer token."""
    if token is None or isinstance(token, OAuth2Token):
        return token
    if isinstance(token, Mapping):
        if "access_token" not in token:
            raise ValueError(
                "a token dict needs an 'access_token': pass the token response "
                f"of your provider (its keys here: {sorted(map(str, token))})"
            )
        return OAuth2Token(token)
    return OAuth2Token({"access_token": token, "token_type": "Bearer"})


class _RefreshState:
    """The lock and outcome of a session's refreshes."""

    def __init__(self) -> None:
        self.lock = threading.RLock()  # a token_updater may call refresh()
        #: How many refreshes finished, successfully or not.
        self.finished = 0
        #: The error of the last refresh, ``None`` after a success.
        self.failure: BaseException | None = None


def _state(session: Any) -> _RefreshState:
    state: _RefreshState | None = session.__dict__.get("_refresh_state")
    if state is None:
        state = session.__dict__.setdefault("_refresh_state", _RefreshState())
    return state


def _token_url(session: Any) -> str | None:
    service = session.service
    return (
        session.refresh_token_url
        or getattr(service, "refresh_token_url", None)
        or getattr(service, "access_token_url", None)
    )


def missing_for_refresh(session: Any, token: OAuth2Token | None) -> str | None:
    """Say what the session lacks to refresh ``token``, or ``None``."""
    if session.token_renewer is not None:
        return None  # it gets a new token its own way (a new assertion)
    if token is None or not token.refresh_token:
        return "the token has no refresh_token (get a new token, e.g. log in again)"
    if _token_url(session) is None:
        return "no token URL (give the service an access_token_url or refresh_token_url)"
    if session.client_id is None and getattr(session.service, "client_id", None) is None:
        return "no client_id (create the session from its OAuth2Service)"
    return None


def _fetch(session: Any, token: OAuth2Token, kwargs: dict[str, Any]) -> OAuth2Token:
    """Send the refresh request; the service's client authentication and
    compliance hooks apply when the session has a service."""
    if session.token_renewer is not None:
        renewed: OAuth2Token = session.token_renewer()
        return renewed
    grant = getattr(session.service, "_refresh_grant", None)
    if grant is not None and session.refresh_token_url is None:
        new: OAuth2Token = grant(token.refresh_token, **kwargs)
        return new
    data = {"grant_type": "refresh_token", "refresh_token": token.refresh_token}
    data.update(kwargs.pop("data", None) or {})
    credentials = {"client_id": session.client_id, "client_secret": session.client_secret}
    data.update({name: value for name, value in credentials.items() if value is not None})
    kwargs.setdefault("timeout", 300.0)
    with limits.token_requests():  # its body is read bounded
        response = Session.request(session, "POST", _token_url(session) or "", data=data, **kwargs)
    return token_from_response(response)


def _kept(new: OAuth2Token, old: OAuth2Token) -> OAuth2Token:
    """RFC 6749 section 6: without a new refresh token, the old one stays."""
    if new.refresh_token or not old.refresh_token:
        return new
    return OAuth2Token({**new, "refresh_token": old.refresh_token})


def refresh_stale(session: Any, stale: OAuth2Token | None, **kwargs: Any) -> OAuth2Token:
    """Replace ``stale``, the session's token, with a refreshed one, once.

    A thread that finds the token already replaced uses the new one; one
    that waited for a refresh that failed raises its error.
    """
    state = _state(session)
    seen = state.finished
    with state.lock:
        current: OAuth2Token | None = session._token
        if current is not stale and current is not None:
            return current
        if state.finished != seen and state.failure is not None:
            raise copy.copy(state.failure)
        problem = missing_for_refresh(session, current)
        if problem is not None:
            raise TokenExpiredError(f"cannot refresh the access token: {problem}")
        try:
            new = _kept(_fetch(session, current, kwargs), current)  # type: ignore[arg-type]
            claims = refreshed_claims(session, new)  # OpenID Connect Core 12.2
        except BaseException as exc:
            state.failure = exc
            raise
        finally:
            state.finished += 1
        state.failure = None
        session.id_token_claims = claims
        session._token = new
        if session.token_updater is not None:
            session.token_updater(new)
    return new


def _leeway(leeway: float, token: OAuth2Token) -> float:
    """Return the leeway for ``token``: at most half its lifetime, so that a
    short-lived token (``expires_in`` below twice the leeway) is not
    refreshed before every request."""
    lifetime = token.get("expires_in")
    if isinstance(lifetime, (int, float)) and 0 < lifetime < 2 * leeway:
        return float(lifetime) / 2
    return leeway


#: The types of a leeway :func:`fresh_token` compares at once.
_SECONDS = (int, float)


def fresh_token(session: Any, token: OAuth2Token) -> OAuth2Token:
    """Return the token to send: ``token``, or a refreshed one when it is
    expired or within the session's ``leeway`` of it.

    :raises rauth.errors.TokenExpiredError: when it expired and cannot be refreshed.
    """
    expires_at, leeway = token.get("expires_at"), session.leeway
    # the float expiry an OAuth2Token keeps, beyond the session's leeway (at
    # least the token's): valid, after one reading of the clock
    if (
        type(expires_at) is float
        and type(leeway) in _SECONDS
        and expires_at - leeway > tokens.time()
    ):
        return token
    if not token.is_expired(_leeway(leeway, token)):
        return token
    problem = missing_for_refresh(session, token)
    if problem is None:
        return refresh_stale(session, token)
    if not token.is_expired():
        return token  # within the leeway: still usable
    raise TokenExpiredError(
        f"the access token expired and the session cannot refresh it: {problem}",
        error="invalid_token",
    )


def _resendable(req_kwargs: Mapping[str, Any]) -> bool:
    """Tell whether a request's body can be sent a second time."""
    data = req_kwargs.get("data")
    stream = data is not None and not isinstance(data, (str, bytes, Mapping, list, tuple))
    return not stream and not req_kwargs.get("files")


def should_retry(
    session: Any, response: Response, used: OAuth2Token | None, req_kwargs: Mapping[str, Any]
) -> bool:
    """After a 401: refresh and tell the caller to retry, when the provider
    said ``invalid_token`` and the session can refresh and resend."""
    challenge = response.headers.get("WWW-Authenticate", "")
    if not _INVALID_TOKEN.search(challenge) or not _resendable(req_kwargs):
        return False
    if missing_for_refresh(session, used) is not None:
        return False
    refresh_stale(session, used)
    return True


class TokenHolder:
    """The token part of :class:`~rauth.OAuth2Session`: :attr:`token`, kept
    in step with :attr:`access_token`, :meth:`refresh`, and the sending of a
    request with the token.

    ``OAuth2Session(..., *, token=None, token_updater=None, leeway=60.0,
    refresh_token_url=None)``: the whole token (a token dict or
    :class:`~rauth.OAuth2Token`, in place of ``access_token``), the function
    called with each refreshed token, the seconds before the expiry at which
    the token is refreshed, and the token URL for refreshes (defaults to the
    service's ``refresh_token_url`` or ``access_token_url``).
    """

    _token: OAuth2Token | None = None
    service: Any
    client_id: Any
    client_secret: Any
    _send: Callable[..., Response]

    #: Called with each refreshed token, to store it (not pickled).
    token_updater: TokenUpdater | None = None
    #: Seconds before its expiry at which the token is refreshed (at most
    #: half the token's ``expires_in``, for short-lived tokens).
    leeway: float = DEFAULT_LEEWAY
    #: The token URL for refreshes, defaults to the service's.
    refresh_token_url: str | None = None
    #: Gets a new token in place of a refresh, e.g. with a new JWT
    #: assertion (see :meth:`~rauth.OAuth2Service.get_assertion_session`);
    #: ``None`` to refresh with the refresh token (not pickled).
    token_renewer: Callable[[], OAuth2Token] | None = None

    def _init_token(
        self,
        token: Mapping[str, Any] | None,
        token_updater: TokenUpdater | None,
        leeway: float,
        refresh_token_url: str | None,
    ) -> None:
        if token is not None:
            self.token = token
        self.token_updater, self.leeway = token_updater, leeway
        self.refresh_token_url = refresh_token_url

    def _send_with_token(
        self, method: str, url: str, bearer_auth: bool, req_kwargs: dict[str, Any]
    ) -> Response:
        """Send a request with the token: refreshed first when it is (nearly)
        expired, and once more after a 401 ``invalid_token``."""
        token = self._token
        if token is not None and "expires_at" in token:
            token = fresh_token(self, token)
        send = self._send_hooked if has_protected_hooks(self.service) else self._send
        response = send(method, url, bearer_auth, req_kwargs, token)
        # a mocked requests.Session.request may return anything: getattr
        if getattr(response, "status_code", None) == 401 and should_retry(
            self, response, token, req_kwargs
        ):
            response = send(method, url, bearer_auth, req_kwargs, self._token)
        return response

    def _send_hooked(
        self, method: str, url: str, bearer_auth: bool, req_kwargs: dict[str, Any], token: Any
    ) -> Response:
        """Send the request with ``token``, after the service's
        ``protected_request`` hooks (run with that token, each time)."""
        if token is not None:
            url, req_kwargs = protected_request(self.service, url, req_kwargs, token)
        return self._send(method, url, bearer_auth, req_kwargs, token)

    @property
    def token(self) -> OAuth2Token | None:
        """The whole token, an :class:`~rauth.OAuth2Token`, or ``None``.

        Set it to a token dict (or an :class:`~rauth.OAuth2Token`) to
        replace the session's token.
        """
        return self._token

    @token.setter
    def token(self, token: Mapping[str, Any] | None) -> None:
        self._token = as_token(token)

    @property
    def access_token(self) -> Any:
        """The access token, as rauth 0.7 had it: ``token['access_token']``."""
        token = self._token
        return None if token is None else token.access_token

    @access_token.setter
    def access_token(self, access_token: Any) -> None:
        self._token = as_token(access_token)

    def refresh(self, **kwargs: Any) -> OAuth2Token:
        """Refresh the token now (RFC 6749 section 6) and return the new one.

        Refreshes also happen by themselves: before a request when the
        token is expired or within :attr:`leeway` seconds of it, and once
        after a ``401`` with ``error="invalid_token"``. Each new token is
        given to :attr:`token_updater`.

        :param \\*\\*kwargs: Optional arguments of the token request, e.g.
            ``data={'scope': 'read'}``.
        :raises rauth.errors.OAuth2Error: if the provider refuses; the old
            token stays.
        :raises rauth.errors.TokenExpiredError: if the session cannot
            refresh (no refresh token, token URL or client id).
        :rtype: OAuth2Token
        """
        return refresh_stale(self, self._token, **kwargs)
