"""Forms that parse instructors' and learners' cohort input: a new cohort's name, a join code."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factsquiz.timezones import time_zone_choices
from quiz.models import Cohort


class CohortForm(forms.Form):
    name = forms.CharField(
        max_length=Cohort._meta.get_field("name").max_length,
        strip=True,
        error_messages={
            "required": _("Enter a name for the cohort."),
            "max_length": _("Use at most %(limit_value)d characters for the name."),
        },
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=40,  # a code with spaces or dashes typed in; longer is no code
        strip=True,
        error_messages={
            "required": _("Enter the join code your instructor gave you."),
            "max_length": _("That join code does not match any cohort. Check it with your instructor."),
        },
    )

    def first_error(self) -> str:
        return next(iter(self.errors.get("code", [])), "")


class CoInstructorForm(forms.Form):
    username = forms.CharField(
        label=_("Their username"),
        max_length=150,
        strip=True,
        error_messages={
            "required": _("Enter the username of the instructor to add."),
            "max_length": _("That is longer than any username."),
        },
    )


class LocalDateTimeInput(forms.DateTimeInput):
    """A date and time picker that works without JavaScript (the browser's own), in the cohort's time zone."""

    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class AssignmentForm(forms.Form):
    """Quizzes (single ones, or every quiz of whole sections) with optional dates in the cohort's time zone.

    Validate it with the cohort's time zone active (`timezone.override`), so dates are read as the
    cohort's local time.
    """

    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Optional: what learners see. Left empty, the quizzes’ names are used."),
        error_messages={"max_length": _("Use at most %(limit_value)d characters for the title.")},
    )
    sections = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Whole sections"),
        help_text=_("Every quiz of each section ticked."),
    )
    quizzes = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Single quizzes"),
    )
    opens_at = forms.DateTimeField(
        required=False,
        widget=LocalDateTimeInput,
        # Translators: the label of an assignment's opening date and time.
        label=_("Opens"),
        help_text=_("Optional. Before then, learners do not see it."),
        error_messages={"invalid": _("Enter the opening date and time, for example 2027-01-15 09:00.")},
    )
    due_at = forms.DateTimeField(
        required=False,
        widget=LocalDateTimeInput,
        # Translators: the label of an assignment's due date and time.
        label=_("Due"),
        help_text=_("Optional. Work finished after it counts as done late."),
        error_messages={"invalid": _("Enter the due date and time, for example 2027-01-22 17:00.")},
    )

    time_zone = forms.ChoiceField(
        label=_("Cohort’s time zone"),
        choices=time_zone_choices,
        help_text=_("The dates above are in this time zone; learners see them in their own."),
        error_messages={
            "required": _("Choose the cohort’s time zone."),
            "invalid_choice": _("Choose a time zone from the list."),
        },
    )

    def __init__(self, *args, quizzes, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quizzes"].queryset = quizzes
        self.fields["quizzes"].label_from_instance = lambda quiz: str(quiz)
        self.fields["sections"].queryset = sections
        self.fields["sections"].label_from_instance = lambda section: section.title

    def clean(self):
        data = super().clean()
        chosen = list(data.get("quizzes") or [])
        for section in data.get("sections") or []:
            chosen += [q for q in self.fields["quizzes"].queryset if q.section_id == section.pk and q not in chosen]
        if not chosen and not self.errors:
            self.add_error("quizzes", gettext("Choose at least one quiz or section to assign."))
        data["chosen"] = chosen
        opens, due = data.get("opens_at"), data.get("due_at")
        if opens and due and due <= opens:
            self.add_error("due_at", gettext("The due date must come after the opening date."))
        return data
