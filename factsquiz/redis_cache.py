"""Django's Redis cache backend, keeping one redis-py client per connection pool instead of building one per call.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache operation, and
redis-py's constructor copies some 170 response callbacks into a case-insensitive dict each time:
about 0.35 ms of CPU on the benchmark machine, twice per signed-in request (session, user), where
the Redis round trip itself costs a tenth of that. The pools, the connections and everything
else stay Django's own; a client shares its pool and is safe to reuse across calls and threads.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id of a pool in self._pools -> the redis.Redis using it

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
