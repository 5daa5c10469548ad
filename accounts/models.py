"""Accounts keep Django's own User and Group models, plus the marker of a guest (a visitor without an account)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Guest(models.Model):
    """A visitor taking quizzes without an account: a user row that cannot sign in, tied to one browser session.

    Its attempts follow every rule of a signed-in learner's. Signing up or in moves them to the account
    (`quiz.guests.guest_adopt`); `purge_guests` deletes guests older than GUEST_RETENTION_DAYS.
    A guest is never in a cohort, so no instructor ever sees its data.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="guest"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Guest {self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"


class Profile(models.Model):
    """A person's saved settings: for now the interface language they chose (empty: their browser's)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    language = models.CharField(
        max_length=16,
        blank=True,
        help_text="The interface language the person chose (one of LANGUAGES); empty: the browser's, then English.",
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or 'browser language'}"
