"""Library views, open to everyone: documents, sections, claims with full rebuttals and sources, search, feed."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from content import rendering, schema_org, search, selectors

SEARCH_PAGE_SIZE = 20


def cited_source(document):
    """The document as pages cite it: its title in <cite>, then its publisher and year, comma-separated."""
    parts = [format_html("<cite>{}</cite>", document.title)]
    parts += [value for value in (document.publisher, document.year) if value]
    return format_html_join(", ", "{}", ((part,) for part in parts))


@require_safe
@login_not_required
def library(request):
    return render(request, "content/library.html", {"documents": selectors.library_documents()})


@require_safe
@login_not_required
def library_search(request):
    query = search.clean_query(request.GET.get("q", ""))
    page = Paginator(search.search_claims(query), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    for claim in page:
        rebuttal = getattr(claim, "rebuttal", None)
        claim.snippet = rendering.description(rebuttal.summary if rebuttal else "", 220)
    return render(request, "content/search.html", {"query": query, "page": page})


@require_safe
@login_not_required
def section_detail(request, document_slug, slug):
    section = selectors.published_section(document_slug=document_slug, slug=slug)
    quizzes = [quiz for quiz in section.quizzes.all() if quiz.is_published]
    return render(request, "content/section_detail.html", {"section": section, "quizzes": quizzes})


@require_safe
@login_not_required
def claim_detail(request, document_slug, section_slug, slug):
    claim = selectors.published_claim(document_slug=document_slug, section_slug=section_slug, slug=slug)
    rebuttal = getattr(claim, "rebuttal", None)
    references = list(claim.references.all())
    url = request.build_absolute_uri(claim.get_absolute_url())
    summary = rebuttal.summary if rebuttal and rebuttal.summary else (rebuttal.body if rebuttal else "")
    # Translators: a claim page's description in search results and link previews.
    description = _("Claim: %(claim)s. Fact: %(fact)s") % {"claim": claim.text, "fact": summary}
    context = {
        "claim": claim,
        "section": claim.section,
        "document": claim.section.document,
        "references": references,
        "paragraphs": rendering.linked_paragraphs(rebuttal.paragraphs if rebuttal else [], references),
        "canonical_url": url,
        "description": rendering.description(description),
        "source": cited_source(claim.section.document),
        "json_ld": schema_org.script_tag(schema_org.claim_review(claim, url=url)),
        "techniques": selectors.claim_techniques(claim),
    }
    return render(request, "content/claim_detail.html", context)


@require_safe
@login_not_required
def techniques(request):
    """The manipulation techniques: each family with its origin, each technique with its cues, example and claims."""
    return render(request, "content/techniques.html", {"families": selectors.technique_families()})


@require_safe
@login_not_required
def claim_by_id(request, pk):
    """A stable link to a claim (quiz feedback keeps it): its current address, or a note that it was withdrawn."""
    claim = selectors.published_claims().select_related("section__document").filter(pk=pk).first()
    if claim is not None:
        return redirect(claim)
    withdrawn = selectors.withdrawn_claim(pk=pk)
    if withdrawn is None:
        raise Http404("No such claim in the library.")
    document = withdrawn.section.document
    context = {"claim": withdrawn, "document": document, "source": cited_source(document)}
    return render(request, "content/claim_withdrawn.html", context)


@require_safe
@login_not_required
def claimreview_feed(request):
    """Every published claim's ClaimReview, as a schema.org DataFeed in JSON-LD."""
    feed = schema_org.data_feed(
        selectors.claims_for_feed(),
        url=request.build_absolute_uri(reverse("content:claimreview-feed")),
        absolute=request.build_absolute_uri,
    )
    response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response
