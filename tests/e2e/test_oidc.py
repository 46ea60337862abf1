"""OpenID Connect against the provider: the id_token validated before a
session is returned (each bad id_token the provider can issue is refused),
the JWKS cache across a key rotation and many threads, userinfo, and the
RFC 9207 ``iss`` of the authorization response. Test names carry the
OpenID Foundation RP conformance ids they cover (docs/guide/conformance)."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

import rauth.oidc
from rauth import OAuth2Service
from rauth.errors import IdTokenError, IssuerMismatchError, MissingDependencyError
from rauth.oidc import id_token_hash
from rauth.testing import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Provider
from rauth.testing.openid import ID_TOKEN_MODES

from .helpers import TIMEOUT

jwt = pytest.importorskip("jwt", reason="OpenID Connect needs PyJWT, from rauth[jwt]")

REDIRECT_URI = "http://client.example/callback"
#: OpenID Connect Core 1.0 section A.4 / oauthlib's docstring: a code and
#: its c_hash for RS256.
CORE_CODE = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
CORE_C_HASH = "LDktKdoQak3Pk0cnXxCltA"


def _service(provider: Provider, **kwargs: object) -> OAuth2Service:
    return OAuth2Service.from_metadata(
        provider.openid_configuration_url,
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        redirect_uri=REDIRECT_URI,
        **kwargs,
    )


def _callback(url: str) -> str:
    response = requests.get(url, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302, response.text
    location: str = response.headers["Location"]
    return location


def _login(service: OAuth2Service, scope: str = "openid profile") -> rauth.OAuth2Session:
    request = service.authorization_request(scope=scope)
    return service.get_auth_session_from_callback(_callback(request.url), request)


def test_c_hash_vector() -> None:
    assert id_token_hash(CORE_CODE, "RS256") == CORE_C_HASH


def test_rp_response_type_code_and_rp_id_token_sig_rs256(oauth_provider: Provider) -> None:
    service = _service(oauth_provider)
    request = service.authorization_request(scope="openid profile")
    assert request.nonce

    session = service.get_auth_session_from_callback(_callback(request.url), request)

    claims = session.id_token_claims
    assert claims is not None
    assert claims["sub"] == "alice"
    assert claims["iss"] == oauth_provider.issuer
    assert claims["aud"] == DEFAULT_CLIENT_ID
    assert claims["nonce"] == request.nonce
    assert session.get(oauth_provider.me_url).json()["user"] == "alice"


def test_without_openid_no_id_token_is_asked(oauth_provider: Provider) -> None:
    session = _login(_service(oauth_provider), scope="read")
    assert session.id_token_claims is None


REFUSED = {
    "wrong_aud": "aud",  # rp-id_token-aud
    "wrong_iss": "iss",  # rp-id_token-issuer-mismatch
    "wrong_nonce": "nonce",  # rp-nonce-invalid
    "no_nonce": "nonce",
    "expired": "exp",
    "future_iat": "iat",
    "missing_sub": "sub",  # rp-id_token-sub
    "missing_iat": "iat",  # rp-id_token-iat
    "alg_none": "alg",  # rp-id_token-sig-none
    "unknown_kid": "kid",
    "bad_signature": "signature",  # rp-id_token-bad-sig-rs256
    "hs256_public_key": "alg",
    "wrong_at_hash": "at_hash",
    "wrong_c_hash": "c_hash",
    "several_aud_no_azp": "azp",
    "omitted": "id_token",
}


def test_every_bad_mode_is_covered() -> None:
    assert set(REFUSED) == set(ID_TOKEN_MODES) - {"valid", "kid_absent"}


@pytest.mark.parametrize("mode", sorted(REFUSED))
def test_bad_id_token_is_refused(oauth_provider: Provider, mode: str) -> None:
    service = _service(oauth_provider)
    oauth_provider.openid.id_token_mode = mode

    with pytest.raises(IdTokenError) as raised:
        _login(service)

    assert raised.value.claim == REFUSED[mode]
    assert raised.value.error == "invalid_id_token"
    assert DEFAULT_CLIENT_SECRET not in str(raised.value)


def test_rp_id_token_kid_absent_single_jwks(oauth_provider: Provider) -> None:
    oauth_provider.openid.id_token_mode = "kid_absent"
    assert _login(_service(oauth_provider)).id_token_claims is not None


def test_rp_id_token_kid_absent_multiple_jwks(oauth_provider: Provider) -> None:
    oauth_provider.openid.rotate_keys(keep_old=True)
    oauth_provider.openid.id_token_mode = "kid_absent"
    with pytest.raises(IdTokenError, match="several keys") as raised:
        _login(_service(oauth_provider))
    assert raised.value.claim == "kid"


def test_rp_key_rotation_op_sign_key(oauth_provider: Provider) -> None:
    service = _service(oauth_provider)
    assert _login(service).id_token_claims is not None
    assert oauth_provider.openid.jwks_fetches == 1
    assert _login(service).id_token_claims is not None
    assert oauth_provider.openid.jwks_fetches == 1  # cached, not fetched per login

    oauth_provider.openid.rotate_keys()  # the old key is gone at once

    assert _login(service).id_token_claims is not None  # no failed login
    assert oauth_provider.openid.jwks_fetches == 2


def test_unknown_kids_are_rate_limited(
    oauth_provider: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1_800_000_000.0]
    monkeypatch.setattr(rauth.oidc, "time", type("Clock", (), {"time": lambda: now[0]}))
    service = _service(oauth_provider)
    oauth_provider.openid.id_token_lifetime = 10**9  # the clock above is in the future
    _login(service)
    oauth_provider.openid.id_token_mode = "unknown_kid"
    for _ in range(5):
        with pytest.raises(IdTokenError):
            _login(service)
    assert oauth_provider.openid.jwks_fetches == 2  # one refetch, then none

    now[0] += rauth.oidc.JWKS_REFETCH_INTERVAL
    with pytest.raises(IdTokenError):
        _login(service)
    assert oauth_provider.openid.jwks_fetches == 3


def test_sixteen_threads_share_one_jwks_fetch_across_a_rotation(
    oauth_provider: Provider,
) -> None:
    service = _service(oauth_provider)
    _login(service)
    oauth_provider.openid.rotate_keys()
    requests_ = [service.authorization_request(scope="openid") for _ in range(16)]
    callbacks = [_callback(request.url) for request in requests_]
    barrier = threading.Barrier(16, timeout=30)

    def login(i: int) -> str:
        barrier.wait()
        session = service.get_auth_session_from_callback(callbacks[i], requests_[i])
        return str((session.id_token_claims or {}).get("sub"))

    with ThreadPoolExecutor(16) as pool:
        subs = list(pool.map(login, range(16)))

    assert subs == ["alice"] * 16
    assert oauth_provider.openid.jwks_fetches == 2


def test_rp_userinfo_bearer_header(oauth_provider: Provider) -> None:
    session = _login(_service(oauth_provider))
    info = session.userinfo()
    assert info["sub"] == "alice"
    assert info["preferred_username"] == "alice"


def test_rp_userinfo_bad_sub_claim(oauth_provider: Provider) -> None:
    session = _login(_service(oauth_provider))
    oauth_provider.openid.userinfo_mode = "bad_sub"
    with pytest.raises(IdTokenError, match="sub") as raised:
        session.userinfo()
    assert raised.value.claim == "sub"


def test_rp_discovery_jwks_uri_keys(oauth_provider: Provider) -> None:
    service = _service(oauth_provider)
    cache = rauth.oidc.JwksCache(str(service.jwks_uri))
    (key,) = cache.keys()
    assert key["kid"] == oauth_provider.openid.signing_key().kid
    assert _login(service).id_token_claims is not None


def test_rfc9207_iss_in_the_authorization_response(oauth_provider: Provider) -> None:
    oauth_provider.openid.iss_parameter = True
    service = _service(oauth_provider)
    assert _login(service).id_token_claims is not None

    oauth_provider.openid.iss_parameter_override = "http://127.0.0.1:1/mix-up"
    with pytest.raises(IssuerMismatchError, match="mix-up"):
        _login(service)
    assert [r.grant_type for r in oauth_provider.token_requests] == ["authorization_code"]


def test_rfc9207_iss_missing_when_promised(oauth_provider: Provider) -> None:
    oauth_provider.openid.iss_parameter = True
    service = _service(oauth_provider)
    oauth_provider.openid.iss_parameter = False  # promised, then not sent
    with pytest.raises(IssuerMismatchError, match="has no iss"):
        _login(service)


def test_without_pyjwt_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # the provider runs in this process and needs PyJWT: no HTTP here
    monkeypatch.setitem(sys.modules, "jwt", None)  # as if PyJWT were not installed
    with pytest.raises(MissingDependencyError, match=r"rauth\[jwt\]"):
        rauth.oidc.validate_id_token("a.b.c", issuer="http://127.0.0.1", client_id="c", jwks=None)


def test_refresh_validates_the_new_id_token(oauth_provider: Provider) -> None:
    session = _login(_service(oauth_provider))
    first = session.id_token_claims
    assert first is not None
    assert session.token is not None
    assert session.token.refresh_token

    session.refresh()

    assert session.id_token_claims is not first
    assert session.id_token_claims is not None
    assert session.id_token_claims["sub"] == first["sub"]
    assert "nonce" not in session.id_token_claims  # Core 12.2: none on refresh


@pytest.mark.parametrize("mode", ["wrong_iss", "bad_signature", "wrong_aud"])
def test_refresh_with_a_bad_id_token_keeps_the_old_token(
    oauth_provider: Provider, mode: str
) -> None:
    session = _login(_service(oauth_provider))
    before, claims = session.token, session.id_token_claims
    oauth_provider.openid.id_token_mode = mode

    with pytest.raises(IdTokenError):
        session.refresh()

    assert session.token is before
    assert session.id_token_claims is claims
