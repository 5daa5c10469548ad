"""Sessions in Redis (written through to the database) that bring the signed-in user's cached copy along.

With Django's cached_db sessions a signed-in request asks Redis twice, one after the other: for the
session, then (`accounts.auth`) for the user the session names. A sync worker waits for each answer, so
this store asks once: it remembers, per process, which user each session it has seen belongs to,
and fetches the session and that user's cached copy together (MGET). The copy is handed to the
auth backend only if the session still names that user; anything else takes the two-step path.
Freshness is `accounts.auth`'s: a user's copy is dropped from Redis whenever the user is saved or
deleted, so a copy fetched here is exactly the one the backend would have read.

If Redis cannot be reached, sessions are read, created, changed and deleted in the database alone, so
signing in and out keep working. Redis may then still hold a copy it was not told about (a signed-out
session, a session as it was before a change, a user as they were): it could come back when Redis does,
if Redis kept its data (a network partition, a restart with persistence). So each copy Redis missed is
recorded in the database, as a marker row of the session table (key `evicted-` + a hash, data: the cache
key to drop, expiring with the session), and copies in Redis are trusted only under a lease: a Redis key
that lives LEASE_SECONDS and is fetched in the same MGET. Whoever finds it missing first drops every
marked key from Redis, deletes those markers and sets the lease again (a database query and a Redis
write, once per LEASE_SECONDS for the whole site). A copy Redis missed is therefore never used more
than LEASE_SECONDS after it went stale, and never once an outage outlasted the lease. Marker rows are
not sessions: a cookie naming one starts a new session.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone

from accounts import auth

logger = logging.getLogger(__name__)
MAX_KNOWN = 10_000  # sessions remembered per process; past that the memory starts afresh
# hash of a session key -> the user id its data held when last seen. A hash, not the key (a secret):
# two keys sharing one would only cost a prefetch, since the session's own user id is checked anyway.
_user_of_session: dict[int, str] = {}

LEASE_KEY = "sessions:copies-trusted"
LEASE_SECONDS = 5
STALE_PREFIX = "evicted-"  # 8 characters + 32 of a hash: the session key column's 40
MAX_MARKERS_PER_PASS = 10_000


def _remember(session_key: str | None, user_id: str | None) -> None:
    if session_key and user_id:
        if len(_user_of_session) >= MAX_KNOWN:
            _user_of_session.clear()
        _user_of_session[hash(session_key)] = user_id


def _marker_key(cache_key: str) -> str:
    return STALE_PREFIX + hashlib.sha256(cache_key.encode()).hexdigest()[:32]


def mark_stale(cache_keys: list[str]) -> None:
    """Redis could not be told about these keys' new state: record them, to be dropped when it answers again."""
    expire = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)  # no copy outlives this
    markers = [Session(session_key=_marker_key(key), session_data=key, expire_date=expire) for key in cache_keys]
    # A marker already there gets the later expiry, so a pass that read it before cannot delete this one.
    Session.objects.bulk_create(
        markers, update_conflicts=True, unique_fields=["session_key"], update_fields=["expire_date"]
    )
    logger.warning("Redis is unreachable: %s cached cop(ies) marked to be dropped when it is back.", len(markers))


def renew_lease(cache) -> bool:
    """Drop every marked key from Redis, delete those markers, then trust Redis again for LEASE_SECONDS.

    False if Redis failed on the way: the copies it holds are not to be trusted yet.
    """
    markers = list(
        Session.objects.filter(session_key__startswith=STALE_PREFIX)
        .order_by()
        .values_list("session_key", "session_data", "expire_date")[:MAX_MARKERS_PER_PASS]
    )
    try:
        if markers:
            cache.delete_many([data for _, data, _ in markers])
        if len(markers) < MAX_MARKERS_PER_PASS:
            cache.set(LEASE_KEY, 1, LEASE_SECONDS)
    except Exception:
        return False
    if markers:
        applied = Q()
        for key, _, expire in markers:
            applied |= Q(session_key=key, expire_date=expire)
        Session.objects.filter(applied).delete()
        logger.info("Dropped %s cached cop(ies) from Redis that it had missed while unreachable.", len(markers))
    return len(markers) < MAX_MARKERS_PER_PASS


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        if session_key and session_key.startswith(STALE_PREFIX):
            session_key = None  # a marker row, not a session: a cookie naming one starts afresh
        super().__init__(session_key)

    def _fetch(self, user_key: str | None) -> dict | None:
        """The session's copy, the lease and the user's copy in one MGET; None if Redis is unreachable."""
        keys = [self.cache_key, LEASE_KEY, *([user_key] if user_key else [])]
        try:
            return self._cache.get_many(keys)
        except Exception:
            # As Django's: an unusable key or an unreachable cache reads the session from the database.
            return None

    def load(self):
        user_id = _user_of_session.get(hash(self.session_key)) if self.session_key else None
        user_key = auth.cache_key(user_id) if user_id and settings.SESSION_CACHE_ALIAS == "default" else None
        found = self._fetch(user_key)
        if found is not None and LEASE_KEY not in found:
            # Copies Redis may have missed are dropped first; what was fetched with them is read again.
            found = self._fetch(user_key) if renew_lease(self._cache) else None
        redis_up = found is not None
        found = found or {}
        data = found.get(self.cache_key)
        if data is None:
            data = self._load_from_database(cache=redis_up)
        _remember(self.session_key, data.get(SESSION_KEY))
        auth.offer_user(user_id, found.get(user_key) if user_id == data.get(SESSION_KEY) else None)
        return data

    def _load_from_database(self, cache: bool = True) -> dict:
        """cached_db's own path on a cache miss: the row, put back in the cache if the cache is there."""
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        if cache:
            try:
                self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
            except Exception:  # as cached_db's save(): Redis down must not sign anyone out
                logger.warning("The cache is unreachable: session read from the database only.")
        return data

    def exists(self, session_key):
        """Whether the key is taken, in Redis or in the database (the database alone if Redis is unreachable)."""
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            pass
        return DBStore.exists(self, session_key)

    def save(self, must_create=False):
        DBStore.save(self, must_create)  # cached_db's save, with its failure handled here
        try:
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())
        except Exception:
            mark_stale([self.cache_key])  # an older copy of this session in Redis must not come back
        _remember(self.session_key, self._session.get(SESSION_KEY))  # signing in: the next request is prefetched

    def delete(self, session_key=None):
        """Delete from the database, then from Redis; if Redis is unreachable, mark its copy to be dropped."""
        DBStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            mark_stale([self.cache_key_prefix + session_key])
