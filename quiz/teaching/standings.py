"""Standings: each member's graded attempts at each quiz as the gradebook reads them, kept equal to a recount.

A standing (`quiz.teaching.models.Standing`) sums up one learner's graded attempts at one quiz, started while
a member of one cohort: the first, the latest, the best, how many, whether any passed. The gradebook reads
a few rows per learner, whatever the number of attempts. A standing depends on one learner's attempts and
memberships only, so every change recounts that learner (the item tallies' receivers call `recount`, in the
same transaction and under the same lock): a finish recounts the learner at that quiz, any other change to
their attempts or memberships recounts them at every quiz. A membership's rows go with it (CASCADE).
"""

from django.db import connection

from quiz.teaching.models import Standing
from quiz.teaching.sql import ATTEMPT, MEMBERSHIP, in_list

STANDING = Standing._meta.db_table
NO_DISCERNMENT = -1_000  # below any discernment (−100 to +100): ranks an attempt without one last
COLUMNS = [
    "membership_id",
    "quiz_id",
    "attempts",
    "passed",
    "first_percent",
    "first_passed",
    "first_discernment",
    "latest_percent",
    "latest_passed",
    "latest_discernment",
    "best_percent",
    "best_discernment",
    "discernment_sum",
    "bias_sum",
    "discerned",
]


def recount_sql(where: str = "") -> str:
    """The standings of the attempts `where` selects (SQL on attempt `a`, membership `m`), in `COLUMNS` order.

    Params: False (not practice), then those of `where`. The best attempt is the highest score, then the
    highest discernment, then the latest, as the gradebook has always chosen it.
    """
    ranked = f"""
        SELECT m.id AS membership_id, a.quiz_id, a.percent, a.discernment, a.bias,
               CASE WHEN a.passed THEN 1 ELSE 0 END AS won,
               ROW_NUMBER() OVER (PARTITION BY m.id, a.quiz_id ORDER BY a.finished_at, a.id) AS from_first,
               ROW_NUMBER() OVER (PARTITION BY m.id, a.quiz_id ORDER BY a.finished_at DESC, a.id DESC) AS from_latest,
               ROW_NUMBER() OVER (
                   PARTITION BY m.id, a.quiz_id
                   ORDER BY COALESCE(a.percent, -1) DESC, COALESCE(a.discernment, {NO_DISCERNMENT}) DESC,
                            a.finished_at DESC, a.id DESC
               ) AS from_best
        FROM {ATTEMPT} a JOIN {MEMBERSHIP} m ON m.learner_id = a.learner_id AND a.started_at >= m.joined_at
        WHERE a.quiz_id IS NOT NULL AND a.finished_at IS NOT NULL AND a.is_practice = %s {where}
    """

    def of(rank: str, column: str) -> str:
        return f"MAX(CASE WHEN {rank} = 1 THEN {column} END)"

    return f"""
        SELECT membership_id, quiz_id, COUNT(*), MAX(won) = 1,
               {of("from_first", "percent")}, {of("from_first", "won")} = 1, {of("from_first", "discernment")},
               {of("from_latest", "percent")}, {of("from_latest", "won")} = 1, {of("from_latest", "discernment")},
               {of("from_best", "percent")}, {of("from_best", "discernment")},
               COALESCE(SUM(discernment), 0), COALESCE(SUM(CASE WHEN discernment IS NOT NULL THEN bias END), 0),
               COUNT(discernment)
        FROM ({ranked}) ranked
        GROUP BY membership_id, quiz_id
    """


def _replace(where: str, params: list, scope: str, scope_params: list) -> None:
    """Delete the standings `scope` selects and insert the recount of the attempts `where` selects."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {STANDING} {scope}", scope_params)
        cursor.execute(f"INSERT INTO {STANDING} ({', '.join(COLUMNS)}) {recount_sql(where)}", [False, *params])


def recount(learner_ids, *, quiz_id: int | None = None) -> None:
    """Recount these learners' standings (at one quiz, or at all), in the caller's transaction."""
    ids = sorted(set(learner_ids))
    if not ids:
        return
    learners = in_list(ids)
    scope = f"WHERE membership_id IN (SELECT id FROM {MEMBERSHIP} WHERE learner_id IN ({learners}))"
    where = f"AND a.learner_id IN ({learners})"
    if quiz_id is None:
        _replace(where, ids, scope, ids)
    else:
        _replace(f"{where} AND a.quiz_id = %s", [*ids, quiz_id], f"{scope} AND quiz_id = %s", [*ids, quiz_id])


def rebuild(quiz_ids: list[int] | None = None) -> None:
    """Recount the standings of these quizzes (or of every quiz) from the attempts, for every member."""
    if quiz_ids is not None and not quiz_ids:
        return
    ids = sorted(quiz_ids or [])
    if not ids:
        _replace("", [], "", [])
        return
    quizzes = in_list(ids)
    _replace(f"AND a.quiz_id IN ({quizzes})", ids, f"WHERE quiz_id IN ({quizzes})", ids)
