"""Learner pages before an attempt: the dashboard (sections, status, resuming, its query budget) and the quiz page."""

import pytest
from django.urls import reverse

from quiz import services
from quiz.models import Attempt, Quiz
from quiz.practice import attempt_practise_missed
from tests.factories import SectionFactory, complete_claim, quiz_with_claims
from tests.helpers import answers_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


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


def test_dashboard_groups_sections_under_their_document(signed_in, seeded):
    from content.models import Section
    from tests.factories import SourceDocumentFactory

    other = SourceDocumentFactory(title="A second handbook", publisher="Example Press", year=2025)
    section = SectionFactory(document=other, title="The second handbook's section")
    for _ in range(2):
        complete_claim(section=section)
    Section.objects.filter(pk=section.pk).update(is_published=True)
    page = signed_in.get(reverse("quiz:home")).text
    second = page.index('Your sections<span class="document-of">: <cite>A second handbook</cite>')
    nato = page.index('Your sections<span class="document-of">: <cite>NATO-Russia relations: the facts</cite>')
    assert second < page.index("<h3>The second handbook&#x27;s section</h3>") < nato


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
