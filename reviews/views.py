"""Review pages: the review page (start, resume, or when the next myth is due), reminders, unsubscribing, retention."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quiz.teaching import access
from reviews import reminders, selectors, services
from reviews.forms import ReminderForm
from reviews.models import ReminderPreference
from reviews.retention import cohort_retention as cohort_retention_of


@require_safe
def review(request):
    """What is due, with one button: resume the open review, start one, or (nothing due) practise anyway."""
    services.cards_sync(learner_ids=[request.user.pk])
    now = timezone.now()
    state = selectors.review_state(learner=request.user, now=now)
    context = {
        "state": state,
        "open_review": services.open_review(learner=request.user),
        "session_size": min(state.due, services.session_size()),
        "now": now,
    }
    return render(request, "reviews/review.html", context)


@require_POST
def review_start(request):
    extra = request.POST.get("extra") == "1"
    try:
        attempt, created = services.review_start(learner=request.user, extra=extra)
    except services.NothingToReview as nothing:
        messages.info(request, str(nothing))
        return redirect("reviews:review")
    if not created:
        messages.info(request, _("You already had a review open, so you carry on where you left off."))
    return redirect("quiz:attempt-resume", attempt_id=attempt.public_id)


@require_http_methods(["GET", "HEAD", "POST"])
def reminder_settings(request):
    preference = ReminderPreference.objects.filter(learner=request.user).first()
    initial = {
        "frequency": preference.frequency if preference else ReminderPreference.Frequency.NEVER,
        "time_zone": preference.time_zone if preference else timezone.get_current_timezone_name(),
    }
    form = ReminderForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        reminders.preference_set(learner=request.user, **form.cleaned_data)
        if form.cleaned_data["frequency"] == ReminderPreference.Frequency.NEVER:
            messages.success(request, _("Saved. You will get no review reminders."))
        elif not request.user.email:
            messages.warning(request, _("Saved, but your account has no e-mail address, so no reminder can reach you."))
        else:
            messages.success(request, _("Saved. Reminders go to %(email)s.") % {"email": request.user.email})
        return redirect("reviews:reminders")
    status = 422 if form.errors else 200
    return render(request, "reviews/reminders.html", {"form": form, "preference": preference}, status=status)


@login_not_required
@csrf_exempt  # one-click unsubscribe (RFC 8058): mail clients POST here without a session or a CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET asks to confirm (mail scanners follow links); POST stops the reminders. The signed link is the key."""
    try:
        learner_id = reminders.unsubscribe_signer().unsign(token)
    except signing.BadSignature:
        raise Http404(
            _("This unsubscribe link is not valid. Change reminders on your account’s reminder page.")
        ) from None
    learner = get_user_model().objects.filter(pk=learner_id).first()
    if learner is None:
        raise Http404(_("No such account."))
    if request.method == "POST":
        reminders.preference_set(learner=learner, frequency=ReminderPreference.Frequency.NEVER)
        return render(request, "reviews/unsubscribed.html", {"done": True})
    return render(request, "reviews/unsubscribed.html", {"done": False, "token": token})


@require_safe
@access.instructor_required
def cohort_retention(request, pk: int):
    """A cohort's spaced review: review answers right, mastery per section, learners with many myths overdue."""
    cohort = access.cohort_for(user=request.user, pk=pk)
    retention = cohort_retention_of(cohort=cohort, now=timezone.now())
    return render(request, "reviews/retention.html", {"cohort": cohort, "retention": retention})
