"""Manipulation techniques: their families, the techniques, the ones each claim uses, and transfer examples."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from content.fields import NormalisedTextField
from content.models.base import PublishableQuerySet, TimeStamped
from content.models.documents import Claim
from content.versions import VersionedQuerySet


class TechniqueFamily(TimeStamped):
    """A taxonomy of manipulation techniques, with where it comes from (shown on the library's techniques page)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    origin = NormalisedTextField(
        _("origin"), help_text=_("Who described the family, and where: the citation learners see.")
    )
    note = NormalisedTextField(_("note"), blank=True, help_text=_("One or two sentences on what the family is."))
    position = models.PositiveIntegerField(_("position"), default=1)
    objects = VersionedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("technique family")
        verbose_name_plural = _("technique families")

    def __str__(self) -> str:
        return self.name


class Technique(TimeStamped):
    """A way a claim manipulates (Nimmo's 4D, a fallacy): what it is, how to spot it, an example not from the seed."""

    family = models.ForeignKey(
        TechniqueFamily, on_delete=models.PROTECT, related_name="techniques", verbose_name=_("family")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    definition = NormalisedTextField(_("definition"), help_text=_("One sentence."))
    cues = NormalisedTextField(_("cues"), help_text=_("How to spot it: 2–4 short cues, one per line."))
    example = NormalisedTextField(
        _("example"),
        help_text=_(
            "A short worked example that is not from the document: an invented statement and how it uses the technique."
        ),
    )
    position = models.PositiveIntegerField(
        _("position"), help_text=_("Order on the techniques page and in quizzes' option lists.")
    )
    objects = VersionedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["family__position", "position", "name"]
        verbose_name = _("technique")
        verbose_name_plural = _("techniques")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("content:techniques") + f"#{self.slug}"

    @property
    def cue_list(self) -> list[str]:
        return [line.strip(" •-") for line in self.cues.splitlines() if line.strip(" •-")]


class ClaimTechnique(TimeStamped):
    """A technique a claim uses: one primary per claim, one or two secondary at most, each with why."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")

    MAX_SECONDARY = 2

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="technique_tags", verbose_name=_("claim"))
    technique = models.ForeignKey(
        Technique, on_delete=models.PROTECT, related_name="claim_tags", verbose_name=_("technique")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PRIMARY)
    rationale = NormalisedTextField(
        _("rationale"),
        help_text=_(
            "One or two sentences: how this wording uses the technique, e.g. “It recasts talks about German "
            "reunification as a pledge about all of Eastern Europe.”"
        ),
    )
    objects = VersionedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "role", "technique__position"]
        verbose_name = _("technique of a claim")
        verbose_name_plural = _("techniques of claims")
        constraints = [
            models.UniqueConstraint(fields=["claim", "technique"], name="claimtechnique_unique"),
            models.UniqueConstraint(
                fields=["claim"], condition=Q(role="primary"), name="claimtechnique_one_primary_per_claim"
            ),
        ]

    def __str__(self) -> str:
        if self.role == self.Role.PRIMARY:
            template = gettext("%(technique)s (primary) in “%(claim)s”")
        else:
            template = gettext("%(technique)s (secondary) in “%(claim)s”")
        return template % {"technique": self.technique, "claim": self.claim}


class TechniqueExampleQuerySet(PublishableQuerySet):
    pass


class TechniqueExample(TimeStamped):
    """A transfer item: a short invented statement, not from any document, that mainly uses one technique.

    Technique quizzes mix these in so learners practise on claims they have not memorised.
    """

    technique = models.ForeignKey(
        Technique, on_delete=models.PROTECT, related_name="examples", verbose_name=_("technique")
    )
    text = NormalisedTextField(
        _("text"), help_text=_("The invented statement, as a quotation. Marked to learners as an example.")
    )
    explanation = NormalisedTextField(
        _("explanation"), help_text=_("Shown after answering: how the statement uses the technique.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveIntegerField(_("position"), default=1)
    history = HistoricalRecords()

    objects = TechniqueExampleQuerySet.as_manager()

    class Meta:
        ordering = ["technique__position", "position", "pk"]
        verbose_name = _("technique example")
        verbose_name_plural = _("technique examples")
        constraints = [models.UniqueConstraint(fields=["text"], name="techniqueexample_unique_text")]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"
