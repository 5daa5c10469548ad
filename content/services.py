"""Writes to content: importing a "Claim:/Fact:" document in place, and publishing checks."""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.text import slugify

from content.models import Claim, ImportTracked, Rebuttal, Reference, Section, SourceDocument, Statement
from content.parsing import DocumentError, ParsedClaim, ParseWarning, decode, parse_document
from content.proposals import propose_statements, propose_summary

TEMPORARY_POSITION = 1_000_000  # rows being moved park above every real position
SLUG_LENGTH = 80


def digest(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def unique_slug(text: str, taken: set[str]) -> str:
    base = slugify(text)[:SLUG_LENGTH].strip("-") or "item"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base[: SLUG_LENGTH - 4]}-{n}"
        n += 1
    taken.add(slug)
    return slug


@dataclass
class ImportReport:
    """What an import did, counted per kind of content."""

    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)
    needs_true_statement: list[str] = field(default_factory=list)
    unresolved_references: int = 0
    left_in_place: list[str] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)  # lines the parser could read two ways

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def lines(self) -> list[str]:
        out = []
        for kind, counter in self.counts.items():
            out.append(
                f"{kind}: {counter['created']} created, {counter['updated']} updated, "
                f"{counter['unchanged']} unchanged, {counter['skipped']} skipped because edited"
            )
        for text in self.needs_true_statement:
            out.append(f"needs a true statement: {text}")
        if self.unresolved_references:
            out.append(f"references waiting for a URL: {self.unresolved_references}")
        for text in self.needs_review:
            out.append(f"published, reworded statement needs a fresh review: {text}")
        for text in self.left_in_place:
            out.append(f"not in the document, left in place: {text}")
        out += [str(warning) for warning in self.warnings]
        return out


class Importer:
    """Applies a parsed document to the database; one instance per import."""

    def __init__(self, *, report: ImportReport, force: bool, source_name: str):
        self.report = report
        self.force = force
        self.reason = f"Imported from {source_name}"

    def upsert(self, kind: str, obj: ImportTracked, values: dict, *, created: bool) -> bool:
        """Write ``values`` unless an editor changed the row since the last import. True if written."""
        if not created:
            edited = obj.import_digest != digest(obj.imported_values())
            if edited and not self.force:
                self.report.count(kind, "skipped")
                return False
            if not edited and all(getattr(obj, k) == v for k, v in values.items()):
                self.report.count(kind, "unchanged")
                return False
        for name, value in values.items():
            setattr(obj, name, value)
        obj.import_digest = digest(obj.imported_values())
        obj._change_reason = self.reason
        obj.save()
        self.report.count(kind, "created" if created else "updated")
        return True

    def position_for(self, model: type[Model], parent: dict, wanted: int, obj: Model, movable: set[int]) -> int:
        """The wanted position, or the next free one if a row the import does not manage holds it."""
        holder = model.objects.filter(**parent, position=wanted).exclude(pk=obj.pk).first()
        if holder is None:
            return wanted
        if holder.pk in movable:
            model.objects.filter(pk=holder.pk).update(position=TEMPORARY_POSITION + holder.pk)
            return wanted
        top = model.objects.filter(**parent).exclude(position__gte=TEMPORARY_POSITION).aggregate(m=Max("position"))["m"]
        return (top or 0) + 1

    def settle_positions(self, model: type[Model], parent: dict) -> None:
        """Give rows parked by position_for that the document no longer places the next free positions."""
        parked = list(model.objects.filter(**parent, position__gte=TEMPORARY_POSITION).order_by("position"))
        if not parked:
            return
        top = model.objects.filter(**parent, position__lt=TEMPORARY_POSITION).aggregate(m=Max("position"))["m"] or 0
        for offset, row in enumerate(parked, start=1):
            row.position = top + offset
            row.import_digest = digest(row.imported_values()) if row.import_digest else ""
            row._change_reason = self.reason
            row.save()

    def managed(self, rows) -> set[int]:
        """Rows the import may move: those no editor has changed since the last import (or all, forced)."""
        return {row.pk for row in rows if self.force or row.import_digest == digest(row.imported_values())}

    def run(self, parsed, *, slug: str | None) -> SourceDocument:
        doc_slug = slug or slugify(parsed.title)[:SLUG_LENGTH] or "document"
        document = SourceDocument.objects.filter(slug=doc_slug).first()
        created = document is None
        if created:
            document = SourceDocument(slug=doc_slug, publisher="")
        self.upsert("documents", document, {"title": parsed.title, "intro": parsed.intro}, created=created)

        existing_sections = list(document.sections.all())
        movable_sections = self.managed(existing_sections)
        seen_claims: set[int] = set()
        taken = {s.slug for s in existing_sections}
        wanted = [(p.title, slugify(p.title)[:SLUG_LENGTH]) for p in parsed.sections]
        matches = match_rows(existing_sections, wanted, "title")
        for position, (parsed_section, section) in enumerate(zip(parsed.sections, matches, strict=True), start=1):
            is_new = section is None
            if is_new:
                section = Section(document=document, slug=unique_slug(parsed_section.title, taken))
            where = {"document": document}
            self.upsert(
                "sections",
                section,
                {
                    "title": parsed_section.title,
                    "position": self.position_for(Section, where, position, section, movable_sections),
                },
                created=is_new,
            )
            self.import_claims(section, parsed_section.claims, seen_claims)
        self.settle_positions(Section, {"document": document})

        for claim in Claim.objects.filter(section__document=document).exclude(pk__in=seen_claims):
            self.report.left_in_place.append(str(claim))
        for claim in Claim.objects.filter(pk__in=seen_claims).needing_true_statement():
            self.report.needs_true_statement.append(str(claim))
        self.report.unresolved_references = (
            Reference.objects.filter(claim__section__document=document).unresolved().count()
        )
        return document

    def import_claims(self, section: Section, parsed_claims: list[ParsedClaim], seen: set[int]) -> None:
        existing = list(section.claims.all())
        matches = match_rows(existing, [(p.text, slugify(p.text)[:SLUG_LENGTH]) for p in parsed_claims], "text")
        movable = self.managed(existing)
        taken = {c.slug for c in existing}
        for position, (parsed, claim) in enumerate(zip(parsed_claims, matches, strict=True), start=1):
            is_new = claim is None
            if is_new:
                claim = Claim(section=section, slug=unique_slug(parsed.text, taken))
            where = {"section": section}
            self.upsert(
                "claims",
                claim,
                {"text": parsed.text, "position": self.position_for(Claim, where, position, claim, movable)},
                created=is_new,
            )
            seen.add(claim.pk)
            self.import_rebuttal(claim, parsed, claim_is_new=is_new)
        self.settle_positions(Claim, {"section": section})

    def import_rebuttal(self, claim: Claim, parsed: ParsedClaim, *, claim_is_new: bool) -> None:
        summary = propose_summary(parsed)
        rebuttal = Rebuttal.objects.filter(claim=claim).first()
        is_new = rebuttal is None
        if is_new:
            rebuttal = Rebuttal(claim=claim)
        self.upsert("rebuttals", rebuttal, {"summary": summary, "body": parsed.body}, created=is_new)
        self.import_references(claim, parsed)
        self.import_statements(claim, parsed, summary, claim_is_new=claim_is_new)

    def import_references(self, claim: Claim, parsed: ParsedClaim) -> None:
        """References are matched by the link phrase they came from, never by position, so an
        editor's URL stays with its source when the document gains or loses links."""
        references = {r.import_key: r for r in claim.references.all() if r.import_key}
        top = max((r.position for r in claim.references.all()), default=0)
        occurrences: Counter = Counter()
        for ref in parsed.references:
            occurrences[ref.anchor_text] += 1
            key = f"{ref.anchor_text}#{occurrences[ref.anchor_text]}"[:340]
            reference = references.pop(key, None)
            is_new = reference is None
            if is_new:
                top += 1
                reference = Reference(claim=claim, position=top, import_key=key)
            self.upsert(
                "references",
                reference,
                {"title": ref.title[:300], "anchor_text": ref.anchor_text[:300]},
                created=is_new,
            )
        for reference in references.values():
            self.report.left_in_place.append(f"reference “{reference}” of “{claim}”")

    def import_statements(self, claim: Claim, parsed: ParsedClaim, summary: str, *, claim_is_new: bool) -> None:
        """Propose statements for a new claim (or one with none left); keep proposals in step with the text.

        Editors reject a proposal by deleting it: it is not proposed again while the claim has statements.
        """
        statements = {s.import_key: s for s in claim.statements.filter(origin=Statement.Origin.GENERATED)}
        texts = set(claim.statements.values_list("text", flat=True))
        propose_new = claim_is_new or not texts
        for proposal in propose_statements(parsed, summary):
            statement = statements.get(proposal.key)
            is_new = statement is None
            if is_new and (not propose_new or proposal.text in texts):
                continue
            if is_new:
                statement = Statement(claim=claim, origin=Statement.Origin.GENERATED, import_key=proposal.key)
            elif statement.text != proposal.text:
                if proposal.text in texts:
                    self.report.count("statements", "skipped")  # another statement already says it
                    continue
                if statement.is_approved and claim.is_published:
                    self.report.needs_review.append(str(claim))
                statement.is_approved = False  # new wording needs a fresh review
            values = {"text": proposal.text, "is_true": proposal.is_true, "explanation": proposal.explanation}
            old_text = statement.text
            if self.upsert("statements", statement, values, created=is_new):
                texts.discard(old_text)
                texts.add(proposal.text)


def match_rows(existing: list, wanted: list[tuple[str, str]], text_field: str) -> list:
    """Pair each wanted (text, slug) with an existing row: same text, else same slug, else the row at the
    same place that nothing else claimed (a reworded heading or claim is updated, not duplicated)."""
    by_text = {getattr(row, text_field): row for row in existing}
    by_slug = {row.slug: row for row in existing}
    matches = [by_text.get(text) or by_slug.get(slug) for text, slug in wanted]
    used = {row.pk for row in matches if row is not None}
    by_position = {row.position: row for row in existing if row.pk not in used}
    for index, row in enumerate(matches):
        if row is None:
            candidate = by_position.get(index + 1)
            if candidate is not None and candidate.pk not in used:
                matches[index] = candidate
                used.add(candidate.pk)
    return matches


def document_read(path: str | Path):
    """Read and parse a document file; raises DocumentError for a missing, unreadable or malformed file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"no such file: {path}") from None
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror}") from None
    return parse_document(decode(raw))


def document_import(
    *,
    path: str | Path,
    dry_run: bool = False,
    force: bool = False,
    slug: str | None = None,
    metadata: dict | None = None,
) -> tuple[SourceDocument, ImportReport]:
    """Import (or re-import) a document in one transaction; ``dry_run`` reports without keeping anything.

    Rows an editor changed since the last import are left alone unless ``force``.
    ``metadata`` sets document fields the text format does not carry (publisher, year, url, attribution).
    """
    parsed = document_read(path)
    report = ImportReport(dry_run=dry_run, warnings=list(parsed.warnings))
    with transaction.atomic():
        document = Importer(report=report, force=force, source_name=Path(path).name).run(parsed, slug=slug)
        changed = {k: v for k, v in (metadata or {}).items() if v not in (None, "") and getattr(document, k) != v}
        if changed:
            for name, value in changed.items():
                setattr(document, name, value)
            document._change_reason = "Document details set on import"
            document.save()
        SourceDocument.objects.filter(pk=document.pk).update(
            source_file=Path(path).name, last_imported_at=timezone.now()
        )
        if dry_run:
            transaction.set_rollback(True)
    return document, report
