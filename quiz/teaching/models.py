"""Teaching models (imported by quiz.models, so they belong to the quiz app): assignments, tests, tallies, standings."""

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


# The tallies are internal (no admin, no form): their names are not translated.


class Basis(models.TextChoices):
    """Which of the cohort's attempts a tally counts: every graded attempt, or each learner's first."""

    ALL = "all", "All attempts"
    FIRST = "first", "First attempts"


class Tally(models.Model):
    """What every tally has: the cohort, the quiz, the basis and how many (`n`); its other columns are the key.

    Tallies are the groups the item report counts (`quiz.teaching.tallies`), kept equal to a recount of
    the answers by every change that alters one; no row has n ≤ 0. Columns hold sentinels, never NULL
    (0, -1 or ""), so that the unique key, which `INSERT … ON CONFLICT` adds to, sees equal groups as equal.
    """

    cohort = models.ForeignKey("quiz.Cohort", on_delete=models.CASCADE, related_name="+", verbose_name="cohort")
    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.CASCADE, related_name="+", verbose_name="quiz")
    basis = models.CharField("basis", max_length=5, choices=Basis.choices)
    n = models.IntegerField("count")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.cohort_id}/{self.quiz_id}/{self.basis}: {self.n}"


def tally_key(name: str, *columns: str) -> models.UniqueConstraint:
    """A tally's group: cohort, quiz, basis and `columns` (its first constraint; `tallies` reads it from there)."""
    return models.UniqueConstraint(fields=["cohort", "quiz", "basis", *columns], name=name)


class AttemptTally(Tally):
    """The cohort's graded attempts at a quiz, counted by maximum score, score and percent."""

    max_score = models.SmallIntegerField("maximum score")
    score = models.SmallIntegerField("score")
    percent = models.SmallIntegerField("percent")

    class Meta:
        app_label = "quiz"
        verbose_name = "attempt tally"
        verbose_name_plural = "attempt tallies"
        constraints = [tally_key("attempttally_unique", "max_score", "score", "percent")]


class PositionTally(Tally):
    """The answers at each item position of the attempts of a given length, right (x = 1) or not: alpha by position."""

    max_score = models.SmallIntegerField("maximum score")
    position = models.SmallIntegerField("position")
    x = models.SmallIntegerField("item score")

    class Meta:
        app_label = "quiz"
        verbose_name = "position tally"
        verbose_name_plural = "position tallies"
        constraints = [tally_key("positiontally_unique", "max_score", "position", "x")]


class ItemTally(Tally):
    """The answers to one item by item score x, rest score r and what was answered (true/false: the choice and
    certainty; matching: the claim whose fact was picked, and whether it was the decoy).

    `item_key` is the statement (true/false) or claim (matching, technique); 0 when it was deleted, and then
    `orphan` holds the item's frozen wording. `text` (the picked fact) and `own_fact` (the item's fact) are
    the largest seen, as the recount's MAX: not part of the key.
    """

    item_key = models.IntegerField("statement or claim")
    orphan = models.TextField("frozen wording", blank=True)
    x = models.SmallIntegerField("item score")
    r = models.SmallIntegerField("rest score")
    choice = models.CharField("answer", max_length=24, blank=True)
    certainty = models.SmallIntegerField("certainty")
    picked_claim = models.IntegerField("claim picked")
    is_decoy = models.SmallIntegerField("decoy picked")
    is_true = models.SmallIntegerField("statement is true")
    text = models.TextField("fact picked", blank=True)
    own_fact = models.TextField("own fact", blank=True)

    class Meta:
        app_label = "quiz"
        verbose_name = "item tally"
        verbose_name_plural = "item tallies"
        constraints = [
            tally_key(
                "itemtally_unique",
                "item_key",
                "orphan",
                "x",
                "r",
                "choice",
                "certainty",
                "picked_claim",
                "is_decoy",
                "is_true",
            )
        ]


class Standing(models.Model):
    """A member's graded attempts at one quiz, made while in the cohort, as the gradebook reads them.

    One row per (membership, quiz) with at least one such attempt: how many, whether any passed, the first,
    the latest and the best (highest score, then discernment, then the latest) with their pass and
    discernment, and the sums the learner's mean discernment and bias are made of. Kept equal to a recount
    of the attempts by `quiz.teaching.standings`, in the transaction of every change that alters one.
    """

    membership = models.ForeignKey(
        "quiz.Membership", on_delete=models.CASCADE, related_name="+", verbose_name="membership"
    )
    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.CASCADE, related_name="+", verbose_name="quiz")
    attempts = models.IntegerField("attempts")
    passed = models.BooleanField("any passed")
    first_percent = models.SmallIntegerField("first score", null=True)
    first_passed = models.BooleanField("first passed")
    first_discernment = models.SmallIntegerField("first discernment", null=True)
    latest_percent = models.SmallIntegerField("latest score", null=True)
    latest_passed = models.BooleanField("latest passed")
    latest_discernment = models.SmallIntegerField("latest discernment", null=True)
    best_percent = models.SmallIntegerField("best score", null=True)
    best_discernment = models.SmallIntegerField("best discernment", null=True)
    discernment_sum = models.IntegerField("sum of discernment")
    bias_sum = models.IntegerField("sum of bias")
    discerned = models.IntegerField("attempts with a discernment")

    class Meta:
        app_label = "quiz"
        verbose_name = "standing"
        verbose_name_plural = "standings"
        constraints = [models.UniqueConstraint(fields=["membership", "quiz"], name="standing_unique")]

    def __str__(self) -> str:
        return f"{self.membership_id}/{self.quiz_id}: {self.attempts}"


class StandingSum(models.Model):
    """A cohort's standings at one quiz added up: how many members took it, and each grading method's total.

    The gradebook's footer (learners who took a quiz, the average by each method) reads one row per quiz
    instead of every member's standing. Kept equal to the sum of the standings by `quiz.teaching.standings`,
    which adds what it inserts and takes off what it deletes, in the same statement's transaction.
    """

    cohort = models.ForeignKey("quiz.Cohort", on_delete=models.CASCADE, related_name="+", verbose_name="cohort")
    quiz = models.ForeignKey("quiz.Quiz", on_delete=models.CASCADE, related_name="+", verbose_name="quiz")
    learners = models.IntegerField("members with a standing")
    first_sum = models.IntegerField("sum of first scores")
    first_count = models.IntegerField("first scores")
    latest_sum = models.IntegerField("sum of latest scores")
    latest_count = models.IntegerField("latest scores")
    best_sum = models.IntegerField("sum of best scores")
    best_count = models.IntegerField("best scores")

    class Meta:
        app_label = "quiz"
        verbose_name = "standing sum"
        verbose_name_plural = "standing sums"
        constraints = [models.UniqueConstraint(fields=["cohort", "quiz"], name="standing_sum_unique")]

    def __str__(self) -> str:
        return f"{self.cohort_id}/{self.quiz_id}: {self.learners}"
