"""
rauth.testing.ofly
------------------

The Ofly (Shutterfly) provider: checks ``oflyApiSig`` on signed requests.

The scheme, as rauth 0.7's ``OflySession.sign`` produces it: the query
carries ``oflyAppId``, ``oflyHashMeth`` (``SHA1`` or ``MD5``),
``oflyTimestamp`` (UTC ``%Y-%m-%dT%H:%M:%S.<millis>Z``, millis unpadded),
``oflyApiSig`` and the request's own parameters, ``oflyUserid`` among them.
The signature is the hex digest of::

    app_secret + url_path + '?'
    + sorted 'k=v' of the request's parameters joined by '&' + '&'  (if any)
    + sorted 'k=v' of oflyAppId, oflyHashMeth, oflyTimestamp joined by '&'

rauth sends the parameters unencoded and ``requests`` then percent-encodes
only what may not appear in a URL, so the provider accepts a signature
computed over the values as sent, percent-decoded, or form-decoded.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from types import MappingProxyType
from urllib.parse import unquote, unquote_plus, urlencode, urlsplit

from rauth.testing.messages import (
    AuthFailure,
    HttpRequest,
    HttpResponse,
    Identity,
    error_response,
    form_response,
    redirect_response,
)
from rauth.testing.store import OflyApp, Store

__all__ = [
    "CALLBACK_PARAM",
    "HASH_METHODS",
    "SIGNATURE_PARAM",
    "SIGNED_OFLY_PARAMS",
    "USER_PARAM",
    "OflyEndpoints",
    "parse_timestamp",
    "sign",
    "signature_base_string",
    "split_query",
    "verify_signature",
]

#: The Ofly parameters signed after the request's own parameters.
SIGNED_OFLY_PARAMS = ("oflyAppId", "oflyHashMeth", "oflyTimestamp")
#: The parameter carrying the signature.
SIGNATURE_PARAM = "oflyApiSig"
#: The parameter naming the user; signed with the request's parameters.
USER_PARAM = "oflyUserid"
#: Where the authorize endpoint sends the user back to.
CALLBACK_PARAM = "oflyCallbackUrl"
#: ``oflyHashMeth`` values and the :mod:`hashlib` names of their digests.
HASH_METHODS: Mapping[str, str] = MappingProxyType({"SHA1": "sha1", "MD5": "md5"})
_DECODERS: tuple[Callable[[str], str], ...] = (str, unquote, unquote_plus)
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
_BAD_SIGNATURE = (
    "oflyApiSig does not match: check the app secret, the path and the parameters signed"
)


def split_query(query: str) -> list[tuple[str, str]]:
    """Split a raw query string into pairs, decoding nothing.

    :param query: The query as sent, without ``?``.
    :type query: str
    :rtype: list
    """
    return [_split_pair(part) for part in query.split("&") if part]


def _split_pair(part: str) -> tuple[str, str]:
    key, _, value = part.partition("=")
    return key, value


def _sorted_params(params: Mapping[str, str]) -> str:
    return "&".join(f"{key}={params[key]}" for key in sorted(params))


def signature_base_string(
    app_secret: str, path: str, params: Mapping[str, str], ofly_params: Mapping[str, str]
) -> str:
    """Build the string whose digest is ``oflyApiSig``.

    :param app_secret: The app's shared secret.
    :type app_secret: str
    :param path: The URL path requested.
    :type path: str
    :param params: The request's parameters, ``oflyUserid`` included.
    :type params: dict
    :param ofly_params: ``oflyAppId``, ``oflyHashMeth`` and ``oflyTimestamp``.
    :type ofly_params: dict
    :rtype: str
    """
    base = app_secret + path + "?"
    if params:
        base += _sorted_params(params) + "&"
    return base + _sorted_params(ofly_params)


def sign(hash_meth: str, base_string: str) -> str:
    """Return the hex digest of *base_string* with ``SHA1`` or ``MD5``.

    :param hash_meth: The ``oflyHashMeth`` value (any case).
    :type hash_meth: str
    :param base_string: The signature base string.
    :type base_string: str
    :raises KeyError: For another hash method.
    :rtype: str
    """
    digest = hashlib.new(HASH_METHODS[hash_meth.upper()], base_string.encode("utf-8"))
    return digest.hexdigest()


def parse_timestamp(value: str) -> float:
    """Parse an ``oflyTimestamp`` into seconds since the epoch.

    The milliseconds are written unpadded: ``.5Z`` is 5 ms, not 500 ms.

    :param value: E.g. ``"2013-02-13T16:13:59.5Z"``.
    :type value: str
    :raises ValueError: If it is not in that format.
    :rtype: float
    """
    if not value.endswith("Z"):
        raise ValueError("oflyTimestamp must end with Z")
    stamp, dot, millis = value[:-1].partition(".")
    if dot and not (millis.isdigit() and len(millis) <= 3):
        raise ValueError("oflyTimestamp milliseconds must be 1 to 3 digits")
    moment = datetime.strptime(stamp, _TIME_FORMAT).replace(tzinfo=timezone.utc)
    return moment.timestamp() + (int(millis) / 1000 if dot else 0.0)


def _expected_signature(app_secret: str, path: str, params: Mapping[str, str]) -> str:
    """Sign decoded *params* as the client should have."""
    own = {k: v for k, v in params.items() if k not in SIGNED_OFLY_PARAMS}
    own.pop(SIGNATURE_PARAM, None)
    ofly = {k: params[k] for k in SIGNED_OFLY_PARAMS}
    base = signature_base_string(app_secret, path, own, ofly)
    return sign(params["oflyHashMeth"], base)


def verify_signature(app_secret: str, path: str, pairs: Sequence[tuple[str, str]]) -> bool:
    """Check ``oflyApiSig`` in the raw query *pairs* of a request to *path*.

    :param app_secret: The app's shared secret.
    :type app_secret: str
    :param path: The path as sent.
    :type path: str
    :param pairs: The raw query pairs, see :func:`split_query`.
    :type pairs: list
    :rtype: bool
    """
    for decode in _DECODERS:
        params = {decode(key): decode(value) for key, value in pairs}
        received = params.get(SIGNATURE_PARAM, "").lower().encode("ascii", "replace")
        for candidate_path in {path, unquote(path)}:
            try:
                expected = _expected_signature(app_secret, candidate_path, params)
            except KeyError:  # a decoding that mangles a parameter name
                continue
            if hmac.compare_digest(expected.encode("ascii"), received):
                return True
    return False


class OflyEndpoints:
    """The provider's Ofly endpoints.

    :param store: Registrations and grants.
    :type store: rauth.testing.store.Store
    :param clock: Returns the current time, for ``oflyTimestamp`` checks.
    :type clock: callable
    :param timestamp_lifetime: Accepted clock skew in seconds.
    :type timestamp_lifetime: int
    """

    def __init__(self, store: Store, clock: Callable[[], float], timestamp_lifetime: int) -> None:
        self._store = store
        self._clock = clock
        self._timestamp_lifetime = timestamp_lifetime

    def verify(self, request: HttpRequest) -> Identity:
        """Authenticate an Ofly-signed request to a protected resource.

        :param request: The signed request.
        :type request: rauth.testing.messages.HttpRequest
        :raises rauth.testing.messages.AuthFailure: If it is not valid.
        :rtype: rauth.testing.messages.Identity
        """
        app, params = self._check(request)
        user = params.get(USER_PARAM)
        if not user:
            raise AuthFailure("missing oflyUserid", error="invalid_request")
        if (app.app_id, user) not in self._store.ofly_grants:
            raise AuthFailure("user has not authorized this app", error="invalid_token")
        names = (*SIGNED_OFLY_PARAMS, SIGNATURE_PARAM, USER_PARAM)
        return Identity("ofly", user, app.app_id, (), {k: params[k] for k in names})

    def authorize(self, request: HttpRequest, user: str, approve: bool) -> HttpResponse:
        """Let *user* approve a signed authorize request.

        Redirects to ``oflyCallbackUrl`` with ``oflyUserid`` (or
        ``error=access_denied``), or answers ``oflyUserid`` form-encoded.

        :param request: The signed request.
        :type request: rauth.testing.messages.HttpRequest
        :param user: The approving user.
        :type user: str
        :param approve: ``False`` to simulate the user denying access.
        :type approve: bool
        :rtype: rauth.testing.messages.HttpResponse
        """
        try:
            app, params = self._check(request)
        except AuthFailure as failure:
            return error_response(failure)
        result = (
            {USER_PARAM: self.approve(app.app_id, user)} if approve else {"error": "access_denied"}
        )
        callback = params.get(CALLBACK_PARAM)
        if callback:
            separator = "&" if urlsplit(callback).query else "?"
            return redirect_response(callback + separator + urlencode(result))
        return form_response(result, 200 if approve else 403)

    def approve(self, app_id: str, user: str) -> str:
        """Record that *user* authorized the app; return the ``oflyUserid``.

        :param app_id: The ``oflyAppId``.
        :type app_id: str
        :param user: The user's name.
        :type user: str
        :raises ValueError: If the app is not registered.
        :rtype: str
        """
        if app_id not in self._store.ofly_apps:
            raise ValueError("unknown Ofly app id")
        self._store.ofly_grants.add((app_id, user))
        return user

    def _check(self, request: HttpRequest) -> tuple[OflyApp, dict[str, str]]:
        """Verify a request's Ofly signature; return the app and params."""
        pairs = split_query(request.query)
        params = {unquote(key): unquote(value) for key, value in pairs}
        if len(params) != len(pairs):
            raise AuthFailure("duplicate query parameter", status=400)
        missing = [k for k in (*SIGNED_OFLY_PARAMS, SIGNATURE_PARAM) if k not in params]
        if missing:
            raise AuthFailure("missing " + ", ".join(missing), status=400)
        app = self._app(params["oflyAppId"])
        if params["oflyHashMeth"].upper() not in HASH_METHODS:
            raise AuthFailure("oflyHashMeth must be SHA1 or MD5", status=400)
        self._check_timestamp(params["oflyTimestamp"])
        if not verify_signature(app.app_secret, request.path, pairs):
            raise AuthFailure(_BAD_SIGNATURE, error="invalid_signature")
        return app, params

    def _app(self, app_id: str) -> OflyApp:
        app = self._store.ofly_apps.get(app_id)
        if app is None:
            raise AuthFailure("unknown oflyAppId", error="invalid_client")
        return app

    def _check_timestamp(self, value: str) -> None:
        try:
            skew = abs(self._clock() - parse_timestamp(value))
        except ValueError as exc:
            raise AuthFailure(str(exc), status=400) from None
        if skew > self._timestamp_lifetime:
            raise AuthFailure(
                "oflyTimestamp too far from the provider's clock", error="invalid_timestamp"
            )
