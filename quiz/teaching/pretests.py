"""Pre- and post-tests on the held-out pool: who owes which, starting them, and what the learner sees of them.

A cohort with `tests_enabled` asks each member for a short pre-test before their first quiz and, later,
a post-test. The two tests draw from disjoint halves (A and B) of the held-out pool, which the learner
never meets in practice, reviews, the library or feedback; which half comes first alternates with the
order learners start (counterbalancing). A test is an ordinary attempt (kind "pre_test"/"post_test", no
quiz), frozen, idempotent and resumable; it gives no feedback until the learner's post-test is finished,
so the pre-test teaches nothing.

What finished tests record — each test's figures, the cohort's learning gain, the research export — is in
`pretest_results`.
"""

import random
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import HeldOutItem, Technique
from quiz import candidates, generation
from quiz.errors import QuizUnavailable
from quiz.generation import Plan, PlannedItem, TechniqueChoice
from quiz.models import Attempt, Cohort, Membership, Quiz
from quiz.services import write_attempt
from quiz.teaching.models import CohortTest
from quiz.teaching.pretest_results import TestRecord, record_of

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
            candidates=picked,
            examples=[],
            techniques=techniques,
            history={},
            wanted=len(picked),
            example_count=0,
            seed=seed,
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
                cohort=cohort,
                learner=learner,
                phase=phase,
                half=half,
                attempt=attempt,
                anonymous_id=anonymous_id,
                started_at=now,
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
    post = (
        CohortTest.objects.filter(cohort_id=test.cohort_id, learner_id=test.learner_id, phase=CohortTest.Phase.POST)
        .select_related("attempt")
        .first()
    )
    return post is None or not post.attempt.is_finished


def withheld_attempt_ids(*, learner) -> set[int]:
    """The learner's test attempts whose answers stay hidden: every test of a cohort whose post-test is not done."""
    tests = list(
        CohortTest.objects.filter(learner=learner).values_list(
            "cohort_id", "phase", "attempt_id", "attempt__finished_at"
        )
    )
    done = {cohort for cohort, phase, _, finished in tests if phase == CohortTest.Phase.POST and finished}
    return {attempt for cohort, _, attempt, _ in tests if cohort not in done}


def learner_before_after(*, learner) -> list[tuple[Cohort, TestRecord, TestRecord]]:
    """The learner's own pre- and post-test records, for each cohort where both are finished."""
    tests = (
        CohortTest.objects.filter(learner=learner, attempt__finished_at__isnull=False)
        .select_related("attempt", "cohort")
        .prefetch_related("attempt__items")
    )
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
