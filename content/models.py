"""Content models: a source document, its sections, claims, rebuttals, references and statements."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from content.fields import NormalisedTextField


class TimeStamped(models.Model):
    """Creation and last-change times for every content row."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ImportTracked(models.Model):
    """Remembers what the importer last wrote, so a re-import can tell an editor's change from its own.

    ``import_digest`` is the digest of the imported fields as the importer last wrote them.
    Empty means the row was written by an editor (or loaded from a reviewed export): the
    importer then leaves it alone unless forced.
    """

    IMPORTED_FIELDS: tuple[str, ...] = ()

    import_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def imported_values(self) -> dict:
        return {name: getattr(self, name) for name in self.IMPORTED_FIELDS}


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class SourceDocument(TimeStamped, ImportTracked):
    """A "claims and facts" document as its publisher released it."""

    IMPORTED_FIELDS = ("title", "intro")

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    publisher = models.CharField(max_length=200, blank=True, help_text="Who published the document, e.g. NATO.")
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of publication, shown in the attribution."
    )
    published_on = models.DateField(null=True, blank=True, help_text="Exact date of publication, if known.")
    url = models.URLField("URL", max_length=500, blank=True, help_text="Where the original is published.")
    intro = NormalisedTextField(blank=True, help_text="The document's own introduction.")
    attribution = NormalisedTextField(
        blank=True,
        help_text="Attribution note shown with the content (licence, source, changes made).",
    )
    source_file = models.CharField(
        max_length=300, blank=True, editable=False, help_text="File the content was last imported from."
    )
    last_imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def citation(self) -> str:
        parts = [f"“{self.title}”", self.publisher]
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

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, help_text="Used in web addresses; unique within the document.")
    position = models.PositiveIntegerField(help_text="Order within the document (1 comes first).")
    intro = NormalisedTextField(blank=True, help_text="Optional introduction shown above the section.")
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Learners see published sections only. Needs at least 2 published claims.",
    )
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position"]
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

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="claims")
    text = NormalisedTextField(help_text="The claim exactly as the source document words it.")
    slug = models.SlugField(max_length=120, help_text="Used in web addresses; unique within the section.")
    position = models.PositiveIntegerField(help_text="Order within the section (1 comes first).")
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Needs a rebuttal summary and at least one approved true and one approved false statement.",
    )
    history = HistoricalRecords()

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["section__document", "section__position", "position"]
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

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="rebuttal")
    summary = NormalisedTextField(
        blank=True,
        help_text="One or two sentences in the source's words; learners pair claims with these in matching quizzes.",
    )
    body = NormalisedTextField(
        help_text="The full fact text. Separate paragraphs with a blank line.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim"]

    def __str__(self) -> str:
        return f"Rebuttal of “{self.claim}”"

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class ReferenceQuerySet(models.QuerySet):
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
        help_text="The claim whose rebuttal cites this source.",
    )
    title = models.CharField(max_length=300, help_text="What the source is, e.g. “Wales Summit Declaration”.")
    url = models.URLField(
        "URL",
        max_length=500,
        blank=True,
        help_text="Leave empty until the address is known; the reference then counts as unresolved.",
    )
    date = models.DateField(null=True, blank=True, help_text="Date of the source, if known.")
    anchor_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="The phrase in the rebuttal that pointed to this source, e.g. “(declaration here)”.",
    )
    position = models.PositiveIntegerField(default=1)
    import_key = models.CharField(
        max_length=340,
        blank=True,
        editable=False,
        help_text="Which link phrase of the document the import drew it from.",
    )
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "position"], name="reference_unique_position"),
        ]

    def __str__(self) -> str:
        return self.title


class StatementQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(is_approved=True)


class Statement(TimeStamped, ImportTracked):
    """A true or false sentence for true/false quizzes, with the explanation shown after answering."""

    IMPORTED_FIELDS = ("text", "is_true", "explanation")

    class Origin(models.TextChoices):
        GENERATED = "generated", "Proposed by the import"
        EDITOR = "editor", "Written by an editor"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="statements")
    text = NormalisedTextField(help_text="Must make sense on its own, without the rest of the document.")
    is_true = models.BooleanField(
        "true", help_text="Ticked: the statement is a fact. Unticked: it is a myth (usually the claim itself)."
    )
    explanation = NormalisedTextField(
        blank=True, help_text="Shown to the learner after answering. Defaults to the rebuttal summary."
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EDITOR)
    import_key = models.CharField(
        max_length=40, blank=True, editable=False, help_text="Which part of the document the import drew it from."
    )
    is_approved = models.BooleanField(
        "approved",
        default=False,
        help_text="Only approved statements appear in quizzes. Approve after checking it reads well on its own.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "-is_true", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "text"], name="statement_unique_text"),
        ]

    def __str__(self) -> str:
        verdict = "True" if self.is_true else "False"
        text = self.text if len(self.text) <= 70 else self.text[:69] + "…"
        return f"{verdict}: {text}"


# --- Manipulation techniques -------------------------------------------------------------------------


class TechniqueFamily(TimeStamped):
    """A taxonomy of manipulation techniques, with where it comes from (shown on the library's techniques page)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    origin = NormalisedTextField(help_text="Who described the family, and where: the citation learners see.")
    note = NormalisedTextField(blank=True, help_text="One or two sentences on what the family is.")
    position = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "technique families"

    def __str__(self) -> str:
        return self.name


class Technique(TimeStamped):
    """A way a claim manipulates (Nimmo's 4D, a fallacy): what it is, how to spot it, an example not from the seed."""

    family = models.ForeignKey(TechniqueFamily, on_delete=models.PROTECT, related_name="techniques")
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    definition = NormalisedTextField(help_text="One sentence.")
    cues = NormalisedTextField(help_text="How to spot it: 2–4 short cues, one per line.")
    example = NormalisedTextField(
        help_text="A short worked example that is not from the document: an invented statement and how it uses "
        "the technique."
    )
    position = models.PositiveIntegerField(help_text="Order on the techniques page and in quizzes' option lists.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["family__position", "position", "name"]

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
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"

    MAX_SECONDARY = 2

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="technique_tags")
    technique = models.ForeignKey(Technique, on_delete=models.PROTECT, related_name="claim_tags")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.PRIMARY)
    rationale = NormalisedTextField(
        help_text="One or two sentences: how this wording uses the technique, e.g. “It recasts talks about German "
        "reunification as a pledge about all of Eastern Europe.”"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "role", "technique__position"]
        verbose_name = "technique of a claim"
        verbose_name_plural = "techniques of claims"
        constraints = [
            models.UniqueConstraint(fields=["claim", "technique"], name="claimtechnique_unique"),
            models.UniqueConstraint(
                fields=["claim"], condition=Q(role="primary"), name="claimtechnique_one_primary_per_claim"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.technique} ({self.get_role_display().lower()}) in “{self.claim}”"


class TechniqueExampleQuerySet(PublishableQuerySet):
    pass


class TechniqueExample(TimeStamped):
    """A transfer item: a short invented statement, not from any document, that mainly uses one technique.

    Technique quizzes mix these in so learners practise on claims they have not memorised.
    """

    technique = models.ForeignKey(Technique, on_delete=models.PROTECT, related_name="examples")
    text = NormalisedTextField(help_text="The invented statement, as a quotation. Marked to learners as an example.")
    explanation = NormalisedTextField(help_text="Shown after answering: how the statement uses the technique.")
    is_published = models.BooleanField("published", default=True)
    position = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    objects = TechniqueExampleQuerySet.as_manager()

    class Meta:
        ordering = ["technique__position", "position", "pk"]
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
        STATEMENT = "statement", "True or false statement"
        TECHNIQUE = "technique", "Technique to spot"

    class Half(models.TextChoices):
        A = "A", "Half A"
        B = "B", "Half B"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATEMENT)
    text = NormalisedTextField(
        help_text="A statement to call true or false, or an invented quoted claim whose technique to name."
    )
    is_true = models.BooleanField(
        "true", null=True, blank=True, help_text="Statements only: ticked if true, unticked if false."
    )
    technique = models.ForeignKey(
        Technique,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_out_items",
        help_text="Technique items only: the technique the claim mainly uses.",
    )
    explanation = NormalisedTextField(help_text="Shown only once the learner has finished the post-test.")
    half = models.CharField(max_length=1, choices=Half.choices, help_text="Keep the halves equally hard.")
    topic = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The section whose topic it tests (statements), so both halves cover the same ground.",
    )
    is_published = models.BooleanField("in use", default=True, help_text="Untick to take it out of new tests.")
    position = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    objects = HeldOutItemQuerySet.as_manager()

    class Meta:
        ordering = ["half", "kind", "position", "pk"]
        verbose_name = "held-out test item"
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
