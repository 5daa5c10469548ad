"""App configuration for the quiz app."""

from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = "Quizzes and roles"
