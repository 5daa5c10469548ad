"""`manage.py import_claimreview FILE`: import or re-import a schema.org ClaimReview feed as draft claims."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from content.claimreview import claimreview_import
from content.management.language import check_language
from content.parsing import DocumentError


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReview JSON-LD (UTF-8, at most 5 MB): a DataFeed (dataFeedElement: ClaimReviews "
        "or DataFeedItems with an item), an ItemList, a JSON-LD @graph, a single ClaimReview, or a JSON list of "
        "them. claimReviewed becomes the claim, reviewBody its rebuttal (paragraphs split on blank lines), url a "
        "reference titled by name or headline. Each claim goes into the section given with --section, else the "
        "review's 'about' (text or a Thing's name), else the feed's 'about', else the feed's name. Claims are "
        "matched by their text: a reworded claimReviewed arrives as a new claim. New claims are drafts until an "
        "editor approves their proposed statements and publishes them. Re-importing updates in place and "
        "leaves editors' changes alone unless --force; a malformed file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 JSON file holding ClaimReview JSON-LD")
        parser.add_argument("--section", help="put every claim in this section (overrides the file's 'about')")
        parser.add_argument(
            "--document",
            help="slug of the document to import into (default: from the feed's name, else 'fact-checks'); "
            "an existing document keeps its title and the sections the feed does not name",
        )
        parser.add_argument(
            "--language", help="the document's language tag, e.g. en or fr (default: the feed's inLanguage, else en)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be created or updated; save nothing"
        )
        parser.add_argument(
            "--force", action="store_true", help="overwrite content editors changed since the last import"
        )

    def handle(self, *args, **options):
        if options["document"] and not re.fullmatch(r"[-a-zA-Z0-9_]{1,120}", options["document"]):
            raise CommandError(_("--document may only hold letters, digits, hyphens and underscores (at most 120)."))
        check_language(options["language"])
        if options["section"] is not None and not options["section"].strip():
            raise CommandError(_("--section needs a name."))
        try:
            document, report = claimreview_import(
                path=options["file"],
                section=options["section"],
                document=options["document"],
                dry_run=options["dry_run"],
                force=options["force"],
                language=options["language"],
            )
        except DocumentError as exc:
            raise CommandError(
                _("%(file)s: %(problem)s. Nothing was imported.") % {"file": options["file"], "problem": exc}
            ) from None
        except DatabaseError as exc:
            raise CommandError(
                _("%(file)s: the database refused the import (%(error)s). Nothing was imported.")
                % {"file": options["file"], "error": exc}
            ) from None
        headline, *rest = report.summary(document.title)
        self.stdout.write(self.style.SUCCESS(headline))
        for line in rest:
            self.stdout.write(line)
