"""The held-out test pool: items of the pre- and post-test, never shown in practice, reviews or the library."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from content.fields import NormalisedTextField
from content.models.base import PublishableQuerySet, TimeStamped
from content.models.documents import Section
from content.models.techniques import Technique


class HeldOutItemQuerySet(PublishableQuerySet):
    pass


class HeldOutItem(TimeStamped):
    """An item of the pre- and post-test pool: never in a practice quiz, a review, the library or feedback.

    A true/false statement about the document's topics (not one of its practice statements), or a technique
    item on an invented claim. The pool is split into two equally hard halves, A and B: each learner takes one
    in the pre-test and the other in the post-test, which half first counterbalanced across learners.
    """

    class Kind(models.TextChoices):
        STATEMENT = "statement", _("True or false statement")
        TECHNIQUE = "technique", _("Technique to spot")

    class Half(models.TextChoices):
        A = "A", _("Half A")
        B = "B", _("Half B")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STATEMENT)
    text = NormalisedTextField(
        _("text"),
        help_text=_("A statement to call true or false, or an invented quoted claim whose technique to name."),
    )
    is_true = models.BooleanField(
        _("true"), null=True, blank=True, help_text=_("Statements only: ticked if true, unticked if false.")
    )
    technique = models.ForeignKey(
        Technique,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_out_items",
        verbose_name=_("technique"),
        help_text=_("Technique items only: the technique the claim mainly uses."),
    )
    explanation = NormalisedTextField(
        _("explanation"), help_text=_("Shown only once the learner has finished the post-test.")
    )
    half = models.CharField(_("half"), max_length=1, choices=Half.choices, help_text=_("Keep the halves equally hard."))
    topic = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
        help_text=_("The section whose topic it tests (statements), so both halves cover the same ground."),
    )
    is_published = models.BooleanField(_("in use"), default=True, help_text=_("Untick to take it out of new tests."))
    position = models.PositiveIntegerField(_("position"), default=1)
    history = HistoricalRecords()

    objects = HeldOutItemQuerySet.as_manager()

    class Meta:
        ordering = ["half", "kind", "position", "pk"]
        verbose_name = _("held-out test item")
        verbose_name_plural = _("held-out test items")
        constraints = [
            models.UniqueConstraint(fields=["text"], name="heldoutitem_unique_text"),
            models.CheckConstraint(
                condition=Q(kind="statement", is_true__isnull=False, technique__isnull=True)
                | Q(kind="technique", is_true__isnull=True, technique__isnull=False),
                name="heldoutitem_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 70 else self.text[:69] + "…"
        return f"{self.half} · {text}"
