"""What an import did, or in a dry run would do: a row per piece of content with its outcome, counted per kind."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.parsed import ParseWarning

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"
LEFT_IN_PLACE, UNPUBLISHED = "left in place", "unpublished"
# The report's lines name each kind of content (the keys stay English: they are identifiers).
KIND_LABELS = {
    "documents": gettext_lazy("documents"),
    "sections": gettext_lazy("sections"),
    "claims": gettext_lazy("claims"),
    "rebuttals": gettext_lazy("rebuttals"),
    "references": gettext_lazy("references"),
    "statements": gettext_lazy("statements"),
}


@dataclass(frozen=True)
class ImportRow:
    """One row of content and what the import did with it (in a dry run: would have done)."""

    kind: str  # "documents", "sections", "claims", "rebuttals", "references", "statements"
    outcome: str  # created, updated, unchanged, skipped (left alone because edited), left in place, unpublished
    label: str  # the row as editors see it in the admin
    line: int | None = None  # the document line it came from, where known
    place: str = ""  # where in a structured source (a ClaimReview feed) it came from
    detail: str = ""  # why, when the outcome needs a reason

    @property
    def where(self) -> str:
        """Where it came from: "line 42", the place in a feed, or "" when neither is known."""
        return _("line %(number)d") % {"number": self.line} if self.line else self.place


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do): a row per piece of content, counted per kind."""

    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)
    rows: list[ImportRow] = field(default_factory=list)
    needs_true_statement: list[str] = field(default_factory=list)
    unresolved_references: int = 0
    left_in_place: list[str] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)  # lines the parser could read two ways

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def record(self, row: ImportRow) -> None:
        self.rows.append(row)
        if row.outcome in (CREATED, UPDATED, UNCHANGED, SKIPPED):
            self.count(row.kind, row.outcome)

    def lines(self) -> list[str]:
        would = self.dry_run
        out = []
        for kind, c in self.counts.items():
            numbers = {
                "kind": KIND_LABELS.get(kind, kind),
                "created": c[CREATED],
                "updated": c[UPDATED],
                "unchanged": c[UNCHANGED],
                "skipped": c[SKIPPED],
            }
            if would:
                line = _(
                    "%(kind)s: would create %(created)d, would update %(updated)d, %(unchanged)d unchanged, "
                    "%(skipped)d would be left alone because edited"
                )
            else:
                line = _(
                    "%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                    "%(skipped)d skipped because edited"
                )
            out.append(line % numbers)
        drafts = self.counts.get("claims", Counter())[CREATED]
        if drafts:
            if would:
                line = _(
                    "new claims would arrive as drafts: %(count)d; learners see them once "
                    "an editor approves a true and a false statement of each and publishes it"
                )
            else:
                line = _(
                    "new claims arrive as drafts: %(count)d; learners see them once "
                    "an editor approves a true and a false statement of each and publishes it"
                )
            out.append(line % {"count": drafts})
        for row in self.rows:
            if row.outcome == UNPUBLISHED:
                values = {"where": row.where, "item": row.label, "why": row.detail}
                # Translators: %(where)s is where in the file, e.g. "line 42"; %(why)s says what the item lacks.
                if row.where and would:
                    line = _("%(where)s: would unpublish “%(item)s”: %(why)s")
                elif row.where:
                    line = _("%(where)s: unpublished “%(item)s”: %(why)s")
                elif would:
                    line = _("would unpublish “%(item)s”: %(why)s")
                else:
                    line = _("unpublished “%(item)s”: %(why)s")
                out.append(line % values)
        for text in self.needs_true_statement:
            out.append(_("needs a true statement: %(claim)s") % {"claim": text})
        if self.unresolved_references:
            out.append(_("references waiting for a URL: %(count)d") % {"count": self.unresolved_references})
        for text in self.needs_review:
            out.append(_("published, reworded statement needs a fresh review: %(claim)s") % {"claim": text})
        for text in self.left_in_place:
            if would:
                out.append(_("not in the document, would be left in place: %(item)s") % {"item": text})
            else:
                out.append(_("not in the document, left in place: %(item)s") % {"item": text})
        out += [str(warning) for warning in self.warnings]
        return out

    def summary(self, title: str) -> list[str]:
        """The report as a command prints it: a headline, the lines indented, and for a dry run a last word."""
        lines = [f"  {line}" for line in self.lines()]
        if not self.dry_run:
            return [_("Imported “%(title)s”.") % {"title": title}, *lines]
        return [_("Dry run of “%(title)s”:") % {"title": title}, *lines, _("Dry run: nothing was saved.")]
