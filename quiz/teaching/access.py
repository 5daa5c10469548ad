"""Who may see what: the cohorts an instructor teaches, their members, the quizzes reported on, a learner's history."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.shortcuts import get_object_or_404

from quiz.models import Attempt, Cohort, Quiz


def cohort_for(*, user, pk: int) -> Cohort:
    """A cohort the user teaches (a superuser may open any); anyone else's is "not found"."""
    cohorts = Cohort.objects.select_related("instructor")
    if not user.is_superuser:
        cohorts = cohorts.filter(instructor=user)
    return get_object_or_404(cohorts, pk=pk)


def cohorts_for(*, user):
    cohorts = Cohort.objects.all() if user.is_superuser else Cohort.objects.filter(instructor=user)
    return cohorts.annotate(learner_count=Count("memberships")).order_by("name")


def members(*, cohort: Cohort):
    return get_user_model().objects.filter(memberships__cohort=cohort)


def cohort_quizzes(*, section_id: int | None = None):
    quizzes = Quiz.objects.published().select_related("section")
    if section_id:
        quizzes = quizzes.filter(section_id=section_id)
    return sorted(quizzes, key=lambda q: (q.section.position, q.kind != Quiz.Kind.TRUE_FALSE))


def learner_history(*, cohort: Cohort, learner_id: int):
    """A member of the cohort and their attempts, newest first (items are loaded per page)."""
    learner = get_object_or_404(members(cohort=cohort), pk=learner_id)
    return learner, Attempt.objects.filter(learner=learner).select_related("quiz__section").order_by("-started_at")
