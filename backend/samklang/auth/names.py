"""How a person is named to others: a deleted account reads "former member" in the
caller's language, never the name it had (which deletion erases anyway)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, literal

from samklang.auth.models import User
from samklang.core.context import request_locale
from samklang.core.i18n import t


def former_member(locale: str | None = None) -> str:
    return t("user.former_member", locale or request_locale.get() or "nb")


def display_name(user: Any = User) -> Any:
    """A column expression for a user's shown name, to select in place of `User.name`
    (`user` may be an alias of the users table)."""
    shown_name = case((user.deleted_at.is_not(None), literal(former_member())), else_=user.name)
    return shown_name.label("name")


def shown(user: User, locale: str | None = None) -> str:
    return former_member(locale) if user.deleted_at is not None else user.name
