"""The review reminder speaks the learner's saved language (English when they chose none)."""

from datetime import timedelta

import pytest
from django.core import mail

from accounts.models import Profile
from reviews.models import Card, ReminderPreference
from reviews.reminders import send_review_reminders
from tests.reviews.conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_learner(met, learner):
    learner.email = "learner@example.org"
    learner.save()
    Card.objects.filter(learner=learner).update(due=T0 + timedelta(days=1))
    ReminderPreference.objects.create(learner=learner, frequency=ReminderPreference.Frequency.DAILY)
    return learner


def test_the_reminder_is_in_the_learners_saved_language(due_learner, django_user_model):
    Profile.objects.create(user=due_learner, language="fr")
    assert send_review_reminders(now=T0 + timedelta(days=2)) == 1
    message = mail.outbox[0]
    due = Card.objects.filter(learner=due_learner).count()
    assert message.subject == f"{due} mythes sont à revoir"
    html = message.alternatives[0].content
    assert '<html lang="fr"' in html
    assert "Se désabonner" in message.body or "désabonner" in message.body


def test_without_a_choice_the_reminder_is_in_english(due_learner):
    assert send_review_reminders(now=T0 + timedelta(days=2)) == 1
    assert mail.outbox[0].subject.endswith("myths are due for review")
