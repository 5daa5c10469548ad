"""Export all content to a stable JSON file (reviewed content, backups, moves), with the parts other apps add to it.

The file's format is defined here, with the checks every load shares (`require_fields`, `check_fields`,
`save_checked`); `content.transfer_import` loads a file back.
"""

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content.history import site_reason
from content.models import Claim, ClaimTechnique, HeldOutItem, Section, SourceDocument, Technique, TechniqueFamily

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
