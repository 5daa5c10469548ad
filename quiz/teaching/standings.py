"""Standings: each member's graded attempts at each quiz as the gradebook reads them, kept equal to a recount.

A standing (`quiz.teaching.models.Standing`) sums up one learner's graded attempts at one quiz, started while
a member of one cohort: the first, the latest, the best, how many, whether any passed. The gradebook reads
a few rows per learner, whatever the number of attempts. A standing depends on one learner's attempts and
memberships only, so every change recounts that learner (the item tallies' receivers call `recount`, in the
same transaction and under the same lock): a finish recounts the learner at that quiz, any other change to
their attempts or memberships recounts them at every quiz. A membership's rows go with it (CASCADE).
"""

from django.db import connection

from quiz.teaching.models import Standing, StandingSum
from quiz.teaching.sql import ATTEMPT, MEMBERSHIP, in_list

STANDING = Standing._meta.db_table
SUM = StandingSum._meta.db_table
# The sums' columns, and what each adds up over a cohort's standings at a quiz.
SUMS = {
    "learners": "COUNT(*)",
    "first_sum": "COALESCE(SUM(s.first_percent), 0)",
    "first_count": "COUNT(s.first_percent)",
    "latest_sum": "COALESCE(SUM(s.latest_percent), 0)",
    "latest_count": "COUNT(s.latest_percent)",
    "best_sum": "COALESCE(SUM(s.best_percent), 0)",
    "best_count": "COUNT(s.best_percent)",
}
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


def add_sql(scope: str, sign: int) -> str:
    """Add (sign 1) or take off (sign -1) the standings `scope` selects (SQL on standing `s`) to the sums.

    One upsert: a (cohort, quiz) seen for the first time gets its row.
    """
    columns = ", ".join(SUMS)
    totals = ", ".join(f"{sign} * {total}" for total in SUMS.values())
    updates = ", ".join(f"{name} = {SUM}.{name} + excluded.{name}" for name in SUMS)
    return f"""
        INSERT INTO {SUM} (cohort_id, quiz_id, {columns})
        SELECT m.cohort_id, s.quiz_id, {totals}
        FROM {STANDING} s JOIN {MEMBERSHIP} m ON m.id = s.membership_id
        WHERE {scope or "1 = 1"}
        GROUP BY m.cohort_id, s.quiz_id
        ON CONFLICT (cohort_id, quiz_id) DO UPDATE SET {updates}
    """  # the WHERE is never left out: SQLite would read the upsert's ON as a join's


def _take_off(cursor, scope: str, params: list, *, reset_sums: str | None = None) -> None:
    """Delete the standings `scope` selects, having taken them off the sums (or, with `reset_sums`, a
    condition on the sums, emptied those sums instead: a rebuild recounts their whole scope)."""
    if reset_sums is None:
        cursor.execute(add_sql(scope, -1), params)
    else:
        cursor.execute(f"DELETE FROM {SUM} WHERE {reset_sums or '1 = 1'}", params)
    cursor.execute(f"DELETE FROM {STANDING} AS s WHERE {scope or '1 = 1'}", params)


def _replace(where: str, params: list, scope: str, scope_params: list, *, reset_sums: str | None = None) -> None:
    """Delete the standings `scope` selects and insert the recount of the attempts `where` selects; the sums
    take off what goes and add what comes."""
    with connection.cursor() as cursor:
        _take_off(cursor, scope, scope_params, reset_sums=reset_sums)
        cursor.execute(f"INSERT INTO {STANDING} ({', '.join(COLUMNS)}) {recount_sql(where)}", [False, *params])
        cursor.execute(add_sql(scope, 1), scope_params)


def forget(membership_ids) -> None:
    """Take these memberships' standings off the sums and delete them: before a membership is deleted (its
    rows would go by CASCADE, unseen) or saved (it may move to another cohort); a recount brings them back."""
    ids = sorted(set(membership_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        _take_off(cursor, f"s.membership_id IN ({in_list(ids)})", ids)


def recount(learner_ids, *, quiz_id: int | None = None) -> None:
    """Recount these learners' standings (at one quiz, or at all), in the caller's transaction."""
    ids = sorted(set(learner_ids))
    if not ids:
        return
    learners = in_list(ids)
    scope = f"s.membership_id IN (SELECT id FROM {MEMBERSHIP} WHERE learner_id IN ({learners}))"
    where = f"AND a.learner_id IN ({learners})"
    if quiz_id is None:
        _replace(where, ids, scope, ids)
    else:
        _replace(f"{where} AND a.quiz_id = %s", [*ids, quiz_id], f"{scope} AND s.quiz_id = %s", [*ids, quiz_id])


def rebuild(quiz_ids: list[int] | None = None) -> None:
    """Recount the standings of these quizzes (or of every quiz) from the attempts, for every member, and
    their sums afresh."""
    if quiz_ids is not None and not quiz_ids:
        return
    ids = sorted(quiz_ids or [])
    if not ids:
        _replace("", [], "", [], reset_sums="")
        return
    quizzes = in_list(ids)
    _replace(
        f"AND a.quiz_id IN ({quizzes})", ids, f"s.quiz_id IN ({quizzes})", ids, reset_sums=f"quiz_id IN ({quizzes})"
    )
