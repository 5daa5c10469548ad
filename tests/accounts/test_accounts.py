"""Account pages: sign-up makes learners, sign-out answers GET, password change and reset by e-mail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.roles import LEARNER

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def sign_up(client, **overrides):
    data = {
        "username": "newbie",
        "email": "newbie@example.org",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
    }
    return client.post(reverse("signup"), {**data, **overrides})


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_sign_up_page(client, headers):
    text = client.get(reverse("signup"), **headers).text
    assert "Create an account" in text and 'name="email"' in text and "Only used to reset your password" in text


def test_sign_up_makes_a_signed_in_learner(client):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == reverse("quiz:home")
    user = get_user_model().objects.get(username="newbie")
    assert list(user.groups.values_list("name", flat=True)) == [LEARNER]
    assert not user.is_staff
    page = client.get(reverse("quiz:home")).text
    assert "Welcome, newbie" in page and "Your sections" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "something-else-99"}, "The two password fields"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"email": "LENA@example.com"}, "An account with this email address already exists"),
        ({"username": "lena"}, "A user with that username already exists"),
        ({"password1": "123", "password2": "123"}, "This password is too short"),
    ],
)
def test_sign_up_errors_are_clear_and_create_nothing(client, learner, overrides, message):
    learner.email = "lena@example.com"
    learner.save()
    count = get_user_model().objects.count()
    response = sign_up(client, **overrides)
    assert response.status_code == 422
    assert "<title>Error: " in response.text and "There is a problem" in response.text
    assert message in response.text
    assert get_user_model().objects.count() == count


def test_sign_out_answers_get_with_a_button_and_post_signs_out(client, learner):
    assert client.get(reverse("logout"))["Location"] == reverse("quiz:home")  # not signed in: nothing to do
    client.force_login(learner)
    page = client.get(reverse("logout"))
    assert page.status_code == 200 and "You are signed in as lena" in page.text
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 302  # signed out


def test_signing_in_with_next_logout_does_not_end_on_an_error(client, learner):
    response = client.post(
        reverse("login") + "?next=/accounts/logout/",
        {"username": "lena", "password": "correct horse battery staple", "next": "/accounts/logout/"},
        follow=True,
    )
    assert response.status_code == 200 and "You are signed in as lena" in response.text


def test_login_error_is_summarised(client, learner):
    response = client.post(reverse("login"), {"username": "lena", "password": "wrong"})
    assert "<title>Error: Sign in" in response.text and "There is a problem" in response.text


def test_password_change(client, learner):
    client.force_login(learner)
    assert "Change your password" in client.get(reverse("password_change")).text
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "another-Long-pass-77",
            "new_password2": "another-Long-pass-77",
        },
        follow=True,
    )
    assert "Your password has been changed" in response.text
    learner.refresh_from_db()
    assert learner.check_password("another-Long-pass-77")


def test_password_reset_by_email(client, learner):
    response = client.post(reverse("password_reset"), {"email": learner.email}, follow=True)
    assert "Check your email" in response.text
    (message,) = mail.outbox
    assert message.subject == "Reset your FactsQuiz password" and learner.email in message.to
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-New-pass-55", "new_password2": "brand-New-pass-55"},
        follow=True,
    )
    assert "Your new password is saved" in done.text
    learner.refresh_from_db()
    assert learner.check_password("brand-New-pass-55")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.text and not mail.outbox


@pytest.mark.parametrize(
    ("url", "messages"),
    [
        ("signup", ["Enter your username", "Enter your email address", "Enter a password", "Enter the password again"]),
        ("login", ["Enter your username", "Enter your password"]),
        ("password_reset", ["Enter your email address"]),
    ],
)
def test_empty_forms_say_which_field_is_missing(client, url, messages):
    response = client.post(reverse(url), {})
    assert "This field is required" not in response.text
    for message in messages:
        assert message in response.text


def test_the_header_has_a_teach_link_for_instructors_only(client, learner, instructor, django_assert_max_num_queries):
    from django.urls import reverse

    client.force_login(instructor)
    teach = f'<a href="{reverse("quiz:cohort-list")}">Teach</a>'
    assert teach in client.get(reverse("content:library")).text
    client.force_login(learner)
    assert teach not in client.get(reverse("content:library")).text


@pytest.fixture
def free_signup_places():
    """The sign-up limit's places live in the cache: free before and after, so no other test pays for these."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "next_url, expected",
    [
        ("/quizzes/1/", "/quizzes/1/"),
        ("https://evil.example.org/", "/"),
        ("//evil.example.org/", "/"),
        ("quiz:home", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_sign_up_goes_on_to_a_path_of_this_site_only(client, next_url, expected, free_signup_places):
    response = sign_up(client, next=next_url)
    assert response.status_code == 302 and response["Location"] == expected
