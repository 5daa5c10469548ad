"""Quiz models: a section's quizzes, learners' attempts, and the frozen items each attempt showed."""

import secrets
import uuid
from functools import cached_property

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from content.languages import content_languages
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
from content.versions import VersionedQuerySet
from quiz import scoring


class QuizQuerySet(VersionedQuerySet):
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
        TRUE_FALSE = "true_false", _("True or false")
        MATCHING = "matching", _("Match the rebuttal")
        TECHNIQUE = "technique", _("Spot the technique")

    class Feedback(models.TextChoices):
        EACH_ITEM = "each_item", _("After each item")
        AT_END = "at_end", _("At the end")

    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        related_name="quizzes",
        blank=True,
        verbose_name=_("section"),
        help_text=_(
            "Deleting the section keeps the quiz and its attempts, but learners no longer see it. "
            "Empty for a technique quiz across the whole document."
        ),
    )
    document = models.ForeignKey(
        SourceDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="document_quizzes",
        verbose_name=_("document"),
        help_text=_("Set (with no section) for a technique quiz across every section of the document."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    item_count = models.PositiveSmallIntegerField(
        _("number of items"),
        default=8,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=_(
            "True/false: statements per attempt. Matching: claims to pair per attempt. "
            "A section with fewer uses all it has."
        ),
    )
    matching_set_size = models.PositiveSmallIntegerField(
        _("claims per set"),
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(8)],
        help_text=_(
            "Matching only: claims shown together in one set (2–8). "
            "Each set also lists one decoy fact: from a claim of the same section that the set does not hold, "
            "or from another section when there is none to spare."
        ),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The score, in percent, a learner needs to pass."),
    )
    min_discernment = models.PositiveSmallIntegerField(
        _("discernment to pass"),
        default=40,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "True/false only: the discernment (true statements called true, minus false ones called "
            "true, in points from −100 to +100) a learner also needs to pass. Answering “false” to everything "
            "scores 0, so any value above 0 stops blanket doubt from passing. With as many true as false "
            "statements, discernment D matches a score of 50 + D/2 % (40 is 70 %); it matters most when the "
            "pass mark is lower or the counts are uneven. 0 turns the rule off."
        ),
    )
    feedback = models.CharField(
        _("feedback"),
        max_length=10,
        choices=Feedback.choices,
        default=Feedback.EACH_ITEM,
        help_text=_("When learners see whether they were right, and the fact that answers the claim."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_(
            "Leave empty for no time limit. When set, answers after the limit are refused "
            "and the attempt ends by itself."
        ),
    )
    example_count = models.PositiveSmallIntegerField(
        _("transfer examples"),
        default=2,
        validators=[MaxValueValidator(20)],
        help_text=_(
            "Technique quizzes only: how many of the items are invented examples (not claims of the "
            "document), so learners practise on statements they have not memorised. 0 for claims only."
        ),
    )
    asks_certainty = models.BooleanField(
        _("ask how sure"),
        default=True,
        help_text=_(
            "Learners say with each answer how sure they are (low, medium or high) and earn "
            "certainty-based marks: +1/0, +2/−2, +3/−6 for right/wrong. Untick to ask for answers only."
        ),
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Learners see published quizzes of published sections only.")
    )
    history = HistoricalRecords()

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
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
            # Translators: a quiz across a whole document, named after it.
            section = gettext("All of “%(title)s”") % {"title": self.document.title}
        else:
            section = gettext("(deleted section)")
        # Translators: a quiz's name: its section, then its kind ("Collective defence: True or false").
        return gettext("%(section)s: %(kind)s") % {"section": section, "kind": self.get_kind_display()}

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


_MARK = "\x00"  # stands for the part to read back; never in a title


def _in_each_language(render) -> set[str]:
    """What ``render()`` (a function that translates) gives in each of the site's languages."""
    texts = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.add(str(render()))
    return texts


def _read_back(text: str, render) -> str | None:
    """The part of ``text`` that ``render(part)`` (a function that translates and fills in a message) put in it,
    were ``text`` made in one of the site's languages: "Spring group" from "Test initial : Spring group" and
    ``lambda part: gettext("Pre-test: %(cohort)s") % {"cohort": part}``. None when no language made it."""
    for made in _in_each_language(lambda: render(_MARK)):
        before, mark, after = made.partition(_MARK)
        if mark and len(text) > len(before) + len(after) and text.startswith(before) and text.endswith(after):
            return text[len(before) : len(text) - len(after)]
    return None


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
        REVIEW = "review", pgettext_lazy("noun", "Review")
        PRE_TEST = "pre_test", _("Pre-test")
        POST_TEST = "post_test", _("Post-test")

    class FinishReason(models.TextChoices):
        COMPLETED = "completed", _("All items answered")
        ENDED_EARLY = "ended_early", _("Finished early")
        TIME_UP = "time_up", _("Time ran out")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(
        Quiz,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("quiz"),
        help_text=_("None for a review."),
    )
    learner = models.ForeignKey(  # no index of its own: the indexes below start with the learner
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attempts",
        db_index=False,
        verbose_name=_("learner"),
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("The quiz's name when the attempt started."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    feedback = models.CharField(_("feedback"), max_length=10, choices=Quiz.Feedback.choices)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    # Plain SmallIntegerFields here and on AttemptItem: a positive field's CHECK would make adding the
    # column scan the whole table under lock on PostgreSQL; the values come from validated quiz settings.
    min_discernment = models.SmallIntegerField(
        _("discernment to pass"),
        default=0,
        help_text=_("The quiz's discernment to pass when the attempt started (true/false only)."),
    )
    asks_certainty = models.BooleanField(
        _("ask how sure"), default=False, help_text=_("Whether the quiz asked how sure, when it started.")
    )
    seed = models.BigIntegerField(
        _("seed"), help_text=_("Seed of the random choices, so the attempt can be reproduced.")
    )
    is_practice = models.BooleanField(
        _("practice"), default=False, help_text=_("Practice of missed items, or a review: not counted in scores.")
    )
    practice_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_attempts",
        verbose_name=_("practice of"),
    )
    step_count = models.PositiveSmallIntegerField(
        _("steps"), help_text=_("Screens in the attempt (a matching set is one).")
    )
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), help_text=_("One point per statement or per pair.")
    )
    # Matching sets' options, frozen: {"<step>": [{"token", "letter", "text", "claim_id", "is_decoy"}, ...]}.
    options = models.JSONField(_("options"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finish_reason = models.CharField(_("finish reason"), max_length=12, choices=FinishReason.choices, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(_("percent"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    # True/false only, set on finishing: hit rate on true statements minus false-alarm rate on false
    # ones, and the lean towards "true" (+) or "false" (−), both in points from −100 to +100.
    discernment = models.SmallIntegerField(_("discernment"), null=True, blank=True)
    bias = models.SmallIntegerField(_("bias"), null=True, blank=True)
    certainty_marks = models.SmallIntegerField(
        _("certainty-based mark"),
        null=True,
        blank=True,
        help_text=_("Sum of the certainty-based marks, when the quiz asked how sure."),
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
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
            # Also covers the gradebook's and the dashboard's reads of a learner's attempts as a member (from
            # joined_at on): every column they read is in it, so no table row is fetched.
            models.Index(
                fields=[
                    *("learner", "started_at", "quiz", "finished_at"),
                    *("is_practice", "percent", "passed", "discernment"),
                ],
                name="attempt_learner_started_cover",
            ),
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
            return pgettext("noun", "Review")
        if self.is_test:
            return pgettext("noun", "Test")
        return pgettext("noun", "Practice") if self.is_practice else ""

    @cached_property
    def heading_parts(self) -> dict[str, str]:
        """A quiz attempt's stored title read back (no query), in whichever of the site's languages it was made:
        {"section": name} for a section's quiz ("<section>: <kind>"), {"document": title} for a quiz across a
        document ("All of “<document>”: <kind>"); empty for a review, a test, or a title that is neither."""
        if self.kind not in Quiz.Kind.values:
            return {}
        kind = Quiz.Kind(self.kind)
        name = _read_back(
            self.title, lambda part: gettext("%(section)s: %(kind)s") % {"section": part, "kind": kind.label}
        )
        if name is None:
            return {}
        document = _read_back(name, lambda part: gettext("All of “%(title)s”") % {"title": part})
        return {"section": name} if document is None else {"document": document}

    @property
    def heading(self) -> str:
        """The attempt's title for its pages, in the reader's language.

        The title is stored in the language its learner had when the attempt started ("Review", "Extra practice",
        "Pre-test: <cohort>", "<section>: True or false"), so its interface words are worked out again from the
        kind, and the names in it (the cohort's, the section's, as stored) read back from the title: no query. A
        title that cannot be read back is shown as stored. Worked out once per language for this instance.
        """
        language = translation.get_language()
        known = self.__dict__.setdefault("_headings", {})
        if language not in known:
            known[language] = self._heading()
        return known[language]

    def _heading(self) -> str:
        if self.is_review:
            if self.title in _in_each_language(lambda: gettext("Extra practice")):
                return gettext("Extra practice")
            return pgettext("noun", "Review")
        if self.is_test:
            if self.kind == self.Kind.PRE_TEST:
                message = gettext_noop("Pre-test: %(cohort)s")
            else:
                message = gettext_noop("Post-test: %(cohort)s")
            cohort = _read_back(self.title, lambda part: gettext(message) % {"cohort": part})
            return self.title if cohort is None else gettext(message) % {"cohort": cohort}
        parts = self.heading_parts
        if "document" in parts:
            parts = {"section": gettext("All of “%(title)s”") % {"title": parts["document"]}}
        if "section" not in parts:
            return self.title
        return gettext("%(section)s: %(kind)s") % {"section": parts["section"], "kind": self.get_kind_display()}

    @property
    def heading_language(self) -> str:
        """The language tag of the content in `heading`, for `content_lang`: none (the reader's own) for a review
        or a test; for a quiz attempt, its document's when the quiz was read with the attempt, else
        CONTENT_LANGUAGE (never a query)."""
        if self.is_review or self.is_test:
            return translation.get_language() or settings.LANGUAGE_CODE
        if self.quiz_id is not None and Attempt.quiz.is_cached(self):
            return content_languages().of(self.quiz)
        return settings.CONTENT_LANGUAGE

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
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="items", db_index=False, verbose_name=_("attempt")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    step = models.PositiveSmallIntegerField(
        _("step"), help_text=_("The screen it appears on; a matching set shares one.")
    )
    token = models.CharField(_("token"), max_length=24)
    statement = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("statement")
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("claim")
    )
    prompt = models.TextField(_("prompt"), help_text=_("What the learner judged: the statement, or the claim to pair."))
    claim_text = models.TextField(_("claim text"), help_text=_("The claim the item is about."))
    rebuttal_summary = models.TextField(_("rebuttal summary"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    statement_is_true = models.BooleanField(
        _("statement is true"), null=True, blank=True, help_text=_("True/false items only.")
    )
    # Technique items: the technique that is the right answer, and the transfer example when the item is one;
    # test items: the held-out item. No index of their own (as the attempt's): an index on `technique` led
    # PostgreSQL to read it for "technique IS NULL" in the review cards' sync, and every index costs writes.
    technique = models.ForeignKey(
        Technique,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("technique"),
    )
    example = models.ForeignKey(
        TechniqueExample,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("technique example"),
    )
    held_out = models.ForeignKey(
        HeldOutItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("held-out test item"),
    )
    correct_choice = models.CharField(
        _("right answer"), max_length=24, help_text=_("“true”, “false”, or the token of the right fact.")
    )
    choice = models.CharField(_("answer"), max_length=24, blank=True)
    certainty = models.SmallIntegerField(
        _("certainty"),
        choices=scoring.Certainty.choices,
        null=True,
        blank=True,
        help_text=_("How sure the learner said they were."),
    )
    is_correct = models.BooleanField(_("correct"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    seconds_taken = models.PositiveIntegerField(_("seconds taken"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt item")
        verbose_name_plural = _("attempt items")
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


from quiz.teaching.models import Assignment, CohortTest  # noqa: E402, F401  (quiz models beside the teaching code)
