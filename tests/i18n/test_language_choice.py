"""Choosing the interface language: saved preference, then the browser, then English; a plain form, no JavaScript."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import Profile
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response) -> str:
    text = response.content.decode()
    start = text.index("<html lang=") + len('<html lang="')
    return text[start : text.index('"', start)]


def test_english_without_any_choice(client, seeded):
    assert html_lang(client.get(reverse("content:library"))) == "en-gb"


def test_the_browser_language_comes_next(client, seeded):
    response = client.get(reverse("content:library"), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9,en;q=0.5")
    assert html_lang(response) == "fr"
    assert "Bibliothèque" in response.content.decode()
    # A language FactsQuiz does not speak falls back to English.
    assert html_lang(client.get(reverse("content:library"), HTTP_ACCEPT_LANGUAGE="de")) == "en-gb"


def test_the_header_switch_is_a_plain_form_that_works_without_javascript(client, seeded):
    page = client.get(reverse("content:library")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert 'name="language" value="fr" lang="fr"' in page
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("content:library")})
    assert response.status_code == 302 and response["Location"] == reverse("content:library")
    assert response.cookies[COOKIE].value == "fr"
    french = client.get(reverse("content:library"))
    assert html_lang(french) == "fr"
    # The same address in both languages, and a way back to English named in English.
    assert 'name="language" value="en-gb" lang="en-gb"' in french.content.decode()


def test_a_signed_in_choice_is_saved_and_comes_back_at_the_next_sign_in(client, seeded):
    learner = LearnerFactory(username="amelie", password="a-long-password-1")
    client.force_login(learner)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert Profile.objects.get(user=learner).language == "fr"

    other_browser = type(client)()
    assert html_lang(other_browser.get(reverse("login"))) == "en-gb"
    response = other_browser.post(reverse("login"), {"username": "amelie", "password": "a-long-password-1"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "fr"
    assert html_lang(other_browser.get(reverse("quiz:home"))) == "fr"


def test_an_unknown_language_changes_nothing(client, seeded):
    learner = LearnerFactory()
    client.force_login(learner)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert not Profile.objects.filter(user=learner).exists()
    assert client.get(reverse("set_language")).status_code == 405


def test_an_outside_next_address_is_not_followed(client, seeded):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "https://example.com/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://example.com")


def test_the_account_page_offers_the_choice(client, seeded):
    client.force_login(LearnerFactory())
    page = client.get(reverse("account")).content.decode()
    assert 'id="id_interface_language"' in page and '<option value="fr" lang="fr">Français</option>' in page


def test_the_javascript_catalogue_speaks_the_pages_language(client, seeded):
    client.cookies[COOKIE] = "fr"
    page = client.get(reverse("content:library")).content.decode()
    address = page.split(f'<script src="{reverse("javascript-catalog")}', 1)[1].split('"')[0].replace("&amp;", "&")
    address = reverse("javascript-catalog") + address
    assert address.startswith(reverse("javascript-catalog") + "?lang=fr&v=")
    catalogue = client.get(address)
    assert catalogue.status_code == 200 and catalogue["Content-Type"].startswith("text/javascript")
    assert "Il y a un probl" in catalogue.content.decode()
    assert "max-age=31536000" in catalogue["Cache-Control"]


def test_the_password_reset_mail_follows_the_page_language(client, seeded):
    LearnerFactory(username="lena", email="lena@example.org")
    client.cookies["django_language"] = "fr"
    client.post(reverse("password_reset"), {"email": "lena@example.org"})
    assert len(mail.outbox) == 1
    assert "mot de passe" in mail.outbox[0].subject.lower() + mail.outbox[0].body.lower()
