"""Writes to content: importing a "Claim:/Fact:" text document or a ClaimReview feed, from a file or an upload.

Every import ends in `parsed_import`: one transaction around the importer (`content.importer`), whose
report (`content.import_report`) says what it did.
"""

from pathlib import Path

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content.history import site_gettext, site_reason
from content.import_report import ImportReport
from content.importer import Importer
from content.models import SourceDocument
from content.parsed import ParsedDocument
from content.parsing import MAX_FILE_BYTES, DocumentError, decode, parse_document


def too_large(size: int) -> DocumentError:
    return DocumentError(
        _("the file is %(size)s MB; a file to import may be at most %(limit)d MB")
        % {"size": formats.number_format(round(size / 1_048_576, 1), 1), "limit": MAX_FILE_BYTES // 1_048_576}
    )


def source_read(
    *, path: str | Path | None = None, content: str | bytes | None = None, name: str | None = None
) -> tuple[str | bytes, str]:
    """What to import, from a file (``path``) or given (``content``: text or bytes, e.g. an upload), with
    the name history records; refuses a missing or unreadable file and anything over MAX_FILE_BYTES."""
    if (path is None) == (content is None):
        raise TypeError("give either path or content")
    if content is not None:
        size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            raise too_large(size)
        return content, name or site_gettext(gettext_noop("an uploaded file"))
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise too_large(path.stat().st_size)
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # never more, whatever the file claims to hold
    except FileNotFoundError:
        raise DocumentError(_("no such file: %(path)s") % {"path": path}) from None
    except OSError as exc:
        raise DocumentError(_("cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}) from None
    if len(raw) > MAX_FILE_BYTES:
        raise too_large(len(raw))
    return raw, name or path.name


def document_read(path: str | Path | None = None, *, content: str | bytes | None = None) -> ParsedDocument:
    """Read and parse a text document; raises DocumentError for a missing, unreadable or malformed file."""
    data, _ = source_read(path=path, content=content)
    return parse_document(decode(data) if isinstance(data, bytes) else data)


def parsed_import(
    parsed: ParsedDocument,
    *,
    source_name: str,
    dry_run: bool = False,
    force: bool = False,
    slug: str | None = None,
    metadata: dict | None = None,
    partial: bool = False,
) -> tuple[SourceDocument, ImportReport]:
    """Apply a parsed document in one transaction (rolled back for ``dry_run``); every importer ends here.

    Rows an editor changed since the last import are left alone unless ``force``; ``partial``: see Importer.run.
    ``metadata`` sets document fields the source does not carry (publisher, year, url, attribution, language).
    """
    report = ImportReport(dry_run=dry_run, warnings=list(parsed.warnings))
    with transaction.atomic():
        importer = Importer(report=report, force=force, source_name=source_name, partial=partial)
        document = importer.run(parsed, slug=slug)
        changed = {k: v for k, v in (metadata or {}).items() if v not in (None, "") and getattr(document, k) != v}
        if changed:
            for name, value in changed.items():
                setattr(document, name, value)
            document._change_reason = site_reason(gettext_noop("Document details set on import"))
            document.save()
        SourceDocument.objects.filter(pk=document.pk).update(
            source_file=source_name[:300], last_imported_at=timezone.now()
        )
        if dry_run:
            transaction.set_rollback(True)
    return document, report


def document_import(
    *,
    path: str | Path | None = None,
    content: str | bytes | None = None,
    name: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    slug: str | None = None,
    metadata: dict | None = None,
) -> tuple[SourceDocument, ImportReport]:
    """Import (or re-import) a "Claim:/Fact:" text document from ``path`` or ``content`` (text or bytes).

    ``name`` is what history records it as imported from (default: the file's name). One transaction;
    ``dry_run`` reports without keeping anything; rows an editor changed are left alone unless ``force``.
    ``metadata`` sets document fields the text format does not carry (publisher, year, url, attribution).
    """
    data, source_name = source_read(path=path, content=content, name=name)
    parsed = parse_document(decode(data) if isinstance(data, bytes) else data)
    return parsed_import(parsed, source_name=source_name, dry_run=dry_run, force=force, slug=slug, metadata=metadata)
