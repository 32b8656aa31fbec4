"""My data: the export of everything about a person, and the deletion of their account.

The export is a ZIP of JSON files plus the files they uploaded. It holds only what the
person wrote or did themselves (rows where they are recorded as author, asker, creator,
registrant, ...), never another person's text; each table costs one query.

Deleting an account erases the person, not the network's shared work:

- the `users` row stays, so content keeps an author, but its name becomes a fixed
  placeholder (shown as "former member" in the reader's language), the email a unique
  address under `.invalid` (RFC 2606: never delivered), the password hash is cleared, the
  account is inactive and marked `deleted_at`;
- sign-ins (refresh tokens with their addresses and browsers), password-reset links,
  pending invitations to the address, failed sign-in counts and queued email to it,
  memberships and mentor links, follows, notifications and their settings, the calendar
  feed and sign-ups to gatherings not yet over are deleted; needs given for past
  gatherings (diet, accessibility) are erased;
- what they wrote stays, attributed to "former member": cycles, entries, measures,
  resources, comments, posts, questions, group and assignment answers; reactions and
  "I wonder too" votes stay as anonymous counts;
- uploads they never attached to anything are deleted, rows and bytes;
- with `erase_content` (the project team's choice) their comments become "deleted"
  placeholders, their posts are deleted and withdrawn from every feed (with the files
  attached to them, rows and bytes), their reactions are removed, and their questions no
  longer name them or their workspace.

Audit events keep the account's id (the log shows "former member"); new events never
hold the erased name or email. Events written before the deletion keep what they
recorded (such as the address tried in a failed sign-in) until the retention period
(`SAMKLANG_AUDIT_RETENTION_DAYS`) removes them: a security log the GDPR allows.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.audit.service import record
from samklang.auth import service as auth_service
from samklang.auth.models import User
from samklang.core.config import Settings
from samklang.core.db import utcnow
from samklang.core.errors import FieldError, NotFound, ValidationFailed
from samklang.core.i18n import t
from samklang.core.security import verify_password
from samklang.files import service as files_service
from samklang.files.models import StoredFile
from samklang.gatherings import service as gatherings_service
from samklang.gatherings.models import AnswerRevision, AssignmentResponse, Registration
from samklang.knowledge import questions as knowledge_questions
from samklang.knowledge.models import Question, QuestionVote, Resource
from samklang.learning.models import Assessment, Cycle, Entry, MeasurePoint
from samklang.network import service as network_service
from samklang.network.models import Application, Membership, Workspace
from samklang.progress.models import Report
from samklang.sharing import accounts as sharing_accounts
from samklang.sharing.models import (
    Comment,
    ContentReport,
    Post,
    Reaction,
    TopicFollow,
    WorkspaceFollow,
)
from samklang.sharing.notification_models import NotificationSetting

# Columns never exported: internal storage keys, and HTML rendered from the text exported.
_SKIP = {"storage_key", "body_html", "answer_html", "description_html"}

# One file per table: (name in the ZIP, the person's column, columns to keep or None: all).
# Cycles and reports are written together by a workspace, so only what identifies them
# and that this person created them is exported, not the texts others wrote in them.
SOURCES: list[tuple[str, Any, tuple[str, ...] | None]] = [
    ("applications", Application.applicant_id, None),
    ("cycles_created", Cycle.created_by_id, ("id", "workspace_id", "title", "created_at")),
    ("entries", Entry.author_id, None),
    ("measure_points", MeasurePoint.created_by_id, None),
    ("assessments", Assessment.created_by_id, None),
    ("reports_created", Report.created_by_id, ("id", "workspace_id", "title", "created_at")),
    ("posts", Post.author_id, None),
    ("comments", Comment.author_id, None),
    ("reactions", Reaction.user_id, None),
    ("content_reports", ContentReport.reporter_id, None),
    ("workspace_follows", WorkspaceFollow.user_id, None),
    ("topic_follows", TopicFollow.user_id, None),
    (
        "questions",
        Question.asker_id,
        ("id", "title", "body", "anonymous", "status", "created_at", "updated_at"),
    ),
    ("question_votes", QuestionVote.user_id, None),
    (
        "answers_written",
        Question.answered_by_id,
        ("id", "answer_body", "answered_at", "answer_published", "answer_public"),
    ),
    ("resources", Resource.created_by_id, None),
    ("gathering_registrations", Registration.user_id, None),
    ("group_answer_versions", AnswerRevision.author_id, None),
    ("assignment_answers_last_saved", AssignmentResponse.updated_by_id, None),
    ("notification_settings", NotificationSetting.user_id, None),
    ("files", StoredFile.owner_id, None),
]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: Any, keep: tuple[str, ...] | None) -> dict[str, Any]:
    columns = [c.key for c in inspect(type(obj)).column_attrs]
    wanted = [c for c in columns if c not in _SKIP and (keep is None or c in keep)]
    return {c: _plain(getattr(obj, c)) for c in wanted}


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _zip_name(stored: StoredFile) -> str:
    return f"files/{stored.id}-{files_service.safe_name(stored.name) or 'file'}"


async def user_for_admin(session: AsyncSession, user_id: str) -> User:
    user = await session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound("No such user")
    return user


async def export(session: AsyncSession, settings: Settings, actor: User, user: User) -> IO[bytes]:
    """Everything about `user` as a ZIP (in a temporary file, rewound). Records the act."""
    memberships = (
        await session.execute(
            select(Membership, Workspace.name, Workspace.tier)
            .join(Workspace, Workspace.id == Membership.workspace_id)
            .where(Membership.user_id == user.id)
            .order_by(Workspace.name)
        )
    ).tuples()
    sign_ins = await auth_service.active_sign_ins(session, user, None)
    profile = {
        "exported_at": utcnow().isoformat(),
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "locale": user.locale,
        "created_at": _plain(user.created_at),
        "memberships": [
            {
                "workspace_id": m.workspace_id,
                "workspace_name": name,
                "tier": tier,
                "role": m.role,
                "function": m.function,
                "since": _plain(m.created_at),
            }
            for m, name, tier in memberships
        ],
        "active_sign_ins": [
            {
                "started_at": _plain(s.started_at),
                "last_active_at": _plain(s.last_active_at),
                "user_agent": s.user_agent,
                "ip_address": s.ip_address,
            }
            for s in sign_ins
        ],
    }
    tables: dict[str, list[dict[str, Any]]] = {}
    stored_files: list[StoredFile] = []
    for name, column, keep in SOURCES:
        model = column.class_
        rows = list(await session.scalars(select(model).where(column == user.id)))
        if model is StoredFile:
            stored_files = rows
        tables[name] = [_row(r, keep) for r in rows]
    for item in tables["files"]:
        item["path_in_this_archive"] = next(
            _zip_name(f) for f in stored_files if f.id == item["id"]
        )

    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    storage = files_service.storage_for(settings)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", t("privacy.export_readme", user.locale))
        archive.writestr("profile.json", _dump(profile))
        for name, items in tables.items():
            archive.writestr(f"{name}.json", _dump(items))
        for stored in stored_files:
            try:
                with archive.open(_zip_name(stored), "w") as handle:
                    async for chunk in storage.stream(stored.storage_key):
                        handle.write(chunk)
            except FileNotFoundError:
                continue  # the bytes are gone (a restore without files): the row says so
    spool.seek(0)
    await record(
        session,
        "export.my_data",
        actor=actor,
        target_type="user",
        target_id=user.id,
        details={"by_project_team": actor.id != user.id},
    )
    return spool


async def stream(spool: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := spool.read(256 * 1024):
            yield chunk
    finally:
        spool.close()


async def check_password(user: User, password: str, locale: str) -> None:
    if not await verify_password(user.password_hash, password):
        raise ValidationFailed(
            t("privacy.wrong_password", locale),
            errors=[FieldError(field="password", message=t("privacy.wrong_password", locale))],
        )


async def delete_account(
    session: AsyncSession,
    settings: Settings,
    actor: User,
    user: User,
    *,
    erase_content: bool,
) -> list[str]:
    """Erase the person (see the module text); with `erase_content` also their conversation.
    Returns the storage keys of the files erased with them: the caller deletes the bytes
    (`files_service.delete_bytes`) once this has committed."""
    if user.deleted_at is not None:
        raise NotFound("No such user")
    await network_service.forget_user(session, actor, user.id)
    await sharing_accounts.forget_user(session, user.id)
    await gatherings_service.forget_user(session, settings, user.id)
    erased: dict[str, int] = {}
    # Uploads never attached to anything are theirs alone.
    files = await files_service.forget(
        session, StoredFile.owner_id == user.id, StoredFile.attached_id.is_(None)
    )
    if erase_content:
        erased = await sharing_accounts.erase_content_of(session, user.id)
        erased["questions"] = await knowledge_questions.anonymise_questions_of(session, user.id)
        # the attachments of their posts, erased now or deleted before
        deleted_posts = select(Post.id).where(
            Post.author_id == user.id, Post.deleted_at.is_not(None)
        )
        files += await files_service.forget(
            session, StoredFile.attached_type == "post", StoredFile.attached_id.in_(deleted_posts)
        )
    await auth_service.erase_account(session, user)
    await record(
        session,
        "user.deleted",
        actor=actor,
        target_type="user",
        target_id=user.id,
        details={
            "by_project_team": actor.id != user.id,
            "content_erased": erase_content,
            "files_erased": len(files),
            **({"erased": erased} if erase_content else {}),
        },
    )
    await session.flush()
    return files
