"""The importer: applies a parsed document to the database in place, leaving alone what editors changed."""

import hashlib
import json
from collections import Counter

from django.conf import settings
from django.db.models import Max, Model
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content import publishing
from content.history import HISTORY_REASON_LENGTH, history_reason, site_reason
from content.import_report import (
    CREATED,
    LEFT_IN_PLACE,
    SKIPPED,
    UNCHANGED,
    UNPUBLISHED,
    UPDATED,
    ImportReport,
    ImportRow,
)
from content.models import Claim, ImportTracked, Rebuttal, Reference, Section, SourceDocument, Statement
from content.parsed import ParsedClaim, ParsedDocument
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


class Importer:
    """Applies a parsed document to the database; one instance per import."""

    def __init__(self, *, report: ImportReport, force: bool, source_name: str, partial: bool = False):
        self.report = report
        self.force = force
        self.partial = partial
        self.source_name = source_name
        self.reason = site_reason(gettext_noop("Imported from %(file)s"), file=source_name)
        self.here: tuple[int | None, str] = (None, "")  # the line (or feed place) being imported
        self.origins: dict[tuple[str, int], tuple[int | None, str]] = {}  # (kind, pk) -> where it came from

    def locate(self, line: int, place: str = "") -> None:
        self.here = (line or None, place)

    def note(self, kind: str, outcome: str, label: str, detail: str = "") -> None:
        line, place = self.here
        self.report.record(ImportRow(kind, outcome, label, line=line, place=place, detail=detail))

    def upsert(
        self, kind: str, obj: ImportTracked, values: dict, *, created: bool, tracked: tuple[str, ...] = ()
    ) -> bool:
        """Write ``values`` unless an editor changed the row since the last import. True if written.

        The digest covers the model's IMPORTED_FIELDS, or ``tracked`` when the import also manages
        other fields of this row (a reference's URL from a ClaimReview feed).
        """
        fields = tracked or obj.IMPORTED_FIELDS

        def fingerprint() -> str:
            return digest({name: getattr(obj, name) for name in fields})

        if not created:
            edited = obj.import_digest != fingerprint()
            if edited and not self.force:
                self.note(kind, SKIPPED, str(obj), _("changed by an editor since the last import"))
                return False
            if not edited and all(getattr(obj, k) == v for k, v in values.items()):
                self.note(kind, UNCHANGED, str(obj))
                return False
        for name, value in values.items():
            setattr(obj, name, value)
        obj.import_digest = fingerprint()
        obj._change_reason = self.reason
        obj.save()
        self.note(kind, CREATED if created else UPDATED, str(obj))
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

    def run(self, parsed: ParsedDocument, *, slug: str | None) -> SourceDocument:
        """Apply ``parsed`` to the document ``slug`` (default: from its title).

        When ``partial`` (a ClaimReview feed), ``parsed`` holds only some sections of the document: an
        existing document keeps its title and introduction, sections are matched by title or slug and
        claims by text or slug (never by position, which means nothing in a feed), new sections go after
        the existing ones, and sections the feed does not name are not its business.
        """
        doc_slug = slug or slugify(parsed.title)[:SLUG_LENGTH] or "document"
        document = SourceDocument.objects.filter(slug=doc_slug).first()
        created = document is None
        if created:
            document = SourceDocument(slug=doc_slug, publisher="", language=parsed.language)
        if created or not self.partial:
            self.upsert("documents", document, {"title": parsed.title, "intro": parsed.intro}, created=created)
        else:
            self.note("documents", UNCHANGED, str(document), _("an existing document keeps its title and introduction"))

        existing_sections = list(document.sections.all())
        movable_sections = self.managed(existing_sections)
        seen_claims: set[int] = set()
        touched: list[int] = []
        taken = {s.slug for s in existing_sections}
        top = max((s.position for s in existing_sections), default=0)
        wanted = [(p.title, slugify(p.title)[:SLUG_LENGTH]) for p in parsed.sections]
        matches = match_rows(existing_sections, wanted, "title", by_position=not self.partial)
        for position, (parsed_section, section) in enumerate(zip(parsed.sections, matches, strict=True), start=1):
            is_new = section is None
            if is_new:
                section = Section(document=document, slug=unique_slug(parsed_section.title, taken))
            self.locate(parsed_section.line)
            if not self.partial:
                where = {"document": document}
                values = {
                    "title": parsed_section.title,
                    "position": self.position_for(Section, where, position, section, movable_sections),
                }
            elif is_new:
                top += 1
                values = {"title": parsed_section.title, "position": top}
            else:
                values = {"title": section.title, "position": section.position}
            self.upsert("sections", section, values, created=is_new)
            self.origins["sections", section.pk] = self.here
            touched.append(section.pk)
            self.import_claims(section, parsed_section.claims, seen_claims)
        if not self.partial:
            self.settle_positions(Section, {"document": document})
        self.enforce_publishing_rules(document)

        self.locate(0)
        in_scope = Claim.objects.filter(section__pk__in=touched) if self.partial else document_claims(document)
        for claim in in_scope.exclude(pk__in=seen_claims):
            self.report.left_in_place.append(str(claim))
            self.note("claims", LEFT_IN_PLACE, str(claim), _("not in the document"))
        for claim in Claim.objects.filter(pk__in=seen_claims).needing_true_statement():
            self.report.needs_true_statement.append(str(claim))
        self.report.unresolved_references = (
            Reference.objects.filter(claim__section__document=document).unresolved().count()
        )
        return document

    def enforce_publishing_rules(self, document: SourceDocument) -> None:
        """Unpublish, with the reason, every claim and then section of the document that now breaks the
        publishing rules (`content.publishing`): learners meet a draft, never a quiz that cannot be made."""
        for claim in Claim.objects.filter(section__document=document, is_published=True):
            if problems := publishing.claim_problems(claim):
                self.unpublish("claims", claim, problems, publishing.claim_problems)
        for section in Section.objects.filter(document=document, is_published=True):
            if problems := publishing.section_problems(section):
                self.unpublish("sections", section, problems, publishing.section_problems)

    def unpublish(self, kind: str, obj: Claim | Section, problems: list[str], problems_for) -> None:
        why = "; ".join(problems)
        active = translation.get_language()
        with translation.override(settings.LANGUAGE_CODE):  # history is written in the site's language
            recorded = why if translation.get_language() == active else "; ".join(problems_for(obj))
            reason = _("Unpublished by the import from %(file)s: %(why)s") % {"file": self.source_name, "why": recorded}
            if len(reason) > HISTORY_REASON_LENGTH:  # the reason matters more than the file's name
                reason = _("Unpublished by the import: %(why)s") % {"why": recorded}
        obj.is_published = False
        obj._change_reason = history_reason(reason)
        obj.save(update_fields=["is_published", "updated_at"])
        self.here = self.origins.get((kind, obj.pk), (None, ""))
        self.note(kind, UNPUBLISHED, str(obj), why)

    def import_claims(self, section: Section, parsed_claims: list[ParsedClaim], seen: set[int]) -> None:
        existing = list(section.claims.all())
        wanted = [(p.text, slugify(p.text)[:SLUG_LENGTH]) for p in parsed_claims]
        matches = match_rows(existing, wanted, "text", by_position=not self.partial)
        movable = self.managed(existing)
        taken = {c.slug for c in existing}
        for position, (parsed, claim) in enumerate(zip(parsed_claims, matches, strict=True), start=1):
            is_new = claim is None
            if is_new:
                claim = Claim(section=section, slug=unique_slug(parsed.text, taken))
            self.locate(parsed.line, parsed.place)
            where = {"section": section}
            self.upsert(
                "claims",
                claim,
                {"text": parsed.text, "position": self.position_for(Claim, where, position, claim, movable)},
                created=is_new,
            )
            seen.add(claim.pk)
            self.origins["claims", claim.pk] = self.here
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
            phrase = ref.anchor_text or "link"  # a ClaimReview's link has no phrase in the text
            occurrences[phrase] += 1
            key = f"{phrase}#{occurrences[phrase]}"[:340]
            reference = references.pop(key, None)
            is_new = reference is None
            if is_new:
                top += 1
                reference = Reference(claim=claim, position=top, import_key=key)
            values = {"title": ref.title[:300], "anchor_text": ref.anchor_text[:300]}
            tracked: tuple[str, ...] = ()
            if ref.url:  # a text document's lost link leaves the URL to editors: never written, never wiped
                values["url"] = ref.url
                tracked = (*Reference.IMPORTED_FIELDS, "url")
            self.upsert("references", reference, values, created=is_new, tracked=tracked)
        for reference in references.values():
            self.report.left_in_place.append(
                _("reference “%(reference)s” of “%(claim)s”") % {"reference": reference, "claim": claim}
            )
            cited = _("no longer cited by “%(claim)s”") % {"claim": claim}
            self.note("references", LEFT_IN_PLACE, str(reference), cited)

    def import_statements(self, claim: Claim, parsed: ParsedClaim, summary: str, *, claim_is_new: bool) -> None:
        """Propose statements for a new claim (or one with none left); keep proposals in step with the text.

        Editors reject a proposal by deleting it: it is not proposed again while the claim has statements.
        """
        statements = {s.import_key: s for s in claim.statements.filter(origin=Statement.Origin.GENERATED)}
        texts = set(claim.statements.values_list("text", flat=True))
        propose_new = claim_is_new or not texts
        for proposal in propose_statements(parsed, summary, language=claim.section.document.language):
            statement = statements.get(proposal.key)
            is_new = statement is None
            if is_new and (not propose_new or proposal.text in texts):
                continue
            if is_new:
                statement = Statement(claim=claim, origin=Statement.Origin.GENERATED, import_key=proposal.key)
            elif statement.text != proposal.text:
                if proposal.text in texts:
                    self.note("statements", SKIPPED, proposal.text, _("another statement of the claim already says it"))
                    continue
                if statement.is_approved and claim.is_published:
                    self.report.needs_review.append(str(claim))
                statement.is_approved = False  # new wording needs a fresh review
                statement.reviewed_by, statement.reviewed_at = None, None  # as the admin does when unapproving
            values = {"text": proposal.text, "is_true": proposal.is_true, "explanation": proposal.explanation}
            old_text = statement.text
            if self.upsert("statements", statement, values, created=is_new):
                texts.discard(old_text)
                texts.add(proposal.text)


def document_claims(document: SourceDocument):
    return Claim.objects.filter(section__document=document)


def match_rows(existing: list, wanted: list[tuple[str, str]], text_field: str, *, by_position: bool = True) -> list:
    """Pair each wanted (text, slug) with an existing row: same text, else same slug, else (``by_position``)
    the row at the same place that nothing else claimed (a reworded heading or claim is updated, not duplicated)."""
    by_text = {getattr(row, text_field): row for row in existing}
    by_slug = {row.slug: row for row in existing}
    matches = [by_text.get(text) for text, _ in wanted]
    used = {row.pk for row in matches if row is not None}
    for index, (_text, slug) in enumerate(wanted):
        candidate = by_slug.get(slug)
        if matches[index] is None and candidate is not None and candidate.pk not in used:
            matches[index] = candidate  # "Vaccines work!" and "Vaccines work?" share a slug: one row each
            used.add(candidate.pk)
    by_position = {row.position: row for row in existing if row.pk not in used} if by_position else {}
    for index, row in enumerate(matches):
        if row is None:
            candidate = by_position.get(index + 1)
            if candidate is not None and candidate.pk not in used:
                matches[index] = candidate
                used.add(candidate.pk)
    return matches
