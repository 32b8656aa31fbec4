"""The refresh token's cookie: set on sign-in, cleared on sign-out and account deletion."""

from __future__ import annotations

from fastapi import Response

from samklang.auth.schemas import TokenOut
from samklang.auth.service import SignIn
from samklang.core.config import Settings

REFRESH_COOKIE = "samklang_refresh"
COOKIE_PATH = "/api/v1/auth"


def set_refresh_cookie(response: Response, settings: Settings, token: str) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        token,
        max_age=settings.refresh_token_days * 86400,
        path=COOKIE_PATH,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        REFRESH_COOKIE,
        path=COOKIE_PATH,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="strict",
    )


def token_out(response: Response, settings: Settings, sign_in: SignIn) -> TokenOut:
    set_refresh_cookie(response, settings, sign_in.refresh_token)
    return TokenOut(access_token=sign_in.access.token, expires_in=sign_in.access.expires_in)
