"""Account pages Django does not provide: sign-up (new accounts are learners) and a sign-out confirmation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.addresses import client_address
from accounts.forms import SignUpWithMessagesForm
from accounts.roles import LEARNER


@require_http_methods(["GET", "POST"])
@login_not_required
def signup(request):
    if request.user.is_authenticated:
        return redirect("quiz:home")
    form = SignUpWithMessagesForm(request.POST if request.method == "POST" else None)
    throttle_key = f"signups:{client_address(request)}"
    if request.method == "POST" and cache.get(throttle_key, 0) >= settings.SIGNUP_LIMIT_PER_HOUR:
        return render(request, "registration/signup_throttled.html", status=429)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            user.groups.add(Group.objects.get(name=LEARNER))
        cache.add(throttle_key, 0, timeout=60 * 60)
        cache.incr(throttle_key)
        login(request, user, backend="accounts.auth.CachedModelBackend")
        messages.success(request, f"Welcome, {user.get_username()}. Your account is ready: pick a section to start.")
        return redirect("quiz:home")
    return render(request, "registration/signup.html", {"form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_not_required
def logout(request):
    """POST signs out. A GET (a bookmark, or `next` after signing in) gets a button instead of an error."""
    if request.method == "POST":
        return auth_views.LogoutView.as_view()(request)
    if not request.user.is_authenticated:
        return redirect("quiz:home")
    return render(request, "registration/logout_confirm.html")
