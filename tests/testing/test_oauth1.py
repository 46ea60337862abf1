"""The OAuth 1 provider, driven over HTTP by oauthlib's reference client."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from oauthlib.oauth1 import (
    SIGNATURE_TYPE_BODY,
    SIGNATURE_TYPE_QUERY,
    Client,
)

from rauth.testing import (
    DEFAULT_CONSUMER_KEY,
    DEFAULT_CONSUMER_SECRET,
    Provider,
)

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CALLBACK = "http://client.example/cb"


def send(client: Client, method: str, url: str, body: str | None = None) -> requests.Response:
    """Sign a request with oauthlib and send it; redirects are not followed."""
    headers = dict(FORM) if body is not None else None
    uri, signed_headers, signed_body = client.sign(url, method, body, headers)
    return requests.request(
        method, uri, headers=signed_headers, data=signed_body, allow_redirects=False, timeout=10
    )


def form(response: requests.Response) -> dict[str, str]:
    return dict(parse_qsl(response.text))


def consumer(**kwargs: Any) -> Client:
    kwargs.setdefault("client_key", DEFAULT_CONSUMER_KEY)
    kwargs.setdefault("client_secret", DEFAULT_CONSUMER_SECRET)
    return Client(**kwargs)


def get_request_token(provider: Provider, callback: str = "oob", **kwargs: Any) -> dict[str, str]:
    response = send(consumer(callback_uri=callback, **kwargs), "POST", provider.request_token_url)
    assert response.status_code == 200, response.text
    return form(response)


def get_access_token(provider: Provider, **kwargs: Any) -> dict[str, str]:
    token = get_request_token(provider, **kwargs)
    verifier = provider.authorize(token["oauth_token"])
    client = consumer(
        resource_owner_key=token["oauth_token"],
        resource_owner_secret=token["oauth_token_secret"],
        verifier=verifier,
        **kwargs,
    )
    response = send(client, "POST", provider.access_token_url)
    assert response.status_code == 200, response.text
    return form(response)


def resource_client(token: dict[str, str], **kwargs: Any) -> Client:
    return consumer(
        resource_owner_key=token["oauth_token"],
        resource_owner_secret=token["oauth_token_secret"],
        **kwargs,
    )


def test_request_token_response_is_form_encoded(oauth_provider: Provider) -> None:
    response = send(consumer(callback_uri="oob"), "POST", oauth_provider.request_token_url)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert set(form(response)) == {
        "oauth_token",
        "oauth_token_secret",
        "oauth_callback_confirmed",
    }
    assert form(response)["oauth_callback_confirmed"] == "true"


def test_full_flow_over_http_with_callback(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider, callback=CALLBACK)

    response = requests.get(
        oauth_provider.authorize_url,
        params={"oauth_token": token["oauth_token"]},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location._replace(query="").geturl() == CALLBACK
    returned = dict(parse_qsl(location.query))
    assert returned["oauth_token"] == token["oauth_token"]

    client = resource_client(token, verifier=returned["oauth_verifier"])
    access = form(send(client, "POST", oauth_provider.access_token_url))
    echo = send(resource_client(access), "GET", oauth_provider.echo_url).json()
    assert echo["user"] == "alice"
    assert echo["client"] == DEFAULT_CONSUMER_KEY
    assert echo["scheme"] == "oauth1"


def test_oob_authorize_returns_the_verifier_in_the_body(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider)

    response = requests.get(
        oauth_provider.authorize_url, params={"oauth_token": token["oauth_token"]}, timeout=10
    )

    assert response.status_code == 200
    assert form(response)["oauth_token"] == token["oauth_token"]
    assert form(response)["oauth_verifier"]


def test_authorize_query_picks_the_user(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider)
    params = {"oauth_token": token["oauth_token"], "user": "bob"}
    verifier = form(requests.get(oauth_provider.authorize_url, params=params, timeout=10))

    client = resource_client(token, verifier=verifier["oauth_verifier"])
    access = form(send(client, "POST", oauth_provider.access_token_url))

    assert send(resource_client(access), "GET", oauth_provider.me_url).json()["user"] == "bob"


def test_python_authorize_for_another_user(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider)
    verifier = oauth_provider.authorize(token["oauth_token"], user="bob")

    client = resource_client(token, verifier=verifier)
    access = form(send(client, "POST", oauth_provider.access_token_url))

    assert send(resource_client(access), "GET", oauth_provider.me_url).json() == {
        "client": DEFAULT_CONSUMER_KEY,
        "scheme": "oauth1",
        "scopes": [],
        "user": "bob",
    }


@pytest.mark.parametrize(
    "method", ["HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT"], ids=str.lower
)
def test_secret_based_signature_methods(oauth_provider: Provider, method: str) -> None:
    access = get_access_token(oauth_provider, signature_method=method)

    response = send(resource_client(access, signature_method=method), "GET", oauth_provider.me_url)

    assert response.status_code == 200, response.text


@pytest.mark.parametrize("method", ["RSA-SHA1", "RSA-SHA256", "RSA-SHA512"], ids=str.lower)
def test_rsa_signature_methods(
    oauth_provider: Provider, rsa_key_pair: tuple[str, str], method: str
) -> None:
    private, public = rsa_key_pair
    oauth_provider.add_consumer("rsa-consumer", rsa_public_key=public)
    keys = {"client_key": "rsa-consumer", "client_secret": None, "rsa_key": private}

    access = get_access_token(oauth_provider, signature_method=method, **keys)
    client = resource_client(access, signature_method=method, **keys)
    response = send(client, "GET", oauth_provider.echo_url)

    assert response.status_code == 200, response.text
    assert response.json()["oauth_params"]["oauth_signature_method"] == method


def test_rsa_without_a_registered_key_is_refused(
    oauth_provider: Provider, rsa_key_pair: tuple[str, str]
) -> None:
    client = consumer(callback_uri="oob", signature_method="RSA-SHA256", rsa_key=rsa_key_pair[0])

    response = send(client, "POST", oauth_provider.request_token_url)

    assert response.status_code == 401
    assert form(response)["error_description"] == "consumer has no RSA public key"


def test_rsa_signed_with_another_key_is_refused(
    oauth_provider: Provider, rsa_key_pair: tuple[str, str]
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other_pem = other.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    oauth_provider.add_consumer("rsa-consumer", rsa_public_key=rsa_key_pair[1])
    client = Client(
        "rsa-consumer", callback_uri="oob", signature_method="RSA-SHA1", rsa_key=other_pem
    )

    response = send(client, "POST", oauth_provider.request_token_url)

    assert response.status_code == 401
    assert form(response)["error"] == "invalid_signature"


@pytest.mark.parametrize(
    "signature_type", [SIGNATURE_TYPE_QUERY, SIGNATURE_TYPE_BODY], ids=["query", "body"]
)
def test_signature_in_query_or_body(oauth_provider: Provider, signature_type: str) -> None:
    access = get_access_token(oauth_provider)
    client = resource_client(access, signature_type=signature_type)

    response = send(client, "POST", oauth_provider.echo_url + "?q=1", body="f=2")

    assert response.status_code == 200, response.text
    assert ["q", "1"] in response.json()["query"]
    assert ["f", "2"] in response.json()["form"]


def test_request_token_over_get_with_query_signature(oauth_provider: Provider) -> None:
    # rauth 0.7 asks for request tokens with GET and the oauth_ params in the query.
    client = consumer(callback_uri="oob", signature_type=SIGNATURE_TYPE_QUERY)

    assert send(client, "GET", oauth_provider.request_token_url).status_code == 200


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH"])
def test_echo_reports_method_and_parameters(oauth_provider: Provider, method: str) -> None:
    access = get_access_token(oauth_provider)
    body = None if method in ("GET", "DELETE") else "b=2&b=3"

    response = send(resource_client(access), method, oauth_provider.echo_url + "?a=1", body)

    data = response.json()
    assert response.status_code == 200, response.text
    assert data["method"] == method
    assert data["query"] == [["a", "1"]]
    assert data["form"] == ([] if body is None else [["b", "2"], ["b", "3"]])
    assert data["oauth_params"]["oauth_token"] == access["oauth_token"]
    assert data["oauth_params"]["oauth_signature_method"] == "HMAC-SHA1"
    assert "oauth_signature" not in data["oauth_params"]


def test_echo_does_not_repeat_a_plaintext_signature(oauth_provider: Provider) -> None:
    # A PLAINTEXT signature is "consumer_secret&token_secret" (RFC 5849 3.4.4).
    access = get_access_token(oauth_provider, signature_method="PLAINTEXT")
    client = resource_client(access, signature_method="PLAINTEXT")

    response = send(client, "GET", oauth_provider.echo_url)

    oauth_params = response.json()["oauth_params"]
    assert response.status_code == 200, response.text
    assert sorted(oauth_params) == [
        "oauth_consumer_key",
        "oauth_nonce",
        "oauth_signature_method",
        "oauth_timestamp",
        "oauth_token",
        "oauth_version",
    ]
    assert oauth_params["oauth_signature_method"] == "PLAINTEXT"
    for secret in (DEFAULT_CONSUMER_SECRET, access["oauth_token_secret"]):
        assert secret not in str(oauth_params)


# -- Failures --------------------------------------------------------------


def test_wrong_consumer_secret(oauth_provider: Provider) -> None:
    client = Client(DEFAULT_CONSUMER_KEY, "wrong-secret", callback_uri="oob")

    response = send(client, "POST", oauth_provider.request_token_url)

    assert response.status_code == 401
    assert form(response)["error"] == "invalid_signature"
    assert "consumer secret" in form(response)["error_description"]
    assert response.headers["WWW-Authenticate"].startswith("OAuth ")
    assert "wrong-secret" not in response.text


def test_wrong_token_secret_at_the_resource(oauth_provider: Provider) -> None:
    access = get_access_token(oauth_provider)
    access["oauth_token_secret"] = "wrong"

    response = send(resource_client(access), "GET", oauth_provider.echo_url)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_signature"
    assert response.headers["WWW-Authenticate"] == 'OAuth realm="rauth.testing"'


def test_unknown_consumer(oauth_provider: Provider) -> None:
    response = send(
        Client("nobody", "x", callback_uri="oob"), "POST", oauth_provider.request_token_url
    )

    assert response.status_code == 401
    assert form(response) == {
        "error": "invalid_client",
        "error_description": "unknown consumer key",
    }


def test_nonce_cannot_be_reused(oauth_provider: Provider) -> None:
    access = get_access_token(oauth_provider)
    uri, headers, _ = resource_client(access).sign(oauth_provider.echo_url)

    first = requests.get(uri, headers=headers, timeout=10)
    replay = requests.get(uri, headers=headers, timeout=10)

    assert first.status_code == 200
    assert replay.status_code == 401
    assert replay.json()["error_description"] == "nonce already used"


def test_stale_timestamp(oauth_provider: Provider) -> None:
    stale = str(int(time.time()) - 3600)
    client = consumer(callback_uri="oob", timestamp=stale)

    response = send(client, "POST", oauth_provider.request_token_url)

    assert response.status_code == 400
    assert "Timestamp" in form(response)["error_description"]


def test_stale_timestamp_at_the_resource(oauth_provider: Provider) -> None:
    access = get_access_token(oauth_provider)
    client = resource_client(access, timestamp=str(int(time.time()) - 3600))

    response = send(client, "GET", oauth_provider.echo_url)

    assert response.status_code == 400
    assert "Timestamp" in response.json()["error_description"]
    assert "WWW-Authenticate" not in response.headers


def test_disabled_signature_method() -> None:
    with Provider(signature_methods=["HMAC-SHA256"]) as provider:
        response = send(consumer(callback_uri="oob"), "POST", provider.request_token_url)

    assert response.status_code == 400
    assert form(response)["error"] == "invalid_signature_method"


def test_missing_callback(oauth_provider: Provider) -> None:
    response = send(consumer(), "POST", oauth_provider.request_token_url)

    assert response.status_code == 400
    assert form(response)["error_description"] == "Missing callback URI."


def test_unregistered_callback(oauth_provider: Provider) -> None:
    oauth_provider.add_consumer("strict", "secret", callbacks=["https://app.example/"])
    allowed = Client("strict", "secret", callback_uri="https://app.example/done")
    other = Client("strict", "secret", callback_uri="https://evil.example/")
    relative = Client("strict", "secret", callback_uri="/relative")

    assert send(allowed, "POST", oauth_provider.request_token_url).status_code == 200
    assert send(other, "POST", oauth_provider.request_token_url).status_code == 400
    assert send(relative, "POST", oauth_provider.request_token_url).status_code == 400


def test_revoked_access_token(oauth_provider: Provider) -> None:
    access = get_access_token(oauth_provider)

    assert oauth_provider.revoke(access["oauth_token"]) is True
    response = send(resource_client(access), "GET", oauth_provider.echo_url)

    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_token",
        "error_description": "access token revoked",
    }


def test_expired_access_token(oauth_provider: Provider) -> None:
    access = get_access_token(oauth_provider)

    assert oauth_provider.expire_tokens() == 1
    response = send(resource_client(access), "GET", oauth_provider.echo_url)

    assert response.status_code == 401
    assert response.json()["error_description"] == "access token expired"


def test_unknown_access_token(oauth_provider: Provider) -> None:
    token = {"oauth_token": "made-up-token", "oauth_token_secret": "x"}

    response = send(resource_client(token), "GET", oauth_provider.echo_url)

    assert response.status_code == 401
    assert response.json()["error_description"] == "unknown access token"


def test_access_token_of_another_consumer(oauth_provider: Provider) -> None:
    oauth_provider.add_consumer("other", "other-secret")
    access = get_access_token(oauth_provider)
    client = Client(
        "other",
        "other-secret",
        resource_owner_key=access["oauth_token"],
        resource_owner_secret=access["oauth_token_secret"],
    )

    response = send(client, "GET", oauth_provider.echo_url)

    assert response.status_code == 401
    assert response.json()["error_description"] == "token belongs to another consumer"


def test_resource_without_a_token(oauth_provider: Provider) -> None:
    response = send(consumer(), "GET", oauth_provider.echo_url)

    assert response.status_code == 400
    assert response.json()["error_description"] == "missing oauth_token"


def test_resource_with_parameters_in_two_places(oauth_provider: Provider) -> None:
    access = get_access_token(oauth_provider)
    uri, headers, _ = resource_client(access).sign(oauth_provider.echo_url)

    response = requests.get(uri + "?oauth_nonce=again", headers=headers, timeout=10)

    assert response.status_code == 400
    assert "one place" in response.json()["error_description"]


@pytest.mark.parametrize(
    "header",
    ["OAuth", "OAuth not-a-pair", 'OAuth oauth_token="t", stray', "Basic c2VjcmV0LXZhbHVl"],
    ids=["empty", "no-pair", "stray-item", "other-scheme"],
)
@pytest.mark.parametrize("url_name", ["request_token_url", "access_token_url", "echo_url"])
def test_malformed_authorization_header(
    oauth_provider: Provider, url_name: str, header: str
) -> None:
    # The echo resource takes the query's oauth_signature for OAuth 1 when
    # the header is not an OAuth one.
    params = {} if header.startswith("OAuth") else {"oauth_signature": "sig"}
    response = requests.post(
        getattr(oauth_provider, url_name),
        params=params,
        headers={"Authorization": header},
        timeout=10,
    )

    assert response.status_code == 400
    # The same explanation whatever the header: its value is never quoted.
    assert response.json() == {
        "error": "invalid_request",
        "error_description": (
            'malformed Authorization header: OAuth 1 expects OAuth name="value" pairs '
            "separated by commas (RFC 5849 3.5.1)"
        ),
    }


def test_expired_request_token(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider)

    assert oauth_provider.expire_codes() == 1
    response = requests.get(
        oauth_provider.authorize_url, params={"oauth_token": token["oauth_token"]}, timeout=10
    )

    assert response.status_code == 401
    assert form(response)["error_description"] == "request token expired"
    with pytest.raises(ValueError, match="request token expired"):
        oauth_provider.authorize(token["oauth_token"])


def test_request_token_expires_by_the_clock() -> None:
    now = [1000.0]
    with Provider(clock=lambda: now[0], code_lifetime=60) as provider:
        token = get_request_token(provider)
        verifier = provider.authorize(token["oauth_token"])
        now[0] += 61
        client = resource_client(token, verifier=verifier)
        response = send(client, "POST", provider.access_token_url)

    assert response.status_code == 401
    assert form(response)["error_description"] == "request token expired"


def test_wrong_verifier(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider)
    oauth_provider.authorize(token["oauth_token"])

    client = resource_client(token, verifier="not-the-verifier")
    response = send(client, "POST", oauth_provider.access_token_url)

    assert response.status_code == 401
    assert form(response) == {
        "error": "invalid_verifier",
        "error_description": "oauth_verifier does not match",
    }


def test_exchange_before_authorization(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider)

    response = send(
        resource_client(token, verifier="guess"), "POST", oauth_provider.access_token_url
    )

    assert response.status_code == 401
    assert form(response)["error_description"] == "request token not authorized yet"


def test_request_token_is_single_use(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider)
    client = resource_client(token, verifier=oauth_provider.authorize(token["oauth_token"]))
    assert send(client, "POST", oauth_provider.access_token_url).status_code == 200

    replay = send(client, "POST", oauth_provider.access_token_url)

    assert replay.status_code == 401
    assert form(replay)["error_description"] == "unknown or used request token"


def test_request_token_of_another_consumer(oauth_provider: Provider) -> None:
    oauth_provider.add_consumer("other", "other-secret")
    token = get_request_token(oauth_provider)
    client = Client(
        "other",
        "other-secret",
        resource_owner_key=token["oauth_token"],
        resource_owner_secret=token["oauth_token_secret"],
        verifier=oauth_provider.authorize(token["oauth_token"]),
    )

    response = send(client, "POST", oauth_provider.access_token_url)

    assert response.status_code == 401
    assert form(response)["error_description"] == "token belongs to another consumer"


def test_authorize_unknown_request_token(oauth_provider: Provider) -> None:
    response = requests.get(
        oauth_provider.authorize_url, params={"oauth_token": "nope"}, timeout=10
    )

    assert response.status_code == 401
    with pytest.raises(ValueError, match="unknown or used request token"):
        oauth_provider.authorize("nope")


def test_authorize_unknown_user(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider)
    params = {"oauth_token": token["oauth_token"], "user": "mallory"}

    response = requests.get(oauth_provider.authorize_url, params=params, timeout=10)

    assert response.status_code == 400
    assert response.json()["error_description"] == "unknown user 'mallory'"
    with pytest.raises(ValueError, match="unknown user"):
        oauth_provider.authorize(token["oauth_token"], user="mallory")


def test_denied_with_callback_redirects_with_denied(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider, callback=CALLBACK + "?x=1")
    params = {"oauth_token": token["oauth_token"], "approve": "no"}

    response = requests.get(
        oauth_provider.authorize_url, params=params, allow_redirects=False, timeout=10
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"{CALLBACK}?x=1&denied={token['oauth_token']}"
    with pytest.raises(ValueError, match="unknown or used"):
        oauth_provider.authorize(token["oauth_token"])


def test_denied_oob_is_forbidden(oauth_provider: Provider) -> None:
    oauth_provider.approve = False
    token = get_request_token(oauth_provider)

    response = requests.get(
        oauth_provider.authorize_url, params={"oauth_token": token["oauth_token"]}, timeout=10
    )

    assert response.status_code == 403
    assert form(response) == {"error": "access_denied"}


def test_authorize_with_a_duplicated_token(oauth_provider: Provider) -> None:
    token = get_request_token(oauth_provider)["oauth_token"]

    response = requests.get(
        oauth_provider.authorize_url,
        params=[("oauth_token", token), ("oauth_token", token)],
        timeout=10,
    )

    assert response.status_code == 400
    assert "WWW-Authenticate" not in response.headers
    assert form(response)["error_description"] == "Duplicate OAuth1 entries."
