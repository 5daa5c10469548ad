"""Account pages Django does not provide: sign-up (new accounts are learners) and a sign-out confirmation."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import throttle
from accounts.addresses import client_address
from accounts.forms import SignUpWithMessagesForm
from accounts.roles import LEARNER


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def signup(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return _go_on(next_url)
    form = SignUpWithMessagesForm(request.POST if request.method == "POST" else None)
    address = client_address(request)
    # Every sign-up this address may make this hour is made already: refused, whatever the form holds.
    if request.method == "POST" and throttle.signups_exhausted(address):
        return render(request, "registration/signup_throttled.html", status=429)
    if request.method == "POST" and form.is_valid():
        # Counted before the account is made, in one atomic step (accounts/throttle.py): of sign-ups
        # sent at the same moment only as many as the limit allows go on; the others make nothing.
        # Every valid form counts, even if saving it then fails; an invalid one makes nothing and counts nothing.
        if not throttle.take_signup(address):
            return render(request, "registration/signup_throttled.html", status=429)
        with transaction.atomic():
            user = form.save()
            user.groups.add(Group.objects.get(name=LEARNER))
        login(request, user, backend="accounts.auth.CachedModelBackend")
        messages.success(
            request,
            _("Welcome, %(username)s. Your account is ready: pick a section to start.")
            % {"username": user.get_username()},
        )
        return _go_on(next_url)
    # The sign-in link keeps `next`, so signing in instead of up still leads there.
    login_url = reverse("login") + (f"?next={quote(next_url, safe='/')}" if next_url else "")
    context = {"form": form, "next": next_url, "login_url": login_url}
    return render(request, "registration/signup.html", context, status=422 if form.errors else 200)


def _safe_next(request) -> str:
    """Where to go after signing up (a guest's results, say): an absolute path on this site, or ""."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    on_site = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if on_site and next_url.startswith("/") and not next_url.startswith("//") else ""


def _go_on(next_url: str):
    # A URL, never a view name: `redirect()` would first try to reverse whatever the visitor sent.
    return HttpResponseRedirect(next_url) if next_url else redirect("quiz:home")


@require_http_methods(["GET", "HEAD", "POST"])
@login_not_required
def logout(request):
    """POST signs out. A GET (a bookmark, or `next` after signing in) gets a button instead of an error."""
    if request.method == "POST":
        return auth_views.LogoutView.as_view()(request)
    if not request.user.is_authenticated:
        return redirect("quiz:home")
    return render(request, "registration/logout_confirm.html")
