"""Cohort writes: instructors create, rotate codes, remove learners, add co-instructors; learners join and leave."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from quiz.models import Cohort, Membership, new_join_code


class CohortError(Exception):
    """A cohort action that was refused; the message says why."""


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper().replace("-", "")


def cohort_create(*, instructor, name: str) -> Cohort:
    name = name.strip()
    if not name:
        raise CohortError(_("Enter a name for the cohort."))
    limit = Cohort._meta.get_field("name").max_length
    if len(name) > limit:
        raise CohortError(_("Use at most %(limit_value)d characters for the name.") % {"limit_value": limit})
    if Cohort.objects.filter(instructor=instructor, name__iexact=name).exists():
        raise CohortError(_("You already have a cohort called “%(name)s”. Choose another name.") % {"name": name})
    return Cohort.objects.create(instructor=instructor, name=name)


def cohort_rotate_code(*, cohort: Cohort) -> Cohort:
    """Give the cohort a new join code; the old code and link stop working at once."""
    for _try in range(5):
        try:
            with transaction.atomic():
                cohort.join_code = new_join_code()
                cohort.save(update_fields=["join_code"])
                return cohort
        except IntegrityError:  # pragma: no cover - a clash in 32**8 codes
            continue
    raise CohortError(_("Could not make a new code. Try again."))  # pragma: no cover


def cohort_by_code(code: str) -> Cohort:
    cohort = Cohort.objects.select_related("instructor").filter(join_code=normalise_code(code)).first()
    if cohort is None:
        raise CohortError(_("That join code does not match any cohort. Check it with your instructor."))
    return cohort


def cohort_join(*, learner, code: str) -> tuple[Cohort, bool]:
    """Add the learner to the cohort with this code. Returns (cohort, joined now); joining twice is harmless."""
    cohort = cohort_by_code(code)
    if cohort.instructor_id == learner.pk or cohort.co_instructors.filter(pk=learner.pk).exists():
        raise CohortError(_("You teach this cohort, so you cannot join it as a learner."))
    _membership, created = Membership.objects.get_or_create(cohort=cohort, learner=learner)
    return cohort, created


def cohort_leave(*, learner, cohort_id: int) -> Cohort:
    """The learner leaves the cohort: from now on its instructors see nothing of theirs."""
    membership = Membership.objects.select_related("cohort").filter(cohort_id=cohort_id, learner=learner).first()
    if membership is None:
        raise CohortError(_("You are not in that group."))
    membership.delete()
    return membership.cohort


def co_instructor_add(*, cohort: Cohort, username: str):
    """Let another instructor see the cohort's reports. They must have an account with the instructor role."""
    from django.contrib.auth import get_user_model

    from accounts.roles import INSTRUCTOR

    username = username.strip()
    user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise CohortError(
            _("There is no account called “%(username)s”. Check the spelling with your colleague.")
            % {"username": username}
        )
    if user.pk == cohort.instructor_id:
        raise CohortError(_("You own this cohort already."))
    if not user.groups.filter(name=INSTRUCTOR).exists():
        raise CohortError(
            _("%(username)s is not an instructor, so they cannot read cohort reports.")
            % {"username": user.get_username()}
        )
    if cohort.memberships.filter(learner=user).exists():
        raise CohortError(
            _("%(username)s is a learner in this cohort, so they cannot also teach it.")
            % {"username": user.get_username()}
        )
    cohort.co_instructors.add(user)
    return user


def co_instructor_remove(*, cohort: Cohort, user_id: int) -> bool:
    removed = cohort.co_instructors.filter(pk=user_id).exists()
    cohort.co_instructors.remove(user_id)
    return removed


def cohort_remove_learner(*, cohort: Cohort, learner_id: int) -> bool:
    """Take a learner out of the cohort. Their attempts stay theirs; the cohort just stops showing them."""
    deleted, _by_model = Membership.objects.filter(cohort=cohort, learner_id=learner_id).delete()
    return bool(deleted)
