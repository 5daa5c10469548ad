"""Sign-in backend: the signed-in user is read from the shared cache (Redis), not the database, on each request.

Only with REDIS_URL (a cache every app process shares); otherwise it is Django's ModelBackend as is.
Any save or delete of a user drops the cached copy in every process, at once and again when the
transaction commits, so a password change, a deactivation or a deletion takes effect on the next
request, as without the cache. If Redis is unreachable, users are read from the database, and a copy
Redis could not be told to drop is marked, and dropped before Redis is trusted again (`accounts.sessions`).
Usually the copy has already come with the session, in the same round trip (`accounts.sessions`).
"""

import contextlib
import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from redis.exceptions import RedisError

TIMEOUT = 120  # seconds; a bound on staleness should a write ever bypass the signals (QuerySet.update)

logger = logging.getLogger(__name__)


# The user's cached copy that `accounts.sessions` fetched with the session, for this request's get_user only:
# (user id, copy, when). Taken once; withdrawn at the start and end of a request, when that user is saved,
# and after OFFER_SECONDS, so nothing outside a request (a shell, a task) meets an old copy.
_offered: ContextVar[tuple[str, object, float] | None] = ContextVar("offered_user", default=None)
OFFER_SECONDS = 1.0


def cache_key(user_id) -> str:
    return f"auth-user:{user_id}"


def offer_user(user_id, user) -> None:
    """The session store found `user` (the cached copy of `user_id`, or None) with the session."""
    _offered.set((str(user_id), user, time.monotonic()) if user is not None else None)


def withdraw_offer(**kwargs) -> None:
    """request_started / request_finished: an offer not taken does not outlive its request."""
    _offered.set(None)


def _take_offer(user_id):
    offered = _offered.get()
    _offered.set(None)
    if offered is None or offered[0] != str(user_id) or time.monotonic() - offered[2] > OFFER_SECONDS:
        return None
    return offered[1]


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        if not settings.REDIS_URL:
            return super().get_user(user_id)
        offered = _take_offer(user_id)
        if offered is not None:
            return offered  # the copy in Redis, read together with the session
        try:
            user = cache.get(cache_key(user_id))
        except RedisError:
            logger.warning("Redis is unreachable: reading the signed-in user from the database.")
            return super().get_user(user_id)
        if user is None:
            user = super().get_user(user_id)  # None when missing or inactive
            if user is not None:
                with contextlib.suppress(RedisError):  # the database answered; the cache can wait
                    cache.set(cache_key(user_id), user, TIMEOUT)
        return user


def _drop(user_id) -> None:
    try:
        cache.delete(cache_key(user_id))
    except RedisError:
        if settings.SESSION_CACHE_ALIAS == "default":
            from accounts.sessions import mark_stale  # sessions imports this module

            # Dropped with the sessions' missed copies before Redis is trusted again (accounts.sessions).
            mark_stale([cache_key(user_id)])
        else:
            logger.warning("Redis is unreachable: user %s stays cached for up to %s s.", user_id, TIMEOUT)


def forget_user(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a user: the next request reads it from the database again.

    Dropped now and once more on commit: a request between the two may have cached the row as it was.
    """
    if settings.REDIS_URL:
        offered = _offered.get()
        if offered is not None and offered[0] == str(instance.pk):
            withdraw_offer()
        _drop(instance.pk)
        user_id = instance.pk
        transaction.on_commit(lambda: _drop(user_id))
