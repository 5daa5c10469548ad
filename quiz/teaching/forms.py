"""Forms that parse instructors' and learners' cohort input: a new cohort's name, a join code."""

from django import forms

from quiz.models import Cohort


class CohortForm(forms.Form):
    name = forms.CharField(
        max_length=Cohort._meta.get_field("name").max_length,
        strip=True,
        error_messages={
            "required": "Enter a name for the cohort.",
            "max_length": "Use at most %(limit_value)d characters for the name.",
        },
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=40,  # a code with spaces or dashes typed in; longer is no code
        strip=True,
        error_messages={
            "required": "Enter the join code your instructor gave you.",
            "max_length": "That join code does not match any cohort. Check it with your instructor.",
        },
    )

    def first_error(self) -> str:
        return next(iter(self.errors.get("code", [])), "")


class CoInstructorForm(forms.Form):
    username = forms.CharField(
        label="Their username",
        max_length=150,
        strip=True,
        error_messages={
            "required": "Enter the username of the instructor to add.",
            "max_length": "That is longer than any username.",
        },
    )
