"""When a backing service is down: a friendly 503 instead of a server error, and the readiness check.

`server_error` is the site's `handler500`. An exception that says the database (or Redis, where the
cache is essential, e.g. the sign-up limit) could not be reached becomes a short 503 page with
`Retry-After`, rendered without the database, the session or a request context (the page must not
need what is down); anything else stays Django's own 500. It catches what the views raise and what
middleware raises (a session read or saved while both stores are down), since Django hands every
uncaught exception of a request to this handler. With DEBUG on, Django shows its debug page instead.

`ready` is for load balancers: 200 when the database and the shared cache answer, else 503 naming
what failed. `/health/` stays a liveness check that touches neither.
"""

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5  # a database restart takes a second or two; a worker then reconnects on its own
UNREACHABLE = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
FALLBACK_PAGE = (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Back in a moment · FactsQuiz</title>'
    "<h1>FactsQuiz is back in a moment</h1><p>Please try again in a few seconds.</p></html>"
)


def _fallback_page() -> str:
    """FALLBACK_PAGE in the reader's language (FALLBACK_PAGE itself should even that fail)."""
    try:
        return (
            f'<!doctype html><html lang="{translation.get_language() or "en"}"><meta charset="utf-8">'
            f"<title>{escape(_('Back in a moment'))} · FactsQuiz</title>"
            f"<h1>{escape(_('FactsQuiz is back in a moment'))}</h1>"
            f"<p>{escape(_('Please try again in a few seconds.'))}</p></html>"
        )
    except Exception:
        return FALLBACK_PAGE


def is_outage(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) says a backing service could not be reached or answer."""
    while error is not None:
        if isinstance(error, UNREACHABLE):
            return True
        error = error.__cause__
    return False


def unavailable(request=None) -> HttpResponse:
    """The 503 page: the site's stylesheet, no database, no session, no context processors."""
    try:
        page = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    except Exception:  # e.g. static files not collected: the outage page must never fail itself
        logger.exception("The 503 page could not be rendered; sending the plain one.")
        page = _fallback_page()
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name: str = "500.html") -> HttpResponse:
    """handler500: a 503 while a backing service is unreachable, otherwise Django's 500."""
    if is_outage(sys.exc_info()[1]):
        return unavailable(request)
    return defaults.server_error(request, template_name)


def _database_answers() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _cache_answers() -> bool:
    try:
        caches["default"].get("factsquiz:ready")
    except Exception:  # Redis, or the database cache, unreachable: whatever the backend raises
        return False
    return True


@never_cache
@require_safe
@login_not_required
def ready(request):
    """Readiness for load balancers: the database and the shared cache (Redis with REDIS_URL) both answer."""
    from django.conf import settings

    checks = {"database": _database_answers(), "redis" if settings.REDIS_URL else "cache": _cache_answers()}
    body = "".join(f"{name} {'ok' if ok else 'unreachable'}\n" for name, ok in checks.items())
    response = HttpResponse(body, content_type="text/plain", status=200 if all(checks.values()) else 503)
    if response.status_code == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
