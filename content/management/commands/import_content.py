"""`manage.py import_content FILE`: load content written by export_content."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.transfer import ContentFileError, content_import


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
            raise CommandError(f"no such file: {path}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text. Nothing was loaded.") from None
        try:
            counts = content_import(
                text, skip_existing=options["skip_existing"], withdraw_missing=options["withdraw_missing"]
            )
        except ContentFileError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was loaded.") from None
        if counts["skipped documents"] and not counts["documents"]:
            self.stdout.write("Content already loaded; left as it is.")
            return
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        self.stdout.write(self.style.SUCCESS(f"Loaded {summary}."))
