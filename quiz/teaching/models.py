"""Assignment models (imported by quiz.models, so they belong to the quiz app): quizzes set for a cohort, with dates."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """Quizzes an instructor sets for a cohort, optionally opening on a date and due on another.

    It only selects and dates work: scores always come from the attempts, so changing or removing an
    assignment never changes one.
    """

    cohort = models.ForeignKey(
        "quiz.Cohort", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("cohort")
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("What learners see, e.g. “Week 1: NATO enlargement”.")
    )
    quizzes = models.ManyToManyField("quiz.Quiz", related_name="assignments", verbose_name=_("quizzes"))
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True, help_text=_("Empty: open at once."))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, help_text=_("Empty: no due date."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        app_label = "quiz"
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = [F("due_at").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(due_at__isnull=True) | Q(due_at__gt=F("opens_at")),
                name="assignment_due_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CohortTest(models.Model):
    """A member's pre-test or post-test in a cohort: the attempt, and which half of the held-out pool it drew.

    Which half comes first alternates with the order learners start their pre-test, so across the cohort
    each half is a pre-test as often as a post-test and item difficulty cannot pass for learning. A random
    `anonymous_id` (the same for both of a learner's tests) names the learner in research exports.
    """

    class Phase(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")

    cohort = models.ForeignKey("quiz.Cohort", on_delete=models.CASCADE, related_name="tests", verbose_name=_("cohort"))
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("learner")
    )
    phase = models.CharField(_("phase"), max_length=4, choices=Phase.choices)
    half = models.CharField(_("half of the pool"), max_length=1)
    attempt = models.OneToOneField(
        "quiz.Attempt", on_delete=models.CASCADE, related_name="cohort_test", verbose_name=_("attempt")
    )
    anonymous_id = models.CharField(_("anonymous id"), max_length=12)
    started_at = models.DateTimeField(_("started at"))

    class Meta:
        app_label = "quiz"
        verbose_name = _("pre- or post-test")
        verbose_name_plural = _("pre- and post-tests")
        ordering = ["cohort", "learner", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "learner", "phase"], name="cohorttest_once_per_phase"),
        ]

    def __str__(self) -> str:
        # Translators: an admin label, e.g. "Pre-test of 12 in 3 (half A)": learner and cohort ids.
        return gettext("%(phase)s of %(learner)s in %(cohort)s (half %(half)s)") % {
            "phase": self.get_phase_display(),
            "learner": self.learner_id,
            "cohort": self.cohort_id,
            "half": self.half,
        }
