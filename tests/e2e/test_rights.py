"""Journeys for assignments and learners' rights: assign and read completion; download data, delete the account."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quiz.models import Assignment, Quiz
from tests.e2e.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_instructor_assigns_a_section_and_reads_completion(browser, page, site, watch):
    from django.contrib.auth import get_user_model

    from tests.reviews.conftest import take

    watch.page(page)
    sign_in(page, site, "ivan")
    page.get_by_role("link", name="Teach").click()
    page.get_by_role("link", name="Tuesday group").click()
    page.get_by_role("link", name="Assign quizzes").click()
    watch.check(page, "assignment-form")
    page.get_by_label("NATO enlargement", exact=True).check()
    due = timezone.localtime(timezone.now() + timedelta(days=7), timezone.get_fixed_timezone(60))
    page.fill("#id_due_at", due.strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_time_zone", "Europe/Paris")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("h1")).to_have_text("NATO enlargement")
    expect(page.locator("#completion-title")).to_have_text("0 of 1 done")
    watch.check(page, "assignment-detail")
    assignment = Assignment.objects.get()
    every_kind = {Quiz.Kind.TRUE_FALSE, Quiz.Kind.MATCHING, Quiz.Kind.TECHNIQUE}  # a whole section: all its quizzes
    assert set(assignment.quizzes.values_list("kind", flat=True)) == every_kind

    lena = get_user_model().objects.get(username="lena")
    for kind in sorted(every_kind):
        take(
            Quiz.objects.get(kind=kind, section__title="NATO enlargement"),
            lena,
            now=timezone.now() - timedelta(minutes=30),
        )
    page.reload()
    expect(page.locator("#completion-title")).to_have_text("1 of 1 done")
    expect(page.locator("main")).to_contain_text("Everyone has started.")
    page.get_by_role("link", name="Tuesday group").click()
    watch.check(page, "cohort-with-assignment")
    page.get_by_role("link", name="Retention").first.click()
    expect(page.locator("h1")).to_have_text("Retention")
    watch.check(page, "retention")

    context = browser.new_context(base_url=site)
    learner = watch.page(context.new_page())
    sign_in(learner, site, "lena")
    expect(learner.locator("#assigned-title")).to_be_visible()
    expect(learner.locator(".assigned-list")).to_contain_text("Done")
    watch.check(learner, "dashboard-assigned")
    learner.get_by_role("link", name="Leave Tuesday group").click()
    expect(learner.locator("h1")).to_contain_text("Leave “Tuesday group”?")
    watch.check(learner, "cohort-leave")
    context.close()


def test_a_learner_downloads_their_data_and_deletes_their_account(page, site, watch):
    from django.contrib.auth import get_user_model

    from tests.reviews.conftest import take

    lena = get_user_model().objects.get(username="lena")
    take(
        Quiz.objects.get(kind=Quiz.Kind.TRUE_FALSE, section__title="NATO enlargement"),
        lena,
        now=timezone.now() - timedelta(days=1),
    )
    watch.page(page)
    sign_in(page, site, "lena")
    page.goto(f"{site}/accounts/")
    watch.check(page, "account")
    page.get_by_role("link", name=re.compile("Download all your data", re.I)).click()
    watch.check(page, "account-data")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("Download", re.I)).click()
    with open(download_info.value.path(), "rb") as downloaded:
        archive = zipfile.ZipFile(io.BytesIO(downloaded.read()))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["username"] == "lena" and len(data["attempts"]) == 1

    page.goto(f"{site}/accounts/")
    page.get_by_role("link", name=re.compile("Delete your account", re.I)).click()
    watch.check(page, "account-delete")
    page.fill("input[type=password]", "not my password")
    page.get_by_role("button", name=re.compile("Delete", re.I)).click()
    expect(page).to_have_title(re.compile("^Error: "))
    assert get_user_model().objects.filter(username="lena").exists()
    page.fill("input[type=password]", PASSWORD)
    page.get_by_role("button", name=re.compile("Delete", re.I)).click()
    page.wait_for_url(f"{site}/")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")).to_be_visible()
    assert not get_user_model().objects.filter(username="lena").exists()
