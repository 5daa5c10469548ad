"""Scores beyond the percent: discernment and bias, certainty-based marks, and the pass rule that uses them."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import gettext, pgettext_lazy

from factsquiz.templatetags.formatting import percent

# A lean of more than this many points towards one answer is worth telling the learner about.
BIAS_WORTH_SAYING = 25


@dataclass(frozen=True)
class Discernment:
    """Signal-detection view of true/false answers, in points from −100 to +100.

    ``discernment`` is the hit rate (true statements called true) minus the false-alarm rate (false
    statements called true): +100 tells every statement right, 0 is no better than one answer to
    everything. ``bias`` is the lean: +100 calls everything true, −100 calls everything false.
    Both are over the statements answered (skipping is no answer either way); the percent score,
    which counts unanswered items as wrong, keeps skipping from paying.
    """

    discernment: int
    bias: int

    @classmethod
    def from_answers(cls, answers) -> "Discernment | None":
        """From (statement_is_true, choice) pairs of answered true/false items."""
        answers = list(answers)
        return cls.of(
            trues=sum(1 for is_true, _ in answers if is_true),
            hits=sum(1 for is_true, choice in answers if is_true and choice == "true"),
            falses=sum(1 for is_true, _ in answers if not is_true),
            false_alarms=sum(1 for is_true, choice in answers if not is_true and choice == "true"),
        )

    @classmethod
    def of(cls, *, trues: int, hits: int, falses: int, false_alarms: int) -> "Discernment | None":
        """None unless both true and false statements were answered."""
        if trues == 0 or falses == 0:
            return None
        hit_rate, false_alarm_rate = hits / trues, false_alarms / falses
        return cls(
            discernment=round(100 * (hit_rate - false_alarm_rate)),
            bias=round(100 * (hit_rate + false_alarm_rate - 1)),
        )


def passes(*, percent: int, pass_mark: int, signal: Discernment | None, min_discernment: int) -> bool:
    """The percent must reach the pass mark and, for true/false, discernment its minimum."""
    if percent < pass_mark:
        return False
    return signal is None or signal.discernment >= min_discernment


def bias_words(bias: int | None) -> str:
    """The lean in plain words, or "" when there is none worth saying."""
    if bias is None or abs(bias) <= BIAS_WORTH_SAYING:
        return ""
    if bias < 0:
        return gettext("You called most statements false: you doubt true facts too.")
    return gettext("You called most statements true: you accept false claims too.")


def bias_label(bias: int | None) -> str:
    """The lean described for an instructor: "" when there is none to speak of."""
    if bias is None or abs(bias) <= BIAS_WORTH_SAYING:
        return ""
    # Translators: describes a learner for an instructor, after the learner's name or discernment.
    if bias < 0:
        return gettext("calls most statements false (doubts true facts)")
    return gettext("calls most statements true (accepts false claims)")


# --- Certainty-based marking (Gardner-Medwin; Moodle's CBM) ------------------------------------


class Certainty(models.IntegerChoices):
    """How sure the learner said they were. The member's name, lower-cased ("low"), is the value forms and
    exports use; the label is the word shown."""

    # Translators: a level of certainty, how sure a learner is of an answer (low, medium or high).
    LOW = 1, pgettext_lazy("certainty", "Low")
    MEDIUM = 2, pgettext_lazy("certainty", "Medium")
    HIGH = 3, pgettext_lazy("certainty", "High")


# (mark if right, mark if wrong) per level.
MARKS = {Certainty.LOW: (1, 0), Certainty.MEDIUM: (2, -2), Certainty.HIGH: (3, -6)}
# Accuracy at which each level earns the most on average: below 67 %, 67–80 %, above 80 %.
IDEAL = {Certainty.LOW: (0, 67), Certainty.MEDIUM: (67, 80), Certainty.HIGH: (80, 100)}
BY_NAME = {c.name.lower(): c for c in Certainty}
MIN_TO_JUDGE = 3  # answers at a level before it is called over- or under-confident


def parse_certainty(value: str) -> Certainty | None:
    """ "low" / "medium" / "high" → the level; "" → None; anything else raises ValueError."""
    if not value:
        return None
    try:
        return BY_NAME[value]
    except KeyError:
        raise ValueError(value) from None


def certainty_name(value: int | None) -> str:
    """ "low", "medium" or "high" (the same in every language: forms and exports use it); no certainty given
    counts as low. `certainty_words` is the shown text."""
    return Certainty(value or Certainty.LOW).name.lower()


def certainty_words(value: int | None) -> str:
    """ "low certainty", "medium certainty" or "high certainty" in the reader's language; none given counts as low."""
    level = Certainty(value or Certainty.LOW)
    if level == Certainty.HIGH:
        return gettext("high certainty")
    if level == Certainty.MEDIUM:
        return gettext("medium certainty")
    return gettext("low certainty")


def mark_expression():
    """`mark()` as an SQL expression over an attempt item's `certainty` and `is_correct` (unanswered: wrong)."""
    whens = [
        When(is_correct=is_right, certainty=level, then=Value(marks[0 if is_right else 1]))
        for level, marks in MARKS.items()
        for is_right in (True, False)
    ]
    low_right, low_wrong = MARKS[Certainty.LOW]
    whens.append(When(is_correct=True, then=Value(low_right)))  # no certainty given counts as low
    return Case(*whens, default=Value(low_wrong), output_field=models.SmallIntegerField())


def mark(*, certainty: int | None, is_correct: bool) -> int:
    """The certainty-based mark of one answer; no certainty given counts as low (as in Moodle)."""
    right, wrong = MARKS[Certainty(certainty or Certainty.LOW)]
    return right if is_correct else wrong


@dataclass(frozen=True)
class LevelStats:
    level: Certainty
    answers: int
    right: int

    @property
    def accuracy(self) -> int:
        return round(100 * self.right / self.answers) if self.answers else 0

    @property
    def ideal(self) -> tuple[int, int]:
        return IDEAL[self.level]

    @property
    def ideal_text(self) -> str:
        low, high = self.ideal
        if low == 0:
            return gettext("less than %(percent)s") % {"percent": percent(high)}
        if high == 100:
            return gettext("more than %(percent)s") % {"percent": percent(low)}
        # Translators: a range of percentages, "67–80%"; French puts a space before the sign ("67–80 %").
        return gettext("%(low)s–%(high)s%%") % {"low": low, "high": high}

    @property
    def verdict_text(self) -> str:
        """The verdict in the reader's language."""
        texts = {
            "over-confident": gettext("over-confident"),
            "under-confident": gettext("under-confident"),
        }
        return texts.get(self.verdict, gettext("well judged"))

    @property
    def verdict(self) -> str:
        """ "over-confident", "under-confident" or "well judged" at this level (a key: `verdict_text` is shown)."""
        low, high = self.ideal
        if self.accuracy < low:
            return "over-confident"
        if self.accuracy > high:
            return "under-confident"
        return "well judged"


def calibration(answers) -> list[LevelStats]:
    """Accuracy per certainty level used, from (certainty, is_correct) pairs of answered items."""
    counts = {level: [0, 0] for level in Certainty}
    for certainty, is_correct in answers:
        level = Certainty(certainty or Certainty.LOW)
        counts[level][0] += 1
        counts[level][1] += bool(is_correct)
    return [LevelStats(level, n, right) for level, (n, right) in counts.items() if n]


def calibration_words(levels: list[LevelStats]) -> str:
    """One sentence on the learner's confidence overall."""
    judged = [s for s in levels if s.answers >= MIN_TO_JUDGE]
    over = [s for s in judged if s.verdict == "over-confident"]
    under = [s for s in judged if s.verdict == "under-confident"]
    if over and not under:
        return gettext(
            "You were over-confident: when you felt sure, you were wrong more often than that certainty allows."
        )
    if under and not over:
        return gettext(
            "You were under-confident: you were right more often than your certainty said. Trust what you know."
        )
    if over and under:
        return gettext(
            "Your certainty did not track your accuracy: some sure answers were wrong, some unsure ones right."
        )
    if not judged:
        return gettext("Too few answers at any one level to judge how well your certainty matched your accuracy.")
    return gettext("Your certainty matched your accuracy well.")


def whole(value) -> int | None:
    """A figure in whole points, rounded half up (56.5 → 57): the one rounding rule of every page, chart and file."""
    if value is None:
        return None
    from decimal import ROUND_HALF_UP, Decimal

    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
