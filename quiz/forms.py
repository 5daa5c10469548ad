"""The answer form: it parses one step's answer (a true/false choice, or a fact per claim) and how sure."""

from django import forms
from django.utils.translation import gettext as _

from quiz import scoring
from quiz.generation import FALSE, TRUE


class AnswerForm(forms.Form):
    """Built for the step being answered: the choices it may take are the step's own.

    A true/false step takes `choice`; a matching step takes one field per claim, named by the item's
    token, whose value must be one of the step's option tokens. With `with_certainty` (the attempt
    asks how sure) it also takes `certainty`: low, medium, high, or nothing (counted as low).
    """

    def __init__(self, data, *, attempt, items, with_certainty: bool):
        super().__init__(data)
        if attempt.step_is_technique(items[0].step):
            tokens = [(o["token"], o["text"]) for o in attempt.options_for(items[0].step)]
            self.fields[items[0].token] = forms.ChoiceField(
                choices=tokens,
                error_messages={
                    "required": _("Choose the technique the statement mainly uses."),
                    "invalid_choice": _("The technique chosen is not one of the choices."),
                },
            )
        elif attempt.step_is_matching(items[0].step):
            tokens = [(o["token"], o["letter"]) for o in attempt.options_for(items[0].step)]
            for number, item in enumerate(items, start=1):
                self.fields[item.token] = forms.ChoiceField(
                    choices=tokens,
                    error_messages={
                        "required": _("Choose the fact that answers claim %(number)d.") % {"number": number},
                        "invalid_choice": _("The fact chosen for claim %(number)d is not one of the choices.")
                        % {"number": number},
                    },
                )
        else:
            self.fields["choice"] = forms.ChoiceField(
                choices=[(TRUE, _("True")), (FALSE, _("False"))],
                error_messages={
                    "required": _("Choose True or False."),
                    "invalid_choice": _("Choose True or False: that answer is not one of the choices."),
                },
            )
        if with_certainty:
            self.fields["certainty"] = forms.ChoiceField(
                required=False,
                choices=[(c.name.lower(), c.label) for c in scoring.Certainty],
                error_messages={"invalid_choice": _("Choose how sure you are: low, medium or high.")},
            )

    def first_error(self) -> tuple[str, str, str]:
        """(field, code, message) of the first field at fault, in the order the page shows them."""
        errors = self.errors.as_data()
        name = next(name for name in self.fields if name in errors)
        error = errors[name][0]
        return name, "missing" if error.code == "required" else "invalid", error.messages[0]

    def choices(self, items) -> dict[int, str]:
        """Item id -> the value chosen for it."""
        if "choice" in self.fields:
            return {items[0].pk: self.cleaned_data["choice"]}
        return {item.pk: self.cleaned_data[item.token] for item in items}

    def certainty(self) -> int | None:
        return scoring.parse_certainty(self.cleaned_data.get("certainty", "")) if "certainty" in self.fields else None
