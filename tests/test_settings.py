"""Configuration from the environment: production refuses to start without a secret and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    unset = {
        "SECRET_KEY",
        "DEBUG",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }  # the last: set for browser tests
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "factsquiz.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="factsquiz.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_runs_with_a_development_key():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_redis_url_moves_the_cache_and_sessions_to_redis():
    script = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    with_redis = run_manage("shell", "-v", "0", "-c", script, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/3")
    assert with_redis.stdout.split() == [
        "factsquiz.redis_cache.ReusingRedisCache",
        "accounts.sessions",
    ], with_redis.stderr
    without = run_manage("shell", "-v", "0", "-c", script, DEBUG="1", REDIS_URL="")
    assert without.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "django.contrib.sessions.backends.db",
    ], without.stderr


def test_prepared_statements_are_on_for_postgresql_unless_turned_off():
    script = "from django.db import connection as c; print(sorted(c.settings_dict['OPTIONS'].items()))"
    url = "postgres://postgres@127.0.0.1:5432/factsquiz"
    on = run_manage("shell", "-v", "0", "-c", script, DEBUG="1", DATABASE_URL=url)
    assert "('prepare_threshold', 2), ('server_side_binding', True)" in on.stdout, on.stderr
    off = run_manage("shell", "-v", "0", "-c", script, DEBUG="1", DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")
    assert "server_side_binding" not in off.stdout and off.returncode == 0, off.stderr


def test_only_a_trusted_proxy_can_say_a_request_came_over_https():
    script = "from django.conf import settings as s; print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    production = {"DEBUG": "0", "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40}
    direct = run_manage("shell", "-v", "0", "-c", script, **production)
    assert direct.stdout.strip() == "None", direct.stderr
    proxied = run_manage("shell", "-v", "0", "-c", script, TRUSTED_PROXY_COUNT="1", **production)
    assert proxied.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", proxied.stderr
