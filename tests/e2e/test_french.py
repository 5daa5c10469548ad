"""The interface in French: the header switch without JavaScript, the saved choice, French pages checked with axe.

The content (NATO's claims, facts and statements) stays English inside French pages, marked lang="en".
French names are the catalogue's (locale/fr/LC_MESSAGES/django.po and djangojs.po).
"""

import re

import pytest
from playwright.sync_api import expect

from content.models import Claim
from quiz.models import Attempt, Quiz
from tests.e2e.conftest import PASSWORD, sign_in
from tests.e2e.test_journeys import focused_id, open_quiz, step_items, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The month abbreviations of site.js's dates in French (djangojs.po, context "abbrev. month").
FRENCH_DATE = re.compile(r"\d{1,2} (jan\.|fév\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}")


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def closest_lang(locator) -> str:
    return locator.evaluate("element => element.closest('[lang]').getAttribute('lang')")


def sign_in_in_french(page) -> None:
    """The header's link and the sign-in form, by their French names."""
    page.get_by_role("navigation").get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
    page.get_by_label("Nom d’utilisateur").fill("lena")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Votre tableau de bord", level=1)).to_be_visible()


def test_switch_to_french_without_javascript_and_the_choice_is_kept(browser, site, watch):
    context = browser.new_context(java_script_enabled=False, base_url=site)
    page = watch.page(context.new_page())  # axe needs JavaScript: the next test checks the French pages
    page.goto(f"{site}/library/")
    assert html_lang(page) == "en-gb"
    expect(page.get_by_role("heading", name="Library", level=1)).to_be_visible()
    library_url = page.url
    switch = page.get_by_role("banner").get_by_role("button", name="Français")
    assert switch.get_attribute("lang") == "fr"  # named in its own language
    switch.click()
    assert page.url == library_url  # back where it was (the form's `next`)
    assert html_lang(page) == "fr"
    expect(page.get_by_role("heading", name="Bibliothèque", level=1)).to_be_visible()
    document_title = page.locator("h2 cite").first  # a document's title is content: English
    assert closest_lang(document_title) == "en"

    sign_in_in_french(page)
    assert html_lang(page) == "fr"
    open_quiz(page, site, Quiz.Kind.TRUE_FALSE, "Promises and pledges")
    page.get_by_role("button", name="Commencer le quiz").click()
    total = Attempt.objects.get(learner__username="lena").step_count
    for step in range(1, total + 1):
        expect(page.locator("#progress-text")).to_have_text(f"Question {step} sur {total}")
        (item,) = step_items(page)
        statement = page.locator("legend.statement")
        assert closest_lang(statement) == "en" and html_lang(page) == "fr"
        page.get_by_label("Vrai" if item.correct_choice == "true" else "Faux", exact=True).check()
        page.get_by_role("button", name="Vérifier la réponse").click()
        expect(page.locator("#step-heading")).to_have_text("Bonne réponse")
        assert closest_lang(page.locator("#question-card p.statement")) == "en"
        assert closest_lang(page.locator("#question-card span.claim")) == "en"
        if step < total:
            page.get_by_role("link", name="Question suivante").click()
    page.get_by_role("button", name="Voir vos résultats").click()
    # French puts a no-break space before a colon ("Résultats\u00a0: …"): \s matches it, a plain space does not.
    results_heading = re.compile(r"^Résultats\s:\sVrai ou faux\s:\sPromises and pledges$")
    expect(page.get_by_role("heading", level=1)).to_have_text(results_heading)
    expect(page.locator(".score")).to_have_text(f"{total} sur {total} — réussi")
    statements = page.locator(".review-list p.statement")
    expect(statements).to_have_count(total)
    assert {closest_lang(statements.nth(i)) for i in range(total)} == {"en"}
    assert html_lang(page) == "fr"

    # Back to English with the header's button, named in English.
    results_url = page.url
    english = page.get_by_role("banner").get_by_role("button", name="English")
    assert english.get_attribute("lang") == "en-gb"
    english.click()
    assert page.url == results_url and html_lang(page) == "en-gb"
    expect(page.locator(".score")).to_have_text(f"{total} of {total} — passed")
    # Signed in, the choice is saved with the account: French again, then sign out.
    page.get_by_role("banner").get_by_role("button", name="Français").click()
    assert html_lang(page) == "fr"
    page.get_by_role("button", name=re.compile("^Se déconnecter")).click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Se connecter")).to_be_visible()
    context.close()

    # Another browser, no language cookie: English until lena signs in, then her French.
    context = browser.new_context(java_script_enabled=False, base_url=site)
    page = watch.page(context.new_page())
    page.goto(f"{site}/accounts/login/")
    assert html_lang(page) == "en-gb"
    sign_in(page, site, "lena")
    assert html_lang(page) == "fr"
    expect(page.get_by_role("heading", name="Votre tableau de bord", level=1)).to_be_visible()
    assert any(cookie["name"] == "django_language" and cookie["value"] == "fr" for cookie in context.cookies())
    page.goto(f"{site}/library/")
    assert html_lang(page) == "fr"  # the cookie sent with the sign-in keeps it
    context.close()


def french_context(browser, site):
    context = browser.new_context(base_url=site)
    context.add_cookies([{"name": "django_language", "value": "fr", "url": site}])
    return context


def check_french(page, watch, name: str, *, site_catalogue: bool = True) -> None:
    """axe at WCAG 2.2 AA, <html lang="fr">, the French JavaScript catalogue, and local times in French."""
    page.wait_for_load_state()
    assert html_lang(page) == "fr", f"{name} ({page.url}) is not French"
    watch.check(page, f"fr-{name}")
    if site_catalogue:
        assert page.evaluate("typeof window.gettext") == "function", f"no JavaScript catalogue on {name}"
        assert page.evaluate("window.gettext('There is a problem')") == "Il y a un problème"
    times = page.locator("time[data-local]")
    for index in range(times.count()):
        expect(times.nth(index)).to_have_text(FRENCH_DATE)


def test_french_pages_pass_axe_with_the_keyboard_where_it_matters(browser, site, watch):
    # The learner: dashboard, a quiz, an item answered by keyboard and its feedback, results, review.
    context = french_context(browser, site)
    page = watch.page(context.new_page())
    sign_in(page, site, "lena")
    expect(page.get_by_role("heading", name="Votre tableau de bord", level=1)).to_be_visible()
    check_french(page, watch, "dashboard")
    open_quiz(page, site, Quiz.Kind.TRUE_FALSE, "NATO enlargement")
    check_french(page, watch, "quiz-detail")
    page.get_by_role("button", name="Commencer le quiz").click()
    expect(page.locator("legend.statement")).to_be_visible()
    check_french(page, watch, "tf-item")
    assert closest_lang(page.locator("legend.statement")) == "en"
    (item,) = step_items(page)
    tab_to(page, page.locator("#choice-true"))
    page.keyboard.press("Space")
    if item.correct_choice == "false":
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"#choice-{item.correct_choice}")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Vérifier la réponse"))
    page.keyboard.press("Enter")
    expect(page.locator("#step-heading")).to_have_text("Bonne réponse")  # swapped in by htmx
    assert focused_id(page) == "step-heading"
    expect(page.locator("#quiz-announcer")).to_have_text("Bonne réponse.")
    expect(page).to_have_title(re.compile(r"^Question 1 sur \d+ · "))
    check_french(page, watch, "tf-feedback")
    assert closest_lang(page.locator("#question-card p.statement")) == "en"
    total = Attempt.objects.get(learner__username="lena").step_count
    for step in range(2, total + 1):
        page.get_by_role("link", name="Question suivante").click()
        expect(page.locator("#step-heading")).to_have_text(f"Question {step} sur {total}")
        (item,) = step_items(page)
        page.locator(f"label[for=choice-{item.correct_choice}]").click()
        page.get_by_role("button", name="Vérifier la réponse").click()
        expect(page.locator("#step-heading")).to_have_text("Bonne réponse")
    page.get_by_role("button", name="Voir vos résultats").click()
    expect(page.locator(".score")).to_have_text(f"{total} sur {total} — réussi")
    check_french(page, watch, "results")
    page.get_by_role("navigation").get_by_role("link", name="Révision").click()
    expect(page.get_by_role("heading", name="Révision", level=1)).to_be_visible()
    check_french(page, watch, "review")
    context.close()

    # The instructor: the cohort list and the gradebook (lena's last activity is a local time).
    context = french_context(browser, site)
    page = watch.page(context.new_page())
    sign_in(page, site, "ivan")
    page.get_by_role("navigation").get_by_role("link", name="Enseigner").click()
    expect(page.get_by_role("heading", name="Vos groupes", level=1)).to_be_visible()
    check_french(page, watch, "cohorts")
    page.get_by_role("link", name="Tuesday group").click()
    page.get_by_role("link", name="Carnet de notes").first.click()
    expect(page.get_by_role("heading", name="Carnet de notes", level=1)).to_be_visible()
    expect(page.locator("#gradebook-table")).to_contain_text("lena")
    expect(page.locator("#gradebook-table time[data-local]")).not_to_have_count(0)
    check_french(page, watch, "gradebook")
    context.close()

    # The editor: a claim in the admin, whose own pages do not load the site's catalogue.
    context = french_context(browser, site)
    page = watch.page(context.new_page())
    sign_in(page, site, "edith", admin=True)
    claim = Claim.objects.order_by("pk").first()
    page.goto(f"{site}/admin/content/claim/{claim.pk}/change/")
    expect(page.get_by_role("button", name="Enregistrer", exact=True)).to_be_visible()
    check_french(page, watch, "admin-claim", site_catalogue=False)
    context.close()
