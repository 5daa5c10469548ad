"""Quiz services on their own: finishing and scoring, past attempts kept as they were, practice of missed items."""

import pytest

from content.models import Claim, Statement
from quiz import drawing, errors, services
from quiz.models import Attempt, AttemptItem, Quiz
from quiz.practice import attempt_practise_missed
from tests.factories import SectionFactory, complete_claim, quiz_with_claims
from tests.helpers import snapshot
from tests.quiz.service_helpers import submit

pytestmark = pytest.mark.django_db


# --- Finishing --------------------------------------------------------------------------------


def test_finish_scores_and_counts_unanswered_items_as_wrong(learner):
    quiz = quiz_with_claims(3, item_count=4, pass_mark=50, min_discernment=0)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    submit(attempt, 1, right=True)
    submit(attempt, 2, right=True)
    finished = services.attempt_finish(attempt=attempt)
    assert (finished.score, finished.percent, finished.passed) == (2, 50, True)
    # Discernment counts answered statements only: it needs a true and a false one answered.
    answered = set(finished.items.filter(answered_at__isnull=False).values_list("statement_is_true", flat=True))
    assert (finished.discernment is None) == (answered != {True, False})
    assert finished.finish_reason == Attempt.FinishReason.ENDED_EARLY
    assert finished.items.filter(is_correct=False, answered_at__isnull=True).count() == 2


def test_finishing_twice_changes_nothing(learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3, item_count=2))
    submit(attempt, 1)
    submit(attempt, 2, right=False)
    first = services.attempt_finish(attempt=attempt)
    assert first.finish_reason == Attempt.FinishReason.COMPLETED
    before = snapshot(attempt)
    services.attempt_finish(attempt=Attempt.objects.get(pk=attempt.pk))
    assert snapshot(attempt) == before


@pytest.mark.parametrize(
    ("score", "total", "percent"), [(0, 4, 0), (1, 3, 33), (2, 3, 67), (1, 8, 13), (7, 10, 70), (4, 4, 100)]
)
def test_percent_rounds_half_up(score, total, percent):
    assert services.percent_of(score, total) == percent


# --- Snapshots --------------------------------------------------------------------------------


def test_edits_and_deletes_never_change_a_past_attempt(learner):
    quiz = quiz_with_claims(3, item_count=4)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    for step in range(1, 5):
        submit(attempt, step, right=step % 2 == 0)
    services.attempt_finish(attempt=attempt)
    before = snapshot(attempt)
    for statement in Statement.objects.all():
        statement.text = f"Reworded by an editor {statement.pk}"
        statement.is_true = not statement.is_true
        statement.save()
    for claim in Claim.objects.all():
        claim.rebuttal.summary = "Rewritten summary"
        claim.rebuttal.save()
    Claim.objects.update(text="Reworded claim")
    Claim.objects.filter(pk=attempt.items.order_by("position").first().claim_id).delete()  # one the attempt showed
    after = snapshot(attempt)
    strip = lambda items: [{k: v for k, v in i.items() if k not in ("statement_id", "claim_id")} for i in items]  # noqa: E731
    assert after[:2] == before[:2]
    assert strip(after[2]) == strip(before[2])
    assert AttemptItem.objects.filter(attempt=attempt, claim__isnull=True).exists()


# --- Practice ---------------------------------------------------------------------------------


def test_practise_missed_items_only_and_does_not_count(learner):
    quiz = quiz_with_claims(4, item_count=6)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    for step in range(1, 7):
        submit(attempt, step, right=step > 2)
    attempt = services.attempt_finish(attempt=attempt)
    missed = set(attempt.items.filter(is_correct=False).values_list("prompt", flat=True))
    practice = attempt_practise_missed(attempt=attempt, learner=learner)
    assert practice.is_practice and practice.practice_of == attempt and practice.deadline is None
    assert set(practice.items.values_list("prompt", flat=True)) == missed
    assert attempt_practise_missed(attempt=attempt, learner=learner) == practice  # resumes
    assert Attempt.objects.graded().count() == 1
    # A practice attempt does not stop a real one being open at the same time.
    real, created = services.attempt_start(learner=learner, quiz=quiz)
    assert created and not real.is_practice


def test_practise_missed_pairs_keeps_their_facts_and_the_decoy(learner):
    quiz = quiz_with_claims(4, kind=Quiz.Kind.MATCHING, item_count=4, matching_set_size=4)
    complete_claim(section=SectionFactory(document=quiz.section.document))
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    items = list(attempt.items.order_by("position"))
    answer = {item.token: item.correct_choice for item in items}
    answer[items[0].token], answer[items[1].token] = items[1].correct_choice, items[0].correct_choice
    submit(attempt, 1, answer=answer)
    attempt = services.attempt_finish(attempt=attempt)
    practice = attempt_practise_missed(attempt=attempt, learner=learner)
    assert practice.max_score == 2 and practice.step_count == 1
    texts = sorted(o["text"] for o in practice.options_for(1))
    old = {o["token"]: o for o in attempt.options_for(1)}
    expected = sorted(
        [old[items[0].correct_choice]["text"], old[items[1].correct_choice]["text"]]
        + [o["text"] for o in old.values() if o["is_decoy"]]
    )
    assert texts == expected
    result = submit(practice, 1, right=True)
    assert result.score == 2


def test_nothing_to_practise_after_a_perfect_attempt(learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3, item_count=2))
    submit(attempt, 1)
    submit(attempt, 2)
    services.attempt_finish(attempt=attempt)
    with pytest.raises(errors.QuizUnavailable, match="nothing to practise"):
        attempt_practise_missed(attempt=attempt, learner=learner)


def test_generation_is_reproducible_from_the_seed_stored_on_the_attempt(learner):
    quiz = quiz_with_claims(6, item_count=6)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    shown = list(attempt.items.order_by("position").values_list("statement_id", flat=True))
    # The same seed with the same history (none before this attempt) gives the same items in the same order.
    Attempt.objects.filter(pk=attempt.pk).delete()
    plan = drawing.quiz_generate(quiz=quiz, learner=learner, seed=attempt.seed)
    assert [item.candidate.statement_id for item in plan.items] == shown


def test_practising_another_attempt_closes_the_older_practice(learner):
    quiz = quiz_with_claims(3, item_count=2)
    attempts = []
    for _ in range(2):
        attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
        submit(attempt, 1, right=False)
        attempts.append(services.attempt_finish(attempt=attempt))
    first_practice = attempt_practise_missed(attempt=attempts[0], learner=learner)
    second_practice = attempt_practise_missed(attempt=attempts[1], learner=learner)
    assert second_practice != first_practice and second_practice.practice_of == attempts[1]
    first_practice.refresh_from_db()
    assert first_practice.is_finished
