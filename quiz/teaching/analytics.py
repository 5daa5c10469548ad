"""Instructor reads: most-believed myths, confidence and progress, as aggregate queries (items: `items.py`).

Figures come from aggregate queries, never from Python loops over learners or answers. A learner's first
and latest attempt come from the gradebook's standings (`standings.py`); everything here uses the ORM.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Coalesce, Greatest

from content.models import Claim
from quiz import scoring
from quiz.models import AttemptItem, Cohort, Quiz
from quiz.teaching.access import cohort_quizzes
from quiz.teaching.models import Standing


@dataclass
class Confidence:
    high: int  # answers given with high certainty
    high_wrong: int

    @property
    def wrong_rate(self) -> float:
        return 100 * self.high_wrong / self.high if self.high else 0.0


def confidence(*, cohort: Cohort) -> Confidence:
    """How often the cohort's very sure answers were wrong (graded attempts): one query."""
    sure = AttemptItem.objects.filter(
        attempt__learner__memberships__cohort=cohort,
        attempt__started_at__gte=F("attempt__learner__memberships__joined_at"),
        attempt__is_practice=False,
        attempt__finished_at__isnull=False,
        answered_at__isnull=False,
        certainty=scoring.Certainty.HIGH,
    ).aggregate(high=Count("pk"), high_wrong=Count("pk", filter=Q(is_correct=False)))
    return Confidence(sure["high"], sure["high_wrong"])


# --- Most-believed myths and progress ---------------------------------------------------------


@dataclass
class Myth:
    claim: Claim
    responses: int  # answers to false statements about the claim
    believed: int  # of those, "true"
    learners: int  # learners who believed it at least once
    pairs: int = 0  # matching answers for the claim
    wrong_pairs: int = 0  # of those, the wrong fact picked: not belief, reported apart
    weighted: int = 0  # beliefs weighted by certainty: low 1, medium 2, high 3 (none given: 1)
    confident: int = 0  # beliefs held with high certainty

    @property
    def confident_rate(self) -> float:
        """Certainty-weighted belief, as a share of the most it could be (every answer "true", very sure)."""
        return 100 * self.weighted / (3 * self.responses) if self.responses else 0.0

    @property
    def rate(self) -> float:
        return 100 * self.believed / self.responses if self.responses else 0.0

    @property
    def wrong_pair_rate(self) -> float:
        return 100 * self.wrong_pairs / self.pairs if self.pairs else 0.0


def believed_myths(*, cohort: Cohort, limit: int = 10) -> list[Myth]:
    """Claims the cohort most often took for true: "true" to a false statement about them, weighted by certainty.

    A wrong matching pair is not belief (the learner may know the myth is false and still pick the
    wrong fact), so it is counted beside, as "picked the wrong fact".
    """
    false_statement = Q(statement_is_true=False)
    matching = Q(attempt__kind=Quiz.Kind.MATCHING)
    believed = false_statement & Q(choice="true")
    rows = list(
        AttemptItem.objects.filter(
            false_statement | matching,
            attempt__learner__memberships__cohort=cohort,
            attempt__started_at__gte=F("attempt__learner__memberships__joined_at"),
            attempt__is_practice=False,
            answered_at__isnull=False,
            claim__isnull=False,
        )
        .values("claim_id")
        .annotate(
            responses=Count("pk", filter=false_statement),
            believed=Count("pk", filter=believed),
            learners=Count("attempt__learner", filter=believed, distinct=True),
            pairs=Count("pk", filter=matching),
            wrong_pairs=Count("pk", filter=matching & Q(is_correct=False)),
            weighted=Coalesce(Sum(Coalesce("certainty", 1), filter=believed), 0),
            confident=Count("pk", filter=believed & Q(certainty=scoring.Certainty.HIGH)),
        )
        .filter(Q(believed__gt=0) | Q(wrong_pairs__gt=0))
        .order_by(-(F("weighted") * 1.0) / Greatest(F("responses"), 1), "-weighted", "-wrong_pairs", "claim_id")[:limit]
    )
    claims = Claim.objects.select_related("section__document", "rebuttal").in_bulk([r["claim_id"] for r in rows])
    return [
        Myth(
            claims[r["claim_id"]],
            r["responses"],
            r["believed"],
            r["learners"],
            r["pairs"],
            r["wrong_pairs"],
            r["weighted"],
            r["confident"],
        )
        for r in rows
        if r["claim_id"] in claims
    ]


@dataclass
class Progress:
    quiz: Quiz
    learners: int  # with at least one graded attempt
    retakers: int  # with two or more
    first_average: float | None
    latest_average: float | None

    @property
    def change(self) -> float | None:
        if self.first_average is None or self.latest_average is None:
            return None
        return self.latest_average - self.first_average


def progress(*, cohort: Cohort) -> list[Progress]:
    """Per quiz: the average first-attempt and latest-attempt score of the same learners (before and after).

    Paired: only learners with at least two graded attempts count in either average (`retakers` of them),
    so a learner who took a quiz once never counts as both "before" and "after".
    """
    retook = Q(attempts__gte=2)
    rows = {
        r["quiz_id"]: r
        for r in Standing.objects.filter(membership__cohort=cohort)
        .values("quiz_id")
        .annotate(
            learners=Count("pk"),
            retakers=Count("pk", filter=retook),
            first_average=Avg("first_percent", filter=retook),
            latest_average=Avg("latest_percent", filter=retook),
        )
    }
    result = []
    for quiz in cohort_quizzes():
        row = rows.get(quiz.pk)
        if row:
            first = None if row["first_average"] is None else float(row["first_average"])
            latest = None if row["latest_average"] is None else float(row["latest_average"])
            result.append(Progress(quiz, row["learners"], row["retakers"], first, latest))
        else:
            result.append(Progress(quiz, 0, 0, None, None))
    return result
