"""Review sessions: due claims across sections, most overdue first, statements and sets mixed, like any attempt."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from content.models import Section, Statement
from quiz import services as quiz_services
from quiz.models import Attempt, AttemptItem, Quiz
from reviews import services
from reviews.models import Card, ReviewLog
from tests.helpers import answers_for, snapshot, step_url
from tests.reviews.conftest import take

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_met(seeded, learner):
    """The learner took every section's true/false quiz long ago, and everything is due now."""
    for section in Section.objects.published():
        take(section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE), learner)
    now = timezone.now()
    for n, card in enumerate(Card.objects.filter(learner=learner).order_by("pk")):
        card.due = now - timedelta(days=30 - n)  # distinct due dates: the first card is the most overdue
        card.save(update_fields=["due"])
    return Card.objects.filter(learner=learner)


def test_nothing_due_says_when_the_next_is_and_offers_practice(client, first_section, learner):
    take(first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE), learner, now=timezone.now() - timedelta(hours=1))
    client.force_login(learner)
    page = client.get(reverse("reviews:review")).text
    assert "Nothing is due" in page and "The next myth is due on" in page and "Practise anyway" in page
    with pytest.raises(services.NothingToReview):
        services.review_start(learner=learner)
    response = client.post(reverse("reviews:start"))
    assert response.status_code == 302 and not Attempt.objects.filter(kind=Attempt.Kind.REVIEW).exists()
    response = client.post(reverse("reviews:start"), {"extra": "1"})
    extra = Attempt.objects.get(kind=Attempt.Kind.REVIEW)
    assert extra.title == "Extra practice" and response["Location"] == reverse(
        "quiz:attempt-resume", args=[extra.public_id]
    )


def test_a_learner_with_no_cards_is_sent_to_the_quizzes(client, seeded, learner):
    client.force_login(learner)
    page = client.get(reverse("reviews:review")).text
    assert "Nothing to review yet" in page and "Take a section’s quiz first" in page
    with pytest.raises(services.NothingToReview):
        services.review_start(learner=learner, extra=True)


def test_a_review_serves_the_most_overdue_claims_across_sections(all_met, learner):
    attempt, created = services.review_start(learner=learner)
    assert created and attempt.kind == Attempt.Kind.REVIEW and attempt.quiz is None and attempt.is_practice
    items = list(attempt.items.all())
    claims = [i.claim_id for i in items if i.technique_id is None]  # technique items come besides, as extras
    assert len(claims) == len(set(claims)) == 10  # the session size, each due claim once
    most_overdue = list(all_met.order_by("due").values_list("claim_id", flat=True)[:10])
    assert set(claims) == set(most_overdue)
    sections = set(Section.objects.filter(claims__in=claims).values_list("pk", flat=True))
    assert len(sections) > 1


def test_a_review_mixes_balanced_statements_with_short_matching_sets_and_techniques(all_met, learner):
    for _ in range(5):
        attempt, _ = services.review_start(learner=learner)
        items = list(attempt.items.all())
        statements = [i for i in items if i.statement_is_true is not None]
        spotted = [i for i in items if i.technique_id is not None]
        pairs = [i for i in items if i.statement_is_true is None and i.technique_id is None]
        assert 2 <= len(pairs) <= 4 and len(spotted) == 2  # 10 due: a fifth also come as "spot the technique"
        assert len(statements) == 10 - len(pairs)
        for item in spotted:
            assert attempt.step_is_technique(item.step) and len(attempt.options_for(item.step)) == 4
            assert item.claim_id in {i.claim_id for i in statements + pairs}  # besides its fact, never instead
        assert abs(sum(i.statement_is_true for i in statements) * 2 - len(statements)) <= 1  # as many true as false
        for step in {i.step for i in pairs}:
            options = attempt.options_for(step)
            in_set = [i for i in pairs if i.step == step]
            assert 2 <= len(in_set) <= 3 and len(options) == len(in_set) + 1  # and one decoy fact
        assert [i.step for i in items] == sorted(i.step for i in items)
        quiz_services.attempt_finish(attempt=attempt)


def _answered_statements(learner) -> set[int]:
    answered = AttemptItem.objects.filter(attempt__learner=learner, answered_at__isnull=False, statement__isnull=False)
    return set(answered.values_list("statement_id", flat=True))


def test_a_review_never_repeats_the_last_statement_and_prefers_unseen_ones(all_met, learner):
    last = dict(all_met.values_list("claim_id", "last_statement_id"))
    seen = _answered_statements(learner)  # seen: answered (an item left unanswered was never asked)
    statements = {s.pk: s for s in Statement.objects.approved()}
    for n in range(5):
        attempt, _ = services.review_start(learner=learner)
        for item in attempt.items.exclude(statement=None):
            assert item.statement_id != last[item.claim_id]
            if item.statement_id in seen:  # only when no statement of that kind about the claim is new
                same_kind = [
                    s
                    for s in statements.values()
                    if s.claim_id == item.claim_id and s.is_true == item.statement_is_true
                ]
                assert all(s.pk in seen or s.pk == last[item.claim_id] for s in same_kind)
        for step in range(1, attempt.step_count + 1 if n % 2 else 3):  # every other review left after two steps
            answer = {**answers_for(attempt, step), "certainty": "medium"}
            quiz_services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=step, answer=answer)
        quiz_services.attempt_finish(attempt=attempt)
        last = dict(Card.objects.filter(learner=learner).values_list("claim_id", "last_statement_id"))
        seen = _answered_statements(learner)
        kept = {s for card in Card.objects.filter(learner=learner) for s in card.seen_statements}
        assert kept == seen  # the cards keep exactly the statements answered
        Card.objects.filter(learner=learner).update(due=timezone.now() - timedelta(days=1))


@override_settings(
    REVIEWS={
        "DESIRED_RETENTION": 0.9,
        "ENABLE_FUZZING": False,
        "MAXIMUM_INTERVAL_DAYS": 365,
        "MASTERY_RECALL": 0.9,
        "SESSION_SIZE": 3,
    }
)
def test_few_due_claims_come_as_statements_only(all_met, learner):
    attempt, _ = services.review_start(learner=learner)
    assert attempt.items.count() == 3 and not attempt.items.filter(statement_is_true=None).exists()


def test_one_open_review_per_learner_resumed_not_duplicated(all_met, learner):
    first, created = services.review_start(learner=learner)
    again, created_again = services.review_start(learner=learner, extra=True)
    assert created and not created_again and again == first


def test_a_review_is_taken_like_any_attempt_and_counts_towards_no_score(client, all_met, learner):
    client.force_login(learner)
    client.post(reverse("reviews:start"))
    attempt = Attempt.objects.get(kind=Attempt.Kind.REVIEW)
    graded_before = list(Attempt.objects.graded().values_list("pk", "percent"))
    for step in range(1, attempt.step_count + 1):
        page = client.get(step_url(attempt, step)).text
        for item in attempt.items.filter(step=step):  # nothing leaks before the answer
            assert (not item.explanation or item.explanation not in page) and "This statement is <strong>" not in page
            assert "Read the full rebuttal" not in page
        answer = {**answers_for(attempt, step, right=step % 2 == 1), "certainty": "medium"}
        headers = {"HTTP_HX_REQUEST": "true"} if step % 2 else {}
        response = client.post(step_url(attempt, step), answer, **headers)
        assert response.status_code == (200 if headers else 302)
        if step == 1:  # the same answer again is recorded once
            frozen = snapshot(attempt)
            client.post(step_url(attempt, step), answer)
            assert snapshot(attempt) == frozen
    response = client.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.passed is None
    results = client.get(reverse("quiz:attempt-results", args=[attempt.public_id])).text
    assert f"{attempt.score} of {attempt.max_score} right" in results and "not passed" not in results
    assert "Reviews do not count towards your scores" in results and "Practise what you missed" not in results
    assert list(Attempt.objects.graded().values_list("pk", "percent")) == graded_before
    logs = ReviewLog.objects.filter(source=ReviewLog.Source.REVIEW)
    assert logs.count() == attempt.items.filter(technique__isnull=True).count()  # technique answers move no card


def test_review_step_pages_say_set_or_statement_by_step(client, all_met, learner):
    client.force_login(learner)
    attempt, _ = services.review_start(learner=learner)
    for step in range(1, attempt.step_count + 1):
        page = client.get(step_url(attempt, step)).text
        if attempt.step_is_technique(step):
            assert "Which technique does this statement mainly use?" in page and 'id="technique-1"' in page
        elif attempt.step_is_matching(step):
            assert "The facts" in page and re.search(r'<select id="select-', page)
        else:
            assert 'name="choice"' in page and "Is this statement true or false?" in page
        client.post(step_url(attempt, step), answers_for(attempt, step))
    assert reverse("reviews:review") in client.get(step_url(attempt, 1)).text  # the breadcrumb leads back


def test_review_start_and_page_keep_a_constant_query_count(client, all_met, learner, django_assert_max_num_queries):
    client.force_login(learner)
    with django_assert_max_num_queries(8):
        client.get(reverse("reviews:review"))
    with django_assert_max_num_queries(16):
        client.post(reverse("reviews:start"))


def test_planning_swaps_kinds_so_a_claim_with_only_seen_statements_of_one_kind_gets_a_new_one():
    from quiz.generation import Candidate
    from reviews.planning import DueClaim, _statements

    def statement(pk, claim, is_true):
        return Candidate(
            key=pk,
            claim_id=claim,
            prompt=f"s{pk}",
            claim_text="c",
            rebuttal_summary="r",
            is_true=is_true,
            statement_id=pk,
        )

    tired = DueClaim(1, statement(0, 1, None), [statement(1, 1, True), statement(2, 1, False)])  # true one seen
    fresh = DueClaim(2, statement(0, 2, None), [statement(3, 2, True), statement(4, 2, False)])
    import random

    for seed in range(20):
        chosen = _statements([tired, fresh], seen={1}, rng=random.Random(seed))
        assert 1 not in {c.statement_id for c in chosen} and sorted(c.is_true for c in chosen) == [False, True]
