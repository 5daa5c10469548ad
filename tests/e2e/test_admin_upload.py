"""Admin upload in a real browser: progress with JavaScript, the plain form without, a refused file."""

import pytest
from playwright.sync_api import expect

from content.models import Claim, SourceDocument
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Invented for this test, like the one in tests/content/test_admin_upload.py.
BIRDS = """Garden birds: myths and facts

Example document written for FactsQuiz's browser tests.

Feeding

Claim: Birds should only be fed in winter

Fact: Birds can be fed all year round. In spring and summer they need food for their young as well.

Claim: Bread is a good food for garden birds

Fact: Bread fills birds up without giving them much of what they need. Seeds and fat balls are better.
"""


@pytest.fixture
def birds_file(tmp_path):
    path = tmp_path / "garden-birds.txt"
    path.write_text(BIRDS, encoding="utf-8")
    return path


def record_progress(page) -> None:
    """Keep every value the progress bar shows (the script sets its value attribute as the upload goes)."""
    page.evaluate(
        """() => {
          window.progressSeen = [];
          const bar = document.querySelector("progress");
          new MutationObserver(() => window.progressSeen.push(bar.value)).observe(bar, {attributes: true});
        }"""
    )


def test_editor_uploads_a_document_sees_progress_and_the_preview_then_confirms(page, site, watch, birds_file):
    watch.page(page)
    sign_in(page, site, "edith", admin=True)
    page.goto(f"{site}/admin/content/sourcedocument/")
    page.get_by_role("link", name="Upload a document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a document")
    watch.check(page, "admin-upload-form")

    page.get_by_label("File to import").set_input_files(birds_file)
    record_progress(page)
    page.get_by_role("button", name="Preview the import").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Check the import of “garden-birds.txt”")
    assert page.evaluate("() => document.activeElement === document.querySelector('h1')")  # focus moved to it
    assert 100 in page.evaluate("() => window.progressSeen")
    expect(page.locator(".breadcrumbs")).to_contain_text("Check the import")
    expect(page.locator(".upload-rows")).to_contain_text("line 7")
    assert not SourceDocument.objects.filter(title="Garden birds: myths and facts").exists()
    watch.check(page, "admin-upload-preview")

    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported “Garden birds: myths and facts”")
    watch.check(page, "admin-upload-done")
    page.get_by_role("link", name="Open the document “Garden birds: myths and facts”").click()
    expect(page.locator("#id_title")).to_have_value("Garden birds: myths and facts")
    assert Claim.objects.filter(section__document__title="Garden birds: myths and facts").count() == 2


def test_a_refused_file_shows_the_error_summary_focused(page, site, watch, tmp_path):
    bad = tmp_path / "feed.json"
    bad.write_text('{"@type": "ClaimReview", "claimReviewed": }', encoding="utf-8")
    watch.page(page)
    sign_in(page, site, "edith", admin=True)
    page.goto(f"{site}/admin/content/sourcedocument/upload/")
    page.get_by_label("File to import").set_input_files(bad)
    page.get_by_role("button", name="Preview the import").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("line 1: not valid JSON")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    watch.check(page, "admin-upload-refused")
    summary.get_by_role("link").click()  # the summary's link leads to the field
    expect(page.get_by_label("File to import")).to_be_focused()


def test_upload_and_confirm_with_javascript_off(browser, site, watch, birds_file):
    context = browser.new_context(java_script_enabled=False, base_url=site)
    page = watch.page(context.new_page())
    sign_in(page, site, "edith", admin=True)
    page.goto(f"{site}/admin/content/sourcedocument/upload/")
    page.get_by_label("File to import").set_input_files(birds_file)
    page.get_by_label("“Claim:/Fact:” text").check()
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import of “garden-birds.txt”")
    expect(page.locator(".upload-counts")).to_contain_text("Claim")
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported “Garden birds: myths and facts”")
    assert SourceDocument.objects.filter(title="Garden birds: myths and facts").exists()
    context.close()
