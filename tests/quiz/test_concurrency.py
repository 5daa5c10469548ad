"""Concurrency against a live server on PostgreSQL: the same answer at once, two tabs finishing, two tabs starting.

Threads send real HTTP requests to pytest-django's multi-threaded live server, each request on its own
database connection. SQLite serialises all writes, so these run on PostgreSQL only (`.ci/run` does).
"""

import http.client
import threading
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from quiz.models import Attempt, AttemptItem
from tests.factories import quiz_with_claims
from tests.helpers import answers_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL"),
]
CSRF = "concurrencytestcsrftoken00000000"


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """Transactional tests empty the database after each test, the roles' groups included."""
    from django.apps import apps

    from accounts.roles import sync_roles

    sync_roles(apps)  # any 32 allowed characters; sent as cookie and header


def signed_in_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; csrftoken={CSRF}"


def post(base: str, path: str, data: dict, cookie: str) -> int:
    """One POST over its own connection; redirects are not followed (the status is what we check)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        body = urlencode(data)
        headers = {
            "Cookie": cookie,
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        conn.request("POST", path, body=body, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


def at_once(count: int, action) -> list:
    """Run `action` in `count` threads released together; return their results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        barrier.wait(timeout=10)
        results[index] = action()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_the_same_answer_sent_at_once_is_recorded_once(live_server, learner):
    quiz = quiz_with_claims(3, item_count=4)
    cookie = signed_in_cookie(learner)
    assert post(live_server.url, reverse("quiz:attempt-start", args=[quiz.pk]), {}, cookie) == 302
    attempt = Attempt.objects.get()
    path = reverse("quiz:attempt-step", kwargs={"attempt_id": attempt.public_id, "step": 1})
    answer = answers_for(attempt, 1)
    statuses = at_once(12, lambda: post(live_server.url, path, answer, cookie))
    assert statuses == [302] * 12  # each sees its answer stored: the first writes, the rest find it there
    item = AttemptItem.objects.get(attempt=attempt, step=1)
    assert item.is_correct and item.answered_at is not None
    assert AttemptItem.objects.filter(attempt=attempt, answered_at__isnull=False).count() == 1


def test_different_answers_at_once_keep_exactly_one(live_server, learner):
    quiz = quiz_with_claims(3, item_count=4)
    cookie = signed_in_cookie(learner)
    post(live_server.url, reverse("quiz:attempt-start", args=[quiz.pk]), {}, cookie)
    attempt = Attempt.objects.get()
    path = reverse("quiz:attempt-step", kwargs={"attempt_id": attempt.public_id, "step": 1})
    answers = [{"choice": "true"}, {"choice": "false"}] * 5
    statuses = at_once(10, lambda: post(live_server.url, path, answers[threading.get_ident() % 2], cookie))
    assert set(statuses) <= {302, 409}
    item = AttemptItem.objects.get(attempt=attempt, step=1)
    assert item.choice in ("true", "false") and item.is_correct == (item.choice == item.correct_choice)


def test_two_tabs_finishing_at_once_finish_once(live_server, learner):
    quiz = quiz_with_claims(3, item_count=2)
    cookie = signed_in_cookie(learner)
    post(live_server.url, reverse("quiz:attempt-start", args=[quiz.pk]), {}, cookie)
    attempt = Attempt.objects.get()
    post(
        live_server.url,
        reverse("quiz:attempt-step", kwargs={"attempt_id": attempt.public_id, "step": 1}),
        answers_for(attempt, 1),
        cookie,
    )
    path = reverse("quiz:attempt-finish", args=[attempt.public_id])
    statuses = at_once(6, lambda: post(live_server.url, path, {}, cookie))
    assert statuses == [302] * 6
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 1 and attempt.percent == 50
    assert Attempt.objects.count() == 1


def test_two_tabs_starting_at_once_get_the_same_attempt(live_server, learner):
    quiz = quiz_with_claims(3, item_count=4)
    cookie = signed_in_cookie(learner)
    path = reverse("quiz:attempt-start", args=[quiz.pk])
    statuses = at_once(8, lambda: post(live_server.url, path, {}, cookie))
    assert statuses == [302] * 8
    assert Attempt.objects.filter(learner=learner, quiz=quiz).count() == 1
