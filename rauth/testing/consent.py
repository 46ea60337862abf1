"""
rauth.testing.consent
---------------------

The provider's consent page: what a user's browser shows at an authorize
URL, a real HTML page with **Approve** and **Deny** buttons, so a web app
can be tested as its users meet it, clicking through a browser.

Who sees it is the provider's ``consent`` setting:

``"browser"`` (the default)
    Clients that ask for HTML (``Accept: text/html``, as every browser
    does) get the page; other clients (``requests``, which sends
    ``Accept: */*``) are answered at once, as :attr:`Provider.approve
    <rauth.testing.Provider.approve>` says. Scripts and tests that read the
    redirect keep working unchanged.
``"always"``
    Every client gets the page first.
``"never"``
    Nobody does: the provider answers at once.

An authorize URL with an ``approve`` query parameter skips the page: the
parameter is the user's answer. The page posts the user's answer back to
the same URL (query unchanged, so Ofly's signed query still verifies); the
provider then answers that request as if it were the original ``GET``.
"""

from __future__ import annotations

import dataclasses
import html
from urllib.parse import parse_qsl

from rauth.testing.messages import HttpRequest, HttpResponse

__all__ = [
    "CONSENT_FIELD",
    "CONSENT_MODES",
    "answered",
    "consent_page",
    "shows_page",
]

#: The form field the page posts: ``approve`` or ``deny``.
CONSENT_FIELD = "consent"
#: The values of the provider's ``consent`` setting.
CONSENT_MODES = ("browser", "always", "never")
#: Query parameters that name the client asking, by protocol.
_CLIENT_PARAMS = ("client_id", "oflyAppId")

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authorize {client}? rauth.testing.Provider</title>
<style>
body {{ font-family: sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; }}
button {{ font-size: 1rem; padding: .5rem 1.5rem; margin-right: 1rem; }}
</style>
</head>
<body>
<h1>Authorize {client}?</h1>
<p>Signed in as <strong id="user">{user}</strong> at rauth.testing.Provider.</p>
<p>{client} asks to use your account{scope}.</p>
<form method="post" action="{action}">
<button type="submit" id="approve" name="{field}" value="approve">Approve</button>
<button type="submit" id="deny" name="{field}" value="deny">Deny</button>
</form>
</body>
</html>
"""


def shows_page(mode: str, request: HttpRequest) -> bool:
    """Whether an authorize request gets the consent page.

    :param mode: The provider's ``consent`` setting, one of
        :data:`CONSENT_MODES`.
    :type mode: str
    :param request: A ``GET`` of the authorize URL.
    :type request: rauth.testing.messages.HttpRequest
    :rtype: bool
    """
    if mode == "never" or request.method != "GET":
        return False
    return mode == "always" or "text/html" in request.header("Accept").lower()


def answered(request: HttpRequest) -> tuple[HttpRequest, bool] | None:
    """Read the user's answer from a post of the consent page.

    :param request: A request to the authorize URL.
    :type request: rauth.testing.messages.HttpRequest
    :returns: ``None`` if it is not the page's post, else the original
        ``GET`` of the authorize URL and whether the user approved.
    :rtype: tuple or None
    """
    if request.method != "POST":
        return None
    answer = dict(request.form_pairs()).get(CONSENT_FIELD)
    if answer not in ("approve", "deny"):
        return None
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-type"}
    original = dataclasses.replace(request, method="GET", headers=headers, body=b"")
    return original, answer == "approve"


def consent_page(request: HttpRequest, user: str) -> HttpResponse:
    """Build the consent page for an authorize request.

    :param request: The browser's ``GET`` of the authorize URL.
    :type request: rauth.testing.messages.HttpRequest
    :param user: Who is signed in at the provider.
    :type user: str
    :rtype: rauth.testing.messages.HttpResponse
    """
    query = dict(parse_qsl(request.query, keep_blank_values=True))
    client = next((query[name] for name in _CLIENT_PARAMS if query.get(name)), "An application")
    scope = f" ({query['scope']})" if query.get("scope") else ""
    action = request.path + ("?" + request.query if request.query else "")
    page = _PAGE.format(
        client=html.escape(client),
        user=html.escape(user),
        scope=html.escape(scope),
        action=html.escape(action),
        field=CONSENT_FIELD,
    )
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
    return HttpResponse(200, headers, page.encode("utf-8"))
