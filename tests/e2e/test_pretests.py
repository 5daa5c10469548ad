"""Pre- and post-tests in a real browser: the instructor switches them on, a learner takes pre-test, quiz, post-test."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from quiz.models import Attempt, Cohort, Quiz
from quiz.teaching.models import CohortTest
from tests.e2e.conftest import sign_in
from tests.e2e.test_journeys import answer_true_false_with_keyboard, focused_id, open_quiz, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COHORT = "Tuesday group"
SECTION = 'NATO as a "threat"'
ITEMS = 10  # eight statements, then two technique items
LEGEND = "Which technique does this statement mainly use?"


def card(page, heading: str):
    return page.locator("main section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def open_test_item(page, phase: str) -> tuple[Attempt, int, list]:
    """The open step of the learner's test: read from the page's heading (htmx swaps it without changing the URL)."""
    test = CohortTest.objects.select_related("attempt").get(learner__username="lena", phase=phase)
    heading = page.locator("#step-heading")
    expect(heading).to_have_text(re.compile(rf"^Item \d+ of {ITEMS}$"))
    step = int(re.match(r"Item (\d+)", heading.inner_text())[1])
    return test.attempt, step, list(test.attempt.items.filter(step=step))


def answer_test_item(page, phase: str, *, right: bool) -> int:
    """Answer the open item of a test with the mouse (at high certainty) and save it: no feedback follows."""
    attempt, step, (item,) = open_test_item(page, phase)
    question = page.locator("#question-card")
    expect(question.locator("#progress-text")).to_have_text(f"Item {step} of {ITEMS}")
    if attempt.step_is_technique(step):
        expect(question.locator("fieldset legend").first).to_have_text(LEGEND)
        tokens = [option["token"] for option in attempt.options_for(step)]
        assert len(tokens) == 4 and step > ITEMS - 2  # technique items come last
        index = tokens.index(item.correct_choice) if right else (tokens.index(item.correct_choice) + 1) % 4
        question.locator(f"label[for=technique-{index + 1}]").click()
    else:
        assert step <= ITEMS - 2
        expect(question.locator("legend.statement")).to_have_text(item.prompt)
        # Wrong, by answering "true" to everything: every false statement is then believed.
        choice = item.correct_choice if right else "true"
        question.locator(f"label[for=choice-{choice}]").click()
    question.locator("label[for=certainty-high]").click()
    page.get_by_role("button", name="Save and continue").click()
    return step


def take_test(page, phase: str, *, right: bool, js: bool) -> None:
    """All ten items, each straight on to the next (no "Correct" between them), then the finish page."""
    for expected in range(1, ITEMS + 1):
        step = answer_test_item(page, phase, right=right)
        assert step == expected
        if step < ITEMS:
            expect(page.locator("#step-heading")).to_have_text(f"Item {step + 1} of {ITEMS}")
            expect(page.locator("#question-card .feedback")).to_have_count(0)
            if js:
                assert focused_id(page) == "step-heading"  # the swap moved focus to the new item
    page.wait_for_url(re.compile(r"/finish/$"))
    expect(page.locator("h1")).to_have_text("You have answered every item")


def take_both_tests_in_process(username: str, cohort: Cohort) -> None:
    """Another member's pre- and post-test, through the services the views call (no browser: not this journey)."""
    from quiz import services
    from quiz.teaching import pretests
    from tests.factories import LearnerFactory
    from tests.helpers import answers_for

    other = LearnerFactory(username=username)
    cohort.memberships.create(learner=other)
    for phase in ("pre", "post"):
        attempt, _ = pretests.test_start(learner=other, cohort=cohort, phase=phase)
        for step in range(1, attempt.step_count + 1):
            answer = {**answers_for(attempt, step), "certainty": "medium"}
            services.answer_submit(learner=other, attempt_id=attempt.public_id, step=step, answer=answer)
        services.attempt_finish(attempt=attempt)


def test_an_instructor_switches_the_tests_on_and_reads_the_gain_of_pre_test_quiz_and_post_test(
    browser, page, site, watch
):
    cohort = Cohort.objects.get(name=COHORT)
    tests_url = f"{site}/teach/cohorts/{cohort.pk}/tests/"

    # The instructor (JavaScript on) switches the tests on for his cohort.
    watch.page(page)
    sign_in(page, site, "ivan")
    page.get_by_role("link", name="Teach").click()
    page.get_by_role("link", name=COHORT).click()
    page.get_by_role("navigation", name="Cohort").get_by_role("link", name="Pre- and post-test").click()
    page.wait_for_url(tests_url)
    expect(page.get_by_role("heading", name="Pre- and post-test", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("No learner has taken both tests yet")
    switch = page.get_by_role("checkbox", name="Pre- and post-test")
    expect(switch).not_to_be_checked()
    watch.check(page, "cohort-tests-off")
    switch.check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(tests_url)
    expect(page.locator(".messages")).to_contain_text(f"The pre- and post-test is on for “{COHORT}”.")
    expect(switch).to_be_checked()
    watch.check(page, "cohort-tests-on")
    cohort.refresh_from_db()
    assert cohort.tests_enabled and cohort.post_test_opens_at is None

    # lena, a member, with JavaScript off: starting a quiz sends her to the pre-test first.
    plain = browser.new_context(java_script_enabled=False, base_url=site)
    learner = watch.page(plain.new_page())  # axe needs JavaScript: a context with it on checks these pages below
    sign_in(learner, site, "lena")
    pre_card = card(learner, "A short pre-test first")
    expect(pre_card).to_contain_text(f"“{COHORT}” asks for a two-minute test before your first quiz")
    expect(pre_card.get_by_role("link", name="Take the pre-test")).to_have_attribute(
        "href", f"/groups/{cohort.pk}/tests/pre/"
    )
    open_quiz(learner, site, Quiz.Kind.TRUE_FALSE, SECTION)
    learner.get_by_role("button", name="Start the quiz").click()
    learner.wait_for_url(f"{site}/groups/{cohort.pk}/tests/pre/")
    expect(learner.locator(".messages")).to_contain_text(f"“{COHORT}” asks for a short pre-test first")
    expect(learner.locator("h1")).to_have_text(f"A short pre-test for “{COHORT}”")
    assert not Attempt.objects.filter(learner__username="lena").exists()  # the quiz did not start
    learner.get_by_role("button", name="Start the pre-test").click()
    learner.wait_for_url(re.compile(r"/items/1/$"))
    take_test(learner, "pre", right=False, js=False)
    learner.get_by_role("button", name="See your results").click()
    learner.wait_for_url(re.compile(r"/results/$"))
    pre_results = learner.url
    expect(learner.locator("h1")).to_have_text("Thank you: your pre-test is done")
    pre = CohortTest.objects.select_related("attempt").get(learner__username="lena", phase="pre")
    assert pre.attempt.is_finished and pre.attempt.discernment == 0  # every statement called true
    for item in pre.attempt.items.all():  # no answer shown: the pre-test teaches nothing
        expect(learner.locator("main")).not_to_contain_text(item.prompt)

    # The same session with JavaScript on: axe on the pages just seen, then a quiz and the post-test.
    context = browser.new_context(storage_state=plain.storage_state(), base_url=site)
    plain.close()
    learner = watch.page(context.new_page())
    learner.set_viewport_size({"width": 1280, "height": 900})
    learner.goto(pre_results)
    expect(learner.locator("h1")).to_have_text("Thank you: your pre-test is done")
    watch.check(learner, "pre-test-done")
    learner.goto(f"{site}/groups/{cohort.pk}/tests/pre/")
    expect(learner.get_by_role("link", name="See where you stand")).to_have_attribute("href", pre_results[len(site) :])
    watch.check(learner, "pre-test-intro-taken")

    # An ordinary quiz, by keyboard, with htmx: feedback after each item again.
    open_quiz(learner, site, Quiz.Kind.TRUE_FALSE, SECTION)
    tab_to(learner, learner.get_by_role("button", name="Start the quiz"))
    learner.keyboard.press("Enter")
    learner.wait_for_url(re.compile(r"/items/1/$"))
    quiz_attempt = Attempt.objects.get(learner__username="lena", quiz__isnull=False)
    total = quiz_attempt.step_count
    for step in range(1, total + 1):
        answer_true_false_with_keyboard(learner, watch, right=True, check=False)
        if step < total:
            tab_to(learner, learner.get_by_role("link", name="Next item"))
            learner.keyboard.press("Enter")
            expect(learner.locator("#step-heading")).to_have_text(f"Item {step + 1} of {total}")
    tab_to(learner, learner.get_by_role("button", name="See your results"))
    learner.keyboard.press("Enter")
    expect(learner.locator(".score")).to_contain_text(f"{total} of {total}")

    # The post-test, open now that the pre-test is done (no date set), with JavaScript on.
    learner.goto(f"{site}/")
    post_card = card(learner, "Your post-test is open")
    expect(post_card).to_contain_text(f"“{COHORT}” asks for the post-test")
    expect(card(learner, "A short pre-test first")).to_have_count(0)
    watch.check(learner, "dashboard-post-test-open")
    post_card.get_by_role("link", name="Take the post-test").click()
    learner.wait_for_url(f"{site}/groups/{cohort.pk}/tests/post/")
    expect(learner.locator("h1")).to_have_text(f"The post-test for “{COHORT}”")
    watch.check(learner, "post-test-intro")
    learner.get_by_role("button", name="Start the post-test").click()
    learner.wait_for_url(re.compile(r"/items/1/$"))
    expect(learner.locator("#step-heading")).to_have_text(f"Item 1 of {ITEMS}")
    watch.check(learner, "post-test-item")
    take_test(learner, "post", right=True, js=True)
    watch.check(learner, "post-test-finish")
    learner.get_by_role("button", name="See your results").click()
    learner.wait_for_url(re.compile(r"/results/$"))
    post = CohortTest.objects.select_related("attempt").get(learner__username="lena", phase="post")
    assert post.half != pre.half and post.attempt.discernment == 100
    assert not {i.held_out_id for i in post.attempt.items.all()} & {i.held_out_id for i in pre.attempt.items.all()}

    # Both tests done: their results show every answer, and the dashboard the before and after.
    expect(learner.locator(".score")).to_be_visible()
    expect(learner.locator(".review-list > li")).to_have_count(ITEMS)
    expect(learner.locator(".review-list")).to_contain_text(post.attempt.items.order_by("position")[0].prompt)
    watch.check(learner, "post-test-results")
    learner.goto(pre_results)
    expect(learner.locator(".review-list > li")).to_have_count(ITEMS)
    watch.check(learner, "pre-test-results-after-post")
    learner.goto(f"{site}/")
    before_after = card(learner, f"Before and after: {COHORT}")
    expect(before_after).to_contain_text("Discernment: 0 → 100")
    expect(before_after).to_contain_text("Techniques named: 0 of 2 → 2 of 2")
    expect(card(learner, "Your post-test is open")).to_have_count(0)
    watch.check(learner, "dashboard-before-and-after")
    context.close()

    # The instructor reads the gain. With one learner there is no interval (the test below), so a second member
    # took both tests too.
    take_both_tests_in_process("max", cohort)
    page.goto(tests_url)
    main = page.locator("main")
    expect(page.get_by_role("note")).to_have_text(
        "Only 2 learners took both tests: treat these figures as a first impression, not evidence."
    )
    # lena: 0 → 100; max: 100 → 100. Mean change 50, SD of the changes 70.7, so d_z 0.71; t(0.975, 1) = 12.706.
    expect(main).to_contain_text("2 learners took both tests.")
    expect(main).to_contain_text("Discernment on held-out items went from 50 to 100")
    expect(main).to_contain_text("A change of 50.0 points (95% confidence interval -585.3 to 685.3)")
    expect(main).to_contain_text("Effect size dz = 0.71: a medium improvement.")
    expect(page.locator("main svg title").first).to_have_text("Discernment before and after")
    table = page.get_by_role("table", name="The group before and after")
    discernment = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Discernment"))
    expect(discernment.locator("td.num")).to_have_text(["50.0", "100.0"])
    techniques = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Techniques named right"))
    expect(techniques.locator("td.num")).to_have_text(["50%", "100%"])
    watch.check(page, "cohort-tests-gain")

    # The research export: a CSV download whose header is the columns the page documents.
    documented = page.locator("dl.columns dt code").all_inner_texts()
    link = page.get_by_role("link", name="download (CSV)")
    response = page.request.get(f"{site}{link.get_attribute('href')}")
    assert response.ok and response.headers["content-type"] == "text/csv; charset=utf-8"
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert re.fullmatch(r"tuesday-group-tests-research-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig") as downloaded:
        rows = list(csv.DictReader(io.StringIO(downloaded.read())))
    assert rows and list(rows[0]) == documented
    assert len(documented) == 12 and documented[:2] == ["participant", "test"]
    lena_rows = [row for row in rows if row["participant"] == pre.anonymous_id]
    assert [(row["test"], row["half"], row["discernment"]) for row in lena_rows] == [
        ("pre", pre.half, "0"),
        ("post", post.half, "100"),
    ]
    assert len(rows) == 4 and len({row["participant"] for row in rows}) == 2
    assert all(len(row["answers"].split(";")) == ITEMS for row in rows)
    assert "lena" not in download.path().read_text(encoding="utf-8-sig")  # anonymised


def test_with_one_learner_the_instructor_sees_the_figures_and_the_small_sample_warning(page, site, watch):
    cohort = Cohort.objects.get(name=COHORT)
    cohort.tests_enabled = True
    cohort.save(update_fields=["tests_enabled"])
    take_both_tests_in_process("max", cohort)
    watch.page(page)
    sign_in(page, site, "ivan")
    page.goto(f"{site}/teach/cohorts/{cohort.pk}/tests/")
    main = page.locator("main")
    expect(main).not_to_contain_text("No learner has taken both tests yet", timeout=2_000)
    expect(main).to_contain_text("1 learner took both tests", timeout=2_000)
    expect(page.get_by_role("note")).to_contain_text("first impression, not evidence", timeout=2_000)
    expect(page.get_by_role("table", name="The group before and after")).to_be_visible(timeout=2_000)
