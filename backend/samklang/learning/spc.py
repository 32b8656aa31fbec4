"""Statistical process control for measures: run charts judged by Anhøj's rules, XmR, p and
u control charts, phases, and a verdict in the spirit of NHS England's "Making Data Count".

Pure functions over plain numbers; no database, no I/O. Indices refer to the input order
(the measure's points by date).

- Run chart: centre = the phase's median; no limits.
- XmR (individuals): centre = mean, limits = mean ± 2.66 × mean moving range (within the
  phase; 2.66 = 3 / d2 with d2 = 1.128 for ranges of two).
- p chart: value = count, denominator = the number it is out of; y = value / denominator,
  centre p̄ = Σx / Σn, limits p̄ ± 3√(p̄(1 − p̄) / nᵢ) per point, clipped to [0, 1].
- u chart: y = value / denominator, centre ū = Σx / Σn, limits ū ± 3√(ū / nᵢ) per point,
  the lower clipped at 0.

Run rules are judged around each phase's centre line (median or mean), as qicharts2 does
(Anhøj 2015): an unusually long run (longer than round(log₂ n + 3)) or unusually few
crossings (fewer than qbinom(0.05, n − 1, 0.5)), with n the useful observations (points
not on the centre line). The IHI shift rule (six or more on one side) is an option.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import median as _median
from typing import Literal

ChartType = Literal["run", "xmr", "p", "u"]
Rule = Literal["long_run", "few_crossings", "shift", "outside_limits"]
Variation = Literal["improvement", "concern", "neither", "common", "too_few"]
Assurance = Literal["likely", "unlikely", "uncertain"]

XMR_FACTOR = 2.66
SHIFT_LENGTH = 6
# The Anhøj limits are tabled from ten useful observations; fewer points get no verdict.
MIN_POINTS_FOR_VERDICT = 10


def longest_run_max(n_useful: int) -> int:
    """Upper 95 % prediction limit for the longest run: round(log₂ n + 3)."""
    if n_useful < 1:
        return 0
    return math.floor(math.log2(n_useful) + 3 + 0.5)


def crossings_min(n_useful: int) -> int:
    """Lower 5 % prediction limit for the number of crossings: qbinom(0.05, n − 1, 0.5),
    the smallest c with P(X ≤ c) ≥ 0.05 for X ~ Binomial(n − 1, ½), in exact integers."""
    trials = max(n_useful - 1, 0)
    total = 2**trials
    cumulative = 0
    for c in range(trials + 1):
        cumulative += math.comb(trials, c)
        if 20 * cumulative >= total:
            return c
    return trials


@dataclass(frozen=True)
class Run:
    side: int  # +1 above the centre, -1 below
    indices: tuple[int, ...]  # points in the run (on-centre points excluded)


def runs_about(ys: list[float | None], centres: list[float | None]) -> list[Run]:
    """Runs of useful points on one side of the centre; points on the centre line (or
    without a value) neither break a run nor count towards it."""
    found: list[Run] = []
    side = 0
    current: list[int] = []
    for i, (y, c) in enumerate(zip(ys, centres, strict=True)):
        if y is None or c is None or y == c:
            continue
        here = 1 if y > c else -1
        if here != side and current:
            found.append(Run(side, tuple(current)))
            current = []
        side = here
        current.append(i)
    if current:
        found.append(Run(side, tuple(current)))
    return found


@dataclass(frozen=True)
class RunsAnalysis:
    n_useful: int
    longest_run: int
    longest_run_max: int
    crossings: int
    crossings_min: int
    long_runs: list[Run]  # runs longer than the limit
    few_crossings: bool
    shifts: list[Run]  # runs of SHIFT_LENGTH or more (IHI)
    useful: tuple[int, ...]


def runs_analysis(ys: list[float | None], centres: list[float | None]) -> RunsAnalysis:
    runs = runs_about(ys, centres)
    n_useful = sum(len(r.indices) for r in runs)
    longest = max((len(r.indices) for r in runs), default=0)
    limit = longest_run_max(n_useful)
    crossings = max(len(runs) - 1, 0)
    minimum = crossings_min(n_useful)
    return RunsAnalysis(
        n_useful=n_useful,
        longest_run=longest,
        longest_run_max=limit,
        crossings=crossings,
        crossings_min=minimum,
        long_runs=[r for r in runs if n_useful and len(r.indices) > limit],
        few_crossings=n_useful > 0 and crossings < minimum,
        shifts=[r for r in runs if len(r.indices) >= SHIFT_LENGTH],
        useful=tuple(i for r in runs for i in r.indices),
    )


@dataclass(frozen=True)
class PhaseResult:
    start: int  # index of the phase's first point
    end: int  # index of its last point (inclusive)
    centre: float | None
    lower: float | None  # for p and u charts: the limits at the phase's mean denominator
    upper: float | None
    runs: RunsAnalysis


@dataclass(frozen=True)
class Signal:
    rule: Rule
    indices: tuple[int, ...]


@dataclass(frozen=True)
class Verdict:
    variation: Variation
    assurance: Assurance | None  # None without a target or without limits


@dataclass
class Analysis:
    chart: ChartType
    denominators: list[float | None]
    y: list[float | None]
    centre: list[float | None]
    lower: list[float | None]
    upper: list[float | None]
    phases: list[PhaseResult]
    signals: list[Signal] = field(default_factory=list)
    verdict: Verdict = Verdict("too_few", None)


def plotted(
    chart: ChartType, values: list[float], denominators: list[float | None]
) -> list[float | None]:
    """What the chart plots: the value, or for p and u charts value / denominator (a point
    without a positive denominator is left out)."""
    if chart in ("run", "xmr"):
        return list(values)
    return [
        v / d if d is not None and d > 0 else None
        for v, d in zip(values, denominators, strict=True)
    ]


def _limits(
    chart: ChartType,
    ys: list[float | None],
    values: list[float],
    dens: list[float | None],
) -> tuple[
    float | None, list[tuple[float | None, float | None]], tuple[float | None, float | None]
]:
    """Centre, per-point (lower, upper), and the phase's summary (lower, upper) of one phase."""
    present = [y for y in ys if y is not None]
    none: list[tuple[float | None, float | None]] = [(None, None)] * len(ys)
    if not present:
        return None, none, (None, None)
    if chart == "run":
        return float(_median(present)), none, (None, None)
    if chart == "xmr":
        centre = sum(present) / len(present)
        if len(present) < 2:
            return centre, none, (None, None)
        mr = sum(abs(b - a) for a, b in zip(present, present[1:], strict=False)) / (
            len(present) - 1
        )
        lo, hi = centre - XMR_FACTOR * mr, centre + XMR_FACTOR * mr
        return centre, [(lo, hi) if y is not None else (None, None) for y in ys], (lo, hi)
    used = [(v, d) for v, d, y in zip(values, dens, ys, strict=True) if y is not None and d]
    total_x = sum(v for v, _ in used)
    total_n = sum(d for _, d in used)
    centre = total_x / total_n

    per_point: list[tuple[float | None, float | None]] = [
        _band(chart, centre, d) if y is not None and d else (None, None)
        for y, d in zip(ys, dens, strict=True)
    ]
    return centre, per_point, _band(chart, centre, total_n / len(used))


def _band(chart: ChartType, centre: float, n: float) -> tuple[float, float]:
    """Three-sigma limits of a p or u chart at denominator n."""
    if chart == "p":
        spread = 3 * math.sqrt(max(centre * (1 - centre), 0.0) / n)
        return max(centre - spread, 0.0), min(centre + spread, 1.0)
    spread = 3 * math.sqrt(max(centre / n, 0.0))  # a negative count has no spread
    return max(centre - spread, 0.0), centre + spread


def _phase_bounds(count: int, phase_starts: list[int]) -> list[tuple[int, int]]:
    starts = sorted({0, *(s for s in phase_starts if 0 < s < count)})
    return [
        (s, (starts[k + 1] - 1) if k + 1 < len(starts) else count - 1) for k, s in enumerate(starts)
    ]


def analyse(
    chart: ChartType,
    values: list[float],
    denominators: list[float | None] | None = None,
    phase_starts: list[int] | None = None,
    *,
    direction: Literal["up", "down"] = "up",
    target: float | None = None,
    shift_rule: bool = False,
) -> Analysis:
    """The whole chart: per-point centre and limits, phases, signals and the verdict.

    `phase_starts` are indices where a new phase begins (the first point always starts one).
    """
    count = len(values)
    dens: list[float | None] = list(denominators) if denominators is not None else [None] * count
    ys = plotted(chart, values, dens)
    result = Analysis(chart, dens, ys, [None] * count, [None] * count, [None] * count, [])
    if count == 0:
        return result
    for start, end in _phase_bounds(count, phase_starts or []):
        part = slice(start, end + 1)
        centre, per_point, (lo, hi) = _limits(chart, ys[part], values[part], dens[part])
        for offset, (p_lo, p_hi) in enumerate(per_point):
            i = start + offset
            result.centre[i] = centre if ys[i] is not None else None
            result.lower[i], result.upper[i] = p_lo, p_hi
        runs = runs_analysis(ys[part], [centre] * (end - start + 1))
        result.phases.append(PhaseResult(start, end, centre, lo, hi, _shift(runs, start)))
        for run in result.phases[-1].runs.long_runs:
            result.signals.append(Signal("long_run", run.indices))
        if runs.few_crossings:
            result.signals.append(Signal("few_crossings", tuple(i + start for i in runs.useful)))
        if shift_rule:
            for run in result.phases[-1].runs.shifts:
                result.signals.append(Signal("shift", run.indices))
        outside = _outside(ys, result.lower, result.upper, start, end)
        if outside:
            result.signals.append(Signal("outside_limits", outside))
    result.verdict = verdict(result, direction=direction, target=target, shift_rule=shift_rule)
    return result


def _shift(runs: RunsAnalysis, offset: int) -> RunsAnalysis:
    """The phase's runs analysis with indices made absolute."""

    def moved(items: list[Run]) -> list[Run]:
        return [Run(r.side, tuple(i + offset for i in r.indices)) for r in items]

    return RunsAnalysis(
        n_useful=runs.n_useful,
        longest_run=runs.longest_run,
        longest_run_max=runs.longest_run_max,
        crossings=runs.crossings,
        crossings_min=runs.crossings_min,
        long_runs=moved(runs.long_runs),
        few_crossings=runs.few_crossings,
        shifts=moved(runs.shifts),
        useful=tuple(i + offset for i in runs.useful),
    )


def _outside(
    ys: list[float | None],
    lower: list[float | None],
    upper: list[float | None],
    start: int,
    end: int,
) -> tuple[int, ...]:
    found = []
    for i in range(start, end + 1):
        y, lo, hi = ys[i], lower[i], upper[i]
        if y is None or lo is None or hi is None:
            continue
        if y < lo or y > hi:
            found.append(i)
    return tuple(found)


def verdict(
    analysis: Analysis,
    *,
    direction: Literal["up", "down"] = "up",
    target: float | None = None,
    shift_rule: bool = False,
) -> Verdict:
    """Making Data Count's two questions about the latest phase.

    Variation: special cause in the latest phase, judged around its own centre line and,
    when an earlier phase exists, against the earlier phase's centre and limits (the
    process before the change); a signal on the side the measure wants to move is
    improvement, on the other side concern; unusually few crossings alone is special cause
    of neither kind. Fewer than ten points in all give no verdict.

    Assurance: where the target lies against the latest phase's limits (control charts):
    consistently met (likely), consistently missed (unlikely), or hit and miss (uncertain).
    """
    if sum(1 for y in analysis.y if y is not None) < MIN_POINTS_FOR_VERDICT:
        return Verdict("too_few", None)
    latest = analysis.phases[-1]
    want = 1 if direction == "up" else -1
    sides: list[tuple[int, int]] = []  # (index, side) of directional evidence

    def gather(
        ys: list[float | None], centre: float | None, lo: list[float | None], hi: list[float | None]
    ) -> bool:
        part = ys[latest.start : latest.end + 1]
        runs = runs_analysis(part, [centre] * len(part))
        for run in runs.long_runs + (runs.shifts if shift_rule else []):
            sides.extend((latest.start + i, run.side) for i in run.indices)
        for i in range(latest.start, latest.end + 1):
            y, low, high = ys[i], lo[i], hi[i]
            if y is None:
                continue
            if high is not None and y > high:
                sides.append((i, 1))
            elif low is not None and y < low:
                sides.append((i, -1))
        return runs.few_crossings

    few = gather(analysis.y, latest.centre, analysis.lower, analysis.upper)
    if len(analysis.phases) > 1:
        before = analysis.phases[-2]
        lo, hi = _baseline_limits(analysis, before)
        gather(analysis.y, before.centre, lo, hi)
    if sides:
        last_side = max(sides)[1]
        variation: Variation = "improvement" if last_side == want else "concern"
    elif few:
        variation = "neither"
    else:
        variation = "common"
    return Verdict(variation, _assurance(latest, analysis, direction, target))


def _baseline_limits(
    analysis: Analysis, before: PhaseResult
) -> tuple[list[float | None], list[float | None]]:
    """The earlier phase's limits carried over every point (for p and u charts at each
    point's own denominator)."""
    count = len(analysis.y)
    if analysis.chart not in ("p", "u") or before.centre is None:
        return [before.lower] * count, [before.upper] * count
    lo: list[float | None] = [None] * count
    hi: list[float | None] = [None] * count
    for i, (y, d) in enumerate(zip(analysis.y, analysis.denominators, strict=True)):
        if y is not None and d:
            lo[i], hi[i] = _band(analysis.chart, before.centre, d)
    return lo, hi


def _assurance(
    latest: PhaseResult, analysis: Analysis, direction: str, target: float | None
) -> Assurance | None:
    if target is None or analysis.chart == "run" or latest.lower is None or latest.upper is None:
        return None
    lo, hi = latest.lower, latest.upper
    if direction == "up":
        return "likely" if target <= lo else "unlikely" if target > hi else "uncertain"
    return "likely" if target >= hi else "unlikely" if target < lo else "uncertain"
