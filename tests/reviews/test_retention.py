"""Instructors' retention page: review answers right, mastery per section, learners falling behind."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quiz.models import Quiz
from reviews import services
from reviews.models import Card
from tests.factories import CohortFactory, MembershipFactory
from tests.helpers import answers_for, step_url
from tests.reviews.conftest import take

pytestmark = pytest.mark.django_db


def test_retention_shows_review_answers_mastery_and_who_falls_behind(
    client, first_section, learner, instructor, django_user_model, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr("reviews.retention.OVERDUE_FLAG", 2)
    cohort = CohortFactory(instructor=instructor)
    MembershipFactory(cohort=cohort, learner=learner)
    behind = django_user_model.objects.create_user("behind")
    MembershipFactory(cohort=cohort, learner=behind)
    outsider = django_user_model.objects.create_user("outsider")
    for user in (learner, behind, outsider):
        take(first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE), user, now=timezone.now() - timedelta(days=40))
    Card.objects.update(due=timezone.now() - timedelta(days=1))
    client.force_login(learner)
    review, _ = services.review_start(learner=learner)
    for step in range(1, review.step_count + 1):
        client.post(step_url(review, step), answers_for(review, step, right=step != 1))
    client.post(reverse("quiz:attempt-finish", args=[review.public_id]))
    recalled = review.items.filter(technique__isnull=True)  # technique extras move no card, so count for nothing
    right = recalled.filter(is_correct=True).count()

    client.force_login(instructor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("reviews:retention", args=[cohort.pk])).text
    assert f"of {recalled.count()} review answers were right" in page
    assert f"<strong>{round(100 * right / recalled.count())}%</strong>" in page
    assert first_section.title in page and "Falling behind" in page
    assert "outsider" not in page  # not a member: nothing of theirs is shown or counted
    due = Card.objects.filter(learner=behind).count()
    assert f">behind</a>: {due} due" in page and ">lena</a>" not in page  # lena did her review


def test_retention_of_a_cohort_with_no_reviews_says_so(client, seeded, instructor):
    cohort = CohortFactory(instructor=instructor)
    client.force_login(instructor)
    page = client.get(reverse("reviews:retention", args=[cohort.pk])).text
    assert "No learner in this cohort has done a review yet." in page
    assert "Nobody has 5 or more myths waiting for review." in page


def test_a_members_review_shows_on_every_instructor_page_labelled_and_unscored(
    client, first_section, learner, instructor
):
    cohort = CohortFactory(instructor=instructor)
    MembershipFactory(cohort=cohort, learner=learner)
    take(first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE), learner, now=timezone.now() - timedelta(days=40))
    take(first_section.quizzes.get(kind=Quiz.Kind.MATCHING), learner, now=timezone.now() - timedelta(days=39))
    review, _ = services.review_start(learner=learner)
    client.force_login(learner)
    for step in range(1, review.step_count + 1):
        client.post(step_url(review, step), answers_for(review, step))
    client.post(reverse("quiz:attempt-finish", args=[review.public_id]))
    assert any(review.step_is_matching(s) for s in range(1, review.step_count + 1))
    client.force_login(instructor)
    history = client.get(reverse("quiz:learner-detail", args=[cohort.pk, learner.pk])).text
    assert "review, not scored" in history
    csv_rows = b"".join(client.get(reverse("quiz:answers-csv", args=[cohort.pk])).streaming_content).decode()
    assert csv_rows.count(",review,") == review.items.count()
    for name in ("quiz:gradebook", "quiz:myths", "quiz:progress", "quiz:gradebook-csv"):
        assert client.get(reverse(name, args=[cohort.pk])).status_code == 200
