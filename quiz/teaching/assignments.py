"""Assignment reads: each learner's status on the work set (not started, in progress, done, done late, missing).

Only graded attempts count, started once the assignment opened and while the learner was in the
cohort. A quiz is done by its first such attempt to finish: on time if it finished by the due date,
else late. An assignment is done when all its quizzes are; missing when its due date has passed first.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from quiz.models import Attempt, Membership, Quiz
from quiz.scoring import whole
from quiz.teaching.models import Assignment

NOT_STARTED, IN_PROGRESS, DONE, LATE, MISSING = "not started", "in progress", "done", "done late", "missing"
# The statuses are codes (compared, and in CSS classes: "tag-done-late"); these are the words shown for them.
STATUS_LABELS = {
    NOT_STARTED: pgettext_lazy("assignment status", "not started"),
    IN_PROGRESS: pgettext_lazy("assignment status", "in progress"),
    DONE: pgettext_lazy("assignment status", "done"),
    LATE: pgettext_lazy("assignment status", "done late"),
    MISSING: pgettext_lazy("assignment status", "missing"),
}


@dataclass
class QuizStatus:
    quiz: Quiz
    status: str = NOT_STARTED
    percent: int | None = None  # of the attempt that did it

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Standing:
    """One learner's standing on one assignment."""

    assignment: Assignment
    quizzes: list[QuizStatus] = field(default_factory=list)
    status: str = NOT_STARTED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_done(self) -> bool:
        return self.status in (DONE, LATE)

    @property
    def percent(self) -> int | None:
        """The mean score of the quizzes done, when all are."""
        scores = [q.percent for q in self.quizzes if q.percent is not None]
        return whole(sum(scores) / len(scores)) if self.is_done and scores else None

    @property
    def next_quiz(self) -> Quiz | None:
        return next((q.quiz for q in self.quizzes if q.status not in (DONE, LATE)), None)


def _quiz_status(
    quiz: Quiz, attempts: list[tuple], *, joined: datetime, opens: datetime | None, due: datetime | None, now
) -> QuizStatus:
    """attempts: (started_at, finished_at, percent) of the learner's graded attempts at this quiz.

    An attempt counts if it was started as a member and finished (or is still going) once the work
    was open: an attempt begun before opening and finished after it (one quiz has one open attempt,
    so the dashboard offers to resume it) counts too.
    """
    counted = [a for a in attempts if a[0] >= joined and (opens is None or (a[1] or now) >= opens)]
    finished = sorted((a for a in counted if a[1] is not None), key=lambda a: a[1])
    if finished:
        first = finished[0]
        return QuizStatus(quiz, LATE if due and first[1] > due else DONE, first[2])
    if counted:
        return QuizStatus(quiz, IN_PROGRESS)
    return QuizStatus(quiz, MISSING if due and now > due else NOT_STARTED)


def standing(assignment: Assignment, attempts: dict[int, list[tuple]], *, joined: datetime, now) -> Standing:
    """The learner's standing from their attempts per quiz id (as `_attempts_by_learner` reads them)."""
    quizzes = sorted(
        assignment.quizzes.all(),
        key=lambda q: (q.section.position if q.section else 0, q.kind != Quiz.Kind.TRUE_FALSE),
    )
    result = Standing(
        assignment,
        [
            _quiz_status(
                q, attempts.get(q.pk, []), joined=joined, opens=assignment.opens_at, due=assignment.due_at, now=now
            )
            for q in quizzes
        ],
    )
    statuses = {q.status for q in result.quizzes}
    if statuses and statuses <= {DONE, LATE}:
        result.status = LATE if LATE in statuses else DONE
    elif assignment.due_at and now > assignment.due_at:
        result.status = MISSING
    elif statuses - {NOT_STARTED, MISSING}:
        result.status = IN_PROGRESS
    return result


def _with_quizzes(assignments, *, listed_only: bool = False):
    """With their quizzes (learners: only the quizzes they can still open; an assignment of none is left out)."""
    quizzes = Quiz.objects.published() if listed_only else Quiz.objects.all()
    return assignments.prefetch_related(Prefetch("quizzes", queryset=quizzes.select_related("section", "document")))


def _attempts_by_learner(*, learner_ids, quiz_ids, now) -> dict[int, dict[int, list[tuple]]]:
    """(started, finished, percent) per learner and quiz. An attempt whose time ran out counts as finished
    at its deadline even before anyone opened it again (the attempt is closed then, at the deadline)."""
    rows = Attempt.objects.filter(learner_id__in=learner_ids, quiz_id__in=quiz_ids, is_practice=False).values_list(
        "learner_id", "quiz_id", "started_at", "finished_at", "percent", "deadline"
    )
    found: dict[int, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for learner_id, quiz_id, started, finished, percent, deadline in rows:
        if finished is None and deadline is not None and deadline <= now:
            finished = deadline
        found[learner_id][quiz_id].append((started, finished, percent))
    return found


def learner_standings(*, learner, now) -> list[Standing]:
    """The open assignments of the learner's cohorts, due first: three queries whatever the history."""
    joined = Membership.objects.filter(cohort=OuterRef("cohort"), learner=learner).values("joined_at")[:1]
    assignments = [
        a
        for a in _with_quizzes(
            Assignment.objects.filter(cohort__memberships__learner=learner)
            .exclude(opens_at__gt=now)
            .annotate(joined_at=Subquery(joined))
            .select_related("cohort"),
            listed_only=True,
        )
        if a.quizzes.all()
    ]
    if not assignments:
        return []
    quiz_ids = {q.pk for a in assignments for q in a.quizzes.all()}
    attempts = _attempts_by_learner(learner_ids=[learner.pk], quiz_ids=quiz_ids, now=now).get(learner.pk, {})
    standings = [standing(a, attempts, joined=a.joined_at, now=now) for a in assignments]
    return sorted(standings, key=lambda s: (s.is_done, s.assignment.due_at is None, s.assignment.due_at or now))


@dataclass
class Report:
    """An assignment across the cohort: who is where, completion, the class's average and median."""

    assignment: Assignment
    rows: list[tuple] = field(default_factory=list)  # (learner, Standing), by name
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.counts.get(DONE, 0) + self.counts.get(LATE, 0)

    @property
    def late(self) -> int:
        return self.counts.get(LATE, 0)

    @property
    def scores(self) -> list[int]:
        return [s.percent for _, s in self.rows if s.percent is not None]

    @property
    def average(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def median(self) -> float | None:
        return median(self.scores) if self.scores else None

    @property
    def not_started(self) -> list:
        """Learners who have not begun any of its quizzes."""
        return [learner for learner, s in self.rows if not _started(s)]

    @property
    def summary(self) -> str:
        figures = {"done": self.done, "total": len(self.rows), "late": self.late}
        if self.late:
            return _("%(done)d of %(total)d done, %(late)d late") % figures
        return _("%(done)d of %(total)d done") % figures


def _started(standing_: Standing) -> bool:
    return any(q.status not in (NOT_STARTED, MISSING) for q in standing_.quizzes)


def cohort_assignments(*, cohort, now, only: int | None = None) -> list[Report]:
    """Every assignment of the cohort (or the one with id `only`) with each member's standing: four queries."""
    from django.contrib.auth import get_user_model

    chosen = cohort.assignments.all() if only is None else cohort.assignments.filter(pk=only)
    assignments = list(_with_quizzes(chosen))
    if not assignments:
        return []
    joined = Membership.objects.filter(cohort=cohort, learner=OuterRef("pk")).values("joined_at")[:1]
    members = list(
        get_user_model()
        .objects.filter(memberships__cohort=cohort)
        .annotate(joined_at=Subquery(joined))
        .order_by("username")
    )
    quiz_ids = {q.pk for a in assignments for q in a.quizzes.all()}
    attempts = _attempts_by_learner(learner_ids=[m.pk for m in members], quiz_ids=quiz_ids, now=now)
    reports = []
    for assignment in assignments:
        report = Report(assignment)
        for member in members:
            row = standing(assignment, attempts.get(member.pk, {}), joined=member.joined_at, now=now)
            report.rows.append((member, row))
            report.counts[row.status] = report.counts.get(row.status, 0) + 1
        reports.append(report)
    return reports
