"""The answer form: what a step may take, and the first field at fault, as the page shows them."""

import pytest

from quiz import services
from quiz.forms import AnswerForm
from quiz.models import Quiz
from tests.factories import quiz_with_claims

pytestmark = pytest.mark.django_db


def step(learner, kind):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3, kind=kind, item_count=3))
    return attempt, list(attempt.items.filter(step=1).order_by("position"))


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, ("choice", "missing", "Choose True or False.")),
        ({"choice": "TRUE"}, ("choice", "invalid", "Choose True or False: that answer is not one of the choices.")),
        (
            {"choice": "true", "certainty": "sure"},
            ("certainty", "invalid", "Choose how sure you are: low, medium or high."),
        ),
    ],
)
def test_a_true_false_step_takes_true_or_false_and_how_sure(learner, data, error):
    attempt, items = step(learner, Quiz.Kind.TRUE_FALSE)
    form = AnswerForm(data, attempt=attempt, items=items, with_certainty=True)
    assert not form.is_valid() and form.first_error() == error


def test_a_valid_answer_gives_the_choice_per_item_and_the_certainty(learner):
    attempt, items = step(learner, Quiz.Kind.TRUE_FALSE)
    form = AnswerForm({"choice": "false", "certainty": "high"}, attempt=attempt, items=items, with_certainty=True)
    assert form.is_valid()
    assert form.choices(items) == {items[0].pk: "false"} and form.certainty() == 3
    quiet = AnswerForm({"choice": "true", "certainty": "bogus"}, attempt=attempt, items=items, with_certainty=False)
    assert quiet.is_valid() and quiet.certainty() is None  # a quiz that does not ask ignores it


def test_a_matching_step_takes_one_of_its_own_facts_per_claim(learner):
    attempt, items = step(learner, Quiz.Kind.MATCHING)
    tokens = [o["token"] for o in attempt.options_for(1)]
    data = {items[0].token: tokens[0], items[1].token: "not-a-token"}
    form = AnswerForm(data, attempt=attempt, items=items, with_certainty=False)
    assert not form.is_valid()
    assert form.first_error() == (items[1].token, "invalid", "The fact chosen for claim 2 is not one of the choices.")
    full = {item.token: tokens[0] for item in items}
    form = AnswerForm(full, attempt=attempt, items=items, with_certainty=False)
    assert form.is_valid() and set(form.choices(items).values()) == {tokens[0]}
