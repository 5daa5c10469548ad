"""Django's Redis cache backend, keeping one redis-py client per connection pool, and failing fast while Redis is down.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache operation, and
redis-py's constructor copies some 170 response callbacks into a case-insensitive dict each time:
about 0.35 ms of CPU on the benchmark machine, twice per signed-in request (session, user), where
the Redis round trip itself costs a tenth of that. The pools, the connections and everything
else stay Django's own; a client shares its pool and is safe to reuse across calls and threads.

While Redis cannot be reached, every request would try it two or three times (session, user, session
save) and wait out the connect timeout each time if the host does not answer at all. So after a
connection error or a timeout, commands fail at once, without trying, for FAIL_FAST_SECONDS; the
callers (`accounts.sessions`, `accounts.auth`) then use the database, as they do for any Redis error.
"""

import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

FAIL_FAST_SECONDS = 1.0


class Breaker:
    """When Redis last failed to answer, for this process: until then + FAIL_FAST_SECONDS, do not ask it."""

    def __init__(self):
        self.open_until = 0.0

    def check(self) -> None:
        if time.monotonic() < self.open_until:
            raise RedisConnectionError("Redis failed to answer less than a second ago: not asking again yet.")

    def trip(self) -> None:
        self.open_until = time.monotonic() + FAIL_FAST_SECONDS


class FailFastRedis(redis.Redis):
    breaker: Breaker

    def execute_command(self, *args, **options):
        self.breaker.check()
        try:
            return super().execute_command(*args, **options)
        except (RedisConnectionError, RedisTimeoutError):
            self.breaker.trip()
            raise


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id of a pool in self._pools -> the redis.Redis using it
        self.breaker = Breaker()
        self._client = type("FailFastRedis", (FailFastRedis,), {"breaker": self.breaker})

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    """Use as `BACKEND = "factsquiz.redis_cache.ReusingRedisCache"`; everything else as Django's RedisCache."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
