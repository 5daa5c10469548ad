"""The privacy page (public, in every page's footer) and the account page that leads to the user's data."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_privacy_page_is_reachable_signed_out_and_says_what_is_kept(client, headers):
    page = client.get(reverse("privacy"), **headers)
    assert page.status_code == 200 and "<title>Privacy" in page.text
    for kept in ("e-mail address", "how sure", "seconds", "spaced-review", "IP address", "django-axes"):
        assert kept in page.text, kept
    assert "Until you delete your account" in page.text
    assert "locked for 15 minutes" in page.text and "expires 14 days after you sign in" in page.text
    assert "Editors</strong> see the content and the quiz settings only" in page.text
    assert f'href="{reverse("login")}?next={reverse("account")}"' in page.text  # signed out: sign in first


@override_settings(SESSION_COOKIE_AGE=7 * 24 * 60 * 60, AXES_FAILURE_LIMIT=3)
def test_the_privacy_page_reads_its_periods_from_the_settings(client):
    text = client.get(reverse("privacy")).text
    assert "expires 7 days after you sign in" in text and "After 3 failed sign-ins" in text


def test_signed_in_the_privacy_page_links_the_download_and_deletion(client, learner):
    client.force_login(learner)
    text = client.get(reverse("privacy")).text
    for name in ("account-data", "account-delete", "password_change", "reviews:reminders"):
        assert f'href="{reverse(name)}"' in text, name


def test_every_page_links_the_privacy_page_in_its_footer(client, learner):
    footer = client.get(reverse("quiz:home")).text.split('<footer class="site-footer">')[1]
    assert f'href="{reverse("privacy")}"' in footer
    client.force_login(learner)
    footer = client.get(reverse("quiz:home")).text.split('<footer class="site-footer">')[1]
    assert f'href="{reverse("privacy")}"' in footer


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_account_page_shows_the_account_and_links_what_the_user_can_do(client, learner, headers):
    client.force_login(learner)
    page = client.get(reverse("account"), **headers)
    assert page.status_code == 200 and "<title>Your account" in page.text
    assert "lena" in page.text and "lena@example.com" in page.text and "Learner" in page.text
    for name in ("password_change", "reviews:reminders", "account-data", "account-delete", "privacy"):
        assert f'href="{reverse(name)}"' in page.text, name


def test_the_account_pages_need_sign_in(client):
    for name in ("account", "account-data", "account-delete"):
        assert client.get(reverse(name))["Location"].startswith(reverse("login")), name
