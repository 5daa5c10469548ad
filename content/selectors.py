"""Reads of published content shared by the library views, its feeds and the quiz pages.

A document is visible while it has a published section: an unpublished document (all of its sections
drafts) shows nowhere but in the admin, neither on the home page, in the footer, the library, search
nor the feeds.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404

from content.models import Claim, ClaimTechnique, Reference, Section, SourceDocument, Technique, TechniqueFamily
from content.versions import kept


def visible_documents():
    """Documents learners and visitors may see: those with at least one published section."""
    return SourceDocument.objects.filter(
        Exists(Section.objects.published().filter(document=OuterRef("pk")))
    ).order_by("title")


def published_sections():
    return (
        Section.objects.published()
        .select_related("document")
        .prefetch_related(Prefetch("claims", queryset=Claim.objects.published().order_by("position")))
        .order_by("document__title", "document_id", "position")
    )


def library_documents() -> list[SourceDocument]:
    """Visible documents, each with `library_sections`: its published sections and their published claims."""
    by_document: dict[int, list[Section]] = {}
    documents: dict[int, SourceDocument] = {}
    for section in published_sections():
        documents.setdefault(section.document_id, section.document)
        by_document.setdefault(section.document_id, []).append(section)
    for document_id, document in documents.items():
        document.library_sections = by_document[document_id]
    return list(documents.values())


def published_section(*, document_slug: str, slug: str) -> Section:
    return get_object_or_404(
        published_sections().prefetch_related("quizzes"), document__slug=document_slug, slug=slug
    )


def published_claims():
    """Published claims of published sections (a claim can be published in a section still in draft)."""
    return Claim.objects.published().filter(section__is_published=True)


def published_claim(*, document_slug: str, section_slug: str, slug: str) -> Claim:
    return get_object_or_404(
        published_claims()
        .filter(section__slug=section_slug, section__document__slug=document_slug)
        .select_related("section__document", "rebuttal")
        .prefetch_related(Prefetch("references", queryset=Reference.objects.order_by("position"))),
        slug=slug,
    )


def claims_for_feed():
    """Every published claim with what its ClaimReview needs, in document order."""
    return (
        published_claims()
        .select_related("section__document", "rebuttal")
        .order_by("section__document__title", "section__document_id", "section__position", "position")
    )


def withdrawn_claim(*, pk: int) -> Claim | None:
    """A claim learners once saw and editors have since withdrawn (unpublished, or its section), or None.

    A draft that was never published stays unknown (None), so the stable link reveals no unpublished text.
    """
    claim = Claim.objects.select_related("section__document").filter(pk=pk).first()
    if claim is None:
        return None
    # Learners saw it only if the claim and its section were both published at some time: a claim published
    # inside a section still in preparation was never shown.
    was_shown = (
        claim.history.filter(is_published=True).exists()
        and claim.section.history.filter(is_published=True).exists()
    )
    return claim if was_shown else None


@kept
def _references() -> dict[int, tuple[Reference, ...]]:
    """Every claim's sources in order, kept until the content changes (shared: read only)."""
    grouped: dict[int, list[Reference]] = {}
    for reference in Reference.objects.order_by("claim_id", "position", "pk"):
        grouped.setdefault(reference.claim_id, []).append(reference)
    return {claim_id: tuple(found) for claim_id, found in grouped.items()}


def references_by_claim(claim_ids) -> dict[int, list[Reference]]:
    """The sources of each claim, in order, for feedback and results (no query while the content is unchanged)."""
    ids = {pk for pk in claim_ids if pk}
    if not ids:
        return {}
    known = _references()
    return {pk: list(known[pk]) for pk in ids if pk in known}


def documents():
    """The documents the signed-out home page describes (visible ones only)."""
    return visible_documents()


def technique_families() -> list[TechniqueFamily]:
    """Families with their techniques, each with `published_tags`: the published claims that use it (3 queries)."""
    tags = Prefetch(
        "claim_tags",
        queryset=ClaimTechnique.objects.filter(claim__in=published_claims())
        .select_related("claim__section__document")
        .order_by("-role", "claim__section__position", "claim__position"),
        to_attr="published_tags",
    )
    techniques = Prefetch("techniques", queryset=Technique.objects.order_by("position").prefetch_related(tags))
    return list(TechniqueFamily.objects.order_by("position").prefetch_related(techniques))


def claim_techniques(claim: Claim) -> list[ClaimTechnique]:
    """The claim's techniques, primary first, with their definitions."""
    return list(claim.technique_tags.select_related("technique").order_by("role", "technique__position"))
