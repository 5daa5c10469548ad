"""The item report (quiz/teaching/items.py, read from the item tallies) against a plain recount in Python.

Random answers through the quiz services, to a true/false quiz that asks how sure and to a matching
quiz, by members, a learner who joined late, one who left, one who left and came back, an outsider and
practice; then a statement and a claim are deleted, so some items are known only by their frozen
wording. Every figure of `item_report` — responses, F/DI/DE, answers by certainty, the facts picked,
the attempts' scores and alpha — must equal what the attempts started while a member give, counted
one answer at a time; and the tallies kept as the attempts finished must equal their rebuild from the answers.
"""

import math
import random
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from content.models import Claim, Statement
from quiz import services
from quiz.models import Attempt, AttemptItem, Membership, Quiz
from quiz.teaching import item_stats, items, tallies
from quiz.teaching.cohorts import cohort_leave
from tests.factories import (
    AttemptFactory,
    CohortFactory,
    LearnerFactory,
    SectionFactory,
    complete_claim,
    quiz_with_claims,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def take(learner, quiz, rng: random.Random, *, when):
    """Answer every step at random (some left unanswered), then finish."""
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz, now=when)
    skill = rng.random()
    for step in sorted({item.step for item in attempt.items.all()}):
        if rng.random() < 0.1:
            break  # the rest is left unanswered
        step_items = list(attempt.items.filter(step=step))
        if quiz.is_matching:
            tokens = [o["token"] for o in attempt.options_for(step)]
            rng.shuffle(tokens)
            answer = {}
            for item, token in zip(step_items, tokens, strict=False):
                answer[item.token] = item.correct_choice if rng.random() < skill else token
        else:
            (item,) = step_items
            right = rng.random() < skill
            wrong = "false" if item.correct_choice == "true" else "true"
            answer = {"choice": item.correct_choice if right else wrong}
            if quiz.asks_certainty and rng.random() < 0.8:
                answer["certainty"] = rng.choice(["low", "medium", "high"])
        services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=step, answer=answer, now=when)
    return services.attempt_finish(attempt=attempt, now=when + timedelta(minutes=1))


def build(quiz: Quiz, seed: int):
    rng = random.Random(seed)
    members = [LearnerFactory() for _ in range(9)]
    cohort = CohortFactory(members=members)
    Membership.objects.filter(cohort=cohort).update(joined_at=NOW - timedelta(days=30))
    late, leaver, returner, outsider = (LearnerFactory() for _ in range(4))
    for learner in (late, leaver, returner):
        Membership.objects.create(cohort=cohort, learner=learner, joined_at=NOW - timedelta(days=30))
    Membership.objects.filter(cohort=cohort, learner=late).update(joined_at=NOW - timedelta(days=10))
    for day in (20, 15, 5):
        for learner in [*members, late, leaver, returner, outsider]:
            take(learner, quiz, rng, when=NOW - timedelta(days=day, hours=rng.randint(0, 20)))
    AttemptFactory(quiz=quiz, learner=members[0], percent=0, is_practice=True, started_at=NOW - timedelta(days=1))
    cohort_leave(learner=leaver, cohort_id=cohort.pk)
    cohort_leave(learner=returner, cohort_id=cohort.pk)
    Membership.objects.create(cohort=cohort, learner=returner, joined_at=NOW - timedelta(days=12))
    return cohort


def chosen_attempts(cohort, quiz, *, first_only: bool) -> list[Attempt]:
    """Graded attempts at the quiz started while the learner was a member, by the ORM."""
    attempts = list(
        Attempt.objects.filter(
            quiz=quiz,
            finished_at__isnull=False,
            is_practice=False,
            learner__memberships__cohort=cohort,
            started_at__gte=F("learner__memberships__joined_at"),
        ).order_by("finished_at", "pk")
    )
    if first_only:
        firsts = {}
        for attempt in attempts:
            firsts.setdefault(attempt.learner_id, attempt)
        attempts = list(firsts.values())
    return attempts


def recount(cohort, quiz, *, first_only: bool) -> dict:
    attempts = chosen_attempts(cohort, quiz, first_only=first_only)
    by_attempt = {a.pk: a for a in attempts}
    answers: dict[tuple, list[AttemptItem]] = {}
    for item in AttemptItem.objects.filter(attempt_id__in=by_attempt).order_by("pk"):
        key = item.claim_id if quiz.is_matching else item.statement_id
        answers.setdefault((key, None if key else item.prompt), []).append(item)
    figures = {}
    for key, rows in answers.items():
        x = [1 if i.is_correct else 0 for i in rows]
        r = [by_attempt[i.attempt_id].score - xi for i, xi in zip(rows, x, strict=True)]
        top = sum(sorted(r, reverse=True)[: sum(x)])
        figure = item_stats.item_figures(
            n=len(x),
            sx=sum(x),
            sxx=sum(x),
            sr=sum(r),
            srr=sum(v * v for v in r),
            sxr=sum(a * b for a, b in zip(x, r, strict=True)),
            top_r=top,
        )
        if quiz.is_matching:
            picked = {}
            for i in rows:
                if i.is_correct:
                    what = ("right", key[0])
                elif i.choice == "":
                    what = ("none", None)
                else:
                    (option,) = [o for o in by_attempt[i.attempt_id].options_for(i.step) if o["token"] == i.choice]
                    what = ("decoy" if option["is_decoy"] else "other", option["claim_id"])
                picked[what] = picked.get(what, 0) + 1
            detail = picked
        else:
            detail = {}
            for i in rows:
                line = detail.setdefault(i.certainty, [0, 0, 0, 0])
                line[{"true": 0, "false": 1}.get(i.choice, 2)] += 1
                line[3] += 1 if i.is_correct else 0
        figures[key] = (len(x), figure, detail)
    k_counts = {}
    for attempt in attempts:
        k_counts[attempt.max_score] = k_counts.get(attempt.max_score, 0) + 1
    k = max(k_counts, key=lambda size: (k_counts[size], size))
    sized = [a for a in attempts if a.max_score == k]
    scores = [a.score for a in sized]
    variance = sum((s - sum(scores) / len(scores)) ** 2 for s in scores) / len(scores)
    position_items = AttemptItem.objects.filter(attempt__in=sized)
    sum_pq = 0.0
    for position in range(1, k + 1):
        marks = [1 if i.is_correct else 0 for i in position_items if i.position == position]
        p = sum(marks) / len(marks)
        sum_pq += p * (1 - p)
    percents = [a.percent for a in attempts]
    return {
        "figures": figures,
        "attempts": len(attempts),
        "mean": sum(percents) / len(percents),
        "alpha_by_position": k / (k - 1) * (1 - sum_pq / variance),
    }


def reported(report, *, matching: bool) -> dict:
    figures = {}
    for item in report.items:
        if matching:
            detail = {}
            for choice in item.choices:
                if choice.count:
                    what = (choice.role, choice.claim_id)
                    detail[what] = detail.get(what, 0) + choice.count
        else:
            levels = {"High": 3, "Medium": 2, "Low": 1, "Not given": None}
            detail = {
                levels[line.level]: [line.said_true, line.said_false, line.no_answer, line.right]
                for line in item.by_certainty
            }
        figures[item.key] = (item.responses, (item.facility, item.discrimination, item.efficiency), detail)
    return figures


def assert_same(report, expected, *, matching: bool):
    from tests.teaching.test_tallies import stored  # (it imports `take` from here)

    assert stored() == tallies._counted("", [])  # the tallies, as the rebuild would count them from the answers
    got = reported(report, matching=matching)
    assert set(got) == set(expected["figures"])
    for key, (n, figure, detail) in expected["figures"].items():
        n_got, figure_got, detail_got = got[key]
        assert n_got == n
        for a, b in zip(figure_got, figure, strict=True):
            assert (a is None and b is None) or a == pytest.approx(b)
        assert detail_got == detail, key
    assert report.summary.attempts == expected["attempts"]
    assert report.summary.mean == pytest.approx(expected["mean"])
    if report.summary.alpha_basis == "positions":
        assert report.summary.alpha == pytest.approx(expected["alpha_by_position"])


@pytest.mark.parametrize("first_only", [False, True])
def test_true_false_report_equals_a_recount(first_only):
    quiz = quiz_with_claims(3, item_count=4, asks_certainty=True)  # 4 of 6 statements: alpha by position
    cohort = build(quiz, seed=7)
    # One statement deleted since: its answers are kept under their frozen wording.
    Statement.objects.filter(claim__section=quiz.section).order_by("pk").first().delete()
    report = items.item_report(cohort=cohort, quiz=quiz, first_only=first_only)
    expected = recount(cohort, quiz, first_only=first_only)
    assert any(key[0] is None for key in expected["figures"])  # an orphan is among them
    assert report.summary.alpha_basis == "positions"
    assert_same(report, expected, matching=False)
    # The figures-only path agrees with the report.
    alone = {s.key: (s.responses, s.facility, s.discrimination, s.efficiency) for s in report.items}
    assert {
        s.key: (s.responses, s.facility, s.discrimination, s.efficiency)
        for s in items.item_analysis(cohort=cohort, quiz=quiz, first_only=first_only)
    } == alone


@pytest.mark.parametrize("first_only", [False, True])
def test_matching_report_equals_a_recount(first_only):
    quiz = quiz_with_claims(3, kind=Quiz.Kind.MATCHING, item_count=3, matching_set_size=3)
    complete_claim(section=SectionFactory(document=quiz.section.document))  # the decoy
    cohort = build(quiz, seed=11)
    Claim.objects.filter(section=quiz.section).order_by("pk").first().delete()
    report = items.item_report(cohort=cohort, quiz=quiz, first_only=first_only)
    expected = recount(cohort, quiz, first_only=first_only)
    assert any(key[0] is None for key in expected["figures"])
    assert_same(report, expected, matching=True)
    assert not math.isnan(report.summary.alpha or 0)
