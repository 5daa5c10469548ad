"""A review session in a real browser: by keyboard with axe on every page, and with JavaScript off."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quiz.models import Attempt, Quiz
from tests.e2e.conftest import sign_in
from tests.e2e.test_journeys import current_step, focused_id, step_items, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def met_long_ago(username: str, sections: list[str]) -> None:
    """The learner took these sections' true/false quizzes a month ago: their myths are due for review now."""
    from django.contrib.auth import get_user_model

    from tests.reviews.conftest import take

    learner = get_user_model().objects.get(username=username)
    for title in sections:
        take(
            Quiz.objects.get(kind=Quiz.Kind.TRUE_FALSE, section__title=title),
            learner,
            now=timezone.now() - timedelta(days=30),
        )


def letters(page) -> dict[str, str]:
    attempt_id, step = current_step(page)
    return {o["token"]: o["letter"] for o in Attempt.objects.get(public_id=attempt_id).options_for(step)}


def test_a_review_session_by_keyboard_only(page, site, watch):
    met_long_ago("lena", ["NATO and its attitude to Russia", "Promises and pledges", "NATO enlargement"])
    watch.page(page)
    sign_in(page, site, "lena")
    expect(page.locator("#next-title")).to_contain_text("due for review")
    watch.check(page, "dashboard-review-due")
    tab_to(page, page.get_by_role("button", name="Start the review"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/items/1/$"))
    attempt = Attempt.objects.get(kind=Attempt.Kind.REVIEW)
    seen_matching = False
    for step in range(1, attempt.step_count + 1):
        items = step_items(page)
        if attempt.step_is_technique(step):  # a technique item, besides the facts: the radio of the right one
            (item,) = items
            tokens = [o["token"] for o in attempt.options_for(step)]
            tab_to(page, page.locator("#technique-1"))
            for _ in range(tokens.index(item.correct_choice)):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        elif attempt.step_is_matching(step):
            by_letter = letters(page)
            for item in items:
                select = page.locator(f"#select-{item.token}")
                tab_to(page, select)
                page.keyboard.press(by_letter[item.correct_choice])
                expect(select).to_have_value(item.correct_choice)
        else:
            (item,) = items
            tab_to(page, page.locator("#choice-true"))
            page.keyboard.press("ArrowDown" if item.correct_choice == "false" else "Space")
        tab_to(page, page.locator("#certainty-low"))
        page.keyboard.press("ArrowRight")
        matching = attempt.step_is_matching(step) and not attempt.step_is_technique(step)
        if step == 1 or (matching and not seen_matching):
            watch.check(page, f"review-step-{'matching' if matching else 'statement'}")
        tab_to(page, page.get_by_role("button", name="Check answer"))
        page.keyboard.press("Enter")
        expect(page.locator("#step-heading")).to_have_text(re.compile("Correct|pairs? correct"))
        assert focused_id(page) == "step-heading"
        if matching and not seen_matching:
            seen_matching = True
            watch.check(page, "review-matching-feedback")
        if step < attempt.step_count:
            tab_to(page, page.get_by_role("link", name="Next item"))
            page.keyboard.press("Enter")
            expect(page.locator("#step-heading")).to_have_text(f"Item {step + 1} of {attempt.step_count}")
    assert seen_matching  # ten claims due: the review mixes in matching sets
    tab_to(page, page.get_by_role("button", name="See your results"))
    page.keyboard.press("Enter")
    expect(page.locator(".score")).to_contain_text(f"{attempt.max_score} of {attempt.max_score} right")
    expect(page.locator(".result-panel")).not_to_contain_text("passed")
    watch.check(page, "review-results")
    page.goto(f"{site}/review/")
    watch.check(page, "review-page")
    page.goto(f"{site}/review/reminders/")
    watch.check(page, "review-reminders")


def test_a_review_session_with_javascript_off(browser, site, watch):
    met_long_ago("lena", ["NATO and its attitude to Russia", "NATO's operations"])
    context = browser.new_context(java_script_enabled=False, base_url=site)
    page = watch.page(context.new_page())
    sign_in(page, site, "lena")
    page.goto(f"{site}/review/")
    page.get_by_role("button", name="Start the review").click()
    while "/items/" in page.url:
        attempt_id, step = current_step(page)
        attempt = Attempt.objects.get(public_id=attempt_id)
        items = step_items(page)
        if attempt.step_is_technique(step):
            tokens = [o["token"] for o in attempt.options_for(step)]
            page.locator(f"#technique-{tokens.index(items[0].correct_choice) + 1}").check()
        elif attempt.step_is_matching(step):
            for item in items:
                page.locator(f"#select-{item.token}").select_option(item.correct_choice)
        else:
            page.locator(f"#choice-{items[0].correct_choice}").check()
        page.locator("#certainty-high").check()
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator("#step-heading")).to_have_text(re.compile("Correct|pairs? correct"))
        following = page.get_by_role("link", name="Next item")
        if following.count():
            following.click()
        else:
            page.get_by_role("button", name="See your results").click()
    expect(page.locator(".score")).to_contain_text("right")
    page.goto(f"{site}/review/")
    expect(page.locator("#now-title")).to_have_text(re.compile("Nothing is due|myths? (is|are) due"))
    context.close()
