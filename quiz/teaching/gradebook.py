"""The gradebook: learners × quizzes by grading method, with discernment and bias, in one query per page."""

import itertools
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Avg, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from quiz import scoring
from quiz.models import Attempt, Cohort, Membership, Quiz
from quiz.scoring import whole
from quiz.teaching.access import members
from quiz.teaching.sql import ATTEMPT, MEMBERSHIP, fetch, in_list, while_member

NO_DISCERNMENT = -1_000  # below any discernment (−100 to +100): ranks an attempt without one last
GRADING_METHODS = {"highest": _("Highest score"), "latest": _("Latest attempt"), "first": _("First attempt")}


@dataclass
class Cell:
    score: int | None = None
    passed: bool = False
    attempts: int = 0
    discernment: int | None = None  # true/false only, from the same attempt choice as the score


@dataclass
class GradebookRow:
    learner: object
    last_activity: object
    cells: list[Cell] = field(default_factory=list)
    discernment: int | None = None  # mean over the learner's graded true/false attempts
    bias: int | None = None

    @property
    def bias_label(self) -> str:
        return scoring.bias_label(self.bias)


def ranked_attempts_sql(where: str) -> str:
    """Graded attempts numbered per learner and quiz from the first, from the latest and from the best."""
    return f"""
        SELECT a.learner_id, a.quiz_id, a.percent, a.passed, a.discernment,
               ROW_NUMBER() OVER (PARTITION BY a.learner_id, a.quiz_id ORDER BY a.finished_at, a.id) AS from_first,
               ROW_NUMBER() OVER (PARTITION BY a.learner_id, a.quiz_id ORDER BY a.finished_at DESC, a.id DESC)
                   AS from_latest,
               ROW_NUMBER() OVER (
                   PARTITION BY a.learner_id, a.quiz_id
                   ORDER BY a.percent DESC, a.discernment DESC, a.finished_at DESC, a.id DESC
               ) AS from_best
        FROM {ATTEMPT} a
        WHERE a.finished_at IS NOT NULL AND a.is_practice = %s AND {where}
    """


def member_attempts_sql(where: str = "") -> str:
    """A cohort's members' graded attempts made while members (params: the cohort, then False, then `where`'s):
    read from the memberships, so only the cohort's learners' attempts are visited, by the attempt index
    that starts with the learner and holds every column read here."""
    return f"""
        SELECT a.learner_id, a.quiz_id, a.percent, a.passed, a.discernment
        FROM {MEMBERSHIP} m JOIN {ATTEMPT} a ON a.learner_id = m.learner_id AND a.started_at >= m.joined_at
        WHERE m.cohort_id = %s AND a.finished_at IS NOT NULL AND a.is_practice = %s {where}
    """


def gradebook_cells(
    *, cohort: Cohort, learner_ids: list[int], quiz_ids: list[int], method: str
) -> dict[tuple[int, int], Cell]:
    """Score by grading method, passed, attempts for each (learner, quiz): one query for any number of them.

    Only attempts started while the learner was in the cohort count. The page's attempts are read as rows and
    chosen here (the first, the latest, or the best: highest score, then discernment, then the latest), which
    is several times cheaper than numbering them three ways in SQL.
    """
    if not learner_ids or not quiz_ids:
        return {}
    where = f"AND m.learner_id IN ({in_list(learner_ids)}) AND a.quiz_id IN ({in_list(quiz_ids)})"
    sql = f"{member_attempts_sql(where)} ORDER BY a.learner_id, a.quiz_id, a.finished_at, a.id"
    with connection.cursor() as cursor:
        cursor.execute(sql, [cohort.pk, False, *learner_ids, *quiz_ids])
        rows = cursor.fetchall()
    cells = {}
    for key, group in itertools.groupby(rows, key=lambda row: row[:2]):
        attempts = list(group)  # (learner, quiz, percent, passed, discernment), oldest first
        if method == "first":
            chosen, passed = attempts[0], bool(attempts[0][3])
        elif method == "latest":
            chosen, passed = attempts[-1], bool(attempts[-1][3])
        else:
            chosen = max(
                reversed(attempts),
                key=lambda a: (-1 if a[2] is None else a[2], NO_DISCERNMENT if a[4] is None else a[4]),
            )
            passed = any(a[3] for a in attempts)
        cells[key] = Cell(chosen[2], passed, len(attempts), chosen[4])
    return cells


def _score_subquery(*, quiz_id: int, method: str):
    graded = Attempt.objects.graded().filter(
        learner=OuterRef("pk"), quiz_id=quiz_id, started_at__gte=OuterRef("joined_at")
    )
    if method == "first":
        return Subquery(graded.order_by("finished_at", "pk").values("percent")[:1])
    if method == "latest":
        return Subquery(graded.order_by("-finished_at", "-pk").values("percent")[:1])
    return Subquery(graded.values("learner").annotate(best=Max("percent")).values("best")[:1])


def gradebook_learners(*, cohort: Cohort, sort: str, method: str, quiz_ids: list[int]):
    """The cohort's learners with their last activity, in the order asked for (name, activity, or a quiz's score)."""
    attempts = Attempt.objects.filter(learner=OuterRef("pk"), started_at__gte=OuterRef("joined_at"))
    last_started = Subquery(attempts.order_by("-started_at").values("started_at")[:1])
    last_finished = Subquery(attempts.order_by(F("finished_at").desc(nulls_last=True)).values("finished_at")[:1])
    # Latest start or finish of any attempt (one index lookup each); SQLite's GREATEST is NULL if either is.
    joined = Membership.objects.filter(cohort=cohort, learner=OuterRef("pk")).values("joined_at")[:1]
    learners = (
        members(cohort=cohort)
        .annotate(joined_at=Subquery(joined))
        .annotate(last_activity=Greatest(Coalesce(last_finished, last_started), last_started))
    )
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "activity":
        order = F("last_activity").desc(nulls_last=True) if descending else F("last_activity").asc(nulls_first=True)
        return learners.order_by(order, "username")
    if key.startswith("quiz-") and key[5:].isdigit() and int(key[5:]) in quiz_ids:
        learners = learners.annotate(sort_score=_score_subquery(quiz_id=int(key[5:]), method=method))
        order = F("sort_score").desc(nulls_last=True) if descending else F("sort_score").asc(nulls_first=True)
        return learners.order_by(order, "username")
    return learners.order_by("-username" if descending and key == "learner" else "username")


def gradebook_rows(*, cohort: Cohort, learners, quizzes: list[Quiz], method: str) -> list[GradebookRow]:
    learners = list(learners)
    ids = [u.pk for u in learners]
    quiz_ids = [q.pk for q in quizzes]
    cells = gradebook_cells(cohort=cohort, learner_ids=ids, quiz_ids=quiz_ids, method=method)
    signal = discernment_by_learner(cohort=cohort, learner_ids=ids)
    none = Cell()  # read only: every cell without an attempt
    return [
        GradebookRow(u, u.last_activity, [cells.get((u.pk, q), none) for q in quiz_ids], *signal.get(u.pk, ()))
        for u in learners
    ]


def discernment_by_learner(*, cohort: Cohort, learner_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Mean discernment and bias of each learner's graded true/false attempts as a member, whole points: one query."""
    if not learner_ids:
        return {}
    rows = (
        Attempt.objects.graded()
        .filter(
            learner_id__in=learner_ids,
            discernment__isnull=False,
            learner__memberships__cohort=cohort,
            started_at__gte=F("learner__memberships__joined_at"),
        )
        .values("learner_id")
        .annotate(discernment=Avg("discernment"), bias=Avg("bias"))
    )
    return {r["learner_id"]: (whole(r["discernment"]), whole(r["bias"])) for r in rows}


@dataclass
class QuizSummary:
    """A quiz's column over the whole cohort: how many learners took it, and their average score."""

    learners: int = 0
    average: float | None = None


def gradebook_summary(*, cohort: Cohort, quiz_ids: list[int], method: str) -> dict[int, QuizSummary]:
    """Per quiz, over every member (not just the page): learners with a graded attempt, average score. One query."""
    if not quiz_ids:
        return {}
    where = f"a.quiz_id IN ({in_list(quiz_ids)}) AND {while_member()}"
    pick = {"first": "from_first = 1", "latest": "from_latest = 1"}.get(method)
    if pick:
        sql = f"""
            WITH ranked AS ({ranked_attempts_sql(where)})
            SELECT quiz_id, COUNT(DISTINCT learner_id) AS learners, AVG(CASE WHEN {pick} THEN percent END) AS average
            FROM ranked GROUP BY quiz_id
        """
        params = [False, *quiz_ids, cohort.pk]
    else:  # the highest score needs no numbering: a plain grouping of the members' attempts, far cheaper
        sql = f"""
            SELECT quiz_id, COUNT(*) AS learners, AVG(best) AS average FROM (
                SELECT learner_id, quiz_id, MAX(percent) AS best
                FROM ({member_attempts_sql(f"AND a.quiz_id IN ({in_list(quiz_ids)})")}) mine
                GROUP BY learner_id, quiz_id
            ) best GROUP BY quiz_id
        """
        params = [cohort.pk, False, *quiz_ids]
    rows = fetch(sql, params)
    return {
        r["quiz_id"]: QuizSummary(r["learners"], None if r["average"] is None else float(r["average"])) for r in rows
    }
