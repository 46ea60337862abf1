"""
rauth.oauth1_flows
------------------

Conveniences of the OAuth 1 flow beside rauth 0.7's: reading the callback
URL the provider sends the user back to, and the whole token response of a
session (providers send more than the token: Twitter sends ``user_id`` and
``screen_name``).
"""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import parse_qsl

from rauth.tokens import decode_token_body
from rauth.utils import _split_url

__all__ = ["OAuth1Flows", "OAuth1TokenResponse"]


def _octets(value: object) -> bytes:
    """A token as UTF-8 to compare (a forged callback may hold a lone surrogate)."""
    return str(value).encode("utf-8", "surrogatepass")


class OAuth1Flows:
    """The OAuth 1 conveniences of :class:`rauth.OAuth1Service`."""

    @staticmethod
    def parse_authorization_response(url: str, request_token: str | None = None) -> dict[str, str]:
        """Read the callback URL the provider redirected the user to.

        >>> from rauth import OAuth1Service
        >>> OAuth1Service.parse_authorization_response(
        ...     'https://app.example/cb?oauth_token=rt&oauth_verifier=v')
        {'oauth_token': 'rt', 'oauth_verifier': 'v'}

        :param url: The callback URL, with its query.
        :type url: str
        :param request_token: The request token this login got; when given,
            the callback must be for it (a callback for another login is
            refused).
        :type request_token: str
        :raises ValueError: when the URL has no ``oauth_token`` or
            ``oauth_verifier``, or its ``oauth_token`` is not
            ``request_token`` (the values are not shown).
        :rtype: dict
        """
        if not isinstance(url, str):
            raise TypeError(f"url must be the callback URL as a str, not {type(url).__name__}")
        params = dict(parse_qsl(_split_url(url).query, keep_blank_values=True))
        missing = [name for name in ("oauth_token", "oauth_verifier") if not params.get(name)]
        if missing:
            raise ValueError(
                f"the callback URL has no {' or '.join(missing)}: pass the whole URL the "
                "provider redirected to (did the user deny access?)"
            )
        token = params["oauth_token"]
        if request_token is not None and not hmac.compare_digest(
            _octets(token), _octets(request_token)
        ):
            raise ValueError(
                "the callback's oauth_token is not the request token of this login: "
                "refused (a callback for another login, or a forged one)"
            )
        return params


class OAuth1TokenResponse:
    """The whole token response of an :class:`rauth.OAuth1Session`."""

    access_token_response: Any
    access_token: Any
    access_token_secret: Any

    @property
    def token(self) -> dict[str, Any]:
        """The whole access token response as a dict (``oauth_token``,
        ``oauth_token_secret`` and what else the provider sent, e.g.
        Twitter's ``user_id`` and ``screen_name``); from the session's own
        tokens when it did not come from :meth:`rauth.OAuth1Service.get_auth_session`.

        :rtype: dict
        """
        response = self.access_token_response
        if response is not None:
            content = getattr(response, "content", None)
            if isinstance(content, (str, bytes)):
                return decode_token_body(content)
        token = {"oauth_token": self.access_token, "oauth_token_secret": self.access_token_secret}
        return {name: value for name, value in token.items() if value is not None}
