"""Dates in the learner's time zone: the browser's zone (the `tz` cookie) when it is a real one, else UTC."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from quiz import services
from quiz.models import Attempt, Quiz
from tests.factories import quiz_with_claims

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("cookie", "shown"),
    [("Europe/Paris", "1 Dec 2026, 19:23"), ("", "1 Dec 2026, 18:23"), ("Not/AZone", "1 Dec 2026, 18:23")],
)
def test_dates_are_shown_one_way_in_the_browsers_zone(client, learner, cookie, shown):
    quiz = quiz_with_claims(2, kind=Quiz.Kind.TRUE_FALSE)
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz, now=datetime(2026, 12, 1, 18, 23, tzinfo=UTC))
    services.attempt_finish(attempt=attempt)
    client.force_login(learner)
    if cookie:
        client.cookies["tz"] = cookie
    page = client.get(reverse("quiz:quiz-detail", args=[quiz.pk])).text
    assert f">{shown}</time>" in page and f"review the attempt of {shown}" in page
    assert Attempt.objects.count() == 1
