"""Cohort writes: instructors create cohorts, rotate join codes and remove learners; learners join with a code."""

from django.db import IntegrityError, transaction

from quiz.models import Cohort, Membership, new_join_code


class CohortError(Exception):
    """A cohort action that was refused; the message says why."""


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper().replace("-", "")


def cohort_create(*, instructor, name: str) -> Cohort:
    name = name.strip()
    if not name:
        raise CohortError("Enter a name for the cohort.")
    limit = Cohort._meta.get_field("name").max_length
    if len(name) > limit:
        raise CohortError(f"Use at most {limit} characters for the name.")
    if Cohort.objects.filter(instructor=instructor, name__iexact=name).exists():
        raise CohortError(f"You already have a cohort called “{name}”. Choose another name.")
    return Cohort.objects.create(instructor=instructor, name=name)


def cohort_rotate_code(*, cohort: Cohort) -> Cohort:
    """Give the cohort a new join code; the old code and link stop working at once."""
    for _ in range(5):
        try:
            with transaction.atomic():
                cohort.join_code = new_join_code()
                cohort.save(update_fields=["join_code"])
                return cohort
        except IntegrityError:  # pragma: no cover - a clash in 32**8 codes
            continue
    raise CohortError("Could not make a new code. Try again.")  # pragma: no cover


def cohort_by_code(code: str) -> Cohort:
    cohort = Cohort.objects.select_related("instructor").filter(join_code=normalise_code(code)).first()
    if cohort is None:
        raise CohortError("That join code does not match any cohort. Check it with your instructor.")
    return cohort


def cohort_join(*, learner, code: str) -> tuple[Cohort, bool]:
    """Add the learner to the cohort with this code. Returns (cohort, joined now); joining twice is harmless."""
    cohort = cohort_by_code(code)
    if cohort.instructor_id == learner.pk:
        raise CohortError("You teach this cohort, so you cannot join it as a learner.")
    _, created = Membership.objects.get_or_create(cohort=cohort, learner=learner)
    return cohort, created


def cohort_remove_learner(*, cohort: Cohort, learner_id: int) -> bool:
    """Take a learner out of the cohort. Their attempts stay theirs; the cohort just stops showing them."""
    deleted, _ = Membership.objects.filter(cohort=cohort, learner_id=learner_id).delete()
    return bool(deleted)
