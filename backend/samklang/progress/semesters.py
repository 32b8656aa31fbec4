"""Semesters: spring is January–June, autumn July–December, in Europe/Oslo time.

Assessments name their semester freely ("Vår 2027", "Høst 2027", "Haust 2027",
"Spring 2027", "2027-autumn"); `parse` reads the year and season from such a label so
scores can be put in time order and compared with the previous semester."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
SPRING, AUTUMN = "spring", "autumn"
_YEAR = re.compile(r"(19|20)\d\d")
_SPRING_WORDS = ("vår", "var", "spring", "v")
_AUTUMN_WORDS = ("høst", "haust", "høyst", "host", "autumn", "fall", "h")

Semester = tuple[int, str]  # (year, season)


def of_date(day: date) -> Semester:
    return (day.year, SPRING if day.month <= 6 else AUTUMN)


def of_datetime(moment: datetime) -> Semester:
    return of_date(moment.astimezone(OSLO).date())


def key(semester: Semester) -> str:
    """The stable name used by the API: "2027-spring", "2027-autumn"."""
    return f"{semester[0]}-{semester[1]}"


def order(semester: Semester) -> tuple[int, int]:
    return (semester[0], 0 if semester[1] == SPRING else 1)


def previous(semester: Semester) -> Semester:
    year, season = semester
    return (year - 1, AUTUMN) if season == SPRING else (year, SPRING)


def following(semester: Semester) -> Semester:
    year, season = semester
    return (year, AUTUMN) if season == SPRING else (year + 1, SPRING)


def bounds(semester: Semester) -> tuple[date, date]:
    year, season = semester
    if season == SPRING:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 7, 1), date(year, 12, 31)


def end_utc(semester: Semester) -> datetime:
    """The first instant after the semester (Oslo midnight), in UTC."""
    year, season = following(semester)
    start = bounds((year, season))[0]
    return datetime(start.year, start.month, start.day, tzinfo=OSLO).astimezone(UTC)


def span(first: Semester, last: Semester) -> list[Semester]:
    found: list[Semester] = []
    current = first
    while order(current) <= order(last):
        found.append(current)
        current = following(current)
    return found


def parse(label: str) -> Semester | None:
    """(year, season) from a label, or None when it cannot be read."""
    text = label.strip().lower()
    match = _YEAR.search(text)
    if match is None:
        return None
    year = int(match.group(0))
    words = [w for w in re.split(r"[^a-zæøå]+", text) if w]
    for word in words:
        if word in _SPRING_WORDS or word.startswith("vår") or word.startswith("spring"):
            return (year, SPRING)
        if word in _AUTUMN_WORDS or word.startswith(("høst", "haust", "autumn")):
            return (year, AUTUMN)
    return None
