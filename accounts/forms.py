"""Forms of the learner site: sign-up (answers are checked by the services, not by forms)."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


class SignUpForm(UserCreationForm):
    """A new learner account: username, e-mail (for password resets) and a password typed twice."""

    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=254,
        help_text=gettext_lazy("Only used to reset your password if you forget it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address already exists. Sign in, or reset your password.")
            )
        return email


REQUIRED_MESSAGES = {
    "username": gettext_lazy("Enter your username"),
    "email": gettext_lazy("Enter your email address"),
    "password": gettext_lazy("Enter your password"),
    "password1": gettext_lazy("Enter a password"),
    "password2": gettext_lazy("Enter the password again"),
    "old_password": gettext_lazy("Enter your current password"),
    "new_password1": gettext_lazy("Enter a new password"),
    "new_password2": gettext_lazy("Enter the new password again"),
}


class SpecificErrorsMixin:
    """Say which field is missing ("Enter your username"), not "This field is required." four times."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in REQUIRED_MESSAGES:
                field.error_messages["required"] = REQUIRED_MESSAGES[name]


class LimitedUsernameMixin:
    """Refuse over-long usernames before anyone tries to sign in with them.

    Django's sign-in form sets the username's max_length after the field is built, so only the
    browser enforces it; a scripted request would reach authentication (and the throttling record).
    """

    def clean_username(self):
        username = self.cleaned_data.get("username", "")
        limit = self.fields["username"].max_length
        if limit and len(username) > limit:
            raise forms.ValidationError(
                ngettext(
                    "Usernames have at most %(limit)d character.", "Usernames have at most %(limit)d characters.", limit
                )
                % {"limit": limit}
            )
        return username


class LoginForm(LimitedUsernameMixin, SpecificErrorsMixin, AuthenticationForm):
    pass


class AdminLoginForm(LimitedUsernameMixin, AdminAuthenticationForm):
    pass


class PasswordChangeWithMessagesForm(SpecificErrorsMixin, PasswordChangeForm):
    pass


class PasswordResetWithMessagesForm(SpecificErrorsMixin, PasswordResetForm):
    pass


class SetPasswordWithMessagesForm(SpecificErrorsMixin, SetPasswordForm):
    pass


class SignUpWithMessagesForm(SpecificErrorsMixin, SignUpForm):
    pass
