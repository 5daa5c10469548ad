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

from quiz.models import Attempt, Membership, Quiz
from quiz.teaching.models import Assignment

NOT_STARTED, IN_PROGRESS, DONE, LATE, MISSING = "not started", "in progress", "done", "done late", "missing"


@dataclass
class QuizStatus:
    quiz: Quiz
    status: str = NOT_STARTED
    percent: int | None = None  # of the attempt that did it


@dataclass
class Standing:
    """One learner's standing on one assignment."""

    assignment: Assignment
    quizzes: list[QuizStatus] = field(default_factory=list)
    status: str = NOT_STARTED

    @property
    def is_done(self) -> bool:
        return self.status in (DONE, LATE)

    @property
    def percent(self) -> int | None:
        """The mean score of the quizzes done, when all are."""
        scores = [q.percent for q in self.quizzes if q.percent is not None]
        return round(sum(scores) / len(scores)) if self.is_done and scores else None

    @property
    def next_quiz(self) -> Quiz | None:
        return next((q.quiz for q in self.quizzes if q.status not in (DONE, LATE)), None)


def _quiz_status(quiz: Quiz, attempts: list[tuple], *, since: datetime, due: datetime | None, now) -> QuizStatus:
    """attempts: (started_at, finished_at, percent) of the learner's graded attempts at this quiz."""
    counted = [a for a in attempts if a[0] >= since]
    finished = sorted((a for a in counted if a[1] is not None), key=lambda a: a[1])
    if finished:
        first = finished[0]
        return QuizStatus(quiz, LATE if due and first[1] > due else DONE, first[2])
    if counted:
        return QuizStatus(quiz, IN_PROGRESS)
    return QuizStatus(quiz, MISSING if due and now > due else NOT_STARTED)


def standing(assignment: Assignment, attempts: dict[int, list[tuple]], *, joined: datetime, now) -> Standing:
    """The learner's standing from their attempts per quiz id (as `_attempts_by_learner` reads them)."""
    since = max(joined, assignment.opens_at) if assignment.opens_at else joined
    quizzes = sorted(
        assignment.quizzes.all(),
        key=lambda q: (q.section.position if q.section else 0, q.kind != Quiz.Kind.TRUE_FALSE),
    )
    result = Standing(
        assignment,
        [_quiz_status(q, attempts.get(q.pk, []), since=since, due=assignment.due_at, now=now) for q in quizzes],
    )
    statuses = {q.status for q in result.quizzes}
    if statuses and statuses <= {DONE, LATE}:
        result.status = LATE if LATE in statuses else DONE
    elif assignment.due_at and now > assignment.due_at:
        result.status = MISSING
    elif statuses - {NOT_STARTED, MISSING}:
        result.status = IN_PROGRESS
    return result


def _with_quizzes(assignments):
    return assignments.prefetch_related(Prefetch("quizzes", queryset=Quiz.objects.select_related("section")))


def _attempts_by_learner(*, learner_ids, quiz_ids) -> dict[int, dict[int, list[tuple]]]:
    rows = Attempt.objects.filter(learner_id__in=learner_ids, quiz_id__in=quiz_ids, is_practice=False).values_list(
        "learner_id", "quiz_id", "started_at", "finished_at", "percent"
    )
    found: dict[int, dict[int, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for learner_id, quiz_id, started, finished, percent in rows:
        found[learner_id][quiz_id].append((started, finished, percent))
    return found


def learner_standings(*, learner, now) -> list[Standing]:
    """The open assignments of the learner's cohorts, due first: three queries whatever the history."""
    joined = Membership.objects.filter(cohort=OuterRef("cohort"), learner=learner).values("joined_at")[:1]
    assignments = list(
        _with_quizzes(
            Assignment.objects.filter(cohort__memberships__learner=learner)
            .exclude(opens_at__gt=now)
            .annotate(joined_at=Subquery(joined))
            .select_related("cohort")
        )
    )
    if not assignments:
        return []
    quiz_ids = {q.pk for a in assignments for q in a.quizzes.all()}
    attempts = _attempts_by_learner(learner_ids=[learner.pk], quiz_ids=quiz_ids).get(learner.pk, {})
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
        text = f"{self.done} of {len(self.rows)} done"
        return text + (f", {self.late} late" if self.late else "")


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
    attempts = _attempts_by_learner(learner_ids=[m.pk for m in members], quiz_ids=quiz_ids)
    reports = []
    for assignment in assignments:
        report = Report(assignment)
        for member in members:
            row = standing(assignment, attempts.get(member.pk, {}), joined=member.joined_at, now=now)
            report.rows.append((member, row))
            report.counts[row.status] = report.counts.get(row.status, 0) + 1
        reports.append(report)
    return reports
