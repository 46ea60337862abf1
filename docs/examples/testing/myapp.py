"""The application under test: it logs a user in with OAuth 2 and greets them.

Nothing here knows about rauth.testing; the tests hand it a service pointed
at the test provider.
"""

from __future__ import annotations

import json

from rauth import OAuth2Service, OAuth2Session


def login_url(service: OAuth2Service, redirect_uri: str, state: str) -> str:
    """Where to send the user's browser to log in."""
    return service.get_authorize_url(
        response_type="code", redirect_uri=redirect_uri, scope="profile", state=state
    )


def finish_login(service: OAuth2Service, code: str, redirect_uri: str) -> OAuth2Session:
    """Exchange the code the browser came back with for a session."""
    data = {
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": redirect_uri,
    }
    return service.get_auth_session(data=data, decoder=json.loads)


def greeting(session: OAuth2Session) -> str:
    """Greet the user the session belongs to."""
    response = session.get("me")
    response.raise_for_status()
    return f"Hello, {response.json()['user']}!"
