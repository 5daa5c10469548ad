"""Instructor pages for assignments: set quizzes with dates, read completion, change or remove them."""

import zoneinfo

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from content.models import Section
from factsquiz.timezones import known_zones
from quiz.models import Quiz
from quiz.teaching import access, assigning, assignments
from quiz.teaching.access import instructor_required
from quiz.teaching.forms import AssignmentForm


def _zone(cohort) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(cohort.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _form(cohort, data=None, assignment=None) -> AssignmentForm:
    initial = {"time_zone": cohort.time_zone}
    if assignment:
        zone = _zone(cohort)
        initial |= {
            "title": assignment.title,
            "quizzes": list(assignment.quizzes.all()),
            # Naive, in the cohort's zone: an aware value would be shown in the browser's zone instead.
            "opens_at": timezone.make_naive(assignment.opens_at, zone) if assignment.opens_at else None,
            "due_at": timezone.make_naive(assignment.due_at, zone) if assignment.due_at else None,
        }
    return AssignmentForm(
        data,
        initial=initial,
        quizzes=Quiz.objects.with_content()
        .select_related("section__document", "document")
        .order_by("section__document__title", "section__document_id", "section__position", "kind"),
        sections=Section.objects.published()
        .select_related("document")
        .order_by("document__title", "document_id", "position"),
    )


def _save(request, cohort, assignment=None):
    form = _form(cohort, request.POST if request.method == "POST" else None, assignment)
    if request.method == "POST":
        typed = request.POST.get("time_zone", "")
        zone = zoneinfo.ZoneInfo(typed) if typed in known_zones() else _zone(cohort)
        with timezone.override(zone):  # dates are typed in the cohort's time zone
            valid = form.is_valid()
        if valid and form.cleaned_data["due_at"] and form.cleaned_data["due_at"] <= timezone.now() and not assignment:
            form.add_error("due_at", _("That due date has passed: choose a later one."))
            valid = False
        if valid:
            cohort.time_zone = form.cleaned_data["time_zone"]
            cohort.save(update_fields=["time_zone"])
            saved = assigning.assignment_save(
                cohort=cohort,
                by=request.user,
                quizzes=form.cleaned_data["chosen"],
                title=form.cleaned_data["title"],
                opens_at=form.cleaned_data["opens_at"],
                due_at=form.cleaned_data["due_at"],
                assignment=assignment,
            )
            names = {"title": saved.title, "cohort": cohort.name}
            if assignment:
                messages.success(request, _("“%(title)s” changed to %(cohort)s.") % names)
            else:
                messages.success(request, _("“%(title)s” assigned to %(cohort)s.") % names)
            return redirect("quiz:assignment-detail", pk=cohort.pk, assignment_id=saved.pk)
    context = {"cohort": cohort, "form": form, "assignment": assignment}
    return render(request, "teaching/assignment_form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@instructor_required
def assignment_new(request, pk: int):
    return _save(request, access.owned_cohort_for(user=request.user, pk=pk))


@require_http_methods(["GET", "HEAD", "POST"])
@instructor_required
def assignment_edit(request, pk: int, assignment_id: int):
    cohort = access.owned_cohort_for(user=request.user, pk=pk)
    return _save(request, cohort, get_object_or_404(cohort.assignments, pk=assignment_id))


@require_http_methods(["GET", "HEAD", "POST"])
@instructor_required
def assignment_delete(request, pk: int, assignment_id: int):
    cohort = access.owned_cohort_for(user=request.user, pk=pk)
    assignment = get_object_or_404(cohort.assignments, pk=assignment_id)
    if request.method == "POST":
        assigning.assignment_delete(assignment=assignment)
        removed = _("“%(title)s” removed. Learners’ attempts and scores are unchanged.")
        messages.success(request, removed % {"title": assignment.title})
        return redirect("quiz:cohort-detail", pk=cohort.pk)
    return render(request, "teaching/assignment_delete.html", {"cohort": cohort, "assignment": assignment})


@require_safe
@instructor_required
def assignment_detail(request, pk: int, assignment_id: int):
    cohort = access.cohort_for(user=request.user, pk=pk)
    reports = assignments.cohort_assignments(cohort=cohort, now=timezone.now(), only=assignment_id)
    if not reports:
        raise Http404("This cohort has no such assignment.")
    report = reports[0]
    zone = _zone(cohort)
    due = report.assignment.due_at
    # In the cohort's own zone, as a string: the `date` filter would show the browser's zone instead.
    due_there = formats.date_format(timezone.localtime(due, zone), "DATETIME_FORMAT") if due else ""
    context = {"cohort": cohort, "report": report, "zone": cohort.time_zone, "due_there": due_there}
    return render(request, "teaching/assignment_detail.html", context)
