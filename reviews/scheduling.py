"""The scheduler (py-fsrs with the settings' REVIEWS), the rating an answer earns, and cards to and from FSRS.

Rating from an answer (README, "Reviews and mastery"):
- wrong → Again;
- right, but at low certainty (or no certainty given where the quiz asked), or slower than most of the
  learner's own answers of that kind (above their 75th percentile) → Hard;
- right at high certainty and quick (within the fastest quarter of the learner's answers) → Easy;
- any other right answer → Good.
A quiz that did not ask how sure gives no certainty: its right answers are Good unless slow. Pace needs
at least `MIN_PACE_SAMPLES` earlier answers of the kind; before that, no answer counts as slow or quick.
"""

import math
from datetime import UTC, datetime, timedelta
from functools import cache
from statistics import quantiles

from django.conf import settings
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from quiz.scoring import Certainty

MIN_PACE_SAMPLES = 8
PACE_WINDOW = 60  # the learner's most recent answers of a kind that set their pace


@cache
def scheduler() -> Scheduler:
    config = settings.REVIEWS
    return Scheduler(
        desired_retention=config["DESIRED_RETENTION"],
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=config["MAXIMUM_INTERVAL_DAYS"],
        enable_fuzzing=config["ENABLE_FUZZING"],
    )


def utc(moment: datetime) -> datetime:
    """py-fsrs takes only datetimes in `datetime.UTC`."""
    return moment.astimezone(UTC)


class Pace:
    """A learner's answer times of one kind: what counts as slow (Hard) and as quick (Easy) for them."""

    def __init__(self, seconds: list[int]):
        self.slow_after = self.quick_within = None
        if len(seconds) >= MIN_PACE_SAMPLES:
            quartiles = quantiles(seconds, n=4, method="inclusive")
            self.quick_within, self.slow_after = quartiles[0], quartiles[2]

    def is_slow(self, seconds: int | None) -> bool:
        return self.slow_after is not None and seconds is not None and seconds > self.slow_after

    def is_quick(self, seconds: int | None) -> bool:
        return self.quick_within is not None and seconds is not None and seconds <= self.quick_within


def rating_for(*, is_correct: bool, certainty: int | None, asked: bool, seconds: int | None, pace: Pace) -> Rating:
    """The rating an answer earns (the mapping in this module's docstring)."""
    if not is_correct:
        return Rating.Again
    if (asked and (certainty is None or certainty == Certainty.LOW)) or pace.is_slow(seconds):
        return Rating.Hard
    if asked and certainty == Certainty.HIGH and pace.is_quick(seconds):
        return Rating.Easy
    return Rating.Good


def to_fsrs(card) -> FsrsCard:
    """The stored card as py-fsrs's Card (a card never reviewed is new: due now, no memory state)."""
    return FsrsCard(
        card_id=card.pk or 0,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=utc(card.due),
        last_review=utc(card.last_review) if card.last_review else None,
    )


def mastered_until(memory: FsrsCard) -> datetime | None:
    """Until when predicted recall stays at or above the mastery level (`REVIEWS["MASTERY_RECALL"]`).

    py-fsrs predicts recall R = (1 + factor·d/S)^decay for d whole days since the last review, so
    R ≥ m while d ≤ S·(m^(1/decay) − 1)/factor: mastery lasts to the end of that many whole days.
    """
    if memory.last_review is None or memory.stability is None:
        return None
    fsrs = scheduler()
    decay = -fsrs.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    days = memory.stability * (settings.REVIEWS["MASTERY_RECALL"] ** (1 / decay) - 1) / factor
    return memory.last_review + timedelta(days=math.floor(days) + 1)


def apply(card, memory: FsrsCard, *, rating: Rating) -> None:
    """Copy py-fsrs's card back onto the stored card, counting reviews and lapses."""
    card.state, card.step = memory.state.value, memory.step
    card.stability, card.difficulty = memory.stability, memory.difficulty
    card.due, card.last_review = memory.due, memory.last_review
    # py-fsrs counts whole days, so on the day of any review it predicts full recall; a claim just answered
    # wrong is not mastered, whatever that says, until it is answered right again.
    card.mastered_until = None if rating == Rating.Again else mastered_until(memory)
    card.lapses += rating == Rating.Again and card.reviews > 0
    card.reviews += 1


def review(card, *, rating: Rating, at: datetime) -> datetime:
    """Move the stored card by one answer at `at` (never before its last review); returns the time used."""
    at = utc(max(at, card.last_review) if card.last_review else at)
    memory, _ = scheduler().review_card(to_fsrs(card), rating, review_datetime=at)
    apply(card, memory, rating=rating)
    return at


def replay(logs) -> FsrsCard:
    """The card rebuilt from its review logs alone, in the order they were taken."""
    memory = FsrsCard(card_id=0, due=utc(logs[0].reviewed_at))
    for log in logs:
        memory, _ = scheduler().review_card(memory, Rating(log.rating), review_datetime=utc(log.reviewed_at))
    return memory


def retrievability(card, now: datetime) -> float:
    """Predicted recall today (0 for a card never reviewed)."""
    return scheduler().get_card_retrievability(to_fsrs(card), current_datetime=utc(now))
