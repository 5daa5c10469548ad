"""Spaced review: a card per learner and claim (its FSRS memory state), the log of answers that moved it, reminders."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from content.models import Claim, Statement
from quiz.models import AttemptItem


class Card(models.Model):
    """What the scheduler knows of one learner's memory of one claim: its statements and its matching pair.

    Rebuilt exactly by replaying the card's `ReviewLog` rows in order (`scheduling.replay`).
    """

    class State(models.IntegerChoices):  # py-fsrs's State values
        # Translators: the scheduler's state of a learner's card of a myth (FSRS terms).
        LEARNING = 1, pgettext_lazy("card state", "Learning")
        REVIEW = 2, pgettext_lazy("card state", "Review")
        RELEARNING = 3, pgettext_lazy("card state", "Relearning")

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True, help_text=_("Days until predicted recall falls to 90 %."))
    difficulty = models.FloatField(null=True, blank=True, help_text=_("1 (easy) to 10 (hard)."))
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    mastered_until = models.DateTimeField(
        null=True, blank=True, help_text=_("Until when predicted recall stays at the mastery level (settings).")
    )
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0, help_text=_("Wrong answers after the first."))
    last_statement = models.ForeignKey(
        Statement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The statement last asked, so a review never asks it twice in a row."),
    )
    seen_statements = models.JSONField(
        default=list,
        blank=True,
        help_text=_("The ids of the claim's statements the learner has answered, so a review asks new ones first."),
    )

    class Meta:
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = [models.UniqueConstraint(fields=["learner", "claim"], name="card_unique_per_learner_and_claim")]
        indexes = [models.Index(fields=["learner", "due"], name="card_learner_due")]

    def __str__(self) -> str:
        return f"{self.learner_id}/{self.claim_id} due {self.due:%Y-%m-%d}"


class ReviewLog(models.Model):
    """One answer as the scheduler took it: which card, the rating it earned, when, and where it came from."""

    class Rating(models.IntegerChoices):  # py-fsrs's Rating values
        # Translators: the rating an answer earns for the scheduler (FSRS terms: forgot, hard, good, easy recall).
        AGAIN = 1, pgettext_lazy("rating", "Again")
        HARD = 2, pgettext_lazy("rating", "Hard")
        GOOD = 3, pgettext_lazy("rating", "Good")
        EASY = 4, pgettext_lazy("rating", "Easy")

    class Source(models.TextChoices):
        # Translators: where an answer came from.
        QUIZ = "quiz", _("Graded quiz")
        PRACTICE = "practice", pgettext_lazy("noun", "Practice")
        REVIEW = "review", pgettext_lazy("noun", "Review")

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="logs", db_index=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    # The answer it was made from: unique, so an answer moves its card once however often cards are synced.
    item = models.OneToOneField(
        AttemptItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_log"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    is_matching = models.BooleanField(help_text=_("A matching pair (else a true/false statement)."))
    is_correct = models.BooleanField()
    certainty = models.SmallIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField(help_text=_("When the scheduler took it (never before the card's last review)."))

    class Meta:
        verbose_name = _("review log entry")
        verbose_name_plural = _("review log entries")
        indexes = [
            models.Index(fields=["card", "id"], name="reviewlog_card"),
            models.Index(fields=["learner", "reviewed_at"], name="reviewlog_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.card_id}: {self.get_rating_display()} at {self.reviewed_at:%Y-%m-%d %H:%M}"


class ReminderPreference(models.Model):
    """A learner's choice of review reminders by e-mail, and the day the last one went out."""

    class Frequency(models.TextChoices):
        NEVER = "never", _("Never")
        DAILY = "daily", _("Daily, when something is due")
        WEEKLY = "weekly", _("Weekly, when something is due")

    learner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_reminders")
    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.NEVER)
    time_zone = models.CharField(max_length=64, default="UTC", help_text=_("Where the learner's day runs."))
    last_sent_on = models.DateField(null=True, blank=True, help_text=_("The learner's local day of the last reminder."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")
        indexes = [
            models.Index(fields=["frequency"], condition=~Q(frequency="never"), name="reminder_opted_in"),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id}: {self.frequency}"
