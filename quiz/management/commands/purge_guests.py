"""`manage.py purge_guests`: delete guests (visitors without an account) older than GUEST_RETENTION_DAYS."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quiz.guests import guests_purge


class Command(BaseCommand):
    help = (
        "Delete guests made more than GUEST_RETENTION_DAYS days ago (default 30), with every attempt and answer "
        "they made. Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"keep guests this many days (default {settings.GUEST_RETENTION_DAYS})",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is not None and days < 0:
            raise CommandError("--days cannot be negative.")
        deleted = guests_purge(days=days)
        kept = settings.GUEST_RETENTION_DAYS if days is None else days
        self.stdout.write(f"Deleted {deleted} guest{'s' if deleted != 1 else ''} older than {kept} days.")
