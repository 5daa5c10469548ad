"""Spot the technique in a real browser: by keyboard, JavaScript off, every section, the library, a phone, a cohort."""

import re

import pytest
from playwright.sync_api import expect

from quiz.models import Attempt, Quiz
from tests.e2e.conftest import sign_in
from tests.e2e.test_journeys import current_step, focused_id, step_items, tab_to
from tests.e2e.test_public import scroll_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KIND = "Spot the technique"
SMALL_SECTION = 'NATO as a "threat"'  # three claims: with two invented examples, five items
DOCUMENT = "NATO-Russia relations: the facts"
LEGEND = "Which technique does this statement mainly use?"
INVENTED = "An invented example, not from the document."
PHONE = {"width": 390, "height": 844}


def start_button(page, label: str):
    """The dashboard's start button of a technique quiz; `label` is the section's or the document's title."""
    return page.get_by_role("button", name=re.compile(rf"^(Start|Resume) ?{KIND}: {re.escape(label)}$"))


def across_card(page):
    return page.locator(".section-card").filter(has=page.get_by_role("heading", name="Across the whole document"))


def technique_step(page) -> dict:
    """What the test needs to know of the open item, read before answering (the server shares the database)."""
    attempt_id, step = current_step(page)
    attempt = Attempt.objects.get(public_id=attempt_id)
    assert attempt.step_is_technique(step)
    (item,) = step_items(page)
    options = attempt.options_for(step)
    right = next(i for i, option in enumerate(options, 1) if option["token"] == item.correct_choice)
    return {
        "attempt": attempt,
        "step": step,
        "total": attempt.step_count,
        "names": [option["text"] for option in options],
        "right": right,  # 1-based, as the radios' ids technique-1..4
        "from_claim": item.claim_id is not None,
    }


def expect_question(page, current: dict) -> None:
    card = page.locator("#question-card")
    expect(card.locator("fieldset legend").first).to_have_text(LEGEND)
    expect(card.locator("fieldset blockquote.quoted-claim")).to_be_visible()
    expect(card.get_by_role("radio")).to_have_count(4 + 3 * current["attempt"].asks_certainty)
    for index, name in enumerate(current["names"], 1):
        expect(card.locator(f"label[for=technique-{index}]")).to_have_text(name)
    if current["from_claim"]:
        expect(card.get_by_text(INVENTED)).to_have_count(0)
    else:
        expect(card.get_by_text(INVENTED)).to_be_visible()


def expect_feedback(page, current: dict, chosen: int) -> None:
    right = chosen == current["right"]
    card = page.locator("#question-card")
    expect(page.locator("#step-heading")).to_have_text("Correct" if right else "Not quite")
    expect(card.locator("blockquote.quoted-claim")).to_be_visible()
    expect(card).to_contain_text(f"You chose {current['names'][chosen - 1]}")
    expect(card).to_contain_text(f"mainly uses {current['names'][current['right'] - 1]}.")
    expect(card.locator(".cues-title")).to_have_text("How to spot it:")
    expect(card.locator("ul.cues > li")).not_to_have_count(0)
    facts = card.get_by_role("link", name="Read the facts that answer this claim")
    if current["from_claim"]:
        expect(facts).to_have_attribute("href", re.compile(r"^/library/"))
    else:
        expect(facts).to_have_count(0)
        expect(card.get_by_text(INVENTED)).to_be_visible()


def choose_with_keyboard(page, index: int) -> None:
    """Tab into the radio group (it lands on the first option) and arrow down to the one wanted."""
    tab_to(page, page.locator("#technique-1"))
    if index == 1:
        page.keyboard.press("Space")
    for _ in range(index - 1):
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"#technique-{index}")).to_be_checked()
    expect(page.locator(f"#technique-{index}")).to_be_focused()


def test_a_learner_spots_the_techniques_of_a_section_by_keyboard_only(page, site, watch):
    watch.page(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site, "lena")
    tab_to(page, start_button(page, SMALL_SECTION))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/items/1/$"))
    expect(page.locator("#step-heading")).to_have_text(re.compile(r"^Item 1 of \d+$"))

    # Checking with nothing chosen: the error summary, focused, naming what to do.
    tab_to(page, page.get_by_role("button", name="Check answer"))
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("Choose the technique the statement mainly uses.")
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    expect(page).to_have_title(re.compile("^Error: "))
    watch.check(page, "technique-error")

    total = technique_step(page)["total"]
    assert total >= 4
    wrong_steps = {2}
    for step in range(1, total + 1):
        current = technique_step(page)
        assert current["step"] == step
        expect_question(page, current)
        chosen = current["right"] if step not in wrong_steps else current["right"] % 4 + 1
        choose_with_keyboard(page, chosen)
        tab_to(page, page.locator("#certainty-low"))  # how sure: the radio group after the techniques
        page.keyboard.press("ArrowRight")
        expect(page.locator("#certainty-medium")).to_be_checked()
        if step == 2:
            watch.check(page, "technique-item")
        tab_to(page, page.get_by_role("button", name="Check answer"))
        page.keyboard.press("Enter")
        expect_feedback(page, current, chosen)
        right = chosen == current["right"]
        expect(page.locator("#question-card")).to_contain_text(f"medium certainty (mark {'+2' if right else '−2'})")
        assert focused_id(page) == "step-heading"  # the htmx swap moved focus to the feedback
        expect(page.locator("#quiz-announcer")).to_have_text("Correct." if right else "Not quite.")
        expect(page).to_have_title(re.compile(rf"^Item {step} of {total} · "))
        if step in wrong_steps:
            watch.check(page, "technique-feedback-wrong")
        if step < total:
            tab_to(page, page.get_by_role("link", name="Next item"))
            page.keyboard.press("Enter")
            expect(page.locator("#step-heading")).to_have_text(f"Item {step + 1} of {total}")
            assert focused_id(page) == "step-heading"
    tab_to(page, page.get_by_role("button", name="See your results"))
    page.keyboard.press("Enter")
    expect(page.locator(".score")).to_contain_text(f"{total - len(wrong_steps)} of {total}")

    by_technique = page.locator("section").filter(has=page.get_by_role("heading", name="By technique"))
    scores = by_technique.locator(".technique-scores > li")
    texts = scores.all_inner_texts()
    counted = [re.fullmatch(r"(.+): (\d+) of (\d+)", text) for text in texts]
    assert texts and all(counted), texts
    assert sum(int(match[3]) for match in counted) == total
    assert sum(int(match[2]) for match in counted) == total - len(wrong_steps)
    watch.check(page, "technique-results")

    tab_to(page, page.get_by_role("link", name="Back to your dashboard"))
    page.keyboard.press("Enter")
    spotting = page.locator("section").filter(has=page.get_by_role("heading", name="Spotting techniques"))
    expect(spotting.locator(".technique-scores > li")).to_have_text(texts)  # one attempt so far: the same counts
    expect(start_button(page, SMALL_SECTION)).to_have_count(0)  # taken: now "Take again" or "Try again"
    watch.check(page, "dashboard-spotting-techniques")


def test_the_technique_quiz_across_the_whole_document_with_javascript_off(browser, site, watch):
    context = browser.new_context(java_script_enabled=False, base_url=site)
    page = watch.page(context.new_page())
    sign_in(page, site, "lena")
    card = across_card(page)
    expect(card.get_by_role("link", name=re.compile(rf"^{KIND} ?: {re.escape(DOCUMENT)}$"))).to_be_visible()
    card.get_by_role("button", name=re.compile(rf"^Start ?{KIND}: ")).click()
    page.wait_for_url(re.compile(r"/items/1/$"))

    # A plain post with nothing chosen: the error page, and nothing saved.
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose the technique the statement mainly uses.")
    expect(page).to_have_title(re.compile("^Error: "))

    first = technique_step(page)
    total, examples = first["total"], 0
    while "/items/" in page.url:
        current = technique_step(page)
        expect_question(page, current)
        examples += not current["from_claim"]
        chosen = current["right"] if current["step"] != 1 else current["right"] % 4 + 1
        page.locator(f"label[for=technique-{chosen}]").click()
        page.locator("label[for=certainty-high]").click()
        page.get_by_role("button", name="Check answer").click()
        page.wait_for_url(re.compile(rf"/items/{current['step']}/$"))
        expect_feedback(page, current, chosen)
        expect(page.locator("#question-card")).to_contain_text(
            f"high certainty (mark {'+3' if chosen == current['right'] else '−6'})"
        )
        following = page.get_by_role("link", name="Next item")
        if following.count():
            following.click()
            page.wait_for_url(re.compile(rf"/items/{current['step'] + 1}/$"))
        else:
            page.get_by_role("button", name="See your results").click()
            page.wait_for_url(re.compile(r"/results/$"))
    assert examples == Quiz.objects.get(document__isnull=False, section__isnull=True).example_count
    sections = first["attempt"].items.filter(claim__isnull=False).values("claim__section").distinct()
    assert sections.count() >= 2  # claims from several sections
    expect(page.locator(".score")).to_contain_text(f"{total - 1} of {total}")
    expect(page.get_by_role("heading", name="By technique")).to_be_visible()
    expect(page.locator(".technique-scores > li")).not_to_have_count(0)
    expect(page.locator(".review-list > li")).to_have_count(total)

    # axe needs JavaScript: the same results page, in the same session, in a context with it on.
    with_js = browser.new_context(storage_state=context.storage_state(), base_url=site)
    checker = watch.page(with_js.new_page())
    checker.goto(page.url)
    expect(checker.get_by_role("heading", name="By technique")).to_be_visible()
    watch.check(checker, "technique-across-results")
    with_js.close()
    context.close()


def test_every_sections_technique_quiz_starts_and_takes_an_answer(page, site, watch):
    from content.models import Section

    sections = list(Section.objects.published().order_by("document", "position").values_list("title", flat=True))
    assert len(sections) == 6
    watch.page(page)
    sign_in(page, site, "lena")
    for title in sections:
        page.goto(f"{site}/")
        start_button(page, title).click()
        page.wait_for_url(re.compile(r"/items/1/$"))
        current = technique_step(page)
        expect_question(page, current)
        page.locator(f"label[for=technique-{current['right']}]").click()
        page.get_by_role("button", name="Check answer").click()
        expect_feedback(page, current, current["right"])
    assert Attempt.objects.filter(kind=Attempt.Kind.TECHNIQUE, quiz__section__isnull=False).count() == len(sections)


def test_the_library_explains_the_techniques_and_fits_a_phone(browser, page, site, watch):
    from content.models import Claim

    watch.page(page)
    page.goto(f"{site}/library/techniques/")
    expect(page.get_by_role("heading", name="Manipulation techniques", level=1)).to_be_visible()
    families = page.locator("section.technique-family")
    expect(families).to_have_count(2)
    expect(families.locator(".attribution")).to_have_text([re.compile("Nimmo"), re.compile("FLICC|Cook")])
    techniques = page.locator("section.technique")
    expect(techniques).to_have_count(12)
    distort = page.locator("section.technique#distort")
    expect(distort.locator("ul.cues > li")).not_to_have_count(0)
    expect(distort.locator(".technique-example")).not_to_be_empty()
    claim_link = distort.get_by_role("link").first
    watch.check(page, "library-techniques")

    claim_link.click()
    expect(page.get_by_role("heading", name="How the claim manipulates")).to_be_visible()
    tags = page.locator("ul.claim-techniques > li")
    expect(tags).not_to_have_count(0)
    expect(tags.get_by_role("link", name="Distort")).to_have_attribute("href", "/library/techniques/#distort")
    watch.check(page, "claim-techniques")
    assert Claim.objects.filter(technique_tags__role="primary").distinct().count() == 26

    context = browser.new_context(viewport=PHONE, base_url=site)
    phone = watch.page(context.new_page())
    phone.goto(f"{site}/library/techniques/")
    assert scroll_width(phone) <= PHONE["width"]
    watch.check(phone, "phone-library-techniques")
    sign_in(phone, site, "lena")
    across_card(phone).get_by_role("button", name=re.compile(rf"^Start ?{KIND}: ")).click()
    phone.wait_for_url(re.compile(r"/items/1/$"))
    expect(phone.locator("blockquote.quoted-claim")).to_be_visible()
    assert scroll_width(phone) <= PHONE["width"]
    watch.check(phone, "phone-technique-item")
    current = technique_step(phone)
    phone.locator(f"label[for=technique-{current['right'] % 4 + 1}]").click()
    phone.get_by_role("button", name="Check answer").click()
    expect(phone.locator("#step-heading")).to_have_text("Not quite")
    assert scroll_width(phone) <= PHONE["width"]
    watch.check(phone, "phone-technique-feedback")
    context.close()


def test_an_instructor_sees_which_techniques_the_cohort_spots_and_confuses(browser, page, site, watch):
    from quiz.models import Cohort

    # lena, in ivan's "Tuesday group", takes a section's technique quiz: the first item wrong, the rest right.
    context = browser.new_context(base_url=site)
    learner = watch.page(context.new_page())
    sign_in(learner, site, "lena")
    start_button(learner, SMALL_SECTION).click()
    learner.wait_for_url(re.compile(r"/items/1/$"))
    while "/items/" in learner.url:
        current = technique_step(learner)
        chosen = current["right"] if current["step"] != 1 else current["right"] % 4 + 1
        learner.locator(f"label[for=technique-{chosen}]").click()
        learner.get_by_role("button", name="Check answer").click()
        expect(learner.locator("#step-heading")).to_have_text("Correct" if chosen == current["right"] else "Not quite")
        following = learner.get_by_role("link", name="Next item")
        if following.count():
            following.click()
            expect(learner.locator("#step-heading")).to_have_text(f"Item {current['step'] + 1} of {current['total']}")
        else:
            learner.get_by_role("button", name="See your results").click()
            learner.wait_for_url(re.compile(r"/results/$"))
    attempt = Attempt.objects.get(learner__username="lena", kind=Attempt.Kind.TECHNIQUE)
    by_token = {option["token"]: option["text"] for option in attempt.options_for(1)}
    (missed,) = attempt.items.filter(step=1)
    missed_right, taken_for = by_token[missed.correct_choice], by_token[missed.choice]
    context.close()

    cohort = Cohort.objects.get(name="Tuesday group")
    watch.page(page)
    sign_in(page, site, "ivan")
    page.goto(f"{site}/teach/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Techniques", exact=True).first.click()
    page.wait_for_url(f"{site}/teach/cohorts/{cohort.pk}/techniques/")
    expect(page.get_by_role("heading", name="Techniques", level=1)).to_be_visible()
    expect(page.locator("svg title").first).to_have_text("Techniques recognised")
    table = page.get_by_role("table", name="Recognition per technique")
    rows = table.locator("tbody tr")
    expect(rows).not_to_have_count(0)
    answers = sum(int(text) for text in rows.locator("td:nth-child(2)").all_inner_texts())
    assert answers == attempt.step_count
    expect(table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=missed_right))).to_be_visible()
    expect(page.locator(".confusions")).to_contain_text(f"{missed_right} taken for {taken_for}: 1 time")
    expect(page.locator("table.confusion-table")).to_be_visible()
    assert scroll_width(page) <= page.viewport_size["width"]
    watch.check(page, "cohort-techniques")
