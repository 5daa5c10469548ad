"""Sessions in Redis (written through to the database) that bring the signed-in user's cached copy along.

With Django's cached_db sessions a signed-in request asks Redis twice, one after the other: for the
session, then (`accounts.auth`) for the user the session names. A sync worker waits for each answer, so
this store asks once: it remembers, per process, which user each session it has seen belongs to,
and fetches the session and that user's cached copy together (MGET). The copy is handed to the
auth backend only if the session still names that user; anything else takes the two-step path.
Freshness is `accounts.auth`'s: a user's copy is dropped from Redis whenever the user is saved or
deleted, so a copy fetched here is exactly the one the backend would have read.
"""

import logging

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db

from accounts import auth

logger = logging.getLogger(__name__)
MAX_KNOWN = 10_000  # sessions remembered per process; past that the memory starts afresh
# hash of a session key -> the user id its data held when last seen. A hash, not the key (a secret):
# two keys sharing one would only cost a prefetch, since the session's own user id is checked anyway.
_user_of_session: dict[int, str] = {}


def _remember(session_key: str | None, user_id: str | None) -> None:
    if session_key and user_id:
        if len(_user_of_session) >= MAX_KNOWN:
            _user_of_session.clear()
        _user_of_session[hash(session_key)] = user_id


class SessionStore(cached_db.SessionStore):
    def load(self):
        user_id = _user_of_session.get(hash(self.session_key)) if self.session_key else None
        user_key = auth.cache_key(user_id) if user_id and settings.SESSION_CACHE_ALIAS == "default" else None
        try:
            found = self._cache.get_many([self.cache_key, user_key] if user_key else [self.cache_key])
        except Exception:
            # As Django's: an unusable key or an unreachable cache reads the session from the database.
            found = {}
        data = found.get(self.cache_key)
        if data is None:
            data = self._load_from_database()
        _remember(self.session_key, data.get(SESSION_KEY))
        auth.offer_user(user_id, found.get(user_key) if user_id == data.get(SESSION_KEY) else None)
        return data

    def _load_from_database(self) -> dict:
        """cached_db's own path on a cache miss: the row, put back in the cache if the cache is there."""
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:  # as cached_db's save(): Redis down must not sign anyone out
            logger.warning("The cache is unreachable: session read from the database only.")
        return data

    def save(self, must_create=False):
        super().save(must_create)
        _remember(self.session_key, self._session.get(SESSION_KEY))  # signing in: the next request is prefetched
