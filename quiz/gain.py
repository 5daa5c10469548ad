"""A cohort's learning gain from paired pre- and post-test scores: mean change, its confidence interval and d_z.

Pure arithmetic on numbers, no database: the Student t quantile is computed here (regularized incomplete
beta by Lentz's continued fraction, inverted by bisection) so the project needs no SciPy for one function.
"""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MIN_RELIABLE_N = 10  # fewer learners with both tests than this and the figures get a warning

# Cohen's conventional thresholds on |d|: below SMALL is no meaningful change, and so on.
SMALL_EFFECT = 0.2
MEDIUM_EFFECT = 0.5
LARGE_EFFECT = 0.8

_CF_EPSILON = 1e-15
_CF_TINY = 1e-300
_CF_MAX_TERMS = 10_000
_BISECTION_STEPS = 400


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction for I_x(a, b), evaluated by the modified Lentz method (Numerical Recipes `betacf`)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _CF_TINY else _CF_TINY)
    h = d
    for m in range(1, _CF_MAX_TERMS + 1):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _CF_TINY else _CF_TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _CF_TINY else _CF_TINY
            h *= d * c
        if abs(d * c - 1.0) < _CF_EPSILON:
            return h
    raise ArithmeticError(f"incomplete beta continued fraction did not converge (a={a}, b={b}, x={x})")


def _regularized_beta(a: float, b: float, log_x: float, log_y: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, given log x and log y where y = 1 − x (0 < x < 1).

    Logarithms in, so that a caller can pass an x too close to 0 or to 1 for a float to hold.
    """
    x, y = math.exp(log_x), math.exp(log_y)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * log_x + b * log_y
    # The fraction converges fast only for x < (a+1)/(a+b+2); beyond it use I_x(a, b) = 1 - I_y(b, a).
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_continued_fraction(b, a, y) / b


def _log1p_exp(z: float) -> float:
    """log(1 + e^z) without overflow."""
    return z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))


def _t_upper_tail(t: float, df: float) -> float:
    """P(T > t) for t >= 0: half the two-sided tail, I_x(df/2, 1/2) with x = df/(df + t²)."""
    if t == 0.0:
        return 0.5
    if math.isinf(t):
        return 0.0
    # With q = t²/df: x = 1/(1 + q) and 1 − x = q/(1 + q), in logs so that t² cannot overflow in the far tail.
    log_q = 2.0 * math.log(t) - math.log(df)
    log_x = -_log1p_exp(log_q)
    return 0.5 * _regularized_beta(df / 2.0, 0.5, log_x, log_q + log_x)


def _check_df(df: int) -> None:
    if df < 1:
        raise ValueError(f"degrees of freedom must be at least 1, not {df}")


def t_cdf(t: float, df: int) -> float:
    """P(T <= t) for Student's t with df degrees of freedom."""
    _check_df(df)
    tail = _t_upper_tail(abs(t), df)
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: int) -> float:
    """The t with P(T <= t) = p for Student's t with df degrees of freedom (the inverse of `t_cdf`)."""
    _check_df(df)
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must lie strictly between 0 and 1, not {p}")
    if p == 0.5:
        return 0.0
    # Solve on the smaller tail, which keeps full precision for p near 0 or 1, then restore the sign.
    tail = min(p, 1.0 - p)
    low, high = 0.0, 1.0
    while _t_upper_tail(high, df) > tail:
        low, high = high, 2.0 * high
    for _step in range(_BISECTION_STEPS):
        middle = (low + high) / 2.0
        if middle in (low, high):  # adjacent floats: as close as binary floating point can get
            break
        if _t_upper_tail(middle, df) > tail:
            low = middle
        else:
            high = middle
    t = (low + high) / 2.0
    return t if p > 0.5 else -t


def describe_effect(d: float) -> str:
    """Cohen's d in words, by his conventional thresholds on |d|: "no meaningful change", "a medium improvement"."""
    size = abs(d)
    if size < SMALL_EFFECT:
        # Translators: an effect size in words (Cohen's thresholds), shown after "Effect size dz = 0.62:".
        return _("no meaningful change")
    if size < MEDIUM_EFFECT:
        return _("a small improvement") if d > 0 else _("a small decline")
    if size < LARGE_EFFECT:
        return _("a medium improvement") if d > 0 else _("a medium decline")
    return _("a large improvement") if d > 0 else _("a large decline")


@dataclass(frozen=True)
class PairedGain:
    """The change from before to after over learners who took both tests (after − before, per learner).

    `d_z` is Cohen's d for paired samples, the mean change over the standard deviation of the changes. It is
    None when that standard deviation is 0 (every learner changed by exactly the same amount): the ratio is
    then infinite or undefined, and no effect size describes it, so `reading` says what happened instead.
    """

    n: int
    mean_before: float
    mean_after: float
    mean_change: float
    sd_change: float
    confidence: float
    ci_low: float
    ci_high: float
    d_z: float | None

    @property
    def reading(self) -> str:
        if self.d_z is not None:
            return describe_effect(self.d_z)
        if self.mean_change > 0:
            return _("every learner improved by the same amount")
        if self.mean_change < 0:
            return _("every learner declined by the same amount")
        return _("no learner's score changed")

    @property
    def small_sample(self) -> bool:
        return self.n < MIN_RELIABLE_N

    @property
    def warning(self) -> str | None:
        if not self.small_sample:
            return None
        return ngettext(
            "Only %(count)d learner took both tests: treat these figures as a first impression, not evidence.",
            "Only %(count)d learners took both tests: treat these figures as a first impression, not evidence.",
            self.n,
        ) % {"count": self.n}

    @property
    def ci_excludes_zero(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0


def paired_gain(before: Sequence[float], after: Sequence[float], *, confidence: float = 0.95) -> PairedGain | None:
    """The paired gain of after over before (learner i's scores at before[i] and after[i]); None under 2 pairs.

    The interval is mean_change ± t_{(1+confidence)/2, n−1} · sd_change / √n.
    """
    if len(before) != len(after):
        raise ValueError(f"need one after score per before score, got {len(before)} and {len(after)}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, not {confidence}")
    n = len(before)
    if n < 2:
        return None
    changes = [a - b for b, a in zip(before, after, strict=True)]
    mean_change = statistics.fmean(changes)
    sd_change = statistics.stdev(changes, mean_change)
    # Changes that are equal on paper can differ in their last bits (0.3 - 0.1 != 0.5 - 0.3); that rounding
    # noise is no spread, and would otherwise yield an enormous d_z.
    if sd_change <= 1e-12 * max(abs(c) for c in changes):
        sd_change = 0.0
    if sd_change == 0.0:
        ci_low = ci_high = mean_change
        d_z = None
    else:
        margin = t_quantile((1.0 + confidence) / 2.0, n - 1) * sd_change / math.sqrt(n)
        ci_low, ci_high = mean_change - margin, mean_change + margin
        d_z = mean_change / sd_change
    return PairedGain(
        n=n,
        mean_before=statistics.fmean(before),
        mean_after=statistics.fmean(after),
        mean_change=mean_change,
        sd_change=sd_change,
        confidence=confidence,
        ci_low=ci_low,
        ci_high=ci_high,
        d_z=d_z,
    )
