"""The Ofly provider, driven the way rauth 0.7's ``OflySession`` signs."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from rauth.testing import DEFAULT_OFLY_APP_ID, DEFAULT_OFLY_APP_SECRET, Provider
from rauth.testing.ofly import (
    parse_timestamp,
    sign,
    signature_base_string,
    split_query,
    verify_signature,
)

# A signature worked by hand from the scheme's definition: the digest of
# app_secret + path + '?' + sorted params + '&' + sorted ofly params.
VECTOR_BASE = (
    "s3cret/api/echo?a=1&oflyUserid=alice"
    "&oflyAppId=app&oflyHashMeth=SHA1&oflyTimestamp=2013-02-13T16:13:59.5Z"
)
VECTOR_SHA1 = hashlib.sha1(VECTOR_BASE.encode()).hexdigest()


def rauth07_sign(
    url: str,
    app_id: str,
    app_secret: str,
    hash_meth: str = "sha1",
    now: datetime | None = None,
    **params: str,
) -> str:
    """rauth 0.7.3's ``OflySession.sign``, kept as it was (only the clock is
    timezone-aware): the client side the provider must accept."""
    hash_fn = {"sha1": hashlib.sha1, "md5": hashlib.md5}[hash_meth]
    now = now or datetime.now(timezone.utc)
    milliseconds = now.microsecond // 1000
    time_format = f"%Y-%m-%dT%H:%M:%S.{milliseconds}Z"
    ofly_params = {
        "oflyAppId": app_id,
        "oflyHashMeth": hash_meth.upper(),
        "oflyTimestamp": now.strftime(time_format),
    }

    def sorted_params(d: dict[str, str]) -> str:
        return "&".join("=".join((k, d[k])) for k in sorted(d))

    base = app_secret + urlsplit(url).path + "?"
    if params:
        base += sorted_params(params) + "&"
    base += sorted_params(ofly_params)
    ofly_params["oflyApiSig"] = hash_fn(base.encode("utf-8")).hexdigest()
    return sorted_params({**ofly_params, **params})


def ofly_get(
    url: str,
    secret: str = DEFAULT_OFLY_APP_SECRET,
    hash_meth: str = "sha1",
    now: datetime | None = None,
    **params: str,
) -> requests.Response:
    """Send like rauth 0.7: the signed query passed to requests as raw bytes."""
    query = rauth07_sign(url, DEFAULT_OFLY_APP_ID, secret, hash_meth, now, **params)
    return requests.get(url, params=query.encode("utf-8"), allow_redirects=False, timeout=10)


# -- The signature scheme --------------------------------------------------


def test_base_string_and_signature_vector() -> None:
    params = {"oflyUserid": "alice", "a": "1"}
    ofly = {"oflyTimestamp": "2013-02-13T16:13:59.5Z", "oflyHashMeth": "SHA1", "oflyAppId": "app"}

    base = signature_base_string("s3cret", "/api/echo", params, ofly)

    assert base == VECTOR_BASE
    assert sign("SHA1", base) == VECTOR_SHA1
    assert sign("md5", base) == hashlib.md5(VECTOR_BASE.encode()).hexdigest()


def test_base_string_without_request_parameters() -> None:
    ofly = {"oflyAppId": "app", "oflyHashMeth": "MD5", "oflyTimestamp": "t"}

    assert (
        signature_base_string("k", "/p", {}, ofly)
        == "k/p?oflyAppId=app&oflyHashMeth=MD5&oflyTimestamp=t"
    )


def test_verify_signature_of_the_vector() -> None:
    query = (
        "a=1&oflyAppId=app&oflyHashMeth=SHA1&oflyTimestamp=2013-02-13T16:13:59.5Z"
        f"&oflyUserid=alice&oflyApiSig={VECTOR_SHA1.upper()}"
    )

    assert verify_signature("s3cret", "/api/echo", split_query(query)) is True
    assert verify_signature("other", "/api/echo", split_query(query)) is False
    assert verify_signature("s3cret", "/api/other", split_query(query)) is False


def test_split_query_keeps_raw_values() -> None:
    assert split_query("a=b%20c&&d&e=f=g") == [("a", "b%20c"), ("d", ""), ("e", "f=g")]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("2013-02-13T16:13:59.5Z", 1360771439.005),
        ("2013-02-13T16:13:59.123Z", 1360771439.123),
        ("2013-02-13T16:13:59Z", 1360771439.0),
    ],
    ids=["unpadded-millis", "three-digit-millis", "no-millis"],
)
def test_parse_timestamp(value: str, seconds: float) -> None:
    assert parse_timestamp(value) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "value", ["2013-02-13T16:13:59.5", "2013-02-13T16:13:59.5000Z", "2013-02-13 16:13:59Z", "soon"]
)
def test_parse_timestamp_rejects(value: str) -> None:
    with pytest.raises(ValueError, match=r".+"):
        parse_timestamp(value)


# -- Over HTTP ---------------------------------------------------------------


@pytest.mark.parametrize("hash_meth", ["sha1", "md5"])
def test_signed_echo(oauth_provider: Provider, hash_meth: str) -> None:
    oauth_provider.ofly_authorize()

    response = ofly_get(
        oauth_provider.echo_url, hash_meth=hash_meth, oflyUserid="alice", format="json"
    )

    assert response.status_code == 200, response.text
    data = response.json()
    assert (data["scheme"], data["user"], data["client"]) == ("ofly", "alice", DEFAULT_OFLY_APP_ID)
    assert data["oauth_params"]["oflyHashMeth"] == hash_meth.upper()
    assert ["format", "json"] in data["query"]


def test_values_requests_percent_encodes(oauth_provider: Provider) -> None:
    oauth_provider.ofly_authorize()

    response = ofly_get(oauth_provider.me_url, oflyUserid="alice", q="two words", at="a/b:c")

    assert response.status_code == 200, response.text
    assert response.json()["user"] == "alice"


def test_form_encoded_client_is_accepted(oauth_provider: Provider) -> None:
    # A client that form-encodes the values it signed raw ("a b" -> "a+b").
    oauth_provider.ofly_authorize()
    query = rauth07_sign(
        oauth_provider.me_url,
        DEFAULT_OFLY_APP_ID,
        DEFAULT_OFLY_APP_SECRET,
        oflyUserid="alice",
        q="a b",
    )

    response = requests.get(oauth_provider.me_url + "?" + query.replace(" ", "+"), timeout=10)

    assert response.status_code == 200, response.text


def test_http_authorize_redirects_with_the_user_id(oauth_provider: Provider) -> None:
    callback = "http://client.example/cb"

    response = ofly_get(oauth_provider.ofly_authorize_url, user="bob", oflyCallbackUrl=callback)

    assert response.status_code == 302
    assert response.headers["Location"] == callback + "?oflyUserid=bob"
    assert ofly_get(oauth_provider.me_url, oflyUserid="bob").json()["user"] == "bob"


def test_http_authorize_without_callback(oauth_provider: Provider) -> None:
    response = ofly_get(oauth_provider.ofly_authorize_url)

    assert response.status_code == 200
    assert dict(parse_qsl(response.text)) == {"oflyUserid": "alice"}


def test_http_authorize_denied(oauth_provider: Provider) -> None:
    callback = "http://client.example/cb?x=1"

    redirected = ofly_get(oauth_provider.ofly_authorize_url, approve="0", oflyCallbackUrl=callback)
    refused = ofly_get(oauth_provider.ofly_authorize_url, approve="0")

    assert redirected.headers["Location"] == callback + "&error=access_denied"
    assert refused.status_code == 403
    assert ofly_get(oauth_provider.me_url, oflyUserid="alice").status_code == 401


def test_http_authorize_with_a_bad_signature(oauth_provider: Provider) -> None:
    response = ofly_get(oauth_provider.ofly_authorize_url, secret="wrong")

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_signature"


def test_python_authorize_unknown_app_or_user(oauth_provider: Provider) -> None:
    with pytest.raises(ValueError, match="unknown Ofly app id"):
        oauth_provider.ofly_authorize("nope")
    with pytest.raises(ValueError, match="unknown user"):
        oauth_provider.ofly_authorize(user="mallory")


def test_wrong_secret(oauth_provider: Provider) -> None:
    oauth_provider.ofly_authorize()

    response = ofly_get(oauth_provider.echo_url, secret="wrong", oflyUserid="alice")

    assert response.status_code == 401
    assert "app secret" in response.json()["error_description"]
    assert "wrong" not in response.text


def test_tampered_parameter(oauth_provider: Provider) -> None:
    oauth_provider.ofly_authorize()
    query = rauth07_sign(
        oauth_provider.echo_url,
        DEFAULT_OFLY_APP_ID,
        DEFAULT_OFLY_APP_SECRET,
        oflyUserid="alice",
        n="1",
    )

    response = requests.get(oauth_provider.echo_url + "?" + query.replace("n=1", "n=2"), timeout=10)

    assert response.status_code == 401


def test_user_must_have_authorized_the_app(oauth_provider: Provider) -> None:
    response = ofly_get(oauth_provider.echo_url, oflyUserid="alice")

    assert response.status_code == 401
    assert response.json()["error_description"] == "user has not authorized this app"


def test_missing_user(oauth_provider: Provider) -> None:
    response = ofly_get(oauth_provider.echo_url)

    assert response.status_code == 401
    assert response.json()["error_description"] == "missing oflyUserid"


def test_stale_timestamp(oauth_provider: Provider) -> None:
    oauth_provider.ofly_authorize()
    then = datetime.now(timezone.utc) - timedelta(hours=1)

    response = ofly_get(oauth_provider.echo_url, now=then, oflyUserid="alice")

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_timestamp"


def test_unknown_app(oauth_provider: Provider) -> None:
    query = rauth07_sign(oauth_provider.echo_url, "nope", "x", oflyUserid="alice")

    response = requests.get(oauth_provider.echo_url + "?" + query, timeout=10)

    assert response.status_code == 401
    assert response.json()["error_description"] == "unknown oflyAppId"


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ("oflyAppId=x&oflyUserid=alice&oflyApiSig=0", "missing oflyHashMeth, oflyTimestamp"),
        ("oflyApiSig=1&oflyApiSig=2", "duplicate query parameter"),
        (
            f"oflyAppId={DEFAULT_OFLY_APP_ID}&oflyHashMeth=SHA256&oflyTimestamp=x&oflyApiSig=0",
            "oflyHashMeth must be SHA1 or MD5",
        ),
        (
            f"oflyAppId={DEFAULT_OFLY_APP_ID}&oflyHashMeth=SHA1&oflyTimestamp=x&oflyApiSig=0",
            "oflyTimestamp must end with Z",
        ),
    ],
    ids=["missing", "duplicate", "hash", "timestamp"],
)
def test_malformed_requests(oauth_provider: Provider, query: str, description: str) -> None:
    response = requests.get(oauth_provider.echo_url + "?" + query, timeout=10)

    assert response.status_code == 400
    assert response.json()["error_description"] == description


def test_verify_signature_with_an_encoded_parameter_name() -> None:
    # Only the percent-decoded reading has every oflyHashMeth/oflyAppId name.
    query = (
        "a=1&oflyAppId=app&oflyHash%4Deth=SHA1&oflyTimestamp=2013-02-13T16:13:59.5Z"
        f"&oflyUserid=alice&oflyApiSig={VECTOR_SHA1}"
    )

    assert verify_signature("s3cret", "/api/echo", split_query(query)) is True
