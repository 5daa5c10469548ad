"""Attempt items: the statements and claims an attempt showed, frozen when it started, and their answers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from content.models import Claim, HeldOutItem, Statement, Technique, TechniqueExample
from quiz import scoring
from quiz.models.attempts import Attempt


class AttemptItem(models.Model):
    """One scored item of an attempt, frozen when the attempt started: a statement, or one claim of a matching set.

    ``token`` is random, so what the browser sees says nothing about the answer. ``is_correct`` stays
    empty until the item is answered; finishing the attempt marks unanswered items wrong, which also
    closes them to late answers.
    """

    # No index of its own: every index below starts with the attempt (an index less to update per answer).
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="items", db_index=False, verbose_name=_("attempt")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    step = models.PositiveSmallIntegerField(
        _("step"), help_text=_("The screen it appears on; a matching set shares one.")
    )
    token = models.CharField(_("token"), max_length=24)
    statement = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("statement")
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("claim")
    )
    prompt = models.TextField(_("prompt"), help_text=_("What the learner judged: the statement, or the claim to pair."))
    claim_text = models.TextField(_("claim text"), help_text=_("The claim the item is about."))
    rebuttal_summary = models.TextField(_("rebuttal summary"), blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    statement_is_true = models.BooleanField(
        _("statement is true"), null=True, blank=True, help_text=_("True/false items only.")
    )
    # Technique items: the technique that is the right answer, and the transfer example when the item is one;
    # test items: the held-out item. No index of their own (as the attempt's): an index on `technique` led
    # PostgreSQL to read it for "technique IS NULL" in the review cards' sync, and every index costs writes.
    # A technique learners have answered is kept (PROTECT): without it their answers would read as answers
    # about the claim, moving review cards and counting in the claim's scores.
    technique = models.ForeignKey(
        Technique,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("technique"),
    )
    example = models.ForeignKey(
        TechniqueExample,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("technique example"),
    )
    held_out = models.ForeignKey(
        HeldOutItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("held-out test item"),
    )
    correct_choice = models.CharField(
        _("right answer"), max_length=24, help_text=_("“true”, “false”, or the token of the right fact.")
    )
    choice = models.CharField(_("answer"), max_length=24, blank=True)
    certainty = models.SmallIntegerField(
        _("certainty"),
        choices=scoring.Certainty.choices,
        null=True,
        blank=True,
        help_text=_("How sure the learner said they were."),
    )
    is_correct = models.BooleanField(_("correct"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    seconds_taken = models.PositiveIntegerField(_("seconds taken"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt item")
        verbose_name_plural = _("attempt items")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attemptitem_unique_position"),
            models.UniqueConstraint(fields=["attempt", "token"], name="attemptitem_unique_token"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | (~Q(choice="") & Q(is_correct__isnull=False)),
                name="attemptitem_answer_is_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["attempt", "step"], name="attemptitem_step"),
            # Covers item analysis: per attempt, which statement or claim, and whether it was right.
            models.Index(fields=["attempt", "statement", "claim", "is_correct"], name="attemptitem_analysis"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"

    @property
    def certainty_name(self) -> str:
        """ "low", "medium" or "high" (no certainty given counts as low)."""
        return scoring.certainty_name(self.certainty)

    @property
    def certainty_mark(self) -> int:
        return scoring.mark(certainty=self.certainty, is_correct=bool(self.is_correct))

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
