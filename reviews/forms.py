"""The reminder settings form: how often to be e-mailed about due reviews, and in which time zone the day runs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from factsquiz.timezones import time_zone_choices
from reviews.models import ReminderPreference


class ReminderForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail me about reviews"),
        choices=ReminderPreference.Frequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Only when at least one myth is due, at most once a day (or once a week). "
            "Every e-mail has a link to stop them."
        ),
        error_messages={
            "required": _("Choose how often to be reminded."),
            "invalid_choice": _("Choose one of the options."),
        },
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=time_zone_choices,
        help_text=_("Reminders go out once per day as it runs where you are."),
        error_messages={
            "required": _("Choose your time zone."),
            "invalid_choice": _("Choose a time zone from the list."),
        },
    )
