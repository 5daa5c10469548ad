"""Taking a quiz as a learner: item pages, answering with and without htmx, feedback, errors, sources, query budgets."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import versions
from content.selectors import references_by_claim
from quiz.models import Attempt, Quiz
from quiz.steps import step_rows
from tests.factories import ReferenceFactory, SectionFactory, complete_claim, quiz_with_claims
from tests.helpers import answers_for, snapshot, start, step_url

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_start_redirects_to_the_first_item_and_starting_again_resumes(signed_in):
    quiz = quiz_with_claims(3, item_count=4)
    response = signed_in.post(reverse("quiz:attempt-start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    assert response["Location"] == reverse("quiz:attempt-resume", args=[attempt.public_id])
    assert signed_in.get(response["Location"])["Location"] == step_url(attempt, 1)
    again = signed_in.post(reverse("quiz:attempt-start", args=[quiz.pk]), follow=True)
    assert "carry on where you left off" in again.text
    assert Attempt.objects.count() == 1


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_item_page_shows_one_statement_with_progress_and_no_answer(signed_in, headers):
    quiz = quiz_with_claims(3, item_count=4)
    attempt = start(signed_in, quiz)
    item = attempt.items.get(step=1)
    response = signed_in.get(step_url(attempt, 1), **headers)
    text = response.text
    assert response.status_code == 200
    assert item.prompt in text and "Item 1 of 4" in text and '<progress max="4" value="0"' in text
    assert 'name="choice" value="true"' in text and 'name="choice" value="false"' in text and "checked" not in text
    assert_no_answer_key(text, [item])
    assert ("<html" in text) == (not headers)


def assert_no_answer_key(text: str, items) -> None:
    """Nothing in the markup of an unanswered step tells the right answer."""
    for item in items:
        assert item.rebuttal_summary not in text.split("The facts</h3>")[0]  # only in the shuffled list, if at all
        if item.explanation:
            assert item.explanation not in text
        assert f"/library/claims/{item.claim_id}/" not in text
        assert str(item.statement_id or "") not in re.findall(r'value="([^"]*)"', text)
    assert "This statement is" not in text and "Correct" not in text and "Not quite" not in text
    assert "is_decoy" not in text and "claim_id" not in text and "data-correct" not in text


def test_matching_page_lists_facts_once_and_a_select_per_claim_with_opaque_tokens(signed_in):
    quiz = quiz_with_claims(4, kind=Quiz.Kind.MATCHING, item_count=4, matching_set_size=4)
    complete_claim(section=SectionFactory(document=quiz.section.document))
    attempt = start(signed_in, quiz)
    items = list(attempt.items.order_by("position"))
    text = signed_in.get(step_url(attempt, 1)).text
    assert text.count("<select") == 4
    for number, item in enumerate(items, start=1):
        assert f"The fact that answers claim {number}" in text
        assert item.prompt in text
    values = re.findall(r'<option value="([^"]*)"', text)
    assert set(values) - {""} == {o["token"] for o in attempt.options_for(1)}
    assert all(not v.isdigit() for v in values)
    facts = re.findall(r'<span class="visually-hidden">Fact ([A-E]):</span>', text)
    assert facts == list("ABCDE")
    assert "data-correct" not in text and "claim_id" not in text and "/library/claims/" not in text


def test_javascript_off_true_false_flow_end_to_end(signed_in, learner):
    quiz = quiz_with_claims(3, item_count=4, pass_mark=50)
    attempt = start(signed_in, quiz)
    for step in range(1, 5):
        right = step != 2
        response = signed_in.post(step_url(attempt, step), answers_for(attempt, step, right=right))
        assert response.status_code == 302 and response["Location"] == step_url(attempt, step)
        feedback = signed_in.get(response["Location"]).text
        assert ("Correct" if right else "Not quite") in feedback
        assert "Read the full rebuttal and its sources" in feedback
        assert ("See your results" if step == 4 else "Next item") in feedback
    response = signed_in.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    assert response["Location"] == reverse("quiz:attempt-results", args=[attempt.public_id])
    results = signed_in.get(response["Location"]).text
    assert "3 of 4 — passed" in results and "75%, pass mark 50%" in results
    assert results.count("Your answer:") == 4 and "Practise what you missed (1 item)" in results
    practice = signed_in.post(reverse("quiz:attempt-practise", args=[attempt.public_id]))
    practice_attempt = Attempt.objects.get(is_practice=True)
    assert practice["Location"] == reverse("quiz:attempt-resume", args=[practice_attempt.public_id])
    assert practice_attempt.max_score == 1


def test_javascript_off_matching_flow_end_to_end(signed_in):
    quiz = quiz_with_claims(5, kind=Quiz.Kind.MATCHING, item_count=5, matching_set_size=3)
    attempt = start(signed_in, quiz)
    assert attempt.step_count == 2
    for step in (1, 2):
        response = signed_in.post(step_url(attempt, step), answers_for(attempt, step, right=step == 1))
        assert response.status_code == 302
        feedback = signed_in.get(response["Location"]).text
        pairs = attempt.items.filter(step=step).count()
        assert f"{pairs if step == 1 else 0} of {pairs} pair" in feedback
    signed_in.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    results = signed_in.get(reverse("quiz:attempt-results", args=[attempt.public_id])).text
    attempt.refresh_from_db()
    assert attempt.score == attempt.items.filter(step=1).count()
    assert f"{attempt.score} of 5 — not passed" in results
    assert "The fact that answers it:" in results


def test_htmx_answer_swaps_in_feedback_and_announces_it(signed_in):
    quiz = quiz_with_claims(3, item_count=4)
    attempt = start(signed_in, quiz)
    response = signed_in.post(step_url(attempt, 1), answers_for(attempt, 1, right=False), **HTMX)
    text = response.text
    assert response.status_code == 200 and "<html" not in text
    assert text.startswith('\n    <section id="question-card"') or 'id="question-card"' in text.split("\n", 3)[1]
    assert "Not quite" in text and "data-focus" in text and 'tabindex="-1"' in text
    assert 'id="quiz-announcer"' in text and 'hx-swap-oob="innerHTML"' in text and "Not quite.</div>" in text
    assert f'hx-get="{step_url(attempt, 2)}"' in text


def test_htmx_next_item_is_a_fragment(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4))
    signed_in.post(step_url(attempt, 1), answers_for(attempt, 1), **HTMX)
    text = signed_in.get(step_url(attempt, 2), **HTMX).text
    assert "<html" not in text and "Item 2 of 4" in text and attempt.items.get(step=2).prompt in text


def test_history_restore_gets_the_whole_page(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4))
    response = signed_in.get(step_url(attempt, 1), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.text and "HX-Request" in response["Vary"]


def test_feedback_at_the_end_goes_straight_to_the_next_item(signed_in):
    quiz = quiz_with_claims(3, item_count=2, feedback=Quiz.Feedback.AT_END)
    attempt = start(signed_in, quiz)
    response = signed_in.post(step_url(attempt, 1), answers_for(attempt, 1, right=False), follow=True)
    assert "Item 2 of 2" in response.text and "Not quite" not in response.text and "Save and continue" in response.text
    htmx = signed_in.post(step_url(attempt, 2), answers_for(attempt, 2), **HTMX)
    assert htmx.status_code == 302  # htmx follows it; the last one leads to finishing
    landing = signed_in.get(signed_in.get(htmx["Location"])["Location"]).text
    assert "You have answered every item" in landing
    answered_page = signed_in.get(step_url(attempt, 1)).text
    assert "Answer saved" in answered_page and "Not quite" not in answered_page


def test_at_the_end_feedback_with_htmx_leaves_the_card_for_the_finish_page(signed_in):
    quiz = quiz_with_claims(3, item_count=2, feedback=Quiz.Feedback.AT_END)
    attempt = start(signed_in, quiz)
    signed_in.post(step_url(attempt, 1), answers_for(attempt, 1))
    signed_in.post(step_url(attempt, 2), answers_for(attempt, 2))
    response = signed_in.get(reverse("quiz:attempt-finish", args=[attempt.public_id]), **HTMX)
    assert response["HX-Redirect"] == reverse("quiz:attempt-finish", args=[attempt.public_id])


def test_missing_choice_shows_an_error_summary_and_keeps_nothing(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4))
    before = snapshot(attempt)
    response = signed_in.post(step_url(attempt, 1), {})
    assert response.status_code == 422
    assert "<title>Error: " in response.text and "There is a problem" in response.text
    assert 'href="#choice-true"' in response.text and "Choose True or False." in response.text
    htmx = signed_in.post(step_url(attempt, 1), {"choice": "perhaps"}, **HTMX)
    assert htmx.status_code == 422 and "not one of the choices" in htmx.text and "<html" not in htmx.text
    assert snapshot(attempt) == before


def test_matching_error_keeps_what_was_chosen(signed_in):
    quiz = quiz_with_claims(3, kind=Quiz.Kind.MATCHING)
    attempt = start(signed_in, quiz)
    answer = answers_for(attempt, 1)
    first, second = list(answer)[:2]
    partial = {first: answer[first]}
    response = signed_in.post(step_url(attempt, 1), partial)
    assert response.status_code == 422
    assert f'href="#select-{second}"' in response.text
    assert f'<option value="{answer[first]}" selected>' in response.text
    assert not attempt.items.filter(answered_at__isnull=False).exists()


def test_every_quiz_of_the_seed_content_can_be_taken_to_the_end(signed_in, seeded, learner):
    """What the demo learner does after `make run`: every quiz of every section and the technique quiz across
    the document, without JavaScript."""
    quizzes = Quiz.objects.published().order_by("section__position", "kind")
    assert quizzes.count() == 6 * 3 + 1
    for quiz in quizzes:
        attempt = start(signed_in, quiz)
        for step in range(1, attempt.step_count + 1):
            assert signed_in.post(step_url(attempt, step), answers_for(attempt, step)).status_code == 302
        signed_in.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
        attempt.refresh_from_db()
        assert attempt.passed and attempt.percent == 100, quiz
        if quiz.is_technique:
            for item in attempt.items.all():
                options = attempt.options_for(item.step)
                assert len({o["technique_id"] for o in options}) == len(options) == 4
                assert item.technique_id in {o["technique_id"] for o in options}
            assert attempt.items.filter(example__isnull=False).count() == quiz.example_count
        elif quiz.is_matching:
            assert any(o["is_decoy"] for o in attempt.options_for(1))
        else:
            kinds = set(attempt.items.values_list("statement_is_true", flat=True))
            assert kinds == {True, False}


# --- Sources inline ---------------------------------------------------------------------------


def test_feedback_and_results_show_the_claims_sources_inline(signed_in):
    quiz = quiz_with_claims(2, item_count=2)
    attempt = start(signed_in, quiz)
    item = attempt.items.get(step=1)
    opened = "https://www.example.org/opened"
    ReferenceFactory(claim_id=item.claim_id, title="The opened source", url=opened, position=1)
    ReferenceFactory(claim_id=item.claim_id, title="The unopened source", url="", position=2)
    step = 1
    question = signed_in.get(step_url(attempt, step)).text
    assert "The opened source" not in question  # nothing about the claim before answering
    signed_in.post(step_url(attempt, step), answers_for(attempt, step))
    feedback = signed_in.get(step_url(attempt, step)).text
    assert '<a href="https://www.example.org/opened">The opened source</a>' in feedback
    assert 'The unopened source <span class="muted">(link not yet available)</span>' in feedback
    signed_in.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    results = signed_in.get(reverse("quiz:attempt-results", args=[attempt.public_id])).text
    assert '<a href="https://www.example.org/opened">The opened source</a>' in results


# --- Query budgets ----------------------------------------------------------------------------


@pytest.mark.parametrize("claims", [3, 12])
@pytest.mark.parametrize("kind", [Quiz.Kind.TRUE_FALSE, Quiz.Kind.MATCHING])
def test_answer_costs_at_most_four_queries_and_next_item_a_constant(
    signed_in, claims, kind, django_assert_max_num_queries
):
    quiz = quiz_with_claims(claims, kind=kind, item_count=20, matching_set_size=4)
    attempt = start(signed_in, quiz)
    answer = answers_for(attempt, 1)
    references_by_claim(attempt.items.values_list("claim_id", flat=True))  # the sources, kept from then on
    # The feedback shown with the answer asks for the content version (its claims' sources are kept under it).
    with django_assert_max_num_queries(5):
        response = signed_in.post(step_url(attempt, 1), answer, **HTMX)
    assert response.status_code == 200
    with django_assert_max_num_queries(4):
        assert signed_in.post(step_url(attempt, 1), answer).status_code == 302
    shown = min(2, attempt.step_count)  # the next item, or the feedback when there is only one set
    with django_assert_max_num_queries(5):
        assert signed_in.get(step_url(attempt, shown), **HTMX).status_code == 200
    with django_assert_max_num_queries(6):
        assert signed_in.get(step_url(attempt, shown)).status_code == 200


def test_results_page_queries_are_constant(signed_in, django_assert_max_num_queries):
    attempt = start(signed_in, quiz_with_claims(12, item_count=20))
    signed_in.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    signed_in.get(reverse("quiz:attempt-results", args=[attempt.public_id]))  # the footer's documents, then kept
    with django_assert_max_num_queries(6):  # 5, + the content version (the claims' sources are kept)
        response = signed_in.get(reverse("quiz:attempt-results", args=[attempt.public_id]))
    assert response.text.count("Not answered") == 20


@pytest.mark.parametrize("kind", [Quiz.Kind.TRUE_FALSE, Quiz.Kind.MATCHING])
def test_the_step_reader_brings_the_content_version_so_pages_do_not_ask_again(signed_in, kind):
    quiz = quiz_with_claims(3, kind=kind, item_count=4, matching_set_size=3)
    attempt = start(signed_in, quiz)
    signed_in.get(step_url(attempt, 1))  # the catalogue and the sources, kept from then on
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.post(step_url(attempt, 1), answers_for(attempt, 1), **HTMX).status_code == 200
        assert signed_in.get(step_url(attempt, 1)).status_code == 200
    asked = [q["sql"] for q in queries.captured_queries if q["sql"] == versions._select()]
    assert asked == []
    # What the step brought is the version as stored, changed by an edit: a request reading the step after it
    # knows the new version without asking.
    quiz.section.claims.first().save()
    stored = versions.ContentVersion.objects.get().token
    scope = versions._this_request.set([])
    try:
        step_rows(public_id=attempt.public_id, step=1)
        with CaptureQueriesContext(connection) as later:
            assert versions.current() == stored
        assert later.captured_queries == []
    finally:
        versions._this_request.reset(scope)
