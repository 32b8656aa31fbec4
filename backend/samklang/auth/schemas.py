from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from samklang.auth.models import Locale, Role

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Password = Annotated[str, Field(min_length=10, max_length=200)]


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class MembershipOut(BaseModel):
    workspace_id: str
    workspace_name: str
    tier: str
    role: str


class MeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    email: str
    name: str
    role: Role
    locale: Locale
    memberships: list[MembershipOut] = []


class MeUpdate(BaseModel):
    name: Name | None = None
    locale: Locale | None = None


class InvitationCreate(BaseModel):
    email: EmailStr
    name: Name
    role: Role = Role.member
    workspace_id: str | None = None
    workspace_role: str | None = None


class InvitationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    email: str
    name: str
    role: Role
    expires_at: datetime


class TokenIn(BaseModel):
    token: str = Field(min_length=1, max_length=200)


class InvitationPreview(BaseModel):
    email: str
    name: str


class InvitationAccept(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    name: Name
    password: Password


class PasswordResetRequest(BaseModel):
    email: EmailStr


class PasswordResetConfirm(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    password: Password


class SignInOut(BaseModel):
    """One of the user's active sign-ins (a browser or device)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    started_at: datetime
    last_active_at: datetime
    user_agent: str | None
    ip_address: str | None
    current: bool = Field(description="The sign-in this request comes from")
