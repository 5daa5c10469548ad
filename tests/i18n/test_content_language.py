"""Content keeps its own language: a document's `language` (set by the importers), `lang` wherever it differs from
the interface's, `inLanguage` in the ClaimReview data; French "Affirmation :" / "Fait :" labels are read."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from content.models import Claim, SourceDocument
from content.parsing import parse_document
from content.services import document_import
from factsquiz.templatetags.formatting import content_lang

pytestmark = pytest.mark.django_db

FRENCH = Path(__file__).parent.parent / "content" / "data" / "eau-du-robinet-fr.txt"


def test_french_labels_are_read_and_say_the_language():
    parsed = parse_document(FRENCH.read_text(encoding="utf-8"))
    assert parsed.language == "fr"
    assert [len(section.claims) for section in parsed.sections] == [2, 2]
    assert [section.title for section in parsed.sections] == ["La qualité de l'eau", "L'eau et la maison"]
    first = parsed.sections[0].claims[0]
    assert first.text == "L'eau en bouteille est toujours plus sûre que l'eau du robinet"
    assert first.body.startswith("L'eau du robinet distribuée par le réseau public")


def test_english_labels_still_mean_english(seed_text_path):
    assert parse_document(seed_text_path.read_text(encoding="utf-8")).language == "en"


def test_the_importer_sets_the_language_and_the_option_overrides_it(empty):
    document, _ = document_import(path=FRENCH)
    assert document.language == "fr"
    call_command("import_document", str(FRENCH), "--slug", "eau-belge", "--language", "fr-BE", verbosity=0)
    assert SourceDocument.objects.get(slug="eau-belge").language == "fr-BE"
    with pytest.raises(CommandError, match="language tag"):
        call_command("import_document", str(FRENCH), "--slug", "eau-x", "--language", "français", verbosity=0)
    assert not SourceDocument.objects.filter(slug="eau-x").exists()


def test_claimreview_feeds_bring_their_in_language(empty, tmp_path):
    feed = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "inLanguage": "fr",
        "about": {"@type": "Thing", "name": "Eau"},
        "claimReviewed": "L'eau calcaire est dangereuse.",
        "reviewRating": {"@type": "Rating", "alternateName": "Faux"},
        "url": "https://example.org/eau",
        "reviewBody": "Le calcaire abîme les appareils, pas la santé.",
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    call_command("import_claimreview", str(path), "--document", "eau", verbosity=0)
    assert SourceDocument.objects.get(slug="eau").language == "fr"


def test_lang_marks_content_only_where_it_differs_from_the_interface(seeded):
    document, _ = document_import(path=FRENCH)
    french_claim = Claim.objects.filter(section__document=document).first()
    english_claim = Claim.objects.exclude(section__document=document).first()
    with translation.override("en-gb"):
        assert content_lang(english_claim) == ""
        assert content_lang(french_claim) == ' lang="fr"'
    with translation.override("fr"):
        assert content_lang(english_claim) == ' lang="en"'
        assert content_lang(french_claim) == ""
        assert content_lang(document) == ""
        assert content_lang("en-GB") == ' lang="en-GB"'


def test_claim_pages_and_claimreview_data_carry_the_language(client, seeded):
    claim = Claim.objects.published().select_related("section__document").first()
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("content:claim-by-id", kwargs={"pk": claim.pk}), follow=True).content.decode()
    assert ' lang="en"' in page
    data = [json.loads(block.split(">", 1)[1]) for block in page.split('<script type="application/ld+json"')[1:]
            for block in [block.split("</script>")[0]]]
    assert data and all(item.get("inLanguage") == "en" for item in data if item.get("@type") == "ClaimReview")
