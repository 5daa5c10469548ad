"""Content in its own language in the admin: `lang` on its inputs, list cells, options, filters and row labels.

Content (NATO's claims, facts, statements, titles; technique texts and the pool) keeps its language
in the admin too: its inputs, list cells, options and read-only values carry `lang` where it differs
from the interface's, so a French editor's browser spell-checks English as English and screen
readers pronounce it so.
"""

from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from content.languages import content_languages, differs
from content.models import Claim, Section, SourceDocument, Technique, TechniqueFamily

CONTENT_MODELS = (SourceDocument, Section, Claim, Technique, TechniqueFamily)  # what a select may list


def content_lang(item) -> str:
    """The language tag of ``item``'s content (see content.languages) when it differs from the interface's, else ""."""
    if item is None:
        return ""
    tag = content_languages().of(item)
    return tag if differs(tag) else ""


def shortened(text: str, length: int | None, of=None) -> str:
    """Content for a list column or a read-only value, in a span with its `lang` (the content of ``of``) when that
    differs from the interface's; cut to ``length`` characters, whole in the tooltip (changelists stay narrow)."""
    lang = content_lang(of)
    if length is None or len(text) <= length:
        return format_html('<span lang="{}">{}</span>', lang, text) if lang else text
    attrs = {"lang": lang, "title": text} if lang else {"title": text}
    return format_html("<span{}>{}…</span>", flatatt(attrs), text[: length - 1].rstrip())


def content_column(path: str, description, *, ordering: str | None = None, length: int | None = None):
    """A list column showing content, in a span with its `lang`: ``path`` is a field ("title"), a related object
    ("section", shown as its title) or a field of one ("claim.text"); "__str__" is the row itself."""
    names = path.split(".")

    @admin.display(description=description, ordering=ordering or ("__".join(names) if path != "__str__" else None))
    def column(obj):
        owner = value = obj
        for name in names:
            owner, value = value, (str(value) if name == "__str__" else getattr(value, name))
            if value is None:
                return "—"
        return shortened(str(value), length, of=value if hasattr(value, "pk") else owner)

    column.__name__ = names[-1]  # the cells' CSS class, "field-title", as for the field itself
    return column


def with_content(message: str, **values) -> SafeString:
    """``message % values`` as HTML: the message escaped, and each value too unless already HTML (content in the
    span of its language, from `shortened`)."""
    escaped = {key: conditional_escape(v) if isinstance(v, str) else v for key, v in values.items()}
    return mark_safe(conditional_escape(message) % escaped)


class ContentSelect(forms.Select):
    """A select listing content (documents, sections, claims, techniques): each option in its `lang`."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if lang := content_lang(getattr(value, "instance", None)):
            option["attrs"]["lang"] = lang
        return option


def mark_content_fields(fields: dict, names, lang: str) -> None:
    """Give the widgets of the content fields ``names`` (those present) their content's `lang`."""
    if not lang:
        return
    for name in names:
        if name in fields:
            fields[name].widget.attrs["lang"] = lang


# Django's label of a row's checkbox in a list, translated by Django's own catalogue.
ACTION_CHECKBOX_LABEL = "Select this object for an action - {}"


class ContentLanguageMixin:
    """For ModelAdmins and inlines: `content_fields` carry the `lang` of the content edited, and selects of
    content carry each option's. A ModelAdmin reads it from the object edited, an inline from its parent (a
    claim's statements are in the claim's language); a new object's is not known before its document is chosen."""

    content_fields: tuple[str, ...] = ()

    def content_language(self, obj) -> str:
        return content_lang(obj) if obj is not None and obj.pk else ""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        chosen_otherwise = (*self.raw_id_fields, *self.radio_fields, *self.get_autocomplete_fields(request))
        if db_field.related_model in CONTENT_MODELS and not ("widget" in kwargs or db_field.name in chosen_otherwise):
            kwargs["widget"] = ContentSelect
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def row_content(self, obj) -> tuple[str, object]:
        """The content that names a row of the list (for its checkbox's label), and what it belongs to."""
        return str(obj), obj

    def action_checkbox(self, obj):  # a ModelAdmin's list
        """Django's checkbox of a row, labelled by hidden text that holds the row's content in its `lang` (Django's
        own aria-label mixes it into the interface's language, and an attribute cannot hold two)."""
        text, item = self.row_content(obj)
        lang = content_lang(item) if obj._meta.app_label == "content" else ""
        if not lang:
            return super().action_checkbox(obj)
        label_id = f"select-row-{obj.pk}"
        checkbox = forms.CheckboxInput({"class": "action-select", "aria-labelledby": label_id}, lambda value: False)
        label = format_html(translation.gettext(ACTION_CHECKBOX_LABEL), shortened(text, None, of=item))
        return format_html(
            '{}<span id="{}" hidden>{}</span>', checkbox.render(ACTION_CHECKBOX_NAME, str(obj.pk)), label_id, label
        )

    def get_form(self, request, obj=None, change=False, **kwargs):  # a ModelAdmin's form
        form = super().get_form(request, obj, change, **kwargs)
        mark_content_fields(form.base_fields, self.content_fields, self.content_language(obj))
        return form

    def get_formset(self, request, obj=None, **kwargs):  # an inline's forms; `obj` is the parent
        formset = super().get_formset(request, obj, **kwargs)
        mark_content_fields(formset.form.base_fields, self.content_fields, self.content_language(obj))
        return formset


class InContentLanguageMixin:
    """Technique texts and the held-out pool belong to no document: they are in CONTENT_LANGUAGE, new ones too."""

    def content_language(self, obj) -> str:
        return content_lang(settings.CONTENT_LANGUAGE)


class ContentRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter by a related document, section or technique whose choices carry their `lang` (no query: the
    languages come from content.languages)."""

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        model = self.field.related_model
        key = {SourceDocument: "document_id", Section: "section_id", Claim: "claim_id"}.get(model)
        for choice, (pk, label) in zip(choices[1:], self.lookup_choices, strict=False):
            item = SimpleNamespace(**{key: pk}) if key else settings.CONTENT_LANGUAGE
            if lang := content_lang(item):
                count = choice["display"][len(label) :]  # " (5)" when the counts are shown
                choice["display"] = format_html('<span lang="{}">{}</span>{}', lang, label, count)
        return choices
