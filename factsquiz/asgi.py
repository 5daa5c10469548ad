"""ASGI entry point for FactsQuiz."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factsquiz.settings")

application = get_asgi_application()
