"""Who may see what: the cohorts an instructor teaches, their members, the quizzes reported on, a learner's history."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from quiz.catalogue import KIND_ORDER, catalogue
from quiz.models import Attempt, Cohort, Membership, Quiz

# Instructor pages are for those who may view cohorts (instructors; superusers): others get 403. Which cohorts
# they then see is `cohort_for`'s.
instructor_required = permission_required("quiz.view_cohort", raise_exception=True)


def _taught_by(user):
    """Cohorts the user owns or co-teaches (a superuser: all)."""
    if user.is_superuser:
        return Cohort.objects.all()
    co_taught = Cohort.co_instructors.through.objects.filter(user=user).values("cohort_id")
    return Cohort.objects.filter(Q(instructor=user) | Q(pk__in=co_taught))


def cohort_for(*, user, pk: int) -> Cohort:
    """A cohort the user teaches or co-teaches (a superuser may open any); anyone else's is "not found".

    The cohort knows whether the user may manage it (`cohort.is_owner`): the owner and superusers may.
    """
    cohort = get_object_or_404(_taught_by(user).select_related("instructor"), pk=pk)
    cohort.is_owner = user.is_superuser or cohort.instructor_id == user.pk
    return cohort


def owned_cohort_for(*, user, pk: int) -> Cohort:
    """A cohort the user may manage (codes, learners, co-instructors): a co-instructor is refused (403)."""
    cohort = cohort_for(user=user, pk=pk)
    if not cohort.is_owner:
        raise PermissionDenied("Only the cohort's owner can change it.")
    return cohort


def cohorts_for(*, user):
    return _taught_by(user).annotate(learner_count=Count("memberships")).order_by("name")


def members(*, cohort: Cohort):
    return get_user_model().objects.filter(memberships__cohort=cohort)


def cohort_quizzes(*, section_id: int | None = None) -> list[Quiz]:
    """Published quizzes with content (`Quiz.objects.with_content()`, from the catalogue) in document order: each
    section's by kind, then the technique quiz across the document."""
    known = catalogue()
    quizzes = [q for q in known.listed.values() if known.has_content(q) and section_id in (None, q.section_id)]

    def order(quiz):
        document = quiz.section.document_id if quiz.section_id else quiz.document_id
        position = quiz.section.position if quiz.section_id else 1_000_000  # after every section
        return (document, position, KIND_ORDER[quiz.kind])

    return sorted(quizzes, key=order)


def learner_history(*, cohort: Cohort, learner_id: int):
    """A member of the cohort and the attempts they made as a member, newest first (items are loaded per page)."""
    learner = get_object_or_404(members(cohort=cohort), pk=learner_id)
    joined = Membership.objects.get(cohort=cohort, learner=learner).joined_at
    attempts = Attempt.objects.filter(learner=learner, started_at__gte=joined)
    return learner, attempts.select_related("quiz__section").order_by("-started_at")
