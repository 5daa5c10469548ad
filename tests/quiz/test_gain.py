"""The learning-gain statistics: the Student t quantile, and the paired gain on fixed data checked by hand."""

import math
import statistics

import pytest

from quiz.gain import MIN_RELIABLE_N, PairedGain, describe_effect, paired_gain, t_cdf, t_quantile

# --- The t quantile -----------------------------------------------------------------------------------------

# Published critical values of Student's t, to six decimals.
TABLE = [
    (0.975, 1, 12.706205),
    (0.975, 2, 4.302653),
    (0.975, 5, 2.570582),
    (0.975, 9, 2.262157),
    (0.975, 29, 2.045230),
    (0.975, 120, 1.979930),
    (0.95, 10, 1.812461),
    (0.95, 9, 1.833113),
    (0.995, 30, 2.749996),
    (0.9995, 1, 636.619249),
    (0.975, 1000, 1.962339),
]


@pytest.mark.parametrize(("p", "df", "expected"), TABLE, ids=[f"p={p} df={df}" for p, df, _ in TABLE])
def test_t_quantile_matches_the_published_table(p, df, expected):
    assert t_quantile(p, df) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(("p", "df", "expected"), TABLE, ids=[f"p={p} df={df}" for p, df, _ in TABLE])
def test_t_quantile_is_symmetric_about_zero(p, df, expected):
    assert t_quantile(1 - p, df) == pytest.approx(-expected, abs=1e-6)


def test_the_median_is_zero():
    assert t_quantile(0.5, 7) == 0.0


PROBABILITIES = [1e-12, 1e-6, 0.001, 0.01, 0.025, 0.1, 0.3, 0.45, 0.55, 0.7, 0.9, 0.975, 0.99, 0.999, 1 - 1e-9]


@pytest.mark.parametrize("p", PROBABILITIES)
def test_one_degree_of_freedom_is_the_cauchy_quantile(p):
    # tan(π(p − ½)) = ∓cot(π·tail) on the nearer tail, which keeps its precision near p = 0 and p = 1
    expected = math.copysign(1 / math.tan(math.pi * min(p, 1 - p)), p - 0.5)
    assert t_quantile(p, 1) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("p", PROBABILITIES)
def test_two_degrees_of_freedom_have_a_closed_form(p):
    expected = (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    assert t_quantile(p, 2) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("p", PROBABILITIES)
def test_four_degrees_of_freedom_have_a_closed_form(p):
    alpha = 4 * p * (1 - p)
    q = math.cos(math.acos(math.sqrt(alpha)) / 3) / math.sqrt(alpha)
    expected = math.copysign(2 * math.sqrt(q - 1), p - 0.5)
    assert t_quantile(p, 4) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("df", [100, 300, 1000])
@pytest.mark.parametrize("p", [0.0005, 0.025, 0.2, 0.6, 0.95, 0.995])
def test_many_degrees_of_freedom_agree_with_the_cornish_fisher_expansion(p, df):
    # Hill's expansion of t about the normal quantile z, to 1/df⁴; its own error at df >= 100 is below 1e-8.
    z = statistics.NormalDist().inv_cdf(p)
    expected = (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
        + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * df**4)
    )
    assert t_quantile(p, df) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("t", [-40.0, -3.0, -0.5, 0.0, 0.1, 1.0, 2.5, 10.0, 300.0])
def test_t_cdf_with_three_degrees_of_freedom_has_a_closed_form(t):
    expected = 0.5 + (t / (math.sqrt(3) * (1 + t * t / 3)) + math.atan(t / math.sqrt(3))) / math.pi
    assert t_cdf(t, 3) == pytest.approx(expected, abs=1e-12)


def test_t_cdf_reaches_its_limits_at_infinity():
    assert (t_cdf(-math.inf, 5), t_cdf(math.inf, 5)) == (0.0, 1.0)


@pytest.mark.parametrize("df", [1, 3, 9, 30, 250, 1000])
@pytest.mark.parametrize("p", [1e-8, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-8])
def test_the_quantile_inverts_the_cdf(p, df):
    assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, rel=1e-9)


@pytest.mark.parametrize(("p", "df"), [(0.0, 5), (1.0, 5), (-0.1, 5), (1.5, 5), (0.5, 0)])
def test_t_quantile_refuses_what_has_no_answer(p, df):
    with pytest.raises(ValueError):
        t_quantile(p, df)


# --- The worked example -------------------------------------------------------------------------------------

BEFORE = [40, 50, 30, 60, 20, 50, 40, 70, 30, 60]
AFTER = [60, 55, 50, 70, 40, 45, 65, 80, 50, 75]
# By hand:
# changes (after − before): 20, 5, 20, 10, 20, −5, 25, 10, 20, 15    sum 140, n = 10
MEAN_CHANGE = 14.0  # 140 / 10; also 59 − 45, the means of AFTER (590 / 10) and BEFORE (450 / 10)
# deviations from 14: 6, −9, 6, −4, 6, −19, 11, −4, 6, 1
# squares: 36 + 81 + 36 + 16 + 36 + 361 + 121 + 16 + 36 + 1 = 740
SD_CHANGE = 9.067647  # √(740 / 9) = √82.222…
# standard error: SD / √10 = √(740 / 90) = √8.222… = 2.867442
# margin at 95 %: t_{0.975, 9} × SE = 2.262157 × 2.867442 = 6.486604
CI_LOW = 7.513396  # 14 − 6.486604
CI_HIGH = 20.486604  # 14 + 6.486604
# margin at 90 %: t_{0.95, 9} × SE = 1.833113 × 2.867442 = 5.256345
CI90_LOW, CI90_HIGH = 8.743655, 19.256345
D_Z = 1.543951  # 14 / 9.067647, at least 0.8: "a large improvement"


def test_the_worked_example_gives_the_hand_checked_figures():
    gain = paired_gain(BEFORE, AFTER)

    assert gain.n == 10
    assert (gain.mean_before, gain.mean_after, gain.mean_change) == (45.0, 59.0, MEAN_CHANGE)
    assert gain.sd_change == pytest.approx(math.sqrt(740 / 9))
    assert gain.sd_change == pytest.approx(SD_CHANGE, abs=1e-6)
    assert gain.confidence == 0.95
    assert gain.ci_low == pytest.approx(CI_LOW, abs=1e-6)
    assert gain.ci_high == pytest.approx(CI_HIGH, abs=1e-6)
    assert gain.d_z == pytest.approx(D_Z, abs=1e-6)
    assert gain.reading == "a large improvement"
    assert gain.ci_excludes_zero
    assert not gain.small_sample
    assert gain.warning is None


def test_a_lower_confidence_gives_a_narrower_interval():
    gain = paired_gain(BEFORE, AFTER, confidence=0.90)

    assert (gain.ci_low, gain.ci_high) == (pytest.approx(CI90_LOW, abs=1e-6), pytest.approx(CI90_HIGH, abs=1e-6))


def test_a_decline_mirrors_the_improvement():
    gain = paired_gain(AFTER, BEFORE)

    assert gain.mean_change == -MEAN_CHANGE
    assert gain.sd_change == pytest.approx(SD_CHANGE, abs=1e-6)
    assert gain.ci_low == pytest.approx(-CI_HIGH, abs=1e-6)
    assert gain.ci_high == pytest.approx(-CI_LOW, abs=1e-6)
    assert gain.d_z == pytest.approx(-D_Z, abs=1e-6)
    assert gain.reading == "a large decline"
    assert gain.ci_excludes_zero


def test_two_learners_give_a_wide_interval_that_includes_zero():
    # changes 0 and 2: mean 1, SD √((1 + 1) / 1) = √2, d_z = 1/√2 = 0.707107 ("a medium improvement");
    # margin t_{0.975, 1} × √2 / √2 = 12.706205, so the interval is 1 ± 12.706205.
    gain = paired_gain([50, 50], [50, 52])

    assert gain.mean_change == 1.0
    assert gain.sd_change == pytest.approx(math.sqrt(2))
    assert gain.d_z == pytest.approx(0.707107, abs=1e-6)
    assert gain.reading == "a medium improvement"
    assert gain.ci_low == pytest.approx(-11.706205, abs=1e-6)
    assert gain.ci_high == pytest.approx(13.706205, abs=1e-6)
    assert not gain.ci_excludes_zero


# --- Readings, warnings and edge cases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "reading"),
    [
        (0.0, "no meaningful change"),
        (0.19, "no meaningful change"),
        (-0.19, "no meaningful change"),
        (0.2, "a small improvement"),
        (-0.2, "a small decline"),
        (0.49, "a small improvement"),
        (0.5, "a medium improvement"),
        (-0.79, "a medium decline"),
        (0.8, "a large improvement"),
        (-0.8, "a large decline"),
        (2.5, "a large improvement"),
    ],
)
def test_readings_follow_cohens_thresholds(d, reading):
    assert describe_effect(d) == reading


def test_the_gain_reads_its_own_effect_size():
    # changes 0 to 6: mean 3, squared deviations 9 + 4 + 1 + 0 + 1 + 4 + 9 = 28, SD √(28 / 6) = 2.160247,
    # d_z = 3 / 2.160247 = 1.388730
    gain = paired_gain([0] * 7, [0, 1, 2, 3, 4, 5, 6])

    assert gain.d_z == pytest.approx(1.388730, abs=1e-6)
    assert gain.reading == "a large improvement"


def test_nine_learners_get_the_small_sample_warning():
    gain = paired_gain([50] * 9, [50, 60] * 4 + [70])

    assert MIN_RELIABLE_N == 10
    assert gain.small_sample
    assert gain.warning == ("Only 9 learners took both tests: treat these figures as a first impression, not evidence.")


def test_ten_learners_get_no_warning():
    gain = paired_gain([50] * 10, [50, 60] * 5)

    assert not gain.small_sample
    assert gain.warning is None


@pytest.mark.parametrize(("before", "after"), [([], []), ([40], [60])], ids=["nobody", "one learner"])
def test_fewer_than_two_pairs_give_no_gain(before, after):
    assert paired_gain(before, after) is None


@pytest.mark.parametrize(
    ("after", "mean_change", "reading", "excludes_zero"),
    [
        ([15, 25, 35], 5.0, "every learner improved by the same amount", True),
        ([7, 17, 27], -3.0, "every learner declined by the same amount", True),
        ([10, 20, 30], 0.0, "no learner's score changed", False),
    ],
)
def test_identical_changes_give_a_point_interval_and_no_effect_size(after, mean_change, reading, excludes_zero):
    gain = paired_gain([10, 20, 30], after)

    assert gain.sd_change == 0.0
    assert gain.ci_low == gain.ci_high == gain.mean_change == mean_change
    assert gain.d_z is None
    assert gain.reading == reading
    assert gain.ci_excludes_zero is excludes_zero


def test_rounding_noise_in_equal_changes_is_not_spread():
    # 0.3 − 0.1 = 0.19999999999999998 but 0.5 − 0.3 = 0.2: equal changes, not a huge effect size
    gain = paired_gain([0.1, 0.3], [0.3, 0.5])

    assert gain.sd_change == 0.0
    assert gain.d_z is None
    assert gain.reading == "every learner improved by the same amount"


def test_the_gain_is_frozen():
    gain = paired_gain(BEFORE, AFTER)

    with pytest.raises(AttributeError):
        gain.n = 3  # type: ignore[misc]
    assert isinstance(gain, PairedGain)


def test_unpaired_scores_are_refused():
    with pytest.raises(ValueError, match="one after score per before score"):
        paired_gain([40, 50, 60], [45, 55])


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95])
def test_a_confidence_outside_zero_to_one_is_refused(confidence):
    with pytest.raises(ValueError, match="confidence"):
        paired_gain(BEFORE, AFTER, confidence=confidence)
