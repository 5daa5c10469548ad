"""Uploading a document in the admin: a dry-run preview with line numbers, then confirm; refusals change nothing."""

import html
import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.admin_upload import PENDING_SECONDS, SESSION_KEY
from content.models import Claim, Rebuttal, Reference, Section, SourceDocument, Statement
from content.parsing import MAX_FILE_BYTES
from content.services import document_import
from tests.conftest import SEED_SLUG
from tests.factories import EditorFactory, InstructorFactory, LearnerFactory

pytestmark = pytest.mark.django_db

EXAMPLE_FEED = Path(__file__).resolve().parents[2] / "content" / "seed" / "claimreview-example.json"
MODELS = (SourceDocument, Section, Claim, Rebuttal, Reference, Statement)
# Invented for this test. Line 15 reads two ways (a heading, or the end of the fact before it).
HOUSEPLANTS = b"""Houseplants: myths and facts

Example document written for FactsQuiz's upload tests, about keeping plants indoors.

Watering

Claim: Houseplants need water every day

Fact: Most houseplants need water only when the top of the soil is dry. Watering every day drowns their roots.

Claim: Ice cubes are the best way to water orchids

Fact: Orchids come from warm places and do better with room-temperature water. Ice cubes chill the roots.

Do plants like music?

Claim: Talking to plants makes them grow faster

Fact: No study has shown that speech helps a plant grow. Breath adds far too little carbon dioxide to matter.

Claim: Plants in the bedroom are dangerous at night

Fact: A plant takes in a little oxygen at night, far less than a person or a pet in the same room.
"""
HOUSEPLANTS_SLUG = "houseplants-myths-and-facts"


# --- Helpers ---------------------------------------------------------------------------------


def snapshot():
    """Every row of content with every value, and every history row: "nothing changed" means exactly that."""
    rows = {m.__name__: sorted(map(repr, m.objects.values_list())) for m in MODELS}
    rows |= {f"{m.__name__} history": m.history.count() for m in MODELS}
    return rows


def upload(client, name="houseplants.txt", data=HOUSEPLANTS, **fields):
    fields.setdefault("format", "detect")
    return client.post(
        reverse("admin:content_sourcedocument_upload"), {"file": SimpleUploadedFile(name, data), **fields}
    )


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.text)[1]


def confirm(client, token, **kwargs):
    return client.post(reverse("admin:content_sourcedocument_upload_confirm"), {"token": token}, **kwargs)


def text_of(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def table_rows(page: str, css_class: str) -> list[tuple[str, ...]]:
    """The body rows of the page's first table with that class, as the cells' text."""
    table = re.search(rf'<table class="{css_class}".*?<tbody>(.*?)</tbody>', page, re.S)
    if not table:
        return []
    return [
        tuple(text_of(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[1], re.S)
    ]


def counts(page: str) -> dict[str, tuple[int, ...]]:
    """The counts table: per kind, (would create, would update, unchanged, left alone because edited)."""
    return {kind: tuple(map(int, numbers)) for kind, *numbers in table_rows(page, "upload-counts")}


def page_text(response) -> str:
    return " ".join(text_of(response.text).split())


def pending_uploads(client) -> dict:
    return client.session.get(SESSION_KEY, {})


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def imported(client) -> None:
    """The houseplants document, uploaded and confirmed through the admin."""
    response = confirm(client, token_of(upload(client)))
    assert response.status_code == 302
    assert SourceDocument.objects.filter(slug=HOUSEPLANTS_SLUG).exists()


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


# --- Refused files -----------------------------------------------------------------------------


REFUSED = {
    "bad JSON": ("feed.json", b'{"@type": "ClaimReview", "claimReviewed": }', {}, "line 1: not valid JSON"),
    "not UTF-8": (
        "plants.txt",
        HOUSEPLANTS.replace(b"Orchids", b"Orchid\xe9es"),
        {},
        "line 13: the file is not valid UTF-8",
    ),
    "not UTF-8 JSON": ("feed.json", b'{"name": "Caf\xe9"}', {}, "the file is not valid UTF-8 text"),
    "over the size cap": ("big.txt", b"a" * (MAX_FILE_BYTES + 1), {}, "a file to import may be at most 5 MB"),
    "empty": ("empty.txt", b"", {}, "The file is empty"),
    "only blank lines": ("blank.txt", b"\xef\xbb\xbf\n \n", {}, "The file is empty"),
    "no claims": ("notes.txt", b"Shopping list\n\nMilk\nBread\n", {}, "The file was refused:"),
    "a feed with no reviews": (
        "feed.json",
        json.dumps({"@type": "DataFeed", "dataFeedElement": []}).encode(),
        {},
        "no ClaimReviews",
    ),
    "a feed read as text": (
        "feed.txt",
        EXAMPLE_FEED.read_bytes(),
        {"format": "text"},
        "It looks like a ClaimReview JSON feed: choose the format “ClaimReview JSON”.",
    ),
    "no file": (None, None, {}, "Choose a file to import."),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_file_shows_a_clear_message_on_the_form_and_changes_nothing(as_editor, case):
    name, data, fields, message = case
    before = snapshot()
    if name is None:
        response = as_editor.post(reverse("admin:content_sourcedocument_upload"), {"format": "detect"})
    else:
        response = upload(as_editor, name, data, **fields)
    assert response.status_code == 422
    text = page_text(response)
    assert message in text
    assert "There is a problem" in text and '<a href="#id_file">' in response.text  # the summary links to the field
    assert re.search(r"<title>Error: ", response.text)
    assert 'aria-invalid="true"' in response.text and 'id="id_file_error"' in response.text
    assert "Nothing was imported" in text or name in (None, "empty.txt", "blank.txt")
    assert snapshot() == before
    assert not pending_uploads(as_editor)


def test_a_refusal_names_the_line(as_editor):
    data = HOUSEPLANTS.replace(b"Fact: Orchids come", b"Orchids come").replace(
        b"Ice cubes chill the roots.", b"Ice cubes chill the roots.\n\nClaim:"
    )
    response = upload(as_editor, data=data)
    assert response.status_code == 422
    assert re.search(r"The file was refused: line \d+: ", page_text(response))


# --- Confirming only what was previewed --------------------------------------------------------


@pytest.mark.usefixtures("empty")
def test_a_tampered_token_is_refused_and_imports_nothing(as_editor):
    token = token_of(upload(as_editor))
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "../../etc/passwd", ""):
        response = confirm(as_editor, forged, follow=True)
        assert response.redirect_chain[-1][0] == reverse("admin:content_sourcedocument_upload")
        assert "Nothing was imported" in page_text(response)
    assert not SourceDocument.objects.exists()
    assert confirm(as_editor, token).status_code == 302  # the real one still works
    assert SourceDocument.objects.exists()


@pytest.mark.usefixtures("empty")
def test_another_editors_preview_cannot_be_confirmed(client, as_editor):
    token = token_of(upload(as_editor))
    client.force_login(EditorFactory())  # another session: the token is not in it
    response = confirm(client, token, follow=True)
    assert "This preview is no longer open" in page_text(response)
    assert not SourceDocument.objects.exists()


@pytest.mark.usefixtures("empty")
def test_an_expired_upload_is_refused_and_cleaned_up(as_editor):
    token = token_of(upload(as_editor))
    cache.delete(f"content-upload:{token}")  # what the cache's expiry does
    response = confirm(as_editor, token, follow=True)
    assert "expired: a previewed file is kept for 60 minutes" in page_text(response)
    assert not SourceDocument.objects.exists() and token not in pending_uploads(as_editor)


@pytest.mark.usefixtures("empty")
def test_an_upload_older_than_an_hour_is_refused_even_if_the_cache_kept_it(as_editor):
    token = token_of(upload(as_editor))
    session = as_editor.session
    session[SESSION_KEY][token]["stored_at"] -= PENDING_SECONDS + 1
    session.save()
    response = confirm(as_editor, token, follow=True)
    assert "expired" in page_text(response)
    assert not SourceDocument.objects.exists()
    assert cache.get(f"content-upload:{token}") is None


@pytest.mark.usefixtures("empty")
def test_a_changed_file_is_refused(as_editor):
    token = token_of(upload(as_editor))
    cache.set(f"content-upload:{token}", HOUSEPLANTS.replace(b"every day", b"every hour"))
    response = confirm(as_editor, token, follow=True)
    assert "is not the one you previewed" in page_text(response)
    assert not SourceDocument.objects.exists()


@pytest.mark.usefixtures("empty")
def test_content_changed_since_the_preview_shows_a_new_preview_and_imports_nothing(as_editor):
    token = token_of(upload(as_editor))
    document_import(content=HOUSEPLANTS, name="houseplants.txt")  # someone else imported it meanwhile
    before = snapshot()
    response = confirm(as_editor, token)
    assert response.status_code == 200
    text = page_text(response)
    assert "The content changed since your preview" in text and "nothing was imported" in text
    assert counts(response.text)["Claim"] == (0, 0, 4, 0)  # the fresh preview
    assert snapshot() == before
    assert confirm(as_editor, token_of(response)).status_code == 302  # confirming the new preview works


@pytest.mark.usefixtures("empty")
def test_a_session_keeps_at_most_three_previews(as_editor):
    tokens = [token_of(upload(as_editor)) for _ in range(4)]
    assert set(pending_uploads(as_editor)) == set(tokens[1:])
    assert cache.get(f"content-upload:{tokens[0]}") is None
    assert "no longer open" in page_text(confirm(as_editor, tokens[0], follow=True))


# --- Who may upload ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "learner", "instructor"])
def test_only_staff_reach_the_upload_page(client, learner, who):
    if who == "learner":
        client.force_login(learner)
    elif who == "instructor":
        client.force_login(InstructorFactory())
    before = snapshot()
    for response in (
        client.get(reverse("admin:content_sourcedocument_upload")),
        upload(client),
        confirm(client, "a" * 32),
    ):
        assert response.status_code == 302  # to a sign-in page: the admin's, or the site's for the signed out
        assert response["Location"].startswith((reverse("admin:login"), reverse("login")))
    assert snapshot() == before


def test_staff_without_content_permissions_are_refused(client):
    client.force_login(LearnerFactory(is_staff=True))  # staff, but no permission on content
    before = snapshot()
    assert client.get(reverse("admin:content_sourcedocument_upload")).status_code == 403
    assert upload(client).status_code == 403
    assert confirm(client, "a" * 32).status_code == 403
    assert snapshot() == before


def test_a_superuser_may_upload(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "not-used"))
    assert client.get(reverse("admin:content_sourcedocument_upload")).status_code == 200
    assert "Upload a document" in client.get(reverse("admin:content_sourcedocument_changelist")).text
