"""The upload page's forms: the file, its format (detected or chosen) and import options; the confirmation."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.models import SourceDocument
from content.parsing import MAX_FILE_BYTES, MAX_HEADING
from content.services import too_large

DETECT, TEXT, CLAIMREVIEW = "detect", "text", "claimreview"
FORMAT_NAMES = {
    TEXT: gettext_lazy("a “Claim:/Fact:” text document"),
    CLAIMREVIEW: gettext_lazy("a ClaimReview JSON feed"),
}


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
