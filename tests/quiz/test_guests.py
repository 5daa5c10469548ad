"""Guests: quizzes without an account, kept on the server, moved to the account at sign-up or sign-in, purged."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Guest
from content.selectors import references_by_claim
from quiz import guests
from quiz.models import Attempt, Quiz
from quiz.teaching.items import item_analysis
from reviews.models import Card, ReviewLog
from tests.factories import CohortFactory, MembershipFactory, quiz_with_claims
from tests.helpers import answers_for, start, step_url, take

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def fresh_limits():
    """Every test starts with the guest limit's places free (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def quiz():
    return quiz_with_claims(4, item_count=4)


def guest_of(client) -> int:
    return client.session[guests.SESSION_KEY]


def test_a_visitor_takes_a_quiz_as_a_guest_from_start_to_results(client, quiz):
    page = client.get(reverse("quiz:quiz-detail", args=[quiz.pk]))
    assert page.status_code == 200
    assert "as a guest" in page.text and "Start the quiz" in page.text

    attempt = start(client, quiz)
    guest_id = guest_of(client)
    assert attempt.learner_id == guest_id
    assert Guest.objects.filter(pk=guest_id).exists()
    guest_user = get_user_model().objects.get(pk=guest_id)
    assert not guest_user.has_usable_password() and not guest_user.is_active

    for step in range(1, attempt.step_count + 1):
        assert client.post(step_url(attempt, step), answers_for(attempt, step)).status_code == 302
    assert client.post(reverse("quiz:attempt-finish", args=[attempt.public_id])).status_code == 302
    results = client.get(reverse("quiz:attempt-results", args=[attempt.public_id]))
    assert results.status_code == 200
    assert "passed" in results.text and "Create a free account" in results.text
    attempt.refresh_from_db()
    assert attempt.score == attempt.max_score


def test_a_guest_answer_is_recorded_once_and_resumes(client, quiz):
    attempt = start(client, quiz)
    answer = answers_for(attempt, 1)
    assert client.post(step_url(attempt, 1), answer).status_code == 302
    before = list(attempt.items.values_list("answered_at", "choice"))
    assert client.post(step_url(attempt, 1), answer).status_code == 302  # the same answer again: no change
    assert list(attempt.items.values_list("answered_at", "choice")) == before
    # Starting again resumes the open attempt instead of making a second one.
    assert start(client, quiz).pk == attempt.pk
    assert Attempt.objects.filter(learner_id=guest_of(client)).count() == 1
    resume = client.get(reverse("quiz:attempt-resume", args=[attempt.public_id]))
    assert resume["Location"] == step_url(attempt, 2)


def test_a_guest_question_page_does_not_carry_the_answer(client, quiz):
    attempt = start(client, quiz)
    item = attempt.items.get(step=1)
    page = client.get(step_url(attempt, 1)).text
    assert item.explanation not in page or not item.explanation
    assert "correct" not in page.lower().replace("incorrect", "")


def test_another_visitor_cannot_open_a_guest_attempt(client, quiz):
    attempt = start(client, quiz)
    stranger = Client()
    for url in (
        step_url(attempt, 1),
        reverse("quiz:attempt-resume", args=[attempt.public_id]),
        reverse("quiz:attempt-results", args=[attempt.public_id]),
    ):
        response = stranger.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    # Another guest is "not found", as another learner would be.
    other = Client()
    start(other, quiz_with_claims(2, item_count=2))
    assert other.get(step_url(attempt, 1)).status_code == 404
    assert other.post(step_url(attempt, 1), answers_for(attempt, 1)).status_code == 404
    assert not attempt.items.filter(answered_at__isnull=False).exists()


def test_signing_up_moves_the_guest_attempts_to_the_new_account_once(client, quiz):
    attempt = start(client, quiz)
    client.post(step_url(attempt, 1), answers_for(attempt, 1))
    guest_id = guest_of(client)
    results = reverse("quiz:attempt-resume", args=[attempt.public_id])
    response = client.post(
        reverse("signup") + f"?next={results}",
        {
            "username": "newcomer",
            "email": "newcomer@example.org",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "next": results,
        },
    )
    assert response.status_code == 302 and response["Location"] == results
    user = get_user_model().objects.get(username="newcomer")
    attempt.refresh_from_db()
    assert attempt.learner_id == user.pk
    assert not get_user_model().objects.filter(pk=guest_id).exists()
    assert guests.SESSION_KEY not in client.session
    # The attempt carries on in the account where the guest left it.
    assert client.get(results)["Location"] == step_url(attempt, 2)
    # Adopting again (another tab, a replayed sign-in) moves nothing.
    assert guests.guest_adopt(guest_id=guest_id, user=user) == 0


def test_signing_in_moves_guest_attempts_and_finishes_one_that_collides(client, learner, quiz):
    own = start_as(learner, quiz)
    guest_attempt = start(client, quiz)
    client.post(step_url(guest_attempt, 1), answers_for(guest_attempt, 1))
    other_quiz = quiz_with_claims(2, item_count=2)
    second = start(client, other_quiz)
    response = client.post(reverse("login"), {"username": learner.username, "password": "correct horse battery staple"})
    assert response.status_code == 302
    guest_attempt.refresh_from_db()
    second.refresh_from_db()
    own.refresh_from_db()
    assert guest_attempt.learner_id == second.learner_id == learner.pk
    # The account kept its open attempt; the guest's one at the same quiz was finished, its answer scored.
    assert own.finished_at is None
    assert guest_attempt.finished_at is not None and guest_attempt.score == 1
    assert second.finished_at is None
    assert Attempt.objects.open().filter(learner=learner, quiz=quiz, is_practice=False).count() == 1
    assert "now in your account" in client.get(reverse("quiz:home")).text


def test_answers_a_guest_finished_move_the_accounts_cards_when_it_signs_in(client, learner, quiz):
    attempt = start(client, quiz)
    for step in range(1, attempt.step_count + 1):
        client.post(step_url(attempt, step), answers_for(attempt, step))
    client.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    attempt.refresh_from_db()
    assert attempt.in_cards and Card.objects.filter(learner_id=guest_of(client)).exists()
    client.post(reverse("login"), {"username": learner.username, "password": "correct horse battery staple"})
    assert not Attempt.objects.get(pk=attempt.pk).in_cards  # the guest's cards went with it
    assert client.get(reverse("quiz:home")).status_code == 200  # the account's cards take the answers up
    logged = set(ReviewLog.objects.filter(learner=learner).values_list("item_id", flat=True))
    assert logged == set(attempt.items.values_list("pk", flat=True))


def start_as(user, quiz) -> Attempt:
    signed_in = Client()
    signed_in.force_login(user)
    return start(signed_in, quiz)


def test_guests_are_limited_per_address_and_a_refused_start_makes_nothing(settings, quiz):
    settings.GUEST_LIMIT_PER_HOUR = 2
    for _ in range(2):
        start(Client(REMOTE_ADDR="203.0.113.9"), quiz)
    users = get_user_model().objects.count()
    refused = Client(REMOTE_ADDR="203.0.113.9")
    response = refused.post(reverse("quiz:attempt-start", args=[quiz.pk]), follow=True)
    assert "Too many quizzes were started without an account" in response.text
    assert get_user_model().objects.count() == users
    assert guests.SESSION_KEY not in refused.session
    # A guest already made is not counted again, and another address has its own places.
    start(Client(REMOTE_ADDR="198.51.100.7"), quiz)


def test_a_returning_guest_is_not_counted_again(settings, client, quiz):
    settings.GUEST_LIMIT_PER_HOUR = 1
    start(client, quiz)
    start(client, quiz_with_claims(2, item_count=2))  # same session, same guest: allowed
    assert Guest.objects.count() == 1


def test_a_purged_guest_starts_afresh(client, quiz):
    start(client, quiz)
    old = guest_of(client)
    get_user_model().objects.filter(pk=old).delete()
    assert client.get(reverse("quiz:home")).status_code == 200
    attempt = start(client, quiz)
    assert guest_of(client) != old and attempt.learner_id == guest_of(client)


def test_purge_deletes_guests_older_than_the_retention_with_their_attempts(client, learner, quiz, settings):
    settings.GUEST_RETENTION_DAYS = 30
    start(client, quiz)
    old_guest = guest_of(client)
    Guest.objects.filter(pk=old_guest).update(created_at=timezone.now() - datetime.timedelta(days=31))
    recent = Client()
    start(recent, quiz)
    start_as(learner, quiz)
    call_command("purge_guests", stdout=(out := __import__("io").StringIO()))
    assert "Deleted 1 guest older than 30 days." in out.getvalue()
    assert not get_user_model().objects.filter(pk=old_guest).exists()
    assert not Attempt.objects.filter(learner_id=old_guest).exists()
    assert Attempt.objects.filter(learner_id=guest_of(recent)).exists()
    assert Attempt.objects.filter(learner=learner).exists()


def test_guest_attempts_never_reach_an_instructor(client, instructor, learner, quiz):
    cohort = CohortFactory(instructor=instructor)
    MembershipFactory(cohort=cohort, learner=learner)
    guest_attempt = start(client, quiz)
    client.post(reverse("quiz:attempt-finish", args=[guest_attempt.public_id]))
    teacher = Client()
    teacher.force_login(instructor)
    guest_name = get_user_model().objects.get(pk=guest_of(client)).username
    for name in ("quiz:gradebook", "quiz:gradebook-csv", "quiz:answers-csv", "quiz:myths"):
        response = teacher.get(reverse(name, args=[cohort.pk]))
        assert response.status_code == 200
        body = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
        assert guest_name not in body
    assert teacher.get(reverse("quiz:item-analysis", args=[cohort.pk, quiz.pk])).status_code == 200
    assert sum(row.responses for row in item_analysis(cohort=cohort, quiz=quiz)) == 0
    # The learner in the cohort counts, so the zero above is the guest left out, not an empty report.
    take(quiz, learner)
    assert sum(row.responses for row in item_analysis(cohort=cohort, quiz=quiz)) == quiz.item_count


def test_a_guest_answer_costs_what_a_learner_answer_costs(client, django_assert_max_num_queries):
    quiz = quiz_with_claims(3, kind=Quiz.Kind.TRUE_FALSE, item_count=6)
    attempt = start(client, quiz)
    references_by_claim(attempt.items.values_list("claim_id", flat=True))  # the sources, kept from then on
    with django_assert_max_num_queries(5):  # as test_learner_taking budgets a learner's answer
        assert client.post(step_url(attempt, 1), answers_for(attempt, 1), **HTMX).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(step_url(attempt, 2)).status_code == 200
