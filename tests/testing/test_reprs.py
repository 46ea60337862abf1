"""Reprs of the provider's records and messages hold no secret value."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import parse_qsl

import pytest
import requests
from oauthlib.oauth1 import Client

from rauth.testing import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_CONSUMER_KEY,
    DEFAULT_CONSUMER_SECRET,
    DEFAULT_OFLY_APP_SECRET,
    Provider,
)
from rauth.testing import store as store_module
from rauth.testing.messages import HttpRequest, HttpResponse, Identity
from rauth.testing.store import (
    AccessToken,
    AuthorizationCode,
    BearerToken,
    OAuth1Consumer,
    OAuth2Client,
    OflyApp,
    RequestToken,
    Store,
    User,
)

#: Every value below that a repr must not show contains this.
HIDDEN = "hidden"

#: One instance of each record class, its secrets marked with :data:`HIDDEN`,
#: and a value its repr must still show (so the check is not vacuous).
RECORDS: list[tuple[Any, str]] = [
    (User("alice", password="hidden-password"), "alice"),
    (
        OAuth1Consumer(
            "consumer-key", "hidden-consumer-secret", "PUBLIC KEY PEM", ("http://cb.example/",)
        ),
        "consumer-key",
    ),
    (OAuth2Client("client-id", "hidden-client-secret", ("http://cb.example/",)), "client-id"),
    (OflyApp("ofly-app", "hidden-app-secret"), "ofly-app"),
    (
        RequestToken(
            token="hidden-request-token",
            secret="hidden-request-token-secret",
            client_key="consumer-key",
            callback="http://cb.example/",
            realms=("photos",),
            expires_at=1.0,
            user="alice",
            verifier="hidden-verifier",
        ),
        "consumer-key",
    ),
    (
        AccessToken(
            token="hidden-access-token",
            secret="hidden-access-token-secret",
            client_key="consumer-key",
            user="alice",
            realms=("photos",),
        ),
        "consumer-key",
    ),
    (
        AuthorizationCode(
            code="hidden-code",
            client_id="client-id",
            redirect_uri="http://cb.example/",
            user="alice",
            scopes=("read",),
            expires_at=1.0,
            # With the plain method the challenge is the PKCE verifier.
            code_challenge="hidden-code-verifier",
            code_challenge_method="plain",
            issued=("hidden-issued-access-token",),
        ),
        "client-id",
    ),
    (
        BearerToken(
            access_token="hidden-bearer-token",
            client_id="client-id",
            user="alice",
            scopes=("read",),
            expires_at=1.0,
            refresh_token="hidden-refresh-token",
        ),
        "client-id",
    ),
]


def record_id(record: tuple[Any, str]) -> str:
    return type(record[0]).__name__


def test_every_record_class_is_checked() -> None:
    record_classes = {
        value
        for name, value in vars(store_module).items()
        if name in store_module.__all__ and dataclasses.is_dataclass(value) and value is not Store
    }

    assert {type(record) for record, _ in RECORDS} == record_classes


@pytest.mark.parametrize("record", RECORDS, ids=record_id)
def test_record_repr_holds_no_secret(record: tuple[Any, str]) -> None:
    instance, shown = record
    secrets = [
        getattr(instance, field.name)
        for field in dataclasses.fields(instance)
        if HIDDEN in repr(getattr(instance, field.name))
    ]

    assert secrets, "the record carries no secret to hide"
    assert HIDDEN not in repr(instance)
    assert HIDDEN not in str(instance)
    assert repr(instance).startswith(type(instance).__name__ + "(")
    assert shown in repr(instance)


def test_store_repr_holds_no_issued_credential() -> None:
    store = Store()
    for record, _ in RECORDS:
        if isinstance(record, User):
            store.users[record.name] = record
        elif isinstance(record, OAuth1Consumer):
            store.consumers[record.key] = record
        elif isinstance(record, OAuth2Client):
            store.clients[record.client_id] = record
        elif isinstance(record, OflyApp):
            store.ofly_apps[record.app_id] = record
        elif isinstance(record, RequestToken):
            store.request_tokens[record.token] = record
        elif isinstance(record, AccessToken):
            store.access_tokens[record.token] = record
        elif isinstance(record, AuthorizationCode):
            store.codes[record.code] = record
        else:
            store.bearer_tokens[record.access_token] = record
            store.refresh_tokens["hidden-refresh-token"] = record.access_token
    store.nonces[("consumer-key", "1", "nonce", "hidden-access-token")] = 2.0

    text = repr(store)

    assert HIDDEN not in text
    for shown in ("alice", "consumer-key", "client-id", "ofly-app"):
        assert shown in text


def test_store_repr_after_real_flows(oauth_provider: Provider) -> None:
    """Nothing the provider issued over HTTP shows in the store's repr."""
    client = Client(DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, callback_uri="oob")
    uri, headers, _ = client.sign(oauth_provider.request_token_url, "POST")
    request_token = dict(parse_qsl(requests.post(uri, headers=headers, timeout=10).text))
    verifier = oauth_provider.authorize(request_token["oauth_token"])
    client = Client(
        DEFAULT_CONSUMER_KEY,
        DEFAULT_CONSUMER_SECRET,
        resource_owner_key=request_token["oauth_token"],
        resource_owner_secret=request_token["oauth_token_secret"],
        verifier=verifier,
    )
    uri, headers, _ = client.sign(oauth_provider.access_token_url, "POST")
    access = dict(parse_qsl(requests.post(uri, headers=headers, timeout=10).text))
    # An unused request token and code stay in the store.
    uri, headers, _ = Client(
        DEFAULT_CONSUMER_KEY, DEFAULT_CONSUMER_SECRET, callback_uri="oob"
    ).sign(oauth_provider.request_token_url, "POST")
    pending = dict(parse_qsl(requests.post(uri, headers=headers, timeout=10).text))
    pending_verifier = oauth_provider.authorize(pending["oauth_token"])
    pending_code = oauth_provider.authorize_code(code_challenge="v" * 43)
    code = oauth_provider.authorize_code()
    token = requests.post(
        oauth_provider.oauth2_access_token_url,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": DEFAULT_CLIENT_ID,
            "client_secret": DEFAULT_CLIENT_SECRET,
        },
        timeout=10,
    ).json()

    store = oauth_provider.store
    text = repr(store) + repr(list(store.request_tokens.values()))
    text += repr(list(store.access_tokens.values())) + repr(list(store.codes.values()))
    text += repr(list(store.bearer_tokens.values())) + repr(oauth_provider)
    secrets = [
        DEFAULT_CONSUMER_SECRET,
        DEFAULT_CLIENT_SECRET,
        DEFAULT_OFLY_APP_SECRET,
        "alice-password",
        access["oauth_token"],
        access["oauth_token_secret"],
        pending["oauth_token"],
        pending["oauth_token_secret"],
        pending_verifier,
        pending_code,
        "v" * 43,
        code,
        token["access_token"],
        token["refresh_token"],
    ]
    for secret in secrets:
        assert secret not in text
    assert "alice" in text


def test_message_reprs_hold_no_secret() -> None:
    request = HttpRequest(
        "POST",
        "/api/echo",
        "access_token=hidden-query",
        {"Authorization": "OAuth oauth_signature=hidden-signature"},
        b"client_secret=hidden-body",
        "http://127.0.0.1:5000",
    )
    response = HttpResponse(302, {"Location": "http://cb.example/?code=hidden-code"}, b"hidden")
    identity = Identity(
        "oauth1", "alice", "consumer-key", (), {"oauth_token": "hidden-access-token"}
    )

    for message in (request, response, identity):
        assert HIDDEN not in repr(message)
    assert repr(request) == (
        "HttpRequest(method='POST', path='/api/echo', origin='http://127.0.0.1:5000')"
    )
    assert repr(response) == "HttpResponse(status=302)"
    assert "alice" in repr(identity)
