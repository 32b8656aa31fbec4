"""Every table, imported once so that Alembic and the app see the whole metadata."""

from samklang.auth.models import Invitation, LoginFailure, PasswordReset, RefreshToken, User
from samklang.core.db import Base
from samklang.email.models import EmailMessage
from samklang.files.models import StoredFile
from samklang.learning.models import (
    Assessment,
    Cycle,
    CycleMeasure,
    Entry,
    Measure,
    MeasurePoint,
    Project,
)
from samklang.network.models import (
    Application,
    ApplicationMunicipality,
    Cohort,
    Criterion,
    Membership,
    Municipality,
    Organisation,
    Score,
    Workspace,
    WorkspaceMentor,
    WorkspaceMunicipality,
)

__all__ = [
    "Assessment",
    "Cycle",
    "CycleMeasure",
    "Entry",
    "Measure",
    "MeasurePoint",
    "Project",
    "StoredFile",
    "Application",
    "ApplicationMunicipality",
    "Cohort",
    "Criterion",
    "Membership",
    "Municipality",
    "Organisation",
    "Score",
    "Workspace",
    "WorkspaceMentor",
    "WorkspaceMunicipality",
    "Base",
    "EmailMessage",
    "Invitation",
    "LoginFailure",
    "PasswordReset",
    "RefreshToken",
    "User",
]
