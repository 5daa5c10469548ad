"""Attempts: a learner's go at a quiz, a review or a test, with what it copied, and its title read back."""

import functools
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, gettext_noop, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from content.languages import content_languages
from quiz import scoring
from quiz.models.quizzes import Quiz

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
    # Set by spaced review (`reviews.services.mark_in_cards`) once the attempt is finished and every answer it
    # holds has moved its review card: the check for answers still to take then skips it (a partial index).
    in_cards = models.BooleanField(
        _("in review cards"),
        default=False,
        help_text=_("Finished, and every answer has moved its review card."),
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
            # The attempts that may hold answers review cards have not taken: open ones, and finished ones not
            # yet marked `in_cards` (a handful per learner, however long their history).
            models.Index(fields=["learner"], condition=Q(in_cards=False), name="attempt_cards_pending"),
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

    @property
    def heading_parts(self) -> dict[str, str]:
        """A quiz attempt's stored title read back (no query), in whichever of the site's languages it was made:
        {"section": name} for a section's quiz ("<section>: <kind>"), {"document": title} for a quiz across a
        document ("All of “<document>”: <kind>"); empty for a review, a test, or a title that is neither."""
        return dict(_heading_parts(self.kind, self.title))

    @property
    def heading(self) -> str:
        """The attempt's title for its pages, in the reader's language.

        The title is stored in the language its learner had when the attempt started ("Review", "Extra practice",
        "Pre-test: <cohort>", "<section>: True or false"), so its interface words are worked out again from the
        kind, and the names in it (the cohort's, the section's, as stored) read back from the title: no query. A
        title that cannot be read back is shown as stored. Worked out once per kind, title and language
        by each process (`_heading`).
        """
        return _heading(self.kind, self.title, translation.get_language())

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


@functools.lru_cache(maxsize=4096)
def _heading_parts(kind: str, title: str) -> dict[str, str]:
    """`Attempt.heading_parts` of an attempt of this kind and title, kept by the process (titles repeat)."""
    if kind not in Quiz.Kind.values:
        return {}
    label = Quiz.Kind(kind).label
    name = _read_back(title, lambda part: gettext("%(section)s: %(kind)s") % {"section": part, "kind": label})
    if name is None:
        return {}
    document = _read_back(name, lambda part: gettext("All of “%(title)s”") % {"title": part})
    return {"section": name} if document is None else {"document": document}


@functools.lru_cache(maxsize=4096)
def _heading(kind: str, title: str, language: str | None) -> str:
    """`Attempt.heading` of an attempt of this kind and title in `language`, the active one (the key only)."""
    if kind == Attempt.Kind.REVIEW:
        if title in _in_each_language(lambda: gettext("Extra practice")):
            return gettext("Extra practice")
        return pgettext("noun", "Review")
    if kind in (Attempt.Kind.PRE_TEST, Attempt.Kind.POST_TEST):
        if kind == Attempt.Kind.PRE_TEST:
            message = gettext_noop("Pre-test: %(cohort)s")
        else:
            message = gettext_noop("Post-test: %(cohort)s")
        cohort = _read_back(title, lambda part: gettext(message) % {"cohort": part})
        return title if cohort is None else gettext(message) % {"cohort": cohort}
    parts = _heading_parts(kind, title)
    if "document" in parts:
        parts = {"section": gettext("All of “%(title)s”") % {"title": parts["document"]}}
    if "section" not in parts:
        return title
    return gettext("%(section)s: %(kind)s") % {"section": parts["section"], "kind": Attempt.Kind(kind).label}
