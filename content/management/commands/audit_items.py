"""`manage.py audit_items`: what a test-wise learner could exploit in the statement bank and the held-out pool."""

from django.core.management.base import BaseCommand, CommandError

from content import quality
from content.audit import audit_bank, audit_pool


class Command(BaseCommand):
    help = (
        "Report, per section and for the whole published bank, the best surface cue (length, word count, "
        "digits, negations, first word, quotes…), headline false statements, how well word overlap solves "
        "matching, statements given away by another item's feedback and unbalanced sections. "
        "Exits non-zero when the bank breaks the limits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="print only the problems and the verdict")

    def handle(self, *args, **options):
        bank = audit_bank()
        if not bank.sections:
            self.stdout.write("No published section to audit.")
            return
        if not options["quiet"]:
            for section in bank.sections:
                self._section(section)
            self.stdout.write("\nWhole bank")
            self._figures(bank.cues, bank.headline_share, bank.overlap)
        pool = audit_pool()
        if not options["quiet"] and pool.halves:
            self.stdout.write("\nHeld-out pool (pre- and post-test)")
            for half, (trues, falses, techniques) in pool.halves.items():
                self.stdout.write(f"  half {half}: {trues} true, {falses} false, {techniques} technique items")
            for cue in pool.cues[:3]:
                self.stdout.write(f"  surface cue: {cue.rule} — {cue.accuracy:.0%} right")
        problems = bank.problems + pool.problems
        if problems:
            self.stdout.write("")
            for problem in problems:
                self.stdout.write(self.style.ERROR(f"✗ {problem}"))
            raise CommandError(f"{len(problems)} problem(s): the bank can be answered without knowing the facts.")
        self.stdout.write(
            self.style.SUCCESS("\nThe bank passes the audit: no surface rule or word overlap beats the limits.")
        )

    def _section(self, section):
        self.stdout.write(f"\n{section.section} ({section.true_count} true, {section.false_count} false)")
        self._figures(section.cues, section.headline_share, section.overlap)
        self.stdout.write(f"  statements given away by another item's feedback: {section.giveaways}")

    def _figures(self, cues, headline_share, overlap):
        for cue in cues[:3]:
            self.stdout.write(f"  surface cue: {cue.rule} — {cue.accuracy:.0%} right")
        self.stdout.write(
            f"  false statements that are the headline: {headline_share:.0%} (limit {quality.MAX_HEADLINE_SHARE:.0%})"
        )
        if overlap.total:
            self.stdout.write(
                f"  matching by shared words: {overlap.right} of {overlap.total} right "
                f"({overlap.accuracy:.0%}; chance {overlap.chance:.0%})"
            )
