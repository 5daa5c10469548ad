"""Pieces of the editors' admin: the base model admin, list columns and filters, the Quality column, actions.

`content/admin.py` and the other `admin_*` modules register the model admins; what they are built from lives
here, in `admin_language.py` (content in its own `lang`) and in `admin_forms.py` (the publishing checks).
"""

import contextvars

from django.contrib import admin, messages
from django.contrib.admin.templatetags import admin_list
from django.db.models import OuterRef, Subquery
from django.templatetags.static import static
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext, pgettext
from simple_history.admin import SimpleHistoryAdmin

from content import audit
from content.admin_language import ContentLanguageMixin, shortened, with_content
from content.history import site_reason
from content.models import Claim, Section

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


class EditorAdmin(ContentLanguageMixin, SimpleHistoryAdmin):
    """The admin of every edited model: its history, content in its `lang`, and a form saved unchanged writes nothing.

    Without this, pressing Save on an untouched page adds a history row ("changed" by the editor) and
    a new modified time; changes made in its inlines are still saved, each form only if it changed.
    """

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)
