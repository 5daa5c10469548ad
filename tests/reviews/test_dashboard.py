"""The dashboard: one recommended next step (due reviews, an open attempt, the weakest section, a new one), mastery."""

from datetime import timedelta
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Section
from quiz import services as quiz_services
from quiz.models import Quiz
from quiz.practice import attempt_practise_missed
from reviews.models import Card
from tests.helpers import answers_for
from tests.reviews.conftest import take

pytestmark = pytest.mark.django_db


def next_step(client) -> str:
    page = client.get(reverse("quiz:home")).text
    start = page.index('<section class="card next-step"')
    return page[start : page.index("</section>", start)]


def test_a_new_learner_is_sent_to_the_first_section(client, seeded, learner):
    client.force_login(learner)
    first = Section.objects.published().order_by("document__title", "position").first()
    step = next_step(client)
    assert f"Start “{escape(first.title)}”" in step
    assert reverse("quiz:attempt-start", args=[first.quizzes.get(kind=Quiz.Kind.TRUE_FALSE).pk]) in step
    page = client.get(reverse("quiz:home")).text
    assert "0 of 26 myths mastered" in page and page.count("Not started") == 19


def test_the_next_step_goes_due_reviews_then_open_attempt_then_weakest_section(client, first_section, learner):
    client.force_login(learner)
    now = timezone.now()
    second = Section.objects.published().exclude(pk=first_section.pk).order_by("position").first()
    take(first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE), learner, now=now - timedelta(minutes=30))
    step = next_step(client)
    if Card.objects.filter(learner=learner, mastered_until__gt=now).count() < first_section.claims.published().count():
        # a claim not met yet: the quiz not taken yet, of the weakest section
        assert f"Strengthen “{escape(first_section.title)}”" in step and "Start: Match the rebuttal" in step
    else:  # every claim right: mastered for now, so on to a new section
        assert f"Start “{escape(second.title)}”" in step
    take(first_section.quizzes.get(kind=Quiz.Kind.MATCHING), learner, now=now - timedelta(minutes=20), right=False)
    assert f"Strengthen “{escape(first_section.title)}”" in next_step(client)  # wrong pairs: the weakest section
    attempt, _ = quiz_services.attempt_start(learner=learner, quiz=second.quizzes.get(kind=Quiz.Kind.MATCHING))
    assert reverse("quiz:attempt-resume", args=[attempt.public_id]) in next_step(client)
    Card.objects.filter(learner=learner).update(due=now - timedelta(minutes=1))
    step = next_step(client)
    assert "due for review" in step and reverse("reviews:start") in step


def test_mastery_per_section_and_overall(client, first_section, learner):
    client.force_login(learner)
    take(first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE), learner, now=timezone.now() - timedelta(minutes=30))
    mastered = Card.objects.filter(learner=learner, mastered_until__gt=timezone.now()).count()
    claims = first_section.claims.published().count()
    assert mastered  # answered right at medium certainty today: predicted recall is still high
    page = client.get(reverse("quiz:home")).text
    assert f"{mastered} of {claims} myth" in page and f"{mastered} of 26 myths mastered" in page
    assert f'<progress max="{claims}" value="{mastered}"' in page


def test_status_and_button_never_say_the_same_and_practice_is_labelled(client, first_section, learner):
    client.force_login(learner)
    quiz = first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE)
    attempt = take(quiz, learner, right=False, now=timezone.now() - timedelta(minutes=30))
    page = client.get(reverse("quiz:home")).text
    assert "Not passed yet" in page and ">Try again<" in page and ">Try again</strong>" not in page
    practice = attempt_practise_missed(attempt=attempt, learner=learner)
    for step in range(1, practice.step_count + 1):
        quiz_services.answer_submit(
            learner=learner, attempt_id=practice.public_id, step=step, answer=answers_for(practice, step)
        )
    quiz_services.attempt_finish(attempt=practice)
    results = client.get(reverse("quiz:attempt-results", args=[practice.public_id])).text
    assert "(practice)" in results and "not passed" not in results and "Practice does not count" in results


def test_dashboard_and_due_queue_queries_do_not_grow_with_history(client, seeded, learner, django_assert_num_queries):
    from reviews import services as review_services
    from reviews.bank import bank

    client.force_login(learner)
    sections = list(Section.objects.published().order_by("position"))
    take(sections[0].quizzes.get(kind=Quiz.Kind.TRUE_FALSE), learner, now=timezone.now() - timedelta(days=60))
    client.get(reverse("quiz:home"))  # anything pending is synced
    with django_assert_num_queries(8):  # roles from the session, content kept, in no cohort so no assigned work
        client.get(reverse("quiz:home"))
    for section in sections:
        for kind in Quiz.Kind.values:
            take(section.quizzes.get(kind=kind), learner, now=timezone.now() - timedelta(days=50))
    client.get(reverse("quiz:home"))
    with django_assert_num_queries(9):  # every quiz taken and 26 cards later: the same, + techniques spotted
        client.get(reverse("quiz:home"))
    Card.objects.update(due=timezone.now() - timedelta(days=1))
    bank()  # what reviews ask of each claim: read once per content version (reviews/bank.py), then kept
    # open review, anything to sync and the content version (one query), due queue (with the statements seen,
    # kept on the cards), writes (4)
    with django_assert_num_queries(7):
        review_services.review_start(learner=learner)
