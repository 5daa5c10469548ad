"""Certainty-based marking: how sure, stored with each answer, marked +1/0, +2/−2, +3/−6, shown and analysed."""

import pytest
from django.urls import reverse

from quiz import errors, scoring, services
from quiz.models import AttemptItem, Quiz
from quiz.teaching import analytics
from tests.factories import CohortFactory, LearnerFactory, quiz_with_claims
from tests.helpers import answers_for

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def answer(attempt, step, *, right=True, certainty=""):
    return services.answer_submit(
        learner=attempt.learner,
        attempt_id=attempt.public_id,
        step=step,
        answer={**answers_for(attempt, step, right=right), "certainty": certainty},
    )


@pytest.mark.parametrize(
    ("certainty", "right", "marks"),
    [
        ("low", True, 1),
        ("low", False, 0),
        ("medium", True, 2),
        ("medium", False, -2),
        ("high", True, 3),
        ("high", False, -6),
        ("", True, 1),
        ("", False, 0),
    ],
)
def test_each_answer_stores_how_sure_and_earns_its_mark(learner, certainty, right, marks):
    quiz = quiz_with_claims(2, item_count=2)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    result = answer(attempt, 1, right=right, certainty=certainty)
    stored = AttemptItem.objects.get(pk=result.items[0].pk)
    assert stored.certainty == (scoring.BY_NAME[certainty] if certainty else None)
    assert stored.certainty_mark == marks
    answer(attempt, 2, right=True, certainty="high")
    finished = services.attempt_finish(attempt=attempt)
    assert finished.certainty_marks == marks + 3


def test_a_matching_set_takes_one_certainty_for_all_its_pairs(learner):
    quiz = quiz_with_claims(3, kind=Quiz.Kind.MATCHING)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    answer(attempt, 1, right=True, certainty="medium")
    assert set(attempt.items.values_list("certainty", flat=True)) == {scoring.Certainty.MEDIUM}
    assert services.attempt_finish(attempt=attempt).certainty_marks == 2 * attempt.max_score


def test_an_unknown_certainty_is_refused_and_records_nothing(learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(2, item_count=2))
    with pytest.raises(errors.AnswerRefused) as refused:
        answer(attempt, 1, certainty="very")
    assert refused.value.status == 422 and refused.value.field == "certainty"
    assert not attempt.items.filter(answered_at__isnull=False).exists()


def test_a_quiz_that_does_not_ask_stores_no_certainty_and_gives_no_marks(learner):
    quiz = quiz_with_claims(2, item_count=2, asks_certainty=False)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    answer(attempt, 1, certainty="high")  # posted anyway: ignored
    answer(attempt, 2)
    assert set(attempt.items.values_list("certainty", flat=True)) == {None}
    assert services.attempt_finish(attempt=attempt).certainty_marks is None


def test_calibration_compares_accuracy_with_each_levels_ideal_range():
    levels = scoring.calibration([(3, True), (3, False), (3, False), (1, True), (1, True), (None, True)])
    high, low = levels[1], levels[0]
    assert (low.level, low.answers, low.accuracy, low.verdict) == (scoring.Certainty.LOW, 3, 100, "under-confident")
    assert (high.answers, high.accuracy, high.ideal_text, high.verdict) == (3, 33, "more than 80%", "over-confident")
    assert "did not track" in scoring.calibration_words(levels)
    assert scoring.calibration_words([scoring.LevelStats(scoring.Certainty.MEDIUM, 4, 3)]).endswith("well.")
    assert scoring.calibration_words([scoring.LevelStats(scoring.Certainty.HIGH, 2, 0)]).startswith("Too few")


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_the_question_asks_how_sure_and_the_feedback_gives_the_mark(signed_in, learner, headers):
    quiz = quiz_with_claims(2, item_count=2)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    url = reverse("quiz:attempt-step", args=[attempt.public_id, 1])
    page = signed_in.get(url, **headers).text
    assert "How sure are you?" in page
    assert all(
        f'id="certainty-{level}" name="certainty" value="{level}"' in page for level in ("low", "medium", "high")
    )
    post = {**answers_for(attempt, 1, right=False), "certainty": "high"}
    feedback = signed_in.post(url, post, follow=True, **headers).text
    assert "high certainty (mark −6)" in feedback


def test_an_unknown_certainty_shows_the_error_and_keeps_the_answer(signed_in, learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(2, item_count=2))
    url = reverse("quiz:attempt-step", args=[attempt.public_id, 1])
    response = signed_in.post(url, {"choice": "true", "certainty": "sure"})
    assert response.status_code == 422
    text = response.text
    assert "<title>Error: " in text and 'href="#certainty-low"' in text
    assert "Choose how sure you are: low, medium or high." in text
    assert 'value="true" checked' in text  # the choice made is kept


def test_a_quiz_that_does_not_ask_shows_no_certainty(signed_in, learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(2, item_count=2, asks_certainty=False))
    assert "How sure are you" not in signed_in.get(reverse("quiz:attempt-step", args=[attempt.public_id, 1])).text


def test_results_show_calibration_and_confidently_wrong_answers(signed_in, learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(2, item_count=4))
    answer(attempt, 1, right=False, certainty="high")
    answer(attempt, 2, right=True, certainty="high")
    answer(attempt, 3, right=True, certainty="low")
    answer(attempt, 4, right=True, certainty="medium")
    services.attempt_finish(attempt=attempt)
    text = signed_in.get(reverse("quiz:attempt-results", args=[attempt.public_id])).text
    wrong = attempt.items.get(step=1)
    assert "Certainty-based mark: <strong>0</strong> of a possible 12" in text  # -6 + 3 + 1 + 2
    assert "High certainty</strong>: 1 of 2 right (50%)" in text and "more than 80%" in text
    assert "too few answers to judge" in text
    assert "Confidently wrong" in text and wrong.prompt in text
    assert reverse("content:claim-by-id", args=[wrong.claim_id]) in text


def test_myths_are_ranked_by_confident_belief_and_sure_errors_are_counted(client, instructor):
    quiz = quiz_with_claims(2, item_count=4)
    learners = [LearnerFactory(), LearnerFactory()]
    cohort = CohortFactory(instructor=instructor, members=learners)
    for learner, certainty in zip(learners, ("high", "low"), strict=True):
        attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
        for item in attempt.items.order_by("step"):
            believed = item.statement_is_true is False
            services.answer_submit(
                learner=learner,
                attempt_id=attempt.public_id,
                step=item.step,
                answer={"choice": "true", "certainty": certainty if believed else "low"},
            )
        services.attempt_finish(attempt=attempt)
    myths = analytics.believed_myths(cohort=cohort)
    assert all(m.believed == m.responses for m in myths)  # everyone said "true" to every false statement
    assert all(m.weighted == 4 * m.responses // 2 for m in myths)  # high (3) + low (1) per pair of answers
    sure = analytics.confidence(cohort=cohort)
    assert sure.high == sure.high_wrong == sum(m.confident for m in myths)
    client.force_login(instructor)
    text = client.get(reverse("quiz:myths", args=[cohort.pk])).text
    assert "answers given with high certainty were wrong" in text and "with high certainty" in text
