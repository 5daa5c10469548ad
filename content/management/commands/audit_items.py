"""`manage.py audit_items`: what a test-wise learner could exploit in the statement bank and the held-out pool."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content import quality
from content.audit import audit_bank, audit_pool
from factsquiz.templatetags.formatting import percent


def _percent(share: float) -> str:
    return percent(share * 100)


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
            self.stdout.write(_("No published section to audit."))
            return
        if not options["quiet"]:
            for section in bank.sections:
                self._section(section)
            self.stdout.write("\n" + _("Whole bank"))
            self._figures(bank.cues, bank.headline_share, bank.overlap)
        pool = audit_pool()
        if not options["quiet"] and pool.halves:
            self.stdout.write("\n" + _("Held-out pool (pre- and post-test)"))
            for half, (trues, falses, techniques) in pool.halves.items():
                line = ngettext(
                    "half %(half)s: %(true)d true, %(false)d false, %(techniques)d technique item",
                    "half %(half)s: %(true)d true, %(false)d false, %(techniques)d technique items",
                    techniques,
                ) % {"half": half, "true": trues, "false": falses, "techniques": techniques}
                self.stdout.write(f"  {line}")
            for cue in pool.cues[:3]:
                self._cue(cue)
        problems = bank.problems + pool.problems
        if problems:
            self.stdout.write("")
            for problem in problems:
                self.stdout.write(self.style.ERROR(f"✗ {problem}"))
            raise CommandError(
                ngettext(
                    "%(count)d problem: the bank can be answered without knowing the facts.",
                    "%(count)d problems: the bank can be answered without knowing the facts.",
                    len(problems),
                )
                % {"count": len(problems)}
            )
        self.stdout.write(
            self.style.SUCCESS("\n" + _("The bank passes the audit: no surface rule or word overlap beats the limits."))
        )

    def _section(self, section):
        heading = _("%(section)s (%(true)d true, %(false)d false)") % {
            "section": section.section,
            "true": section.true_count,
            "false": section.false_count,
        }
        self.stdout.write(f"\n{heading}")
        self._figures(section.cues, section.headline_share, section.overlap)
        given = _("statements given away by another item's feedback: %(count)d") % {"count": section.giveaways}
        self.stdout.write(f"  {given}")

    def _cue(self, cue):
        # Translators: %(rule)s is a rule a test-wise learner could follow, e.g. "length above 96 → true".
        line = _("surface cue: %(rule)s — %(accuracy)s right") % {"rule": cue.rule, "accuracy": _percent(cue.accuracy)}
        self.stdout.write(f"  {line}")

    def _figures(self, cues, headline_share, overlap):
        for cue in cues[:3]:
            self._cue(cue)
        line = _("false statements that are the headline: %(share)s (limit %(limit)s)") % {
            "share": _percent(headline_share),
            "limit": _percent(quality.MAX_HEADLINE_SHARE),
        }
        self.stdout.write(f"  {line}")
        if overlap.total:
            line = _("matching by shared words: %(right)d of %(total)d right (%(accuracy)s; chance %(chance)s)") % {
                "right": overlap.right,
                "total": overlap.total,
                "accuracy": _percent(overlap.accuracy),
                "chance": _percent(overlap.chance),
            }
            self.stdout.write(f"  {line}")
