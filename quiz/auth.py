"""Sign-in backend: the signed-in user is read from the shared cache (Redis), not the database, on each request.

Only with REDIS_URL (a cache every app process shares); otherwise it is Django's ModelBackend as is.
Any save or delete of a user drops the cached copy in every process at once, so a password change,
a deactivation or a deletion takes effect on the next request, as without the cache.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

TIMEOUT = 300  # seconds; a bound on staleness should a write ever bypass the signals (QuerySet.update)


def cache_key(user_id) -> str:
    return f"auth-user:{user_id}"


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        if not settings.REDIS_URL:
            return super().get_user(user_id)
        user = cache.get(cache_key(user_id))
        if user is None:
            user = super().get_user(user_id)  # None when missing or inactive
            if user is not None:
                cache.set(cache_key(user_id), user, TIMEOUT)
        return user


def forget_user(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a user: the next request reads it from the database again."""
    if settings.REDIS_URL:
        cache.delete(cache_key(instance.pk))
