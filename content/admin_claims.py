"""The claims' admin: the list with its review columns, and a claim's page with its rebuttal, statements and sources."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from content import audit, publishing
from content.admin_forms import ClaimAdminForm, RebuttalFormSet, StatementFormSet
from content.admin_language import ContentLanguageMixin, ContentRelatedFilter, content_column, shortened, with_content
from content.admin_parts import (
    EditorAdmin,
    LabelledTabularInline,
    LastEditedMixin,
    NeedsReviewFilter,
    QualityFilter,
    QualityMixin,
    changed_fields,
    last_editor_subquery,
    publish_selected,
    unpublish_selected,
)
from content.admin_techniques import ClaimTechniqueInline, NoPrimaryTechniqueFilter, primary_technique_annotation
from content.models import Claim, Rebuttal, Reference, Section, Statement


class RebuttalInline(ContentLanguageMixin, admin.StackedInline):
    model = Rebuttal
    formset = RebuttalFormSet
    fields = ("summary", "body", "history_link")
    content_fields = ("summary", "body")
    readonly_fields = ("history_link",)

    @admin.display(description=gettext_lazy("History"))
    def history_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:content_rebuttal_history", args=[obj.pk]),
            _("Changes to this rebuttal"),
        )

    extra = 1
    max_num = 1
    can_delete = False


class StatementInline(ContentLanguageMixin, admin.StackedInline):
    model = Statement
    formset = StatementFormSet
    fields = ("text", "is_true", "explanation", "is_approved", "origin", "quiz_preview")
    content_fields = ("text", "explanation")
    readonly_fields = ("origin", "quiz_preview")
    extra = 0

    @admin.display(description=gettext_lazy("In a quiz"))
    def quiz_preview(self, obj):
        if not obj.pk:
            return _("Save to see a preview.")
        answer = _("Correct answer: True.") if obj.is_true else _("Correct answer: False.")
        return format_html(
            "<strong>{}</strong> {}<br><em>{}</em> {}",
            _("True or false?"),
            shortened(obj.text, None, of=obj),
            answer,
            shortened(obj.explanation, None, of=obj),
        )


class ReferenceInline(LabelledTabularInline):
    model = Reference
    fields = ("position", "title", "url", "date", "anchor")
    readonly_fields = ("anchor",)
    content_fields = ("title",)
    extra = 0

    @admin.display(description=Reference._meta.get_field("anchor_text").verbose_name)
    def anchor(self, obj):
        return shortened(obj.anchor_text, None, of=obj) if obj.pk else "—"


@admin.register(Claim)
class ClaimAdmin(QualityMixin, LastEditedMixin, EditorAdmin):
    form = ClaimAdminForm
    list_display = (
        "claim_column",
        content_column("section", Claim._meta.get_field("section").verbose_name),
        "position",
        "is_published",
        "statements_column",
        "technique_column",
        "quality_column",
        "references_column",
        "last_edited",
    )
    list_filter = (
        ("section", ContentRelatedFilter),
        "is_published",
        NeedsReviewFilter,
        QualityFilter,
        NoPrimaryTechniqueFilter,
    )
    search_fields = ("text", "rebuttal__summary", "rebuttal__body", "statements__text")
    list_select_related = ("section",)
    prepopulated_fields = {"slug": ("text",)}
    fieldsets = (
        (None, {"fields": ("section", "text", "slug", "position", "is_published")}),
        (gettext_lazy("Quality"), {"fields": ("quality_report",)}),
    )
    readonly_fields = ("quality_report",)
    content_fields = ("text",)
    inlines = [RebuttalInline, StatementInline, ClaimTechniqueInline, ReferenceInline]
    actions = ["publish", "unpublish"]
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_review_status()
            .annotate(last_edited_by=last_editor_subquery(Claim), has_primary_technique=primary_technique_annotation())
        )

    @admin.display(description=gettext_lazy("Technique"), boolean=False)
    def technique_column(self, obj):
        return _("Yes") if obj.has_primary_technique else _("Missing: no primary technique")

    def quality_findings(self, bank):
        return audit.problems_by_claim(bank)

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=gettext_lazy("Claim"), ordering="text")
    def claim_column(self, obj):
        return shortened(obj.text, 90, of=obj)

    @admin.display(description=gettext_lazy("True / false"))
    def statements_column(self, obj):
        # Translators: the "True / false" column: approved true statements / approved false statements.
        parts = [_("%(true)d / %(false)d") % {"true": obj.true_count, "false": obj.false_count}]
        if obj.proposed_count:
            # Translators: proposed statements not yet approved, in the claims' "True / false" column.
            parts.append(
                ngettext("%(count)d to review", "%(count)d to review", obj.proposed_count)
                % {"count": obj.proposed_count}
            )
        if not obj.true_count:
            parts.append(_("needs a true statement"))
        return " · ".join(parts)

    @admin.display(description=gettext_lazy("Missing URLs"), ordering="unresolved_reference_count")
    def references_column(self, obj):
        return obj.unresolved_reference_count or "—"

    @admin.action(description=gettext_lazy("Publish selected claims"))
    def publish(self, request, queryset):
        publish_selected(self, request, queryset, publishing.claim_problems)

    @admin.action(description=gettext_lazy("Unpublish selected claims"))
    def unpublish(self, request, queryset):
        starved = [
            section
            for section in Section.objects.published().filter(claims__in=queryset).distinct()
            if publishing.starves(section, without=queryset.values("pk"))
        ]
        if starved:
            names = ", ".join(with_content(_("“%(section)s”"), section=shortened(str(s), None, of=s)) for s in starved)
            self.message_user(
                request,
                with_content(
                    ngettext(
                        "Nothing unpublished: %(sections)s would keep fewer than %(minimum)d published claims. "
                        "Unpublish the section first, or publish other claims.",
                        "Nothing unpublished: %(sections)s would keep fewer than %(minimum)d published claims. "
                        "Unpublish the section first, or publish other claims.",
                        len(starved),
                    ),
                    sections=mark_safe(names),
                    minimum=publishing.MIN_PUBLISHED_CLAIMS,
                ),
                messages.ERROR,
            )
            return
        unpublish_selected(self, request, queryset)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # delete one at a time, with the publishing check
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published and publishing.starves(obj.section, without=[obj.pk]):
            return False  # deleting it would leave a published section without pairs to match
        return super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Statement:
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                obj.delete()
            for statement in instances:
                if "is_approved" in changed_fields(formset, statement) or "text" in changed_fields(formset, statement):
                    statement.reviewed_by = request.user if statement.is_approved else None
                    statement.reviewed_at = timezone.now() if statement.is_approved else None
                if not statement.pk:
                    statement.origin = Statement.Origin.EDITOR
                statement.save()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)
