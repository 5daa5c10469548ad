"""Quiz services on their own: quizzes per section, starting, answering, finishing, refusals, snapshots, practice."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from content.models import Claim, Section, Statement
from quiz import availability, drawing, errors, services
from quiz.models import Attempt, AttemptItem, Quiz
from quiz.practice import attempt_practise_missed
from tests.factories import LearnerFactory, SectionFactory, complete_claim, quiz_with_claims
from tests.helpers import answers_for, snapshot

pytestmark = pytest.mark.django_db


def submit(attempt, step, learner=None, **kwargs):
    return services.answer_submit(
        learner=learner or attempt.learner,
        attempt_id=attempt.public_id,
        step=step,
        answer=kwargs.pop("answer", None) or answers_for(attempt, step, **kwargs),
    )


# --- Quizzes per section -----------------------------------------------------------------------


def test_every_new_section_gets_its_three_quizzes_and_a_document_its_technique_quiz():
    section = SectionFactory()
    assert set(section.quizzes.values_list("kind", flat=True)) == {"true_false", "matching", "technique"}
    (across,) = Quiz.objects.filter(document=section.document, section=None)
    assert across.kind == "technique" and across.is_document_wide


def test_seed_content_gives_nineteen_quizzes(seeded):
    assert Quiz.objects.count() == 6 * 3 + 1
    assert services.quizzes_ensure() == 0


def test_deleting_a_section_keeps_its_quizzes_and_attempts(learner):
    quiz = quiz_with_claims(3)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    quiz.section.delete()
    quiz.refresh_from_db()
    assert quiz.section is None
    assert Attempt.objects.filter(pk=attempt.pk).exists()
    assert availability.quiz_unavailable_reason(quiz, None) == "Its section was deleted."


@pytest.mark.parametrize(
    ("change", "kind", "reason"),
    [
        ("unpublish_section", Quiz.Kind.TRUE_FALSE, "Its section is not published."),
        ("unpublish_quiz", Quiz.Kind.MATCHING, "The quiz is not published."),
        ("no_false", Quiz.Kind.TRUE_FALSE, "the section has 2 true and 0 false"),
        ("one_claim", Quiz.Kind.MATCHING, "Matching needs 2 published claims"),
    ],
)
def test_unavailable_quizzes_say_why(change, kind, reason, learner):
    quiz = quiz_with_claims(2, kind=kind)
    if change == "unpublish_section":
        Section.objects.filter(pk=quiz.section_id).update(is_published=False)
    elif change == "unpublish_quiz":
        Quiz.objects.filter(pk=quiz.pk).update(is_published=False)
    elif change == "no_false":
        Statement.objects.filter(claim__section=quiz.section, is_true=False).update(is_approved=False)
    elif change == "one_claim":
        Claim.objects.filter(section=quiz.section).order_by("pk").first().delete()
    quiz = Quiz.objects.select_related("section").get(pk=quiz.pk)
    assert reason in availability.quiz_unavailable_reason(quiz, availability.section_stock(quiz.section))
    with pytest.raises(errors.QuizUnavailable):
        services.attempt_start(learner=learner, quiz=quiz)
    assert not Attempt.objects.exists()


# --- Starting ---------------------------------------------------------------------------------


def test_start_freezes_balanced_items_with_random_tokens(learner):
    quiz = quiz_with_claims(5, item_count=6)
    attempt, created = services.attempt_start(learner=learner, quiz=quiz)
    assert created
    items = list(attempt.items.order_by("position"))
    assert len(items) == attempt.max_score == attempt.step_count == 6
    assert sum(i.correct_choice == "true" for i in items) == 3
    assert len({i.statement_id for i in items}) == 6
    assert len({i.token for i in items}) == 6
    for item in items:
        statement = Statement.objects.select_related("claim__rebuttal").get(pk=item.statement_id)
        assert item.prompt == statement.text
        assert item.claim_text == statement.claim.text
        assert item.rebuttal_summary == statement.claim.rebuttal.summary
        assert item.token not in (str(item.pk), str(item.statement_id), str(item.position))


def test_start_again_resumes_the_open_attempt(learner):
    quiz = quiz_with_claims(3)
    first, _ = services.attempt_start(learner=learner, quiz=quiz)
    again, created = services.attempt_start(learner=learner, quiz=quiz)
    assert again == first and not created
    assert Attempt.objects.count() == 1


def test_the_database_allows_one_open_attempt_per_learner_and_quiz(learner):
    quiz = quiz_with_claims(3)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    clone = Attempt.objects.get(pk=attempt.pk)
    clone.pk, clone.public_id = None, None
    clone.public_id = __import__("uuid").uuid4()
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_two_starts_racing_get_the_same_attempt(learner, monkeypatch):
    """The second start finds no open attempt, then loses the insert race: it returns the winner's attempt."""
    quiz = quiz_with_claims(3)
    winner, _ = services.attempt_start(learner=learner, quiz=quiz)
    real_open_attempt = services.open_attempt_of
    calls = []

    def stale_then_real(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real_open_attempt(**kwargs)

    monkeypatch.setattr(services, "open_attempt_of", stale_then_real)
    attempt, created = services.attempt_start(learner=learner, quiz=quiz)
    assert attempt == winner and not created
    assert Attempt.objects.count() == 1


def test_matching_attempt_has_a_decoy_from_another_section(learner):
    quiz = quiz_with_claims(5, kind=Quiz.Kind.MATCHING, item_count=5, matching_set_size=5)
    other = SectionFactory(document=quiz.section.document)
    complete_claim(section=other)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    options = attempt.options_for(1)
    assert len(options) == 6
    decoys = [o for o in options if o["is_decoy"]]
    assert len(decoys) == 1 and decoys[0]["claim_id"] == other.claims.get().pk
    tokens = {o["token"] for o in options}
    assert {i.correct_choice for i in attempt.items.all()} <= tokens
    assert [o["letter"] for o in options] == list("ABCDEF")


def test_later_attempts_prefer_what_was_got_wrong(learner):
    quiz = quiz_with_claims(6, item_count=4)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    for step in range(1, 5):
        submit(attempt, step, right=step != 1)
    services.attempt_finish(attempt=attempt)
    missed = attempt.items.get(step=1).statement_id
    for _ in range(3):
        again, _ = services.attempt_start(learner=learner, quiz=quiz)
        assert missed in set(again.items.values_list("statement_id", flat=True))
        services.attempt_finish(attempt=again)


# --- Answering --------------------------------------------------------------------------------


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
