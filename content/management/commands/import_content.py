"""`manage.py import_content FILE`: load content written by export_content."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content.transfer import ContentFileError
from content.transfer_import import content_import

# What the summary calls each count of content_import (a registered part's key names itself).
COUNTED = {
    "documents": lambda n: ngettext("%(count)d document", "%(count)d documents", n),
    "skipped documents": lambda n: ngettext("%(count)d skipped document", "%(count)d skipped documents", n),
    "sections": lambda n: ngettext("%(count)d section", "%(count)d sections", n),
    "claims": lambda n: ngettext("%(count)d claim", "%(count)d claims", n),
    "statements": lambda n: ngettext("%(count)d statement", "%(count)d statements", n),
    "withdrawn statements": lambda n: ngettext("%(count)d withdrawn statement", "%(count)d withdrawn statements", n),
    "references": lambda n: ngettext("%(count)d reference", "%(count)d references", n),
    "techniques": lambda n: ngettext("%(count)d technique", "%(count)d techniques", n),
    "technique examples": lambda n: ngettext("%(count)d technique example", "%(count)d technique examples", n),
    "technique tags": lambda n: ngettext("%(count)d technique tag", "%(count)d technique tags", n),
    "held-out items": lambda n: ngettext("%(count)d held-out item", "%(count)d held-out items", n),
    "quizzes": lambda n: ngettext("%(count)d quiz", "%(count)d quizzes", n),
}


def counted(kind: str, n: int) -> str:
    # Translators: a count of rows the import loaded, for a kind of row without a name of its own.
    text = COUNTED[kind](n) if kind in COUNTED else _("%(count)d %(kind)s")
    return text % {"count": n, "kind": kind}


class Command(BaseCommand):
    help = "Load a FactsQuiz content export (JSON), matching existing rows by slug and quizzes by kind. All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by export_content")
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="leave documents that are already in the database untouched",
        )
        parser.add_argument(
            "--withdraw-missing",
            action="store_true",
            help="unapprove (keep, with history) approved statements of the imported claims that the file does "
            "not list, so quizzes use exactly the file's statement bank",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(_("no such file: %(path)s") % {"path": path}) from None
        except UnicodeDecodeError:
            raise CommandError(_("%(path)s: not UTF-8 text. Nothing was loaded.") % {"path": path}) from None
        try:
            counts = content_import(
                text, skip_existing=options["skip_existing"], withdraw_missing=options["withdraw_missing"]
            )
        except ContentFileError as exc:
            raise CommandError(
                _("%(path)s: %(problem)s. Nothing was loaded.") % {"path": path, "problem": exc}
            ) from None
        if counts["skipped documents"] and not counts["documents"]:
            self.stdout.write(_("Content already loaded; left as it is."))
            return
        # Translators: %(counts)s lists what was loaded, e.g. "1 document, 6 sections, 26 claims".
        summary = _("Loaded %(counts)s.") % {"counts": ", ".join(counted(kind, n) for kind, n in counts.items() if n)}
        self.stdout.write(self.style.SUCCESS(summary))
