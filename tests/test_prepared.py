"""rauth.prepared: reading the OAuth parameters of a request as sent, and the
base string of a sent request (checked against oauthlib's, from the wire)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from oauthlib.oauth1.rfc5849 import signature as oauthlib_signature

from rauth import OAuth1Session
from rauth.prepared import sent_oauth_params, signature_base_string_for

URL = "https://api.example.com/1/items?tag=a+b&tag=%E2%98%83"


def _oauthlib_base_string(sent: requests.PreparedRequest) -> str:
    """The base string oauthlib computes for the request on the wire."""
    content_type = sent.headers.get("Content-Type", "")
    body = sent.body if content_type.startswith("application/x-www-form-urlencoded") else None
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    params = oauthlib_signature.collect_parameters(
        uri_query=urlsplit(sent.url).query,
        body=body,
        headers=dict(sent.headers),
        exclude_oauth_signature=True,
    )
    return oauthlib_signature.signature_base_string(
        sent.method,
        oauthlib_signature.base_string_uri(sent.url),
        oauthlib_signature.normalize_parameters(params),
    )


@pytest.mark.parametrize(
    ("method", "kwargs", "placement"),
    [
        ("GET", {"params": {"q": "caf\u00e9"}}, "query"),
        ("POST", {"data": {"q": "x y", "r": ["1", "2"]}}, "body"),
        ("PUT", {"json": {"q": 1}}, "query"),
        ("GET", {"params": {"q": "1"}, "header_auth": True, "realm": 'Ph"otos'}, "header"),
    ],
    ids=["query", "body", "json-query", "header"],
)
def test_base_string_of_a_sent_request_is_oauthlibs(mount, adapter, method, kwargs, placement):
    session = mount(OAuth1Session("key", "secret", "token", "token-secret"))
    response = session.request(method, URL, **kwargs)
    sent = adapter.last

    found = sent_oauth_params(response.request)
    assert found is not None
    assert found.placement == placement
    assert found.params["oauth_consumer_key"] == "key"
    assert found.realm == (kwargs.get("realm") or "")
    assert signature_base_string_for(response.request) == _oauthlib_base_string(sent)


def test_an_unsigned_request_is_a_value_error(mount, adapter):
    session = mount(requests.Session())
    response = session.get(URL)
    assert sent_oauth_params(response.request) is None
    with pytest.raises(ValueError, match="carries no OAuth 1 signature"):
        signature_base_string_for(response.request)


def test_a_bytes_authorization_header_is_read(mount, adapter):
    session = mount(OAuth1Session("key", "secret"))
    response = session.get(URL, header_auth=True)
    sent = response.request
    expected = _oauthlib_base_string(sent)
    sent.headers["Authorization"] = sent.headers["Authorization"].encode("latin-1")
    found = sent_oauth_params(sent)
    assert found is not None
    assert found.placement == "header"
    assert signature_base_string_for(sent) == expected
