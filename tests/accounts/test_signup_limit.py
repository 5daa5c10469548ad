"""The sign-up limit holds whichever cache is configured: the database cache, locmem and Redis.

Each backend is tested for the whole hour (a 6th sign-up is refused until the hour ends, the next
hour starts afresh) and for sign-ups that race each other. Time is moved with one fake clock that
drives the limit's windows and the locmem and database caches' expiry. Redis counts its timeouts down
on its own clock, so for Redis the timeout each key is given is checked instead. The live-server test
sends sign-ups from one address at the same moment, over HTTP, to a server on PostgreSQL.
"""

import http.client
import json
import threading
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.cache.backends import base as base_backend
from django.core.cache.backends import db as db_backend
from django.core.cache.backends import locmem as locmem_backend
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from accounts import throttle
from tests.test_settings import run_manage

HOUR = throttle.WINDOW_SECONDS
HOUR_START = 1_900_000_800  # a clock hour: divisible by 3600
assert HOUR_START % HOUR == 0
REDIS_TEST_URL = "redis://127.0.0.1:6379/9"  # a database of these tests' own: cleared before and after each
CACHE_TABLE = "signup_limit_test_cache"
CSRF = "signuplimittestcsrftoken00000000"  # any 32 allowed characters; sent as cookie and header
ADDRESS = "203.0.113.7"

BACKENDS = {
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE},
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "signup-limit-tests"},
    "redis": {"BACKEND": "factsquiz.redis_cache.ReusingRedisCache", "LOCATION": REDIS_TEST_URL},
}


def redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"needs a Redis server at {REDIS_TEST_URL} (.ci/run starts one)")


def using_cache(name: str):
    """The default cache replaced by `name`'s backend, empty (for the database cache, its table made)."""
    if name == "redis":
        redis_or_skip()
    settings = override_settings(CACHES={**django_settings.CACHES, "default": BACKENDS[name]})
    settings.enable()
    if name == "database":
        call_command("createcachetable", verbosity=0)
    cache.clear()
    return settings


@pytest.fixture(params=list(BACKENDS))
def backend(request):
    name = request.param
    if name == "database":
        request.getfixturevalue("db")  # the table is made in the test's transaction, rolled back after it
    settings = using_cache(name)
    yield name
    cache.clear()
    settings.disable()


class Clock:
    """Stands in for the `time` module where the limit and the cache backends read the time."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(HOUR_START + 10)
    monkeypatch.setattr(throttle, "time", clock)  # the hour window
    monkeypatch.setattr(base_backend, "time", clock)  # when an entry expires (locmem and the database cache)
    monkeypatch.setattr(locmem_backend, "time", clock)  # whether a locmem entry has expired
    monkeypatch.setattr(db_backend, "tz_now", lambda: datetime.fromtimestamp(clock.now, UTC))  # ...a database one
    return clock


def sign_up_data(name: str) -> dict:
    return {
        "username": name,
        "email": f"{name}@example.org",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
    }


def sign_up(client, name: str, address: str = ADDRESS) -> int:
    client.logout()
    return client.post(reverse("signup"), sign_up_data(name), REMOTE_ADDR=address).status_code


def users(prefix: str) -> int:
    return get_user_model().objects.filter(username__startswith=prefix).count()


@pytest.mark.django_db
def test_the_limit_holds_for_the_whole_hour_and_the_next_hour_starts_afresh(backend, clock, client, settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 5
    assert [sign_up(client, f"early{n}") for n in range(5)] == [302] * 5
    # The database cache used to lose the count five minutes after the last sign-up.
    for seconds_later in (1, 6 * 60, 30 * 60, HOUR - 11):
        clock.now = HOUR_START + 10 + seconds_later
        assert sign_up(client, f"late{seconds_later}") == 429
    assert users("early") == 5 and users("late") == 0  # a refused sign-up makes nothing
    assert sign_up(client, "other0", address="203.0.113.8") == 302  # another address has its own count

    clock.now = HOUR_START + HOUR  # the next clock hour
    assert [sign_up(client, f"next{n}") for n in range(6)] == [302] * 5 + [429]
    assert users("next") == 5


@pytest.mark.django_db
def test_places_expire_after_their_hour_and_never_before(backend, clock, settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 3
    assert [throttle.take_signup(ADDRESS) for _ in range(4)] == [True, True, True, False]
    places = throttle._places("signups", ADDRESS, HOUR_START // HOUR)
    if backend == "redis":  # Redis counts the timeout down itself: check the one it was given
        server = cache._cache.get_client(write=True)
        ttls = [server.ttl(cache.make_key(place)) for place in places]
        left_in_hour = HOUR - 10
        assert all(left_in_hour <= ttl <= left_in_hour + throttle.EXPIRY_MARGIN_SECONDS for ttl in ttls), ttls
        return
    clock.now = HOUR_START + HOUR + throttle.EXPIRY_MARGIN_SECONDS - 1
    assert len(cache.get_many(places)) == 3
    clock.now = HOUR_START + HOUR + throttle.EXPIRY_MARGIN_SECONDS + 1
    assert cache.get_many(places) == {}  # gone, so the table or memory does not fill up with old hours


@pytest.mark.django_db
def test_an_invalid_form_counts_nothing_and_a_full_hour_refuses_any_form(backend, clock, client, settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 2
    for _ in range(5):
        invalid = client.post(reverse("signup"), {**sign_up_data("x"), "password2": "other"}, REMOTE_ADDR=ADDRESS)
        assert invalid.status_code == 422
    assert [sign_up(client, f"valid{n}") for n in range(2)] == [302, 302]
    client.logout()
    response = client.post(reverse("signup"), {"username": ""}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 429 and "Too many new accounts" in response.text


@pytest.mark.django_db
def test_a_limit_of_zero_closes_sign_ups(backend, clock, client, settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 0
    assert sign_up(client, "nobody") == 429 and users("nobody") == 0


@pytest.mark.django_db
def test_a_busy_hour_does_not_push_counts_out_of_the_production_database_cache(clock, settings):
    """Past MAX_ENTRIES rows the database cache deletes a third of them; the production settings leave room."""
    script = "import json; from django.conf import settings as s; print(json.dumps(s.CACHES['default']))"
    production = json.loads(run_manage("shell", "-v", "0", "-c", script, DEBUG="1", REDIS_URL="").stdout)
    assert production["BACKEND"] == BACKENDS["database"]["BACKEND"]
    settings.SIGNUP_LIMIT_PER_HOUR = 5
    with override_settings(CACHES={**django_settings.CACHES, "default": {**production, "LOCATION": CACHE_TABLE}}):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        assert all(throttle.take_signup("1.1.1.1") for _ in range(5))  # its keys sort first: the cull's first choice
        for n in range(400):
            assert throttle.take_signup(f"10.0.{n // 256}.{n % 256}")
        assert not throttle.take_signup("1.1.1.1")  # with Django's MAX_ENTRIES of 300 this went through
        cache.clear()


@pytest.mark.parametrize("address", ["", "not an address", "x" * 400, "2001:DB8:0:0::1", "unix:/run/app.sock"])
def test_any_address_makes_a_valid_cache_key(address):
    """Unusual REMOTE_ADDR values (a Unix socket, a misconfigured proxy) still count; no key warnings."""
    for place in throttle._places("signups", address, 1):
        cache.validate_key(place)  # memcached's rules: no spaces, at most 250 characters (warnings fail tests here)
        assert len(place) < 100 and " " not in place


@pytest.mark.parametrize("name", ["locmem", "redis"])
def test_places_taken_at_once_are_taken_once(name, clock, settings):
    """Threads racing for the places in one process (the database cache races over HTTP below)."""
    settings.SIGNUP_LIMIT_PER_HOUR = 5
    overridden = using_cache(name)
    try:
        results = at_once(12, lambda index: throttle.take_signup(ADDRESS))
        assert results.count(True) == 5
        assert not throttle.take_signup(ADDRESS)
    finally:
        cache.clear()
        overridden.disable()


# --- Over HTTP, against a live server on PostgreSQL ---------------------------------------------


def at_once(count: int, action) -> list:
    """Run `action(index)` in `count` threads released together; return their results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        barrier.wait(timeout=10)
        results[index] = action(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def post_sign_up(base: str, name: str) -> int:
    """One sign-up over its own connection; redirects are not followed (the status is what we check)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        headers = {
            "Cookie": f"csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        conn.request("POST", reverse("signup"), body=urlencode(sign_up_data(name)), headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL")
@pytest.mark.parametrize("name", ["database", "redis"])
@pytest.mark.parametrize("count", [8, 10])
def test_sign_ups_sent_at_once_from_one_address_get_exactly_the_limit(live_server, name, count, monkeypatch, settings):
    from django.apps import apps

    from accounts.roles import sync_roles

    sync_roles(apps)  # transactional tests empty the database after each test, the roles' groups included
    settings.SIGNUP_LIMIT_PER_HOUR = 5
    # One hour for all of them (the server threads read the same clock). The caches expire on the real
    # clock, more than half an hour ahead.
    monkeypatch.setattr(throttle, "time", Clock(HOUR_START + HOUR // 2))
    overridden = using_cache(name)  # shared by the server's threads: the database table, or Redis
    try:
        statuses = at_once(count, lambda index: post_sign_up(live_server.url, f"racer{index}"))
    finally:
        cache.clear()
        overridden.disable()
    assert {"made": statuses.count(302), "refused": statuses.count(429)} == {"made": 5, "refused": count - 5}
    assert users("racer") == 5


def test_an_ipv6_client_is_counted_by_its_64_network():
    from accounts.throttle import _who

    assert _who("2001:db8:1:2:aaaa::1") == _who("2001:db8:1:2:ffff::9") == "2001:db8:1:2::_64"
    assert _who("2001:db8:1:3::1") != _who("2001:db8:1:2::1")
    assert _who("::ffff:192.0.2.7") == _who("192.0.2.7") == "192.0.2.7"


def test_an_ipv6_address_is_counted_under_one_spelling():
    assert throttle._who("2001:DB8:0:0::1") == throttle._who("2001:db8::1") == "2001:db8::_64"
