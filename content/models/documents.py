"""The document and what it holds: a source document, its sections, claims, rebuttals, references and statements."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from content.fields import NormalisedTextField
from content.models.base import LANGUAGE_TAG, ImportTracked, PublishableQuerySet, TimeStamped
from content.versions import VersionedQuerySet


class SourceDocument(TimeStamped, ImportTracked):
    """A "claims and facts" document as its publisher released it."""

    IMPORTED_FIELDS = ("title", "intro")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, help_text=_("Who published the document, e.g. NATO.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Year of publication, shown in the attribution.")
    )
    published_on = models.DateField(
        _("published on"), null=True, blank=True, help_text=_("Exact date of publication, if known.")
    )
    url = models.URLField(_("URL"), max_length=500, blank=True, help_text=_("Where the original is published."))
    language = models.CharField(
        _("language"),
        max_length=16,
        default="en",
        validators=[LANGUAGE_TAG],
        help_text=_(
            "The language the document is written in, as a language tag (en, fr, en-GB); its text is marked "
            "up with it wherever the interface speaks another."
        ),
    )
    intro = NormalisedTextField(_("intro"), blank=True, help_text=_("The document's own introduction."))
    attribution = NormalisedTextField(
        _("attribution"),
        blank=True,
        help_text=_("Attribution note shown with the content (licence, source, changes made)."),
    )
    source_file = models.CharField(
        _("source file"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("File the content was last imported from."),
    )
    last_imported_at = models.DateTimeField(_("last imported at"), null=True, blank=True, editable=False)
    objects = VersionedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self) -> str:
        return self.title

    @property
    def citation(self) -> str:
        # Translators: the document's title quoted in its citation, e.g. “NATO-Russia relations: the facts”.
        parts = [gettext("“%(title)s”") % {"title": self.title}, self.publisher]
        if self.year:
            parts.append(str(self.year))
        return ", ".join(p for p in parts if p)


class SectionQuerySet(PublishableQuerySet):
    def with_claim_counts(self):
        return self.annotate(
            claim_count=Count("claims", distinct=True),
            published_claim_count=Count("claims", filter=Q(claims__is_published=True), distinct=True),
        )


class Section(TimeStamped, ImportTracked):
    """A heading of the document grouping claims; quizzes are made per section."""

    IMPORTED_FIELDS = ("title", "position")
    MIN_PUBLISHED_CLAIMS = 2

    document = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="sections", verbose_name=_("document")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=120, help_text=_("Used in web addresses; unique within the document.")
    )
    position = models.PositiveIntegerField(_("position"), help_text=_("Order within the document (1 comes first)."))
    intro = NormalisedTextField(_("intro"), blank=True, help_text=_("Optional introduction shown above the section."))
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Learners see published sections only. Needs at least 2 published claims."),
    )
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["document", "slug"], name="section_unique_slug"),
            models.UniqueConstraint(fields=["document", "position"], name="section_unique_position"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:section-detail", kwargs={"document_slug": self.document.slug, "slug": self.slug})


class ClaimQuerySet(PublishableQuerySet):
    def with_review_status(self):
        """Annotate what an editor needs to see: statement counts and open references."""
        approved = Q(statements__is_approved=True)
        return self.annotate(
            true_count=Count("statements", filter=approved & Q(statements__is_true=True), distinct=True),
            false_count=Count("statements", filter=approved & Q(statements__is_true=False), distinct=True),
            proposed_count=Count("statements", filter=Q(statements__is_approved=False), distinct=True),
            unresolved_reference_count=Count("references", filter=Q(references__url=""), distinct=True),
        )

    def needing_review(self):
        """Claims an editor should look at before learners rely on them."""
        approved_true = Statement.objects.filter(claim=OuterRef("pk"), is_approved=True, is_true=True)
        approved_false = Statement.objects.filter(claim=OuterRef("pk"), is_approved=True, is_true=False)
        proposed = Statement.objects.filter(claim=OuterRef("pk"), is_approved=False)
        return self.filter(
            ~Exists(approved_true)
            | ~Exists(approved_false)
            | Exists(proposed)
            | Q(rebuttal__isnull=True)
            | Q(rebuttal__summary="")
        )

    def needing_true_statement(self):
        return self.exclude(Exists(Statement.objects.filter(claim=OuterRef("pk"), is_true=True)))


class Claim(TimeStamped, ImportTracked):
    """A myth as worded in the source document."""

    IMPORTED_FIELDS = ("text", "position")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="claims", verbose_name=_("section"))
    text = NormalisedTextField(_("text"), help_text=_("The claim exactly as the source document words it."))
    slug = models.SlugField(_("slug"), max_length=120, help_text=_("Used in web addresses; unique within the section."))
    position = models.PositiveIntegerField(_("position"), help_text=_("Order within the section (1 comes first)."))
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Needs a rebuttal summary and at least one approved true and one approved false statement."),
    )
    history = HistoricalRecords()

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["section__document", "section__position", "position"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(fields=["section", "slug"], name="claim_unique_slug"),
            models.UniqueConstraint(fields=["section", "position"], name="claim_unique_position"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def get_absolute_url(self) -> str:
        section = self.section
        return reverse(
            "content:claim-detail",
            kwargs={"document_slug": section.document.slug, "section_slug": section.slug, "slug": self.slug},
        )


class Rebuttal(TimeStamped, ImportTracked):
    """The fact that answers a claim: its full text and a short summary for matching quizzes."""

    IMPORTED_FIELDS = ("summary", "body")

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="rebuttal", verbose_name=_("claim"))
    summary = NormalisedTextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences in the source's words; learners pair claims with these in matching quizzes."),
    )
    body = NormalisedTextField(
        _("body"),
        help_text=_("The full fact text. Separate paragraphs with a blank line."),
    )
    objects = VersionedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim"]
        verbose_name = _("rebuttal")
        verbose_name_plural = _("rebuttals")

    def __str__(self) -> str:
        return gettext("Rebuttal of “%(claim)s”") % {"claim": self.claim}

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class ReferenceQuerySet(VersionedQuerySet):
    def unresolved(self):
        return self.filter(url="")


class Reference(TimeStamped, ImportTracked):
    """A source cited by a claim's rebuttal. Imported links lost their address: editors attach the URL.

    It hangs off the claim (one rebuttal per claim) so editors see it on the claim's admin page.
    """

    IMPORTED_FIELDS = ("title", "anchor_text")

    claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("claim"),
        help_text=_("The claim whose rebuttal cites this source."),
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("What the source is, e.g. “Wales Summit Declaration”.")
    )
    url = models.URLField(
        _("URL"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty until the address is known; the reference then counts as unresolved."),
    )
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Date of the source, if known."))
    anchor_text = models.CharField(
        _("anchor text"),
        max_length=300,
        blank=True,
        help_text=_("The phrase in the rebuttal that pointed to this source, e.g. “(declaration here)”."),
    )
    position = models.PositiveIntegerField(_("position"), default=1)
    import_key = models.CharField(
        _("import key"),
        max_length=340,
        blank=True,
        editable=False,
        help_text=_("Which link phrase of the document the import drew it from."),
    )
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "position", "pk"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(fields=["claim", "position"], name="reference_unique_position"),
        ]

    def __str__(self) -> str:
        return self.title


class StatementQuerySet(VersionedQuerySet):
    def approved(self):
        return self.filter(is_approved=True)


class Statement(TimeStamped, ImportTracked):
    """A true or false sentence for true/false quizzes, with the explanation shown after answering."""

    IMPORTED_FIELDS = ("text", "is_true", "explanation")

    class Origin(models.TextChoices):
        GENERATED = "generated", _("Proposed by the import")
        EDITOR = "editor", _("Written by an editor")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="statements", verbose_name=_("claim"))
    text = NormalisedTextField(_("text"), help_text=_("Must make sense on its own, without the rest of the document."))
    is_true = models.BooleanField(
        _("true"), help_text=_("Ticked: the statement is a fact. Unticked: it is a myth (usually the claim itself).")
    )
    explanation = NormalisedTextField(
        _("explanation"),
        blank=True,
        help_text=_("Shown to the learner after answering. Defaults to the rebuttal summary."),
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    import_key = models.CharField(
        _("import key"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("Which part of the document the import drew it from."),
    )
    is_approved = models.BooleanField(
        _("approved"),
        default=False,
        help_text=_("Only approved statements appear in quizzes. Approve after checking it reads well on its own."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "-is_true", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(fields=["claim", "text"], name="statement_unique_text"),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 70 else self.text[:69] + "…"
        if self.is_true:
            return gettext("True: %(text)s") % {"text": text}
        return gettext("False: %(text)s") % {"text": text}
