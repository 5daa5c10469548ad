"""Fixtures for the failure tests: a database that refuses every query, an unreachable Redis, a real Redis."""

import uuid

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.test import override_settings

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused at once
REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def database_down(db):
    """Every query fails, as when PostgreSQL is stopped (no cursor can be had); back before the test's rollback."""

    def refused(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connections["default"], "cursor", refused)
        patch.setattr(connections["default"], "chunked_cursor", refused)
        yield


@pytest.fixture
def redis_unreachable(db):
    """The production wiring of REDIS_URL, with Redis stopped."""
    caches = {"default": {"BACKEND": "factsquiz.redis_cache.ReusingRedisCache", "LOCATION": UNREACHABLE_REDIS}}
    with override_settings(
        CACHES={**settings.CACHES, **caches}, SESSION_ENGINE="accounts.sessions", REDIS_URL=UNREACHABLE_REDIS
    ):
        yield


@pytest.fixture
def real_redis(db):
    """The production wiring of REDIS_URL on a real Redis, on a key prefix of this test's own."""
    import redis

    try:
        server = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
        server.ping()
    except redis.RedisError:
        pytest.skip(f"needs a Redis server at {REDIS_TEST_URL} (.ci/run starts one)")
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
