"""The admin's upload page: a text document or ClaimReview feed, previewed as a dry run, imported on confirm.

Its forms are in `admin_upload_forms.py`; `admin_upload_pending.py` keeps the previewed file until it is confirmed.
"""

import secrets
import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from content.admin_language import shortened, with_content
from content.admin_upload_forms import (
    CLAIMREVIEW,
    DETECT,
    FORMAT_NAMES,
    TEXT,
    ConfirmForm,
    Upload,
    UploadForm,
    starts_like_json,
)
from content.admin_upload_pending import (
    Pending,
    PreviewOutdated,
    UploadGone,
    file_digest,
    fingerprint,
    pending_discard,
    pending_store,
    pending_take,
)
from content.claimreview import claimreview_import
from content.import_report import (
    CREATED,
    LEFT_IN_PLACE,
    SKIPPED,
    UNCHANGED,
    UNPUBLISHED,
    UPDATED,
    ImportReport,
)
from content.models import SourceDocument
from content.parsing import DocumentError
from content.services import document_import

# Everything an import may add or change; editors and superusers hold all of these.
IMPORTED_MODELS = ("sourcedocument", "section", "claim", "rebuttal", "reference", "statement")
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
