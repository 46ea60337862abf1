"""Authorization requests with state and PKCE, and their callbacks, against
the provider: the user agent follows the authorize URL over HTTP, the
client reads the redirect it is sent back to."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from rauth import AuthorizationRequest, OAuth2Error, OAuth2Service
from rauth.authorization import code_challenge
from rauth.errors import StateMismatchError
from rauth.testing import DEFAULT_PUBLIC_CLIENT_ID, Provider

from .helpers import TIMEOUT

REDIRECT_URI = "http://client.example/callback"

#: RFC 7636 Appendix B: a code verifier and its S256 code challenge.
RFC7636_CODE_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
RFC7636_CODE_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def _visit(url: str, **query: str) -> str:
    """Follow the authorize URL as the user's browser; return the URL the
    provider redirects back to."""
    response = requests.get(url, params=query, allow_redirects=False, timeout=TIMEOUT)
    assert response.status_code == 302, response.text
    location: str = response.headers["Location"]
    return location


@pytest.fixture
def public(oauth_provider: Provider) -> OAuth2Service:
    """The provider's public client: no secret, PKCE required."""
    kwargs = oauth_provider.oauth2_service_kwargs(DEFAULT_PUBLIC_CLIENT_ID)
    return OAuth2Service(**kwargs, redirect_uri=REDIRECT_URI, scope="read")


@pytest.fixture
def confidential(oauth_provider: Provider) -> OAuth2Service:
    return OAuth2Service(**oauth_provider.oauth2_service_kwargs(), redirect_uri=REDIRECT_URI)


def test_rfc_7636_vector() -> None:
    assert code_challenge(RFC7636_CODE_VERIFIER) == RFC7636_CODE_CHALLENGE
    assert code_challenge(RFC7636_CODE_VERIFIER, "plain") == RFC7636_CODE_VERIFIER
    with pytest.raises(ValueError, match="code_challenge_method"):
        code_challenge(RFC7636_CODE_VERIFIER, "S512")


def test_pkce_login_of_a_public_client(oauth_provider: Provider, public: OAuth2Service) -> None:
    request = public.authorization_request()
    query = dict(parse_qsl(urlsplit(request.url).query))
    assert query["response_type"] == "code"
    assert query["client_id"] == DEFAULT_PUBLIC_CLIENT_ID
    assert query["redirect_uri"] == REDIRECT_URI
    assert query["scope"] == "read"
    assert query["state"] == request.state
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"] == code_challenge(request.code_verifier or "")
    assert "nonce" not in query
    assert len(request.state or "") >= 32
    assert 43 <= len(request.code_verifier or "") <= 128
    assert request.code_verifier not in repr(request)

    # the web app keeps the request in its session, as JSON
    kept = json.loads(json.dumps(request.to_dict()))
    callback = _visit(request.url)
    assert callback.startswith(REDIRECT_URI + "?")

    session = public.get_auth_session_from_callback(callback, AuthorizationRequest.from_dict(kept))

    assert session.token is not None
    assert session.token.refresh_token
    me = session.get("me").json()
    assert (me["user"], me["client"], me["scopes"]) == ("alice", DEFAULT_PUBLIC_CLIENT_ID, ["read"])
    assert [(r.grant_type, r.client_auth) for r in oauth_provider.token_requests] == [
        ("authorization_code", "none")
    ]


@pytest.mark.parametrize("method", ["S256", "plain"])
def test_pkce_methods_with_a_confidential_client(confidential: OAuth2Service, method: str) -> None:
    request = confidential.authorization_request(
        scope=["read", "write"], code_challenge_method=method
    )
    session = confidential.get_auth_session_from_callback(_visit(request.url), request)
    assert session.get("me").json()["scopes"] == ["read", "write"]


def test_no_pkce_for_providers_that_refuse_it(confidential: OAuth2Service) -> None:
    request = confidential.authorization_request(code_challenge_method=None)
    assert request.code_verifier is None
    assert "code_challenge" not in request.url
    session = confidential.get_auth_session_from_callback(_visit(request.url), request)
    assert session.get("me").status_code == 200


def test_state_mismatch_is_refused_before_any_token_request(
    oauth_provider: Provider, public: OAuth2Service
) -> None:
    request = public.authorization_request()
    callback = _visit(public.authorization_request().url)  # another request's

    with pytest.raises(StateMismatchError) as raised:
        public.get_auth_session_from_callback(callback, request)

    assert isinstance(raised.value, OAuth2Error)
    assert isinstance(raised.value, ValueError)
    assert "state" in str(raised.value)
    assert oauth_provider.token_requests == []


def test_missing_state_is_refused(oauth_provider: Provider, public: OAuth2Service) -> None:
    request = public.authorization_request()
    code = dict(parse_qsl(urlsplit(_visit(request.url)).query))["code"]
    with pytest.raises(StateMismatchError):
        public.get_auth_session_from_callback(f"{REDIRECT_URI}?code={code}", request)
    assert oauth_provider.token_requests == []


def test_wrong_pkce_verifier_is_refused_by_the_provider(
    oauth_provider: Provider, public: OAuth2Service
) -> None:
    request = public.authorization_request()
    callback = _visit(request.url)
    request.code_verifier = RFC7636_CODE_VERIFIER  # not the one of the challenge

    with pytest.raises(OAuth2Error) as raised:
        public.get_auth_session_from_callback(callback, request)

    assert raised.value.error == "invalid_grant"
    assert RFC7636_CODE_VERIFIER not in str(raised.value)
    assert [r.status for r in oauth_provider.token_requests] == [400]


def test_denied_authorization_raises(oauth_provider: Provider, confidential: OAuth2Service) -> None:
    request = confidential.authorization_request()
    callback = _visit(request.url, approve="no")

    with pytest.raises(OAuth2Error) as raised:
        confidential.get_auth_session_from_callback(callback, request)

    assert raised.value.error == "access_denied"
    assert oauth_provider.token_requests == []


def test_callback_without_code(confidential: OAuth2Service) -> None:
    request = confidential.authorization_request(state="s")
    with pytest.raises(OAuth2Error, match="no code"):
        confidential.get_auth_session_from_callback(REDIRECT_URI + "?state=s", request)


def test_nonce_when_the_scope_has_openid(confidential: OAuth2Service) -> None:
    request = confidential.authorization_request(scope="openid read")
    assert request.nonce
    assert dict(parse_qsl(urlsplit(request.url).query))["nonce"] == request.nonce
    given = confidential.authorization_request(scope="read", nonce="n-1", state="st")
    assert (given.nonce, given.state) == ("n-1", "st")


def test_implicit_grant(oauth_provider: Provider) -> None:
    service = OAuth2Service(
        **oauth_provider.oauth2_service_kwargs(DEFAULT_PUBLIC_CLIENT_ID), redirect_uri=REDIRECT_URI
    )
    request = service.authorization_request(response_type="token", code_challenge_method=None)
    callback = _visit(request.url)
    assert "#" in callback

    session = service.get_auth_session_from_callback(callback, request)

    assert session.token is not None
    assert session.token.expires_at is not None
    assert "state" not in session.token
    assert session.get("me").json()["client"] == DEFAULT_PUBLIC_CLIENT_ID
    assert oauth_provider.token_requests == []


def test_authorization_request_round_trip_and_bad_dicts() -> None:
    request = AuthorizationRequest("http://x/a", "s", "v", "S256", None, REDIRECT_URI)
    assert AuthorizationRequest.from_dict(request.to_dict()) == request
    assert request != object()
    with pytest.raises(ValueError, match="to_dict"):
        AuthorizationRequest.from_dict({"state": "s"})


def test_callback_accepts_the_request_as_a_dict(confidential: OAuth2Service) -> None:
    request = confidential.authorization_request()
    session = confidential.get_auth_session_from_callback(_visit(request.url), request.to_dict())  # type: ignore[arg-type]
    assert session.get("me").status_code == 200


def test_callback_url_must_be_text(confidential: OAuth2Service) -> None:
    request = confidential.authorization_request()
    with pytest.raises(TypeError, match="callback_url"):
        confidential.get_auth_session_from_callback(b"http://x/?code=1", request)  # type: ignore[arg-type]
