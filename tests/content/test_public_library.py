"""The public library: open reading, documents kept apart, search on both databases, ClaimReview in JSON-LD."""

import json

import extruct
import pytest
from django.test import Client
from django.urls import reverse

from content.models import Claim, Reference, Section, SourceDocument
from tests.factories import (
    ClaimFactory,
    ReferenceFactory,
    SectionFactory,
    SourceDocumentFactory,
    StatementFactory,
    complete_claim,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_document():
    """A second document whose every section is a draft: nobody but editors may see it."""
    document = SourceDocumentFactory(title="Unreleased myths and facts", publisher="Nobody Yet", year=2026)
    section = SectionFactory(document=document, title="Secret section", is_published=False)
    ClaimFactory(section=section, text="A claim nobody should see", is_published=True)
    return document


def seed_claim() -> Claim:
    return (
        Claim.objects.published()
        .filter(section__is_published=True)
        .select_related("section__document", "rebuttal")
        .order_by("section__position", "position")
        .first()
    )


def test_a_visitor_reads_library_section_and_claim_without_an_account(client, seeded):
    claim = seed_claim()
    library = client.get(reverse("content:library"))
    assert library.status_code == 200
    assert "NATO-Russia relations: the facts" in library.text and claim.text in library.text
    section = client.get(claim.section.get_absolute_url())
    assert section.status_code == 200
    assert "True or false" in section.text and "Match the rebuttal" in section.text
    assert "take the quizzes as a guest" in section.text
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    assert claim.rebuttal.paragraphs[0][:60] in page.text.replace("&#x27;", "'")


def test_an_unpublished_document_shows_nowhere_to_anyone_but_editors(client, seeded, draft_document, learner):
    for who in (Client(), client):
        if who is client:
            client.force_login(learner)
        for url in (reverse("quiz:home"), reverse("content:library"), reverse("content:claimreview-feed")):
            body = who.get(url).content.decode()
            assert "Unreleased myths and facts" not in body and "A claim nobody should see" not in body
        found = who.get(reverse("content:search"), {"q": "nobody should see"}).text
        assert "A claim nobody should see" not in found


def test_each_document_attribution_is_its_own_line(client, seeded, draft_document):
    second = SourceDocumentFactory(title="Second handbook", publisher="Example Press", year=2025)
    section = SectionFactory(document=second, title="Second handbook section", is_published=False)
    for _ in range(2):
        complete_claim(section=section)
    section.is_published = True
    section.save()
    footer = client.get(reverse("content:library")).text.split('<footer class="site-footer">', 1)[1]
    assert '<p class="attribution-line">Content: “NATO-Russia relations: the facts”' in footer
    assert '<p class="attribution-line">Content: “Second handbook”, Example Press, 2025.</p>' in footer
    assert "Unreleased" not in footer


def test_the_library_groups_sections_under_their_document(client, seeded):
    second = SourceDocumentFactory(title="Another document", publisher="Example Press", year=2025)
    section = SectionFactory(document=second, title="A section of another document")
    for _ in range(2):
        complete_claim(section=section)
    Section.objects.filter(pk=section.pk).update(is_published=True)
    text = client.get(reverse("content:library")).text
    other = text.index("<cite>Another document</cite>")  # documents in title order
    nato = text.index("<cite>NATO-Russia relations: the facts</cite>")
    assert other < text.index("A section of another document") < nato < text.index("NATO and its attitude to Russia")


def test_library_pages_cost_a_constant_number_of_queries(client, seeded, django_assert_max_num_queries):
    claim = seed_claim()
    with django_assert_max_num_queries(4):
        assert client.get(reverse("content:library")).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(claim.section.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(claim.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("content:claimreview-feed")).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("content:search"), {"q": "Georgia"}).status_code == 200


# --- Search ---------------------------------------------------------------------------------------


def test_search_finds_claims_by_their_text_rebuttal_and_statements(client, seeded):
    claim = Claim.objects.get(text="NATO intends to set up a military base in Georgia")
    found = client.get(reverse("content:search"), {"q": "Georgia"})
    assert found.status_code == 200 and claim.text in found.text

    # A word only in the rebuttal's body.
    word = next(
        w for w in claim.rebuttal.body.split() if len(w) > 8 and w.isalpha() and w.lower() not in claim.text.lower()
    )
    assert claim.text in client.get(reverse("content:search"), {"q": word}).text

    # A word only in an approved statement: found; the statement's text is not shown, nor whether it is true.
    StatementFactory(claim=claim, text="Zanzibarian officials never visited the Alliance", is_true=False)
    result = client.get(reverse("content:search"), {"q": "Zanzibarian"}).text
    assert claim.text in result and "Zanzibarian officials" not in result


def test_search_leaves_out_drafts_and_says_when_nothing_matches(client, seeded):
    section = Section.objects.published().first()
    draft = ClaimFactory(section=section, text="Quokkas rule the Baltic", is_published=False)
    page = client.get(reverse("content:search"), {"q": "Quokkas"})
    assert draft.text not in page.text and "No claim matches “Quokkas”" in page.text
    empty = client.get(reverse("content:search"))
    assert empty.status_code == 200 and "Type a word or two" in empty.text


def test_search_takes_odd_input_calmly(client, seeded):
    for query in ["'", '"unclosed', "a" * 5000, "<script>alert(1)</script>", "or -", "%", "_"]:
        response = client.get(reverse("content:search"), {"q": query})
        assert response.status_code == 200
        assert "<script>alert" not in response.text


def test_search_pages_its_results(client, seeded):
    page = client.get(reverse("content:search"), {"q": "NATO"})
    count = Claim.objects.published().count()
    assert f"{count} claims match" in page.text or "claims match" in page.text
    if count > 20:
        assert 'rel="next"' in page.text and "q=NATO" in page.text


# --- Sources ------------------------------------------------------------------------------------


def test_link_phrases_in_the_rebuttal_link_to_their_sources(client, seeded):
    reference = Reference.objects.exclude(anchor_text="").select_related("claim__section__document").first()
    claim = reference.claim
    Reference.objects.filter(pk=reference.pk).update(url="https://www.example.org/source")
    text = client.get(claim.get_absolute_url()).text
    assert f'<a href="https://www.example.org/source" title="Source: {reference.title}">' in text.replace("&#x27;", "'")
    Reference.objects.filter(pk=reference.pk).update(url="")
    text = client.get(claim.get_absolute_url()).text
    assert '<a href="#sources"' in text and 'id="sources"' in text and "(link not yet available)" in text


def test_rebuttal_text_is_escaped_around_the_links(client, seeded):
    claim = seed_claim()
    claim.rebuttal.body = "Some <b>bold</b> text (online here) and more."
    claim.rebuttal.save()
    ReferenceFactory(claim=claim, title="A source", anchor_text="(online here)", import_key="(online here)#1",
                     position=99, url="https://www.example.org/a")
    text = client.get(claim.get_absolute_url()).text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text and "<b>bold</b>" not in text
    assert '<a href="https://www.example.org/a" title="Source: A source">(online here)</a>' in text


# --- ClaimReview ------------------------------------------------------------------------------------


def jsonld(html: str, url: str) -> list[dict]:
    return extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]


def test_every_claim_page_carries_one_claimreview(client, seeded):
    SourceDocument.objects.update(url="https://www.example.org/original")
    claim = seed_claim()
    url = "http://testserver" + claim.get_absolute_url()
    html = client.get(claim.get_absolute_url()).text
    (review,) = jsonld(html, url)
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["url"] == url
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "False"}
    assert review["author"] == {
        "@type": "Organization", "name": claim.section.document.publisher, "url": "https://www.example.org/original"
    }
    assert review["datePublished"] == "2014"
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["reviewBody"] == claim.rebuttal.summary
    assert "ratingValue" not in review["reviewRating"]  # no false precision


def test_claim_pages_have_a_description_and_open_graph_tags(client, seeded):
    claim = seed_claim()
    html = client.get(claim.get_absolute_url()).text
    data = extruct.extract(html, base_url="http://testserver", syntaxes=["opengraph"], uniform=True)["opengraph"][0]
    assert data["og:title"] == f"Claim: {claim.text}"
    assert data["og:url"] == "http://testserver" + claim.get_absolute_url()
    assert data["og:description"].startswith(f"Claim: {claim.text}")
    assert len(data["og:description"]) <= 160


def test_the_feed_is_a_datafeed_of_every_published_claimreview(client, seeded):
    response = client.get(reverse("content:claimreview-feed"))
    assert response["Content-Type"].startswith("application/ld+json")
    feed = json.loads(response.content)
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    reviews = feed["dataFeedElement"]
    published = Claim.objects.published().filter(section__is_published=True)
    assert len(reviews) == published.count() == 26
    assert {r["claimReviewed"] for r in reviews} == set(published.values_list("text", flat=True))
    assert all(r["@type"] == "ClaimReview" and r["url"].startswith("http://testserver/library/") for r in reviews)
    # The same extractor reads it back when the feed is embedded as JSON-LD.
    html = f'<script type="application/ld+json">{response.content.decode()}</script>'
    (parsed,) = jsonld(html, "http://testserver/")
    assert len(parsed["dataFeedElement"]) == 26


def test_a_claim_published_only_inside_a_draft_section_is_not_found_by_its_stable_link(client, seeded):
    section = SectionFactory(title="Still in preparation", is_published=False)
    claim = complete_claim(section=section)
    claim.is_published = True
    claim.save()
    claim.is_published = False
    claim.save()
    assert client.get(reverse("content:claim-by-id", args=[claim.pk])).status_code == 404
