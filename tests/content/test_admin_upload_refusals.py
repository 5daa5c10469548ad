"""What the upload refuses, changing nothing: bad files, confirming anything but the preview, users without rights."""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from content.admin_upload_pending import PENDING_SECONDS, SESSION_KEY
from content.models import SourceDocument
from content.parsing import MAX_FILE_BYTES
from content.services import document_import
from tests.content.upload_helpers import (
    EXAMPLE_FEED,
    HOUSEPLANTS,
    confirm,
    counts,
    page_text,
    pending_uploads,
    snapshot,
    token_of,
    upload,
)
from tests.factories import EditorFactory, InstructorFactory, LearnerFactory

pytestmark = pytest.mark.django_db


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
