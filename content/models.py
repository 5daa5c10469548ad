"""Content models: a source document, its sections, claims, rebuttals, references and statements."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from content.fields import NormalisedTextField
from content.versions import ContentVersion, VersionedQuerySet  # noqa: F401 (ContentVersion: a model of this app)

# A BCP 47 language tag as HTML's lang attribute takes it: "en", "fr", "en-GB", "pt-BR".
LANGUAGE_TAG = RegexValidator(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", _("Enter a language tag such as en, fr or en-GB.")
)


class TimeStamped(models.Model):
    """Creation and last-change times for every content row."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ImportTracked(models.Model):
    """Remembers what the importer last wrote, so a re-import can tell an editor's change from its own.

    ``import_digest`` is the digest of the imported fields as the importer last wrote them.
    Empty means the row was written by an editor (or loaded from a reviewed export): the
    importer then leaves it alone unless forced.
    """

    IMPORTED_FIELDS: tuple[str, ...] = ()

    import_digest = models.CharField(_("import digest"), max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def imported_values(self) -> dict:
        return {name: getattr(self, name) for name in self.IMPORTED_FIELDS}


class PublishableQuerySet(VersionedQuerySet):
    def published(self):
        return self.filter(is_published=True)


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


# --- Manipulation techniques -------------------------------------------------------------------------


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


# --- The held-out test pool ------------------------------------------------------------------------------


class HeldOutItemQuerySet(PublishableQuerySet):
    pass


class HeldOutItem(TimeStamped):
    """An item of the pre- and post-test pool: never in a practice quiz, a review, the library or feedback.

    A true/false statement about the document's topics (not one of its practice statements), or a technique
    item on an invented claim. The pool is split into two equally hard halves, A and B: each learner takes one
    in the pre-test and the other in the post-test, which half first counterbalanced across learners.
    """

    class Kind(models.TextChoices):
        STATEMENT = "statement", _("True or false statement")
        TECHNIQUE = "technique", _("Technique to spot")

    class Half(models.TextChoices):
        A = "A", _("Half A")
        B = "B", _("Half B")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STATEMENT)
    text = NormalisedTextField(
        _("text"),
        help_text=_("A statement to call true or false, or an invented quoted claim whose technique to name."),
    )
    is_true = models.BooleanField(
        _("true"), null=True, blank=True, help_text=_("Statements only: ticked if true, unticked if false.")
    )
    technique = models.ForeignKey(
        Technique,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_out_items",
        verbose_name=_("technique"),
        help_text=_("Technique items only: the technique the claim mainly uses."),
    )
    explanation = NormalisedTextField(
        _("explanation"), help_text=_("Shown only once the learner has finished the post-test.")
    )
    half = models.CharField(_("half"), max_length=1, choices=Half.choices, help_text=_("Keep the halves equally hard."))
    topic = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
        help_text=_("The section whose topic it tests (statements), so both halves cover the same ground."),
    )
    is_published = models.BooleanField(_("in use"), default=True, help_text=_("Untick to take it out of new tests."))
    position = models.PositiveIntegerField(_("position"), default=1)
    history = HistoricalRecords()

    objects = HeldOutItemQuerySet.as_manager()

    class Meta:
        ordering = ["half", "kind", "position", "pk"]
        verbose_name = _("held-out test item")
        verbose_name_plural = _("held-out test items")
        constraints = [
            models.UniqueConstraint(fields=["text"], name="heldoutitem_unique_text"),
            models.CheckConstraint(
                condition=Q(kind="statement", is_true__isnull=False, technique__isnull=True)
                | Q(kind="technique", is_true__isnull=True, technique__isnull=False),
                name="heldoutitem_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 70 else self.text[:69] + "…"
        return f"{self.half} · {text}"
