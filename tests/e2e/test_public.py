"""Signed-out journeys: the library and its search, guest quizzes (JS on and off), keeping them by signing up."""

import re

import pytest
from playwright.sync_api import expect

from quiz.models import Attempt, Quiz
from tests.e2e.test_journeys import answer_true_false_with_keyboard, focused_id, step_items, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A claim whose rebuttal cites sources, some with a known address: found by a word of its own text.
SEARCH_WORD = "marginalise"
CLAIM = "NATO has tried to isolate or marginalise Russia"
SECTION = "NATO and its attitude to Russia"
PHONE = {"width": 390, "height": 844}


def quiz_link(kind: str, section: str) -> re.Pattern:
    # Chromium puts a space before the visually hidden ": <section>" (it is absolutely positioned).
    return re.compile(rf"^{kind} ?: {re.escape(section)}$")


def scroll_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_a_visitor_reads_searches_takes_a_quiz_as_a_guest_and_keeps_it_by_signing_up(page, site, watch):
    watch.page(page)
    page.goto(f"{site}/library/")
    expect(page.get_by_role("heading", name="Library", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=CLAIM)).to_be_visible()
    watch.check(page, "public-library")

    # Search with the keyboard: Tab to the field, type, Enter.
    tab_to(page, page.get_by_label("Search claims, facts and statements"))
    page.keyboard.type(SEARCH_WORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/library/search/\?q={SEARCH_WORD}$"))
    expect(page.get_by_role("status")).to_contain_text(f"1 claim matches “{SEARCH_WORD}”")
    result = page.locator(".search-results").get_by_role("link", name=CLAIM)
    tab_to(page, result)
    page.keyboard.press("Enter")

    # The claim page: the full rebuttal, its sources, and what sharing and fact-checking tools read.
    expect(page.get_by_role("heading", name=CLAIM, level=1)).to_be_visible()
    watch.check(page, "public-claim")
    expect(page.get_by_role("heading", name="Sources", level=2)).to_be_visible()
    expect(page.locator("ul.references > li")).not_to_have_count(0)
    phrase_links = page.locator(".rebuttal a[href]")
    hrefs = [phrase_links.nth(i).get_attribute("href") for i in range(phrase_links.count())]
    assert hrefs and all(href == "#sources" or href.startswith("https://") for href in hrefs), hrefs
    assert any(href.startswith("https://") for href in hrefs), hrefs  # at least one opens its source
    assert page.locator(".references a[href^='https://']").count() >= 1
    assert page.locator("meta[name=description]").get_attribute("content")
    assert page.locator("meta[property='og:title']").get_attribute("content") == f"Claim: {CLAIM}"
    assert page.locator("script[type='application/ld+json']").count() == 1

    # The section, its "Test yourself" links, and the true/false quiz as a guest, by keyboard.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=SECTION).click()
    expect(page.get_by_role("heading", name=SECTION, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Test yourself")).to_be_visible()
    watch.check(page, "public-section")
    tab_to(page, page.get_by_role("link", name=quiz_link("True or false", SECTION)))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"True or false: {SECTION}")).to_be_visible()
    expect(page.locator(".guest-note")).to_be_visible()
    watch.check(page, "public-guest-quiz-detail")
    tab_to(page, page.get_by_role("button", name="Start the quiz"))
    page.keyboard.press("Enter")
    expect(page.locator("legend.statement")).to_be_visible()
    watch.check(page, "public-guest-tf-item")
    attempt = Attempt.objects.get(quiz__kind=Quiz.Kind.TRUE_FALSE, learner__guest__isnull=False)
    total = attempt.step_count
    with_sources = 0  # feedback lists the claim's sources inline; some claims of this section cite none
    for step in range(1, total + 1):
        answer_true_false_with_keyboard(page, watch, right=True, check=False)
        with_sources += page.locator("#question-card .item-sources").count()
        if step == 1:
            watch.check(page, "public-guest-tf-feedback")
        if step < total:
            tab_to(page, page.get_by_role("link", name="Next item"))
            page.keyboard.press("Enter")
            expect(page.locator("#step-heading")).to_have_text(f"Item {step + 1} of {total}")
            assert focused_id(page) == "step-heading"
    assert with_sources
    tab_to(page, page.get_by_role("button", name="See your results"))
    page.keyboard.press("Enter")
    expect(page.locator(".score")).to_contain_text(f"{total} of {total} — passed")
    results_path = f"/attempts/{attempt.public_id}/results/"
    assert page.url == f"{site}{results_path}"
    note = page.locator(".guest-note")
    expect(note).to_contain_text("Create a free account")
    watch.check(page, "public-guest-tf-results")

    # Keep the results: sign up from the guest note, and come back to them signed in.
    tab_to(page, note.get_by_role("link", name="Create a free account"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/signup/\?next="))
    page.fill("#id_username", "gus")
    page.fill("#id_email", "gus@example.org")
    page.fill("#id_password1", "a-long-Passphrase-42")
    page.fill("#id_password2", "a-long-Passphrase-42")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{site}{results_path}")
    expect(page.locator(".messages")).to_contain_text("The 1 quiz attempt you made as a guest is now in your account.")
    expect(page.locator(".score")).to_contain_text(f"{total} of {total} — passed")
    expect(page.locator(".guest-note")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Sign out gus"))).to_be_attached()
    watch.check(page, "public-adopted-results")
    attempt.refresh_from_db()
    assert attempt.learner.username == "gus"

    page.goto(f"{site}/")
    card = page.locator(".section-card").filter(has=page.get_by_role("heading", name=SECTION, exact=True))
    row = card.locator(".quiz-row").filter(has=page.get_by_role("link", name=quiz_link("True or false", SECTION)))
    expect(row.locator(".scores")).to_have_text(re.compile(r"^Best 100% · Latest 100%.* · 1 attempt$"))


def test_a_guest_takes_the_matching_quiz_with_javascript_off(browser, site, watch):
    context = browser.new_context(java_script_enabled=False, base_url=site)
    page = watch.page(context.new_page())
    page.goto(f"{site}/library/")
    page.get_by_role("link", name="NATO's operations", exact=True).click()
    page.get_by_role("link", name=quiz_link("Match the rebuttal", "NATO's operations")).click()
    expect(page.locator(".guest-note")).to_be_visible()
    page.get_by_role("button", name="Start the quiz").click()
    sets = with_sources = 0
    while "/items/" in page.url:
        for item in step_items(page):
            page.locator(f"#select-{item.token}").select_option(item.correct_choice)
        page.locator("#certainty-high").check()
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator("#step-heading")).to_have_text(re.compile(r"^(\d+) of \1 pairs correct$"))
        with_sources += page.locator(".item-sources").count()  # two of the section's claims cite sources
        sets += 1
        next_set = page.get_by_role("link", name="Next set")
        if next_set.count():
            next_set.click()
        else:
            page.get_by_role("button", name="See your results").click()
    assert sets >= 2 and with_sources  # seven claims, four to a set
    expect(page.locator(".score")).to_contain_text("— passed")
    expect(page.locator(".guest-note")).to_contain_text("Create a free account")
    assert Attempt.objects.get().learner.username.startswith("guest-")

    # axe needs JavaScript: the same results page, in the same guest session, in a context with it on.
    with_js = browser.new_context(storage_state=context.storage_state(), base_url=site)
    checker = watch.page(with_js.new_page())
    checker.goto(page.url)
    expect(checker.locator(".guest-note")).to_be_visible()  # still the guest's own results
    watch.check(checker, "public-guest-matching-results")
    with_js.close()
    context.close()


def test_library_and_claim_pages_fit_a_phone(browser, site, watch):
    from content.selectors import published_claims

    context = browser.new_context(viewport=PHONE, base_url=site)
    page = watch.page(context.new_page())
    page.goto(f"{site}/library/")
    assert scroll_width(page) <= PHONE["width"]
    claims = list(published_claims().select_related("section__document"))
    assert claims
    for claim in claims:  # every claim page: long titles, quotes and source lists among them
        page.goto(f"{site}{claim.get_absolute_url()}")
        assert scroll_width(page) <= PHONE["width"], claim.get_absolute_url()
    context.close()
