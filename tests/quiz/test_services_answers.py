"""Quiz services on their own: answering, scored on the server, and every answer refused (late ones included)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from quiz import errors, services
from quiz.models import Attempt, Quiz
from tests.factories import LearnerFactory, quiz_with_claims
from tests.helpers import answers_for, snapshot
from tests.quiz.service_helpers import submit

pytestmark = pytest.mark.django_db


def test_answer_is_saved_and_scored_on_the_server(learner):
    quiz = quiz_with_claims(3, item_count=4)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    result = submit(attempt, 1, right=True)
    assert result.score == 1 and not result.duplicate
    item = attempt.items.get(step=1)
    assert item.is_correct and item.answered_at and item.choice == item.correct_choice
    wrong = submit(attempt, 2, right=False)
    assert wrong.score == 0
    assert attempt.items.get(step=2).is_correct is False


@pytest.mark.parametrize("kind", [Quiz.Kind.TRUE_FALSE, Quiz.Kind.MATCHING])
def test_answering_costs_two_queries_or_one_for_true_false_on_postgresql(learner, kind, django_assert_num_queries):
    quiz = quiz_with_claims(10, kind=kind, item_count=12)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    answer = answers_for(attempt, 1)
    one_statement = kind == Quiz.Kind.TRUE_FALSE and connection.vendor == "postgresql"
    with django_assert_num_queries(1 if one_statement else 2):
        assert submit(attempt, 1, answer=answer).score == len(answer)


def test_the_same_answer_twice_is_recorded_once(learner):
    quiz = quiz_with_claims(3, item_count=4)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    answer = answers_for(attempt, 1, right=True)
    submit(attempt, 1, answer=answer)
    before = snapshot(attempt)
    again = submit(attempt, 1, answer=answer)
    assert again.duplicate and again.score == 1
    assert snapshot(attempt) == before


def test_matching_gives_partial_credit_per_pair(learner):
    quiz = quiz_with_claims(4, kind=Quiz.Kind.MATCHING, item_count=4, matching_set_size=4)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    items = list(attempt.items.order_by("position"))
    answer = {item.token: item.correct_choice for item in items}
    answer[items[0].token], answer[items[1].token] = items[1].correct_choice, items[0].correct_choice  # swapped
    result = submit(attempt, 1, answer=answer)
    assert result.score == 2
    finished = services.attempt_finish(attempt=attempt)
    assert (finished.score, finished.max_score, finished.percent, finished.passed) == (2, 4, 50, False)


# --- Refusals ---------------------------------------------------------------------------------


def refused(attempt, step, code, *, learner=None, answer=None, right=True):
    before = snapshot(attempt)
    with pytest.raises(errors.AnswerRefused) as excinfo:
        submit(attempt, step, learner=learner, answer=answer, right=right)
    assert excinfo.value.code == code
    assert excinfo.value.message
    return before, excinfo.value


def test_a_different_answer_to_an_answered_item_is_refused(learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3, item_count=4))
    submit(attempt, 1, right=True)
    before, refusal = refused(attempt, 1, "answered", right=False)
    assert "first answer counts" in refusal.message
    assert snapshot(attempt) == before


def test_an_item_that_is_not_open_yet_is_refused(learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3, item_count=4))
    before, refusal = refused(attempt, 3, "not_open")
    assert "Answer item 1 first" in refusal.message
    assert snapshot(attempt) == before


def test_someone_elses_attempt_is_refused(learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3))
    intruder = LearnerFactory()
    before, refusal = refused(attempt, 1, "not_found", learner=intruder)
    assert refusal.status == 404
    assert snapshot(attempt) == before


def test_an_item_outside_the_attempt_is_refused(learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3, item_count=4))
    with pytest.raises(errors.AnswerRefused) as excinfo:
        services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=99, answer={"choice": "true"})
    assert excinfo.value.code == "no_such_item"


@pytest.mark.parametrize("answer", [{}, {"choice": ""}, {"choice": "maybe"}, {"choice": "TRUE"}, {"choice": "1"}])
def test_missing_or_unknown_choices_are_refused(learner, answer):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3))
    before = snapshot(attempt)
    with pytest.raises(errors.AnswerRefused) as excinfo:
        services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=1, answer=answer)
    assert excinfo.value.status == 422 and excinfo.value.field == "choice"
    assert snapshot(attempt) == before


def test_matching_refuses_a_missing_pair_or_a_foreign_token(learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3, kind=Quiz.Kind.MATCHING))
    answer = answers_for(attempt, 1)
    first_token = next(iter(answer))
    before = snapshot(attempt)
    for broken in (
        {**answer, first_token: ""},
        {**answer, first_token: "not-a-token"},
        {**answer, first_token: "true"},
    ):
        with pytest.raises(errors.AnswerRefused) as excinfo:
            services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=1, answer=broken)
        assert excinfo.value.status == 422 and excinfo.value.field == first_token
    other, _ = services.attempt_start(learner=LearnerFactory(), quiz=attempt.quiz)
    foreign = {token: other.options_for(1)[0]["token"] for token in answer}
    with pytest.raises(errors.AnswerRefused):
        services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=1, answer=foreign)
    assert snapshot(attempt) == before


def test_answers_to_a_finished_attempt_are_refused(learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3, item_count=4))
    services.attempt_finish(attempt=attempt)
    before, refusal = refused(attempt, 1, "finished")
    assert snapshot(attempt) == before


def test_time_limit_refuses_late_answers_and_closes_the_attempt(learner):
    quiz = quiz_with_claims(3, item_count=4, time_limit_minutes=5)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=5)
    submit(attempt, 1, right=True)
    late = timezone.now() + timedelta(minutes=6)
    with pytest.raises(errors.AnswerRefused) as excinfo:
        services.answer_submit(
            learner=learner, attempt_id=attempt.public_id, step=2, answer=answers_for(attempt, 2), now=late
        )
    assert excinfo.value.code == "time_up"
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.finish_reason == Attempt.FinishReason.TIME_UP
    assert attempt.score == 1 and attempt.items.filter(answered_at__isnull=False).count() == 1


def test_starting_after_the_time_limit_closes_the_old_attempt_and_starts_anew(learner):
    quiz = quiz_with_claims(3, item_count=4, time_limit_minutes=1)
    old, _ = services.attempt_start(learner=learner, quiz=quiz)
    new, created = services.attempt_start(learner=learner, quiz=quiz, now=timezone.now() + timedelta(minutes=2))
    assert created and new != old
    old.refresh_from_db()
    assert old.finish_reason == Attempt.FinishReason.TIME_UP
