"""`manage.py send_review_reminders`: e-mail learners who opted in and have myths due (safe to run often)."""

from django.core.management.base import BaseCommand

from reviews.reminders import send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail each learner who asked for review reminders, when at least one myth is due, at most once per "
        "day (or week) as their time zone runs. Safe to run from cron several times a day."
    )

    def handle(self, *args, **options):
        def progress(checked: int, total: int, sent: int) -> None:
            self.stdout.write(f"{checked} of {total} learners checked, {sent} reminder(s) sent")

        sent = send_review_reminders(progress=progress if options["verbosity"] >= 1 else None)
        self.stdout.write(self.style.SUCCESS(f"Done: {sent} reminder(s) sent."))
