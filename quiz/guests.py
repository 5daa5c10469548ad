"""Quizzes without an account: a guest is a user row that cannot sign in, kept in the visitor's session.

A visitor's first quiz start makes the guest (counted against GUEST_LIMIT_PER_HOUR per address) and
puts its id in the session. From then on the guest is the learner of every attempt page, through the
same services as a signed-in learner: attempts stay frozen, idempotent, resumable and leak nothing.

Signing up or signing in moves the guest's attempts to the account, once and atomically
(`guest_adopt`, run from the `user_logged_in` signal), and deletes the guest. A guest belongs to no
cohort, so no instructor ever sees its answers. `purge_guests` deletes guests older than
GUEST_RETENTION_DAYS with everything they answered.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts import throttle
from accounts.addresses import client_address
from accounts.models import Guest
from quiz import services
from quiz.models import Attempt
from quiz.teaching import tallies

SESSION_KEY = "guest_user_id"


class GuestLimitReached(Exception):
    """This address has started as many guests as it may this hour."""

    def __str__(self) -> str:
        return gettext(
            "Too many quizzes were started without an account from your network in the last hour. "
            "Create a free account or sign in to go on, or try again later."
        )


def learner_of(request):
    """The learner a page acts for: the signed-in user, the session's guest, or None.

    A guest comes back as an unsaved user carrying only its id: the pages filter attempts by it, and
    reading the row would cost every answer a query. A guest purged meanwhile owns nothing, so its
    pages find no attempt.
    """
    if request.user.is_authenticated:
        return request.user
    guest_id = request.session.get(SESSION_KEY)
    if guest_id is None:
        return None
    return get_user_model()(pk=guest_id)


def guest_for_start(request):
    """The session's guest, made on the visitor's first quiz start. Raises GuestLimitReached."""
    guest_id = request.session.get(SESSION_KEY)
    if guest_id is not None and Guest.objects.filter(pk=guest_id).exists():
        return get_user_model()(pk=guest_id)
    if not throttle.take_guest(client_address(request)):
        raise GuestLimitReached
    with transaction.atomic():
        user = get_user_model()(username=f"guest-{uuid.uuid4().hex}", is_active=False)
        user.set_unusable_password()
        user.save()
        Guest.objects.create(user=user)
    request.session[SESSION_KEY] = user.pk
    return user


def is_guest_session(request) -> bool:
    return not request.user.is_authenticated and SESSION_KEY in request.session


def guest_adopt(*, guest_id: int, user) -> int:
    """Move every attempt of the guest to `user` and delete the guest; returns the attempts moved.

    Atomic, and once only: the guest row is locked, so two sign-ins at the same moment cannot both move
    it, and a guest already adopted (or purged) moves nothing. An attempt still open at a quiz the account
    also has open is finished first, as a learner finishing early would, so no answer is lost and the
    account keeps one open attempt per quiz.
    """
    if guest_id == user.pk:
        return 0
    with transaction.atomic():
        guest = Guest.objects.select_for_update().filter(pk=guest_id).first()
        if guest is None:
            return 0
        account_open = set(Attempt.objects.open().filter(learner=user).values_list("quiz_id", "is_practice"))
        for attempt in Attempt.objects.open().filter(learner_id=guest_id):
            if (attempt.quiz_id, attempt.is_practice) in account_open:
                services.attempt_finish(attempt=attempt)
        with tallies.learners_changing([user.pk]):  # the item tallies count the attempts in the account's cohorts
            # Not `in_cards` any more: the account's cards take the moved answers up as new ones.
            moved = Attempt.objects.filter(learner_id=guest_id).update(learner=user, in_cards=False)
        # The guest's own records (review cards made from its answers, and their log) go with it.
        get_user_model().objects.filter(pk=guest_id).delete()
    return moved


def adopt_on_login(sender, request, user, **kwargs):
    """`user_logged_in` receiver: the visitor's guest attempts join the account they signed in to."""
    if request is None or not hasattr(request, "session"):
        return
    guest_id = request.session.pop(SESSION_KEY, None)
    if guest_id is None:
        return
    moved = guest_adopt(guest_id=guest_id, user=user)
    if moved:
        from django.contrib import messages

        messages.success(
            request,
            ngettext(
                "The %(count)d quiz attempt you made as a guest is now in your account.",
                "The %(count)d quiz attempts you made as a guest are now in your account.",
                moved,
            )
            % {"count": moved},
        )


def guests_purge(*, now=None, days: int | None = None, batch: int = 500) -> int:
    """Delete guests made more than `days` (GUEST_RETENTION_DAYS) ago, with their attempts; returns how many.

    In batches, each its own transaction, so a large purge never holds long locks.
    """
    now = now or timezone.now()
    days = settings.GUEST_RETENTION_DAYS if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    deleted = 0
    while True:
        ids = list(Guest.objects.filter(created_at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return deleted
        with transaction.atomic():
            get_user_model().objects.filter(pk__in=ids, guest__isnull=False).delete()
        deleted += len(ids)
