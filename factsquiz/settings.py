"""Django settings for FactsQuiz, read from the environment (see the README's configuration table)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    "content",
    "quiz",
    "accounts",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "content.versions.VersionMiddleware",  # the content version read once per request (the catalogue's key)
    # The interface language: the saved choice (a cookie set by set_language and at sign-in), then the browser.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.language.SavedLanguageMiddleware",  # a sign-in brings back the language the person chose
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "factsquiz.timezones.TimeZoneMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-ins while an account or address is locked
    "accounts.auth.CachedModelBackend",  # Django's ModelBackend; with REDIS_URL, reads the signed-in user from Redis
]

ROOT_URLCONF = "factsquiz.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "content.context_processors.attribution",
                "accounts.context_processors.roles",
            ],
            # {% translate %} and the number and date filters need no {% load %} in any template.
            "builtins": ["django.templatetags.i18n", "factsquiz.templatetags.formatting"],
        },
    },
]

WSGI_APPLICATION = "factsquiz.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # On: a kept connection is checked (SELECT 1, about 0.06 ms on loopback) before a request's first
        # query, so after a database restart no worker's first request fails (bench/faults.py). Off saves
        # the round trip and lets each worker's first request after a restart fail once.
        conn_health_checks=env_bool("DATABASE_HEALTH_CHECKS", default=True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests writing at once wait for the lock instead of failing at once. Write-ahead logging:
    # readers never wait for a writer, and a commit syncs the log once instead of the journal and the file
    # several times (synchronous stays FULL, so a committed answer survives a power cut).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Prepared statements: psycopg prepares a query the second time a connection runs it, so PostgreSQL
# plans the hot queries (session, user, answer) once per connection instead of on every request.
# Turn off (DATABASE_PREPARED_STATEMENTS=0) behind a pooler in transaction mode, which cannot keep them.
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 2})

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures the username, and separately the
# address, is locked for AXES_COOLOFF_MINUTES. A successful sign-in clears the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env_bool("AXES_VERBOSE", default=False)  # lockouts are kept in the database (admin: Axes)
# Reverse proxies in front of the app that each append the client's address to X-Forwarded-For and set
# X-Forwarded-Proto. 0: none, REMOTE_ADDR is the client and both headers are ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_address"
# Sign-ups per address per hour (counted in the cache), so accounts cannot be created by script at volume.
SIGNUP_LIMIT_PER_HOUR = int(os.environ.get("SIGNUP_LIMIT_PER_HOUR", "5"))
# Guests: visitors taking quizzes without an account. Each is a user row tied to their session
# (quiz/guests.py); an address may start GUEST_LIMIT_PER_HOUR of them per hour, and `purge_guests`
# deletes guests (and their attempts) GUEST_RETENTION_DAYS after they were made.
GUEST_LIMIT_PER_HOUR = int(os.environ.get("GUEST_LIMIT_PER_HOUR", "20"))
GUEST_RETENTION_DAYS = int(os.environ.get("GUEST_RETENTION_DAYS", "30"))

# Spaced review (reviews/scheduling.py wraps py-fsrs with these): cards are scheduled to be recalled
# with 90 % probability, in whole days (no sub-day learning steps: a wrong answer brings the myth back
# the next day, not in ten minutes); fuzz spreads due dates so cards learnt together do not come back
# together (the tests turn it off). A claim is "mastered" while its predicted recall is at least
# MASTERY_RECALL. A review session serves up to SESSION_SIZE due claims.
REVIEWS = {
    "DESIRED_RETENTION": 0.9,
    "ENABLE_FUZZING": True,
    "MAXIMUM_INTERVAL_DAYS": 365,
    "MASTERY_RECALL": 0.9,
    "SESSION_SIZE": int(os.environ.get("REVIEW_SESSION_SIZE", "10")),
}

# A cache every app process shares (throttling counts). Without REDIS_URL it lives in the database
# (`manage.py createcachetable`). With REDIS_URL it lives in Redis, and sessions are read from there too
# (written through to the database, so a Redis restart signs nobody out): one query less per request.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "factsquiz.redis_cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis host that stops answering costs a request at most this long, not redis-py's 5 s (a
            # refused connection fails at once); after a failure it is not asked for a second.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    SESSION_ENGINE = "accounts.sessions"  # Django's cached_db, fetching the signed-in user in the same round trip
else:
    # Once the table holds more than MAX_ENTRIES rows, a write deletes the expired ones and, if that is not
    # enough, a third of the others, live sign-up counts among them. With Django's default of 300, some 300
    # addresses signing up within the hour would wipe other addresses' counts.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "factsquiz_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# The site's head links, header and footer as rendered, kept by each process (`{% cache … using="fragments" %}` in
# _base.html), keyed by the language, the visitor's roles and the content version, and each claim's sources as
# feedback and results show them (quiz/_item_sources.html: claim, content version, language); none holds
# anything personal (the CSRF token and the username stay outside). Off in development, so template edits show
# at once. Room for some 20 documents' claims in two languages.
CACHES["fragments"] = {
    "BACKEND": (
        "django.core.cache.backends.dummy.DummyCache" if DEBUG else "django.core.cache.backends.locmem.LocMemCache"
    ),
    "LOCATION": "fragments",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "quiz:home"
LOGOUT_REDIRECT_URL = "quiz:home"

LANGUAGE_CODE = "en-gb"
# The interface languages (docs/translating.md says how to add one). URLs stay the same in every language.
LANGUAGES = [("en-gb", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language of content that belongs to no document (the technique taxonomy, the held-out pool); a document
# has its own (SourceDocument.language). Content is never translated with the interface.
CONTENT_LANGUAGE = os.environ.get("CONTENT_LANGUAGE", "en")
# One date format per language ("1 Dec 2026, 19:23" / "1 déc. 2026, 19:23"): factsquiz/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["factsquiz.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "FactsQuiz <noreply@localhost>")
# The site's own address, for links in e-mails sent outside a request (review reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Content Security Policy: everything from our own origin, scripts only with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    if TRUSTED_PROXY_COUNT:  # only a proxy's word counts that a request came over HTTPS
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Reverting from history would bypass the publishing checks of the change forms.
SIMPLE_HISTORY_REVERT_DISABLED = True
