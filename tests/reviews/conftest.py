"""Fixtures for the spaced-review tests: a learner who has met the seed's first section, with a fixed clock."""

from datetime import UTC, datetime

import pytest

from content.models import Section
from quiz.models import Quiz
from tests import helpers

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def take(quiz: Quiz, learner, *, now=T0, right=True, certainty="medium"):
    """`tests.helpers.take` from T0 (a month before today), saying medium certainty."""
    return helpers.take(quiz, learner, now=now, right=right, certainty=certainty)


@pytest.fixture
def first_section(seeded):
    return Section.objects.published().order_by("document__title", "position").first()


@pytest.fixture
def met(first_section, learner):
    """The learner took the first section's true/false quiz on T0, all right."""
    return take(first_section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE), learner)
