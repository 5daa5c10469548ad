"""A claim's parts in lists of their own: statements to approve, references waiting for a URL, rebuttals' history."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from content.admin_forms import StatementAdminForm, last_approved_of_its_kind
from content.admin_language import ContentRelatedFilter, content_column, shortened
from content.admin_parts import EditorAdmin, ResolvedFilter
from content.history import site_reason
from content.models import Rebuttal, Reference, Statement


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
