"""WSGI entry point for FactsQuiz (used by gunicorn in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factsquiz.settings")

application = get_wsgi_application()
