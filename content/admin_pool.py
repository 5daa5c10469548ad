"""The editors' admin for the held-out pool of the pre- and post-test (never shown in practice or the library)."""

from django.contrib import admin
from django.db.models import Count, Q

from content.admin_language import ContentRelatedFilter, InContentLanguageMixin, content_column
from content.admin_parts import EditorAdmin
from content.models import HeldOutItem


@admin.register(HeldOutItem)
class HeldOutItemAdmin(InContentLanguageMixin, EditorAdmin):
    list_display = (
        content_column("__str__", HeldOutItem._meta.verbose_name),
        "kind",
        "half",
        "is_true",
        content_column("technique", HeldOutItem._meta.get_field("technique").verbose_name),
        content_column("topic", HeldOutItem._meta.get_field("topic").verbose_name),
        "is_published",
    )
    list_filter = ("half", "kind", "is_true", "is_published", ("technique", ContentRelatedFilter))
    search_fields = ("text", "explanation")
    list_select_related = ("technique", "topic")
    fields = ("kind", "half", "text", "is_true", "technique", "topic", "explanation", "is_published", "position")
    content_fields = ("text", "explanation")  # in CONTENT_LANGUAGE; its topic (a section) keeps its own

    def changelist_view(self, request, extra_context=None):
        """Above the list: how the halves compare (they must stay equally hard and alike)."""
        counts = HeldOutItem.objects.published().values("half").annotate(
            trues=Count("pk", filter=Q(is_true=True)),
            falses=Count("pk", filter=Q(is_true=False)),
            techniques=Count("pk", filter=Q(kind="technique")),
        )
        extra_context = {**(extra_context or {}), "halves": list(counts.order_by("half"))}
        return super().changelist_view(request, extra_context)
