"""Signing in and out while Redis is unreachable, and why a session deleted meanwhile never comes back."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from accounts import sessions
from accounts.auth import cache_key

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def sign_in(client: Client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def markers():
    return Session.objects.filter(session_key__startswith=sessions.STALE_PREFIX)


def test_signing_in_and_out_work_with_redis_unreachable(redis_unreachable, learner):
    client = Client()
    response = sign_in(client, learner.username)
    assert response.status_code == 302 and response["Location"] == reverse("quiz:home")
    assert client.get(reverse("quiz:home")).context["user"] == learner
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()

    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    stale = Client()
    stale.cookies["sessionid"] = key  # the signed-out cookie, kept by someone else
    assert not stale.get(reverse("quiz:home")).context["user"].is_authenticated
    # What Redis missed is recorded, to be dropped from it before it is trusted again.
    assert markers().filter(session_data=KEY_PREFIX + key).exists()


def test_signing_up_is_refused_politely_with_redis_unreachable(redis_unreachable):
    """The sign-up limit is counted in Redis: without it, a 503 saying to try again, never a server error."""
    response = Client(raise_request_exception=False).post(
        reverse("signup"),
        {"username": "newcomer", "email": "n@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_a_session_signed_out_while_redis_was_unreachable_does_not_come_back(real_redis, learner, monkeypatch):
    """Redis kept its copy (a partition, a restart with persistence): the lease makes it go before use."""
    server, prefix = real_redis
    client = Client()
    assert sign_in(client, learner.username).status_code == 302
    assert client.get(reverse("quiz:home")).context["user"] == learner  # the session and the user now in Redis
    key = client.cookies["sessionid"].value

    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as outage:
        outage.setattr(cache, "delete", unreachable)
        assert client.post(reverse("logout")).status_code == 302
    assert any(server.scan_iter(match=f"{prefix}:*{key}"))  # Redis never heard of it
    assert markers().count() >= 1

    server.delete(*server.scan_iter(match=f"{prefix}:*{sessions.LEASE_KEY}"))  # LEASE_SECONDS went by
    stale = Client()
    stale.cookies["sessionid"] = key
    assert not stale.get(reverse("quiz:home")).context["user"].is_authenticated
    assert not any(server.scan_iter(match=f"{prefix}:*{key}"))
    assert not markers().exists()


def test_a_user_changed_while_redis_was_unreachable_is_read_again_before_trusting_it(real_redis, learner, monkeypatch):
    server, prefix = real_redis
    client = Client()
    client.force_login(learner)
    assert client.get(reverse("quiz:home")).context["user"] == learner  # the user's copy in Redis
    with monkeypatch.context() as outage:
        outage.setattr(cache, "delete", lambda *a, **k: (_ for _ in ()).throw(RedisConnectionError("refused")))
        learner.is_active = False
        learner.save()
    assert cache.get(cache_key(learner.pk)) is not None  # the old copy, still active
    server.delete(*server.scan_iter(match=f"{prefix}:*{sessions.LEASE_KEY}"))
    assert not client.get(reverse("quiz:home")).context["user"].is_authenticated
    assert cache.get(cache_key(learner.pk)) is None


def test_a_session_changed_while_redis_was_unreachable_is_read_from_the_database_afterwards(real_redis, learner):
    server, prefix = real_redis
    client = Client()
    client.force_login(learner)
    client.get(reverse("quiz:home"))
    key = client.cookies["sessionid"].value
    store = sessions.SessionStore(key)
    store["note"] = "before"
    store.save()
    original = store._cache.set
    store._cache.set = lambda *a, **k: (_ for _ in ()).throw(RedisConnectionError("refused"))
    try:
        store["note"] = "during the outage"
        store.save()
    finally:
        store._cache.set = original
    server.delete(*server.scan_iter(match=f"{prefix}:*{sessions.LEASE_KEY}"))
    assert sessions.SessionStore(key).load()["note"] == "during the outage"


def test_a_cookie_naming_a_marker_row_is_no_session(redis_unreachable, learner):
    """A marker row is not a session: it can be neither used nor deleted (which would forget what Redis missed)."""
    sessions.mark_stale(["some-cache-key"])
    marker = markers().get(session_data="some-cache-key")
    client = Client()
    client.cookies["sessionid"] = marker.session_key
    assert not client.get(reverse("quiz:home")).context["user"].is_authenticated
    assert sign_in(client, learner.username).status_code == 302
    assert client.cookies["sessionid"].value != marker.session_key
    assert markers().filter(session_key=marker.session_key, session_data="some-cache-key").exists()


def test_after_redis_failed_it_is_not_asked_again_for_a_second(redis_unreachable, monkeypatch):
    """A Redis host that does not answer would cost every request its connect timeout, several times over."""
    from factsquiz import redis_cache

    with pytest.raises(RedisConnectionError):
        cache.get("anything")
    client = cache._cache.get_client()
    tried = []
    monkeypatch.setattr(client.connection_pool, "get_connection", lambda *a, **k: tried.append(1))
    with pytest.raises(RedisConnectionError, match="less than a second ago"):
        cache.get("anything")
    assert tried == []
    later = redis_cache.time.monotonic() + redis_cache.FAIL_FAST_SECONDS + 0.1
    monkeypatch.setattr(redis_cache.time, "monotonic", lambda: later)
    with pytest.raises(AttributeError):  # tried again: the patched pool hands out None, not a connection
        cache.get("anything")
    assert tried == [1]
