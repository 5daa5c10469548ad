"""Journeys in a real browser: keyboard only, JavaScript off, resume on a phone, instructor reports, editor edits."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from quiz.models import Attempt, AttemptItem, Quiz
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def tab_to(page, locator, *, limit: int = 80) -> None:
    """Press Tab until the element has focus: how a keyboard user gets there."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def current_step(page) -> tuple[str, int]:
    attempt_id, step = re.search(r"/attempts/([0-9a-f-]+)/items/(\d+)/", page.url).groups()
    return attempt_id, int(step)


def step_items(page) -> list[AttemptItem]:
    attempt_id, step = current_step(page)
    return list(AttemptItem.objects.filter(attempt__public_id=attempt_id, step=step).order_by("position"))


def open_quiz(page, base: str, kind: str, section: str) -> None:
    quiz = Quiz.objects.get(kind=kind, section__title=section)
    page.goto(f"{base}/quizzes/{quiz.pk}/")


def answer_true_false_with_keyboard(page, watch, *, right: bool, check: bool) -> None:
    (item,) = step_items(page)
    choice = item.correct_choice if right else ("false" if item.correct_choice == "true" else "true")
    tab_to(page, page.locator("#choice-true"))
    page.keyboard.press("ArrowDown" if choice == "false" else "Space")
    expect(page.locator(f"#choice-{choice}")).to_be_checked()
    tab_to(page, page.locator("#certainty-low"))  # how sure: the radio group after the answer
    page.keyboard.press("ArrowRight")
    expect(page.locator("#certainty-medium")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Check answer"))
    page.keyboard.press("Enter")
    heading = page.locator("#step-heading")
    expect(heading).to_have_text("Correct" if right else "Not quite")
    expect(page.locator("#question-card")).to_contain_text(f"medium certainty (mark {'+2' if right else '−2'})")
    assert focused_id(page) == "step-heading"  # focus moved to the feedback
    expect(page.locator("#quiz-announcer")).to_have_text("Correct." if right else "Not quite.")
    expect(page).to_have_title(re.compile(r"^Item \d+ of \d+ · "))
    if check:
        watch.check(page, "tf-feedback-right" if right else "tf-feedback-wrong")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}])
def test_sign_up_and_take_both_quizzes_with_the_keyboard_only(page, site, watch, viewport):
    watch.page(page)
    page.set_viewport_size(viewport)
    page.goto(site)
    watch.check(page, "home")
    page.goto(f"{site}/accounts/signup/")
    watch.check(page, "signup")
    tab_to(page, page.locator("#id_username"))
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type("kim@example.org")
    tab_to(page, page.locator("#id_password1"))
    page.keyboard.type("a-long-Passphrase-42")
    tab_to(page, page.locator("#id_password2"))
    page.keyboard.type("a-long-Passphrase-42")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your sections")).to_be_visible()
    watch.check(page, "dashboard")

    # True or false, first section: the first answer right, the second wrong, the rest right.
    open_quiz(page, site, Quiz.Kind.TRUE_FALSE, "NATO and its attitude to Russia")
    watch.check(page, "quiz-detail")
    tab_to(page, page.get_by_role("button", name="Start the quiz"))
    page.keyboard.press("Enter")
    expect(page.locator("legend.statement")).to_be_visible()
    watch.check(page, "tf-item")
    # Checking with nothing chosen: an error summary, focused, and nothing saved.
    tab_to(page, page.get_by_role("button", name="Check answer"))
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("Choose True or False.")
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    watch.check(page, "tf-error")
    total = Attempt.objects.get(learner__username="kim").step_count
    for step in range(1, total + 1):
        answer_true_false_with_keyboard(page, watch, right=step != 2, check=step <= 2)
        if step < total:
            tab_to(page, page.get_by_role("link", name="Next item"))
            page.keyboard.press("Enter")
            expect(page.locator("#step-heading")).to_have_text(f"Item {step + 1} of {total}")
            assert focused_id(page) == "step-heading"
    tab_to(page, page.get_by_role("button", name="See your results"))
    page.keyboard.press("Enter")
    expect(page.locator(".score")).to_contain_text(f"{total - 1} of {total}")
    watch.check(page, "tf-results")

    # Match the rebuttal: pick each claim's fact by typing its letter into the select.
    open_quiz(page, site, Quiz.Kind.MATCHING, 'NATO as a "threat"')
    tab_to(page, page.get_by_role("button", name="Start the quiz"))
    page.keyboard.press("Enter")
    expect(page.locator("select").first).to_be_visible()
    watch.check(page, "matching-item")
    tab_to(page, page.get_by_role("button", name="Check answer"))
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("Choose the fact that answers claim 1")
    watch.check(page, "matching-error")
    attempt = Attempt.objects.get(learner__username="kim", kind=Quiz.Kind.MATCHING)
    letters = {o["token"]: o["letter"] for o in attempt.options_for(1)}
    for item in step_items(page):
        select = page.locator(f"#select-{item.token}")
        tab_to(page, select)
        page.keyboard.press(letters[item.correct_choice])
        expect(select).to_have_value(item.correct_choice)
    pairs = len(step_items(page))  # read before submitting: the test and the server share one SQLite database
    tab_to(page, page.get_by_role("button", name="Check answer"))
    page.keyboard.press("Enter")
    expect(page.locator("#step-heading")).to_have_text(f"{pairs} of {pairs} pairs correct")
    assert focused_id(page) == "step-heading"
    watch.check(page, "matching-feedback")
    tab_to(page, page.get_by_role("button", name="See your results"))
    page.keyboard.press("Enter")
    expect(page.locator(".score")).to_contain_text(f"{pairs} of {pairs} — passed")
    watch.check(page, "matching-results")


def test_both_quizzes_with_javascript_off(browser, site, watch):
    context = browser.new_context(java_script_enabled=False, base_url=site)
    page = watch.page(context.new_page())  # axe cannot run without JavaScript; the same pages are checked elsewhere
    sign_in(page, site, "lena")
    open_quiz(page, site, Quiz.Kind.TRUE_FALSE, "Promises and pledges")
    page.get_by_role("button", name="Start the quiz").click()
    total = Attempt.objects.get(learner__username="lena").step_count
    for step in range(1, total + 1):
        (item,) = step_items(page)
        page.locator(f"#choice-{item.correct_choice}").check()
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator("#step-heading")).to_have_text("Correct")
        if step < total:
            page.get_by_role("link", name="Next item").click()
    page.get_by_role("button", name="See your results").click()
    expect(page.locator(".score")).to_contain_text(f"{total} of {total} — passed")

    open_quiz(page, site, Quiz.Kind.MATCHING, "NATO's operations")
    page.get_by_role("button", name="Start the quiz").click()
    while "/items/" in page.url:
        items = step_items(page)
        for index, item in enumerate(items):
            page.locator(f"#select-{item.token}").select_option(item.correct_choice if index else "")
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator(".error-summary")).to_contain_text("Choose the fact that answers claim 1")
        expect(page).to_have_title(
            re.compile("^Error: ")
        )  # (axe needs JavaScript: the keyboard journey checks this page)
        page.locator(f"#select-{items[0].token}").select_option(items[0].correct_choice)
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator("#step-heading")).to_contain_text("pairs correct")
        next_set = page.get_by_role("link", name="Next set")
        if next_set.count():
            next_set.click()
        else:
            page.get_by_role("button", name="See your results").click()
    expect(page.locator(".score")).to_contain_text("— passed")
    context.close()


def test_leave_mid_quiz_and_resume_on_a_phone(browser, site, watch):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=site)
    page = watch.page(context.new_page())
    sign_in(page, site, "lena")
    open_quiz(page, site, Quiz.Kind.TRUE_FALSE, "NATO enlargement")
    page.get_by_role("button", name="Start the quiz").click()
    watch.check(page, "phone-item")
    for _ in range(2):
        (item,) = step_items(page)
        page.locator(f"label[for=choice-{item.correct_choice}]").click()
        page.get_by_role("button", name="Check answer").click()
        expect(page.locator("#step-heading")).to_have_text("Correct")
        page.get_by_role("link", name="Next item").click()
        expect(page.locator("legend.statement")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.close()

    page = watch.page(context.new_page())
    page.goto(site)
    watch.check(page, "phone-dashboard")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name=re.compile("^Resume True or false: NATO enlargement")).click()
    expect(page.locator("#step-heading")).to_have_text(re.compile("^Item 3 of "))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    context.close()


def test_instructor_reads_the_gradebook_and_item_analysis_and_downloads_csv(page, site, watch, django_user_model):
    from quiz import services
    from tests.helpers import answers_for

    learner = django_user_model.objects.get(username="lena")
    quiz = Quiz.objects.get(kind=Quiz.Kind.TRUE_FALSE, section__title="NATO bases and infrastructure")
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    for step in range(1, attempt.step_count + 1):
        answer = answers_for(attempt, step, right=step % 3 != 0)
        services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=step, answer=answer)
    services.attempt_finish(attempt=attempt)

    watch.page(page)
    sign_in(page, site, "ivan")
    page.goto(f"{site}/teach/")
    watch.check(page, "cohorts")
    page.get_by_role("link", name="Tuesday group").click()
    watch.check(page, "cohort")
    page.get_by_role("link", name="Gradebook").first.click()
    expect(page.locator("#gradebook-table")).to_contain_text("lena")
    # Twelve quiz columns scroll inside their box; the page itself never scrolls sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    watch.check(page, "gradebook")
    page.select_option("#id_method", "first")  # htmx swaps the table in place
    expect(page.locator("caption")).to_contain_text("first attempt")
    page.goto(f"{site}/teach/cohorts/{learner.cohorts.get().pk}/quizzes/{quiz.pk}/")
    expect(page.locator("h1")).to_contain_text("Item analysis")
    watch.check(page, "item-analysis")
    page.goto(f"{site}/teach/cohorts/{learner.cohorts.get().pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="every answer").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as downloaded:
        rows = list(csv.reader(io.StringIO(downloaded.read())))
    assert rows[0][0] == "learner" and len(rows) == 1 + attempt.max_score
    assert {row[0] for row in rows[1:]} == {"lena"}


def test_editor_rewords_a_claim_new_attempts_show_it_old_reviews_keep_the_old(browser, page, site, watch):
    from django.contrib.auth import get_user_model

    from quiz import services
    from tests.helpers import answers_for

    learner = get_user_model().objects.get(username="lena")
    quiz = Quiz.objects.get(kind=Quiz.Kind.MATCHING, section__title="Promises and pledges")
    old, _ = services.attempt_start(learner=learner, quiz=quiz)
    for step in range(1, old.step_count + 1):
        services.answer_submit(learner=learner, attempt_id=old.public_id, step=step, answer=answers_for(old, step))
    services.attempt_finish(attempt=old)
    claim = quiz.section.claims.order_by("position").first()
    old_text = claim.text

    watch.page(page)
    sign_in(page, site, "edith", admin=True)
    page.goto(f"{site}/admin/content/claim/{claim.pk}/change/")
    watch.check(page, "admin-claim")
    page.fill("#id_text", "Reworded by an editor: " + old_text)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(f"{site}/admin/content/claim/{claim.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("Reworded by an editor")
    watch.check(page, "admin-claim-history")

    context = browser.new_context(base_url=site)
    learner_page = watch.page(context.new_page())
    sign_in(learner_page, site, "lena")
    learner_page.goto(f"{site}/attempts/{old.public_id}/results/")
    expect(learner_page.locator(".review-list")).to_contain_text(old_text)
    expect(learner_page.locator(".review-list")).not_to_contain_text("Reworded by an editor")
    watch.check(learner_page, "results-after-edit")
    open_quiz(learner_page, site, Quiz.Kind.MATCHING, "Promises and pledges")
    learner_page.get_by_role("button", name=re.compile("Start the quiz|Take the quiz again")).click()
    expect(learner_page.locator(".match-list")).to_contain_text("Reworded by an editor: " + old_text)
    context.close()
