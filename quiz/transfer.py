"""Each section's quiz settings in the content export, as a section part of `content.transfer`."""

from django.utils.translation import gettext as _

from content.models import Section
from content.transfer import ContentFileError, SectionPart, check_fields, require_fields, save_checked
from quiz.models import Quiz

QUIZ_FIELDS = (
    "kind",
    "item_count",
    "matching_set_size",
    "pass_mark",
    "min_discernment",
    "feedback",
    "time_limit_minutes",
    "asks_certainty",
    "is_published",
)
OPTIONAL_FIELDS = ("example_count",)  # newer than the format: a file without it keeps the quiz's value


def quiz_settings_export() -> dict[int, list[dict]]:
    """Every section's quizzes by section id, ordered by kind; quizzes of deleted sections are not content."""
    settings: dict[int, list[dict]] = {}
    fields = (*QUIZ_FIELDS, *OPTIONAL_FIELDS)
    rows = Quiz.objects.filter(section__isnull=False).order_by("section_id", "kind").values("section_id", *fields)
    for row in rows:
        settings.setdefault(row["section_id"], []).append({name: row[name] for name in fields})
    return settings


def document_quiz_settings_export() -> dict[int, list[dict]]:
    """Every document's quizzes across all its sections (the technique quiz), by document id."""
    settings: dict[int, list[dict]] = {}
    fields = (*QUIZ_FIELDS, *OPTIONAL_FIELDS)
    rows = Quiz.objects.filter(section=None, document__isnull=False).order_by("document_id", "kind")
    for row in rows.values("document_id", *fields):
        settings.setdefault(row["document_id"], []).append({name: row[name] for name in fields})
    return settings


def document_quiz_settings_load(document, entries, where: str) -> int:
    """Set the quizzes across the document as the file lists them (only technique quizzes are made per document)."""
    return _load(entries, where, lookup={"section": None, "document": document}, kinds=[Quiz.Kind.TECHNIQUE])


def quiz_settings_load(section: Section, entries, where: str) -> int:
    """Set the section's quizzes as the file lists them (matched by kind); a kind it leaves out keeps its settings.

    A quiz whose settings are already as listed is not saved again, so a re-import adds no history row.
    """
    return _load(entries, where, lookup={"section": section}, kinds=Quiz.Kind.values)


def _load(entries, where: str, *, lookup: dict, kinds) -> int:
    if not isinstance(entries, list):
        raise ContentFileError(_("%(where)s: expected a list") % {"where": where})
    seen: list[str] = []
    for i, entry in enumerate(entries):
        qwhere = f"{where}[{i}]"
        values = require_fields(entry, QUIZ_FIELDS, qwhere)
        values.update({name: entry[name] for name in OPTIONAL_FIELDS if name in entry})
        kind = values.pop("kind")
        if kind not in kinds:
            raise ContentFileError(
                # Translators: "kind" is the file's field name and the kinds are its values: keep them as they are.
                _("%(where)s: kind: %(kind)r is not a kind of quiz here (%(kinds)s)")
                % {"where": qwhere, "kind": kind, "kinds": ", ".join(kinds)}
            )
        if kind in seen:
            raise ContentFileError(
                _("%(where)s: kind: a second %(kind)s quiz; there is one quiz of each kind")
                % {"where": qwhere, "kind": kind}
            )
        seen.append(kind)
        quiz = Quiz.objects.filter(**lookup, kind=kind).first() or Quiz(**lookup, kind=kind)
        before = None if quiz._state.adding else [getattr(quiz, name) for name in values]
        for name, value in values.items():
            setattr(quiz, name, value)
        check_fields(quiz, qwhere)  # also turns the file's values into the fields' types, for the comparison
        if [getattr(quiz, name) for name in values] != before:
            save_checked(quiz, qwhere)
    return len(entries)


QUIZ_SETTINGS = SectionPart(key="quizzes", export=quiz_settings_export, load=quiz_settings_load)
DOCUMENT_QUIZ_SETTINGS = SectionPart(
    key="quizzes", export=document_quiz_settings_export, load=document_quiz_settings_load
)
