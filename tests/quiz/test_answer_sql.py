"""The hand-written answer statements read and write exactly what the ORM would, on SQLite and PostgreSQL."""

from datetime import UTC, timedelta

import pytest
from django.db.models import Max, Min
from django.forms.models import model_to_dict
from django.utils import timezone

from quiz import answer_sql, services, steps
from quiz.models import AttemptItem, Quiz
from tests.factories import LearnerFactory, quiz_with_claims

pytestmark = pytest.mark.django_db


def started(learner, kind):
    quiz = quiz_with_claims(4, kind=kind, item_count=6, matching_set_size=3)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    return attempt


@pytest.mark.parametrize("kind", [Quiz.Kind.TRUE_FALSE, Quiz.Kind.MATCHING])
def test_step_rows_equal_the_orm_models(learner, kind):
    attempt = started(learner, kind)
    first = list(attempt.items.filter(step=1).order_by("position"))
    answered_at = timezone.now()
    AttemptItem.objects.filter(pk__in=[i.pk for i in first]).update(
        choice="true", is_correct=True, answered_at=answered_at, seconds_taken=3
    )

    loaded, items = steps.step_rows(public_id=str(attempt.public_id), step=1)

    attempt.refresh_from_db()
    assert model_to_dict(loaded) == model_to_dict(attempt)
    assert loaded.options == attempt.options and loaded.started_at.tzinfo is not None
    expected = list(attempt.items.filter(step=1).order_by("position"))
    assert [model_to_dict(i) for i in items] == [model_to_dict(i) for i in expected]
    assert all(i.is_correct is True and i.answered_at.astimezone(UTC) == answered_at for i in items)
    assert items[0].open_step == attempt.items.filter(is_correct__isnull=True).aggregate(s=Min("step"))["s"] == 2
    assert items[0].last_answered_at == attempt.items.aggregate(last=Max("answered_at"))["last"]


def test_step_rows_of_an_unknown_attempt_or_step_are_empty(learner):
    attempt = started(learner, Quiz.Kind.TRUE_FALSE)
    assert steps.step_rows(public_id=attempt.public_id, step=99) == (None, [])
    assert steps.step_rows(public_id="00000000-0000-0000-0000-000000000000", step=1) == (None, [])


@pytest.mark.parametrize("kind", [Quiz.Kind.TRUE_FALSE, Quiz.Kind.MATCHING])
def test_record_writes_unanswered_items_once(learner, kind):
    attempt = started(learner, kind)
    items = list(attempt.items.filter(step=1).order_by("position"))
    choices = {item.pk: item.correct_choice for item in items}
    correct = {item.pk: True for item in items}
    now = timezone.now()

    assert answer_sql.record(choices=choices, correct=correct, certainty=None, now=now, seconds=7) == len(items)
    assert answer_sql.record(choices=choices, correct=correct, certainty=None, now=now, seconds=9) == 0

    stored = list(attempt.items.filter(step=1).order_by("position").values("choice", "is_correct", "seconds_taken"))
    assert stored == [{"choice": item.correct_choice, "is_correct": True, "seconds_taken": 7} for item in items]
    assert attempt.items.filter(step=1, answered_at=now).count() == len(items)
    assert attempt.items.filter(answered_at__isnull=False).count() == len(items)  # no other step touched


@pytest.mark.parametrize("step", [-1, 0, 2**15, 2**63, 10**30])
def test_step_rows_of_impossible_steps_are_empty(learner, step):
    attempt = started(learner, Quiz.Kind.TRUE_FALSE)
    assert steps.step_rows(public_id=attempt.public_id, step=step) == (None, [])


# --- PostgreSQL: a true/false answer read and written in one statement -------------------------

on_postgresql = pytest.mark.skipif(
    not answer_sql.answers_in_one_statement(), reason="one-statement answers need PostgreSQL"
)


def stored(attempt):
    return list(attempt.items.order_by("position").values("choice", "is_correct", "answered_at", "seconds_taken"))


@on_postgresql
@pytest.mark.parametrize(("offset", "seconds"), [(timedelta(seconds=3.9), 3), (timedelta(seconds=-5), 0)])
def test_one_statement_returns_the_rows_before_and_stores_what_the_two_statements_would(learner, offset, seconds):
    attempt = started(learner, Quiz.Kind.TRUE_FALSE)
    before_attempt, before_items = steps.step_rows(public_id=attempt.public_id, step=1)
    now = attempt.started_at + offset
    choice = "false" if before_items[0].correct_choice == "true" else "true"

    loaded, items, taken = answer_sql.step_rows_answering(
        public_id=attempt.public_id, step=1, learner_id=learner.pk, choice=choice, certainty=3, now=now
    )

    assert taken == seconds  # max(0, whole seconds since the attempt started), as answer_submit computes it
    assert model_to_dict(loaded) == model_to_dict(before_attempt)
    assert [model_to_dict(i) for i in items] == [model_to_dict(i) for i in before_items]
    assert (items[0].open_step, items[0].last_answered_at) == (1, None)
    first = {"choice": choice, "is_correct": False, "answered_at": now, "seconds_taken": seconds}
    assert stored(attempt) == [first] + [
        {"choice": "", "is_correct": None, "answered_at": None, "seconds_taken": None}
    ] * (attempt.step_count - 1)
    assert attempt.items.get(step=1).certainty == 3  # the quiz asks how sure


def someone_else(attempt, learner):
    return {"learner_id": LearnerFactory().pk}


def matching(attempt, learner):
    return {"public_id": started(learner, Quiz.Kind.MATCHING).public_id}


def finished(attempt, learner):
    type(attempt).objects.filter(pk=attempt.pk).update(
        finished_at=timezone.now(), score=0, percent=0, finish_reason="ended_early"
    )
    return {}


def out_of_time(attempt, learner):
    type(attempt).objects.filter(pk=attempt.pk).update(deadline=attempt.started_at + timedelta(minutes=1))
    return {"now": attempt.started_at + timedelta(minutes=1)}  # the deadline itself is already too late


def not_open_yet(attempt, learner):
    return {"step": 2}


def answered_already(attempt, learner):
    answer_sql.step_rows_answering(
        public_id=attempt.public_id, step=1, learner_id=learner.pk, choice="true", certainty=None, now=timezone.now()
    )
    return {"choice": "false"}


@on_postgresql
@pytest.mark.parametrize("breaks", [someone_else, matching, finished, out_of_time, not_open_yet, answered_already])
def test_one_statement_writes_nothing_unless_every_rule_holds(learner, breaks):
    attempt = started(learner, Quiz.Kind.TRUE_FALSE)
    call = {
        "public_id": attempt.public_id,
        "step": 1,
        "learner_id": learner.pk,
        "choice": "true",
        "certainty": 2,
        "now": timezone.now(),
    }
    call.update(breaks(attempt, learner))
    target = type(attempt).objects.get(public_id=call["public_id"])
    before = stored(target)

    loaded, items, taken = answer_sql.step_rows_answering(**call)

    assert taken is None and stored(target) == before
    assert loaded.pk == target.pk and items  # the rows, for answer_submit to say why


@on_postgresql
def test_one_statement_takes_answers_in_time_and_counts_seconds_from_the_last_answer(learner):
    attempt = started(learner, Quiz.Kind.TRUE_FALSE)
    type(attempt).objects.filter(pk=attempt.pk).update(deadline=attempt.started_at + timedelta(minutes=5))
    first = attempt.started_at + timedelta(seconds=10)
    _, _, taken = answer_sql.step_rows_answering(
        public_id=attempt.public_id, step=1, learner_id=learner.pk, choice="true", certainty=None, now=first
    )
    assert taken == 10
    _, items, taken = answer_sql.step_rows_answering(
        public_id=attempt.public_id,
        step=2,
        learner_id=learner.pk,
        choice="true",
        certainty=1,
        now=first + timedelta(seconds=4.5),
    )
    assert items[0].last_answered_at == first and taken == 4  # since the answer before, not the start
