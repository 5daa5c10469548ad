"""App configuration for the quiz app: every new section gets its two quizzes; saved users leave the cache."""

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save


def give_new_section_its_quizzes(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from quiz.services import quizzes_ensure

        quizzes_ensure(sections=[instance])


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = "Quizzes and roles"

    def ready(self):
        post_save.connect(give_new_section_its_quizzes, sender="content.Section", dispatch_uid="quiz-new-section")
        from django.core.signals import request_finished, request_started

        from quiz.auth import forget_user, withdraw_offer

        request_started.connect(withdraw_offer, dispatch_uid="quiz-withdraw-offered-user-at-start")
        request_finished.connect(withdraw_offer, dispatch_uid="quiz-withdraw-offered-user")

        post_save.connect(forget_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="quiz-forget-user-saved")
        post_delete.connect(forget_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="quiz-forget-user-deleted")
