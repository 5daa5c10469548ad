"""Load a content export back in one transaction, rows matched by their slugs; a malformed file changes nothing."""

import json

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content import publishing
from content.history import site_reason
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
from content.transfer import (
    CLAIM_FIELDS,
    DOCUMENT_FIELDS,
    EXAMPLE_FIELDS,
    FAMILY_FIELDS,
    FORMAT,
    LOAD_REASON,
    POOL_FIELDS,
    REBUTTAL_FIELDS,
    REFERENCE_FIELDS,
    SECTION_FIELDS,
    STATEMENT_FIELDS,
    TAG_FIELDS,
    TECHNIQUE_FIELDS,
    VERSION,
    ContentFileError,
    document_parts,
    require_fields,
    save_checked,
    section_parts,
)


def _list(entry, key, where) -> list:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise ContentFileError(_("%(where)s: expected a list") % {"where": f"{where}.{key}"})
    return value


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
