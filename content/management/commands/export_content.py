"""`manage.py export_content [--output FILE]`: write all content, and each section's quiz settings, as JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from content.transfer import content_export


class Command(BaseCommand):
    help = (
        "Write every document, section (with its quizzes' settings), claim, rebuttal, reference and statement as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        text = content_export()
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        try:
            Path(options["output"]).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("cannot write %(path)s: %(error)s") % {"path": options["output"], "error": exc.strerror}
            ) from None
        self.stderr.write(self.style.SUCCESS(_("Content written to %(path)s.") % {"path": options["output"]}))
