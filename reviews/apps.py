"""App configuration for spaced review: a finished attempt moves the learner's cards at once."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def sync_cards_of_finished_attempt(sender, attempt, **kwargs):
    from reviews.services import cards_sync, mark_in_cards

    cards_sync(learner_ids=[attempt.learner_id])
    mark_in_cards([attempt.pk])  # the sync marks only what it read as finished, and nothing when none was pending


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Spaced review")

    def ready(self):
        from quiz.signals import attempt_finished

        attempt_finished.connect(sync_cards_of_finished_attempt, dispatch_uid="reviews-sync-on-finish")
