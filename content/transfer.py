"""Export all content to a stable JSON file and load it back (reviewed content, backups, moves)."""

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content import publishing
from content.models import (
    Claim,
    ClaimTechnique,
    HeldOutItem,
    Rebuttal,
    Reference,
    Section,
    SourceDocument,
    Statement,
    Technique,
    TechniqueExample,
    TechniqueFamily,
)
from content.services import site_reason

FORMAT = "factsquiz-content"
VERSION = 1

DOCUMENT_FIELDS = ("slug", "title", "language", "publisher", "year", "published_on", "url", "intro", "attribution")
SECTION_FIELDS = ("slug", "title", "position", "intro", "is_published")
CLAIM_FIELDS = ("slug", "text", "position", "is_published")
REBUTTAL_FIELDS = ("summary", "body")
REFERENCE_FIELDS = ("position", "title", "url", "date", "anchor_text", "import_key")
STATEMENT_FIELDS = ("text", "is_true", "explanation", "origin", "is_approved")
FAMILY_FIELDS = ("slug", "name", "origin", "note", "position")
TECHNIQUE_FIELDS = ("slug", "name", "definition", "cues", "example", "position")
EXAMPLE_FIELDS = ("text", "explanation", "is_published", "position")
TAG_FIELDS = ("technique", "role", "rationale")
POOL_FIELDS = ("kind", "half", "text", "is_true", "technique", "topic", "explanation", "is_published", "position")
LOAD_REASON = gettext_noop("Loaded from a content export")  # in history, in the site's language (site_reason)


class ContentFileError(ValueError):
    """The export file is not usable; the message names the place in the file."""


@dataclass(frozen=True)
class SectionPart:
    """Data another app keeps per section, carried in each section's entry of the export under ``key``.

    Content never imports the apps that build on it; they register a part instead (in their
    ``AppConfig.ready()``), and the export and import call it:

    - ``export()`` returns every section's value, JSON-ready and always in the same order, by section id;
      a section it has no value for gets no ``key``.
    - ``load(section, value, where)`` writes one section's value from the file, after the section and
      its claims, and returns how many rows it loaded (counted under ``key``). It raises
      ContentFileError with a message starting with ``where`` (e.g. ``documents[0].sections[2].quizzes``)
      for anything it refuses, and the whole import is rolled back. A section entry without ``key``
      (a file from before the part existed) is not passed to it: what is in the database stays.
    """

    key: str
    export: Callable[[], Mapping[int, Any]]
    load: Callable[[Section, Any, str], int]


_section_parts: dict[str, SectionPart] = {}


def register_section_part(part: SectionPart) -> None:
    """Carry `part` in every section of the export and the import (registering the same part again is harmless)."""
    if part.key in (*SECTION_FIELDS, "claims"):
        raise ValueError(f"{part.key!r} is already a key of a section's entry")
    if _section_parts.get(part.key, part) != part:
        raise ValueError(f"another section part is registered as {part.key!r}")
    _section_parts[part.key] = part


_document_parts: dict[str, SectionPart] = {}


def register_document_part(part: SectionPart) -> None:
    """Carry `part` in every document's entry, as a section part is in each section's: ``export()`` by document
    id, ``load(document, value, where)`` after the document's sections (the technique quiz across a document)."""
    if part.key in (*DOCUMENT_FIELDS, "sections"):
        raise ValueError(f"{part.key!r} is already a key of a document's entry")
    if _document_parts.get(part.key, part) != part:
        raise ValueError(f"another document part is registered as {part.key!r}")
    _document_parts[part.key] = part


def document_parts() -> list[SectionPart]:
    return sorted(_document_parts.values(), key=lambda part: part.key)


def section_parts() -> list[SectionPart]:
    """The registered parts, in the order their keys appear in a section's entry."""
    return sorted(_section_parts.values(), key=lambda part: part.key)


def _values(obj, names) -> dict:
    out = {}
    for name in names:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


def content_export() -> str:
    """Every document with its sections, claims, rebuttals, references and statements, as JSON text.

    Each section also carries what the registered section parts give (quiz settings, from the quiz app).
    Keys and rows come in a fixed order and no database ids or timestamps are written, so the
    same content always gives the same bytes.
    """
    claims = (
        Claim.objects.select_related("rebuttal", "section")
        .prefetch_related("references", "statements", "technique_tags__technique")
        .order_by("section_id", "position")
    )
    claims_by_section: dict[int, list] = {}
    for claim in claims:
        rebuttal = getattr(claim, "rebuttal", None)
        entry = _values(claim, CLAIM_FIELDS)
        entry["rebuttal"] = _values(rebuttal, REBUTTAL_FIELDS) if rebuttal is not None else None
        entry["references"] = [
            _values(r, REFERENCE_FIELDS) for r in sorted(claim.references.all(), key=lambda r: r.position)
        ]
        entry["statements"] = [
            _values(s, STATEMENT_FIELDS) for s in sorted(claim.statements.all(), key=lambda s: (not s.is_true, s.text))
        ]
        tags = sorted(
            claim.technique_tags.all(), key=lambda t: (t.role != ClaimTechnique.Role.PRIMARY, t.technique.slug)
        )
        if tags:  # a file from before techniques, and claims without any, stay as they were
            entry["techniques"] = [
                {"technique": t.technique.slug, "role": t.role, "rationale": t.rationale} for t in tags
            ]
        claims_by_section.setdefault(claim.section_id, []).append(entry)

    documents = []
    parts = [(part.key, part.export()) for part in section_parts()]
    sections = Section.objects.order_by("document_id", "position")
    sections_by_document: dict[int, list] = {}
    for section in sections:
        entry = _values(section, SECTION_FIELDS)
        for key, values in parts:
            if section.pk in values:
                entry[key] = values[section.pk]
        entry["claims"] = claims_by_section.get(section.pk, [])
        sections_by_document.setdefault(section.document_id, []).append(entry)
    document_values = [(part.key, part.export()) for part in document_parts()]
    for document in SourceDocument.objects.order_by("slug"):
        entry = _values(document, DOCUMENT_FIELDS)
        for key, values in document_values:
            if document.pk in values:
                entry[key] = values[document.pk]
        entry["sections"] = sections_by_document.get(document.pk, [])
        documents.append(entry)
    data = {"format": FORMAT, "version": VERSION}
    if families := _techniques_export():
        data["technique_families"] = families
    data["documents"] = documents
    if pool := _pool_export():
        data["held_out_pool"] = pool
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _pool_export() -> list[dict]:
    """The held-out pool: technique by slug, topic as [document slug, section slug]."""
    items = HeldOutItem.objects.select_related("technique", "topic__document")
    items = items.order_by("half", "kind", "position", "text")
    return [
        {
            "kind": item.kind,
            "half": item.half,
            "text": item.text,
            "is_true": item.is_true,
            "technique": item.technique.slug if item.technique else None,
            "topic": [item.topic.document.slug, item.topic.slug] if item.topic else None,
            "explanation": item.explanation,
            "is_published": item.is_published,
            "position": item.position,
        }
        for item in items
    ]


def _techniques_export() -> list[dict]:
    """Technique families, their techniques and each technique's transfer examples, in a fixed order."""
    techniques = Technique.objects.prefetch_related("examples").order_by("family_id", "position", "slug")
    by_family: dict[int, list] = {}
    for technique in techniques:
        entry = _values(technique, TECHNIQUE_FIELDS)
        entry["examples"] = [
            _values(e, EXAMPLE_FIELDS) for e in sorted(technique.examples.all(), key=lambda e: (e.position, e.text))
        ]
        by_family.setdefault(technique.family_id, []).append(entry)
    out = []
    for family in TechniqueFamily.objects.order_by("position", "slug"):
        entry = _values(family, FAMILY_FIELDS)
        entry["techniques"] = by_family.get(family.pk, [])
        out.append(entry)
    return out


def require_fields(entry, names, where) -> dict:
    """The named values of a file's entry; ContentFileError naming `where` if it is no object or lacks one."""
    if not isinstance(entry, dict):
        raise ContentFileError(_("%(where)s: expected an object") % {"where": where})
    missing = [name for name in names if name not in entry]
    if missing:
        # Translators: %(fields)s are the file's field names: they stay as they are.
        raise ContentFileError(_("%(where)s: missing %(fields)s") % {"where": where, "fields": ", ".join(missing)})
    return {name: entry[name] for name in names}


def _list(entry, key, where) -> list:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise ContentFileError(_("%(where)s: expected a list") % {"where": f"{where}.{key}"})
    return value


def check_fields(obj, where) -> None:
    """Validate `obj` as a form would (full_clean); ContentFileError as "where: field: message; …" if it fails."""
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
        raise ContentFileError(_("%(where)s: %(problems)s") % {"where": where, "problems": details}) from None


def save_checked(obj, where, reason=None) -> None:
    """Validate and save `obj`, with `reason` in its history (default: LOAD_REASON, in the site's language);
    ContentFileError naming `where` if either fails."""
    check_fields(obj, where)
    obj._change_reason = reason or site_reason(LOAD_REASON)
    try:
        obj.save()
    except IntegrityError as exc:
        raise ContentFileError(
            _("%(where)s: conflicts with content already in the database (%(error)s)") % {"where": where, "error": exc}
        ) from None


def _upsert(model, lookup: dict, values: dict, where: str, reason: str):
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    save_checked(obj, where, reason)
    return obj


def content_import(text: str, *, skip_existing: bool = False, withdraw_missing: bool = False) -> dict[str, int]:
    """Load an export in one transaction, matching rows by their slugs; returns counts per kind.

    With ``skip_existing`` a document whose slug is already in the database is left untouched.
    Published claims and sections must meet the publishing rules (`content.publishing`), as in the
    admin. With ``withdraw_missing`` an approved statement of an imported claim that the file does not list
    is unapproved (kept, with its history), so quizzes use exactly the file's statement bank. Each section's
    registered parts (`SectionPart`, e.g. quiz settings) load what the file has under their key.
    Anything malformed raises ContentFileError and changes nothing.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentFileError(
            # Translators: %(error)s is Python's own description of the JSON error, in English.
            _("line %(line)d: not valid JSON (%(error)s)") % {"line": exc.lineno, "error": exc.msg}
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ContentFileError(
            _('not a FactsQuiz content export (expected "format": "%(format)s")') % {"format": FORMAT}
        )
    if data.get("version") != VERSION:
        raise ContentFileError(
            _("unsupported version %(version)r; this FactsQuiz reads version %(supported)d")
            % {"version": data.get("version"), "supported": VERSION}
        )

    counts = {
        "documents": 0,
        "skipped documents": 0,
        "sections": 0,
        "claims": 0,
        "statements": 0,
        "withdrawn statements": 0,
        "references": 0,
        "techniques": 0,
        "technique examples": 0,
        "technique tags": 0,
        "held-out items": 0,
        **{part.key: 0 for part in section_parts()},
        **{part.key: 0 for part in document_parts()},
    }
    reason = site_reason(LOAD_REASON)
    with transaction.atomic():
        techniques = _import_techniques(data, counts, reason)
        for d, doc_entry in enumerate(_list(data, "documents", "file")):
            where = f"documents[{d}]"
            values = require_fields(doc_entry, [name for name in DOCUMENT_FIELDS if name != "language"], where)
            values["language"] = doc_entry.get("language", "en")  # files exported before documents had one
            if skip_existing and SourceDocument.objects.filter(slug=values["slug"]).exists():
                counts["skipped documents"] += 1
                continue
            document = _upsert(SourceDocument, {"slug": values.pop("slug")}, values, where, reason)
            counts["documents"] += 1
            for s, section_entry in enumerate(_list(doc_entry, "sections", where)):
                swhere = f"{where}.sections[{s}]"
                values = require_fields(section_entry, SECTION_FIELDS, swhere)
                section = _upsert(Section, {"document": document, "slug": values.pop("slug")}, values, swhere, reason)
                counts["sections"] += 1
                for c, claim_entry in enumerate(_list(section_entry, "claims", swhere)):
                    cwhere = f"{swhere}.claims[{c}]"
                    claim, texts = _import_claim(section, claim_entry, cwhere, reason, counts)
                    if "techniques" in claim_entry:
                        counts["technique tags"] += _import_tags(claim, claim_entry, techniques, cwhere, reason)
                    if withdraw_missing:
                        counts["withdrawn statements"] += _withdraw(claim, texts)
                    if claim.is_published and (problems := publishing.claim_problems(claim)):
                        raise ContentFileError(
                            # Translators: %(problems)s lists why, e.g. "it needs at least one approved true statement".
                            _("%(where)s: the claim is published, but %(problems)s")
                            % {"where": cwhere, "problems": "; ".join(problems)}
                        )
                if section.is_published and (problems := publishing.section_problems(section)):
                    raise ContentFileError(
                        _("%(where)s: the section is published, but %(problems)s")
                        % {"where": swhere, "problems": "; ".join(problems)}
                    )
                for part in section_parts():
                    if part.key in section_entry:
                        counts[part.key] += part.load(section, section_entry[part.key], f"{swhere}.{part.key}")
            for part in document_parts():
                if part.key in doc_entry:
                    counts[part.key] += part.load(document, doc_entry[part.key], f"{where}.{part.key}")
        counts["held-out items"] = _import_pool(data, techniques, reason)
    return counts


def _import_pool(data: dict, techniques: dict[str, Technique], reason: str) -> int:
    """Load the file's held-out pool, items matched by their text."""
    loaded = 0
    for i, entry in enumerate(_list(data, "held_out_pool", "file")):
        where = f"held_out_pool[{i}]"
        values = require_fields(entry, POOL_FIELDS, where)
        slug = values.pop("technique")
        if slug is not None and (not isinstance(slug, str) or slug not in techniques):
            raise ContentFileError(_("%(where)s: no technique with the slug %(slug)r") % {"where": where, "slug": slug})
        topic = values.pop("topic")
        section = None
        if topic is not None:
            if not (isinstance(topic, list) and len(topic) == 2 and all(isinstance(t, str) for t in topic)):
                raise ContentFileError(
                    _("%(where)s: expected [document slug, section slug] or null") % {"where": f"{where}.topic"}
                )
            section = Section.objects.filter(document__slug=topic[0], slug=topic[1]).first()
            if section is None:
                raise ContentFileError(
                    _("%(where)s: no section %(section)r in document %(document)r")
                    % {"where": f"{where}.topic", "section": topic[1], "document": topic[0]}
                )
        values.update(technique=techniques.get(slug) if slug else None, topic=section)
        kind = values.get("kind")
        if (kind == "statement") != (values["is_true"] is not None) or (kind == "technique") != bool(slug):
            raise ContentFileError(
                # Translators: is_true is the file's field name: it stays as it is.
                _("%(where)s: a statement needs is_true and no technique; a technique item the reverse")
                % {"where": where}
            )
        _upsert(HeldOutItem, {"text": values.pop("text")}, values, where, reason)
        loaded += 1
    return loaded


def _import_claim(section, entry, where, reason, counts):
    values = require_fields(entry, CLAIM_FIELDS, where)
    claim = _upsert(Claim, {"section": section, "slug": values.pop("slug")}, values, where, reason)
    counts["claims"] += 1
    rebuttal_entry = entry.get("rebuttal")
    if rebuttal_entry is not None:
        rwhere = f"{where}.rebuttal"
        _upsert(Rebuttal, {"claim": claim}, require_fields(rebuttal_entry, REBUTTAL_FIELDS, rwhere), rwhere, reason)
    for r, ref_entry in enumerate(_list(entry, "references", where)):
        fwhere = f"{where}.references[{r}]"
        values = require_fields(ref_entry, REFERENCE_FIELDS, fwhere)
        _upsert(Reference, {"claim": claim, "position": values.pop("position")}, values, fwhere, reason)
        counts["references"] += 1
    texts = set()
    for i, statement_entry in enumerate(_list(entry, "statements", where)):
        swhere = f"{where}.statements[{i}]"
        values = require_fields(statement_entry, STATEMENT_FIELDS, swhere)
        texts.add(values["text"])
        _upsert(Statement, {"claim": claim, "text": values.pop("text")}, values, swhere, reason)
        counts["statements"] += 1
    return claim, texts


def _import_techniques(data: dict, counts: dict, reason: str) -> dict[str, Technique]:
    """Load the file's technique families, techniques and examples (matched by slug, examples by text).

    Returns every technique in the database by slug, for the claims' tags.
    """
    for f, family_entry in enumerate(_list(data, "technique_families", "file")):
        where = f"technique_families[{f}]"
        values = require_fields(family_entry, FAMILY_FIELDS, where)
        family = _upsert(TechniqueFamily, {"slug": values.pop("slug")}, values, where, reason)
        for t, technique_entry in enumerate(_list(family_entry, "techniques", where)):
            twhere = f"{where}.techniques[{t}]"
            values = require_fields(technique_entry, TECHNIQUE_FIELDS, twhere)
            technique = _upsert(Technique, {"slug": values.pop("slug")}, {**values, "family": family}, twhere, reason)
            counts["techniques"] += 1
            for e, example_entry in enumerate(_list(technique_entry, "examples", twhere)):
                ewhere = f"{twhere}.examples[{e}]"
                values = require_fields(example_entry, EXAMPLE_FIELDS, ewhere)
                lookup = {"text": values.pop("text")}
                _upsert(TechniqueExample, lookup, {**values, "technique": technique}, ewhere, reason)
                counts["technique examples"] += 1
    return {technique.slug: technique for technique in Technique.objects.all()}


def _import_tags(claim: Claim, entry: dict, techniques: dict[str, Technique], where: str, reason: str) -> int:
    """Give the claim exactly the file's techniques (a listed claim's other tags are removed, with history)."""
    wanted: dict[int, dict] = {}
    for i, tag_entry in enumerate(_list(entry, "techniques", where)):
        twhere = f"{where}.techniques[{i}]"
        values = require_fields(tag_entry, TAG_FIELDS, twhere)
        technique = techniques.get(values["technique"]) if isinstance(values["technique"], str) else None
        if technique is None:
            raise ContentFileError(
                _("%(where)s: no technique with the slug %(slug)r") % {"where": twhere, "slug": values["technique"]}
            )
        if technique.pk in wanted:
            raise ContentFileError(
                _("%(where)s: %(slug)r is listed twice for this claim") % {"where": twhere, "slug": technique.slug}
            )
        wanted[technique.pk] = {"role": values["role"], "rationale": values["rationale"], "where": twhere}
    roles = [v["role"] for v in wanted.values()]
    if roles.count(ClaimTechnique.Role.PRIMARY) > 1:
        raise ContentFileError(_("%(where)s: a claim has one primary technique") % {"where": f"{where}.techniques"})
    if roles.count(ClaimTechnique.Role.SECONDARY) > ClaimTechnique.MAX_SECONDARY:
        raise ContentFileError(
            _("%(where)s: a claim has at most %(count)d secondary")
            % {"where": f"{where}.techniques", "count": ClaimTechnique.MAX_SECONDARY}
        )
    for tag in claim.technique_tags.exclude(technique_id__in=wanted):
        tag._change_reason = reason
        tag.delete()
    # Demote first, so a primary moving to another technique never meets the one-primary rule half-way.
    claim.technique_tags.filter(technique_id__in=wanted).update(role=ClaimTechnique.Role.SECONDARY)
    for technique_id, values in sorted(wanted.items(), key=lambda kv: kv[1]["role"] == ClaimTechnique.Role.PRIMARY):
        where_tag = values.pop("where")
        _upsert(ClaimTechnique, {"claim": claim, "technique_id": technique_id}, values, where_tag, reason)
    return len(wanted)


def _withdraw(claim: Claim, keep: set[str]) -> int:
    """Unapprove the claim's approved statements that are not in `keep`, one by one so history records it."""
    withdrawn = 0
    for statement in claim.statements.filter(is_approved=True).exclude(text__in=keep):
        statement.is_approved = False
        statement.reviewed_by, statement.reviewed_at = None, None  # as the admin does when unapproving
        statement._change_reason = site_reason(gettext_noop("Withdrawn: not in the imported statement bank"))
        statement.save(update_fields=["is_approved", "reviewed_by", "reviewed_at", "updated_at"])
        withdrawn += 1
    return withdrawn
