"""Signals the quiz engine sends, so apps built on it (spaced review) follow attempts without quiz importing them."""

from django.dispatch import Signal

# Sent once, when an attempt is finished and scored, with `attempt`.
attempt_finished = Signal()
