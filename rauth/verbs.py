"""
rauth.verbs
-----------

The verb helpers of rauth's sessions (``get``, ``options``, ``head``,
``post``, ``put``, ``patch``, ``delete``), calling ``self.request`` exactly
as rauth 0.7.2's requests (2.31 and earlier) did, so that code which
replaces or mocks ``request`` sees the same arguments: ``get`` passes
``params`` only when given, ``post`` always passes ``data`` and ``json``.
They also widen requests' typing so that rauth's own keywords
(``header_auth``, ``realm``, ``bearer_auth``, ``user_id``, ``hash_meth``)
type-check.
"""

from __future__ import annotations

from typing import Any

from requests import Response
from requests.sessions import Session

__all__ = ["Verbs"]


class _NotGiven:
    """``params`` not given to :meth:`RauthSession.get`: then ``request`` gets
    no ``params`` at all, as from requests 2.31 and earlier; an explicit
    ``params=None`` is passed on. Shown as ``None``, which requests treats
    the same."""

    def __repr__(self) -> str:
        return "None"


_NOT_GIVEN: Any = _NotGiven()


class Verbs(Session):
    """A :class:`requests.Session` whose verb helpers call ``request`` as
    requests 2.31 did."""

    def get(self, url: str | bytes, params: Any = _NOT_GIVEN, **kwargs: Any) -> Response:
        """Sends a GET request. Returns :class:`~requests.Response` object.

        :param url: URL for the new :class:`~requests.Request` object.
        :param params: (optional) Dictionary, list of tuples or bytes to send
            in the query string.
        :param \\*\\*kwargs: Optional arguments that ``request`` takes.
        :rtype: requests.Response
        """
        if params is not _NOT_GIVEN:
            kwargs["params"] = params
        kwargs.setdefault("allow_redirects", True)
        return self.request("GET", url, **kwargs)

    def options(self, url: str | bytes, **kwargs: Any) -> Response:
        """Sends a OPTIONS request. Returns :class:`~requests.Response` object.

        :param url: URL for the new :class:`~requests.Request` object.
        :param \\*\\*kwargs: Optional arguments that ``request`` takes.
        :rtype: requests.Response
        """
        kwargs.setdefault("allow_redirects", True)
        return self.request("OPTIONS", url, **kwargs)

    def head(self, url: str | bytes, **kwargs: Any) -> Response:
        """Sends a HEAD request. Returns :class:`~requests.Response` object.

        :param url: URL for the new :class:`~requests.Request` object.
        :param \\*\\*kwargs: Optional arguments that ``request`` takes.
        :rtype: requests.Response
        """
        kwargs.setdefault("allow_redirects", False)
        return self.request("HEAD", url, **kwargs)

    def post(self, url: str | bytes, data: Any = None, json: Any = None, **kwargs: Any) -> Response:
        """Sends a POST request. Returns :class:`~requests.Response` object.

        :param url: URL for the new :class:`~requests.Request` object.
        :param data: (optional) Dictionary, list of tuples, bytes, or
            file-like object to send in the body.
        :param json: (optional) json to send in the body.
        :param \\*\\*kwargs: Optional arguments that ``request`` takes.
        :rtype: requests.Response
        """
        return self.request("POST", url, data=data, json=json, **kwargs)

    def put(self, url: str | bytes, data: Any = None, **kwargs: Any) -> Response:
        """Sends a PUT request. Returns :class:`~requests.Response` object.

        :param url: URL for the new :class:`~requests.Request` object.
        :param data: (optional) Dictionary, list of tuples, bytes, or
            file-like object to send in the body.
        :param \\*\\*kwargs: Optional arguments that ``request`` takes.
        :rtype: requests.Response
        """
        return self.request("PUT", url, data=data, **kwargs)

    def patch(self, url: str | bytes, data: Any = None, **kwargs: Any) -> Response:
        """Sends a PATCH request. Returns :class:`~requests.Response` object.

        :param url: URL for the new :class:`~requests.Request` object.
        :param data: (optional) Dictionary, list of tuples, bytes, or
            file-like object to send in the body.
        :param \\*\\*kwargs: Optional arguments that ``request`` takes.
        :rtype: requests.Response
        """
        return self.request("PATCH", url, data=data, **kwargs)

    def delete(self, url: str | bytes, **kwargs: Any) -> Response:
        """Sends a DELETE request. Returns :class:`~requests.Response` object.

        :param url: URL for the new :class:`~requests.Request` object.
        :param \\*\\*kwargs: Optional arguments that ``request`` takes.
        :rtype: requests.Response
        """
        return self.request("DELETE", url, **kwargs)
