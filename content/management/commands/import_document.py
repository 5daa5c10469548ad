"""`manage.py import_document PATH`: import or re-import a "Claim:/Fact:" text document."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from content.management.language import check_language
from content.parsing import DocumentError
from content.services import document_import


class Command(BaseCommand):
    help = (
        'Import a "Claim:/Fact:" text document: sections, claims, rebuttals, references and proposed '
        "statements. Re-importing updates in place and leaves editors' changes alone unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="UTF-8 text file in the Claim:/Fact: format")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be created or updated; save nothing"
        )
        parser.add_argument(
            "--force", action="store_true", help="overwrite content editors changed since the last import"
        )
        parser.add_argument("--slug", help="document slug (default: from the title)")
        parser.add_argument("--publisher", help="publisher, for the attribution")
        parser.add_argument("--year", type=int, help="year of publication, for the attribution")
        parser.add_argument("--url", help="where the original is published")
        parser.add_argument("--attribution", help="attribution note shown with the content")
        parser.add_argument(
            "--language", help="the document's language tag, e.g. en or fr (default: fr for French labels, else en)"
        )

    def handle(self, *args, **options):
        if options["slug"] and not re.fullmatch(r"[-a-zA-Z0-9_]{1,120}", options["slug"]):
            raise CommandError(_("--slug may only hold letters, digits, hyphens and underscores (at most 120)."))
        check_language(options["language"])
        metadata = {key: options[key] for key in ("publisher", "year", "url", "attribution", "language")}
        try:
            document, report = document_import(
                path=options["path"],
                dry_run=options["dry_run"],
                force=options["force"],
                slug=options["slug"],
                metadata=metadata,
            )
        except DocumentError as exc:
            raise CommandError(
                _("%(file)s: %(problem)s. Nothing was imported.") % {"file": options["path"], "problem": exc}
            ) from None
        except DatabaseError as exc:
            raise CommandError(
                _("%(file)s: the database refused the import (%(error)s). Nothing was imported.")
                % {"file": options["path"], "error": exc}
            ) from None
        headline, *rest = report.summary(document.title)
        self.stdout.write(self.style.SUCCESS(headline))
        for line in rest:
            self.stdout.write(line)
