"""Every table, imported once so that Alembic and the app see the whole metadata."""

from samklang.auth.models import Invitation, LoginFailure, PasswordReset, RefreshToken, User
from samklang.core.db import Base
from samklang.email.models import EmailMessage

__all__ = [
    "Base",
    "EmailMessage",
    "Invitation",
    "LoginFailure",
    "PasswordReset",
    "RefreshToken",
    "User",
]
