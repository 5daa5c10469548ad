"""Limits per client address and clock hour: sign-ups (SIGNUP_LIMIT_PER_HOUR) and guests (GUEST_LIMIT_PER_HOUR).

The count lives in the shared cache (the database table, or Redis with REDIS_URL), so every app
process sees the same one. A sign-up is counted *before* its account is made, in one atomic step,
so sign-ups sent at the same moment cannot all read "four so far" and all go ahead.

The hour gives an address SIGNUP_LIMIT_PER_HOUR places, one cache key each:
`signups:<address>:<hour number>:<n>`. A sign-up takes the first free place with `cache.add`, which
every shared backend does atomically: Redis `SET NX`, memcached `add`, and for the database cache an
INSERT into a table whose key is unique (locmem, for development and tests, under its lock). Of
sign-ups racing for one place exactly one gets it and the others go on to the next; when every
place is taken the sign-up is refused. A place is written once, by `add`, with a timeout that runs
past the end of its hour, and never rewritten, so nothing can shorten or extend it. The next hour
has keys of its own.

Why not `cache.add(key, 0)` and then `cache.incr(key)`? Django's database cache has no increment of
its own. `BaseCache.incr` reads the value and writes value + 1 with `set`. Two sign-ups at once can
then both write 4, and `set` gives the entry the default timeout of 300 seconds, so the count was gone
five minutes after the last sign-up. django-ratelimit is built on add + incr and refuses the
database cache for this reason (its system check E003).

The window is fixed (clock hours, UTC), not sliding: at most the limit per clock hour, which means at
most twice the limit across the turn of an hour.
"""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
# Places outlive their hour by this much. App servers' clocks (and Redis's, which counts down the
# timeout) may disagree by less than this without a place expiring while its hour is still current.
EXPIRY_MARGIN_SECONDS = 5 * 60


def _who(address: str) -> str:
    """The address as it goes into a key: an IPv4 address, an IPv6 client's /64 network (one subscriber
    gets a whole /64 and could rotate through it), anything else hashed.

    A hash keeps the key short and free of spaces, as memcached requires.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "sha256-" + hashlib.sha256(address.encode()).hexdigest()[:32]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return ip.ipv4_mapped.compressed
        return ipaddress.ip_network(f"{ip}/64", strict=False).compressed.replace("/", "_")
    return ip.compressed


# What is limited -> the setting that holds its limit per address and clock hour.
LIMITS = {"signups": "SIGNUP_LIMIT_PER_HOUR", "guests": "GUEST_LIMIT_PER_HOUR"}


def _places(kind: str, address: str, window: int) -> list[str]:
    who = _who(address)
    return [f"{kind}:{who}:{window}:{n}" for n in range(1, getattr(settings, LIMITS[kind]) + 1)]


def exhausted(kind: str, address: str) -> bool:
    """Whether every place of `kind` for this hour is taken already. It only reads and counts nothing."""
    places = _places(kind, address, int(time.time() // WINDOW_SECONDS))
    return len(cache.get_many(places)) >= len(places)


def take(kind: str, address: str) -> bool:
    """Count one `kind` ("signups", "guests") from `address` and say whether it may go ahead.

    False (and nothing counted) when this hour's places are all taken. Requests racing each other get
    at most as many True answers as there were free places.
    """
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    timeout = math.ceil((window + 1) * WINDOW_SECONDS - now) + EXPIRY_MARGIN_SECONDS
    places = _places(kind, address, window)
    taken = cache.get_many(places)
    return any(place not in taken and cache.add(place, 1, timeout=timeout) for place in places)


def signups_exhausted(address: str) -> bool:
    return exhausted("signups", address)


def take_signup(address: str) -> bool:
    """Count one sign-up from `address` and say whether it may go ahead (see `take`)."""
    return take("signups", address)


def take_guest(address: str) -> bool:
    """Count one new guest (a visitor's first quiz without an account) from `address` (see `take`)."""
    return take("guests", address)
