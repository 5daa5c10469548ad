"""Quizzes: a section's true/false, matching and technique quizzes, or a technique quiz across a document."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from content.models import (
    ClaimTechnique,
    Section,
    SourceDocument,
)
from content.versions import VersionedQuerySet


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
