"""SPC statistics against published tables and textbook worked examples.

Every expected number is written out here as published; none is recomputed by the code
under test.
"""

from __future__ import annotations

import pytest

from samklang.learning.spc import analyse, crossings_min, longest_run_max, runs_analysis

# Anhøj's critical values for n = 10…100 useful observations: (upper limit for the longest
# run, lower limit for the number of crossings), as tabled in qicharts2's documentation
# ("Critical values for longest run and number of crossings") and Anhøj's pbc README.
ANHOEJ_TABLE: dict[int, tuple[int, int]] = {
    10: (6, 2), 11: (6, 2), 12: (7, 3), 13: (7, 3), 14: (7, 4), 15: (7, 4), 16: (7, 4),
    17: (7, 5), 18: (7, 5), 19: (7, 6), 20: (7, 6), 21: (7, 6), 22: (7, 7), 23: (8, 7),
    24: (8, 8), 25: (8, 8), 26: (8, 8), 27: (8, 9), 28: (8, 9), 29: (8, 10), 30: (8, 10),
    31: (8, 11), 32: (8, 11), 33: (8, 11), 34: (8, 12), 35: (8, 12), 36: (8, 13),
    37: (8, 13), 38: (8, 14), 39: (8, 14), 40: (8, 14), 41: (8, 15), 42: (8, 15),
    43: (8, 16), 44: (8, 16), 45: (8, 17), 46: (9, 17), 47: (9, 17), 48: (9, 18),
    49: (9, 18), 50: (9, 19), 51: (9, 19), 52: (9, 20), 53: (9, 20), 54: (9, 21),
    55: (9, 21), 56: (9, 21), 57: (9, 22), 58: (9, 22), 59: (9, 23), 60: (9, 23),
    61: (9, 24), 62: (9, 24), 63: (9, 25), 64: (9, 25), 65: (9, 25), 66: (9, 26),
    67: (9, 26), 68: (9, 27), 69: (9, 27), 70: (9, 28), 71: (9, 28), 72: (9, 29),
    73: (9, 29), 74: (9, 29), 75: (9, 30), 76: (9, 30), 77: (9, 31), 78: (9, 31),
    79: (9, 32), 80: (9, 32), 81: (9, 33), 82: (9, 33), 83: (9, 34), 84: (9, 34),
    85: (9, 34), 86: (9, 35), 87: (9, 35), 88: (9, 36), 89: (9, 36), 90: (9, 37),
    91: (10, 37), 92: (10, 38), 93: (10, 38), 94: (10, 39), 95: (10, 39), 96: (10, 39),
    97: (10, 40), 98: (10, 40), 99: (10, 41), 100: (10, 41),
}  # fmt: skip


@pytest.mark.parametrize(("n", "limits"), sorted(ANHOEJ_TABLE.items()))
def test_anhoej_limits_match_the_published_table(n: int, limits: tuple[int, int]) -> None:
    assert (longest_run_max(n), crossings_min(n)) == limits


def test_the_table_is_complete() -> None:
    assert sorted(ANHOEJ_TABLE) == list(range(10, 101))


def test_runs_and_crossings_skip_points_on_the_median() -> None:
    # 13 points around a centre of 5 (hand-worked): signs - - + + + 0 - + + 0 - - +
    ys: list[float | None] = [1, 2, 8, 9, 7, 5, 3, 6, 7, 5, 4, 2, 9]
    runs = runs_analysis(ys, [5.0] * 13)
    assert runs.n_useful == 11
    assert runs.longest_run == 3
    assert runs.crossings == 5  # runs (--)(+++)(-)(++)(--)(+): six runs, five crossings
    assert runs.longest_run_max == 6  # n = 11
    assert runs.crossings_min == 2
    assert not runs.long_runs and not runs.few_crossings


def test_run_chart_flags_a_long_run_and_few_crossings() -> None:
    # 12 points, sorted 1 1 1 2 2 2 8 8 9 9 9 10: median 5. Six below, then six above:
    # n = 12, longest-run limit 7 (a run of 6 is not longer), 1 crossing < 3.
    values = [1.0, 2, 1, 2, 1, 2, 9, 8, 9, 10, 9, 8]
    result = analyse("run", values)
    assert result.centre == [5.0] * 12
    assert [(s.rule, s.indices) for s in result.signals] == [("few_crossings", tuple(range(12)))]
    # 16 points, eight below and eight above the median 5: n = 16, limit 7, both runs of 8
    # are too long, and 1 crossing < 4.
    values = [1.0, 2, 1, 2, 1, 2, 1, 2, 9, 8, 9, 10, 9, 8, 9, 10]
    result = analyse("run", values)
    assert result.centre == [5.0] * 16
    assert [(s.rule, s.indices) for s in result.signals] == [
        ("long_run", tuple(range(8))),
        ("long_run", tuple(range(8, 16))),
        ("few_crossings", tuple(range(16))),
    ]


def test_ihi_shift_rule_is_an_option() -> None:
    values = [1.0, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9]  # median 5: six below, six above
    assert [s.rule for s in analyse("run", values).signals] == ["few_crossings"]
    with_shift = analyse("run", values, shift_rule=True)
    assert [(s.rule, s.indices) for s in with_shift.signals] == [
        ("few_crossings", tuple(range(12))),
        ("shift", (0, 1, 2, 3, 4, 5)),
        ("shift", (6, 7, 8, 9, 10, 11)),
    ]


# Montgomery, Introduction to Statistical Quality Control, individuals chart of the cost of
# processing mortgage loans: x̄ = 300.5, MR̄ = 7.79, UCL = 321.22, LCL = 279.78.
LOAN_COSTS = [310.0, 288, 297, 298, 307, 303, 294, 297, 308, 306,
              294, 299, 297, 299, 314, 295, 293, 306, 301, 304]  # fmt: skip


def test_xmr_textbook_example() -> None:
    result = analyse("xmr", LOAN_COSTS)
    assert result.centre[0] == pytest.approx(300.5)
    assert result.upper[0] == pytest.approx(321.22, abs=0.01)
    assert result.lower[0] == pytest.approx(279.78, abs=0.01)
    assert [s.rule for s in result.signals if s.rule == "outside_limits"] == []
    phase = result.phases[0]
    assert (phase.centre, phase.lower, phase.upper) == (
        pytest.approx(300.5),
        pytest.approx(279.78, abs=0.01),
        pytest.approx(321.22, abs=0.01),
    )


# Montgomery's orange-juice cans: 30 samples of n = 50, nonconforming counts below;
# p̄ = 0.2313, UCL = 0.4102, LCL = 0.0524; samples 15 and 23 plot above the UCL.
JUICE = [12.0, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22,
         8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]  # fmt: skip


def test_p_chart_textbook_example() -> None:
    result = analyse("p", JUICE, [50.0] * 30)
    assert result.y[14] == pytest.approx(0.44)
    assert result.centre[0] == pytest.approx(0.2313, abs=0.0001)
    assert result.upper[0] == pytest.approx(0.4102, abs=0.0001)
    assert result.lower[0] == pytest.approx(0.0524, abs=0.0001)
    outside = [s.indices for s in result.signals if s.rule == "outside_limits"]
    assert outside == [(14, 22)]  # samples 15 and 23


def test_p_chart_limits_are_clipped_to_zero_and_one() -> None:
    # p̄ = 0.5 with n = 4: 0.5 ± 3·√(0.25/4) = 0.5 ± 0.75, clipped to [0, 1].
    result = analyse("p", [2.0, 2], [4.0, 4])
    assert (result.lower[0], result.upper[0]) == (0.0, 1.0)


# Montgomery's personal computers: nonconformities in 20 samples of 5 computers;
# ū = 1.93, UCL = 3.79, LCL = 0.07.
COMPUTERS = [10.0, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5]


def test_u_chart_textbook_example() -> None:
    result = analyse("u", COMPUTERS, [5.0] * 20)
    assert result.centre[0] == pytest.approx(1.93)
    assert result.upper[0] == pytest.approx(3.79, abs=0.005)
    assert result.lower[0] == pytest.approx(0.07, abs=0.005)
    assert not [s for s in result.signals if s.rule == "outside_limits"]


def test_u_chart_with_varying_denominators() -> None:
    # Montgomery's dyed cloth: nonconformities per 50 m² roll, inspection units per roll
    # vary; ū = 1.42, limits per point as tabled (UCL, LCL) for each number of units.
    counts = [14.0, 12, 20, 11, 7, 10, 21, 16, 19, 23]
    units: list[float | None] = [10.0, 8, 13, 10, 9.5, 10, 12, 10.5, 12, 12.5]
    published = {10.0: (2.55, 0.29), 8.0: (2.68, 0.16), 13.0: (2.41, 0.43),
                 9.5: (2.58, 0.26), 12.0: (2.45, 0.39), 10.5: (2.52, 0.32),
                 12.5: (2.43, 0.41)}  # fmt: skip
    result = analyse("u", counts, units)
    assert result.centre[0] == pytest.approx(1.42, abs=0.005)
    for i, n in enumerate(units):
        assert n is not None
        upper, lower = published[n]
        # the book rounds ū to 1.42 before computing the limits
        assert result.upper[i] == pytest.approx(upper, abs=0.011), n
        assert result.lower[i] == pytest.approx(lower, abs=0.011), n


def test_points_without_a_denominator_are_left_out_of_p_and_u_charts() -> None:
    result = analyse("u", [4.0, 6, 5], [2.0, None, 2.0])
    assert result.y == [2.0, None, 2.5]
    assert result.centre == [2.25, None, 2.25]  # (4 + 5) / (2 + 2)
    assert result.upper[1] is None


def test_phases_have_their_own_centre_and_limits() -> None:
    # Two phases of an XmR chart (hand-worked): 10 12 11 13 | 20 22 21 23
    # phase 1: mean 11.5, moving ranges 2 1 2 → 5/3; limits 11.5 ± 2.66·5/3 = 11.5 ± 4.4333
    # phase 2: mean 21.5, same moving ranges.
    result = analyse("xmr", [10.0, 12, 11, 13, 20, 22, 21, 23], phase_starts=[4])
    assert [(p.start, p.end) for p in result.phases] == [(0, 3), (4, 7)]
    assert result.centre == [11.5] * 4 + [21.5] * 4
    assert result.upper[0] == pytest.approx(15.9333, abs=0.0001)
    assert result.lower[7] == pytest.approx(17.0667, abs=0.0001)
    # without the phase the jump between 13 and 20 is one long process
    single = analyse("xmr", [10.0, 12, 11, 13, 20, 22, 21, 23])
    assert single.centre[0] == pytest.approx(16.5)


# mean 11.5; moving ranges 2 1 2 3 2 1 2 1 1, MR̄ = 15/9; limits 11.5 ± 4.4333
BASELINE = [10.0, 12, 11, 13, 10, 12, 11, 13, 12, 11]
AFTER = [16.0, 17, 18, 16, 17, 18, 17, 16]


def test_verdict_turns_to_improvement_after_a_new_phase() -> None:
    before = analyse("xmr", BASELINE, direction="up", target=13)
    assert before.verdict.variation == "common"
    # target 13 inside 7.0667 … 15.9333: hit and miss
    assert before.verdict.assurance == "uncertain"
    changed = analyse(
        "xmr", BASELINE + AFTER, phase_starts=[len(BASELINE)], direction="up", target=13
    )
    assert changed.verdict.variation == "improvement"
    # the new phase: mean 16.875, moving ranges 1 1 2 1 1 1 1, MR̄ = 8/7; limits
    # 16.875 ± 3.04 → 13.835 … 19.915, so the target 13 is met every time
    assert changed.verdict.assurance == "likely"
    down = analyse("xmr", BASELINE + AFTER, phase_starts=[len(BASELINE)], direction="down")
    assert down.verdict.variation == "concern"
    assert down.verdict.assurance is None


def test_verdict_from_a_point_outside_the_limits() -> None:
    values = [*BASELINE, 30.0]
    assert analyse("xmr", values, direction="down").verdict.variation == "concern"
    assert analyse("xmr", values, direction="up").verdict.variation == "improvement"


def test_verdict_needs_ten_points_and_a_target_outside_the_limits() -> None:
    assert analyse("xmr", BASELINE[:9]).verdict.variation == "too_few"
    # target 5 below the lower limit 11.5 − 4.4333 = 7.0667: a "down" measure misses it
    # every time, an "up" measure meets it every time
    assert analyse("xmr", BASELINE, direction="down", target=5).verdict.assurance == "unlikely"
    assert analyse("xmr", BASELINE, direction="up", target=5).verdict.assurance == "likely"
    assert analyse("run", BASELINE, target=5).verdict.assurance is None


def test_few_crossings_alone_is_special_cause_of_neither_kind() -> None:
    # 1 1 1 1 1 9 9 9 9 9 repeated: median 5, 4 crossings in 20 points (limit 6),
    # longest run 5 (limit 7).
    values = [1.0] * 5 + [9.0] * 5 + [1.0] * 5 + [9.0] * 5
    result = analyse("run", values)
    assert [s.rule for s in result.signals] == ["few_crossings"]
    assert result.verdict.variation == "neither"


def test_hostile_numbers_do_not_raise() -> None:
    # negative counts on a u chart have no spread; overflowing sums give inf, not an error
    result = analyse("u", [-4.0, -2.0], [2.0, 2.0])
    assert result.centre == [-1.5, -1.5]
    assert result.lower[0] == 0.0
    huge = analyse("xmr", [1e308, -1e308, 1e308] * 4)
    assert huge.verdict.variation in {"common", "improvement", "concern", "neither"}
