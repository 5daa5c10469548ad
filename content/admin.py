"""The editors' admin: documents, and sections with their claims; the other model admins register from their modules.

Django imports this module (admin autodiscovery); it imports `admin_claims`, `admin_statements`, `admin_techniques`
and `admin_pool`, which register the claims, their statements, references and rebuttals, techniques and the pool.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content import (
    admin_claims,  # noqa: F401  (registers the claims)
    admin_pool,  # noqa: F401  (registers the held-out pool)
    admin_statements,  # noqa: F401  (registers the statements, references and rebuttals)
    admin_techniques,  # noqa: F401  (registers the techniques)
    audit,
    publishing,
)
from content.admin_forms import PositionedForm, SectionClaimsFormSet
from content.admin_language import ContentRelatedFilter, content_column
from content.admin_parts import (
    EditorAdmin,
    LabelledTabularInline,
    LastEditedMixin,
    QualityFilter,
    QualityMixin,
    last_editor_subquery,
    publish_selected,
    unpublish_selected,
)
from content.admin_upload import can_upload, upload_urls
from content.models import Claim, Section, SourceDocument


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
