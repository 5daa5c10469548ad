"""Deleting one's own account: what goes with it, and the refusal for the only active superuser."""

import logging
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count

from quiz.models import Attempt, Cohort
from reviews.models import Card

logger = logging.getLogger(__name__)


class LastSuperuser(Exception):
    """The only active superuser may not delete their account: nobody could run the admin afterwards."""


@dataclass(frozen=True)
class DeletionSummary:
    """What goes with an account, for the confirmation page."""

    attempts: int
    cards: int
    cohorts_taught: int
    learners_taught: int  # distinct learners in those cohorts (they keep their accounts)
    cohorts_co_taught: int  # the user leaves them; they stay
    is_last_superuser: bool


def is_last_superuser(user) -> bool:
    return (
        user.is_superuser
        and not get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    )


def deletion_summary(*, user) -> DeletionSummary:
    taught = Cohort.objects.filter(instructor=user).aggregate(
        cohorts=Count("pk", distinct=True), learners=Count("memberships__learner", distinct=True)
    )
    return DeletionSummary(
        attempts=Attempt.objects.filter(learner=user).count(),
        cards=Card.objects.filter(learner=user).count(),
        cohorts_taught=taught["cohorts"],
        learners_taught=taught["learners"],
        cohorts_co_taught=Cohort.objects.filter(co_instructors=user).count(),
        is_last_superuser=is_last_superuser(user),
    )


@transaction.atomic
def account_delete(*, user) -> int:
    """Delete the account and everything that is only theirs; returns how many attempts went with it.

    The database's cascades take the attempts and their answers, review cards and log, the reminder
    setting, cohort memberships and co-teaching, and the cohorts the user runs (with their memberships). Content
    history keeps the edits without the name. Sign-in records django-axes keeps under the username
    go too. Refused (LastSuperuser) for the only active superuser: the superusers' rows are locked
    first, in one order, so two of the last two deleting themselves at once cannot both succeed.
    """
    User = get_user_model()
    superusers = list(
        User.objects.select_for_update()
        .filter(is_superuser=True, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if user.pk in superusers and len(superusers) == 1:
        raise LastSuperuser("You are the only superuser: make someone else a superuser before deleting your account.")
    username = user.get_username()
    attempts = Attempt.objects.filter(learner=user).count()
    cohorts = Cohort.objects.filter(instructor=user).count()
    user.delete()
    for record in (AccessAttempt, AccessLog, AccessFailureLog):
        record.objects.filter(username=username).delete()
    # Nothing that names the person: not the username, e-mail or id.
    logger.info("An account was deleted, with %d attempts and %d cohorts it ran.", attempts, cohorts)
    return attempts
