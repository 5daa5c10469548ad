"""Pieces of the editors' admin: forms and formsets with the publishing checks, filters, the Quality column.

`content/admin.py` registers the model admins; what they are built from lives here.
"""

import contextvars
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags import admin_list
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext, pgettext
from simple_history.admin import SimpleHistoryAdmin

from content import audit, publishing
from content.languages import content_languages, differs
from content.models import Claim, Section, SourceDocument, Statement, Technique, TechniqueFamily
from content.services import TEMPORARY_POSITION, site_reason

# --- Content in its own language ---------------------------------------------------------------
# Content (NATO's claims, facts, statements, titles; technique texts and the pool) keeps its language
# in the admin too: its inputs, list cells, options and read-only values carry `lang` where it differs
# from the interface's, so a French editor's browser spell-checks English as English and screen
# readers pronounce it so.

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


# Django's yes/no icons say "True" and "False" in every language (their alt text is not translated); these say it
# in the reader's. The labels are Django's own, translated by its admin catalogue.
BOOLEAN_ICONS = {True: ("yes", "Yes"), False: ("no", "No"), None: ("unknown", "Unknown")}


def boolean_icon(field_val) -> str:
    icon, label = BOOLEAN_ICONS[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), translation.gettext(label))


admin_list._boolean_icon = boolean_icon  # admin.utils and admin.helpers import it from there when they draw one


def last_editor_subquery(model):
    """Username of whoever last changed each row, from its history table (one subquery, no N+1)."""
    history = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return Subquery(history.values("history_user__username")[:1])


class LastEditedMixin:
    """Adds a "last edited" column, who (fed by an annotation) and when, so lists need one column for both."""

    @admin.display(description=gettext_lazy("Last edited"), ordering="updated_at")
    def last_edited(self, obj):
        when = date_format(localtime(obj.updated_at), "SHORT_DATE_FORMAT")
        # Translators: the "Last edited" column: who last edited the row, then when (a short date).
        return _("%(editor)s, %(date)s") % {"editor": obj.last_edited_by or "—", "date": when}


class ReorderingFormSet(BaseInlineFormSet):
    """Saves changed positions in two steps so that swapping two rows never breaks uniqueness."""

    def save(self, commit=True):
        if commit:
            moved = [
                form.instance.pk
                for form in self.forms
                if form.instance.pk and ("position" in form.changed_data or form in self.deleted_forms)
            ]
            model = self.model
            for pk in moved:
                model.objects.filter(pk=pk).update(position=TEMPORARY_POSITION + pk)
        return super().save(commit=commit)


class PositionedForm(forms.ModelForm):
    """Checks positions across the whole formset (see ReorderingFormSet), not row by row against the database."""

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"position"}


class SectionClaimsFormSet(ReorderingFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        positions = [f.cleaned_data.get("position") for f in kept]
        duplicates = sorted({p for p in positions if positions.count(p) > 1})
        if duplicates:
            raise ValidationError(
                _("Two claims cannot share position %(positions)s. Give each claim its own number.")
                % {"positions": ", ".join(map(str, duplicates))}
            )
        for form in kept:
            if not form.cleaned_data.get("is_published"):
                continue
            if not form.instance.pk:
                raise ValidationError(
                    _(
                        "The new claim “%(claim)s” cannot be published yet: "
                        "save it unpublished, then add its rebuttal and statements on its own page."
                    )
                    % {"claim": form.cleaned_data.get("text", "")[:60]}
                )
            if "is_published" in form.changed_data:
                problems = publishing.claim_problems(form.instance)
                if problems:
                    raise ValidationError(
                        # Translators: %(problems)s lists why, e.g. "it needs at least one approved true statement".
                        _("The claim “%(claim)s” cannot be published: %(problems)s.")
                        % {"claim": form.instance, "problems": "; ".join(problems)}
                    )
        if not self.instance.is_published:
            return
        published = sum(
            1
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("is_published")
        )
        if published < publishing.MIN_PUBLISHED_CLAIMS:
            raise ValidationError(
                ngettext(
                    "This section is published but it has only %(count)d published claim; matching quizzes need at "
                    "least %(minimum)d. Publish another claim below, or unpublish the section.",
                    "This section is published but it has only %(count)d published claims; matching quizzes need at "
                    "least %(minimum)d. Publish another claim below, or unpublish the section.",
                    published,
                )
                % {"count": published, "minimum": publishing.MIN_PUBLISHED_CLAIMS}
            )


class LabelledTabularInline(ContentLanguageMixin, admin.TabularInline):
    """A tabular inline whose inputs carry their column's name, so screen readers announce it (and content its `lang`).

    Django's tabular inlines label columns with table headers only, which axe reports as inputs
    without labels (WCAG 4.1.2).
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", str(db_field.verbose_name).capitalize())
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete this row")

        return LabelledFormSet


# The item-quality findings of the list being shown, per request (admin instances serve every request).
_findings: contextvars.ContextVar[dict[int, list[str]] | None] = contextvars.ContextVar(
    "quality_findings", default=None
)


class QualityMixin:
    """A "Quality" column and filter from the item-quality audit (the same findings as `audit_items`)."""

    def quality_findings(self, bank) -> dict[int, list[str]]:
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        token = _findings.set(self.quality_findings(audit.audit_bank(published_only=False)))
        try:
            response = super().changelist_view(request, extra_context)
            if hasattr(response, "render"):
                response.render()  # while the findings are set
            return response
        finally:
            _findings.reset(token)

    @admin.display(description=gettext_lazy("Quality"))
    def quality_column(self, obj):
        problems = (_findings.get() or {}).get(obj.pk)
        if problems is None:
            return "—"
        if not problems:
            # Translators: the Quality column of an item with no problem found.
            return _("OK")
        # The problems themselves are listed on the change page ("Quality" field), for every way of reading.
        # Translators: the Quality column: how many problems the audit found.
        to_fix = ngettext("%(count)d to fix", "%(count)d to fix", len(problems)) % {"count": len(problems)}
        return format_html('<span title="{}">{}</span>', "\n".join(problems), to_fix)

    @admin.display(description=gettext_lazy("Quality"))
    def quality_report(self, obj):
        if obj is None or not obj.pk:
            return _("Save first: the audit runs on saved content.")
        section = obj if isinstance(obj, Section) else obj.section
        bank = audit.audit_bank(sections=Section.objects.filter(pk=section.pk), published_only=False)
        problems = self.quality_findings(bank).get(obj.pk, [])
        if not problems:
            return _("No problem found: no surface cue, word overlap or give-away beats the limits.")
        return format_html_join(mark_safe("<br>"), "✗ {}", ((p,) for p in problems))


class QualityFilter(admin.SimpleListFilter):
    title = gettext_lazy("quality")
    parameter_name = "quality"

    def lookups(self, request, model_admin):
        return [("fix", _("Needs work")), ("ok", _("OK"))]

    def queryset(self, request, queryset):
        if self.value() not in ("fix", "ok"):
            return queryset
        return queryset.filter(pk__in=self._pks(fix=self.value() == "fix"))

    @staticmethod
    def _pks(*, fix: bool) -> list[int]:
        return [pk for pk, problems in (_findings.get() or {}).items() if bool(problems) is fix]

    def get_facet_queryset(self, changelist):
        """The counts "Show counts" displays, from the findings (a subquery count over the annotated list gave 0)."""
        shown = set(
            changelist.get_queryset(self.request, exclude_parameters=self.expected_parameters()).values_list(
                "pk", flat=True
            )
        )
        return {f"{i}__c": len(shown.intersection(self._pks(fix=fix))) for i, fix in enumerate((True, False))}


class RebuttalFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.is_published:
            return
        forms = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not forms or not (forms[0].cleaned_data.get("summary") or "").strip():
            raise ValidationError(
                _(
                    "A published claim needs a rebuttal with a summary: matching quizzes show it. "
                    "Write the summary, or unpublish the claim."
                )
            )


class StatementFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.is_published:
            return
        kept = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("is_approved")
        ]
        no_true = not any(data.get("is_true") for data in kept)
        no_false = not any(not data.get("is_true") for data in kept)
        if no_true and no_false:
            raise ValidationError(
                _(
                    "A published claim needs at least one approved true statement and one approved false statement "
                    "(usually the claim itself). Add or approve it below, or unpublish the claim."
                )
            )
        if no_true:
            raise ValidationError(
                _(
                    "A published claim needs at least one approved true statement. "
                    "Add or approve it below, or unpublish the claim."
                )
            )
        if no_false:
            raise ValidationError(
                _(
                    "A published claim needs at least one approved false statement (usually the claim itself). "
                    "Add or approve it below, or unpublish the claim."
                )
            )


class NeedsReviewFilter(admin.SimpleListFilter):
    # Translators: a filter of the claims' list in the admin: whether an editor has checked them.
    title = gettext_lazy("review status")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("needs", _("Needs review")),
            ("no-true", _("Needs a true statement")),
            ("references", _("Has references without a URL")),
            ("ok", _("Reviewed")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "needs":
            return queryset.needing_review()
        if value == "no-true":
            return queryset.needing_true_statement()
        if value == "references":
            return queryset.filter(references__url="").distinct()
        if value == "ok":
            return queryset.exclude(pk__in=Claim.objects.needing_review().values("pk"))
        return queryset


class ClaimAdminForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ("section", "text", "slug", "position", "is_published")

    def clean(self):
        data = super().clean()
        # Unpublishing a claim, or moving a published claim away, must leave its section with pairs to match.
        section = Section.objects.get(pk=self.instance.section_id) if self.instance.pk else None
        leaving = (
            self.instance.pk
            and self.instance.is_published
            and (not data.get("is_published") or data.get("section") != section)
        )
        if leaving and section and publishing.starves(section, without=[self.instance.pk]):
            others = publishing.published_claims_left(section, without=[self.instance.pk])
            raise ValidationError(
                ngettext(
                    "The section “%(section)s” is published and would keep only %(count)d published claim; "
                    "matching quizzes need %(minimum)d. "
                    "Publish another claim of the section first, or unpublish the section.",
                    "The section “%(section)s” is published and would keep only %(count)d published claims; "
                    "matching quizzes need %(minimum)d. "
                    "Publish another claim of the section first, or unpublish the section.",
                    others,
                )
                % {"section": section, "count": others, "minimum": publishing.MIN_PUBLISHED_CLAIMS}
            )
        return data


def changed_fields(formset, instance) -> list[str]:
    for form in formset.forms:
        if form.instance is instance:
            return form.changed_data
    return []


def publish_selected(model_admin, request, queryset, problems_for):
    published, refused = 0, []
    for obj in queryset.filter(is_published=False):
        problems = problems_for(obj)
        if problems:
            refused.append((obj, problems))
            continue
        obj.is_published = True
        obj._change_reason = site_reason(gettext_noop("Published"))
        obj.save()
        published += 1
    if published:
        model_admin.message_user(request, _("Published %(count)d.") % {"count": published}, messages.SUCCESS)
    for obj, problems in refused:
        message = with_content(
            # Translators: %(problems)s lists why, e.g. "it needs at least one approved true statement".
            _("Not published “%(item)s”: %(problems)s."),
            item=shortened(str(obj), None, of=obj),
            problems="; ".join(problems),
        )
        model_admin.message_user(request, message, messages.ERROR)
    if not published and not refused:
        model_admin.message_user(request, _("Everything selected was already published."), messages.INFO)


def unpublish_selected(model_admin, request, queryset):
    count = 0
    for obj in queryset.filter(is_published=True):
        obj.is_published = False
        obj._change_reason = site_reason(gettext_noop("Unpublished"))
        obj.save()
        count += 1
    model_admin.message_user(request, _("Unpublished %(count)d.") % {"count": count}, messages.SUCCESS)


class ResolvedFilter(admin.SimpleListFilter):
    title = gettext_lazy("URL")
    parameter_name = "url"

    def lookups(self, request, model_admin):
        # Translators: a filter of references by their URL: missing, or set (given).
        return [("missing", _("Missing (unresolved)")), ("set", pgettext("URL", "Set"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(url="")
        if self.value() == "set":
            return queryset.exclude(url="")
        return queryset


class StatementAdminForm(forms.ModelForm):
    class Meta:
        model = Statement
        fields = ("claim", "text", "is_true", "explanation", "is_approved")

    def clean(self):
        data = super().clean()
        old = self.instance
        if old.pk and old.is_approved and old.claim.is_published:
            still_counts = (
                data.get("is_approved") and data.get("is_true") == old.is_true and data.get("claim") == old.claim
            )
            if not still_counts and last_approved_of_its_kind(old):
                if old.is_true:
                    message = _(
                        "This is the only approved true statement of the published claim “%(claim)s”. "
                        "Add and approve another one first, or unpublish the claim."
                    )
                else:
                    message = _(
                        "This is the only approved false statement of the published claim “%(claim)s”. "
                        "Add and approve another one first, or unpublish the claim."
                    )
                raise ValidationError(message % {"claim": old.claim})
        return data


def last_approved_of_its_kind(statement: Statement) -> bool:
    return not statement.claim.statements.approved().filter(is_true=statement.is_true).exclude(pk=statement.pk).exists()


class EditorAdmin(ContentLanguageMixin, SimpleHistoryAdmin):
    """The admin of every edited model: its history, content in its `lang`, and a form saved unchanged writes nothing.

    Without this, pressing Save on an untouched page adds a history row ("changed" by the editor) and
    a new modified time; changes made in its inlines are still saved, each form only if it changed.
    """

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)
