"""Pieces of the editors' admin: forms and formsets with the publishing checks, filters, the Quality column.

`content/admin.py` registers the model admins; what they are built from lives here.
"""

import contextvars

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin

from content import audit, publishing
from content.models import Claim, Section, Statement
from content.services import TEMPORARY_POSITION


def shortened(text: str, length: int) -> str:
    """Long text cut to `length` characters for a list column, whole in the tooltip (changelists stay narrow)."""
    if len(text) <= length:
        return text
    return format_html('<span title="{}">{}…</span>', text, text[: length - 1].rstrip())


def last_editor_subquery(model):
    """Username of whoever last changed each row, from its history table (one subquery, no N+1)."""
    history = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return Subquery(history.values("history_user__username")[:1])


class LastEditedMixin:
    """Adds a "last edited" column, who (fed by an annotation) and when, so lists need one column for both."""

    @admin.display(description="Last edited", ordering="updated_at")
    def last_edited(self, obj):
        when = date_format(localtime(obj.updated_at), "SHORT_DATE_FORMAT")
        return f"{obj.last_edited_by or '—'}, {when}"


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
                f"Two claims cannot share position {', '.join(map(str, duplicates))}. Give each claim its own number."
            )
        for form in kept:
            if not form.cleaned_data.get("is_published"):
                continue
            if not form.instance.pk:
                raise ValidationError(
                    f"The new claim “{form.cleaned_data.get('text', '')[:60]}” cannot be published yet: "
                    "save it unpublished, then add its rebuttal and statements on its own page."
                )
            if "is_published" in form.changed_data:
                problems = publishing.claim_problems(form.instance)
                if problems:
                    raise ValidationError(f"The claim “{form.instance}” cannot be published: {'; '.join(problems)}.")
        if not self.instance.is_published:
            return
        published = sum(
            1
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("is_published")
        )
        problem = publishing.too_few_claims(published)
        if problem:
            raise ValidationError(
                f"This section is published but {problem}. Publish another claim below, or unpublish the section."
            )


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs carry their column's name, so screen readers announce it.

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
                    form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this row"

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

    @admin.display(description="Quality")
    def quality_column(self, obj):
        problems = (_findings.get() or {}).get(obj.pk)
        if problems is None:
            return "—"
        if not problems:
            return "OK"
        # The problems themselves are listed on the change page ("Quality" field), for every way of reading.
        return format_html('<span title="{}">{} to fix</span>', "\n".join(problems), len(problems))

    @admin.display(description="Quality")
    def quality_report(self, obj):
        if obj is None or not obj.pk:
            return "Save first: the audit runs on saved content."
        section = obj if isinstance(obj, Section) else obj.section
        bank = audit.audit_bank(sections=Section.objects.filter(pk=section.pk), published_only=False)
        problems = self.quality_findings(bank).get(obj.pk, [])
        if not problems:
            return "No problem found: no surface cue, word overlap or give-away beats the limits."
        return format_html_join(mark_safe("<br>"), "✗ {}", ((p,) for p in problems))


class QualityFilter(admin.SimpleListFilter):
    title = "quality"
    parameter_name = "quality"

    def lookups(self, request, model_admin):
        return [("fix", "Needs work"), ("ok", "OK")]

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
                "A published claim needs a rebuttal with a summary: matching quizzes show it. "
                "Write the summary, or unpublish the claim."
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
        missing = []
        if not any(data.get("is_true") for data in kept):
            missing.append("one approved true statement")
        if not any(not data.get("is_true") for data in kept):
            missing.append("one approved false statement (usually the claim itself)")
        if missing:
            raise ValidationError(
                f"A published claim needs at least {' and '.join(missing)}. "
                "Add or approve it below, or unpublish the claim."
            )


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "review status"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("needs", "Needs review"),
            ("no-true", "Needs a true statement"),
            ("references", "Has references without a URL"),
            ("ok", "Reviewed"),
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
                f"The section “{section}” is published and would keep only {publishing.claims_phrase(others)}; "
                f"matching quizzes need {publishing.MIN_PUBLISHED_CLAIMS}. "
                "Publish another claim of the section first, or unpublish the section."
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
            refused.append(f"“{obj}”: {'; '.join(problems)}")
            continue
        obj.is_published = True
        obj._change_reason = "Published"
        obj.save()
        published += 1
    if published:
        model_admin.message_user(request, f"Published {published}.", messages.SUCCESS)
    for line in refused:
        model_admin.message_user(request, f"Not published {line}.", messages.ERROR)
    if not published and not refused:
        model_admin.message_user(request, "Everything selected was already published.", messages.INFO)


def unpublish_selected(model_admin, request, queryset):
    count = 0
    for obj in queryset.filter(is_published=True):
        obj.is_published = False
        obj._change_reason = "Unpublished"
        obj.save()
        count += 1
    model_admin.message_user(request, f"Unpublished {count}.", messages.SUCCESS)


class ResolvedFilter(admin.SimpleListFilter):
    title = "URL"
    parameter_name = "url"

    def lookups(self, request, model_admin):
        return [("missing", "Missing (unresolved)"), ("set", "Set")]

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
                raise ValidationError(
                    f"This is the only approved {'true' if old.is_true else 'false'} statement of the published claim "
                    f"“{old.claim}”. Add and approve another one first, or unpublish the claim."
                )
        return data


def last_approved_of_its_kind(statement: Statement) -> bool:
    return not statement.claim.statements.approved().filter(is_true=statement.is_true).exclude(pk=statement.pk).exists()


class EditorAdmin(SimpleHistoryAdmin):
    """The admin of every edited model: its history, and a form saved unchanged writes nothing.

    Without this, pressing Save on an untouched page adds a history row ("changed" by the editor) and
    a new modified time; changes made in its inlines are still saved, each form only if it changed.
    """

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)
