"""The statements behind every answer, written once as SQL: the busiest path of the site.

Compiling the equivalent ORM queries (subqueries, CASE per item) cost several times more than
running them, so `answer_submit` reads and writes through these instead (see docs/benchmarks).
Column names come from the models' `_meta`, values go through each field's own conversions, and
the rows come back as ordinary model instances, so callers see no difference.

On PostgreSQL a true/false answer is read and written in one statement (`step_rows_answering`):
one round trip to the database instead of two, which is what a sync worker waits on.
"""

from functools import cache

from django.db import connection

from quiz.models import Attempt, AttemptItem, Quiz

ATTEMPT_FIELDS = tuple(Attempt._meta.concrete_fields)
ITEM_FIELDS = tuple(AttemptItem._meta.concrete_fields)
ATTEMPT_NAMES = [f.attname for f in ATTEMPT_FIELDS]
ITEM_NAMES = [f.attname for f in ITEM_FIELDS]
ANSWERED_AT = AttemptItem._meta.get_field("answered_at")
PUBLIC_ID = Attempt._meta.get_field("public_id")
STEP = AttemptItem._meta.get_field("step")


def _step_query(vendor: str) -> tuple[list[str], str, str]:
    """The step's rows as column expressions (attempt, item, first open step, last answer), FROM … WHERE, ORDER BY."""
    quote = connection.ops.quote_name
    attempts, items = quote(Attempt._meta.db_table), quote(AttemptItem._meta.db_table)
    column = AttemptItem._meta.get_field
    attempt_fk, step, is_correct = (quote(column(name).column) for name in ("attempt", "step", "is_correct"))
    attempt_pk = f"a.{quote(Attempt._meta.pk.column)}"
    columns = [f"a.{quote(f.column)}" for f in ATTEMPT_FIELDS] + [f"i.{quote(f.column)}" for f in ITEM_FIELDS]
    columns += [
        f"(SELECT MIN(s.{step}) FROM {items} s WHERE s.{attempt_fk} = {attempt_pk} AND s.{is_correct} IS NULL)",
        f"(SELECT MAX(s.{quote(ANSWERED_AT.column)}) FROM {items} s WHERE s.{attempt_fk} = {attempt_pk})",
    ]
    source = (
        f"FROM {attempts} a JOIN {items} i ON i.{attempt_fk} = {attempt_pk} "
        f"WHERE a.{quote(PUBLIC_ID.column)} = %s AND i.{step} = %s"
    )
    return columns, source, f"i.{quote(column('position').column)}"


@cache
def _select_sql(vendor: str, with_listing: bool = False) -> str:
    """One row per item of the step: the attempt's columns, the item's, its first open step, its last answer.

    With ``with_listing``, one more column: whether learners can still open the attempt's quiz page
    (the quiz and its section published), which the step page's breadcrumb shows.
    """
    columns, source, order = _step_query(vendor)
    if with_listing:
        quote = connection.ops.quote_name
        quiz, section = Quiz._meta, Quiz._meta.get_field("section").related_model._meta
        published = quote(quiz.get_field("is_published").column)
        columns = columns + [
            f"(SELECT q.{published} AND s.{quote(section.get_field('is_published').column)} "
            f"FROM {quote(quiz.db_table)} q JOIN {quote(section.db_table)} s "
            f"ON s.{quote(section.pk.column)} = q.{quote(quiz.get_field('section').column)} "
            f"WHERE q.{quote(quiz.pk.column)} = a.{quote(Attempt._meta.get_field('quiz').column)})"
        ]
    return f"SELECT {', '.join(columns)} {source} ORDER BY {order}"


@cache
def _answering_sql(vendor: str) -> str:
    """PostgreSQL: the step's rows as they were, and a true/false answer written if the attempt takes it.

    The rows are read and the item written in one statement: the CTE `step` sees the rows before the
    UPDATE, which only writes when every rule `answer_submit` checks holds (the learner's attempt, a
    true/false item, unanswered, not finished, in time, the first open step). Anything else writes
    nothing and leaves `answer_submit` to explain why from the rows, as on the two-statement path.
    """
    columns, source, _ = _step_query(vendor)
    quote = connection.ops.quote_name
    names = [f"c{n}" for n in range(len(columns))]
    at = {f"a.{f.attname}": names[n] for n, f in enumerate(ATTEMPT_FIELDS)}
    at.update({f"i.{f.attname}": names[len(ATTEMPT_FIELDS) + n] for n, f in enumerate(ITEM_FIELDS)})
    open_step, last_answered_at = names[-2:]
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
        f"AND step.{at['a.learner_id']} = %s AND step.{at['a.kind']} = %s AND step.{at['a.finished_at']} IS NULL "
        f"AND (step.{at['a.deadline']} IS NULL OR step.{at['a.deadline']} > %s) AND step.{open_step} = %s "
        f"RETURNING u.{pk}, u.{quote(item('seconds_taken').column)}) "
        f"SELECT step.*, answered.{quote(item('seconds_taken').column)} "
        f"FROM step LEFT JOIN answered ON answered.{pk} = step.{item_id} ORDER BY step.{at['i.position']}"
    )


COLUMNS = {"attempt": ATTEMPT_FIELDS, "item": ITEM_FIELDS, "answered_at": (ANSWERED_AT,)}


@cache
def _readers(vendor: str, columns: str) -> tuple:
    """Of the columns `COLUMNS[columns]`, those the ORM converts when reading them (dates on SQLite, JSON …).

    As (position, converters, column); on PostgreSQL most columns need none, so most values pass untouched.
    """
    readers = []
    for position, field in enumerate(COLUMNS[columns]):
        column = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            readers.append((position, converters, column))
    return tuple(readers)


def _convert(values, columns: str) -> list:
    values = list(values)
    for position, converters, column in _readers(connection.vendor, columns):
        value = values[position]
        for converter in converters:
            value = converter(value, column, connection)
        values[position] = value
    return values


def _valid_step(step: int) -> bool:
    """Outside the column's range no such step can exist (and the database could not even take the number)."""
    low, high = connection.ops.integer_field_range(STEP.get_internal_type())
    return low <= step <= high


def _attempt_and_items(rows) -> tuple[Attempt, list[AttemptItem]]:
    attempt_width, item_width = len(ATTEMPT_FIELDS), len(ITEM_FIELDS)
    attempt = Attempt.from_db(connection.alias, ATTEMPT_NAMES, _convert(rows[0][:attempt_width], "attempt"))
    (last_answered_at,) = _convert([rows[0][attempt_width + item_width + 1]], "answered_at")
    items = []
    for row in rows:
        values = _convert(row[attempt_width : attempt_width + item_width], "item")
        item = AttemptItem.from_db(connection.alias, ITEM_NAMES, values)
        item.attempt = attempt
        item.open_step = row[attempt_width + item_width]
        item.last_answered_at = last_answered_at
        items.append(item)
    return attempt, items


def step_rows(*, public_id, step: int, with_listing: bool = False):
    """The attempt and the items of one step, each item with `open_step` and `last_answered_at` set.

    The one step reader: the answer (POST), the step page (GET) and a refusal's page all read here.
    With ``with_listing`` the attempt also knows whether its quiz is still listed (`Attempt.is_listed`).
    Returns (attempt, items); both are None/[] when the attempt or the step does not exist.
    """
    if not _valid_step(step):
        return None, []
    key = PUBLIC_ID.get_db_prep_value(PUBLIC_ID.to_python(public_id), connection)
    with connection.cursor() as cursor:
        cursor.execute(_select_sql(connection.vendor, with_listing), [key, step])
        rows = cursor.fetchall()
    if not rows:
        return None, []
    attempt, items = _attempt_and_items(rows)
    if with_listing:
        attempt.quiz_listed = bool(rows[0][-1])
    return attempt, items


def answers_in_one_statement() -> bool:
    """Whether `step_rows_answering` can be used: PostgreSQL writes from a CTE, SQLite cannot."""
    return connection.vendor == "postgresql"


def step_rows_answering(*, public_id, step: int, learner_id: int, choice: str, certainty: int | None, now):
    """`step_rows`, and in the same statement the answer `choice` ("true"/"false") stored if the step takes it.

    Returns (attempt, items, seconds): the rows as they were before the answer, and the seconds taken
    as stored, or None when nothing was written (then `answer_submit` finds out why from the rows).
    """
    if not _valid_step(step):
        return None, [], None
    key = PUBLIC_ID.get_db_prep_value(PUBLIC_ID.to_python(public_id), connection)
    stamp = ANSWERED_AT.get_db_prep_value(now, connection)
    params = [key, step, choice, certainty, choice, stamp, stamp, learner_id, Quiz.Kind.TRUE_FALSE.value, stamp]
    with connection.cursor() as cursor:
        cursor.execute(_answering_sql(connection.vendor), [*params, step])
        rows = cursor.fetchall()
    if not rows:
        return None, [], None
    attempt, items = _attempt_and_items(rows)
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
