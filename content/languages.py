"""The language of each piece of content, for `lang` attributes: a document's own, inherited by its sections, claims
and their texts; technique texts and the held-out pool in CONTENT_LANGUAGE. Kept in memory, read again on a change."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils import translation


@dataclass(frozen=True)
class ContentLanguages:
    documents: dict[int, str]  # document id -> language tag
    sections: dict[int, int]  # section id -> document id
    claims: dict[int, int]  # claim id -> section id

    def of(self, item) -> str:
        """The language tag of ``item``: a tag itself, a document, a section, a claim, a quiz or anything with a
        `claim_id` (statements, rebuttals, references); CONTENT_LANGUAGE for the rest (techniques, the pool)."""
        if isinstance(item, str):
            return item
        language = getattr(item, "language", None)
        if isinstance(language, str) and language:
            return language
        document_id = getattr(item, "document_id", None)
        section_id = getattr(item, "section_id", None)
        claim_id = getattr(item, "claim_id", None)
        if document_id is None and section_id is None and claim_id is not None:
            section_id = self.claims.get(claim_id)
        if document_id is None and section_id is not None:
            document_id = self.sections.get(section_id)
        return self.documents.get(document_id) or settings.CONTENT_LANGUAGE


_known: ContentLanguages | None = None
_read_at = 0.0
# Another process's change (an editor's, in another worker) reaches this one within this many seconds.
REFRESH_SECONDS = 60


def content_languages() -> ContentLanguages:
    """The map (three small queries when it is read: after a start, a change, or REFRESH_SECONDS)."""
    if _known is None or time.monotonic() - _read_at > REFRESH_SECONDS:
        refresh()
    return _known


def refresh(**kwargs) -> None:
    """Read the map again; run at once when this process saves or deletes a document, section or claim, so a
    page never costs the queries (an import that saves 30 claims reads it 30 times: 90 tiny queries)."""
    global _known, _read_at
    from content.models import Claim, Section, SourceDocument

    _known = ContentLanguages(
        documents=dict(SourceDocument.objects.values_list("pk", "language")),
        sections=dict(Section.objects.values_list("pk", "document_id")),
        claims=dict(Claim.objects.values_list("pk", "section_id")),
    )
    _read_at = time.monotonic()


def differs(tag: str, interface: str | None = None) -> bool:
    """Whether text in ``tag`` needs its own `lang` inside a page in ``interface`` (default: the active language):
    their primary languages differ ("en" inside "en-gb" does not)."""
    interface = interface or translation.get_language() or settings.LANGUAGE_CODE
    return tag.split("-")[0].lower() != interface.split("-")[0].lower()


def connect_signals() -> None:
    from content.models import Claim, Section, SourceDocument

    for model in (SourceDocument, Section, Claim):
        post_save.connect(refresh, sender=model, dispatch_uid=f"content-languages-saved-{model.__name__}")
        post_delete.connect(refresh, sender=model, dispatch_uid=f"content-languages-deleted-{model.__name__}")
