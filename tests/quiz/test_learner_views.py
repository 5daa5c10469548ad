"""Learner pages: dashboard, quiz page, taking an attempt with and without htmx, results, refusals, query budgets."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.selectors import references_by_claim
from quiz import services
from quiz.models import Attempt, Quiz
from quiz.practice import attempt_practise_missed
from tests.factories import LearnerFactory, ReferenceFactory, SectionFactory, complete_claim, quiz_with_claims
from tests.helpers import answers_for, snapshot, start, step_url

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


# --- Dashboard and quiz page ------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_dashboard_lists_sections_in_order_with_their_quizzes(
    signed_in, seeded, headers, django_assert_max_num_queries
):
    signed_in.get(reverse("quiz:home"), **headers)  # the catalogue read once, then kept (quiz/catalogue.py)
    with django_assert_max_num_queries(12):  # 9, + pending answers to sync, + mastery, + assigned work
        response = signed_in.get(reverse("quiz:home"), **headers)
    text = response.text
    assert response.status_code == 200
    assert "Why this matters" in text
    positions = [
        text.index(title)
        for title in ("NATO and its attitude to Russia", "Promises and pledges", "NATO&#x27;s operations")
    ]
    assert positions == sorted(positions)
    assert text.count("True or false<span") == 6 and text.count("Match the rebuttal<span") == 6
    assert text.count("Spot the technique<span") == 6 + 1  # each section's, and the one across the document
    assert "Across the whole document" in text
    assert text.count("Not started") == 19


def test_dashboard_shows_best_latest_status_and_next_step(signed_in, learner, django_assert_max_num_queries):
    tf = quiz_with_claims(3, item_count=2, pass_mark=100)
    matching = QuizOf(tf, Quiz.Kind.MATCHING)
    attempt, _ = services.attempt_start(learner=learner, quiz=tf)
    services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=1, answer=answers_for(attempt, 1))
    services.attempt_finish(attempt=attempt)  # 1 of 2: 50 %, not passed
    second, _ = services.attempt_start(learner=learner, quiz=tf)
    services.attempt_start(learner=learner, quiz=matching)
    with django_assert_max_num_queries(12):  # 9, + pending answers to sync, + mastery, + assigned work
        text = signed_in.get(reverse("quiz:home")).text
    assert "Best 50% · Latest 50%" in text and "· 1 attempt" in text
    assert "In progress" in text and reverse("quiz:attempt-resume", args=[second.public_id]) in text
    assert "Why this matters" not in text


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_dashboard_offers_to_resume_a_practice_left_before_the_end(
    signed_in, learner, headers, django_assert_max_num_queries
):
    quiz = quiz_with_claims(3, item_count=2)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    services.attempt_finish(attempt=attempt)  # nothing answered: both items missed
    practice = attempt_practise_missed(attempt=attempt, learner=learner)
    with django_assert_max_num_queries(12):  # 9, + pending answers to sync, + mastery, + assigned work
        text = signed_in.get(reverse("quiz:home"), **headers).text
    resume = reverse("quiz:attempt-resume", args=[practice.public_id])
    assert f'<a href="{resume}">Resume your practice of missed items' in text
    assert "Try again" in text  # the quiz itself is not in progress: practice does not count
    services.attempt_finish(attempt=practice)
    assert resume not in signed_in.get(reverse("quiz:home")).text


def QuizOf(quiz, kind):
    return Quiz.objects.get(section=quiz.section, kind=kind)


def test_dashboard_query_count_does_not_grow_with_content(signed_in, learner, django_assert_max_num_queries):
    for _ in range(6):
        quiz = quiz_with_claims(4)
        attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
        services.attempt_finish(attempt=attempt)
    with django_assert_max_num_queries(12):  # 9, + pending answers to sync, + mastery, + assigned work
        signed_in.get(reverse("quiz:home"))


def test_unavailable_quiz_is_marked_and_editors_see_why(client, learner, editor):
    quiz = quiz_with_claims(1, kind=Quiz.Kind.MATCHING)
    client.force_login(learner)
    text = client.get(reverse("quiz:home")).text
    assert "Not available" in text and "Editors are still preparing this quiz" in text
    assert "Matching needs 2" not in text
    detail = client.get(reverse("quiz:quiz-detail", args=[quiz.pk])).text
    assert "not available at the moment" in detail and "Start the quiz" not in detail
    response = client.post(reverse("quiz:attempt-start", args=[quiz.pk]), follow=True)
    assert "not available" in response.text and not Attempt.objects.exists()
    client.force_login(editor)
    assert "Matching needs 2 published claims" in client.get(reverse("quiz:home")).text


def test_unpublished_section_hides_its_quizzes(signed_in):
    quiz = quiz_with_claims(3)
    quiz.section.is_published = False
    quiz.section.save()
    assert quiz.section.title not in signed_in.get(reverse("quiz:home")).text
    assert signed_in.get(reverse("quiz:quiz-detail", args=[quiz.pk])).status_code == 404
    assert signed_in.post(reverse("quiz:attempt-start", args=[quiz.pk])).status_code == 404


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_quiz_page_explains_the_quiz_and_lists_attempts(signed_in, learner, headers):
    quiz = quiz_with_claims(3, item_count=5, pass_mark=80, time_limit_minutes=10)
    text = signed_in.get(reverse("quiz:quiz-detail", args=[quiz.pk]), **headers).text
    assert "Up to 5 statements" in text and "Pass mark: 80%" in text and "Time limit: 10 minutes" in text
    assert "You have not taken this quiz yet." in text and "Start the quiz" in text
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    text = signed_in.get(reverse("quiz:quiz-detail", args=[quiz.pk]), **headers).text
    assert "Resume your attempt" in text and "In progress: resume" in text


def test_quizzes_are_open_to_guests_and_the_rest_needs_sign_in(client):
    quiz = quiz_with_claims(3)
    assert client.get(reverse("quiz:quiz-detail", args=[quiz.pk])).status_code == 200
    started = client.post(reverse("quiz:attempt-start", args=[quiz.pk]))
    assert started.status_code == 302 and "/attempts/" in started["Location"]
    for url in (reverse("reviews:review"), reverse("quiz:join")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Taking a quiz ----------------------------------------------------------------------------


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


def test_answering_twice_records_once_and_a_changed_answer_is_refused(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4))
    answer = answers_for(attempt, 1, right=True)
    signed_in.post(step_url(attempt, 1), answer)
    before = snapshot(attempt)
    again = signed_in.post(step_url(attempt, 1), answer, **HTMX)
    assert again.status_code == 200 and "Correct" in again.text
    changed = signed_in.post(step_url(attempt, 1), answers_for(attempt, 1, right=False), **HTMX)
    assert changed.status_code == 409 and "Your first answer counts" in changed.text
    assert snapshot(attempt) == before


def test_skipping_ahead_is_refused_and_viewing_ahead_redirects(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4))
    before = snapshot(attempt)
    response = signed_in.post(step_url(attempt, 3), answers_for(attempt, 3))
    assert response.status_code == 409 and "Answer item 1 first" in response.text
    assert signed_in.get(step_url(attempt, 3))["Location"] == reverse("quiz:attempt-resume", args=[attempt.public_id])
    assert signed_in.get(step_url(attempt, 99)).status_code == 404
    assert snapshot(attempt) == before


def test_someone_elses_attempt_is_not_found(client, learner):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz_with_claims(3))
    client.force_login(LearnerFactory())
    before = snapshot(attempt)
    assert client.get(step_url(attempt, 1)).status_code == 404
    assert client.post(step_url(attempt, 1), answers_for(attempt, 1)).status_code == 404
    assert client.post(reverse("quiz:attempt-finish", args=[attempt.public_id])).status_code == 404
    assert client.get(reverse("quiz:attempt-results", args=[attempt.public_id])).status_code == 404
    assert client.post(reverse("quiz:attempt-practise", args=[attempt.public_id])).status_code == 404
    assert snapshot(attempt) == before


def test_answers_after_finishing_are_refused_with_a_message(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4))
    signed_in.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    before = snapshot(attempt)
    response = signed_in.post(step_url(attempt, 1), answers_for(attempt, 1), follow=True)
    assert "This attempt is finished" in response.text
    assert snapshot(attempt) == before
    htmx = signed_in.post(step_url(attempt, 1), answers_for(attempt, 1), **HTMX)
    assert htmx["HX-Redirect"] == reverse("quiz:attempt-results", args=[attempt.public_id])


def test_time_up_closes_the_attempt_and_shows_results(signed_in):
    quiz = quiz_with_claims(3, item_count=4, time_limit_minutes=5)
    attempt = start(signed_in, quiz)
    page = signed_in.get(step_url(attempt, 1)).text
    assert "Time left:" in page and "data-seconds-left" in page
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    response = signed_in.post(step_url(attempt, 1), answers_for(attempt, 1), follow=True)
    assert "Time is up" in response.text and "Time ran out" in response.text
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 0


def test_finish_early_asks_first(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4))
    page = signed_in.get(reverse("quiz:attempt-finish", args=[attempt.public_id])).text
    assert "You have 4 unanswered items" in page and "they count as wrong" in page
    attempt.refresh_from_db()
    assert not attempt.is_finished


def test_leaving_and_coming_back_resumes_at_the_next_unanswered_item(client, learner):
    client.force_login(learner)
    attempt = start(client, quiz_with_claims(3, item_count=4))
    client.post(step_url(attempt, 1), answers_for(attempt, 1))
    client.post(step_url(attempt, 2), answers_for(attempt, 2))
    client.logout()
    client.force_login(learner)
    dashboard = client.get(reverse("quiz:home")).text
    assert "Resume" in dashboard
    assert client.get(reverse("quiz:attempt-resume", args=[attempt.public_id]))["Location"] == step_url(attempt, 3)


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


def test_at_the_end_feedback_with_htmx_leaves_the_card_for_the_finish_page(signed_in):
    quiz = quiz_with_claims(3, item_count=2, feedback=Quiz.Feedback.AT_END)
    attempt = start(signed_in, quiz)
    signed_in.post(step_url(attempt, 1), answers_for(attempt, 1))
    signed_in.post(step_url(attempt, 2), answers_for(attempt, 2))
    response = signed_in.get(reverse("quiz:attempt-finish", args=[attempt.public_id]), **HTMX)
    assert response["HX-Redirect"] == reverse("quiz:attempt-finish", args=[attempt.public_id])


def test_an_attempt_at_a_withdrawn_quiz_links_back_to_the_dashboard_only(signed_in):
    quiz = quiz_with_claims(3, item_count=2)
    attempt = start(signed_in, quiz)
    quiz_page = f'href="{reverse("quiz:quiz-detail", args=[quiz.pk])}"'
    assert quiz_page in signed_in.get(step_url(attempt, 1)).text
    quiz.section.is_published = False  # an editor withdraws the section mid-attempt
    quiz.section.save()

    def assert_no_dead_link(url):
        response = signed_in.get(url)
        assert response.status_code == 200
        assert quiz_page not in response.text and "(no longer offered)" in response.text

    finish = reverse("quiz:attempt-finish", args=[attempt.public_id])
    assert_no_dead_link(step_url(attempt, 1))
    assert_no_dead_link(finish)
    signed_in.post(finish)
    assert_no_dead_link(reverse("quiz:attempt-results", args=[attempt.public_id]))
    assert signed_in.get(reverse("quiz:quiz-detail", args=[quiz.pk])).status_code == 404


def test_history_restore_gets_the_whole_page(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4))
    response = signed_in.get(step_url(attempt, 1), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.text and "HX-Request" in response["Vary"]


def test_time_left_comes_from_the_server(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4, time_limit_minutes=5))
    seconds = int(re.search(r'data-seconds-left="(\d+)"', signed_in.get(step_url(attempt, 1)).text).group(1))
    assert 290 <= seconds <= 300


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


@pytest.mark.parametrize("withdraw", ["quiz", "section", "section deleted"])
def test_the_step_page_reads_whether_its_quiz_is_still_listed_with_the_step(signed_in, withdraw):
    quiz = quiz_with_claims(3, item_count=2)
    attempt = start(signed_in, quiz)
    if withdraw == "quiz":
        Quiz.objects.filter(pk=quiz.pk).update(is_published=False)
    elif withdraw == "section":
        type(quiz.section).objects.filter(pk=quiz.section_id).update(is_published=False)
    else:
        Quiz.objects.filter(pk=quiz.pk).update(section=None)
    text = signed_in.get(step_url(attempt, 1)).text
    assert "(no longer offered)" in text
    assert f'href="{reverse("quiz:quiz-detail", args=[quiz.pk])}"' not in text


def test_without_javascript_the_time_left_reads_in_minutes_and_seconds_with_when_the_page_was_made(signed_in):
    from quiz.views.learner import time_left_text

    assert [time_left_text(s) for s in (59, 60, 61, 125)] == [
        "59 seconds", "1 minute 0 seconds", "1 minute 1 second", "2 minutes 5 seconds"
    ]
    quiz = quiz_with_claims(3, item_count=4, time_limit_minutes=1)
    attempt = start(signed_in, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=59, milliseconds=500))
    page = signed_in.get(step_url(attempt, 1)).text
    assert ">59 seconds</time>" in page or ">58 seconds</time>" in page
    assert "0 minutes" not in page and "when this page was made, at " in page


# --- Sources inline -----------------------------------------------------------------------------


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
    assert "The unopened source <span class=\"muted\">(link not yet available)</span>" in feedback
    signed_in.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    results = signed_in.get(reverse("quiz:attempt-results", args=[attempt.public_id])).text
    assert '<a href="https://www.example.org/opened">The opened source</a>' in results


def test_dashboard_groups_sections_under_their_document(signed_in, seeded):
    from content.models import Section
    from tests.factories import SourceDocumentFactory

    other = SourceDocumentFactory(title="A second handbook", publisher="Example Press", year=2025)
    section = SectionFactory(document=other, title="The second handbook's section")
    for _ in range(2):
        complete_claim(section=section)
    Section.objects.filter(pk=section.pk).update(is_published=True)
    page = signed_in.get(reverse("quiz:home")).text
    second = page.index("Your sections<span class=\"document-of\">: <cite>A second handbook</cite>")
    nato = page.index("Your sections<span class=\"document-of\">: <cite>NATO-Russia relations: the facts</cite>")
    assert second < page.index("<h3>The second handbook&#x27;s section</h3>") < nato
