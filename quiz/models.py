"""Quiz models: a section's quizzes, learners' attempts, and the frozen items each attempt showed."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from content.models import (
    Claim,
    ClaimTechnique,
    HeldOutItem,
    Section,
    SourceDocument,
    Statement,
    Technique,
    TechniqueExample,
)
from quiz import scoring


class QuizQuerySet(models.QuerySet):
    def published(self):
        """Published quizzes learners can open: of a published section, or across a document that has one."""
        document_visible = Section.objects.published().filter(document=models.OuterRef("document"))
        across_document = Q(section__isnull=True, document__isnull=False) & models.Exists(document_visible)
        return self.filter(is_published=True).filter(Q(section__is_published=True) | across_document)

    def with_content(self):
        """Published quizzes whose content can make them: technique quizzes only once claims are tagged.

        What instructors see as columns and can assign; an untagged section's technique quiz would only be
        an empty column.
        """
        tagged = ClaimTechnique.objects.filter(role="primary", claim__is_published=True)
        in_section = tagged.filter(claim__section=models.OuterRef("section"))
        in_document = tagged.filter(
            claim__section__is_published=True, claim__section__document=models.OuterRef("document")
        )
        return self.published().filter(
            ~Q(kind=Quiz.Kind.TECHNIQUE)
            | models.Exists(in_section)
            | Q(section__isnull=True) & models.Exists(in_document)
        )


class Quiz(models.Model):
    """One quiz of a section, or a technique quiz across a whole document.

    Every section gets a true/false, a matching and a "spot the technique" quiz when it is created;
    every document one technique quiz across all its sections (`document` set, no section).
    """

    class Kind(models.TextChoices):
        TRUE_FALSE = "true_false", "True or false"
        MATCHING = "matching", "Match the rebuttal"
        TECHNIQUE = "technique", "Spot the technique"

    class Feedback(models.TextChoices):
        EACH_ITEM = "each_item", "After each item"
        AT_END = "at_end", "At the end"

    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        related_name="quizzes",
        blank=True,
        help_text="Deleting the section keeps the quiz and its attempts, but learners no longer see it. "
        "Empty for a technique quiz across the whole document.",
    )
    document = models.ForeignKey(
        SourceDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_quizzes",
        help_text="Set (with no section) for a technique quiz across every section of the document.",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    item_count = models.PositiveSmallIntegerField(
        "number of items",
        default=8,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text="True/false: statements per attempt. Matching: claims to pair per attempt. "
        "A section with fewer uses all it has.",
    )
    matching_set_size = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(8)],
        help_text="Matching only: claims shown together in one set (2–8). "
        "Each set also lists one decoy fact: from a claim of the same section that the set does not hold, "
        "or from another section when there is none to spare.",
    )
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)",
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The score, in percent, a learner needs to pass.",
    )
    min_discernment = models.PositiveSmallIntegerField(
        "discernment to pass",
        default=40,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="True/false only: the discernment (true statements called true, minus false ones called "
        "true, in points from −100 to +100) a learner also needs to pass. Answering “false” to everything "
        "scores 0, so any value above 0 stops blanket doubt from passing. With as many true as false "
        "statements, discernment D matches a score of 50 + D/2 % (40 is 70 %); it matters most when the "
        "pass mark is lower or the counts are uneven. 0 turns the rule off.",
    )
    feedback = models.CharField(
        max_length=10,
        choices=Feedback.choices,
        default=Feedback.EACH_ITEM,
        help_text="When learners see whether they were right, and the fact that answers the claim.",
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        "time limit (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="Leave empty for no time limit. When set, answers after the limit are refused "
        "and the attempt ends by itself.",
    )
    example_count = models.PositiveSmallIntegerField(
        "transfer examples",
        default=2,
        validators=[MaxValueValidator(20)],
        help_text="Technique quizzes only: how many of the items are invented examples (not claims of the "
        "document), so learners practise on statements they have not memorised. 0 for claims only.",
    )
    asks_certainty = models.BooleanField(
        "ask how sure",
        default=True,
        help_text="Learners say with each answer how sure they are (low, medium or high) and earn "
        "certainty-based marks: +1/0, +2/−2, +3/−6 for right/wrong. Untick to ask for answers only.",
    )
    is_published = models.BooleanField(
        "published", default=True, help_text="Learners see published quizzes of published sections only."
    )
    history = HistoricalRecords()

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "quizzes"
        ordering = ["section__document", "section__position", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["section", "kind"], name="quiz_unique_kind_per_section"),
            models.UniqueConstraint(
                fields=["document", "kind"],
                condition=Q(section__isnull=True, document__isnull=False),
                name="quiz_unique_kind_per_document",
            ),
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="quiz_pass_mark_max_100"),
            models.CheckConstraint(condition=Q(item_count__gte=2), name="quiz_at_least_2_items"),
            models.CheckConstraint(condition=Q(matching_set_size__gte=2), name="quiz_set_size_at_least_2"),
        ]

    def __str__(self) -> str:
        if self.section_id:
            section = self.section.title
        elif self.document_id:
            section = f"All of “{self.document.title}”"
        else:
            section = "(deleted section)"
        return f"{section}: {self.get_kind_display()}"

    @property
    def is_matching(self) -> bool:
        return self.kind == self.Kind.MATCHING

    @property
    def is_technique(self) -> bool:
        return self.kind == self.Kind.TECHNIQUE

    @property
    def is_true_false(self) -> bool:
        return self.kind == self.Kind.TRUE_FALSE

    @property
    def is_document_wide(self) -> bool:
        return self.section_id is None and self.document_id is not None

    @property
    def is_listed(self) -> bool:
        """Whether learners can open its page, as `Quiz.objects.published()` selects (reads the section)."""
        if self.section_id is None and self.document_id is not None:
            return self.is_published and Section.objects.published().filter(document_id=self.document_id).exists()
        return self.is_published and self.section is not None and self.section.is_published


class AttemptQuerySet(models.QuerySet):
    def open(self):
        return self.filter(finished_at__isnull=True)

    def finished(self):
        return self.filter(finished_at__isnull=False)

    def graded(self):
        """Attempts that count towards scores: finished, not practice."""
        return self.filter(finished_at__isnull=False, is_practice=False)


class Attempt(models.Model):
    """A learner's go at a quiz, or a review session. It copies what it needs so later edits never change it.

    A review (kind "review") belongs to no quiz: it mixes true/false statements and matching sets of the
    claims due for the learner across every section, so what a step asks is read from the step itself
    (`step_is_matching`). Reviews are practice: they never count towards scores.
    """

    class Kind(models.TextChoices):
        TRUE_FALSE = Quiz.Kind.TRUE_FALSE.value, Quiz.Kind.TRUE_FALSE.label
        MATCHING = Quiz.Kind.MATCHING.value, Quiz.Kind.MATCHING.label
        TECHNIQUE = Quiz.Kind.TECHNIQUE.value, Quiz.Kind.TECHNIQUE.label
        REVIEW = "review", "Review"
        PRE_TEST = "pre_test", "Pre-test"
        POST_TEST = "post_test", "Post-test"

    class FinishReason(models.TextChoices):
        COMPLETED = "completed", "All items answered"
        ENDED_EARLY = "ended_early", "Finished early"
        TIME_UP = "time_up", "Time ran out"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(
        Quiz, on_delete=models.PROTECT, null=True, blank=True, related_name="attempts", help_text="None for a review."
    )
    learner = models.ForeignKey(  # no index of its own: the indexes below start with the learner
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts", db_index=False
    )
    title = models.CharField(max_length=300, help_text="The quiz's name when the attempt started.")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    feedback = models.CharField(max_length=10, choices=Quiz.Feedback.choices)
    pass_mark = models.PositiveSmallIntegerField()
    # Plain SmallIntegerFields here and on AttemptItem: a positive field's CHECK would make adding the
    # column scan the whole table under lock on PostgreSQL; the values come from validated quiz settings.
    min_discernment = models.SmallIntegerField(
        default=0, help_text="The quiz's discernment to pass when the attempt started (true/false only)."
    )
    asks_certainty = models.BooleanField(default=False, help_text="Whether the quiz asked how sure, when it started.")
    seed = models.BigIntegerField(help_text="Seed of the random choices, so the attempt can be reproduced.")
    is_practice = models.BooleanField(
        default=False, help_text="Practice of missed items, or a review: not counted in scores."
    )
    practice_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="practice_attempts"
    )
    step_count = models.PositiveSmallIntegerField(help_text="Screens in the attempt (a matching set is one).")
    max_score = models.PositiveSmallIntegerField(help_text="One point per statement or per pair.")
    # Matching sets' options, frozen: {"<step>": [{"token", "letter", "text", "claim_id", "is_decoy"}, ...]}.
    options = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finish_reason = models.CharField(max_length=12, choices=FinishReason.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    # True/false only, set on finishing: hit rate on true statements minus false-alarm rate on false
    # ones, and the lean towards "true" (+) or "false" (−), both in points from −100 to +100.
    discernment = models.SmallIntegerField(null=True, blank=True)
    bias = models.SmallIntegerField(null=True, blank=True)
    certainty_marks = models.SmallIntegerField(
        null=True, blank=True, help_text="Sum of the certainty-based marks, when the quiz asked how sure."
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "quiz", "is_practice"],
                condition=Q(finished_at__isnull=True),
                name="attempt_one_open_per_learner_and_quiz",
            ),
            models.UniqueConstraint(
                fields=["learner"],
                condition=Q(finished_at__isnull=True, kind="review"),
                name="attempt_one_open_review_per_learner",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(score__isnull=False, percent__isnull=False),
                name="attempt_finished_has_score",
            ),
        ]
        indexes = [
            models.Index(fields=["learner", "quiz", "finished_at"], name="attempt_learner_quiz"),
            models.Index(fields=["learner", "started_at"], name="attempt_learner_started"),
            models.Index(fields=["learner", "finished_at"], name="attempt_learner_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.learner} — {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def is_matching(self) -> bool:
        return self.kind == Quiz.Kind.MATCHING

    @property
    def is_review(self) -> bool:
        return self.kind == self.Kind.REVIEW

    @property
    def is_test(self) -> bool:
        """A cohort's pre-test or post-test on held-out items."""
        return self.kind in (self.Kind.PRE_TEST, self.Kind.POST_TEST)

    @property
    def is_technique(self) -> bool:
        return self.kind == self.Kind.TECHNIQUE

    @property
    def purpose(self) -> str:
        """ "Review", "Test", "Practice" or "" (a graded attempt): what the dashboard and the pages label it."""
        if self.is_review:
            return "Review"
        if self.is_test:
            return "Test"
        return "Practice" if self.is_practice else ""

    def step_is_matching(self, step: int) -> bool:
        """Whether the step has options to choose from (facts of a matching set, or techniques) rather than
        being one statement to call true or false: its answers are option tokens."""
        return bool(self.options.get(str(step)))

    def step_is_technique(self, step: int) -> bool:
        """Whether the step asks which technique a statement mainly uses (its options are techniques)."""
        options = self.options.get(str(step))
        return bool(options) and options[0].get("technique_id") is not None

    @property
    def feedback_each_item(self) -> bool:
        return self.feedback == Quiz.Feedback.EACH_ITEM

    def is_expired(self, now) -> bool:
        return self.deadline is not None and now >= self.deadline

    @property
    def is_listed(self) -> bool:
        """Whether learners can still open this attempt's quiz page (read with the step, or from the quiz)."""
        if self.quiz_id is None:
            return False  # a review has no quiz page; its pages lead back to the review page instead
        listed = self.__dict__.get("quiz_listed")
        return self.quiz.is_listed if listed is None else listed

    @property
    def bias_words(self) -> str:
        """The learner's lean towards "true" or "false" in plain words ("" when there is none to speak of)."""
        return scoring.bias_words(self.bias)

    @property
    def bias_label(self) -> str:
        """The same lean, described for an instructor."""
        return scoring.bias_label(self.bias)

    def options_for(self, step: int) -> list[dict]:
        return self.options.get(str(step), [])


class AttemptItem(models.Model):
    """One scored item of an attempt, frozen when the attempt started: a statement, or one claim of a matching set.

    ``token`` is random, so what the browser sees says nothing about the answer. ``is_correct`` stays
    empty until the item is answered; finishing the attempt marks unanswered items wrong, which also
    closes them to late answers.
    """

    # No index of its own: every index below starts with the attempt (an index less to update per answer).
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items", db_index=False)
    position = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField(help_text="The screen it appears on; a matching set shares one.")
    token = models.CharField(max_length=24)
    statement = models.ForeignKey(Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    prompt = models.TextField(help_text="What the learner judged: the statement, or the claim to pair.")
    claim_text = models.TextField(help_text="The claim the item is about.")
    rebuttal_summary = models.TextField(blank=True)
    explanation = models.TextField(blank=True)
    statement_is_true = models.BooleanField(null=True, blank=True, help_text="True/false items only.")
    # Technique items: the technique that is the right answer, and the transfer example when the item is one;
    # test items: the held-out item. No index of their own (as the attempt's): an index on `technique` led
    # PostgreSQL to read it for "technique IS NULL" in the review cards' sync, and every index costs writes.
    technique = models.ForeignKey(
        Technique, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    example = models.ForeignKey(
        TechniqueExample, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    held_out = models.ForeignKey(
        HeldOutItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    correct_choice = models.CharField(max_length=24, help_text="“true”, “false”, or the token of the right fact.")
    choice = models.CharField(max_length=24, blank=True)
    certainty = models.SmallIntegerField(
        choices=scoring.Certainty.choices, null=True, blank=True, help_text="How sure the learner said they were."
    )
    is_correct = models.BooleanField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    seconds_taken = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attemptitem_unique_position"),
            models.UniqueConstraint(fields=["attempt", "token"], name="attemptitem_unique_token"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | (~Q(choice="") & Q(is_correct__isnull=False)),
                name="attemptitem_answer_is_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["attempt", "step"], name="attemptitem_step"),
            # Covers item analysis: per attempt, which statement or claim, and whether it was right.
            models.Index(fields=["attempt", "statement", "claim", "is_correct"], name="attemptitem_analysis"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"

    @property
    def certainty_name(self) -> str:
        """ "low", "medium" or "high" (no certainty given counts as low)."""
        return scoring.certainty_name(self.certainty)

    @property
    def certainty_mark(self) -> int:
        return scoring.mark(certainty=self.certainty, is_correct=bool(self.is_correct))

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class Cohort(models.Model):
    """A group of learners an instructor teaches; learners join it with its code."""

    name = models.CharField(max_length=120, help_text="For example “Spring 2027, Tuesday group”.")
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohorts_taught")
    join_code = models.CharField(max_length=8, unique=True, default=new_join_code)
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="cohorts", blank=True
    )
    co_instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="cohorts_co_taught",
        blank=True,
        help_text="Instructors who see the cohort's reports as the owner does, without managing it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    time_zone = models.CharField(
        max_length=64, default="UTC", help_text="Where the cohort meets: due dates are entered in this time zone."
    )
    tests_enabled = models.BooleanField(
        "pre- and post-test",
        default=False,
        help_text="Learners take a short pre-test before their first quiz, and a post-test later, on items "
        "they never practise: the cohort's learning gain.",
    )
    post_test_opens_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: learners open the post-test when they choose, after the pre-test."
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instructor", "name"], name="cohort_unique_name_per_instructor"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(
        default=timezone.now, help_text="Instructors see only attempts the learner started from then on."
    )

    class Meta:
        ordering = ["cohort", "learner"]
        constraints = [models.UniqueConstraint(fields=["cohort", "learner"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.learner} in {self.cohort}"


from quiz.teaching.models import Assignment, CohortTest  # noqa: E402, F401  (quiz models beside the teaching code)
