"""The demo network has an interim report for Bodø that compiles to Markdown and PDF."""

from __future__ import annotations

import io

import httpx
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from samklang.auth.models import User
from samklang.core.config import Settings
from samklang.progress.models import Report
from samklang.seed import seed_demo
from tests.conftest import access_headers


async def test_demo_report(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    await seed_demo(session, settings)
    await session.commit()
    report = (await session.scalars(select(Report))).one()
    assert report.kind == "interim" and report.foreword.startswith("Dette er Bodøs")
    assert report.cycle_ids
    pilot = await session.scalar(select(User).where(User.email == "pilot@demo.samklang.no"))
    assert pilot is not None
    headers = await access_headers(session, settings, pilot)
    preview = await client.get(f"/api/v1/reports/{report.id}/preview", headers=headers)
    assert preview.status_code == 200
    body = preview.json()
    assert body["workspace_name"] == "Bodø"
    assert len(body["cycles"]) == len(report.cycle_ids)
    assert body["measures"] and body["aim"] is not None
    pdf = await client.get(f"/api/v1/reports/{report.id}.pdf", headers=headers)
    assert pdf.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dette er Bodøs første delrapport" in " ".join(text.split())
