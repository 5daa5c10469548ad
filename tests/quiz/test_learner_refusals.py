"""What an attempt refuses and how it ends: answers twice or ahead, others' attempts, time limits, a withdrawn quiz."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quiz import services
from quiz.models import Attempt, Quiz
from tests.factories import LearnerFactory, quiz_with_claims
from tests.helpers import answers_for, snapshot, start, step_url

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


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


# --- Time limits ------------------------------------------------------------------------------


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


def test_time_left_comes_from_the_server(signed_in):
    attempt = start(signed_in, quiz_with_claims(3, item_count=4, time_limit_minutes=5))
    seconds = int(re.search(r'data-seconds-left="(\d+)"', signed_in.get(step_url(attempt, 1)).text).group(1))
    assert 290 <= seconds <= 300


def test_without_javascript_the_time_left_reads_in_minutes_and_seconds_with_when_the_page_was_made(signed_in):
    from quiz.views.learner import time_left_text

    assert [time_left_text(s) for s in (59, 60, 61, 125)] == [
        "59 seconds",
        "1 minute 0 seconds",
        "1 minute 1 second",
        "2 minutes 5 seconds",
    ]
    quiz = quiz_with_claims(3, item_count=4, time_limit_minutes=1)
    attempt = start(signed_in, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=59, milliseconds=500))
    page = signed_in.get(step_url(attempt, 1)).text
    assert ">59 seconds</time>" in page or ">58 seconds</time>" in page
    assert "0 minutes" not in page and "when this page was made, at " in page


# --- A quiz withdrawn mid-attempt -------------------------------------------------------------


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
