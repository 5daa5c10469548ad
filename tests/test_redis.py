"""With REDIS_URL: cache, sessions and the signed-in user in a real Redis; two queries less per page."""

import uuid

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from quiz.models import AttemptItem
from tests.factories import LearnerFactory, quiz_with_claims
from tests.helpers import answers_for, start, step_url

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def redis_client():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError:
        pytest.skip(f"needs a Redis server at {REDIS_TEST_URL} (.ci/run starts one)")
    return client


@pytest.fixture
def redis_sessions(db):
    """The production wiring of REDIS_URL, on a key prefix of this test's own, removed afterwards."""
    server = redis_client()
    prefix = f"factsquiz-test-{uuid.uuid4().hex}"
    caches = {
        "default": {
            "BACKEND": "factsquiz.redis_cache.ReusingRedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(
        CACHES={**settings.CACHES, **caches}, SESSION_ENGINE="accounts.sessions", REDIS_URL=REDIS_TEST_URL
    ):
        yield server, prefix
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


def test_sessions_live_in_redis_and_in_the_database(redis_sessions, learner):
    server, prefix = redis_sessions
    client = Client()
    client.force_login(learner)
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    assert any(key in name.decode() for name in server.scan_iter(match=f"{prefix}:*"))


def test_an_answer_reads_neither_the_session_nor_the_user_table(redis_sessions, learner, django_assert_num_queries):
    client = Client()
    client.force_login(learner)
    attempt = start(client, quiz_with_claims(3, item_count=4))  # this request put the user in the cache
    answer = answers_for(attempt, 1)
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):  # the step and the answer
        assert client.post(step_url(attempt, 1), answer).status_code == 302
    assert AttemptItem.objects.filter(attempt=attempt, step=1, answered_at__isnull=False).count() == 1


def redis_commands(monkeypatch) -> list[str]:
    """The commands this thread's cache client sends to Redis from now on."""
    from django.core.cache import cache

    client, sent = cache._cache.get_client(), []
    send = client.execute_command

    def record(*args, **options):
        sent.append(args[0])
        return send(*args, **options)

    monkeypatch.setattr(client, "execute_command", record)
    return sent


def test_a_signed_in_request_asks_redis_once_for_the_session_and_the_user(redis_sessions, learner, monkeypatch):
    from accounts import sessions

    client = Client()
    client.force_login(learner)
    client.get(reverse("quiz:home"))  # the user's copy goes into Redis
    sent = redis_commands(monkeypatch)
    assert client.get(reverse("quiz:home")).context["user"] == learner
    assert sent == ["MGET"]

    monkeypatch.setattr(sessions, "_user_of_session", {})  # another app process, which has not seen this session yet
    sent.clear()
    assert client.get(reverse("quiz:home")).context["user"] == learner
    assert sent == ["MGET", "GET"]  # the session, then the user it names; from now on, one again
    sent.clear()
    client.get(reverse("quiz:home"))
    assert sent == ["MGET"]


def test_a_session_remembered_for_another_user_never_hands_that_user_over(redis_sessions, learner):
    from django.core.cache import cache

    from accounts import sessions
    from accounts.auth import cache_key

    other = LearnerFactory()
    cache.set(cache_key(other.pk), other)
    client = Client()
    client.force_login(learner)
    sessions._remember(client.cookies["sessionid"].value, str(other.pk))
    assert client.get(reverse("quiz:home")).context["user"] == learner


def test_signing_out_ends_the_session_for_every_app_process(redis_sessions, learner):
    """A second client with the same cookie stands for a second app process sharing Redis and the database."""
    first, second = Client(), Client()
    first.force_login(learner)
    second.cookies["sessionid"] = first.cookies["sessionid"].value
    assert second.get(reverse("quiz:home")).context["user"] == learner

    first.post(reverse("logout"))

    assert not second.get(reverse("quiz:home")).context["user"].is_authenticated
    assert not Session.objects.exists()


@pytest.mark.parametrize("change", ["password", "deactivate", "delete"])
def test_a_changed_user_is_read_again_at_once(redis_sessions, learner, change):
    client = Client()
    client.force_login(learner)
    assert client.get(reverse("quiz:home")).context["user"] == learner  # now cached
    if change == "password":
        learner.set_password("a-brand-new-password-9")
        learner.save()
    elif change == "deactivate":
        learner.is_active = False
        learner.save()
    else:
        learner.delete()
    assert not client.get(reverse("quiz:home")).context["user"].is_authenticated


def test_without_redis_the_user_comes_from_the_database(learner, django_assert_num_queries):
    from accounts.auth import CachedModelBackend

    with django_assert_num_queries(1):
        assert CachedModelBackend().get_user(learner.pk) == learner


def test_a_user_changed_in_a_transaction_is_dropped_again_when_it_commits(
    redis_sessions, learner, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from accounts.auth import CachedModelBackend, cache_key

    with django_capture_on_commit_callbacks(execute=True):
        learner.is_active = False
        learner.save()
        CachedModelBackend().get_user(learner.pk)  # a request in the window sees the old row…
        cache.set(cache_key(learner.pk), learner)  # …and caches it
    assert cache.get(cache_key(learner.pk)) is None


def test_without_a_reachable_redis_users_come_from_the_database(learner):
    from accounts.auth import CachedModelBackend

    unreachable = {
        "default": {"BACKEND": "factsquiz.redis_cache.ReusingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    with override_settings(CACHES={**settings.CACHES, **unreachable}, REDIS_URL="redis://127.0.0.1:1/0"):
        assert CachedModelBackend().get_user(learner.pk) == learner
        learner.save()  # dropping the cached copy fails quietly


def test_the_cache_keeps_one_redis_client_and_works_as_djangos(redis_sessions):
    """Django's RedisCache builds a redis-py client (some 170 callbacks copied) per call; ours builds one."""
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client
    cache.set("answer", {"step": 1}, 30)
    assert cache.get("answer") == {"step": 1} and cache.get_many(["answer", "none"]) == {"answer": {"step": 1}}
    assert cache.add("count", 1) and cache.incr("count") == 2
    cache.delete("answer")
    assert cache.get("answer") is None and cache._cache.get_client(write=True) is client


def test_an_offered_copy_is_not_used_once_the_user_is_saved_or_after_a_second(redis_sessions, learner, monkeypatch):
    from accounts import auth

    stale = type(learner).objects.get(pk=learner.pk)
    auth.offer_user(learner.pk, stale)
    learner.is_active = False
    learner.save()  # e.g. deactivated between the session's load and the user's check
    assert auth.CachedModelBackend().get_user(learner.pk) is None

    learner.is_active = True
    learner.save()
    auth.offer_user(learner.pk, stale)
    later = auth.time.monotonic() + auth.OFFER_SECONDS + 1
    monkeypatch.setattr(auth.time, "monotonic", lambda: later)
    fresh = auth.CachedModelBackend().get_user(learner.pk)
    assert fresh == learner and fresh is not stale


def test_a_session_missing_from_redis_is_read_from_the_database_and_put_back(redis_sessions, learner):
    server, prefix = redis_sessions
    client = Client()
    client.force_login(learner)
    key = client.cookies["sessionid"].value
    for name in server.scan_iter(match=f"{prefix}:*{key}"):
        server.delete(name)  # evicted, or Redis restarted
    assert client.get(reverse("quiz:home")).context["user"] == learner
    assert any(server.scan_iter(match=f"{prefix}:*{key}"))


def test_with_redis_unreachable_a_signed_in_learner_stays_signed_in(learner):
    """Sessions and users are then read from the database (signing in and out waits for Redis: see README)."""
    unreachable = {
        "default": {"BACKEND": "factsquiz.redis_cache.ReusingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    client = Client()
    with override_settings(SESSION_ENGINE="accounts.sessions"):
        client.force_login(learner)  # while the cache was there
    with override_settings(
        CACHES={**settings.CACHES, **unreachable}, SESSION_ENGINE="accounts.sessions", REDIS_URL="redis://127.0.0.1:1/0"
    ):
        for _ in range(2):
            response = client.get(reverse("quiz:home"))
            assert response.status_code == 200 and response.context["user"] == learner
