"""The admin's forms and formsets that keep the publishing rules: positions, a section's claims, a claim's parts."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content import publishing
from content.importer import TEMPORARY_POSITION
from content.models import Claim, Section, Statement


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
                _("Two claims cannot share position %(positions)s. Give each claim its own number.")
                % {"positions": ", ".join(map(str, duplicates))}
            )
        for form in kept:
            if not form.cleaned_data.get("is_published"):
                continue
            if not form.instance.pk:
                raise ValidationError(
                    _(
                        "The new claim “%(claim)s” cannot be published yet: "
                        "save it unpublished, then add its rebuttal and statements on its own page."
                    )
                    % {"claim": form.cleaned_data.get("text", "")[:60]}
                )
            if "is_published" in form.changed_data:
                problems = publishing.claim_problems(form.instance)
                if problems:
                    raise ValidationError(
                        # Translators: %(problems)s lists why, e.g. "it needs at least one approved true statement".
                        _("The claim “%(claim)s” cannot be published: %(problems)s.")
                        % {"claim": form.instance, "problems": "; ".join(problems)}
                    )
        if not self.instance.is_published:
            return
        published = sum(
            1
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("is_published")
        )
        if published < publishing.MIN_PUBLISHED_CLAIMS:
            raise ValidationError(
                ngettext(
                    "This section is published but it has only %(count)d published claim; matching quizzes need at "
                    "least %(minimum)d. Publish another claim below, or unpublish the section.",
                    "This section is published but it has only %(count)d published claims; matching quizzes need at "
                    "least %(minimum)d. Publish another claim below, or unpublish the section.",
                    published,
                )
                % {"count": published, "minimum": publishing.MIN_PUBLISHED_CLAIMS}
            )


class RebuttalFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.is_published:
            return
        forms = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not forms or not (forms[0].cleaned_data.get("summary") or "").strip():
            raise ValidationError(
                _(
                    "A published claim needs a rebuttal with a summary: matching quizzes show it. "
                    "Write the summary, or unpublish the claim."
                )
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
        no_true = not any(data.get("is_true") for data in kept)
        no_false = not any(not data.get("is_true") for data in kept)
        if no_true and no_false:
            raise ValidationError(
                _(
                    "A published claim needs at least one approved true statement and one approved false statement "
                    "(usually the claim itself). Add or approve it below, or unpublish the claim."
                )
            )
        if no_true:
            raise ValidationError(
                _(
                    "A published claim needs at least one approved true statement. "
                    "Add or approve it below, or unpublish the claim."
                )
            )
        if no_false:
            raise ValidationError(
                _(
                    "A published claim needs at least one approved false statement (usually the claim itself). "
                    "Add or approve it below, or unpublish the claim."
                )
            )


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
                ngettext(
                    "The section “%(section)s” is published and would keep only %(count)d published claim; "
                    "matching quizzes need %(minimum)d. "
                    "Publish another claim of the section first, or unpublish the section.",
                    "The section “%(section)s” is published and would keep only %(count)d published claims; "
                    "matching quizzes need %(minimum)d. "
                    "Publish another claim of the section first, or unpublish the section.",
                    others,
                )
                % {"section": section, "count": others, "minimum": publishing.MIN_PUBLISHED_CLAIMS}
            )
        return data


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
                if old.is_true:
                    message = _(
                        "This is the only approved true statement of the published claim “%(claim)s”. "
                        "Add and approve another one first, or unpublish the claim."
                    )
                else:
                    message = _(
                        "This is the only approved false statement of the published claim “%(claim)s”. "
                        "Add and approve another one first, or unpublish the claim."
                    )
                raise ValidationError(message % {"claim": old.claim})
        return data


def last_approved_of_its_kind(statement: Statement) -> bool:
    return not statement.claim.statements.approved().filter(is_true=statement.is_true).exclude(pk=statement.pk).exists()
