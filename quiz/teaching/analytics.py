"""Instructor reads: item analysis, score distribution, most-believed myths, confidence and progress, in SQL.

Figures come from aggregate queries, never from Python loops over learners or answers. Where a
figure needs a learner's first or latest attempt, or a rank within an item, the query uses window
functions in plain SQL (SQLite ≥ 3.25 and PostgreSQL both have them); everything else uses the ORM.
"""

import math
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Greatest

from content.models import Claim, Statement
from quiz import scoring
from quiz.models import AttemptItem, Cohort, Quiz
from quiz.teaching.access import cohort_quizzes
from quiz.teaching.gradebook import ranked_attempts_sql
from quiz.teaching.sql import ATTEMPT, ITEM, MEMBERSHIP, fetch, while_member


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


# --- Item analysis ----------------------------------------------------------------------------


@dataclass
class ItemStats:
    """Classical test statistics of one item (a statement, or a claim to pair) over the chosen attempts."""

    prompt: str
    is_true: bool | None
    responses: int
    facility: float | None  # F = 100 · mean(x)
    discrimination: float | None  # DI = 100 · corr(x, R), R = score on the rest of the attempt
    efficiency: float | None  # DE = 100 · cov(x, R) / cov_max

    @property
    def flags(self) -> list[str]:
        flags = []
        if self.facility is not None and self.facility > 90:
            flags.append("too easy")
        if self.facility is not None and self.facility < 20:
            flags.append("too hard")
        if (self.efficiency is not None and self.efficiency < 15) or (
            self.discrimination is not None and self.discrimination < 0
        ):
            flags.append("dubious")
        return flags


def item_figures(*, n: int, sx: float, sxx: float, sr: float, srr: float, sxr: float, top_r: float):
    """F, DI and DE from the sums of x (item score, 0–1), R (rest score), x², R², xR and the top-k R sum.

    cov_max pairs the k best rest scores with the k correct answers (x and R each sorted), which is
    the largest covariance these marginals allow. A figure that would divide by zero is None.
    """
    if n == 0:
        return None, None, None
    mean_x, mean_r = sx / n, sr / n
    var_x, var_r = sxx / n - mean_x**2, srr / n - mean_r**2
    cov = sxr / n - mean_x * mean_r
    cov_max = top_r / n - mean_x * mean_r
    facility = 100 * mean_x
    discrimination = 100 * cov / math.sqrt(var_x * var_r) if var_x > 1e-12 and var_r > 1e-12 else None
    efficiency = 100 * cov / cov_max if cov_max > 1e-12 else None
    return facility, discrimination, efficiency


def _chosen_attempts_sql(*, first_only: bool) -> str:
    """The cohort's graded attempts at one quiz (params: cohort, quiz, False): all, or each learner's first."""
    graded = f"""
        FROM {ATTEMPT} a
        JOIN {MEMBERSHIP} m ON m.learner_id = a.learner_id AND m.cohort_id = %s AND a.started_at >= m.joined_at
        WHERE a.quiz_id = %s AND a.finished_at IS NOT NULL AND a.is_practice = %s
    """
    if not first_only:
        return f"SELECT a.id, a.score, a.percent {graded}"
    numbered = f"""
        SELECT a.id, a.score, a.percent,
               ROW_NUMBER() OVER (PARTITION BY a.learner_id ORDER BY a.finished_at, a.id) AS nth
        {graded}
    """
    return f"SELECT id, score, percent FROM ({numbered}) numbered WHERE nth = 1"


def item_analysis(*, cohort: Cohort, quiz: Quiz, first_only: bool = True) -> list[ItemStats]:
    """One row per item of the quiz: responses, facility, discrimination and efficiency. Three queries.

    The database counts responses per (item, x, R) — x the item score (0/1), R the score on the
    rest of the attempt, a small whole number — so every sum the figures need, including the sum of
    the k highest R values behind cov_max, comes from a few rows per item instead of one per answer.
    """
    key = "claim_id" if quiz.is_matching else "statement_id"
    chosen = _chosen_attempts_sql(first_only=first_only)
    # Items that still have their statement/claim: read from the covering index, never the wide rows.
    counted = f"""
        WITH chosen AS ({chosen})
        SELECT i.{key} AS item_key, NULL AS orphan,
               CASE WHEN i.is_correct THEN 1 ELSE 0 END AS x,
               c.score - CASE WHEN i.is_correct THEN 1 ELSE 0 END AS r,
               COUNT(*) AS n, NULL AS is_true
        FROM {ITEM} i JOIN chosen c ON c.id = i.attempt_id
        WHERE i.{key} IS NOT NULL
        GROUP BY 1, 3, 4
    """
    # Items whose statement/claim was deleted since: few, grouped by their frozen wording.
    orphans = f"""
        WITH chosen AS ({chosen})
        SELECT NULL AS item_key, i.prompt AS orphan,
               CASE WHEN i.is_correct THEN 1 ELSE 0 END AS x,
               c.score - CASE WHEN i.is_correct THEN 1 ELSE 0 END AS r,
               COUNT(*) AS n,
               MAX(CASE WHEN i.statement_is_true THEN 1 WHEN i.statement_is_true IS NULL THEN NULL ELSE 0 END)
                   AS is_true
        FROM {ITEM} i JOIN chosen c ON c.id = i.attempt_id
        WHERE i.{key} IS NULL
        GROUP BY 2, 3, 4
    """
    params = [cohort.pk, quiz.pk, False]
    cells: dict[tuple, list[dict]] = {}
    for row in fetch(counted, params) + fetch(orphans, params):
        cells.setdefault((row["item_key"], row["orphan"]), []).append(row)
    if quiz.is_matching:
        current = {
            pk: (text, None)
            for pk, text in Claim.objects.filter(pk__in=[k for k, _ in cells if k]).values_list("pk", "text")
        }
    else:
        current = {
            pk: (text, is_true)
            for pk, text, is_true in Statement.objects.filter(pk__in=[k for k, _ in cells if k]).values_list(
                "pk", "text", "is_true"
            )
        }
    stats = []
    for (item_key, orphan), rows in cells.items():
        n = sum(r["n"] for r in rows)
        sx = sum(r["n"] * r["x"] for r in rows)
        sr = sum(r["n"] * r["r"] for r in rows)
        srr = sum(r["n"] * r["r"] ** 2 for r in rows)
        sxr = sum(r["n"] * r["x"] * r["r"] for r in rows)
        figures = item_figures(n=n, sx=sx, sxx=sx, sr=sr, srr=srr, sxr=sxr, top_r=_top_sum(rows, k=sx))
        if item_key is not None:
            prompt, is_true = current.get(item_key, ("", None))
        else:
            flags = {r["is_true"] for r in rows if r["is_true"] is not None}
            prompt, is_true = orphan or "", (bool(max(flags)) if flags else None)
        stats.append(ItemStats(prompt, is_true, n, *figures))
    return sorted(stats, key=lambda s: s.prompt)


def _top_sum(rows: list[dict], *, k: int) -> int:
    """The sum of the k largest R values, from counts of each R value."""
    by_r: dict[int, int] = {}
    for row in rows:
        by_r[row["r"]] = by_r.get(row["r"], 0) + row["n"]
    total = 0
    for r in sorted(by_r, reverse=True):
        take = min(k, by_r[r])
        total += take * r
        k -= take
        if k == 0:
            break
    return total


def score_distribution(*, cohort: Cohort, quiz: Quiz, first_only: bool = True) -> list[int]:
    """How many of the chosen attempts scored 0–9 %, 10–19 %, …, 90–100 % (ten counts). One query."""
    sql = f"""
        WITH chosen AS ({_chosen_attempts_sql(first_only=first_only)})
        SELECT CASE WHEN percent >= 90 THEN 9 ELSE percent / 10 END AS bucket, COUNT(*) AS attempts
        FROM chosen GROUP BY 1
    """
    counts = [0] * 10
    for row in fetch(sql, [cohort.pk, quiz.pk, False]):
        counts[int(row["bucket"])] = row["attempts"]
    return counts


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
    """Per quiz: the cohort's average first-attempt and latest-attempt score (before and after)."""
    where = while_member()
    sql = f"""
        WITH ranked AS ({ranked_attempts_sql(where)})
        SELECT quiz_id, COUNT(DISTINCT learner_id) AS learners,
               SUM(CASE WHEN from_first = 2 THEN 1 ELSE 0 END) AS retakers,
               AVG(CASE WHEN from_first = 1 THEN percent END) AS first_average,
               AVG(CASE WHEN from_latest = 1 THEN percent END) AS latest_average
        FROM ranked GROUP BY quiz_id
    """
    rows = {r["quiz_id"]: r for r in fetch(sql, [False, cohort.pk])}
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
