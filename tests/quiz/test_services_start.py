"""Quiz services on their own: quizzes per section and why one is unavailable, starting an attempt and resuming it."""

import pytest
from django.db import IntegrityError, transaction

from content.models import Claim, Section, Statement
from quiz import availability, errors, services
from quiz.models import Attempt, Quiz
from tests.factories import SectionFactory, complete_claim, quiz_with_claims
from tests.quiz.service_helpers import submit

pytestmark = pytest.mark.django_db


# --- Quizzes per section ----------------------------------------------------------------------


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
