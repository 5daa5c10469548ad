"""The statements that write an answer, written once as SQL: the busiest path of the site.

Compiling the equivalent ORM queries (subqueries, CASE per item) cost several times more than
running them, so `answer_submit` reads and writes through these instead (see docs/benchmarks).
Column names come from the models' `_meta`, values go through each field's own conversions, and
the rows come back as ordinary model instances, so callers see no difference.

On PostgreSQL a true/false answer is read and written in one statement (`step_rows_answering`):
one round trip to the database instead of two, which is what a sync worker waits on.
"""

from functools import cache

from django.db import connection

from quiz.generation import FALSE, TRUE
from quiz.models import AttemptItem
from quiz.steps import (
    ANSWERED_AT,
    ATTEMPT_FIELDS,
    EXTRA,
    ITEM_FIELDS,
    PUBLIC_ID,
    attempt_and_items,
    step_query,
    valid_step,
)


@cache
def _answering_sql(vendor: str) -> str:
    """PostgreSQL: the step's rows as they were, and a true/false answer written if the attempt takes it.

    The rows are read and the item written in one statement: the CTE `step` sees the rows before the
    UPDATE, which only writes when every rule `answer_submit` checks holds (the learner's attempt, a
    true/false item, also in a review, unanswered, not finished, in time, the first open step). Anything else writes
    nothing and leaves `answer_submit` to explain why from the rows, as on the two-statement path.
    """
    columns, source, _ = step_query(vendor)
    quote = connection.ops.quote_name
    names = [f"c{n}" for n in range(len(columns))]
    at = {f"a.{f.attname}": names[n] for n, f in enumerate(ATTEMPT_FIELDS)}
    at.update({f"i.{f.attname}": names[len(ATTEMPT_FIELDS) + n] for n, f in enumerate(ITEM_FIELDS)})
    extra = dict(zip(EXTRA, names[-len(EXTRA) :], strict=True))
    open_step, last_answered_at = extra["open_step"], extra["last_answered_at"]
    item_id = at[f"i.{AttemptItem._meta.pk.attname}"]
    item = AttemptItem._meta.get_field
    pk = quote(AttemptItem._meta.pk.column)
    choice, is_correct, correct_choice, certainty = (
        quote(item(n).column) for n in ("choice", "is_correct", "correct_choice", "certainty")
    )
    since = f"COALESCE(step.{last_answered_at}, step.{at['a.started_at']})"
    return (
        f"WITH step AS (SELECT {', '.join(f'{c} AS {n}' for c, n in zip(columns, names, strict=True))} {source}), "
        f"answered AS (UPDATE {quote(AttemptItem._meta.db_table)} u SET {choice} = %s, "
        f"{certainty} = CASE WHEN step.{at['a.asks_certainty']} THEN CAST(%s AS SMALLINT) END, "
        f"{is_correct} = (u.{correct_choice} = %s), {quote(ANSWERED_AT.column)} = %s, "
        f"{quote(item('seconds_taken').column)} = GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (%s - {since})))) "
        f"FROM step WHERE u.{pk} = step.{item_id} AND u.{is_correct} IS NULL "
        f"AND step.{at['a.learner_id']} = %s AND step.{at['i.correct_choice']} IN (%s, %s) "
        f"AND step.{at['a.finished_at']} IS NULL "
        f"AND (step.{at['a.deadline']} IS NULL OR step.{at['a.deadline']} > %s) AND step.{open_step} = %s "
        f"RETURNING u.{pk}, u.{quote(item('seconds_taken').column)}) "
        f"SELECT step.*, answered.{quote(item('seconds_taken').column)} "
        f"FROM step LEFT JOIN answered ON answered.{pk} = step.{item_id} ORDER BY step.{at['i.position']}"
    )


def answers_in_one_statement() -> bool:
    """Whether `step_rows_answering` can be used: PostgreSQL writes from a CTE, SQLite cannot."""
    return connection.vendor == "postgresql"


def step_rows_answering(*, public_id, step: int, learner_id: int, choice: str, certainty: int | None, now):
    """`step_rows`, and in the same statement the answer `choice` ("true"/"false") stored if the step takes it.

    Returns (attempt, items, seconds): the rows as they were before the answer, and the seconds taken
    as stored, or None when nothing was written (then `answer_submit` finds out why from the rows).
    """
    if not valid_step(step):
        return None, [], None
    key = PUBLIC_ID.get_db_prep_value(PUBLIC_ID.to_python(public_id), connection)
    stamp = ANSWERED_AT.get_db_prep_value(now, connection)
    params = [key, step, choice, certainty, choice, stamp, stamp, learner_id, TRUE, FALSE, stamp]
    with connection.cursor() as cursor:
        cursor.execute(_answering_sql(connection.vendor), [*params, step])
        rows = cursor.fetchall()
    if not rows:
        return None, [], None
    attempt, items = attempt_and_items(rows)
    return attempt, items, rows[0][-1]


@cache
def _record_sql(vendor: str, count: int) -> str:
    """The UPDATE for `count` items: the same text each time, so PostgreSQL keeps it prepared."""
    quote = connection.ops.quote_name
    column = AttemptItem._meta.get_field
    pk, is_correct = quote(AttemptItem._meta.pk.column), quote(column("is_correct").column)
    cases = " ".join("WHEN %s THEN %s" for _ in range(count))
    return (
        f"UPDATE {quote(AttemptItem._meta.db_table)} SET "
        f"{quote(column('choice').column)} = CASE {pk} {cases} END, {is_correct} = CASE {pk} {cases} END, "
        f"{quote(ANSWERED_AT.column)} = %s, {quote(column('seconds_taken').column)} = %s, "
        f"{quote(column('certainty').column)} = %s "
        f"WHERE {pk} IN ({', '.join('%s' for _ in range(count))}) AND {is_correct} IS NULL"
    )


def record(*, choices: dict[int, str], correct: dict[int, bool], certainty: int | None, now, seconds: int) -> int:
    """Store the choices (and how sure) in the items still unanswered, in one UPDATE; returns the rows changed."""
    params = [value for pair in choices.items() for value in pair]
    params += [value for item_id in choices for value in (item_id, correct[item_id])]
    params += [ANSWERED_AT.get_db_prep_value(now, connection), seconds, certainty, *choices]
    with connection.cursor() as cursor:
        cursor.execute(_record_sql(connection.vendor, len(choices)), params)
        return cursor.rowcount
