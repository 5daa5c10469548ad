"""Item analysis a teacher can act on (quiz/teaching/items.py), from the database, against hand-computed examples.

Items in order of need, what learners picked for each claim (the decoy included), true/false answers by
certainty, quiz-level figures (mean, median, SD, Cronbach's alpha), members-only scoping and a query count
that does not grow with the items or the learners. The flags on their own are in `test_items_flags`.
"""

import math
from datetime import timedelta

import pytest
from django.utils import timezone

from content.models import Statement
from quiz import services
from quiz.models import Attempt, Membership, Quiz
from quiz.teaching import item_summary, items
from tests.factories import (
    AttemptFactory,
    CohortFactory,
    LearnerFactory,
    SectionFactory,
    complete_claim,
    quiz_with_claims,
)

pytestmark = pytest.mark.django_db

START = timezone.now() - timedelta(days=3)


def take(learner, quiz, pick, *, when=START):
    """Answer each step as pick(item) says ({"choice", "certainty"}, or None to stop there), then finish."""
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz, now=when)
    for item in attempt.items.order_by("step"):
        answer = pick(item)
        if answer is None:
            break
        services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=item.step, answer=answer, now=when)
    return services.attempt_finish(attempt=attempt, now=when + timedelta(minutes=1))


def right_or_wrong(item, right: bool) -> dict:
    wrong = "false" if item.correct_choice == "true" else "true"
    return {"choice": item.correct_choice if right else wrong}


# --- Figures, order and links from the database -------------------------------------------------


# Five learners × six statements (1 = right), answered by statement. Totals 4, 4, 2, 2, 2.
BY_STATEMENT = [
    [1, 1, 1, 0, 0, 1],
    [1, 1, 1, 0, 0, 1],
    [1, 1, 0, 0, 0, 0],
    [1, 0, 0, 0, 0, 1],
    [1, 0, 0, 1, 0, 0],
]


# s1: F=100 "too easy".  s5: F=0 "too hard".  s4: x=[0,0,0,0,1] R=[4,4,2,2,1]: cov=.2-.2·2.6=−.32,
# cov_max=4/5−.52=.28 → DE=−114 (DI<0): "dubious".  s3: x=[1,1,0,0,0] R=[3,3,2,2,2]: cov=1.2−.4·2.4=.24
# = cov_max → DE=100.  s2: x=[1,1,1,0,0] R=[3,3,1,2,2]: cov=1.4−.6·2.2=.08, cov_max=8/5−1.32=.28 → DE=28.6.
# s6: x=[1,1,0,1,0] R=[3,3,2,1,2]: the same sums as s2 → DE=28.6, DI=21.8 (a tie, then by wording).
EXPECTED_ORDER = [3, 4, 0, 1, 5, 2]  # s4 dubious, s5 too hard, s1 too easy, then DE 28.6, 28.6, 100


def make_statements_quiz():
    quiz = quiz_with_claims(3, item_count=6)
    statements = list(Statement.objects.filter(claim__section=quiz.section).order_by("pk"))
    learners = [LearnerFactory() for _ in BY_STATEMENT]
    cohort = CohortFactory(members=learners)
    ids = [s.pk for s in statements]
    for learner, pattern in zip(learners, BY_STATEMENT, strict=True):
        take(learner, quiz, lambda item, p=pattern: right_or_wrong(item, p[ids.index(item.statement_id)]))
    return cohort, quiz, statements


@pytest.fixture
def statements_quiz(db):
    return make_statements_quiz()


def test_items_come_most_in_need_first_with_their_figures(statements_quiz):
    cohort, quiz, statements = statements_quiz
    stats = items.item_analysis(cohort=cohort, quiz=quiz)
    assert [s.statement_id for s in stats[:3]] == [statements[i].pk for i in EXPECTED_ORDER[:3]]
    assert {s.statement_id for s in stats[3:5]} == {statements[1].pk, statements[5].pk}  # tied: by wording
    assert stats[-1].statement_id == statements[2].pk
    dubious, hard, easy = stats[:3]
    assert dubious.flags == ["dubious"] and dubious.efficiency == pytest.approx(-114.29, abs=0.01)
    assert dubious.discrimination < 0
    assert hard.flags == ["too hard"] and hard.facility == 0
    assert easy.flags == ["too easy"] and easy.facility == 100
    assert stats[3].efficiency == pytest.approx(28.57, abs=0.01) and stats[-1].efficiency == pytest.approx(100)
    assert all(s.responses == 5 and s.claim_published for s in stats)
    assert {s.claim_id for s in stats} == {s.claim_id for s in statements}


def test_true_false_answers_by_certainty(db):
    quiz = quiz_with_claims(2, item_count=4, asks_certainty=True)
    target = Statement.objects.filter(claim__section=quiz.section, is_true=True).order_by("pk").first()
    # The target statement's answers: (choice, certainty); None leaves it (and what follows) unanswered.
    answers = [("true", "high"), ("true", "high"), ("false", "high"), ("true", "medium"), ("false", ""), None]
    learners = [LearnerFactory() for _ in answers]
    cohort = CohortFactory(members=learners)
    for learner, answer in zip(learners, answers, strict=True):

        def pick(item, answer=answer):
            if item.statement_id != target.pk:
                return right_or_wrong(item, True)
            return None if answer is None else {"choice": answer[0], "certainty": answer[1]}

        take(learner, quiz, pick)
    report = items.item_report(cohort=cohort, quiz=quiz)
    (item,) = [s for s in report.items if s.statement_id == target.pk]
    assert item.responses == 6
    rows = {r.level: (r.said_true, r.said_false, r.no_answer, r.right, r.total) for r in item.by_certainty}
    assert rows == {
        "High": (2, 1, 0, 2, 3),
        "Medium": (1, 0, 0, 1, 1),
        "Not given": (0, 1, 1, 0, 2),  # said "false" without saying how sure, and left unanswered
    }
    assert [r.level for r in item.by_certainty] == ["High", "Medium", "Not given"]


# --- Matching: which fact was picked --------------------------------------------------------------


def option(attempt: Attempt, step: int, *, claim_id=None, decoy=False) -> str:
    """The token of the step's option for a claim's fact, or of the decoy."""
    for o in attempt.options_for(step):
        if (decoy and o["is_decoy"]) or (not decoy and not o["is_decoy"] and o["claim_id"] == claim_id):
            return o["token"]
    raise AssertionError("no such option")


def make_matching_quiz():
    quiz = quiz_with_claims(3, kind=Quiz.Kind.MATCHING, item_count=3, matching_set_size=3)
    # The set's decoy: the one claim of another section of the same document.
    complete_claim(section=SectionFactory(document=quiz.section.document))
    claim_a, claim_b, claim_c = quiz.section.claims.order_by("pk")
    # For claim A: the decoy three times, B's fact once, the right fact once, then a set left unanswered.
    picks_for_a = ["decoy", "decoy", "decoy", "b", "right", None]
    learners = [LearnerFactory() for _ in picks_for_a]
    cohort = CohortFactory(members=learners)
    decoys = []
    for learner, pick in zip(learners, picks_for_a, strict=True):
        attempt, _ = services.attempt_start(learner=learner, quiz=quiz, now=START)
        (step,) = {item.step for item in attempt.items.all()}
        decoys.append(next(o["claim_id"] for o in attempt.options_for(step) if o["is_decoy"]))
        if pick is not None:
            answer = {item.token: item.correct_choice for item in attempt.items.all()}
            a_item = attempt.items.get(claim=claim_a)
            if pick == "decoy":
                answer[a_item.token] = option(attempt, step, decoy=True)
            elif pick == "b":
                answer[a_item.token] = option(attempt, step, claim_id=claim_b.pk)
            services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=step, answer=answer, now=START)
        services.attempt_finish(attempt=attempt, now=START + timedelta(minutes=1))
    return cohort, quiz, (claim_a, claim_b, claim_c), decoys


@pytest.fixture
def matching_quiz(db):
    return make_matching_quiz()


def test_matching_counts_which_fact_was_picked_for_each_claim_decoy_included(matching_quiz):
    cohort, quiz, (claim_a, claim_b, claim_c), decoys = matching_quiz
    report = items.item_report(cohort=cohort, quiz=quiz)
    by_claim = {s.claim_id: s for s in report.items}
    a = by_claim[claim_a.pk]
    assert a.responses == 6 and a.facility == pytest.approx(100 / 6)
    counts = {}
    for choice in a.choices:
        counts[choice.role] = counts.get(choice.role, 0) + choice.count
    assert counts == {"right": 1, "other": 1, "decoy": 3, "none": 1}
    # Tokens differ in every attempt: the picks group by the fact's claim (here the same decoy each time).
    (decoy,) = [c for c in a.choices if c.role == "decoy"]
    assert len(set(decoys)) == 1 and decoy.claim_id == decoys[0] and decoy.count == 3
    (other,) = [c for c in a.choices if c.role == "other"]
    assert other.claim_id == claim_b.pk and other.claim_text == claim_b.text
    assert other.text == claim_b.rebuttal.summary
    (right,) = [c for c in a.choices if c.role == "right"]
    assert right.text == claim_a.rebuttal.summary and right.share == pytest.approx(100 / 6)
    assert a.choices[0].role == "right" and a.choices[-1].role == "none"
    assert "often confused" in a.flags  # the decoy is picked more often than the right fact
    assert "More learners pick the decoy" in next(f.advice for f in a.advice if f.name == "often confused")
    for claim in (claim_b, claim_c):
        picked = {c.role: c.count for c in by_claim[claim.pk].choices}
        assert picked == {"right": 5, "none": 1}
    assert report.items[0].claim_id == claim_a.pk  # the most in need of attention


# --- The quiz as a whole ----------------------------------------------------------------------


# Five learners (1 = right): scores 4, 3, 2, 1, 1 of 4 → 100, 75, 50, 25, 25 %.
BY_POSITION = [
    [1, 1, 1, 1],
    [1, 1, 1, 0],
    [1, 1, 0, 0],
    [1, 0, 0, 0],
    [0, 0, 0, 1],
]


def make_positions_quiz(*, claims=3, item_count=4, patterns=BY_POSITION):
    """Attempts of `item_count` statements drawn from 2 · `claims`, each answered by position as `patterns` say."""
    quiz = quiz_with_claims(claims, item_count=item_count)
    learners = [LearnerFactory() for _ in patterns]
    cohort = CohortFactory(members=learners)
    for learner, pattern in zip(learners, patterns, strict=True):
        take(learner, quiz, lambda item, p=pattern: right_or_wrong(item, p[item.position - 1]))
    return cohort, quiz, learners


@pytest.fixture
def positions_quiz(db):
    """Four of six statements per attempt: attempts hold different items, so alpha goes by position."""
    return make_positions_quiz()


@pytest.fixture
def same_items_quiz(db):
    """Four statements, all in every attempt (in its own order), answered by statement as BY_POSITION says."""
    quiz = quiz_with_claims(2, item_count=4)
    ids = list(Statement.objects.filter(claim__section=quiz.section).order_by("pk").values_list("pk", flat=True))
    learners = [LearnerFactory() for _ in BY_POSITION]
    cohort = CohortFactory(members=learners)
    for learner, pattern in zip(learners, BY_POSITION, strict=True):
        take(learner, quiz, lambda item, p=pattern: right_or_wrong(item, p[ids.index(item.statement_id)]))
    return cohort, quiz


def test_quiz_figures_by_hand(positions_quiz, django_assert_num_queries):
    cohort, quiz, _ = positions_quiz
    with django_assert_num_queries(2):
        summary = items.quiz_summary(cohort=cohort, quiz=quiz)
    percents = [100, 75, 50, 25, 25]
    mean = sum(percents) / 5  # 55
    sd = math.sqrt(sum((p - mean) ** 2 for p in percents) / 4)  # (2025 + 400 + 25 + 900 + 900) / 4 = 1062.5
    # KR-20 over positions: p = .8, .6, .4, .4 → Σpq = .16 + .24 + .24 + .24 = .88; scores 4, 3, 2, 1, 1 have
    # mean 2.2 and variance (3.24 + .64 + .04 + 1.44 + 1.44) / 5 = 1.36 → alpha = 4/3 · (1 − .88/1.36) = 8/17.
    assert summary.attempts == 5
    assert summary.mean == pytest.approx(55) and mean == 55
    assert summary.median == pytest.approx(50)
    assert summary.sd == pytest.approx(sd) and sd == pytest.approx(32.596, abs=0.001)
    assert summary.alpha == pytest.approx(8 / 17)
    assert (summary.alpha_note, summary.alpha_items, summary.alpha_attempts) == ("", 4, 5)
    assert summary.alpha_basis == "positions"  # the attempts drew different statements
    assert summary.distribution == [0, 0, 2, 0, 0, 1, 0, 1, 0, 1]
    assert items.score_distribution(cohort=cohort, quiz=quiz) == summary.distribution


def test_alpha_over_the_items_when_every_attempt_held_the_same_ones(same_items_quiz, django_assert_num_queries):
    cohort, quiz = same_items_quiz
    report = items.item_report(cohort=cohort, quiz=quiz)
    # The same p = .8, .6, .4, .4, now per statement, and the same scores: alpha = 8/17 (see above).
    assert sorted(s.facility for s in report.items) == [40, 40, 60, 80]
    assert report.summary.alpha_basis == "items" and report.summary.alpha == pytest.approx(8 / 17)
    with django_assert_num_queries(1):  # the items' figures are known: no query by position
        summary = items.quiz_summary(cohort=cohort, quiz=quiz, stats=report.items)
    assert summary.alpha == pytest.approx(8 / 17)


def test_quiz_figures_count_only_graded_attempts_made_as_a_member(positions_quiz):
    cohort, quiz, learners = positions_quiz
    now = timezone.now()
    # A practice attempt, a newcomer's attempt from before joining, an outsider's: none counts.
    AttemptFactory(quiz=quiz, learner=learners[0], percent=0, is_practice=True, started_at=now - timedelta(hours=1))
    newcomer = LearnerFactory()
    take(newcomer, quiz, lambda item: right_or_wrong(item, False), when=now - timedelta(days=2))
    Membership.objects.create(cohort=cohort, learner=newcomer, joined_at=now - timedelta(days=1))
    take(LearnerFactory(), quiz, lambda item: right_or_wrong(item, False))
    report = items.item_report(cohort=cohort, quiz=quiz, first_only=False)
    assert report.summary.attempts == 5 and report.summary.alpha == pytest.approx(8 / 17)
    assert sum(s.responses for s in report.items) == 20  # 5 attempts × 4 statements
    assert sum(line.total for s in report.items for line in s.by_certainty) == 20
    # After joining, the newcomer's next attempt counts (all right this time).
    take(newcomer, quiz, lambda item: right_or_wrong(item, True), when=now - timedelta(hours=2))
    assert items.quiz_summary(cohort=cohort, quiz=quiz).attempts == 6


def test_the_median_of_an_odd_and_an_even_number_of_scores():
    assert item_summary._median({50.0: 1, 25.0: 2, 100.0: 1, 75.0: 1}) == 50
    assert item_summary._median({10.0: 1, 20.0: 1}) == 15
    assert item_summary._median({}) is None


def test_alpha_says_why_it_cannot_be_computed(db):
    quiz = quiz_with_claims(2)
    learners = [LearnerFactory() for _ in range(4)]
    cohort = CohortFactory(members=learners)
    now = timezone.now() - timedelta(hours=1)
    summary = items.quiz_summary(cohort=cohort, quiz=quiz)
    assert summary.attempts == 0 and summary.mean is None and summary.alpha is None
    AttemptFactory(quiz=quiz, learner=learners[0], percent=50, started_at=now)
    summary = items.quiz_summary(cohort=cohort, quiz=quiz)
    assert summary.sd is None and summary.alpha_note == "it needs at least 2 attempts."
    for learner in learners[1:3]:
        AttemptFactory(quiz=quiz, learner=learner, percent=50, started_at=now)
    AttemptFactory(quiz=quiz, learner=learners[3], percent=100, max_score=5, started_at=now)
    summary = items.quiz_summary(cohort=cohort, quiz=quiz)
    # Alpha uses the most common item count (3 attempts of 4 items); their scores do not vary.
    assert (summary.alpha_items, summary.alpha_attempts, summary.attempts) == (4, 3, 4)
    assert summary.alpha is None and "no variance" in summary.alpha_note
    one_item = quiz_with_claims(2)
    for learner in learners[:2]:
        AttemptFactory(quiz=one_item, learner=learner, percent=100, max_score=1, started_at=now)
    summary = items.quiz_summary(cohort=cohort, quiz=one_item)
    assert summary.alpha is None and summary.alpha_note == "it needs at least 2 items per attempt."


# --- A fixed number of queries ----------------------------------------------------------------


def test_the_report_takes_two_queries_whatever_the_items_and_learners(
    positions_quiz, statements_quiz, matching_quiz, django_assert_num_queries
):
    # The item tallies (attempts, answers by item and by position) in one statement, then the items' wording.
    for cohort, quiz, *_ in (positions_quiz, statements_quiz, matching_quiz):
        with django_assert_num_queries(2):
            report = items.item_report(cohort=cohort, quiz=quiz, first_only=False)
        assert report.items
    # Three times the learners, twice the items: the same number.
    patterns = [[(n + i) % 3 != 0 for i in range(8)] for n in range(15)]
    cohort, quiz, _ = make_positions_quiz(claims=6, item_count=8, patterns=patterns)
    for first_only in (False, True):
        with django_assert_num_queries(2):
            report = items.item_report(cohort=cohort, quiz=quiz, first_only=first_only)
    assert len(report.items) == 12 and report.summary.alpha_basis == "positions"
