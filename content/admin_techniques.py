"""The editors' admin for manipulation techniques: families, techniques, transfer examples, and each claim's tags."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from content.admin_language import ContentLanguageMixin, ContentRelatedFilter, InContentLanguageMixin, content_column
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
            raise ValidationError(_("A claim has one primary technique: mark the others secondary."))
        if len(secondaries) > ClaimTechnique.MAX_SECONDARY:
            raise ValidationError(
                _("A claim has at most %(count)d secondary techniques.") % {"count": ClaimTechnique.MAX_SECONDARY}
            )
        techniques = [row["technique"].pk for row in kept if row.get("technique")]
        if len(techniques) != len(set(techniques)):
            raise ValidationError(_("Each technique can be tagged once per claim."))


class ClaimTechniqueInline(LabelledTabularInline):
    model = ClaimTechnique
    formset = ClaimTechniqueFormSet
    fields = ("technique", "role", "rationale")
    content_fields = ("rationale",)  # in its claim's language
    extra = 0
    max_num = 1 + ClaimTechnique.MAX_SECONDARY
    formfield_overrides = {NormalisedTextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}
    verbose_name = gettext_lazy("technique")
    verbose_name_plural = gettext_lazy(
        "Techniques (one primary, at most two secondary, each with how this wording uses it)"
    )


class NoPrimaryTechniqueFilter(admin.SimpleListFilter):
    title = gettext_lazy("technique")
    parameter_name = "technique"

    def lookups(self, request, model_admin):
        return [("missing", _("No primary technique"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.exclude(Exists(ClaimTechnique.objects.filter(claim=OuterRef("pk"), role="primary")))
        return queryset


def primary_technique_annotation():
    return Exists(ClaimTechnique.objects.filter(claim=OuterRef("pk"), role="primary"))


@admin.register(TechniqueFamily)
class TechniqueFamilyAdmin(InContentLanguageMixin, EditorAdmin):
    list_display = (content_column("name", TechniqueFamily._meta.get_field("name").verbose_name), "slug", "position")
    content_fields = ("name", "origin", "note")
    prepopulated_fields = {"slug": ("name",)}


class TechniqueExampleInline(InContentLanguageMixin, ContentLanguageMixin, admin.StackedInline):
    model = TechniqueExample
    fields = ("text", "explanation", "is_published", "position")
    content_fields = ("text", "explanation")
    extra = 0


@admin.register(Technique)
class TechniqueAdmin(InContentLanguageMixin, EditorAdmin):
    list_display = (
        content_column("name", Technique._meta.get_field("name").verbose_name),
        content_column("family", Technique._meta.get_field("family").verbose_name),
        "position",
        "claims_column",
        "examples_column",
    )
    list_filter = (("family", ContentRelatedFilter),)
    search_fields = ("name", "definition", "cues", "example")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("family",)
    fields = ("family", "name", "slug", "position", "definition", "cues", "example")
    content_fields = ("name", "definition", "cues", "example")
    inlines = [TechniqueExampleInline]

    def get_deleted_objects(self, objs, request):
        """What deleting would take, or what keeps the techniques: the rows that protect them counted per kind
        (claims' tags, examples, learners' answers), not listed one by one as Django would (answers run to
        thousands, and each would be loaded to list it)."""
        keeping = []
        for relation in Technique._meta.get_fields(include_hidden=True):  # answers' relation is hidden ("+")
            if not relation.auto_created or relation.concrete or relation.on_delete is not models.PROTECT:
                continue
            model = relation.related_model
            count = model._default_manager.filter(**{f"{relation.field.name}__in": objs}).count()
            if count:
                # Translators: what keeps a technique from being deleted, e.g. "1,204 attempt items" (the
                # objects are the model's name, singular or plural to agree with the count).
                text = ngettext("%(count)s %(objects)s", "%(count)s %(objects)s", count)
                objects = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
                keeping.append(text % {"count": number_format(count, force_grouping=True), "objects": objects})
        if not keeping:
            return super().get_deleted_objects(objs, request)
        return [], {}, set(), keeping

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                primary_total=Count("claim_tags", filter=Q(claim_tags__role="primary"), distinct=True),
                example_total=Count("examples", distinct=True),
            )
        )

    # Translators: a column of the techniques' list: how many claims use the technique as their primary one.
    @admin.display(description=gettext_lazy("Claims (primary)"), ordering="primary_total")
    def claims_column(self, obj):
        return obj.primary_total

    @admin.display(description=gettext_lazy("Transfer examples"), ordering="example_total")
    def examples_column(self, obj):
        return obj.example_total


@admin.register(TechniqueExample)
class TechniqueExampleAdmin(InContentLanguageMixin, EditorAdmin):
    list_display = (
        content_column("__str__", TechniqueExample._meta.verbose_name),
        content_column("technique", TechniqueExample._meta.get_field("technique").verbose_name),
        "is_published",
        "position",
    )
    list_filter = (("technique", ContentRelatedFilter), "is_published")
    content_fields = ("text", "explanation")
    search_fields = ("text", "explanation")
    list_select_related = ("technique",)
