"""The editors' admin: sections with their claims, claims with rebuttal, statements and sources, history."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from content import (
    admin_pool,  # noqa: F401  (registers the held-out pool)
    audit,
    publishing,
)
from content.admin_parts import (
    ClaimAdminForm,
    ContentLanguageMixin,
    ContentRelatedFilter,
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
    content_column,
    last_approved_of_its_kind,
    last_editor_subquery,
    publish_selected,
    shortened,
    unpublish_selected,
    with_content,
)
from content.admin_techniques import ClaimTechniqueInline, NoPrimaryTechniqueFilter, primary_technique_annotation
from content.admin_upload import can_upload, upload_urls
from content.models import Claim, Rebuttal, Reference, Section, SourceDocument, Statement
from content.services import site_reason


class ClaimInline(LabelledTabularInline):
    model = Claim
    form = PositionedForm
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}
    formset = SectionClaimsFormSet
    fields = ("position", "text", "slug", "is_published")
    content_fields = ("text",)
    extra = 0
    show_change_link = True
    ordering = ("position",)


@admin.register(SourceDocument)
class SourceDocumentAdmin(EditorAdmin):
    list_display = (
        content_column("title", SourceDocument._meta.get_field("title").verbose_name),
        "publisher",
        "year",
        "section_count",
        "source_file",
        "last_imported_at",
    )
    content_fields = ("title", "intro", "attribution")
    search_fields = ("title", "publisher")
    readonly_fields = ("source_file", "last_imported_at", "created_at", "updated_at")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("title", "slug", "language", "intro")}),
        (gettext_lazy("Attribution"), {"fields": ("publisher", "year", "published_on", "url", "attribution")}),
        # Translators: a heading of the document's admin page: where its content was imported from, and when.
        (gettext_lazy("Import"), {"fields": ("source_file", "last_imported_at", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_total=Count("sections"))

    @admin.display(description=gettext_lazy("Sections"), ordering="section_total")
    def section_count(self, obj):
        return obj.section_total

    def get_urls(self):
        return upload_urls(self) + super().get_urls()  # "upload/" before the admin's "<object_id>/"

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "can_upload": can_upload(request.user)})


@admin.register(Section)
class SectionAdmin(QualityMixin, LastEditedMixin, EditorAdmin):
    list_display = (
        content_column("title", Section._meta.get_field("title").verbose_name),
        content_column("document", Section._meta.get_field("document").verbose_name),
        "position",
        "claims_column",
        "is_published",
        "quality_column",
        "last_edited",
    )
    list_filter = ("is_published", ("document", ContentRelatedFilter), QualityFilter)
    search_fields = ("title", "intro")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ClaimInline]
    actions = ["publish", "unpublish"]
    list_select_related = ("document",)
    fields = ("document", "title", "slug", "position", "intro", "is_published", "quality_report")
    readonly_fields = ("quality_report",)
    content_fields = ("title", "intro")

    def get_queryset(self, request):
        return super().get_queryset(request).with_claim_counts().annotate(last_edited_by=last_editor_subquery(Section))

    def quality_findings(self, bank):
        return audit.problems_by_section(bank)

    @admin.display(description=gettext_lazy("Claims (published)"), ordering="claim_count")
    def claims_column(self, obj):
        # Translators: the "Claims (published)" column: all the section's claims, then how many are published.
        return _("%(total)d (%(published)d)") % {"total": obj.claim_count, "published": obj.published_claim_count}

    @admin.action(description=gettext_lazy("Publish selected sections"))
    def publish(self, request, queryset):
        publish_selected(self, request, queryset, publishing.section_problems)

    @admin.action(description=gettext_lazy("Unpublish selected sections"))
    def unpublish(self, request, queryset):
        unpublish_selected(self, request, queryset)


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


@admin.register(Rebuttal)
class RebuttalAdmin(EditorAdmin):
    """Rebuttals are edited on their claim's page; this page lists them and keeps their history."""

    list_display = (
        content_column("claim", Rebuttal._meta.get_field("claim").verbose_name),
        content_column("summary", Rebuttal._meta.get_field("summary").verbose_name),
    )
    search_fields = ("summary", "body", "claim__text")
    list_select_related = ("claim",)
    fields = ("claim_shown", "summary", "body")
    readonly_fields = ("claim_shown",)
    content_fields = ("summary", "body")

    def row_content(self, obj):
        return obj.claim.text, obj.claim

    @admin.display(description=Rebuttal._meta.get_field("claim").verbose_name)
    def claim_shown(self, obj):
        return shortened(obj.claim.text, None, of=obj.claim)

    def has_add_permission(self, request):
        return False


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


@admin.register(Reference)
class ReferenceAdmin(EditorAdmin):
    list_display = ("title_column", "claim_column", "anchor_column", "url", "date")
    list_editable = ("url", "date")
    list_filter = (ResolvedFilter,)
    search_fields = ("title", "anchor_text", "claim__text")
    list_select_related = ("claim",)
    content_fields = ("title", "anchor_text")

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=gettext_lazy("Title"), ordering="title")
    def title_column(self, obj):
        return shortened(obj.title, 50, of=obj)

    @admin.display(description=gettext_lazy("Claim"), ordering="claim__position")
    def claim_column(self, obj):
        return shortened(obj.claim.text, 60, of=obj.claim)

    @admin.display(description=gettext_lazy("Link text in the rebuttal"), ordering="anchor_text")
    def anchor_column(self, obj):
        return shortened(obj.anchor_text, 40, of=obj)


@admin.register(Statement)
class StatementAdmin(EditorAdmin):
    form = StatementAdminForm
    list_display = (
        content_column("text", Statement._meta.get_field("text").verbose_name),
        "is_true",
        "is_approved",
        "origin",
        content_column("claim", Statement._meta.get_field("claim").verbose_name),
        "reviewed_at",
    )
    list_filter = ("is_approved", "is_true", "origin", ("claim__section", ContentRelatedFilter))
    content_fields = ("text", "explanation")
    search_fields = ("text", "explanation", "claim__text")
    list_select_related = ("claim",)
    readonly_fields = ("origin", "reviewed_by", "reviewed_at")
    actions = ["approve"]

    def row_content(self, obj):
        return obj.text, obj

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # delete one at a time, with the publishing check
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_approved and obj.claim.is_published and last_approved_of_its_kind(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=gettext_lazy("Approve selected statements"))
    def approve(self, request, queryset):
        count = 0
        for statement in queryset.filter(is_approved=False):
            statement.is_approved = True
            statement.reviewed_by = request.user
            statement.reviewed_at = timezone.now()
            statement._change_reason = site_reason(gettext_noop("Approved"))
            statement.save()
            count += 1
        message = ngettext("Approved %(count)d statement.", "Approved %(count)d statements.", count) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if {"is_approved", "text"} & set(form.changed_data):
            obj.reviewed_by = request.user if obj.is_approved else None
            obj.reviewed_at = timezone.now() if obj.is_approved else None
        super().save_model(request, obj, form, change)
