"""A measure's run chart as the app shows it: its points, their median and the shifts
(learning's measure page and progress's overviews and reports draw the same chart)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from samklang.learning import stats
from samklang.learning.models import MeasurePoint
from samklang.learning.schemas import PointOut, ShiftOut


class RunChart(TypedDict):
    points: list[PointOut]
    median: float | None
    shifts: list[ShiftOut]


def run_chart(points: Sequence[MeasurePoint]) -> RunChart:
    values = [p.value for p in points]
    centre = stats.median(values)
    return RunChart(
        points=[PointOut(id=p.id, date=p.date, value=p.value, note=p.note) for p in points],
        median=centre,
        shifts=[
            ShiftOut(
                start_date=points[s.start].date,
                end_date=points[s.end].date,
                side=s.side,
                length=s.length,
            )
            for s in stats.shifts(values, centre)
        ],
    )
