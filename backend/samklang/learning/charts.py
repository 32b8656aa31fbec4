"""A measure's chart for the API: the SPC analysis (spc.py) of its points, mapped to point
ids and dates; and the plain run chart (median and shifts) that progress's overviews and
reports and the measure's `median`/`shifts` share."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict, cast

from samklang.learning import spc, stats
from samklang.learning.models import Measure, MeasurePoint
from samklang.learning.schemas import (
    Assurance,
    PhaseOut,
    PointOut,
    ShiftOut,
    SignalOut,
    SignalRule,
    Variation,
    VerdictOut,
)


def _finite(value: float | None) -> float | None:
    """JSON has no infinity: a sum or quotient that overflowed (values near 1e308) is left
    out rather than sent."""
    return value if value is not None and math.isfinite(value) else None


@dataclass
class Chart:
    points: list[PointOut]
    phases: list[PhaseOut]
    signals: list[SignalOut]
    verdict: VerdictOut


def analyse(measure: Measure, points: Sequence[MeasurePoint]) -> spc.Analysis:
    return spc.analyse(
        cast(spc.ChartType, measure.chart),
        [p.value for p in points],
        [p.denominator for p in points],
        [i for i, p in enumerate(points) if p.phase_start],
        direction="down" if measure.direction == "down" else "up",
        target=measure.target,
        shift_rule=measure.shift_rule,
    )


def verdict_out(analysis: spc.Analysis) -> VerdictOut:
    v = analysis.verdict
    return VerdictOut(
        variation=Variation(v.variation),
        assurance=None if v.assurance is None else Assurance(v.assurance),
    )


def verdict(measure: Measure, points: Sequence[MeasurePoint]) -> VerdictOut:
    return verdict_out(analyse(measure, points))


def chart(measure: Measure, points: Sequence[MeasurePoint]) -> Chart:
    result = analyse(measure, points)
    return Chart(
        points=[
            PointOut(
                id=p.id,
                date=p.date,
                value=p.value,
                note=p.note,
                denominator=p.denominator,
                phase_start=p.phase_start,
                y=_finite(result.y[i]),
                centre=_finite(result.centre[i]),
                lower=_finite(result.lower[i]),
                upper=_finite(result.upper[i]),
            )
            for i, p in enumerate(points)
        ],
        phases=[
            PhaseOut(
                number=k + 1,
                start_point_id=points[ph.start].id,
                start_date=points[ph.start].date,
                end_date=points[ph.end].date,
                centre=_finite(ph.centre),
                lower=_finite(ph.lower),
                upper=_finite(ph.upper),
                n_useful=ph.runs.n_useful,
                longest_run=ph.runs.longest_run,
                longest_run_max=ph.runs.longest_run_max,
                crossings=ph.runs.crossings,
                crossings_min=ph.runs.crossings_min,
            )
            for k, ph in enumerate(result.phases)
        ],
        signals=[
            SignalOut(rule=SignalRule(s.rule), point_ids=[points[i].id for i in s.indices])
            for s in result.signals
        ],
        verdict=verdict_out(result),
    )


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
