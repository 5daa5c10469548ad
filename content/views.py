"""Library views: every signed-in user can read the sections, claims and full rebuttals."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from content import selectors


@require_GET
def library(request):
    sections = selectors.published_sections()
    return render(request, "content/library.html", {"sections": sections, "documents": selectors.documents()})


@require_GET
def section_detail(request, document_slug, slug):
    section = selectors.published_section(document_slug=document_slug, slug=slug)
    return render(request, "content/section_detail.html", {"section": section})


@require_GET
def claim_detail(request, document_slug, section_slug, slug):
    claim = selectors.published_claim(document_slug=document_slug, section_slug=section_slug, slug=slug)
    return render(request, "content/claim_detail.html", {"claim": claim, "section": claim.section})
