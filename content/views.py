"""Library views: every signed-in user can read the sections, claims and full rebuttals."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from content import selectors
from content.models import Claim


@require_safe
def library(request):
    sections = selectors.published_sections()
    return render(request, "content/library.html", {"sections": sections, "documents": selectors.documents()})


@require_safe
def section_detail(request, document_slug, slug):
    section = selectors.published_section(document_slug=document_slug, slug=slug)
    return render(request, "content/section_detail.html", {"section": section})


@require_safe
def claim_detail(request, document_slug, section_slug, slug):
    claim = selectors.published_claim(document_slug=document_slug, section_slug=section_slug, slug=slug)
    return render(request, "content/claim_detail.html", {"claim": claim, "section": claim.section})


@require_safe
def claim_by_id(request, pk):
    """A stable link to a claim (quiz feedback keeps it), redirecting to its current address."""
    claim = get_object_or_404(
        Claim.objects.published().filter(section__is_published=True).select_related("section__document"), pk=pk
    )
    return redirect(claim)
