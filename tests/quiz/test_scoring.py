"""Discernment, bias and the pass rule that uses them."""

import pytest

from quiz import scoring
from quiz.scoring import Discernment


def test_perfect_answers_discern_fully_with_no_bias():
    assert Discernment.of(trues=4, hits=4, falses=4, false_alarms=0) == Discernment(100, 0)


@pytest.mark.parametrize(
    ("hits", "false_alarms", "expected"),
    [(0, 0, Discernment(0, -100)), (4, 4, Discernment(0, 100)), (0, 4, Discernment(-100, 0))],
    ids=["false to everything", "true to everything", "everything backwards"],
)
def test_blanket_answers_score_zero_discernment(hits, false_alarms, expected):
    assert Discernment.of(trues=4, hits=hits, falses=4, false_alarms=false_alarms) == expected


def test_odd_counts_round_to_whole_points():
    assert Discernment.of(trues=5, hits=4, falses=4, false_alarms=1) == Discernment(55, 5)


def test_no_discernment_without_both_kinds():
    assert Discernment.of(trues=3, hits=3, falses=0, false_alarms=0) is None


def test_pass_needs_the_mark_and_the_discernment():
    good = Discernment(50, 0)
    assert scoring.passes(percent=75, pass_mark=70, signal=good, min_discernment=40)
    assert not scoring.passes(percent=75, pass_mark=70, signal=Discernment(30, -20), min_discernment=40)
    assert not scoring.passes(percent=60, pass_mark=70, signal=good, min_discernment=40)
    assert scoring.passes(percent=75, pass_mark=70, signal=None, min_discernment=40)  # matching


def test_bias_in_plain_words():
    assert scoring.bias_words(-100) == "You called most statements false: you doubt true facts too."
    assert scoring.bias_words(60).startswith("You called most statements true")
    assert scoring.bias_words(25) == "" and scoring.bias_words(None) == ""
    assert scoring.bias_label(-50) == "calls most statements false (doubts true facts)"


@pytest.mark.django_db
def test_attempts_finished_before_scoring_get_their_discernment_from_the_migration(learner):
    import importlib

    from django.apps import apps

    from quiz import services
    from quiz.models import Attempt
    from tests.factories import quiz_with_claims

    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(2, item_count=4))
    for item in attempt.items.order_by("step"):  # "true" to everything
        services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=item.step, answer={"choice": "true"})
    services.attempt_finish(attempt=attempt)
    Attempt.objects.filter(pk=attempt.pk).update(discernment=None, bias=None)  # as before migration 0010

    importlib.import_module("quiz.migrations.0011_backfill_discernment").backfill(apps, None)

    attempt.refresh_from_db()
    assert (attempt.discernment, attempt.bias) == (0, 100)


@pytest.mark.django_db
def test_finishing_scores_discernment_from_the_items_answered():
    from django.utils import timezone

    from quiz import services
    from tests.factories import AttemptFactory, AttemptItemFactory

    attempt = AttemptFactory(finished_at=None, score=None, percent=None, passed=None, max_score=5, min_discernment=40)
    now = timezone.now()
    for is_true, choice in [(True, "true"), (True, "false"), (False, "false"), (False, "false")]:
        AttemptItemFactory(
            attempt=attempt,
            statement_is_true=is_true,
            choice=choice,
            is_correct=choice == ("true" if is_true else "false"),
            answered_at=now,
        )
    AttemptItemFactory(attempt=attempt, statement_is_true=False)  # never answered: wrong, but no answer either way
    finished = services.attempt_finish(attempt=attempt)
    assert (finished.score, finished.percent) == (3, 60)
    assert (finished.discernment, finished.bias) == (50, -50)  # hits 1/2, false alarms 0/2
    assert finished.passed is False  # 60 % is under the pass mark of 70


@pytest.mark.django_db
def test_membership_factory_puts_a_learner_in_a_cohort():
    from quiz.teaching import access
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    assert list(access.members(cohort=membership.cohort)) == [membership.learner]
