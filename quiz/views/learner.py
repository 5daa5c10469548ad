"""Learner pages: dashboard, a quiz's page, taking an attempt step by step (htmx or plain forms), results.

A quiz's page and its attempts are open to guests (`quiz.guests`): the learner is the signed-in user or
the session's guest, and the same services serve both. Joining and leaving a cohort: `membership.py`.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from accounts.context_processors import session_roles
from accounts.roles import EDITOR, INSTRUCTOR
from content import selectors as content_selectors
from quiz import dashboard_html, errors, guests, scoring, selectors, services, technique_scores
from quiz.practice import attempt_practise_missed
from quiz.teaching import assignments, pretests
from reviews import selectors as review_selectors
from reviews import services as review_services

STEP_TEMPLATE = "quiz/attempt_step.html"


def guest_context(request) -> dict:
    """What the pages a guest can see need to say about guests."""
    return {"is_guest": not request.user.is_authenticated, "guest_retention_days": settings.GUEST_RETENTION_DAYS}


def guest_or_learner(view):
    """Open a view to guests: it gets the learner (user or guest) as `request.learner`.

    A visitor with neither is sent to sign in, so attempt pages tell nobody whether an attempt exists.
    """

    @login_not_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.learner = guests.learner_of(request)
        if request.learner is None:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@require_safe
@login_not_required
def home(request):
    if not request.user.is_authenticated:
        guest = guests.learner_of(request)
        context = {
            "documents": content_selectors.documents(),
            "guest_attempts": selectors.guest_attempts(learner=guest) if guest else [],
            **guest_context(request),
        }
        return render(request, "quiz/home.html", context)
    roles = session_roles(request)
    board = selectors.dashboard(learner=request.user)
    sections = board.sections
    review_services.cards_sync(learner_ids=[request.user.pk])
    now = timezone.now()
    state = review_selectors.review_state(learner=request.user, now=now)
    for card in sections:
        card.mastery = state.of(card.section)
    my_cohorts = list(request.user.cohorts.select_related("instructor").order_by("name"))
    # Assigned work comes from cohorts: no query more for a learner in none.
    standings = assignments.learner_standings(learner=request.user, now=now) if my_cohorts else []
    tried_techniques = any(
        entry.quiz.is_technique and entry.attempts for card in sections for entry in [*card.quizzes, *card.across]
    )
    spotting = technique_scores.learner_scores(learner=request.user) if tried_techniques else []
    in_tested_cohort = any(cohort.tests_enabled for cohort in my_cohorts)  # no query more for most learners
    is_editor = EDITOR in roles or request.user.is_superuser
    token, across_html = get_token(request), {}
    for card in sections:
        card.quizzes_html = dashboard_html.quiz_rows(card.quizzes, csrf_token=token, is_editor=is_editor)
        if card.section.document_id not in across_html:
            across_html[card.section.document_id] = dashboard_html.quiz_rows(
                card.across, csrf_token=token, is_editor=is_editor
            )
        card.across_html = across_html[card.section.document_id]
    context = {
        "owed_tests": pretests.owed_tests(learner=request.user, now=now) if in_tested_cohort else [],
        "before_after": pretests.learner_before_after(learner=request.user) if in_tested_cohort else [],
        "sections": sections,
        "standings": standings,
        "reviews": state,
        "mastery": review_selectors.overall(state, [card.section for card in sections]),
        "next_action": review_selectors.next_action(
            cards=sections, state=state, open_review=board.open_review, standings=standings
        ),
        "is_editor": is_editor,
        "is_instructor": INSTRUCTOR in roles,
        "first_visit": not any(entry.attempts or entry.open_attempt for card in sections for entry in card.quizzes),
        "my_cohorts": my_cohorts,
        "technique_scores": spotting,
        "practise_techniques": technique_scores.practise_next(spotting),
    }
    return render(request, "quiz/dashboard.html", context)


@require_safe
@login_not_required
def health(request):
    """Liveness check for load balancers and the load benchmark: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@login_not_required
def quiz_detail(request, pk: int):
    quiz, unavailable_reason = selectors.quiz_for_learners(pk=pk)
    learner = guests.learner_of(request)
    if learner is None:
        attempts, open_attempts = Paginator([], 10), {}
    else:
        attempts = Paginator(selectors.learner_attempts(learner=learner, quiz=quiz), 10)
        open_attempts = {a.is_practice: a for a in selectors.open_attempts(learner=learner, quiz=quiz)}
    page = attempts.get_page(request.GET.get("page"))
    context = {
        "quiz": quiz,
        "unavailable_reason": unavailable_reason,
        "page": page,
        "open_attempt": open_attempts.get(False),
        "open_practice": open_attempts.get(True),
        **guest_context(request),
    }
    return render(request, "quiz/quiz_detail.html", context)


@require_POST
@login_not_required
def attempt_start(request, pk: int):
    quiz = selectors.listed_quiz(pk=pk)  # whether it can be taken is the service's to say
    if request.user.is_authenticated and (owed := pretests.pre_test_owed(learner=request.user)):
        # The pre-test comes before the first quiz, so it measures what learners knew before any training.
        messages.info(
            request,
            _("“%(cohort)s” asks for a short pre-test first: it takes two or three minutes.")
            % {"cohort": owed.cohort.name},
        )
        return redirect("quiz:test", pk=owed.cohort.pk, phase="pre")
    try:
        learner = request.user if request.user.is_authenticated else guests.guest_for_start(request)
        attempt, created = services.attempt_start(learner=learner, quiz=quiz)
    except guests.GuestLimitReached as refusal:
        messages.error(request, str(refusal))
        return redirect("quiz:quiz-detail", pk=quiz.pk)
    except errors.QuizUnavailable as unavailable:
        messages.error(request, str(unavailable))
        return redirect("quiz:quiz-detail", pk=quiz.pk)
    if not created:
        messages.info(request, _("You already had this quiz open, so you carry on where you left off."))
    return redirect("quiz:attempt-resume", attempt_id=attempt.public_id)


@require_safe
@guest_or_learner
def attempt_resume(request, attempt_id):
    """Send the learner to the first unanswered item, or on to finishing and results."""
    attempt = selectors.learner_attempt(learner=request.learner, public_id=attempt_id)
    if services.attempt_expire_if_due(attempt=attempt):
        messages.info(request, _("Time is up. Your answers up to the time limit are scored below."))
    if attempt.is_finished:
        return redirect("quiz:attempt-results", attempt_id=attempt.public_id)
    step = selectors.open_step(attempt=attempt)
    if step is None:
        return redirect("quiz:attempt-finish", attempt_id=attempt.public_id)
    return redirect("quiz:attempt-step", attempt_id=attempt.public_id, step=step)


def _step_context(attempt, items, *, error=None, submitted=None) -> dict:
    step = items[0].step
    submitted = submitted or {}
    selectors.attach_options(attempt, items)
    for item in items:
        item.submitted = submitted.get(item.token, "")
    matching = attempt.step_is_matching(step)
    technique = attempt.step_is_technique(step)
    # A review counts its steps as items, sets included.
    numbers = {"step": step, "count": attempt.step_count}
    if attempt.is_matching:
        progress = _("Set %(step)d of %(count)d") % numbers
    else:
        progress = _("Item %(step)d of %(count)d") % numbers
    # Translators: a step page's title, "Item 3 of 8 · Collective defence: True or false".
    page_title = _("%(progress)s · %(title)s") % {"progress": progress, "title": attempt.heading}
    if error:
        # Translators: the title of a page that shows an error.
        page_title = _("Error: %(title)s") % {"title": page_title}
    now = timezone.now()
    context = {
        "attempt": attempt,
        "items": items,
        "step": step,
        "page_title": page_title,
        "progress": progress,
        "options": attempt.options_for(step),
        "matching": matching,
        "technique": technique,
        "answered": items[0].is_answered,
        "show_feedback": items[0].is_answered and (attempt.feedback_each_item or attempt.is_finished),
        "is_last_step": step >= attempt.step_count,
        "error": error,
        "error_field": _error_anchor(matching, error, technique=technique),
        "submitted": submitted,
        "now": now,
        "seconds_left": max(0, int((attempt.deadline - now).total_seconds())) if attempt.deadline else None,
    }
    if attempt.deadline:
        context["time_left"] = time_left_text(context["seconds_left"])
    if attempt.asks_certainty:
        context["certainty_levels"] = [(c.name.lower(), c.label) for c in scoring.Certainty]
    if context["show_feedback"]:
        selectors.attach_sources(items)
        if technique:
            selectors.attach_techniques(items)
    if context["answered"]:
        context["step_score"] = sum(1 for item in items if item.is_correct)
        context["step_marks"] = sum(item.certainty_mark for item in items)
        context["step_marks_size"] = abs(context["step_marks"])  # what "mark" or "marks" agrees with
    return context


def time_left_text(seconds: int) -> str:
    """ "4 minutes 5 seconds", "59 seconds": the page without JavaScript (site.js counts down the same way)."""
    minutes, rest = divmod(seconds, 60)
    text = ngettext("%(count)d second", "%(count)d seconds", rest) % {"count": rest}
    if not minutes:
        return text
    minutes_text = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    # Translators: a time left, "4 minutes 5 seconds".
    return _("%(minutes)s %(seconds)s") % {"minutes": minutes_text, "seconds": text}


def _error_anchor(matching: bool, error, *, technique: bool = False) -> str:
    """The id of the first input of the field at fault, for the error summary's link."""
    if not error:
        return ""
    if error.field == "certainty":
        return "certainty-low"
    if technique:
        return "technique-1"
    return f"select-{error.field}" if matching else "choice-true"


def _render_step(request, context: dict, *, status: int = 200):
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{STEP_TEMPLATE}#htmx-card", context, status=status)
    return render(request, STEP_TEMPLATE, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
@guest_or_learner
def attempt_step(request, attempt_id, step: int):
    """GET shows one step (the question, or its feedback once answered); POST answers it."""
    if request.method == "POST":
        return _answer(request, attempt_id, step)
    attempt, items = selectors.learner_step(learner=request.learner, public_id=attempt_id, step=step)
    if services.attempt_expire_if_due(attempt=attempt) or attempt.is_finished:
        return _leave_for_results(request, attempt)
    if not items:
        raise Http404("This attempt has no such item.")
    if not items[0].is_answered and items[0].open_step != step:
        return redirect("quiz:attempt-resume", attempt_id=attempt.public_id)
    return _render_step(request, _step_context(attempt, items))


def _leave_for_results(request, attempt):
    url = reverse("quiz:attempt-results", kwargs={"attempt_id": attempt.public_id})
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _answer(request, attempt_id, step: int):
    try:
        result = services.answer_submit(learner=request.learner, attempt_id=attempt_id, step=step, answer=request.POST)
    except errors.AnswerRefused as refusal:
        return _refused(request, attempt_id, step, refusal)
    attempt = result.attempt
    if not attempt.feedback_each_item:
        # No feedback until the end: straight on to the next item (htmx follows the redirect and swaps it in).
        return redirect("quiz:attempt-resume", attempt_id=attempt.public_id)
    if request.htmx:
        return _render_step(request, _step_context(attempt, result.items))
    # Post/redirect/get: the same step, now showing its feedback. (A URL, not a view name: `redirect()` would
    # first try, and fail, to reverse it.)
    return HttpResponseRedirect(request.path)


def _refused(request, attempt_id, step: int, refusal: errors.AnswerRefused):
    if refusal.status == 404:
        raise Http404(refusal.message)
    attempt, items = selectors.learner_step(learner=request.learner, public_id=attempt_id, step=step)
    if refusal.code in ("finished", "time_up"):
        messages.error(request, refusal.message)
        return _leave_for_results(request, attempt)
    submitted = {key: request.POST.get(key, "") for key in ["choice", "certainty", *(item.token for item in items)]}
    context = _step_context(attempt, items, error=refusal, submitted=submitted)
    return _render_step(request, context, status=refusal.status)


@require_http_methods(["GET", "HEAD", "POST"])
@guest_or_learner
def attempt_finish(request, attempt_id):
    """GET asks for confirmation (saying what is unanswered); POST finishes and shows the results."""
    attempt = selectors.learner_attempt(learner=request.learner, public_id=attempt_id)
    if request.method == "POST" or attempt.is_finished:
        services.attempt_finish(attempt=attempt)
        return _leave_for_results(request, attempt)
    if request.htmx:
        # Reached by following a redirect from the last answer: this is a page, not a card.
        return HttpResponseClientRedirect(request.get_full_path())
    unanswered = attempt.items.filter(answered_at__isnull=True).count()
    return render(request, "quiz/attempt_finish.html", {"attempt": attempt, "unanswered": unanswered})


@require_safe
@guest_or_learner
def attempt_results(request, attempt_id):
    attempt = selectors.learner_attempt(learner=request.learner, public_id=attempt_id)
    services.attempt_expire_if_due(attempt=attempt)
    if not attempt.is_finished:
        return redirect("quiz:attempt-resume", attempt_id=attempt.public_id)
    if pretests.feedback_withheld(attempt):
        return render(request, "teaching/test_done.html", {"attempt": attempt, "test": attempt.cohort_test})
    items = selectors.review_items(attempt=attempt)
    selectors.attach_sources(items)
    if attempt.is_technique:
        selectors.attach_techniques(items)
        context_extra = {"technique_scores": technique_scores.attempt_scores(attempt, items)}
    else:
        context_extra = {}
    context = {
        "attempt": attempt,
        "items": items,
        "missed": sum(1 for item in items if not item.is_correct),
        "steps": selectors.group_by_step(items),
        **guest_context(request),
        **context_extra,
    }
    if attempt.asks_certainty:
        answered = [item for item in items if item.is_answered]
        levels = scoring.calibration((item.certainty, item.is_correct) for item in answered)
        context.update(
            levels=levels,
            calibration_words=scoring.calibration_words(levels),
            confidently_wrong=[i for i in answered if not i.is_correct and i.certainty == scoring.Certainty.HIGH],
        )
    return render(request, "quiz/attempt_results.html", context)


@require_POST
@guest_or_learner
def attempt_practise(request, attempt_id):
    attempt = selectors.learner_attempt(learner=request.learner, public_id=attempt_id)
    try:
        practice = attempt_practise_missed(attempt=attempt, learner=request.learner)
    except errors.QuizUnavailable as unavailable:
        messages.error(request, str(unavailable))
        return redirect("quiz:attempt-results", attempt_id=attempt.public_id)
    return redirect("quiz:attempt-resume", attempt_id=practice.public_id)
