"""Dates in the learner's time zone: the browser says which (a `tz` cookie set by site.js); UTC until it has."""

import zoneinfo
from functools import cache

from django.utils import timezone

COOKIE = "tz"


@cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list[tuple[str, str]]:
    """Region/City zones (and UTC) for a form's select, readable ("America/New York")."""
    return [(name, name.replace("_", " ")) for name in sorted(known_zones()) if "/" in name or name == "UTC"]


def zone_from(request) -> str | None:
    """The IANA zone name the browser sent, if it is a real one (anything else is ignored)."""
    name = request.COOKIES.get(COOKIE, "")
    return name if name in known_zones() else None


class TimeZoneMiddleware:
    """Render every date in the browser's time zone, in one format ("1 Dec 2026, 19:23")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = zone_from(request)
        if name:
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        return self.get_response(request)
