"""The database unreachable: a short 503 page in the site's style, with Retry-After, needing no database."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from factsquiz.outage import is_outage
from tests.factories import quiz_with_claims
from tests.helpers import answers_for, start, step_url


def client_seeing_errors() -> Client:
    """A client that gets the response a browser would, instead of the exception re-raised."""
    return Client(raise_request_exception=False)


def assert_friendly_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "FactsQuiz is back in a moment" in response.text
    assert "css/site.css" in response.text  # the site's own stylesheet


def test_a_page_answers_503_with_retry_after_when_the_database_is_down(database_down):
    response = client_seeing_errors().get(reverse("content:library"))
    assert_friendly_503(response)
    assert "Try again" in response.text


def refusing_every_query(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        lambda *args, **kwargs: (_ for _ in ()).throw(OperationalError("server closed the connection unexpectedly")),
    )


def test_a_signed_in_learner_gets_the_503_page_when_the_session_cannot_be_read(learner):
    """Sessions in the database (no Redis): the failure comes from middleware, before any view runs."""
    client = client_seeing_errors()
    client.force_login(learner)
    with pytest.MonkeyPatch.context() as patch:
        refusing_every_query(patch)
        response = client.get(reverse("quiz:home"))
    assert_friendly_503(response)


def test_an_answer_sent_with_htmx_gets_a_503_and_nothing_is_stored(learner):
    client = client_seeing_errors()
    client.force_login(learner)
    attempt = start(client, quiz_with_claims(3, item_count=3))
    answer = answers_for(attempt, 1)
    with pytest.MonkeyPatch.context() as patch:
        refusing_every_query(patch)
        response = client.post(step_url(attempt, 1), answer, headers={"HX-Request": "true"})
    assert_friendly_503(response)
    assert not attempt.items.filter(step=1, answered_at__isnull=False).exists()
    # Once it is back, the same answer goes through (site.js tells the learner to send it again).
    assert client.post(step_url(attempt, 1), answer).status_code == 302
    assert attempt.items.filter(step=1, answered_at__isnull=False).count() == 1


def test_any_other_error_is_still_a_server_error(rf):
    from factsquiz import outage

    try:
        raise ZeroDivisionError("a bug, not an outage")
    except ZeroDivisionError:
        response = outage.server_error(rf.get("/"))
    assert response.status_code == 500


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (OperationalError("connection refused"), True),
        (RedisConnectionError("Error 111 connecting to 127.0.0.1:6379"), True),
        (ValueError("a bug"), False),
        (None, False),
    ],
)
def test_what_counts_as_an_outage(error, outage):
    assert is_outage(error) is outage


def test_an_error_caused_by_an_outage_counts_as_one():
    try:
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError as cause:
            raise RuntimeError("while saving the session") from cause
    except RuntimeError as error:
        assert is_outage(error)
