"""Run-chart rules against hand-worked examples."""

from __future__ import annotations

from samklang.learning.stats import Shift, median, shifts


def test_median_of_odd_and_even_counts() -> None:
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    assert median([]) is None


def test_six_below_then_six_above_are_two_shifts() -> None:
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]  # median 6.5
    assert shifts(values, median(values)) == [
        Shift(0, 5, "below", 6),
        Shift(6, 11, "above", 6),
    ]


def test_five_in_a_row_is_not_a_shift() -> None:
    values = [5, 5, 5, 5, 5, 1, 9, 1, 9, 1]
    # median 5: the five 5s are on the median; the rest alternate.
    assert shifts(values, 5.0) == []
    assert shifts([1, 1, 1, 1, 1, 9, 9, 9, 9, 9], 5.0) == []


def test_points_on_the_median_neither_break_nor_count() -> None:
    # above, above, ON, above, above, above, above -> six above, spanning index 0..6
    values = [7, 8, 5, 6, 9, 7, 8]
    assert shifts(values, 5.0) == [Shift(0, 6, "above", 6)]
    # on-median points alone never make a shift
    assert shifts([5, 5, 5, 5, 5, 5, 5], 5.0) == []


def test_a_worked_run_chart() -> None:
    # Attendance per week at a culture school's open workshop (hand-worked):
    values = [12, 14, 11, 13, 12, 15, 18, 19, 17, 20, 21, 19, 22, 18]
    centre = median(values)
    assert centre == 17.5
    # 12 14 11 13 12 15: six below, a shift. 18 19 are above, 17 is below and breaks
    # the run, and 20 21 19 22 18 are only five above: no second shift.
    assert shifts(values, centre) == [Shift(0, 5, "below", 6)]
