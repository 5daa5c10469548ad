"""`manage.py rebuild_item_tallies`: recount the item tallies and the gradebook standings (after a bulk load)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from quiz.teaching import tallies


class Command(BaseCommand):
    help = "Recount the item analysis tallies and the gradebook standings of every quiz (or of those given)."

    def add_arguments(self, parser):
        parser.add_argument("quiz_ids", nargs="*", type=int, help="only these quizzes (default: every quiz)")

    def handle(self, *args, quiz_ids, **options):
        started = time.perf_counter()
        with transaction.atomic():  # readers see the old tallies or the new, never none
            tallies.rebuild_with_standings(quiz_ids or None)
        self.stdout.write(f"Item tallies and standings rebuilt in {time.perf_counter() - started:.1f} s.")
