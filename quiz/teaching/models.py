"""Assignment models (imported by quiz.models, so they belong to the quiz app): quizzes set for a cohort, with dates."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Assignment(models.Model):
    """Quizzes an instructor sets for a cohort, optionally opening on a date and due on another.

    It only selects and dates work: scores always come from the attempts, so changing or removing an
    assignment never changes one.
    """

    cohort = models.ForeignKey("quiz.Cohort", on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=200, help_text="What learners see, e.g. “Week 1: NATO enlargement”.")
    quizzes = models.ManyToManyField("quiz.Quiz", related_name="assignments")
    opens_at = models.DateTimeField(null=True, blank=True, help_text="Empty: open at once.")
    due_at = models.DateTimeField(null=True, blank=True, help_text="Empty: no due date.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "quiz"
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
        PRE = "pre", "Pre-test"
        POST = "post", "Post-test"

    cohort = models.ForeignKey("quiz.Cohort", on_delete=models.CASCADE, related_name="tests")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=4, choices=Phase.choices)
    half = models.CharField(max_length=1)
    attempt = models.OneToOneField("quiz.Attempt", on_delete=models.CASCADE, related_name="cohort_test")
    anonymous_id = models.CharField(max_length=12)
    started_at = models.DateTimeField()

    class Meta:
        app_label = "quiz"
        ordering = ["cohort", "learner", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "learner", "phase"], name="cohorttest_once_per_phase"),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} of {self.learner_id} in {self.cohort_id} (half {self.half})"
