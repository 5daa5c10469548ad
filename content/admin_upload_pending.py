"""A previewed upload, kept until confirmed: its bytes in the shared cache, what it is in the uploader's session."""

import hashlib
import json
import time
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content.import_report import ImportReport
from content.models import SourceDocument

PENDING_SECONDS = 60 * 60  # how long a previewed file waits for its confirmation
PENDING_PER_SESSION = 3  # previews open at once (another tab, say); older ones are dropped
SESSION_KEY = "content_uploads"


@dataclass
class Pending:
    """A previewed upload: what it was and how to import it. The bytes wait in the shared cache under the
    token (so any app process can confirm it); the session holds this, so only its uploader can confirm."""

    token: str
    name: str
    kind: str
    detected: bool
    options: dict
    digest: str
    fingerprint: str  # what the preview said the import would do (see `fingerprint`)
    stored_at: float

    @property
    def cache_key(self) -> str:
        return f"content-upload:{self.token}"


class UploadGone(Exception):
    """The confirmed upload cannot be imported as previewed; the message says why and what to do."""


class PreviewOutdated(Exception):
    """The content changed since the preview, so the import would not do what the editor saw."""

    def __init__(self, document: SourceDocument, report: ImportReport):
        super().__init__("the content changed since the preview")
        self.document, self.report = document, report


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(report: ImportReport) -> str:
    """A digest of every row and outcome: the same file on the same content gives the same fingerprint."""
    rows = [(r.kind, r.outcome, r.label, r.line, r.place, r.detail) for r in report.rows]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def pending_store(request, pending: Pending, data: bytes) -> None:
    cache.set(pending.cache_key, data, PENDING_SECONDS)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[pending.token] = asdict(pending)
    for token in sorted(uploads, key=lambda t: uploads[t]["stored_at"])[:-PENDING_PER_SESSION]:
        cache.delete(Pending(**uploads.pop(token)).cache_key)
    request.session[SESSION_KEY] = uploads


def pending_discard(request, pending: Pending) -> None:
    cache.delete(pending.cache_key)
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(pending.token, None)
    request.session[SESSION_KEY] = uploads


def pending_take(request, token: str) -> tuple[Pending, bytes]:
    """The previewed upload and its bytes, exactly as previewed; raises UploadGone (and drops it) otherwise."""
    stored = request.session.get(SESSION_KEY, {}).get(token)
    if stored is None:
        raise UploadGone(
            _(
                "This preview is no longer open (it expired, was replaced by newer uploads, or was made in another "
                "session). Nothing was imported: upload the file again."
            )
        )
    pending = Pending(**stored)
    data = cache.get(pending.cache_key)
    if data is None or time.time() - pending.stored_at > PENDING_SECONDS:
        pending_discard(request, pending)
        raise UploadGone(
            ngettext(
                "The upload of “%(file)s” expired: a previewed file is kept for %(minutes)d minute. "
                "Nothing was imported: upload the file again.",
                "The upload of “%(file)s” expired: a previewed file is kept for %(minutes)d minutes. "
                "Nothing was imported: upload the file again.",
                PENDING_SECONDS // 60,
            )
            % {"file": pending.name, "minutes": PENDING_SECONDS // 60}
        )
    if file_digest(data) != pending.digest:
        pending_discard(request, pending)
        raise UploadGone(
            _("The file kept for “%(file)s” is not the one you previewed. Nothing was imported: upload it again.")
            % {"file": pending.name}
        )
    return pending, data
