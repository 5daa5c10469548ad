"""Admin for quizzes (editors set them up per section) and a read-only view of attempts for superusers."""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.admin_parts import EditorAdmin
from content.models import Section
from quiz.availability import (
    SectionStock,
    document_stock_annotations,
    quiz_unavailable_reason,
    section_stock_annotations,
)
from quiz.models import Attempt, AttemptItem, Quiz


@admin.register(Quiz)
class QuizAdmin(EditorAdmin):
    """Every section has exactly one quiz of each kind, made with the section: editors configure, never add."""

    list_display = (
        "__str__",
        "kind",
        "item_count",
        "matching_set_size",
        "pass_mark",
        "min_discernment",
        "feedback",
        "time_limit_minutes",
        "is_published",
        "availability",
    )
    list_filter = ("kind", "is_published", "feedback", "section__document", "document")
    search_fields = ("section__title", "document__title")
    readonly_fields = ("section", "document", "kind", "availability")
    fieldsets = (
        (None, {"fields": ("section", "document", "kind", "availability", "is_published")}),
        (gettext_lazy("Items"), {"fields": ("item_count", "matching_set_size", "example_count")}),
        (
            gettext_lazy("Scoring and feedback"),
            {"fields": ("pass_mark", "min_discernment", "asks_certainty", "feedback", "time_limit_minutes")},
        ),
    )

    def get_queryset(self, request):
        sections = Section.objects.annotate(**section_stock_annotations())
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("section", queryset=sections), "document")
            .annotate(**document_stock_annotations())
        )

    @admin.display(description=gettext_lazy("Can learners take it?"))
    def availability(self, quiz: Quiz) -> str:
        if quiz.is_document_wide:
            stock = SectionStock(quiz.document_visible, 0, 0, 0, quiz.document_tagged)
        else:
            stock = SectionStock.of(quiz.section) if quiz.section else None
        reason = quiz_unavailable_reason(quiz, stock)
        return _("No — %(reason)s") % {"reason": reason} if reason else _("Yes")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttemptItemInline(admin.TabularInline):
    model = AttemptItem
    fields = ("position", "step", "prompt", "correct_choice", "choice", "is_correct", "answered_at", "seconds_taken")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Read-only, superusers only: scores are written by the quiz services, and learners' answers are private."""

    list_display = ("title", "learner", "started_at", "finished_at", "score", "max_score", "percent", "is_practice")
    list_filter = ("kind", "is_practice", "passed")
    search_fields = ("learner__username", "title")
    date_hierarchy = "started_at"
    inlines = [AttemptItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("learner")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
