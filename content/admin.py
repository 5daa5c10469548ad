"""The editors' admin: sections with their claims, claims with rebuttal, statements and sources, history."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from content import (
    admin_pool,  # noqa: F401  (registers the held-out pool)
    audit,
    publishing,
)
from content.admin_parts import (
    ClaimAdminForm,
    EditorAdmin,
    LabelledTabularInline,
    LastEditedMixin,
    NeedsReviewFilter,
    PositionedForm,
    QualityFilter,
    QualityMixin,
    RebuttalFormSet,
    ResolvedFilter,
    SectionClaimsFormSet,
    StatementAdminForm,
    StatementFormSet,
    changed_fields,
    last_approved_of_its_kind,
    last_editor_subquery,
    publish_selected,
    shortened,
    unpublish_selected,
)
from content.admin_techniques import ClaimTechniqueInline, NoPrimaryTechniqueFilter, primary_technique_annotation
from content.admin_upload import can_upload, upload_urls
from content.models import Claim, Rebuttal, Reference, Section, SourceDocument, Statement


class ClaimInline(LabelledTabularInline):
    model = Claim
    form = PositionedForm
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}
    formset = SectionClaimsFormSet
    fields = ("position", "text", "slug", "is_published")
    extra = 0
    show_change_link = True
    ordering = ("position",)


@admin.register(SourceDocument)
class SourceDocumentAdmin(EditorAdmin):
    list_display = ("title", "publisher", "year", "section_count", "source_file", "last_imported_at")
    search_fields = ("title", "publisher")
    readonly_fields = ("source_file", "last_imported_at", "created_at", "updated_at")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("title", "slug", "intro")}),
        ("Attribution", {"fields": ("publisher", "year", "published_on", "url", "attribution")}),
        ("Import", {"fields": ("source_file", "last_imported_at", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_total=Count("sections"))

    @admin.display(description="Sections", ordering="section_total")
    def section_count(self, obj):
        return obj.section_total

    def get_urls(self):
        return upload_urls(self) + super().get_urls()  # "upload/" before the admin's "<object_id>/"

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "can_upload": can_upload(request.user)})


@admin.register(Section)
class SectionAdmin(QualityMixin, LastEditedMixin, EditorAdmin):
    list_display = ("title", "document", "position", "claims_column", "is_published", "quality_column", "last_edited")
    list_filter = ("is_published", "document", QualityFilter)
    search_fields = ("title", "intro")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ClaimInline]
    actions = ["publish", "unpublish"]
    list_select_related = ("document",)
    fields = ("document", "title", "slug", "position", "intro", "is_published", "quality_report")
    readonly_fields = ("quality_report",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_claim_counts().annotate(last_edited_by=last_editor_subquery(Section))

    def quality_findings(self, bank):
        return audit.problems_by_section(bank)

    @admin.display(description="Claims (published)", ordering="claim_count")
    def claims_column(self, obj):
        return f"{obj.claim_count} ({obj.published_claim_count})"

    @admin.action(description="Publish selected sections")
    def publish(self, request, queryset):
        publish_selected(self, request, queryset, publishing.section_problems)

    @admin.action(description="Unpublish selected sections")
    def unpublish(self, request, queryset):
        unpublish_selected(self, request, queryset)


class RebuttalInline(admin.StackedInline):
    model = Rebuttal
    formset = RebuttalFormSet
    fields = ("summary", "body", "history_link")
    readonly_fields = ("history_link",)

    @admin.display(description="History")
    def history_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">Changes to this rebuttal</a>', reverse("admin:content_rebuttal_history", args=[obj.pk])
        )

    extra = 1
    max_num = 1
    can_delete = False


class StatementInline(admin.StackedInline):
    model = Statement
    formset = StatementFormSet
    fields = ("text", "is_true", "explanation", "is_approved", "origin", "quiz_preview")
    readonly_fields = ("origin", "quiz_preview")
    extra = 0

    @admin.display(description="In a quiz")
    def quiz_preview(self, obj):
        if not obj.pk:
            return "Save to see a preview."
        answer = "True" if obj.is_true else "False"
        return format_html(
            "<strong>True or false?</strong> {}<br><em>Correct answer: {}.</em> {}",
            obj.text,
            answer,
            obj.explanation,
        )


class ReferenceInline(LabelledTabularInline):
    model = Reference
    fields = ("position", "title", "url", "date", "anchor_text")
    readonly_fields = ("anchor_text",)
    extra = 0


@admin.register(Rebuttal)
class RebuttalAdmin(EditorAdmin):
    """Rebuttals are edited on their claim's page; this page lists them and keeps their history."""

    list_display = ("claim", "summary")
    search_fields = ("summary", "body", "claim__text")
    list_select_related = ("claim",)
    fields = ("claim", "summary", "body")
    readonly_fields = ("claim",)

    def has_add_permission(self, request):
        return False


@admin.register(Claim)
class ClaimAdmin(QualityMixin, LastEditedMixin, EditorAdmin):
    form = ClaimAdminForm
    list_display = (
        "claim_column",
        "section",
        "position",
        "is_published",
        "statements_column",
        "technique_column",
        "quality_column",
        "references_column",
        "last_edited",
    )
    list_filter = ("section", "is_published", NeedsReviewFilter, QualityFilter, NoPrimaryTechniqueFilter)
    search_fields = ("text", "rebuttal__summary", "rebuttal__body", "statements__text")
    list_select_related = ("section",)
    prepopulated_fields = {"slug": ("text",)}
    fieldsets = (
        (None, {"fields": ("section", "text", "slug", "position", "is_published")}),
        ("Quality", {"fields": ("quality_report",)}),
    )
    readonly_fields = ("quality_report",)
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

    @admin.display(description="Technique", boolean=False)
    def technique_column(self, obj):
        return "Yes" if obj.has_primary_technique else "Missing: no primary technique"

    def quality_findings(self, bank):
        return audit.problems_by_claim(bank)

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description="Claim", ordering="text")
    def claim_column(self, obj):
        return shortened(obj.text, 90)

    @admin.display(description="True / false")
    def statements_column(self, obj):
        text = f"{obj.true_count} / {obj.false_count}"
        if obj.proposed_count:
            text += f" · {obj.proposed_count} to review"
        if not obj.true_count:
            text += " · needs a true statement"
        return text

    @admin.display(description="Missing URLs", ordering="unresolved_reference_count")
    def references_column(self, obj):
        return obj.unresolved_reference_count or "—"

    @admin.action(description="Publish selected claims")
    def publish(self, request, queryset):
        publish_selected(self, request, queryset, publishing.claim_problems)

    @admin.action(description="Unpublish selected claims")
    def unpublish(self, request, queryset):
        starved = [
            section
            for section in Section.objects.published().filter(claims__in=queryset).distinct()
            if publishing.starves(section, without=queryset.values("pk"))
        ]
        if starved:
            names = ", ".join(f"“{s}”" for s in starved)
            self.message_user(
                request,
                f"Nothing unpublished: {names} would keep fewer than {publishing.MIN_PUBLISHED_CLAIMS} "
                "published claims. Unpublish the section first, or publish other claims.",
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


@admin.register(Reference)
class ReferenceAdmin(EditorAdmin):
    list_display = ("title_column", "claim_column", "anchor_column", "url", "date")
    list_editable = ("url", "date")
    list_filter = (ResolvedFilter,)
    search_fields = ("title", "anchor_text", "claim__text")
    list_select_related = ("claim",)

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description="Title", ordering="title")
    def title_column(self, obj):
        return shortened(obj.title, 50)

    @admin.display(description="Claim", ordering="claim__position")
    def claim_column(self, obj):
        return shortened(obj.claim.text, 60)

    @admin.display(description="Link text in the rebuttal", ordering="anchor_text")
    def anchor_column(self, obj):
        return shortened(obj.anchor_text, 40)


@admin.register(Statement)
class StatementAdmin(EditorAdmin):
    form = StatementAdminForm
    list_display = ("text", "is_true", "is_approved", "origin", "claim", "reviewed_at")
    list_filter = ("is_approved", "is_true", "origin", "claim__section")
    search_fields = ("text", "explanation", "claim__text")
    list_select_related = ("claim",)
    readonly_fields = ("origin", "reviewed_by", "reviewed_at")
    actions = ["approve"]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # delete one at a time, with the publishing check
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_approved and obj.claim.is_published and last_approved_of_its_kind(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Approve selected statements")
    def approve(self, request, queryset):
        count = 0
        for statement in queryset.filter(is_approved=False):
            statement.is_approved = True
            statement.reviewed_by = request.user
            statement.reviewed_at = timezone.now()
            statement._change_reason = "Approved"
            statement.save()
            count += 1
        self.message_user(request, f"Approved {count} statement{'s' if count != 1 else ''}.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if {"is_approved", "text"} & set(form.changed_data):
            obj.reviewed_by = request.user if obj.is_approved else None
            obj.reviewed_at = timezone.now() if obj.is_approved else None
        super().save_model(request, obj, form, change)
