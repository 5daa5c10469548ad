"""Fixtures for the spaced-review tests: a learner who has met the seed's first section, with a fixed clock."""

from datetime import UTC, datetime, timedelta

import pytest

from content.models import Section
from quiz import services
from quiz.models import Quiz
from tests.helpers import answers_for

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def take(quiz: Quiz, learner, *, now=T0, right=True, certainty="medium"):
    """Take a whole quiz through the services at `now` (a minute per step), all right or all wrong; finish it."""
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz, now=now)
    for step in range(1, attempt.step_count + 1):
        answer = answers_for(attempt, step, right=right)
        if attempt.asks_certainty:
            answer["certainty"] = certainty
        services.answer_submit(
            learner=learner, attempt_id=attempt.public_id, step=step, answer=answer, now=now + timedelta(minutes=step)
        )
    return services.attempt_finish(attempt=attempt, now=now + timedelta(minutes=attempt.step_count + 1))


@pytest.fixture
def first_section(seeded):
    return Section.objects.published().order_by("document__title", "position").first()


@pytest.fixture
def met(first_section, learner):
    """The learner took the first section's true/false quiz on T0, all right."""
    return take(first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE), learner)
