"""What finished pre- and post-tests record: each test's figures, the cohort's learning gain, the research export.

The learner's own before and after (`pretests.learner_before_after`) reads the same records.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from content.models import Technique
from quiz import scoring
from quiz.models import Attempt, Cohort
from quiz.teaching.models import CohortTest


@dataclass
class TestRecord:
    """What one finished test says about the learner."""

    discernment: int | None
    bias: int | None
    certainty_per_item: float | None  # certainty-based marks per item: calibration rewards knowing what you know
    technique_right: int
    technique_items: int

    @property
    def technique_percent(self) -> float | None:
        return 100 * self.technique_right / self.technique_items if self.technique_items else None


def record_of(attempt: Attempt, items) -> TestRecord:
    answered = [i for i in items if i.technique_id]
    marks = sum(scoring.mark(certainty=i.certainty, is_correct=bool(i.is_correct)) for i in items)
    return TestRecord(
        discernment=attempt.discernment,
        bias=attempt.bias,
        certainty_per_item=marks / len(items) if items else None,
        technique_right=sum(1 for i in answered if i.is_correct),
        technique_items=len(answered),
    )


@dataclass
class LearnerGain:
    learner: object
    anonymous_id: str
    pre: TestRecord
    post: TestRecord
    pre_half: str


@dataclass
class CohortGain:
    """The cohort's learning gain over the members who finished both tests."""

    learners: list[LearnerGain]
    discernment: object  # quiz.gain.PairedGain | None
    bias_before: float | None
    bias_after: float | None
    technique_before: float | None
    technique_after: float | None
    certainty_before: float | None
    certainty_after: float | None
    pre_only: int  # members who took the pre-test but not (yet) the post-test

    @property
    def n(self) -> int:
        return len(self.learners)

    @property
    def discernment_before(self) -> float | None:
        return _mean(g.pre.discernment for g in self.learners)

    @property
    def discernment_after(self) -> float | None:
        return _mean(g.post.discernment for g in self.learners)


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def finished_tests(*, cohort: Cohort) -> dict[int, dict[str, CohortTest]]:
    """Current members' finished tests, by learner and phase, with their attempts' items (two queries)."""
    tests = (
        CohortTest.objects.filter(
            cohort=cohort, learner__memberships__cohort=cohort, attempt__finished_at__isnull=False
        )
        .select_related("attempt", "learner")
        .prefetch_related("attempt__items")
        .order_by("learner__username", "phase")
    )
    out: dict[int, dict[str, CohortTest]] = {}
    for test in tests:
        out.setdefault(test.learner_id, {})[test.phase] = test
    return out


def cohort_gain(*, cohort: Cohort) -> CohortGain:
    from quiz import gain

    learners = []
    pre_only = 0
    for phases in finished_tests(cohort=cohort).values():
        pre, post = phases.get(CohortTest.Phase.PRE), phases.get(CohortTest.Phase.POST)
        if pre is None:
            continue
        if post is None:
            pre_only += 1
            continue
        learners.append(
            LearnerGain(
                learner=pre.learner,
                anonymous_id=pre.anonymous_id,
                pre=record_of(pre.attempt, list(pre.attempt.items.all())),
                post=record_of(post.attempt, list(post.attempt.items.all())),
                pre_half=pre.half,
            )
        )
    paired = [(g.pre.discernment, g.post.discernment) for g in learners]
    paired = [(a, b) for a, b in paired if a is not None and b is not None]
    return CohortGain(
        learners=learners,
        discernment=gain.paired_gain([a for a, _ in paired], [b for _, b in paired]) if paired else None,
        bias_before=_mean(g.pre.bias for g in learners),
        bias_after=_mean(g.post.bias for g in learners),
        technique_before=_mean(g.pre.technique_percent for g in learners),
        technique_after=_mean(g.post.technique_percent for g in learners),
        certainty_before=_mean(g.pre.certainty_per_item for g in learners),
        certainty_after=_mean(g.post.certainty_per_item for g in learners),
        pre_only=pre_only,
    )


# The research export's columns (names stay English, as in the file) and what each means (shown on the tests page).
RESEARCH_COLUMNS = {
    "participant": gettext_lazy("A random id per learner and cohort (the same in both of a learner's rows); no name."),
    # Translators: "pre" and "post" are the values in the file: keep them as they are.
    "test": gettext_lazy("pre or post."),
    "half": gettext_lazy(
        "Which half of the held-out pool the test drew (A or B); which came first alternates by learner."
    ),
    "started": gettext_lazy(
        "The day the test started (UTC): a day, not a time, so rows cannot be matched to other exports."
    ),
    "finished": gettext_lazy("The day it was finished (UTC)."),
    "items": gettext_lazy("Items in the test."),
    "discernment": gettext_lazy(
        "True statements called true minus false ones called true, in points from −100 to +100."
    ),
    "bias": gettext_lazy("Lean towards answering true (+) or false (−), from −100 to +100."),
    "certainty_marks_per_item": gettext_lazy("Certainty-based marks (+1/0, +2/−2, +3/−6) per item: calibration."),
    "technique_right": gettext_lazy("Technique items named right."),
    "technique_items": gettext_lazy("Technique items in the test."),
    # Translators: true, false, low, medium and high are the values in the file: keep them as they are.
    "answers": gettext_lazy(
        "Item by item, separated by “;”: the pool item's id, “=”, the answer (true, false, or the technique "
        "named), “/”, 1 if right or 0, “/”, the certainty (low, medium, high; empty if unanswered)."
    ),
}


def research_rows(*, cohort: Cohort):
    """One row per member × finished test, anonymised, with item-level answers (the columns above)."""
    yield list(RESEARCH_COLUMNS)
    names = dict(Technique.objects.values_list("pk", "name"))
    by_learner = finished_tests(cohort=cohort).values()
    # In the order of the random ids, never of names (the per-learner CSV is sorted by name).
    for phases in sorted(by_learner, key=lambda p: next(iter(p.values())).anonymous_id):
        for phase in (CohortTest.Phase.PRE, CohortTest.Phase.POST):
            test = phases.get(phase)
            if test is None:
                continue
            attempt = test.attempt
            items = sorted(attempt.items.all(), key=lambda i: i.position)
            record = record_of(attempt, items)
            answers = []
            for item in items:
                if item.technique_id:
                    chosen = next((o for o in attempt.options_for(item.step) if o["token"] == item.choice), None)
                    answer = names.get(chosen.get("technique_id"), "") if chosen else ""
                else:
                    answer = item.choice
                answers.append(
                    f"{item.held_out_id or 'deleted'}={answer}/{1 if item.is_correct else 0}/"
                    f"{scoring.certainty_name(item.certainty) if item.is_answered else ''}"
                )
            yield [
                test.anonymous_id,
                phase,
                test.half,
                attempt.started_at.date().isoformat(),
                attempt.finished_at.date().isoformat(),
                len(items),
                "" if record.discernment is None else record.discernment,
                "" if record.bias is None else record.bias,
                "" if record.certainty_per_item is None else f"{record.certainty_per_item:.2f}",
                record.technique_right,
                record.technique_items,
                ";".join(answers),
            ]
