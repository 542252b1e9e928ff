"""A few lines of RFC 6238 (TOTP), written from the standard rather than taken from allauth, so the
tests check allauth's codes against an independent implementation; and the sign-in steps."""

import base64
import hashlib
import hmac
import re
import struct
import time

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # an authenticator app's key (base32)


def totp(secret, at=None, step=30, digits=6):
    """The code an authenticator app shows for ``secret`` (base32) at ``at`` (default: now)."""
    key = base64.b32decode(secret, casefold=True)
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def sign_in(client, user, password=PASSWORD):
    """The first step (email and password) through allauth's form; returns the response."""
    return client.post("/accounts/login/", {"login": user.email, "password": password})


def confirm_password(client, response, password=PASSWORD):
    """allauth asks for the password again before a change to how someone signs in (setting up a
    second factor); answer it and return the page it then shows."""
    assert response.status_code == 302 and response["Location"].startswith(
        "/accounts/reauthenticate/"
    ), response
    confirmed = client.post(response["Location"], {"password": password})
    assert confirmed.status_code == 302, confirmed.content.decode()[:2000]
    return client.get(confirmed["Location"])


def second_step(client, code):
    return client.post("/accounts/2fa/authenticate/", {"code": code})


def setup_key(response):
    """The setup key shown on the "Set up an authenticator app" page."""
    match = re.search(
        r'id="authenticator_secret"[^>]*value="([A-Z2-7=]+)"', response.content.decode()
    )
    if match is None:
        match = re.search(
            r'value="([A-Z2-7=]+)"[^>]*id="authenticator_secret"', response.content.decode()
        )
    assert match, "no setup key on the page"
    return match.group(1)
