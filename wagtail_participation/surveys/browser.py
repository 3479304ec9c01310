"""The signed cookie that tells one anonymous browser from another (surveys and polls).

A resident who answers a one-response survey or votes in a poll without signing in gets a
random token in a signed, HTTP-only cookie; the services turn it into a ``dedupe_key``
(hashed with the survey or poll, so the token itself is stored nowhere).
"""

import secrets

from django.http import HttpRequest, HttpResponse

BROWSER_COOKIE = "wp_survey_browser"
BROWSER_COOKIE_SALT = "wagtail_participation.surveys.browser"
BROWSER_COOKIE_AGE = 60 * 60 * 24 * 365


def browser_token(request: HttpRequest) -> str | None:
    """This browser's token, or None (no cookie, or one that was tampered with)."""
    return request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE_SALT)


def new_browser_token() -> str:
    return secrets.token_urlsafe(24)


def set_browser_cookie(response: HttpResponse, request: HttpRequest, token: str) -> None:
    """Give the browser ``token`` (made by ``new_browser_token``) for a year."""
    response.set_signed_cookie(
        BROWSER_COOKIE,
        token,
        salt=BROWSER_COOKIE_SALT,
        max_age=BROWSER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
