"""Quiz app configuration: new sections get their quizzes, guest attempts follow sign-in, settings join the export."""

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy


def give_new_section_its_quizzes(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from quiz.services import quizzes_ensure

        quizzes_ensure(sections=[instance], documents=[])


def give_new_document_its_technique_quiz(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from quiz.services import quizzes_ensure

        quizzes_ensure(sections=[], documents=[instance])


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = gettext_lazy("Quizzes")

    def ready(self):
        post_save.connect(give_new_section_its_quizzes, sender="content.Section", dispatch_uid="quiz-new-section")
        post_save.connect(
            give_new_document_its_technique_quiz, sender="content.SourceDocument", dispatch_uid="quiz-new-document"
        )
        from content import versions
        from content.history import home_history_models
        from quiz.models import Quiz

        home_history_models(self)  # the models are a package
        versions.connect(Quiz)  # a quiz's settings are part of what the catalogue keeps
        from django.contrib.auth.signals import user_logged_in

        from quiz.guests import adopt_on_login

        user_logged_in.connect(adopt_on_login, dispatch_uid="quiz-adopt-guest-attempts")

        from content.transfer import register_document_part, register_section_part
        from quiz.transfer import DOCUMENT_QUIZ_SETTINGS, QUIZ_SETTINGS

        register_section_part(QUIZ_SETTINGS)  # content never imports quiz: the quiz app plugs its parts in
        register_document_part(DOCUMENT_QUIZ_SETTINGS)
        from quiz.teaching import tallies

        tallies.connect()  # the item tallies follow every change to what they count
