"""Cards follow answers: one per claim met, every answer logged once, and the card rebuilt from its log."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from quiz import services
from quiz.models import Attempt, Quiz
from reviews import scheduling
from reviews.models import Card, ReviewLog
from reviews.services import cards_sync, cards_sync_all, has_pending, mark_in_cards, pending_answers
from tests.helpers import answers_for
from tests.reviews.conftest import T0, take

pytestmark = pytest.mark.django_db


def test_finishing_a_quiz_makes_a_card_per_claim_met_and_logs_every_answer(met, learner):
    items = list(met.items.all())
    assert Card.objects.filter(learner=learner).count() == len({i.claim_id for i in items})
    logs = ReviewLog.objects.filter(learner=learner)
    assert logs.count() == len(items) and {log.item_id for log in logs} == {i.pk for i in items}
    assert set(logs.values_list("source", flat=True)) == {ReviewLog.Source.QUIZ}
    assert all(card.reviews == card_logs for card, card_logs in ((c, c.logs.count()) for c in Card.objects.all()))


def test_a_card_rebuilt_from_its_log_equals_the_stored_card(first_section, learner):
    tf = first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE)
    matching = first_section.quizzes.get(kind=Quiz.Kind.MATCHING)
    take(tf, learner)
    take(matching, learner, now=T0 + timedelta(days=2), right=False, certainty="high")
    take(tf, learner, now=T0 + timedelta(days=9), certainty="low")
    assert ReviewLog.objects.filter(is_matching=True).exists()
    for card in Card.objects.filter(learner=learner):
        memory = scheduling.replay(list(card.logs.order_by("pk")))
        assert (memory.state.value, memory.step, memory.due, memory.last_review) == (
            card.state,
            card.step,
            card.due,
            card.last_review,
        )
        assert memory.stability == pytest.approx(card.stability) and memory.difficulty == pytest.approx(card.difficulty)


def test_every_answer_moves_its_card_once_however_often_cards_are_synced(met, learner):
    before = ReviewLog.objects.count(), list(Card.objects.order_by("pk").values())
    assert cards_sync(learner_ids=[learner.pk]) == 0
    assert (ReviewLog.objects.count(), list(Card.objects.order_by("pk").values())) == before


def test_answers_of_an_attempt_left_open_move_cards_when_the_dashboard_is_next_read(client, first_section, learner):
    quiz = first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=1, answer=answers_for(attempt, 1))
    assert not Card.objects.exists()
    client.force_login(learner)
    assert client.get(reverse("quiz:home")).status_code == 200
    assert ReviewLog.objects.get().item.attempt == attempt


def test_wrong_answers_bring_a_claim_back_sooner(first_section, learner, django_user_model):
    quiz = first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE)
    other = django_user_model.objects.create_user("other-learner")
    take(quiz, learner, right=True)
    take(quiz, other, right=False)
    right = dict(Card.objects.filter(learner=learner).values_list("claim_id", "due"))
    wrong = dict(Card.objects.filter(learner=other).values_list("claim_id", "due"))
    for claim_id in right.keys() & wrong.keys():
        assert wrong[claim_id] < right[claim_id]


def test_syncing_costs_the_same_few_queries_for_one_answer_or_many(
    first_section, learner, django_user_model, django_assert_num_queries
):
    quiz = first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE)
    many = django_user_model.objects.create_user("many")
    for user, steps in ((learner, 1), (many, None)):
        attempt, _ = services.attempt_start(learner=user, quiz=quiz, now=T0)
        for step in range(1, (steps or attempt.step_count) + 1):
            services.answer_submit(
                learner=user,
                attempt_id=attempt.public_id,
                step=step,
                answer=answers_for(attempt, step),
                now=T0 + timedelta(minutes=step),
            )
    # any pending?, pending, pace, cards, savepoint, new cards, logs, release (the attempts are open: none marked)
    with django_assert_num_queries(8) as one:
        cards_sync(learner_ids=[learner.pk])
    answered = Attempt.objects.get(learner=many).step_count
    with django_assert_num_queries(len(one.captured_queries)):
        assert cards_sync(learner_ids=[many.pk]) == answered
    with django_assert_num_queries(1):  # nothing pending: one query
        cards_sync(learner_ids=[many.pk])


def test_a_finished_attempt_is_marked_in_cards_and_only_unmarked_attempts_are_read_for_answers_to_take(
    met, first_section, learner
):
    assert Attempt.objects.get(pk=met.pk).in_cards
    attempt, _ = services.attempt_start(learner=learner, quiz=first_section.quizzes.get(kind=Quiz.Kind.MATCHING))
    services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=1, answer=answers_for(attempt, 1))
    assert cards_sync(learner_ids=[learner.pk]) > 0
    attempt.refresh_from_db()
    assert not attempt.in_cards  # open: it may take more answers
    services.attempt_finish(attempt=attempt)  # its answers are all taken: the finish marks it
    attempt.refresh_from_db()
    assert attempt.in_cards
    # However long the history, the check for answers to take reads none of it now (the partial index):
    # an answer of a marked attempt is not even looked at.
    assert not Attempt.objects.filter(learner=learner, in_cards=False).exists()
    ReviewLog.objects.filter(item__attempt=met).first().delete()
    assert not has_pending(learner_id=learner.pk)
    assert not list(pending_answers(learner_ids=[learner.pk]))
    assert mark_in_cards() == 0


def test_a_sweep_marks_finished_attempts_whose_finish_marked_nothing_and_never_an_open_one(met, first_section, learner):
    Attempt.objects.update(in_cards=False)  # as a bulk load, or a finish whose sync failed, would leave them
    attempt, _ = services.attempt_start(learner=learner, quiz=first_section.quizzes.get(kind=Quiz.Kind.MATCHING))
    assert cards_sync_all() == 0
    assert set(Attempt.objects.filter(in_cards=False).values_list("pk", flat=True)) == {attempt.pk}


def test_the_migration_marks_finished_attempts_with_every_answer_in_cards(met, first_section, learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=first_section.quizzes.get(kind=Quiz.Kind.MATCHING))
    services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=1, answer=answers_for(attempt, 1))
    Attempt.objects.filter(pk=attempt.pk).update(finished_at=T0 + timedelta(days=1), score=1, percent=10)
    Attempt.objects.update(in_cards=False)
    importlib.import_module("quiz.migrations.0024_attempt_in_cards").fill(apps, SimpleNamespace(connection=connection))
    # The quiz taken before: all its answers logged. The other: finished with an answer no card has taken.
    assert dict(Attempt.objects.values_list("pk", "in_cards")) == {met.pk: True, attempt.pk: False}


def _answered_per_claim(learner) -> dict[int, list[int]]:
    """Each claim's statements the learner answered true/false, in the order answered, once each."""
    seen = {}
    for log in ReviewLog.objects.filter(learner=learner, is_matching=False).select_related("item").order_by("pk"):
        kept = seen.setdefault(log.item.claim_id, [])
        if log.item.statement_id not in kept:
            kept.append(log.item.statement_id)
    return seen


def test_cards_keep_the_statements_answered_once_each_and_no_matching_pair(first_section, learner):
    tf = first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE)
    take(tf, learner)
    take(first_section.quizzes.get(kind=Quiz.Kind.MATCHING), learner, now=T0 + timedelta(days=2))
    take(tf, learner, now=T0 + timedelta(days=9), right=False)
    answered = _answered_per_claim(learner)
    assert any(len(statements) > 1 for statements in answered.values())  # a claim asked twice, two statements
    cards = {card.claim_id: card.seen_statements for card in Card.objects.filter(learner=learner)}
    assert cards == {claim: answered.get(claim, []) for claim in cards}  # a claim met only by matching: none


def test_the_migration_fills_each_card_with_the_statements_its_log_answered(first_section, learner):
    tf = first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE)
    take(tf, learner)
    take(first_section.quizzes.get(kind=Quiz.Kind.MATCHING), learner, now=T0 + timedelta(days=2))
    take(tf, learner, now=T0 + timedelta(days=9))
    kept = dict(Card.objects.values_list("pk", "seen_statements"))
    assert any(kept.values())
    Card.objects.update(seen_statements=[])
    migration = importlib.import_module("reviews.migrations.0003_card_seen_statements")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert dict(Card.objects.values_list("pk", "seen_statements")) == kept
