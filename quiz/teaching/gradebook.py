"""The gradebook: learners × quizzes by grading method, with discernment and bias, in one query per page."""

from dataclasses import dataclass, field

from django.db.models import Avg, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from quiz import scoring
from quiz.models import Attempt, Cohort, Membership, Quiz
from quiz.scoring import whole
from quiz.teaching.access import members
from quiz.teaching.sql import ATTEMPT, fetch, in_list, while_member

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


def gradebook_cells(
    *, cohort: Cohort, learner_ids: list[int], quiz_ids: list[int], method: str
) -> dict[tuple[int, int], Cell]:
    """Score by grading method, passed, attempts for each (learner, quiz): one query for any number of them.

    Only attempts started while the learner was in the cohort count (`sql.while_member`).
    """
    if not learner_ids or not quiz_ids:
        return {}
    pick = {"first": "from_first = 1", "latest": "from_latest = 1"}.get(method)
    score = f"MAX(CASE WHEN {pick} THEN percent END)" if pick else "MAX(percent)"
    discernment = f"MAX(CASE WHEN {pick or 'from_best = 1'} THEN discernment END)"  # of the attempt scored
    chosen_and_passed = f"{pick} AND passed" if pick else "passed"
    passed = f"MAX(CASE WHEN {chosen_and_passed} THEN 1 ELSE 0 END)"
    where = f"a.learner_id IN ({in_list(learner_ids)}) AND a.quiz_id IN ({in_list(quiz_ids)}) AND {while_member()}"
    sql = f"""
        WITH ranked AS ({ranked_attempts_sql(where)})
        SELECT learner_id, quiz_id, COUNT(*) AS attempts, {score} AS score, {passed} AS passed,
               {discernment} AS discernment
        FROM ranked GROUP BY learner_id, quiz_id
    """
    rows = fetch(sql, [False, *learner_ids, *quiz_ids, cohort.pk])
    return {
        (r["learner_id"], r["quiz_id"]): Cell(r["score"], bool(r["passed"]), r["attempts"], r["discernment"])
        for r in rows
    }


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
    cells = gradebook_cells(cohort=cohort, learner_ids=ids, quiz_ids=[q.pk for q in quizzes], method=method)
    signal = discernment_by_learner(cohort=cohort, learner_ids=ids)
    return [
        GradebookRow(u, u.last_activity, [cells.get((u.pk, q.pk), Cell()) for q in quizzes], *signal.get(u.pk, ()))
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
    else:  # the highest score needs no numbering: a plain grouping, far cheaper over a large cohort
        sql = f"""
            SELECT quiz_id, COUNT(*) AS learners, AVG(best) AS average FROM (
                SELECT a.learner_id, a.quiz_id, MAX(a.percent) AS best FROM {ATTEMPT} a
                WHERE a.finished_at IS NOT NULL AND a.is_practice = %s AND {where}
                GROUP BY a.learner_id, a.quiz_id
            ) best GROUP BY quiz_id
        """
    rows = fetch(sql, [False, *quiz_ids, cohort.pk])
    return {
        r["quiz_id"]: QuizSummary(r["learners"], None if r["average"] is None else float(r["average"])) for r in rows
    }
