"""Reviews under concurrency on PostgreSQL: two tabs starting a review, two syncs of the same answers, two cron runs,
and an attempt marked in cards while its log goes."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from content.models import Section
from quiz.models import Attempt, AttemptItem, Quiz
from reviews.models import Card, ReminderPreference, ReviewLog
from reviews.reminders import send_review_reminders
from reviews.services import cards_sync, mark_in_cards
from tests.factories import LearnerFactory
from tests.quiz.test_concurrency import at_once, post, signed_in_cookie
from tests.reviews.conftest import take

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL"),
]


@pytest.fixture
def due_learner(transactional_db):
    from django.apps import apps

    from accounts.roles import sync_roles
    from tests.conftest import load_seed

    sync_roles(apps)
    load_seed()
    learner = LearnerFactory(username="racer", email="racer@example.org")
    section = Section.objects.published().order_by("position").first()
    take(section.quizzes.get(kind=Quiz.Kind.TRUE_FALSE), learner, now=timezone.now() - timedelta(days=30))
    return learner


def in_thread(action):
    def run():
        try:
            return action()
        finally:
            connections.close_all()

    return run


def test_two_tabs_starting_a_review_at_once_get_one(live_server, due_learner):
    cookie = signed_in_cookie(due_learner)
    statuses = at_once(4, lambda: post(live_server.url, reverse("reviews:start"), {}, cookie))
    assert statuses == [302] * 4
    assert Attempt.objects.filter(kind=Attempt.Kind.REVIEW, learner=due_learner).count() == 1


def test_syncs_racing_over_the_same_answers_move_each_card_once(due_learner):
    ReviewLog.objects.all().delete()
    Card.objects.all().delete()
    Attempt.objects.update(in_cards=False)  # as if no answer had moved a card yet
    results = at_once(4, in_thread(lambda: cards_sync(learner_ids=[due_learner.pk])))
    answered = AttemptItem.objects.filter(attempt__learner=due_learner, answered_at__isnull=False).count()
    assert sorted(results) == [0, 0, 0, answered]  # one sync took them all; the others changed nothing
    assert ReviewLog.objects.count() == answered
    assert all(card.reviews == card.logs.count() for card in Card.objects.all())


def test_two_cron_runs_at_once_send_one_reminder(due_learner):
    ReminderPreference.objects.create(learner=due_learner, frequency=ReminderPreference.Frequency.DAILY)
    sent = at_once(3, in_thread(send_review_reminders))
    assert sum(sent) == 1 and len(mail.outbox) == 1


def test_an_attempt_is_not_marked_in_cards_while_its_log_goes_in_a_transaction_that_holds_it(due_learner):
    """As when a guest's attempts join an account: the attempt row locked, its answers' log deleted. A mark
    waiting on the lock must see the log gone, not the snapshot it began with."""
    attempt = Attempt.objects.get(learner=due_learner)
    Attempt.objects.filter(pk=attempt.pk).update(in_cards=False)  # finished, every answer logged: markable
    locked, marked = threading.Event(), []

    def holder():
        with transaction.atomic():
            Attempt.objects.filter(pk=attempt.pk).update(learner=due_learner)  # holds the row, as adopting does
            ReviewLog.objects.filter(item__attempt=attempt).delete()
            locked.set()
            time.sleep(0.5)  # the mark arrives meanwhile and waits

    def marker():
        locked.wait(5)
        marked.append(mark_in_cards([attempt.pk]))

    threads = [threading.Thread(target=in_thread(work)) for work in (holder, marker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert marked == [0]
    assert not Attempt.objects.get(pk=attempt.pk).in_cards
    assert cards_sync(learner_ids=[due_learner.pk]) == attempt.items.filter(answered_at__isnull=False).count()
    assert Attempt.objects.get(pk=attempt.pk).in_cards  # taken again, then marked
