"""The admin's upload page: a text document or ClaimReview feed, previewed as a dry run, imported on confirm."""

import hashlib
import json
import secrets
import time
from dataclasses import asdict, dataclass

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from content.admin_parts import shortened, with_content
from content.claimreview import claimreview_import
from content.models import SourceDocument
from content.parsing import MAX_FILE_BYTES, MAX_HEADING, DocumentError
from content.services import (
    CREATED,
    LEFT_IN_PLACE,
    SKIPPED,
    UNCHANGED,
    UNPUBLISHED,
    UPDATED,
    ImportReport,
    document_import,
    too_large,
)

DETECT, TEXT, CLAIMREVIEW = "detect", "text", "claimreview"
FORMAT_NAMES = {
    TEXT: gettext_lazy("a “Claim:/Fact:” text document"),
    CLAIMREVIEW: gettext_lazy("a ClaimReview JSON feed"),
}
# Everything an import may add or change; editors and superusers hold all of these.
IMPORTED_MODELS = ("sourcedocument", "section", "claim", "rebuttal", "reference", "statement")
PENDING_SECONDS = 60 * 60  # how long a previewed file waits for its confirmation
PENDING_PER_SESSION = 3  # previews open at once (another tab, say); older ones are dropped
SESSION_KEY = "content_uploads"
ROWS_SHOWN = 500  # per table; the counts cover every row
OUTDATED = gettext_lazy(
    "The content changed since your preview (someone edited or imported it), so nothing was imported. "
    "Here is the new preview: check it and confirm again."
)
KIND_NAMES = {
    "documents": gettext_lazy("Document"),
    "sections": gettext_lazy("Section"),
    "claims": gettext_lazy("Claim"),
    "rebuttals": gettext_lazy("Rebuttal"),
    "references": gettext_lazy("Reference"),
    "statements": gettext_lazy("Statement"),
}
# Translators: what the import would do to a piece of content (a row of the preview).
WOULD = {
    CREATED: pgettext_lazy("content", "would be created"),
    UPDATED: pgettext_lazy("content", "would be updated"),
    UNCHANGED: pgettext_lazy("content", "unchanged"),
    SKIPPED: pgettext_lazy("content", "left alone because edited"),
    LEFT_IN_PLACE: pgettext_lazy("content", "left in place"),
    UNPUBLISHED: pgettext_lazy("content", "would be unpublished"),
}


def can_upload(user) -> bool:
    """Staff who may add and change everything an import writes: editors and superusers."""
    perms = [f"content.{action}_{model}" for model in IMPORTED_MODELS for action in ("add", "change")]
    return user.is_active and user.is_staff and user.has_perms(perms)


def starts_like_json(data: bytes) -> bool:
    return data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")


def detect_format(name: str, data: bytes) -> str:
    """ClaimReview for a .json file or one that starts like JSON; text for a .txt file and anything else."""
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    if suffix in ("json", "jsonld"):
        return CLAIMREVIEW
    if suffix in ("txt", "text"):
        return TEXT
    return CLAIMREVIEW if starts_like_json(data) else TEXT


# --- Forms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def file_help() -> str:
    return _(
        "A UTF-8 text file in the “Claim:/Fact:” format (.txt), or schema.org ClaimReview JSON-LD (.json), "
        "at most %(limit)d MB. Nothing is saved until you have seen the preview and confirmed."
    ) % {"limit": MAX_FILE_BYTES // 1_048_576}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File to import"),
        help_text=lazy(file_help, str)(),
        error_messages={
            "required": gettext_lazy("Choose a file to import."),
            "empty": gettext_lazy("The file is empty: choose the file that holds the document or feed."),
        },
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            (DETECT, gettext_lazy("Detect from the file")),
            (TEXT, gettext_lazy("“Claim:/Fact:” text")),
            (CLAIMREVIEW, gettext_lazy("ClaimReview JSON")),
        ],
        initial=DETECT,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Detect: a file ending in .json, or starting with { or [, is read as ClaimReview; any other as text."
        ),
    )
    slug = forms.SlugField(
        label=gettext_lazy("Document slug (text only)"),
        required=False,
        max_length=120,
        help_text=gettext_lazy(
            "The document to import into. Leave empty to use the slug made from the document’s title."
        ),
    )
    section = forms.CharField(
        label=gettext_lazy("Section (ClaimReview only)"),
        required=False,
        max_length=MAX_HEADING,
        help_text=gettext_lazy(
            "Put every claim of the feed in this section. Leave empty to use each review’s “about”, else the feed’s."
        ),
    )
    document = forms.ModelChoiceField(
        SourceDocument.objects.order_by("title"),
        to_field_name="slug",
        required=False,
        label=gettext_lazy("Document (ClaimReview only)"),
        empty_label=gettext_lazy("A document named after the feed"),
        help_text=gettext_lazy("An existing document keeps its title, and every section the feed does not name."),
    )
    force = forms.BooleanField(
        label=gettext_lazy("Force: overwrite content editors changed"),
        required=False,
        help_text=gettext_lazy(
            "Off (usually right): anything an editor changed since the last import is left alone, and the "
            "preview lists it. On: the file’s text replaces those changes (the history keeps the old text)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    def clean_file(self) -> Upload:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file was refused: %(problem)s. Nothing was imported; split it into smaller files.")
                % {"problem": too_large(upload.size)}
            )
        data = b"".join(upload.chunks())
        if not data.removeprefix(b"\xef\xbb\xbf").strip():
            raise ValidationError(_("The file is empty: choose the file that holds the document or feed."))
        return Upload(name=upload.name[:200], data=data)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None or "format" not in cleaned:
            return cleaned
        kind = cleaned["format"] if cleaned["format"] != DETECT else detect_format(upload.name, upload.data)
        cleaned["kind"] = kind
        if kind == TEXT:
            for name in ("section", "document"):
                if cleaned.get(name):
                    self.add_error(
                        name,
                        _(
                            "This file is read as a “Claim:/Fact:” text document, which names its own sections and "
                            "document: leave this empty."
                        ),
                    )
        elif cleaned.get("slug"):
            self.add_error(
                "slug",
                _(
                    "This file is read as a ClaimReview JSON feed: leave the slug empty and choose its document "
                    "below instead."
                ),
            )
        return cleaned

    def import_options(self) -> dict:
        """The import's keyword arguments besides the file itself."""
        cleaned = self.cleaned_data
        if cleaned["kind"] == TEXT:
            return {"slug": cleaned["slug"] or None, "force": cleaned["force"]}
        document = cleaned.get("document")
        return {
            "section": cleaned["section"] or None,
            "document": document.slug if document else None,
            "force": cleaned["force"],
        }


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", widget=forms.HiddenInput)


# --- The previewed file, kept between preview and confirmation ---------------------------------


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


# --- Importing ---------------------------------------------------------------------------------


def run_import(pending: Pending, data: bytes, *, dry_run: bool) -> tuple[SourceDocument, ImportReport]:
    importer = document_import if pending.kind == TEXT else claimreview_import
    return importer(content=data, name=pending.name, dry_run=dry_run, **pending.options)


def preview_upload(request, form: UploadForm) -> tuple[Pending, SourceDocument, ImportReport]:
    """Dry-run the form's file and keep it for the confirmation; DocumentError if the importer refuses it."""
    upload: Upload = form.cleaned_data["file"]
    pending = Pending(
        token=secrets.token_urlsafe(24),
        name=upload.name,
        kind=form.cleaned_data["kind"],
        detected=form.cleaned_data["format"] == DETECT,
        options=form.import_options(),
        digest=file_digest(upload.data),
        fingerprint="",
        stored_at=time.time(),
    )
    document, report = run_import(pending, upload.data, dry_run=True)
    pending.fingerprint = fingerprint(report)
    pending_store(request, pending, upload.data)
    return pending, document, report


def import_as_previewed(pending: Pending, data: bytes) -> tuple[SourceDocument, ImportReport]:
    """Import for real, in one transaction, and keep it only if it did what the preview said."""
    with transaction.atomic():
        document, report = run_import(pending, data, dry_run=False)
        if fingerprint(report) != pending.fingerprint:
            report.dry_run = True  # rolled back below: the report is now the fresh preview
            raise PreviewOutdated(document, report)
    return document, report


def refusal(exc: DocumentError, form: UploadForm) -> str:
    looks = CLAIMREVIEW if starts_like_json(form.cleaned_data["file"].data) else TEXT
    if looks == form.cleaned_data["kind"]:
        return _("The file was refused: %(problem)s. Nothing was imported; fix the file and upload it again.") % {
            "problem": exc
        }
    choice = dict(form.fields["format"].choices)[looks]
    if looks == CLAIMREVIEW:
        message = _(
            "The file was refused: %(problem)s. Nothing was imported; fix the file and upload it again. "
            "It looks like a ClaimReview JSON feed: choose the format “%(choice)s”."
        )
    else:
        message = _(
            "The file was refused: %(problem)s. Nothing was imported; fix the file and upload it again. "
            "It looks like a “Claim:/Fact:” text document: choose the format “%(choice)s”."
        )
    return message % {"problem": exc, "choice": choice}


def success_message(document: SourceDocument, report: ImportReport, pending: Pending) -> str:
    lines = report.lines()
    more = len(lines) - 8
    shown = lines[:8] + (
        [ngettext("and %(count)d more note", "and %(count)d more notes", more) % {"count": more}] if more > 0 else []
    )
    title = shortened(document.title, None, of=document)  # in the span of its language, if not the interface's
    return format_html(
        '{}<br>{}<a href="{}">{}</a>',
        with_content(_("Imported “%(title)s” from %(file)s:"), title=title, file=pending.name),
        format_html_join("", "{}<br>", ((line,) for line in shown)),
        reverse("admin:content_sourcedocument_change", args=[document.pk]),
        with_content(_("Open the document “%(title)s”"), title=title),
    )


# --- Pages -------------------------------------------------------------------------------------


def page_context(request, model_admin, **more) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, **more}


def form_page(request, model_admin, form: UploadForm, *, status: int = 200) -> TemplateResponse:
    context = page_context(request, model_admin, title=_("Upload a document"), form=form)
    return TemplateResponse(request, "admin/content/sourcedocument/upload_form.html", context, status=status)


def preview_row(row) -> dict:
    return {
        "where": row.where,
        "kind": KIND_NAMES.get(row.kind, row.kind),
        "label": row.label,
        "outcome": row.outcome,
        "would": WOULD.get(row.outcome, row.outcome),
        "detail": row.detail,
    }


def preview_page(
    request, model_admin, pending: Pending, document: SourceDocument, report: ImportReport
) -> TemplateResponse:
    rows = [preview_row(r) for r in report.rows]
    changes = [row for row in rows if row["outcome"] != UNCHANGED]
    unchanged = [row for row in rows if row["outcome"] == UNCHANGED]
    counted = [CREATED, UPDATED, UNCHANGED, SKIPPED]
    counts = [(KIND_NAMES.get(kind, kind), [c[outcome] for outcome in counted]) for kind, c in report.counts.items()]
    # lines() opens with a line per kind counted (the table above) and ends with the warnings (listed apart).
    notes = [line for line in report.lines()[len(report.counts) :] if line not in map(str, report.warnings)]
    is_new = any(r.kind == "documents" and r.outcome == CREATED for r in report.rows)
    context = page_context(
        request,
        model_admin,
        title=_("Check the import of “%(file)s”") % {"file": pending.name},
        pending=pending,
        format_name=FORMAT_NAMES[pending.kind],
        document=document,
        document_is_new=is_new,
        counts=counts,
        changes=changes[:ROWS_SHOWN],
        unchanged=unchanged[:ROWS_SHOWN],
        changes_total=len(changes),
        unchanged_total=len(unchanged),
        rows_shown=ROWS_SHOWN,
        warnings=report.warnings,
        notes=notes,
        confirm_form=ConfirmForm(initial={"token": pending.token}),
    )
    return TemplateResponse(request, "admin/content/sourcedocument/upload_preview.html", context)


def check_access(request) -> None:
    if not can_upload(request.user):
        raise PermissionDenied(_("Uploading a document needs the editors’ permissions on content."))


@require_http_methods(["GET", "POST"])
def upload_view(request, *, model_admin):
    """The form (GET); POST dry-runs the file and shows the preview, or the form with the refusal."""
    check_access(request)
    if request.method == "GET":
        return form_page(request, model_admin, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            pending, document, report = preview_upload(request, form)
        except DocumentError as exc:
            form.add_error("file", refusal(exc, form))
        else:
            return preview_page(request, model_admin, pending, document, report)
    return form_page(request, model_admin, form, status=422)


@require_POST
def confirm_view(request, *, model_admin):
    """Import exactly the previewed file, as previewed; anything else changes nothing and says why."""
    check_access(request)
    form = ConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise UploadGone(_("This confirmation names no upload. Nothing was imported: upload the file again."))
        pending, data = pending_take(request, form.cleaned_data["token"])
    except UploadGone as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("admin:content_sourcedocument_upload"))
    try:
        document, report = import_as_previewed(pending, data)
    except PreviewOutdated as outdated:
        pending.fingerprint, pending.stored_at = fingerprint(outdated.report), time.time()
        pending_store(request, pending, data)
        messages.warning(request, OUTDATED)
        return preview_page(request, model_admin, pending, outdated.document, outdated.report)
    except (DocumentError, DatabaseError) as exc:
        pending_discard(request, pending)
        messages.error(
            request,
            _("The import of “%(file)s” was refused (%(problem)s). Nothing was imported.")
            % {"file": pending.name, "problem": exc},
        )
        return HttpResponseRedirect(reverse("admin:content_sourcedocument_upload"))
    pending_discard(request, pending)
    messages.success(request, success_message(document, report, pending))
    return HttpResponseRedirect(reverse("admin:content_sourcedocument_changelist"))


def upload_urls(model_admin) -> list:
    """The upload page and its confirmation, for SourceDocumentAdmin.get_urls (before the admin's own)."""
    wrap = model_admin.admin_site.admin_view

    def upload(request):
        return upload_view(request, model_admin=model_admin)

    def confirm(request):
        return confirm_view(request, model_admin=model_admin)

    return [
        path("upload/", wrap(upload), name="content_sourcedocument_upload"),
        path("upload/confirm/", wrap(confirm), name="content_sourcedocument_upload_confirm"),
    ]
