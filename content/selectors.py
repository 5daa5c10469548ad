"""Reads of published content shared by the library views and, later, quizzes."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from content.models import Claim, Reference, Section, SourceDocument


def published_sections():
    return (
        Section.objects.published()
        .select_related("document")
        .prefetch_related(Prefetch("claims", queryset=Claim.objects.published().order_by("position")))
        .order_by("document__title", "position")
    )


def published_section(*, document_slug: str, slug: str) -> Section:
    return get_object_or_404(published_sections(), document__slug=document_slug, slug=slug)


def published_claim(*, document_slug: str, section_slug: str, slug: str) -> Claim:
    return get_object_or_404(
        Claim.objects.published()
        .filter(section__is_published=True, section__slug=section_slug, section__document__slug=document_slug)
        .select_related("section__document", "rebuttal")
        .prefetch_related(Prefetch("references", queryset=Reference.objects.order_by("position"))),
        slug=slug,
    )


def documents():
    return SourceDocument.objects.order_by("title")
