"""The gradebook: learners × quizzes by grading method, with discernment and bias, read from the standings."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from quiz import scoring
from quiz.models import Attempt, Cohort, Membership, Quiz
from quiz.scoring import whole
from quiz.teaching.access import members
from quiz.teaching.models import Standing, StandingSum

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


# The standing's columns each grading method reads: score, passed, discernment.
PICKS = {
    "first": ("first_percent", "first_passed", "first_discernment"),
    "latest": ("latest_percent", "latest_passed", "latest_discernment"),
    "highest": ("best_percent", "passed", "best_discernment"),
}


def _standings(cohort: Cohort):
    return Standing.objects.filter(membership__cohort=cohort)


def _page_standings(
    *, cohort: Cohort, learner_ids: list[int], quiz_ids: list[int], method: str
) -> tuple[dict[tuple[int, int], Cell], dict[int, tuple[int, int]]]:
    """The page's cells — score by grading method, passed, attempts and discernment per (learner, quiz) — and
    each learner's mean discernment and bias (whole points, over every true/false quiz): one query.

    Only attempts started while the learner was in the cohort count: the standings hold exactly those, with
    the first, the latest and the best (highest score, then discernment, then the latest) already chosen.
    """
    if not learner_ids:
        return {}, {}
    score, passed, discernment = PICKS[method]
    wanted = set(quiz_ids)
    rows = (
        _standings(cohort)
        .filter(membership__learner_id__in=learner_ids)
        .values_list(
            "membership__learner_id", "quiz_id", score, passed, "attempts", discernment,
            "discernment_sum", "bias_sum", "discerned",
        )
    )  # fmt: skip
    cells, sums = {}, {}
    for learner, quiz, *cell, discernment_sum, bias_sum, discerned in rows:
        if quiz in wanted:
            cells[learner, quiz] = Cell(*cell)
        if discerned:
            total = sums.setdefault(learner, [0, 0, 0])
            total[0] += discernment_sum
            total[1] += bias_sum
            total[2] += discerned
    signal = {learner: (whole(Decimal(d) / n), whole(Decimal(b) / n)) for learner, (d, b, n) in sums.items()}
    return cells, signal


def _last_activity():
    """On memberships: the latest start or finish of the member's attempts as a member (an index lookup each)."""
    attempts = Attempt.objects.filter(learner=OuterRef("learner_id"), started_at__gte=OuterRef("joined_at"))
    last_started = Subquery(attempts.order_by("-started_at").values("started_at")[:1])
    last_finished = Subquery(attempts.order_by(F("finished_at").desc(nulls_last=True)).values("finished_at")[:1])
    return Greatest(Coalesce(last_finished, last_started), last_started)  # SQLite's GREATEST is NULL if either is


def gradebook_learners(*, cohort: Cohort, sort: str, method: str, quiz_ids: list[int]):
    """The cohort's learners in the order asked for (name, last activity, or a quiz's score)."""
    learners = members(cohort=cohort)
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "activity":
        activity = Membership.objects.filter(cohort=cohort, learner=OuterRef("pk")).annotate(last=_last_activity())
        learners = learners.annotate(last_activity=Subquery(activity.values("last")[:1]))
        order = F("last_activity").desc(nulls_last=True) if descending else F("last_activity").asc(nulls_first=True)
        return learners.order_by(order, "username")
    if key.startswith("quiz-") and key[5:].isdigit() and int(key[5:]) in quiz_ids:
        score = _standings(cohort).filter(membership__learner=OuterRef("pk"), quiz_id=int(key[5:]))
        learners = learners.annotate(sort_score=Subquery(score.values(PICKS[method][0])[:1]))
        order = F("sort_score").desc(nulls_last=True) if descending else F("sort_score").asc(nulls_first=True)
        return learners.order_by(order, "username")
    return learners.order_by("-username" if descending and key == "learner" else "username")


def gradebook_rows(*, cohort: Cohort, learners, quizzes: list[Quiz], method: str) -> list[GradebookRow]:
    """A row per learner (a page of them): their cells, discernment, bias and last activity, in two queries."""
    learners = list(learners)
    ids = [u.pk for u in learners]
    quiz_ids = [q.pk for q in quizzes]
    cells, signal = _page_standings(cohort=cohort, learner_ids=ids, quiz_ids=quiz_ids, method=method)
    memberships = Membership.objects.filter(cohort=cohort, learner_id__in=ids).annotate(last=_last_activity())
    activity = dict(memberships.values_list("learner_id", "last")) if ids else {}
    none = Cell()  # read only: every cell without an attempt
    rows = []
    for learner in learners:
        pk = learner.pk
        cells_of = [cells.get((pk, quiz), none) for quiz in quiz_ids]
        rows.append(GradebookRow(learner, activity.get(pk), cells_of, *signal.get(pk, ())))
    return rows


@dataclass
class QuizSummary:
    """A quiz's column over the whole cohort: how many learners took it, and their average score."""

    learners: int = 0
    average: float | None = None


def gradebook_summary(*, cohort: Cohort, quiz_ids: list[int], method: str) -> dict[int, QuizSummary]:
    """Per quiz, over every member (not just the page): learners with a graded attempt, average score. One query,
    of one row per quiz (the cohort's standings summed, kept beside them), whatever the cohort's size."""
    if not quiz_ids:
        return {}
    prefix = PICKS[method][0].removesuffix("_percent")  # the method's columns in `StandingSum`
    rows = StandingSum.objects.filter(cohort=cohort, quiz_id__in=quiz_ids, learners__gt=0).values_list(
        "quiz_id", "learners", f"{prefix}_sum", f"{prefix}_count"
    )
    return {quiz: QuizSummary(learners, total / n if n else None) for quiz, learners, total, n in rows}
