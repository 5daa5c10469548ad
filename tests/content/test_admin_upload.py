"""Uploading a document in the admin: the form, a dry-run preview with line numbers (or feed places), then confirm."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from content.models import Claim, Reference, SourceDocument
from tests.conftest import SEED_SLUG
from tests.content.upload_helpers import (
    EXAMPLE_FEED,
    HOUSEPLANTS_SLUG,
    confirm,
    counts,
    imported,
    page_text,
    pending_uploads,
    snapshot,
    table_rows,
    token_of,
    upload,
)

pytestmark = pytest.mark.django_db


# --- The form ----------------------------------------------------------------------------------


def test_the_document_list_offers_the_upload_page(as_editor):
    response = as_editor.get(reverse("admin:content_sourcedocument_changelist"))
    assert f'href="{reverse("admin:content_sourcedocument_upload")}"' in response.text
    assert "Upload a document" in response.text


def test_the_form_has_a_labelled_file_input_format_choice_and_force_off(as_editor):
    response = as_editor.get(reverse("admin:content_sourcedocument_upload"))
    assert response.status_code == 200
    page = response.text
    assert '<label for="id_file">File to import</label>' in page
    assert 'aria-describedby="id_file_helptext"' in page and "at most 5 MB" in page
    assert "<legend>Format</legend>" in page
    assert re.search(r'value="detect"[^>]*checked', page)  # "Detect from the file" by default
    assert "Detect from the file" in page and "ClaimReview JSON" in page
    assert re.search(r'<input type="checkbox" name="force"(?![^>]*checked)', page)
    assert "Force: overwrite content editors changed" in page and "is left alone" in page
    assert 'enctype="multipart/form-data"' in page
    assert "<progress" in page and "js/admin_upload.js" in page  # the upload's progress, with JavaScript


# --- A text document ---------------------------------------------------------------------------


@pytest.mark.usefixtures("empty")
def test_text_preview_lists_what_would_be_created_with_line_numbers_and_saves_nothing(as_editor):
    before = snapshot()
    response = upload(as_editor)
    assert response.status_code == 200
    text = page_text(response)
    assert "Check the import of “houseplants.txt”" in text
    assert "Nothing has been saved yet." in text
    assert "read as a “Claim:/Fact:” text document (detected from the file)" in text
    assert "into a new document, “Houseplants: myths and facts”" in text
    assert counts(response.text) == {
        "Document": (1, 0, 0, 0),
        "Section": (2, 0, 0, 0),
        "Claim": (4, 0, 0, 0),
        "Rebuttal": (4, 0, 0, 0),
        "Statement": (9, 0, 0, 0),
    }
    rows = table_rows(response.text, "upload-rows")
    assert ("line 5", "Section", "Watering", "Would be created") in rows
    assert ("line 7", "Claim", "Houseplants need water every day", "Would be created") in rows
    assert ("line 17", "Claim", "Talking to plants makes them grow faster", "Would be created") in rows
    assert ("line 21", "Statement", "False: Plants in the bedroom are dangerous at night.", "Would be created") in rows
    # The parser's warning, with its line, and the report's notes.
    assert "line 15: “Do plants like music?” could be a section heading or the end of the fact before it" in text
    assert "New claims would arrive as drafts: 4" in text
    assert 'value="Confirm import"' in response.text and "Cancel" in text
    assert snapshot() == before
    assert not SourceDocument.objects.exists()


@pytest.mark.usefixtures("empty")
def test_confirm_imports_the_previewed_file_with_history_and_says_so(as_editor, editor):
    preview = upload(as_editor)
    token = token_of(preview)
    response = confirm(as_editor, token, follow=True)
    document = SourceDocument.objects.get(slug=HOUSEPLANTS_SLUG)
    assert response.redirect_chain[-1][0] == reverse("admin:content_sourcedocument_changelist")
    text = page_text(response)
    assert "Imported “Houseplants: myths and facts” from houseplants.txt" in text
    assert "claims: 4 created, 0 updated, 0 unchanged, 0 skipped because edited" in text
    assert f'<a href="{reverse("admin:content_sourcedocument_change", args=[document.pk])}">' in response.text
    assert document.source_file == "houseplants.txt"
    assert list(document.sections.values_list("title", flat=True)) == ["Watering", "Do plants like music?"]
    assert Claim.objects.filter(section__document=document).count() == 4
    assert not Claim.objects.published().exists()  # drafts, as from the command
    record = Claim.history.filter(text="Houseplants need water every day").get()
    assert (record.history_type, record.history_user) == ("+", editor)
    assert record.history_change_reason == "Imported from houseplants.txt"
    # The kept file is gone, and the token cannot import it twice.
    assert cache.get(f"content-upload:{token}") is None and token not in pending_uploads(as_editor)
    before = snapshot()
    again = confirm(as_editor, token, follow=True)
    assert "This preview is no longer open" in page_text(again) and snapshot() == before


@pytest.mark.usefixtures("empty")
def test_the_same_file_again_is_unchanged(as_editor):
    imported(as_editor)
    before = snapshot()
    response = upload(as_editor)
    assert counts(response.text) == {
        "Document": (0, 0, 1, 0),
        "Section": (0, 0, 2, 0),
        "Claim": (0, 0, 4, 0),
        "Rebuttal": (0, 0, 4, 0),
        "Statement": (0, 0, 9, 0),
    }
    text = page_text(response)
    assert "into the document “Houseplants: myths and facts”" in text
    assert "Nothing would change" in text and "Unchanged: 20 rows" in text
    assert ("line 7", "Claim", "Houseplants need water every day") in table_rows(response.text, "upload-rows")
    assert snapshot() == before


@pytest.mark.usefixtures("empty")
def test_an_edited_claim_is_left_alone_unless_forced(as_editor):
    imported(as_editor)
    claim = Claim.objects.get(text="Ice cubes are the best way to water orchids")
    claim.text = "Ice cubes are the only way to water orchids"
    claim.save()
    before = snapshot()

    response = upload(as_editor)
    assert counts(response.text)["Claim"] == (0, 0, 3, 1)
    rows = table_rows(response.text, "upload-rows")
    assert (
        "line 11",
        "Claim",
        "Ice cubes are the only way to water orchids",
        "Left alone because edited: changed by an editor since the last import",
    ) in rows
    assert snapshot() == before
    assert confirm(as_editor, token_of(response)).status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Ice cubes are the only way to water orchids"  # the editor's change is kept

    forced = upload(as_editor, force="on")
    assert "Force is on" in page_text(forced)
    assert counts(forced.text)["Claim"] == (0, 1, 3, 0)
    assert ("line 11", "Claim", "Ice cubes are the best way to water orchids", "Would be updated") in table_rows(
        forced.text, "upload-rows"
    )
    assert confirm(as_editor, token_of(forced)).status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Ice cubes are the best way to water orchids"


@pytest.mark.usefixtures("empty")
def test_a_slug_puts_the_text_in_that_document(as_editor):
    response = upload(as_editor, slug="plants-indoors")
    confirm(as_editor, token_of(response))
    assert SourceDocument.objects.get().slug == "plants-indoors"


# --- A ClaimReview feed ------------------------------------------------------------------------


@pytest.mark.usefixtures("empty")
def test_claimreview_feed_previews_with_places_and_imports_on_confirm(as_editor):
    before = snapshot()
    response = upload(as_editor, "claimreview-example.json", EXAMPLE_FEED.read_bytes())
    assert response.status_code == 200
    text = page_text(response)
    assert "read as a ClaimReview JSON feed (detected from the file)" in text
    assert counts(response.text)["Claim"] == (4, 0, 0, 0)
    rows = table_rows(response.text, "upload-rows")
    assert (
        "dataFeedElement[0]",
        "Claim",
        "Switching a light off and on again uses more energy than leaving it on",
        "Would be created",
    ) in rows
    assert any(row[:2] == ("dataFeedElement[0]", "Reference") for row in rows)
    assert snapshot() == before

    confirm(as_editor, token_of(response))
    document = SourceDocument.objects.get()
    assert document.title == "Home energy myths (example feed)"
    assert document.source_file == "claimreview-example.json"
    assert Claim.objects.count() == 4 and Reference.objects.exclude(url="").count() == 4
    assert counts(upload(as_editor, "claimreview-example.json", EXAMPLE_FEED.read_bytes()).text)["Claim"] == (
        0,
        0,
        4,
        0,
    )


def test_claimreview_feed_into_a_chosen_document_and_section(as_editor, seeded):
    nato = SourceDocument.objects.get(slug=SEED_SLUG)
    sections_before = list(nato.sections.values_list("title", flat=True))
    response = upload(
        as_editor,
        "feed.jsonld",
        EXAMPLE_FEED.read_bytes(),
        format="claimreview",
        document=SEED_SLUG,
        section="Energy at home",
    )
    text = page_text(response)
    assert "read as a ClaimReview JSON feed," in text  # chosen, not detected
    assert f"into the document “{nato.title}”" in text
    assert ("Section", (1, 0, 0, 0)) in counts(response.text).items()
    confirm(as_editor, token_of(response))
    assert list(nato.sections.values_list("title", flat=True)) == [*sections_before, "Energy at home"]
    assert nato.sections.get(title="Energy at home").claims.count() == 4


@pytest.mark.usefixtures("empty")
def test_options_of_the_other_format_are_refused(as_editor):
    response = upload(as_editor, section="Plants")
    assert response.status_code == 422
    assert "read as a “Claim:/Fact:” text document, which names its own sections and document" in page_text(response)
    response = upload(as_editor, "claimreview-example.json", EXAMPLE_FEED.read_bytes(), slug="energy")
    assert "leave the slug empty and choose its document below instead" in page_text(response)
    assert not SourceDocument.objects.exists() and not pending_uploads(as_editor)
