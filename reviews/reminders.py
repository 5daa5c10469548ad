"""Review reminders by e-mail: learners' choices, the signed unsubscribe link, and the sending run cron calls.

A run may come as often as cron likes: a learner is e-mailed at most once per local day (daily) or
per seven days (weekly), and only when at least one myth is due. Each learner's day is claimed with one
conditional UPDATE before their e-mail is sent, so two runs at once never both send, and an e-mail that
fails to go out gives the day back.
"""

import logging
import zoneinfo
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accounts.models import Profile
from reviews import services
from reviews.models import Card, ReminderPreference

CHUNK = 500
logger = logging.getLogger(__name__)


def unsubscribe_signer() -> signing.Signer:
    return signing.Signer(salt="reviews.reminders.unsubscribe")


def unsubscribe_url(learner) -> str:
    token = unsubscribe_signer().sign(str(learner.pk))
    return settings.SITE_URL + reverse("reviews:unsubscribe", kwargs={"token": token})


def preference_set(*, learner, frequency: str, time_zone: str | None = None) -> ReminderPreference:
    defaults = {"frequency": frequency}
    if time_zone:
        defaults["time_zone"] = time_zone
    preference, _ = ReminderPreference.objects.update_or_create(learner=learner, defaults=defaults)
    return preference


def _local_day(preference: ReminderPreference, now):
    try:
        zone = zoneinfo.ZoneInfo(preference.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return now.astimezone(zone).date()


def _period_start(preference: ReminderPreference, today):
    """The last day on which an earlier reminder would mean none is due today."""
    days = 7 if preference.frequency == ReminderPreference.Frequency.WEEKLY else 1
    return today - timedelta(days=days)


def _claim_day(preference: ReminderPreference, today) -> bool:
    """Mark today as sent for this learner unless a reminder already went out in the period; True if marked.

    The row as read says when most are not due (no query); the conditional UPDATE decides for the rest,
    so two runs at once never both claim the same learner's day.
    """
    cutoff = _period_start(preference, today)
    if preference.last_sent_on and preference.last_sent_on > cutoff:
        return False
    not_recent = Q(last_sent_on__isnull=True) | Q(last_sent_on__lte=cutoff)
    return bool(ReminderPreference.objects.filter(not_recent, pk=preference.pk).update(last_sent_on=today))


def _message(learner, due: int) -> EmailMultiAlternatives:
    context = {
        "learner": learner,
        "due": due,
        "review_url": settings.SITE_URL + reverse("reviews:review"),
        "settings_url": settings.SITE_URL + reverse("reviews:reminders"),
        "unsubscribe_url": unsubscribe_url(learner),
    }
    # Translators: the subject of the review reminder e-mail.
    subject = ngettext("%(count)d myth is due for review", "%(count)d myths are due for review", due) % {"count": due}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reviews/email/reminder.txt", context),
        to=[learner.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("reviews/email/reminder.html", context), "text/html")
    return message


def saved_languages(user_ids) -> dict[int, str]:
    """The interface language each of these users chose (one query); those who chose none are left out."""
    offered = dict(settings.LANGUAGES)
    if not user_ids:
        return {}
    rows = Profile.objects.filter(user_id__in=list(user_ids)).exclude(language="").values_list("user_id", "language")
    return {user_id: language for user_id, language in rows if language in offered}


def send_review_reminders(*, now=None, progress: Callable[[int, int, int], None] | None = None) -> int:
    """E-mail every opted-in learner with something due who has not had a reminder in the period.

    Works through the opted-in learners `CHUNK` at a time (constant memory). Returns the e-mails sent.
    """
    now = now or timezone.now()
    services.cards_sync_all()
    opted_in = ReminderPreference.objects.exclude(frequency=ReminderPreference.Frequency.NEVER).exclude(
        learner__email=""
    )
    total, checked, sent, after = opted_in.count(), 0, 0, 0
    users = get_user_model()
    while True:
        chunk = list(opted_in.filter(pk__gt=after).order_by("pk")[:CHUNK])
        if not chunk:
            break
        after = chunk[-1].pk
        learner_ids = [p.learner_id for p in chunk]
        due = dict(
            Card.objects.filter(
                learner_id__in=learner_ids,
                due__lte=now,
                claim__is_published=True,
                claim__section__is_published=True,
            )
            .values("learner_id")
            .annotate(due=Count("pk"))
            .values_list("learner_id", "due")
            .order_by()
        )
        learners = users.objects.in_bulk([p.learner_id for p in chunk if due.get(p.learner_id)])
        claimed = []
        for preference in chunk:
            learner = learners.get(preference.learner_id)
            if learner is None or not learner.is_active:
                continue
            today = _local_day(preference, now)
            if _claim_day(preference, today):
                claimed.append((preference, learner))
        languages = saved_languages([learner.pk for _, learner in claimed])
        outgoing = []
        for preference, learner in claimed:
            # Each e-mail in the language the learner chose for the site (English if none).
            with translation.override(languages.get(learner.pk, settings.LANGUAGE_CODE)):
                message = _message(learner, due[learner.pk])
            outgoing.append((preference, preference.last_sent_on, message))
        sent += _send(outgoing)
        checked += len(chunk)
        if progress:
            progress(checked, total, sent)
    return sent


def _send(outgoing) -> int:
    """Send the chunk's e-mails over one connection, one by one: a learner whose e-mail fails gets the
    day back (tried again on the next run), the others keep theirs, and the run goes on."""
    if not outgoing:
        return 0
    sent = 0
    connection = mailers.default
    try:
        connection.open()
        for preference, previous, message in outgoing:
            try:
                sent += connection.send_messages([message]) or 0
            except Exception:
                logger.exception("A review reminder could not be sent; it will be tried again on the next run.")
                ReminderPreference.objects.filter(pk=preference.pk).update(last_sent_on=previous)
    finally:
        connection.close()
    return sent
