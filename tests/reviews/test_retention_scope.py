"""Regression: retention counts only what a learner did as a member."""

from datetime import timedelta

from django.utils import timezone

from quiz.models import Membership, Quiz
from reviews.retention import cohort_retention
from reviews.services import cards_sync
from tests.factories import CohortFactory, InstructorFactory, LearnerFactory
from tests.reviews.conftest import take


def test_retention_before_join(seeded):
    learner = LearnerFactory(username="early")
    then = timezone.now() - timedelta(days=60)
    for quiz in Quiz.objects.published().filter(kind=Quiz.Kind.TRUE_FALSE)[:3]:
        take(quiz, learner, now=then, right=False)
    cards_sync(learner_ids=[learner.pk])
    cohort = CohortFactory(instructor=InstructorFactory())
    Membership.objects.create(cohort=cohort, learner=learner)  # joins today, did nothing since
    r = cohort_retention(cohort=cohort, now=timezone.now())
    assert not r.behind and sum(s.met for s in r.sections) == 0
