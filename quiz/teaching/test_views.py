"""Pre- and post-test pages: a learner's test intro and start; the instructor's settings, gain report and exports."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from quiz.models import Cohort
from quiz.teaching import access, charts, pretest_results, pretests
from quiz.teaching.access import instructor_required
from quiz.teaching.models import CohortTest
from quiz.teaching.views import csv_response, filename_for

PHASES = {"pre": CohortTest.Phase.PRE, "post": CohortTest.Phase.POST}


@require_http_methods(["GET", "HEAD", "POST"])
def test_page(request, pk: int, phase: str):
    """GET explains the test; POST starts it (or resumes it) and goes to its first unanswered item."""
    if phase not in PHASES:
        raise Http404("No such test.")
    cohort = get_object_or_404(Cohort.objects.filter(memberships__learner=request.user), pk=pk)
    tests = pretests.cohort_tests_of(learner=request.user, cohort=cohort)
    if request.method == "POST":
        try:
            attempt, _resumed = pretests.test_start(learner=request.user, cohort=cohort, phase=PHASES[phase])
        except pretests.TestUnavailable as refusal:
            messages.error(request, str(refusal))
            return redirect("quiz:home")
        return redirect("quiz:attempt-resume", attempt_id=attempt.public_id)
    context = {
        "cohort": cohort,
        "phase": phase,
        "test": tests.get(PHASES[phase]),
        "pre": tests.get(CohortTest.Phase.PRE),
        "items": pretests.STATEMENTS_PER_TEST + pretests.TECHNIQUES_PER_TEST,
    }
    return render(request, "teaching/test_intro.html", context)


class TestSettingsForm(forms.ModelForm):
    post_test_opens_at = forms.DateTimeField(
        label=gettext_lazy("Post-test opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy(
            "Optional, in the cohort's time zone. Empty: learners open it when they choose, after the pre-test."
        ),
    )

    class Meta:
        model = Cohort
        fields = ["tests_enabled", "post_test_opens_at"]


@require_http_methods(["GET", "HEAD", "POST"])
@instructor_required
def cohort_tests(request, pk: int):
    """The cohort's pre- and post-test: switch it on (owner), and read the learning gain."""
    cohort = access.cohort_for(user=request.user, pk=pk)
    with timezone.override(cohort.time_zone):  # the opening time is read and shown in the cohort's zone
        return _cohort_tests(request, cohort)


def _cohort_tests(request, cohort):
    if request.method == "POST":
        cohort = access.owned_cohort_for(user=request.user, pk=cohort.pk)
        form = TestSettingsForm(request.POST, instance=cohort)
        if form.is_valid():
            form.save()
            if cohort.tests_enabled:
                done = _("The pre- and post-test is on for “%(cohort)s”.")
            else:
                done = _("The pre- and post-test is off for “%(cohort)s”.")
            messages.success(request, done % {"cohort": cohort.name})
            return redirect("quiz:cohort-tests", pk=cohort.pk)
    else:
        form = TestSettingsForm(instance=cohort)
    form.fields["post_test_opens_at"].help_text = _(
        "Optional, in the group's time zone (%(zone)s). Empty: learners open it when they choose, after the pre-test."
    ) % {"zone": cohort.time_zone}
    report = pretest_results.cohort_gain(cohort=cohort)
    rows = []
    if report.n:
        rows = [(_("Pre-test"), report.discernment_before), (_("Post-test"), report.discernment_after)]
    chart = charts.bar_chart(
        title=_("Discernment before and after"),
        description=_(
            "Mean discernment of the learners who took both tests, on held-out items, from 0 to 100 "
            "(negative values draw no bar)."
        ),
        rows=rows,
        maximum=100,
    )
    context = {
        "cohort": cohort,
        "form": form,
        "report": report,
        "chart": chart,
        "columns": list(pretest_results.RESEARCH_COLUMNS.items()),  # a list: "items" is one of the column names
    }
    return render(request, "teaching/tests.html", context, status=422 if form.errors else 200)


@require_safe
@instructor_required
def tests_csv(request, pk: int):
    """Each learner with both tests: their figures before and after (named: the instructor's own view)."""
    cohort = access.cohort_for(user=request.user, pk=pk)
    report = pretest_results.cohort_gain(cohort=cohort)

    def rows():
        yield [
            "learner",
            "pre_half",
            "discernment_pre",
            "discernment_post",
            "bias_pre",
            "bias_post",
            "technique_pre_percent",
            "technique_post_percent",
            "certainty_per_item_pre",
            "certainty_per_item_post",
        ]
        for g in report.learners:
            yield [
                g.learner.get_username(),
                g.pre_half,
                g.pre.discernment,
                g.post.discernment,
                g.pre.bias,
                g.post.bias,
                _number(g.pre.technique_percent),
                _number(g.post.technique_percent),
                _number(g.pre.certainty_per_item),
                _number(g.post.certainty_per_item),
            ]

    return csv_response(rows(), filename_for(cohort, "learning-gain"))


@require_safe
@instructor_required
def tests_research_csv(request, pk: int):
    """One anonymised row per learner × test, with item-level answers (columns documented on the tests page)."""
    cohort = access.cohort_for(user=request.user, pk=pk)
    return csv_response(pretest_results.research_rows(cohort=cohort), filename_for(cohort, "tests-research"))


def _number(value) -> str:
    return "" if value is None else f"{value:.1f}"
