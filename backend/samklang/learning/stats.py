"""Run-chart statistics: the median and the shift rule.

A shift is six or more consecutive points all above or all below the median; points
exactly on the median neither break a run nor count towards it (IHI's run-chart rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median as _median

SHIFT_LENGTH = 6


@dataclass(frozen=True)
class Shift:
    start: int  # index of the first point in the run
    end: int  # index of the last point in the run (inclusive)
    side: str  # "above" or "below"
    length: int  # points counted (on-median points excluded)


def median(values: list[float]) -> float | None:
    return float(_median(values)) if values else None


def shifts(values: list[float], centre: float | None) -> list[Shift]:
    if centre is None:
        return []
    found: list[Shift] = []
    side: str | None = None
    start = end = count = 0
    for i, value in enumerate(values):
        if value == centre:
            continue
        here = "above" if value > centre else "below"
        if here != side:
            if side is not None and count >= SHIFT_LENGTH:
                found.append(Shift(start, end, side, count))
            side, start, count = here, i, 0
        count += 1
        end = i
    if side is not None and count >= SHIFT_LENGTH:
        found.append(Shift(start, end, side, count))
    return found
