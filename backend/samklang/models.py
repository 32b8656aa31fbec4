"""Every table, imported once so that Alembic, the app and the command line see the whole
metadata: the one place that knows every domain's models. The app (main.py), the command
line (cli.py) and the migrations (migrations/env.py) import it; a new domain adds its models
here."""

# Domains that export their tables from their own models module register them on import.
import samklang.knowledge.models
import samklang.learning.drivers  # noqa: F401
import samklang.progress.models
import samklang.sharing.models  # noqa: F401
import samklang.sharing.notification_models  # noqa: F401
from samklang.audit.models import AuditEvent
from samklang.auth.models import Invitation, LoginFailure, PasswordReset, RefreshToken, User
from samklang.core import changes
from samklang.core.db import Base
from samklang.email.models import EmailMessage
from samklang.files.models import StoredFile
from samklang.gatherings.models import (
    AgendaItem,
    Answer,
    AnswerRevision,
    Assignment,
    AssignmentResponse,
    BreakoutGroup,
    CalendarFeed,
    Gathering,
    GroupWorkspace,
    Prompt,
    Registration,
    ReminderSent,
    SeatPool,
)
from samklang.jobs.models import JobRun
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
    "AuditEvent",
    "AgendaItem",
    "Assignment",
    "AssignmentResponse",
    "Answer",
    "AnswerRevision",
    "BreakoutGroup",
    "CalendarFeed",
    "Gathering",
    "GroupWorkspace",
    "Prompt",
    "Registration",
    "ReminderSent",
    "SeatPool",
    "Assessment",
    "Cycle",
    "CycleMeasure",
    "Entry",
    "Measure",
    "MeasurePoint",
    "Project",
    "StoredFile",
    "JobRun",
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

# The tables a delete reaches through the database itself, from the complete schema: the
# write counters (core/changes.py) and the notifications to other processes use them.
changes.know_schema(Base.metadata)
