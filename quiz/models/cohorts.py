"""Cohorts: the groups of learners an instructor teaches, their join codes, and who is a member since when."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class Cohort(models.Model):
    """A group of learners an instructor teaches; learners join it with its code."""

    name = models.CharField(_("name"), max_length=120, help_text=_("For example “Spring 2027, Tuesday group”."))
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohorts_taught", verbose_name=_("instructor")
    )
    join_code = models.CharField(_("join code"), max_length=8, unique=True, default=new_join_code)
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="cohorts", blank=True, verbose_name=_("learners")
    )
    co_instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="cohorts_co_taught",
        blank=True,
        verbose_name=_("co-instructors"),
        help_text=_("Instructors who see the cohort's reports as the owner does, without managing it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("Where the cohort meets: due dates are entered in this time zone."),
    )
    tests_enabled = models.BooleanField(
        _("pre- and post-test"),
        default=False,
        help_text=_(
            "Learners take a short pre-test before their first quiz, and a post-test later, on items "
            "they never practise: the cohort's learning gain."
        ),
    )
    post_test_opens_at = models.DateTimeField(
        _("post-test opens at"),
        null=True,
        blank=True,
        help_text=_("Empty: learners open the post-test when they choose, after the pre-test."),
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instructor", "name"], name="cohort_unique_name_per_instructor"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("cohort"))
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("learner")
    )
    joined_at = models.DateTimeField(
        _("joined at"),
        default=timezone.now,
        help_text=_("Instructors see only attempts the learner started from then on."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cohort", "learner"]
        constraints = [models.UniqueConstraint(fields=["cohort", "learner"], name="membership_unique")]

    def __str__(self) -> str:
        # Translators: a learner's membership of a cohort, "lena in Spring 2027, Tuesday group".
        return gettext("%(learner)s in %(cohort)s") % {"learner": self.learner, "cohort": self.cohort}
