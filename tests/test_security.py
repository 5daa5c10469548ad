"""Throttling: sign-in locks after 5 failures (account and address), sign-up is limited per address."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failed_sign_ins_lock_the_account_with_a_clear_message(client, learner):
    for _ in range(4):
        assert sign_in(client, "lena", "wrong").status_code == 200  # the form again, with its error
    locked = sign_in(client, "lena", "wrong")
    assert locked.status_code == 429 and "Too many attempts to sign in" in locked.text
    # Even the right password is refused now, from any address.
    refused = sign_in(client, "lena", PASSWORD, address="10.9.9.9")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_address_for_every_account(client, learner):
    other = LearnerFactory(username="olga")
    for name in ("a", "b", "c", "d", "e"):
        sign_in(client, name, "wrong", address="10.0.0.7")
    assert sign_in(client, other.username, PASSWORD, address="10.0.0.7").status_code == 429
    assert sign_in(client, other.username, PASSWORD, address="10.0.0.8").status_code == 302


def test_a_success_clears_the_count(client, learner):
    for _ in range(4):
        sign_in(client, "lena", "wrong")
    assert sign_in(client, "lena", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "lena", "wrong").status_code == 200


def test_sign_ups_per_address_are_limited(client, settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 2
    for n in range(2):
        client.logout()
        data = {
            "username": f"new{n}",
            "email": f"new{n}@example.org",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        }
        assert client.post(reverse("signup"), data, REMOTE_ADDR="10.1.1.1").status_code == 302
    client.logout()
    data = {
        "username": "new9",
        "email": "new9@example.org",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
    }
    response = client.post(reverse("signup"), data, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429 and "Too many new accounts" in response.text
    assert not get_user_model().objects.filter(username="new9").exists()
    assert client.post(reverse("signup"), data, REMOTE_ADDR="10.2.2.2").status_code == 302  # another address


# --- Behind reverse proxies (TRUSTED_PROXY_COUNT) ----------------------------------------------

PROXY = "10.0.0.2"  # what REMOTE_ADDR is for every request that comes through the proxy


def through_proxy(client, username, password, client_address, forged=""):
    """A sign-in through one proxy that appends the address it saw to whatever the client sent."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_proxy_one_client_locked_out_does_not_lock_out_the_others(client, learner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    other = LearnerFactory(username="olga")
    for name in ("a", "b", "c", "d", "e"):
        through_proxy(client, name, "wrong", "203.0.113.5", forged=f"198.51.100.{len(name)}")
    assert through_proxy(client, other.username, PASSWORD, "203.0.113.5").status_code == 429
    assert through_proxy(client, other.username, PASSWORD, "203.0.113.6").status_code == 302


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, learner, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        sign_in(client, f"nobody{n}", "wrong", address="10.0.0.9")
    # A client cannot step out of its lockout by claiming another address.
    response = client.post(
        reverse("login"),
        {"username": "lena", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="203.0.113.77",
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.2"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # the left entry is the client's own word
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.3", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.2"),  # fewer hops than proxies: not through them all
        (1, "", "10.0.0.2"),
    ],
)
def test_the_client_address_is_the_entry_the_last_trusted_proxy_added(rf, settings, proxies, forwarded, expected):
    from accounts.addresses import client_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_sign_ups_behind_a_proxy_are_counted_per_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGNUP_LIMIT_PER_HOUR = 1
    for n, address in enumerate(["203.0.113.5", "203.0.113.6", "203.0.113.5"]):
        client.logout()
        data = {
            "username": f"proxied{n}",
            "email": f"proxied{n}@example.org",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
        }
        response = client.post(reverse("signup"), data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
        assert response.status_code == (429 if n == 2 else 302)


def test_csp_has_nonces_and_no_unsafe_inline(client):
    policy = client.get(reverse("quiz:home"))["Content-Security-Policy"]
    assert "'nonce-" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
