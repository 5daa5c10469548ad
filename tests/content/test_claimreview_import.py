"""Importing ClaimReview feeds: every shape, the same guarantees as text documents, and malformed files refused."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from content.claimreview import FeedError, claimreview_import, parse_claimreview
from content.models import Claim, Rebuttal, Reference, Section, SourceDocument, Statement
from content.parsing import DocumentError
from content.services import document_import
from tests.conftest import SEED_SLUG

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "content" / "seed" / "claimreview-example.json"
DATA = Path(__file__).parent / "data"
MODELS = (SourceDocument, Section, Claim, Rebuttal, Reference, Statement)

pytestmark = pytest.mark.django_db


def snapshot(*, but=()):
    """Every row of content with every value (``but`` those fields), so "nothing changed" means exactly that."""
    return {
        model.__name__: sorted(
            map(repr, model.objects.values_list(*[f.attname for f in model._meta.concrete_fields if f.name not in but]))
        )
        for model in MODELS
    }


def review(claim="Cold weather causes colds", body="Colds are caused by viruses.", **more):
    return {"@type": "ClaimReview", "claimReviewed": claim, "reviewBody": body, **more}


def feed(*reviews, **more):
    return json.dumps({"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": list(reviews), **more})


# --- The bundled example ----------------------------------------------------------------------


@pytest.mark.usefixtures("empty")
def test_example_feed_imports_as_draft_claims_with_linked_references():
    document, report = claimreview_import(path=EXAMPLE)
    assert document.title == "Home energy myths (example feed)"
    assert document.intro.startswith("Example data written for FactsQuiz")
    assert [(s.title, s.position) for s in document.sections.all()] == [
        ("Lighting and heating", 1),
        ("Appliances", 2),
    ]
    assert report.counts["claims"]["created"] == 4
    claim = Claim.objects.get(text="Turning the thermostat up high heats a room faster")
    assert claim.rebuttal.paragraphs == [
        "A thermostat sets the temperature at which the heating stops, not how fast it heats. Most boilers and "
        "radiators give out heat at the same rate whatever the setting.",
        "A higher setting only lets the room overshoot the temperature that was wanted, which wastes energy.",
    ]
    assert (
        claim.rebuttal.summary == "A thermostat sets the temperature at which the heating stops, not how fast it heats."
    )
    (reference,) = claim.references.all()
    assert (reference.title, reference.url) == (
        "Does a higher thermostat setting heat a room faster?",
        "https://example.org/fact-checks/thermostat-high",
    )
    # Proposals as for a text document: the claim as the false statement, rebuttal sentences as true ones.
    assert claim.statements.get(is_true=False).text == "Turning the thermostat up high heats a room faster."
    assert claim.statements.filter(is_true=True).count() == 2
    # Drafts until an editor approves statements and publishes, and the report says so.
    assert not Claim.objects.published().exists() and not Statement.objects.approved().exists()
    assert "new claims arrive as drafts: 4; learners see them once an editor approves" in "\n".join(report.lines())
    assert report.unresolved_references == 0
    assert {row.place for row in report.rows if row.kind == "claims"} == {f"dataFeedElement[{i}]" for i in range(4)}


@pytest.mark.usefixtures("empty")
def test_reimport_changes_nothing():
    claimreview_import(path=EXAMPLE)
    before = snapshot(but=["last_imported_at"])  # the one thing a re-import records
    _, report = claimreview_import(path=EXAMPLE)
    assert snapshot(but=["last_imported_at"]) == before
    for kind, counter in report.counts.items():
        assert counter["created"] == counter["updated"] == counter["skipped"] == 0, kind


@pytest.mark.usefixtures("empty")
def test_dry_run_keeps_nothing_and_says_would(capsys):
    call_command("import_claimreview", str(EXAMPLE), "--dry-run")
    out = capsys.readouterr().out
    assert "claims: would create 4, would update 0, 0 unchanged, 0 would be left alone because edited" in out
    assert out.rstrip().endswith("Dry run: nothing was saved.")
    assert not SourceDocument.objects.exists()


@pytest.mark.usefixtures("empty")
def test_editors_changes_are_kept_unless_forced():
    claimreview_import(path=EXAMPLE)
    reference = Reference.objects.get(url="https://example.org/fact-checks/idle-chargers")
    reference.url = "https://example.org/fact-checks/idle-chargers-corrected"
    reference.save()
    rebuttal = Claim.objects.get(text__startswith="Washing clothes").rebuttal
    rebuttal.summary = "An editor's summary."
    rebuttal.save()

    _, report = claimreview_import(path=EXAMPLE)
    reference.refresh_from_db()
    rebuttal.refresh_from_db()
    assert reference.url == "https://example.org/fact-checks/idle-chargers-corrected"
    assert rebuttal.summary == "An editor's summary."
    assert report.counts["references"]["skipped"] == report.counts["rebuttals"]["skipped"] == 1

    claimreview_import(path=EXAMPLE, force=True)
    reference.refresh_from_db()
    rebuttal.refresh_from_db()
    assert reference.url == "https://example.org/fact-checks/idle-chargers"
    assert rebuttal.summary != "An editor's summary."


@pytest.mark.usefixtures("empty")
def test_a_changed_review_updates_its_claim_in_place():
    text = EXAMPLE.read_text(encoding="utf-8")
    claimreview_import(path=EXAMPLE)
    changed = text.replace("idle-chargers", "idle-chargers-2024").replace("far more energy", "much more energy")
    _, report = claimreview_import(content=changed, name="example.json")
    claim = Claim.objects.get(text__startswith="A charger left")
    assert claim.references.get().url == "https://example.org/fact-checks/idle-chargers-2024"
    assert "much more energy" in claim.rebuttal.body
    assert report.counts["references"]["updated"] == report.counts["rebuttals"]["updated"] == 1
    assert Claim.objects.count() == 4 and Reference.objects.count() == 4


@pytest.mark.usefixtures("empty")
def test_a_published_claim_that_loses_its_approved_statements_is_unpublished():
    claimreview_import(path=EXAMPLE)
    Statement.objects.update(is_approved=True)
    Claim.objects.update(is_published=True)
    Section.objects.update(is_published=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    reworded = text.replace("draws a fraction of a watt", "draws under half a watt").replace("its compressor", "a pump")
    _, report = claimreview_import(content=reworded, name="example.json")
    claim = Claim.objects.get(text__startswith="A charger left")
    assert not claim.is_published
    assert (
        "dataFeedElement[2]: unpublished “A charger left in the socket uses as much power as a fridge”: it needs "
        "at least one approved true statement" in report.lines()
    )
    # Its section keeps one published claim, too few for matching: unpublished as well.
    assert not Section.objects.get(title="Appliances").is_published
    assert Section.objects.get(title="Lighting and heating").is_published


# --- Shapes and sections ----------------------------------------------------------------------


def test_datafeeditem_feed_with_prefixed_types_and_crlf():
    doc = parse_claimreview((DATA / "claimreview-datafeeditems.json").read_bytes())
    assert [(s.title, [c.place for c in s.claims]) for s in doc.sections] == [
        ("Cycling to work", ["dataFeedElement[0].item[0]", "dataFeedElement[1].item"])
    ]
    helmets, sweat = doc.claims
    assert helmets.paragraphs == [
        "Most trips by bicycle are made on ordinary streets without any accident, and riders who signal and "
        "keep a steady line are seen by drivers.",
        "Bike lanes make riding safer and more pleasant, which is why towns build them.",
    ]
    assert helmets.references[0].title == "Example Checks fact check"  # no name or headline: the author's
    assert sweat.references[0].title == "Do cyclists always arrive sweaty?"
    assert sweat.references[0].url == "http://example.org/checks/sweat"


@pytest.mark.parametrize(
    ("data", "places"),
    [
        (json.dumps(review(about="Health")), ["the ClaimReview"]),
        (json.dumps([review(about="Health"), review("Vitamin C cures colds", about="Health")]), ["[0]", "[1]"]),
        (
            json.dumps(
                {
                    "@type": "ItemList",
                    "about": "Health",
                    "itemListElement": [{"@type": "ListItem", "position": 1, "item": review()}],
                }
            ),
            ["itemListElement[0].item"],
        ),
        (
            json.dumps(
                {
                    "@context": "https://schema.org",
                    "@graph": [{"@type": "WebPage", "name": "A page"}, review(about="Health")],
                }
            ),
            ["@graph[1]"],
        ),
    ],
    ids=["single", "list", "itemlist", "graph"],
)
def test_every_shape_fact_checkers_publish(data, places):
    doc = parse_claimreview(data)
    assert [c.place for c in doc.claims] == places
    assert doc.sections[0].title == "Health"


def test_the_section_comes_from_the_option_then_the_review_then_the_feed():
    data = feed(
        review("One", about={"@type": "Thing", "name": "Own section"}),
        review("Two"),
        name="The feed",
        about="Feed section",
    )
    assert [(s.title, len(s.claims)) for s in parse_claimreview(data).sections] == [
        ("Own section", 1),
        ("Feed section", 1),
    ]
    assert [s.title for s in parse_claimreview(data, section="Given").sections] == ["Given"]
    assert [s.title for s in parse_claimreview(feed(review(), name="The feed")).sections] == ["The feed"]
    with pytest.raises(FeedError, match=r"^dataFeedElement\[0\]: no section for it: give one with --section"):
        parse_claimreview(feed(review()))


def test_a_review_rated_true_is_imported_with_a_warning():
    doc = parse_claimreview(feed(review(reviewRating={"alternateName": "Mostly true"}), about="Health"))
    assert [str(w) for w in doc.warnings] == [
        "dataFeedElement[0]: rated “Mostly true”, yet FactsQuiz proposes each claim as a false statement; "
        "check this claim before publishing it"
    ]


@pytest.mark.usefixtures("seeded")
def test_a_feed_imported_into_an_existing_document_leaves_its_other_sections_alone():
    document = SourceDocument.objects.get(slug=SEED_SLUG)
    sections_before = list(document.sections.values_list("title", "position", "is_published"))
    claims_before = sorted(Claim.objects.filter(section__document=document).values_list("text", "is_published"))
    _, report = claimreview_import(path=EXAMPLE, document=SEED_SLUG, section="Fact checks")
    document.refresh_from_db()
    assert document.title == "NATO-Russia relations: the facts"
    assert list(document.sections.values_list("title", "position", "is_published")) == [
        *sections_before,
        ("Fact checks", 7, False),
    ]
    new_claims = Claim.objects.filter(section__title="Fact checks")
    assert new_claims.count() == 4
    assert (
        sorted(
            Claim.objects.filter(section__document=document)
            .exclude(section__title="Fact checks")
            .values_list("text", "is_published")
        )
        == claims_before
    )
    assert report.left_in_place == []


# --- Malformed input changes nothing --------------------------------------------------------------


MALFORMED = [
    (b'{"@type": "DataFeed", "dataFeedElement": [', "line 1: not valid JSON"),
    ('{"claimReviewed": "caf\xe9"}'.encode("latin-1"), "line 1: the file is not valid UTF-8 text"),
    (b"42", "the file holds a number, not a ClaimReview"),
    (feed(), "the feed holds no ClaimReviews"),
    (json.dumps({"@type": "DataFeed"}), "dataFeedElement is missing"),
    (json.dumps({"@type": "DataFeed", "dataFeedElement": "x"}), "dataFeedElement must be a list, not text"),
    (json.dumps({"@type": "NewsArticle", "name": "x"}), "the file holds a “NewsArticle”, not a ClaimReview"),
    (feed(review(), "just text"), r"dataFeedElement[1]: must be a ClaimReview object, not text"),
    (feed(review(), {"@type": "Article"}), "dataFeedElement[1]: is a “Article”, not a ClaimReview"),
    (feed(review(), {"@type": "ClaimReview", "reviewBody": "x"}), "dataFeedElement[1]: claimReviewed is missing"),
    (feed(review(), review(claim=3)), "dataFeedElement[1]: claimReviewed must be text, not a number"),
    (feed(review(), review(claim="  ")), "dataFeedElement[1]: claimReviewed is empty"),
    (feed(review(), review(body=["a", "b"])), "dataFeedElement[1]: reviewBody must be text, not a list"),
    (feed(review(), review(body=None)), "dataFeedElement[1]: reviewBody is missing"),
    (feed(review(), review(url="javascript:alert(1)")), "dataFeedElement[1]: url must be an http or https address"),
    (feed(review(), review(url="ftp://example.org/x")), "dataFeedElement[1]: url must be an http or https address"),
    (feed(review(), review(url=["https://example.org"])), "dataFeedElement[1]: url must be text, not a list"),
    (feed(review(), review(about=7)), "dataFeedElement[1]: about must be text or an object with a name"),
    (feed(review(), review(reviewRating="False")), "dataFeedElement[1]: reviewRating must be an object"),
    (feed(review(), review()), "dataFeedElement[1]: claimReviewed repeats dataFeedElement[0] in the section"),
    (feed(review(claim="x" * 1001)), "dataFeedElement[0]: claimReviewed is longer than 1000 characters"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(("data", "message"), MALFORMED, ids=[m for _, m in MALFORMED])
def test_malformed_feeds_are_refused_with_the_element_and_change_nothing(tmp_path, data, message):
    claimreview_import(path=EXAMPLE)  # content a refused file must not touch
    before = snapshot()
    path = tmp_path / "feed.json"
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    with pytest.raises(DocumentError) as caught:
        claimreview_import(path=path, section="Health")
    assert message in str(caught.value)
    assert snapshot() == before


@pytest.mark.usefixtures("seeded")
def test_a_50_mb_file_is_refused_without_being_read(tmp_path):
    before = snapshot()
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: takes no room on disk
    try:
        with pytest.raises(DocumentError, match=r"the file is 50\.0 MB; a file to import may be at most 5 MB"):
            claimreview_import(path=huge)
    finally:
        huge.unlink()
    with pytest.raises(DocumentError, match="at most 5 MB"):
        claimreview_import(content=b" " * (5 * 1024 * 1024 + 1))
    assert snapshot() == before


@pytest.mark.usefixtures("empty")
def test_command_fails_naming_the_element_and_imports_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(feed(review(), review(claim=3), about="Health"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"dataFeedElement\[1\]: claimReviewed must be text.*Nothing was imported"):
        call_command("import_claimreview", str(bad))
    assert not SourceDocument.objects.exists()


@pytest.mark.usefixtures("empty")
def test_command_section_and_document_options(capsys):
    call_command("import_claimreview", str(EXAMPLE), "--section", "Energy", "--document", "energy")
    out = capsys.readouterr().out
    assert out.startswith("Imported “Home energy myths (example feed)”.")
    document = SourceDocument.objects.get(slug="energy")
    assert list(document.sections.values_list("title", flat=True)) == ["Energy"]
    with pytest.raises(CommandError, match="--document may only hold"):
        call_command("import_claimreview", str(EXAMPLE), "--document", "no spaces")


# --- Text documents keep leaving URLs to editors ---------------------------------------------------


@pytest.mark.usefixtures("empty")
def test_text_reimport_never_wipes_an_editors_url(tmp_path):
    text = "Doc\n\nPart\n\nClaim: Alpha is wrong\nFact: It was agreed (declaration here).\n\nClaim: B\nFact: C.\n"
    document_import(content=text, name="doc.txt")
    Reference.objects.update(url="https://example.org/declaration")
    _, report = document_import(content=text.encode(), name="doc.txt")
    assert Reference.objects.get().url == "https://example.org/declaration"
    assert report.counts["references"]["unchanged"] == 1


def test_text_with_a_byte_order_mark_is_read():
    doc = parse_claimreview("\ufeff" + json.dumps(review(about="Health")))
    assert [c.text for c in doc.claims] == ["Cold weather causes colds"]


@pytest.mark.usefixtures("seeded")
def test_the_librarys_own_feed_reads_back(client, settings):
    settings.ALLOWED_HOSTS = ["factsquiz.example.org"]  # a real host name: "testserver" is no valid URL host
    response = client.get(reverse("content:claimreview-feed"), HTTP_HOST="factsquiz.example.org")
    doc = parse_claimreview(response.content, section="From the library")
    assert len(doc.claims) == Claim.objects.published().count() == 26
    assert doc.warnings == []
    assert all(c.references[0].url.startswith("http://factsquiz.example.org/library/") for c in doc.claims)
