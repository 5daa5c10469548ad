"""The editors' admin for manipulation techniques: families, techniques, transfer examples, and each claim's tags."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q

from content.admin_parts import EditorAdmin, LabelledTabularInline
from content.fields import NormalisedTextField
from content.models import ClaimTechnique, Technique, TechniqueExample, TechniqueFamily


class ClaimTechniqueFormSet(forms.BaseInlineFormSet):
    """A claim's techniques: at most one primary and two secondary, each technique once."""

    def clean(self):
        super().clean()
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        primaries = [row for row in kept if row.get("role") == ClaimTechnique.Role.PRIMARY]
        secondaries = [row for row in kept if row.get("role") == ClaimTechnique.Role.SECONDARY]
        if len(primaries) > 1:
            raise ValidationError("A claim has one primary technique: mark the others secondary.")
        if len(secondaries) > ClaimTechnique.MAX_SECONDARY:
            raise ValidationError(f"A claim has at most {ClaimTechnique.MAX_SECONDARY} secondary techniques.")
        techniques = [row["technique"].pk for row in kept if row.get("technique")]
        if len(techniques) != len(set(techniques)):
            raise ValidationError("Each technique can be tagged once per claim.")


class ClaimTechniqueInline(LabelledTabularInline):
    model = ClaimTechnique
    formset = ClaimTechniqueFormSet
    fields = ("technique", "role", "rationale")
    extra = 0
    max_num = 1 + ClaimTechnique.MAX_SECONDARY
    formfield_overrides = {NormalisedTextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}
    verbose_name = "technique"
    verbose_name_plural = "Techniques (one primary, at most two secondary, each with how this wording uses it)"


class NoPrimaryTechniqueFilter(admin.SimpleListFilter):
    title = "technique"
    parameter_name = "technique"

    def lookups(self, request, model_admin):
        return [("missing", "No primary technique")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.exclude(Exists(ClaimTechnique.objects.filter(claim=OuterRef("pk"), role="primary")))
        return queryset


def primary_technique_annotation():
    return Exists(ClaimTechnique.objects.filter(claim=OuterRef("pk"), role="primary"))


@admin.register(TechniqueFamily)
class TechniqueFamilyAdmin(EditorAdmin):
    list_display = ("name", "slug", "position")
    prepopulated_fields = {"slug": ("name",)}


class TechniqueExampleInline(admin.StackedInline):
    model = TechniqueExample
    fields = ("text", "explanation", "is_published", "position")
    extra = 0


@admin.register(Technique)
class TechniqueAdmin(EditorAdmin):
    list_display = ("name", "family", "position", "claims_column", "examples_column")
    list_filter = ("family",)
    search_fields = ("name", "definition", "cues", "example")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("family",)
    fields = ("family", "name", "slug", "position", "definition", "cues", "example")
    inlines = [TechniqueExampleInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                primary_total=Count("claim_tags", filter=Q(claim_tags__role="primary"), distinct=True),
                example_total=Count("examples", distinct=True),
            )
        )

    @admin.display(description="Claims (primary)", ordering="primary_total")
    def claims_column(self, obj):
        return obj.primary_total

    @admin.display(description="Transfer examples", ordering="example_total")
    def examples_column(self, obj):
        return obj.example_total


@admin.register(TechniqueExample)
class TechniqueExampleAdmin(EditorAdmin):
    list_display = ("__str__", "technique", "is_published", "position")
    list_filter = ("technique", "is_published")
    search_fields = ("text", "explanation")
    list_select_related = ("technique",)
