"""Learners joining a cohort with its code, and leaving one after a confirmation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quiz.teaching import cohorts
from quiz.teaching.forms import JoinForm


@require_http_methods(["GET", "HEAD", "POST"])
def join(request):
    """Join a cohort with its code: the link carries it (?code=…), or the learner types it in."""
    form = JoinForm(request.POST if request.method == "POST" else request.GET if "code" in request.GET else None)
    code = (form["code"].value() or "").strip() if form.is_bound else ""
    context = {"code": code, "cohort": None, "error": ""}
    try:
        if form.is_bound and not form.is_valid():
            raise cohorts.CohortError(form.first_error())
        code = form.cleaned_data["code"] if form.is_bound else ""
        if request.method == "POST":
            cohort, joined = cohorts.cohort_join(learner=request.user, code=code)
            if joined:
                messages.success(
                    request,
                    _("You joined “%(cohort)s”. Your instructor can now see your scores.") % {"cohort": cohort.name},
                )
            else:
                messages.info(request, _("You are already in “%(cohort)s”.") % {"cohort": cohort.name})
            if joined and cohort.tests_enabled:
                return redirect("quiz:test", pk=cohort.pk, phase="pre")
            return redirect("quiz:home")
        if code:
            context["cohort"] = cohorts.cohort_by_code(code)
    except cohorts.CohortError as refusal:
        context["error"] = str(refusal)
    return render(request, "quiz/join.html", context, status=422 if context["error"] else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def cohort_leave(request, pk: int):
    """GET asks to confirm; POST leaves. A group the learner is not in is "not found"."""
    membership = request.user.memberships.select_related("cohort__instructor").filter(cohort_id=pk).first()
    if membership is None:
        raise Http404("You are not in that group.")
    if request.method == "POST":
        cohorts.cohort_leave(learner=request.user, cohort_id=pk)
        messages.success(
            request,
            _("You left “%(cohort)s”. Its instructors no longer see your scores or answers.")
            % {"cohort": membership.cohort.name},
        )
        return redirect("quiz:home")
    return render(request, "quiz/cohort_leave.html", {"cohort": membership.cohort})
