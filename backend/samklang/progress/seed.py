"""Demo data of the progress domain (called by samklang.seed.seed_demo)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import User
from samklang.core.db import utcnow
from samklang.learning.models import Cycle
from samklang.network.models import Workspace
from samklang.progress.models import Report, ReportKind
from samklang.progress.semesters import OSLO

FOREWORD = """Dette er Bodøs første delrapport i Fremtidens kulturskole.

Vi har brukt høsten på å prøve ut kulturskoletimen sammen med to barneskoler, og på å
måle hvor mange elever som deltar. Rapporten er satt sammen av det teamet allerede har
logget: syklusene, målingene og egenvurderingen.

- Hva vi har lært: tidlig involvering av lærerne gjør gjennomføringen lettere.
- Hva vi trenger: mer tid til felles planlegging på tvers av skole og kulturskole.
"""


async def seed_progress(session: AsyncSession, users: dict[str, User]) -> None:
    """Create the progress demo data (seed_demo calls it once per new demo network):
    an interim report for Bodø covering its cycles so far, with a foreword."""
    workspace = await session.scalar(select(Workspace).where(Workspace.name == "Bodø"))
    if workspace is None:
        return
    cycle_ids = list(
        await session.scalars(
            select(Cycle.id)
            .where(Cycle.workspace_id == workspace.id)
            .order_by(Cycle.created_at, Cycle.id)
        )
    )
    today = utcnow().astimezone(OSLO).date()
    author = users.get("pilot")
    session.add(
        Report(
            workspace_id=workspace.id,
            kind=ReportKind.interim.value,
            title="Delrapport – Bodø",
            period_start=today - timedelta(days=120),
            period_end=today,
            foreword=FOREWORD,
            cycle_ids=cycle_ids,
            visibility="workspace",
            version=1,
            created_by_id=author.id if author else None,
            updated_by_id=author.id if author else None,
        )
    )
    await session.flush()
