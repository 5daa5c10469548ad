"""Every page of the site, as a full page and as an htmx request, within a query budget that does not grow with data.

The pages come from the permission matrix (so a new URL must be added there first); each is fetched by a
visitor allowed to see it, with one learner's finished attempts and again with four. (CSV exports read
in chunks of 500 attempts, so they stay constant at this size too.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quiz import services
from quiz.models import Quiz
from tests.factories import LearnerFactory, Membership
from tests.helpers import answers_for
from tests.test_permissions import MATRIX, OK

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BUDGET = 14
PREFERRED = ["learner", "instructor", "editor", "anonymous"]
PAGES = [
    (name, next(role for role in PREFERRED if expected[role] == OK))
    for name, (_, expected) in MATRIX.items()
    if any(expected[role] == OK for role in PREFERRED)
]


def add_activity(world, learners: int) -> None:
    """More learners in the cohort, each with a finished attempt at every published quiz."""
    for _ in range(learners):
        learner = LearnerFactory()
        Membership.objects.create(cohort=world["cohort"], learner=learner)
        for quiz in Quiz.objects.published():
            attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
            for step in range(1, attempt.step_count + 1):
                services.answer_submit(
                    learner=learner, attempt_id=attempt.public_id, step=step, answer=answers_for(attempt, step)
                )
            services.attempt_finish(attempt=attempt)


def count_queries(client, url: str, headers: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code in (200, 301, 302), (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_every_page_stays_within_a_constant_query_budget(client, world, headers):
    urls = []
    for name, role in PAGES:
        kwargs = MATRIX[name][0]
        urls.append((name, role, reverse(name, kwargs=kwargs(world) if kwargs else None)))

    def measure():
        counts = {}
        for name, role, url in urls:
            client.logout()
            if role != "anonymous":
                client.force_login(world["users"][role])
            counts[name] = count_queries(client, url, headers)
        return counts

    add_activity(world, learners=1)  # some data everywhere (an empty page may skip a query)
    before = measure()
    add_activity(world, learners=3)
    after = measure()
    over = {name: n for name, n in after.items() if n > BUDGET}
    grew = {name: (before[name], after[name]) for name in after if after[name] > before[name]}
    assert not over, f"over the budget of {BUDGET} queries: {over}"
    assert not grew, f"queries grew with the data: {grew}"
