"""Review reminders: opt-in, once per day (or week) in the learner's time zone, only when due; one-click unsubscribe."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reviews.models import Card, ReminderPreference
from reviews.reminders import send_review_reminders, unsubscribe_signer
from tests.reviews.conftest import T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_learner(met, learner):
    learner.email = "learner@example.org"
    learner.save()
    Card.objects.filter(learner=learner).update(due=T0 + timedelta(days=1))
    ReminderPreference.objects.create(
        learner=learner, frequency=ReminderPreference.Frequency.DAILY, time_zone="Europe/Paris"
    )
    return learner


def test_a_due_learner_gets_one_reminder_a_day_however_often_cron_runs(due_learner):
    now = timezone.now()
    assert send_review_reminders(now=now) == 1
    assert send_review_reminders(now=now + timedelta(minutes=30)) == 0
    assert len(mail.outbox) == 1
    due = Card.objects.filter(learner=due_learner).count()
    message = mail.outbox[0]
    assert message.to == ["learner@example.org"] and message.subject == f"{due} myths are due for review"
    assert "/review/" in message.body and "/review/reminders/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert send_review_reminders(now=now + timedelta(days=1)) == 1  # the next day: one more


def test_weekly_reminders_wait_seven_days(due_learner):
    ReminderPreference.objects.update(frequency=ReminderPreference.Frequency.WEEKLY)
    now = timezone.now()
    assert send_review_reminders(now=now) == 1
    assert send_review_reminders(now=now + timedelta(days=6)) == 0
    assert send_review_reminders(now=now + timedelta(days=7)) == 1


def test_the_day_is_the_learners_own(due_learner):
    ReminderPreference.objects.update(time_zone="Pacific/Auckland")  # UTC+13 in December
    late_evening_utc = T0.replace(day=20, hour=10, minute=30)  # 23:30 in Auckland
    assert send_review_reminders(now=late_evening_utc) == 1
    assert send_review_reminders(now=late_evening_utc + timedelta(hours=1)) == 1  # past midnight there: a new day
    assert ReminderPreference.objects.get().last_sent_on.isoformat() == "2026-11-21"


@pytest.mark.parametrize("change", ["never", "no_email", "nothing_due", "inactive"])
def test_no_reminder_without_consent_an_address_or_anything_due(due_learner, change):
    if change == "never":
        ReminderPreference.objects.update(frequency=ReminderPreference.Frequency.NEVER)
    elif change == "no_email":
        due_learner.email = ""
        due_learner.save()
    elif change == "nothing_due":
        Card.objects.update(due=timezone.now() + timedelta(days=3))
    else:
        due_learner.is_active = False
        due_learner.save()
    assert send_review_reminders() == 0 and not mail.outbox
    assert ReminderPreference.objects.get().last_sent_on is None


def test_a_failed_send_gives_that_learner_the_day_back_and_the_run_goes_on(due_learner, settings, django_user_model):
    other = django_user_model.objects.create_user("other", email="other@example.org")
    for card in Card.objects.filter(learner=due_learner):
        card.pk, card.learner = None, other
        card.save()
    ReminderPreference.objects.create(learner=other, frequency=ReminderPreference.Frequency.DAILY)
    settings.MAILERS = {"default": {"BACKEND": "tests.reviews.test_reminders.RefusingBackend"}}
    RefusingBackend.sent = []
    assert send_review_reminders() == 1  # the refused address does not stop the other
    assert RefusingBackend.sent == ["other@example.org"]
    assert ReminderPreference.objects.get(learner=due_learner).last_sent_on is None  # tried again next run
    assert ReminderPreference.objects.get(learner=other).last_sent_on is not None
    assert send_review_reminders() == 0 and RefusingBackend.sent == ["other@example.org"]  # never twice


class RefusingBackend:
    """Refuses the first test learner's address, delivers the rest."""

    sent: list[str] = []

    def __init__(self, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            if message.to == ["learner@example.org"]:
                raise ConnectionError("the mail server refused this address")
            RefusingBackend.sent.append(message.to[0])
        return len(messages)


def test_the_command_reports_progress(due_learner):
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    assert (
        "1 of 1 learners checked, 1 reminder(s) sent" in out.getvalue()
        and "Done: 1 reminder(s) sent." in out.getvalue()
    )


def test_one_click_unsubscribe_needs_no_sign_in_and_get_changes_nothing(client, due_learner):
    url = reverse("reviews:unsubscribe", args=[unsubscribe_signer().sign(str(due_learner.pk))])
    page = client.get(url)
    assert page.status_code == 200 and "Stop review reminders?" in page.text
    assert ReminderPreference.objects.get().frequency == ReminderPreference.Frequency.DAILY
    done = client.post(url, {"List-Unsubscribe": "One-Click"})  # as a mail client posts it, no CSRF token
    assert done.status_code == 200 and "Reminders stopped" in done.text
    assert ReminderPreference.objects.get().frequency == ReminderPreference.Frequency.NEVER
    assert send_review_reminders() == 0


def test_a_forged_unsubscribe_link_is_not_found_and_changes_nothing(client, due_learner):
    forged = f"{due_learner.pk}:not-the-signature"
    assert client.post(reverse("reviews:unsubscribe", args=[forged])).status_code == 404
    assert ReminderPreference.objects.get().frequency == ReminderPreference.Frequency.DAILY


def test_the_settings_page_saves_a_choice_and_refuses_a_bad_one(client, learner):
    client.force_login(learner)
    url = reverse("reviews:reminders")
    assert "E-mail me about reviews" in client.get(url).text
    bad = client.post(url, {"frequency": "hourly", "time_zone": "Mars/Olympus"})
    assert bad.status_code == 422 and "Choose one of the options." in bad.text and "Choose a time zone" in bad.text
    assert not ReminderPreference.objects.exists()
    response = client.post(url, {"frequency": "weekly", "time_zone": "Europe/Brussels"}, follow=True)
    assert "Reminders go to lena@example.com" in response.text
    assert ReminderPreference.objects.get(learner=learner).time_zone == "Europe/Brussels"
    learner.email = ""
    learner.save()
    response = client.post(url, {"frequency": "daily", "time_zone": "Europe/Brussels"}, follow=True)
    assert "no e-mail address" in response.text
    assert ReminderPreference.objects.get(learner=learner).frequency == "daily"


def test_a_run_after_everyone_has_had_their_reminder_writes_nothing(due_learner, django_assert_max_num_queries):
    now = timezone.now()
    send_review_reminders(now=now)
    # pending answers, finished attempts left to mark, count, a chunk, due counts, users — no UPDATE
    with django_assert_max_num_queries(7) as run:
        assert send_review_reminders(now=now + timedelta(minutes=5)) == 0
    assert not [q["sql"] for q in run.captured_queries if not q["sql"].startswith("SELECT")]
