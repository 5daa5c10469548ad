"""Pre- and post-tests on the held-out pool: who owes which, starting them, and what each records.

A cohort with `tests_enabled` asks each member for a short pre-test before their first quiz and, later,
a post-test. The two tests draw from disjoint halves (A and B) of the held-out pool, which the learner
never meets in practice, reviews, the library or feedback; which half comes first alternates with the
order learners start (counterbalancing). A test is an ordinary attempt (kind "pre_test"/"post_test", no
quiz), frozen, idempotent and resumable; it gives no feedback until the learner's post-test is finished,
so the pre-test teaches nothing.
"""

import random
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.models import HeldOutItem, Technique
from quiz import candidates, generation, scoring
from quiz.errors import QuizUnavailable
from quiz.generation import Plan, PlannedItem, TechniqueChoice
from quiz.models import Attempt, Cohort, Membership, Quiz
from quiz.services import write_attempt
from quiz.teaching.models import CohortTest

STATEMENTS_PER_TEST = 8  # as many true as false: with two technique items, about ten items, 2–3 minutes
TECHNIQUES_PER_TEST = 2
KINDS = {CohortTest.Phase.PRE: Attempt.Kind.PRE_TEST, CohortTest.Phase.POST: Attempt.Kind.POST_TEST}


class TestUnavailable(QuizUnavailable):
    """The learner cannot take this test now; the message says why."""


def plan_test(*, items: list[HeldOutItem], techniques: list[TechniqueChoice], seed: int) -> Plan:
    """The test's items, drawn by the seed from one half: statements first (as many true as false, shuffled:
    a test shows no feedback, so no item can give another away), then technique items with four techniques."""
    rng = random.Random(seed)
    statements = [candidates.from_held_out(i) for i in items if i.kind == HeldOutItem.Kind.STATEMENT]
    trues = sorted((c for c in statements if c.is_true), key=lambda c: c.key)
    falses = sorted((c for c in statements if not c.is_true), key=lambda c: c.key)
    per_kind = min(STATEMENTS_PER_TEST // 2, len(trues), len(falses))
    chosen = rng.sample(trues, per_kind) + rng.sample(falses, per_kind)
    rng.shuffle(chosen)
    plan = Plan()
    for step, candidate in enumerate(chosen, start=1):
        plan.items.append(PlannedItem(step, candidate, generation.TRUE if candidate.is_true else generation.FALSE))
    spotting = [candidates.from_held_out(i) for i in items if i.kind == HeldOutItem.Kind.TECHNIQUE]
    if spotting and len(techniques) >= 2:
        picked = rng.sample(sorted(spotting, key=lambda c: c.key), min(TECHNIQUES_PER_TEST, len(spotting)))
        more = generation.plan_technique(
            candidates=picked, examples=[], techniques=techniques, history={}, wanted=len(picked),
            example_count=0, seed=seed,
        )
        plan.extend(more)
    return plan


def cohort_tests_of(*, learner, cohort: Cohort) -> dict[str, CohortTest]:
    return {t.phase: t for t in CohortTest.objects.filter(cohort=cohort, learner=learner).select_related("attempt")}


@dataclass
class OwedTest:
    """A test a learner is asked to take now."""

    cohort: Cohort
    phase: str
    test: CohortTest | None = None  # started, not finished

    @property
    def label(self) -> str:
        return _("pre-test") if self.phase == CohortTest.Phase.PRE else _("post-test")


def owed_tests(*, learner, now=None) -> list[OwedTest]:
    """The pre-tests the learner owes (cohorts with tests on), and post-tests that are open to them."""
    now = now or timezone.now()
    cohorts = list(Cohort.objects.filter(memberships__learner=learner, tests_enabled=True).order_by("name"))
    if not cohorts:
        return []
    taken: dict[tuple[int, str], CohortTest] = {
        (t.cohort_id, t.phase): t
        for t in CohortTest.objects.filter(learner=learner, cohort__in=cohorts).select_related("attempt")
    }
    owed = []
    for cohort in cohorts:
        pre, post = taken.get((cohort.pk, "pre")), taken.get((cohort.pk, "post"))
        post_open = post is not None or cohort.post_test_opens_at is None or cohort.post_test_opens_at <= now
        if pre is None or not pre.attempt.is_finished:
            owed.append(OwedTest(cohort, CohortTest.Phase.PRE, pre))
        elif (post is None or not post.attempt.is_finished) and post_open:
            owed.append(OwedTest(cohort, CohortTest.Phase.POST, post))
    return owed


def pre_test_owed(*, learner) -> OwedTest | None:
    """A pre-test the learner must take before a quiz (a cohort with tests on, joined, not yet taken)."""
    return next((t for t in owed_tests(learner=learner) if t.phase == CohortTest.Phase.PRE), None)


def test_start(*, learner, cohort: Cohort, phase: str, now=None) -> tuple[Attempt, bool]:
    """Resume the learner's test of this phase in the cohort, or start it. Raises TestUnavailable."""
    now = now or timezone.now()
    if not Membership.objects.filter(cohort=cohort, learner=learner).exists():
        raise TestUnavailable(_("You are not in that group."))
    if not cohort.tests_enabled:
        raise TestUnavailable(_("This group has no pre- and post-test."))
    tests = cohort_tests_of(learner=learner, cohort=cohort)
    if phase in tests:
        return tests[phase].attempt, False
    if phase == CohortTest.Phase.POST:
        pre = tests.get(CohortTest.Phase.PRE)
        if pre is None or not pre.attempt.is_finished:
            raise TestUnavailable(_("Take the pre-test first: the post-test compares with it."))
        if cohort.post_test_opens_at and cohort.post_test_opens_at > now:
            raise TestUnavailable(_("The post-test is not open yet."))
        half = "B" if pre.half == "A" else "A"
        anonymous_id = pre.anonymous_id
    else:
        half = None  # drawn under the cohort's lock below
        anonymous_id = secrets.token_hex(6)
    techniques = [TechniqueChoice(t.pk, t.name, t.family_id) for t in Technique.objects.order_by("pk")]
    seed = secrets.randbits(62)
    # The attempt's title, kept with it (in the learner's language when they start it).
    if phase == CohortTest.Phase.PRE:
        title = _("Pre-test: %(cohort)s") % {"cohort": cohort.name}
    else:
        title = _("Post-test: %(cohort)s") % {"cohort": cohort.name}
    try:
        with transaction.atomic():
            if half is None:
                # Counterbalancing: the half alternates with the order in which the cohort's learners start.
                # The cohort's row is locked while counting, so learners starting together still alternate.
                Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
                started = CohortTest.objects.filter(cohort=cohort, phase=CohortTest.Phase.PRE).count()
                half = "A" if started % 2 == 0 else "B"
            items = list(HeldOutItem.objects.published().filter(half=half).order_by("pk"))
            plan = plan_test(items=items, techniques=techniques, seed=seed)
            if not plan.items:
                raise TestUnavailable(
                    _("The test has no items yet: editors add them to the held-out pool in the admin.")
                )
            attempt = write_attempt(
                learner=learner,
                plan=plan,
                seed=seed,
                now=now,
                quiz=None,
                title=title,
                kind=KINDS[phase],
                feedback=Quiz.Feedback.AT_END,
                pass_mark=0,
                min_discernment=0,
                asks_certainty=True,
                is_practice=True,  # no score of a quiz: the gain is its own report
            )
            CohortTest.objects.create(
                cohort=cohort, learner=learner, phase=phase, half=half, attempt=attempt,
                anonymous_id=anonymous_id, started_at=now,
            )
    except IntegrityError:  # the same test started in another tab at the same moment: resume that one
        existing = cohort_tests_of(learner=learner, cohort=cohort).get(phase)
        if existing is None:
            raise
        return existing.attempt, False
    return attempt, True


def feedback_withheld(attempt: Attempt) -> bool:
    """A test's answers stay hidden until the learner's post-test in that cohort is finished."""
    if not attempt.is_test:
        return False
    test = CohortTest.objects.filter(attempt=attempt).first()
    if test is None:
        return False
    post = CohortTest.objects.filter(
        cohort_id=test.cohort_id, learner_id=test.learner_id, phase=CohortTest.Phase.POST
    ).select_related("attempt").first()
    return post is None or not post.attempt.is_finished


def withheld_attempt_ids(*, learner) -> set[int]:
    """The learner's test attempts whose answers stay hidden: every test of a cohort whose post-test is not done."""
    tests = list(CohortTest.objects.filter(learner=learner).values_list("cohort_id", "phase", "attempt_id",
                                                                        "attempt__finished_at"))
    done = {cohort for cohort, phase, _, finished in tests if phase == CohortTest.Phase.POST and finished}
    return {attempt for cohort, _, attempt, _ in tests if cohort not in done}


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


def learner_before_after(*, learner) -> list[tuple[Cohort, TestRecord, TestRecord]]:
    """The learner's own pre- and post-test records, for each cohort where both are finished."""
    tests = CohortTest.objects.filter(learner=learner, attempt__finished_at__isnull=False).select_related(
        "attempt", "cohort"
    ).prefetch_related("attempt__items")
    by_cohort: dict[int, dict[str, CohortTest]] = {}
    for test in tests:
        by_cohort.setdefault(test.cohort_id, {})[test.phase] = test
    out = []
    for phases in by_cohort.values():
        if len(phases) == 2:
            pre, post = phases["pre"], phases["post"]
            out.append(
                (
                    pre.cohort,
                    record_of(pre.attempt, list(pre.attempt.items.all())),
                    record_of(post.attempt, list(post.attempt.items.all())),
                )
            )
    return out


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
                    chosen = next(
                        (o for o in attempt.options_for(item.step) if o["token"] == item.choice), None
                    )
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
