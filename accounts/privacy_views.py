"""The signed-in user's own account: its page, downloading all their data, deleting it; and the public privacy page."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_not_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts import deletion, privacy
from accounts.roles import role_label, user_roles
from reviews import services as review_services


class AccountDeleteForm(forms.Form):
    """The current password, checked as a sign-in is: a wrong one counts towards the sign-in lockout."""

    password = forms.CharField(
        label=gettext_lazy("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Enter your current password")},
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        # authenticate(), not check_password(): django-axes counts a wrong password here as a failed sign-in,
        # so a stolen session cannot be used to guess the password without limit.
        if getattr(authenticate(self.request, username=user.get_username(), password=password), "pk", None) != user.pk:
            raise forms.ValidationError(_("The password is not right. Enter the password you sign in with"))
        return password


@require_safe
def account(request):
    context = {"roles": [role_label(role) for role in sorted(user_roles(request.user))]}
    return render(request, "accounts/account_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def data_export(request):
    """GET says what the download holds; POST (its button) streams the zip."""
    if request.method != "POST":
        return render(request, "accounts/data_export.html", {"files": privacy.FILES})
    review_services.cards_sync(learner_ids=[request.user.pk])  # cards as they stand after every answer
    response = StreamingHttpResponse(privacy.data_archive(user=request.user), content_type="application/zip")
    filename = privacy.archive_name(user=request.user, today=timezone.localdate())
    response["Content-Disposition"] = content_disposition_header(True, filename)
    add_never_cache_headers(response)  # personal data: no copy in any cache on the way
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    summary = deletion.deletion_summary(user=request.user)
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, request=request)
    context = {"form": form, "summary": summary}
    if summary.is_last_superuser:
        return render(request, "accounts/account_delete.html", context, status=409 if request.method == "POST" else 200)
    if request.method == "POST" and form.is_valid():
        try:
            deletion.account_delete(user=request.user)
        except deletion.LastSuperuser:  # another superuser went in the meantime
            context["summary"] = deletion.deletion_summary(user=request.user)
            return render(request, "accounts/account_delete.html", context, status=409)
        logout(request)
        messages.success(request, _("Your account and everything kept with it have been deleted."))
        return redirect("quiz:home")
    return render(request, "accounts/account_delete.html", context, status=422 if form.errors else 200)


@require_safe
@login_not_required
def privacy_notice(request):
    context = {
        "session_days": settings.SESSION_COOKIE_AGE // (24 * 60 * 60),
        "axes_failure_limit": settings.AXES_FAILURE_LIMIT,
        "axes_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "signup_limit": settings.SIGNUP_LIMIT_PER_HOUR,
    }
    return render(request, "accounts/privacy.html", context)
