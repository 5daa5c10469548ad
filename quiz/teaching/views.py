"""Instructor pages: cohorts and join codes, gradebook, a learner's answers, item analysis, myths, progress, CSV."""

import csv
import itertools

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from factsquiz.templatetags.formatting import percent
from quiz import selectors, technique_scores
from quiz.catalogue import catalogue
from quiz.models import Quiz
from quiz.teaching import access, analytics, assignments, charts, cohorts, exports
from quiz.teaching import gradebook as grading
from quiz.teaching.access import instructor_required
from quiz.teaching.forms import CohortForm, CoInstructorForm
from quiz.teaching.gradebook_html import columns_html, rows_html, summary_html

PER_PAGE = 50


@require_http_methods(["GET", "HEAD", "POST"])
@instructor_required
def cohort_list(request):
    error = ""
    form = CohortForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        try:
            if not form.is_valid():
                raise cohorts.CohortError(form.errors["name"][0])
            cohort = cohorts.cohort_create(instructor=request.user, name=form.cleaned_data["name"])
        except cohorts.CohortError as refusal:
            error = str(refusal)
        else:
            messages.success(
                request,
                _("Cohort “%(name)s” created. Share its join code with your learners.") % {"name": cohort.name},
            )
            return redirect("quiz:cohort-detail", pk=cohort.pk)
    context = {
        "cohorts": access.cohorts_for(user=request.user),
        "error": error,
        "name": form["name"].value() or "",
    }
    return render(request, "teaching/cohort_list.html", context, status=422 if error else 200)


@require_safe
@instructor_required
def cohort_detail(request, pk: int):
    cohort = access.cohort_for(user=request.user, pk=pk)
    page = Paginator(access.members(cohort=cohort).order_by("username"), PER_PAGE).get_page(request.GET.get("page"))
    join_url = request.build_absolute_uri(reverse("quiz:join") + f"?code={cohort.join_code}")
    context = {
        "cohort": cohort,
        "page": page,
        "join_url": join_url,
        "quizzes": access.cohort_quizzes(),
        "co_instructors": cohort.co_instructors.order_by("username"),
        "reports": assignments.cohort_assignments(cohort=cohort, now=timezone.now()),
        "co_form": CoInstructorForm(),
    }
    return render(request, "teaching/cohort_detail.html", context)


@require_POST
@instructor_required
def co_instructor_add(request, pk: int):
    """The owner lets another instructor read the cohort's reports (by username)."""
    cohort = access.owned_cohort_for(user=request.user, pk=pk)
    form = CoInstructorForm(request.POST)
    try:
        if not form.is_valid():
            raise cohorts.CohortError(form.errors["username"][0])
        user = cohorts.co_instructor_add(cohort=cohort, username=form.cleaned_data["username"])
    except cohorts.CohortError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(username)s can now see “%(cohort)s” as you do, without managing it.")
            % {"username": user.get_username(), "cohort": cohort.name},
        )
    return redirect("quiz:cohort-detail", pk=cohort.pk)


@require_POST
@instructor_required
def co_instructor_remove(request, pk: int, user_id: int):
    cohort = access.owned_cohort_for(user=request.user, pk=pk)
    if cohorts.co_instructor_remove(cohort=cohort, user_id=user_id):
        messages.success(request, _("Removed: they no longer see this cohort."))
    return redirect("quiz:cohort-detail", pk=cohort.pk)


@require_POST
@instructor_required
def cohort_rotate_code(request, pk: int):
    cohort = cohorts.cohort_rotate_code(cohort=access.owned_cohort_for(user=request.user, pk=pk))
    messages.success(
        request, _("New join code: %(code)s. The old code and link no longer work.") % {"code": cohort.join_code}
    )
    return redirect("quiz:cohort-detail", pk=cohort.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@instructor_required
def cohort_remove_learner(request, pk: int, learner_id: int):
    cohort = access.owned_cohort_for(user=request.user, pk=pk)
    learner = get_object_or_404(access.members(cohort=cohort), pk=learner_id)
    if request.method == "POST":
        cohorts.cohort_remove_learner(cohort=cohort, learner_id=learner.pk)
        messages.success(
            request,
            _("%(username)s is no longer in “%(cohort)s”. Their attempts are kept.")
            % {"username": learner.get_username(), "cohort": cohort.name},
        )
        return redirect("quiz:cohort-detail", pk=cohort.pk)
    return render(request, "teaching/membership_remove.html", {"cohort": cohort, "learner": learner})


def _method(request) -> str:
    method = request.GET.get("method", "highest")
    return method if method in grading.GRADING_METHODS else "highest"


@require_safe
@vary_on_headers("HX-Request")
@instructor_required
def gradebook(request, pk: int):
    cohort = access.cohort_for(user=request.user, pk=pk)
    method = _method(request)
    quizzes, section_id, assignment = _gradebook_quizzes(request, cohort)
    sort = request.GET.get("sort", "learner")
    learners = grading.gradebook_learners(cohort=cohort, sort=sort, method=method, quiz_ids=[q.pk for q in quizzes])
    page = Paginator(learners, PER_PAGE).get_page(request.GET.get("page"))
    summary = grading.gradebook_summary(cohort=cohort, quiz_ids=[q.pk for q in quizzes], method=method)
    context = {
        "cohort": cohort,
        "page": page,
        "learner_column": _sort_column("learner", sort, first="learner"),
        "quiz_columns": [(quiz, _sort_column(f"quiz-{quiz.pk}", sort, first="-")) for quiz in quizzes],
        "activity_column": _sort_column("activity", sort, first="-"),
        "method_label": grading.GRADING_METHODS[method],
        "rows_html": rows_html(
            grading.gradebook_rows(cohort=cohort, learners=page.object_list, quizzes=quizzes, method=method),
            cohort=cohort,
        ),
        "quizzes": quizzes,
        "summary": [summary.get(q.pk, grading.QuizSummary()) for q in quizzes],
        "member_count": page.paginator.count,
        "sections": catalogue().sections,
        "section_id": section_id,
        "assignments": cohort.assignments.all(),
        "assignment": assignment,
        "method": method,
        "methods": grading.GRADING_METHODS,
        "sort": sort,
    }
    context["columns_html"] = columns_html(request, context["quiz_columns"])
    context["averages_html"], context["took_html"] = summary_html(context["summary"], members=context["member_count"])
    partial = request.htmx and not request.htmx.history_restore_request
    template = "teaching/gradebook.html#gradebook-table" if partial else "teaching/gradebook.html"
    return render(request, template, context)


def _gradebook_quizzes(request, cohort):
    """The quizzes the gradebook and its CSV show: all, a section's, or an assignment's; with the filters read."""
    section = request.GET.get("section", "")
    section_id = int(section) if section.isdecimal() and len(section) < 10 else None  # ids fit in 9 digits here
    chosen = request.GET.get("assignment", "")
    assignment = cohort.assignments.filter(pk=int(chosen)).first() if chosen.isdecimal() and len(chosen) < 10 else None
    quizzes = access.cohort_quizzes(section_id=section_id)
    if assignment:
        assigned = set(assignment.quizzes.values_list("pk", flat=True))
        quizzes = [quiz for quiz in quizzes if quiz.pk in assigned]
    return quizzes, section_id, assignment


def _sort_column(key: str, sort: str, *, first: str) -> dict:
    """The column's aria-sort state and the sort value its header link sets (toggling when already sorted)."""
    state = "ascending" if sort == key else "descending" if sort == f"-{key}" else "none"
    toggled = {"ascending": f"-{key}", "descending": key, "none": f"-{key}" if first == "-" else key}
    return {"state": state, "link": toggled[state]}


@require_safe
@instructor_required
def learner_detail(request, pk: int, learner_id: int):
    cohort = access.cohort_for(user=request.user, pk=pk)
    learner, attempts = access.learner_history(cohort=cohort, learner_id=learner_id)
    page = Paginator(attempts.prefetch_related("items"), 10).get_page(request.GET.get("page"))
    for attempt in page:
        attempt.review = selectors.group_by_step(selectors.review_items(attempt=attempt))
    context = {"cohort": cohort, "learner": learner, "page": page, "attempts": page}
    return render(request, "teaching/learner_history.html", context)


@require_safe
@instructor_required
def item_analysis(request, pk: int, quiz_id: int):
    from quiz.teaching import item_stats, items  # item analysis lives in its own modules

    cohort = access.cohort_for(user=request.user, pk=pk)
    quiz = get_object_or_404(
        Quiz.objects.select_related("section", "document"),
        Q(section__isnull=False) | Q(document__isnull=False),  # a quiz of a deleted section has no report
        pk=quiz_id,
    )
    first_only = request.GET.get("attempts") != "all"
    report = items.item_report(cohort=cohort, quiz=quiz, first_only=first_only)
    distribution = report.summary.distribution
    # Translators: a score band, "0–9%" to "90–100%".
    labels = [_("%(low)d–%(high)d%%") % {"low": 10 * i, "high": 10 * i + 9 if i < 9 else 100} for i in range(10)]
    # Editors (and superusers) get a link to the statement, or the claim for matching, in the admin.
    can_edit = request.user.has_perm("content.change_claim" if quiz.is_matching else "content.change_statement")
    context = {
        "cohort": cohort,
        "quiz": quiz,
        "first_only": first_only,
        "stats": report.items,
        "summary": report.summary,
        "min_responses": item_stats.MIN_RESPONSES,
        "can_edit": can_edit,
        "distribution": list(zip(labels, distribution, strict=True)),
        "attempt_total": report.summary.attempts,
        "distribution_chart": charts.bar_chart(
            title=_("Scores of first attempts") if first_only else _("Scores of all attempts"),
            description=_("Number of attempts in each score band, from %(lowest)s to %(highest)s.")
            % {"lowest": labels[0], "highest": labels[-1]},
            rows=list(zip(labels, distribution, strict=True)),
            maximum=max(distribution, default=0),
        ),
        "facility_chart": charts.bar_chart(
            title=_("Facility of each item"),
            description=_(
                "Share of responses that were right, per item in the order of the table, from 0 to %(hundred)s."
            )
            % {"hundred": percent(100)},
            rows=[(_("Item %(number)s") % {"number": i}, s.facility) for i, s in enumerate(report.items, start=1)],
            maximum=100,
            unit="%",
        ),
    }
    return render(request, "teaching/item_analysis.html", context)


@require_safe
@instructor_required
def myths(request, pk: int):
    cohort = access.cohort_for(user=request.user, pk=pk)
    context = {
        "cohort": cohort,
        "myths": analytics.believed_myths(cohort=cohort),
        "confidence": analytics.confidence(cohort=cohort),
    }
    return render(request, "teaching/myths.html", context)


@require_safe
@instructor_required
def progress(request, pk: int):
    cohort = access.cohort_for(user=request.user, pk=pk)
    rows = analytics.progress(cohort=cohort)
    chart_rows = []
    for row in rows:
        chart_rows += [
            # Translators: a bar of the progress chart: a quiz's first attempts ("First · NATO: True or false").
            (_("First · %(quiz)s") % {"quiz": row.quiz}, row.first_average),
            # Translators: a bar of the progress chart: a quiz's latest attempts.
            (_("Latest · %(quiz)s") % {"quiz": row.quiz}, row.latest_average),
        ]
    chart = charts.bar_chart(
        title=_("First and latest attempts"),
        description=_(
            "Average score of each quiz's first and latest attempts, of learners who took it at least "
            "twice, from 0 to %(hundred)s."
        )
        % {"hundred": percent(100)},
        rows=chart_rows,
        maximum=100,
        unit="%",
    )
    return render(request, "teaching/progress.html", {"cohort": cohort, "rows": rows, "chart": chart})


@require_safe
@instructor_required
def techniques(request, pk: int):
    """How well the cohort recognises each manipulation technique, and which ones it takes for which."""
    cohort = access.cohort_for(user=request.user, pk=pk)
    report = technique_scores.cohort_techniques(cohort=cohort)
    chart = charts.bar_chart(
        title=_("Techniques recognised"),
        description=_(
            "Share of graded technique answers that named the right technique, per technique, from 0 to %(hundred)s."
        )
        % {"hundred": percent(100)},
        rows=[(score.technique.name, 100 * score.right / score.answers) for score in report.scores],
        maximum=100,
        unit="%",
    )
    columns, matrix = report.matrix
    context = {
        "cohort": cohort,
        "report": report,
        "chart": chart,
        "confused": report.confused_pairs(),
        "matrix_columns": columns,
        "matrix_rows": list(zip(columns, matrix, strict=True)),
    }
    return render(request, "teaching/techniques.html", context)


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def _csv_lines(rows):
    """The rows as CSV lines, each made in English: exports stay machine-readable whatever the page language.

    The language is switched for each row only (not across yields), since a streamed response may be read
    on another thread between rows."""
    writer = csv.writer(_Echo())
    rows = iter(rows)
    while True:
        with translation.override(settings.LANGUAGE_CODE):
            row = next(rows, None)
            line = None if row is None else writer.writerow([exports.safe_cell(v) for v in row])
        if line is None:
            return
        yield line


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    # The byte-order mark tells spreadsheet programs the file is UTF-8 (curly quotes, dashes, names).
    lines = itertools.chain(["\ufeff"], _csv_lines(rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filename_for(cohort, what: str) -> str:
    return f"{slugify(cohort.name) or 'cohort'}-{what}-{timezone.localdate():%Y-%m-%d}.csv"


@require_safe
@instructor_required
def export_answers(request, pk: int):
    cohort = access.cohort_for(user=request.user, pk=pk)
    return csv_response(exports.answer_rows(cohort=cohort), filename_for(cohort, "answers"))


@require_safe
@instructor_required
def export_gradebook(request, pk: int):
    cohort = access.cohort_for(user=request.user, pk=pk)
    method = _method(request)
    quizzes, _section_id, _assignment = _gradebook_quizzes(request, cohort)
    rows = exports.gradebook_rows(cohort=cohort, method=method, quizzes=quizzes)
    return csv_response(rows, filename_for(cohort, f"gradebook-{method}"))
