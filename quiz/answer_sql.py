"""The two statements behind every answer, written once as SQL: the busiest path of the site.

Compiling the equivalent ORM queries (subqueries, CASE per item) cost several times more than
running them, so `answer_submit` reads and writes through these instead (see docs/benchmarks).
Column names come from the models' `_meta`, values go through each field's own conversions, and
the rows come back as ordinary model instances, so callers see no difference.
"""

from functools import cache

from django.db import connection
from django.db.backends.base.operations import BaseDatabaseOperations

from quiz.models import Attempt, AttemptItem

ATTEMPT_FIELDS = tuple(Attempt._meta.concrete_fields)
ITEM_FIELDS = tuple(AttemptItem._meta.concrete_fields)
ATTEMPT_NAMES = [f.attname for f in ATTEMPT_FIELDS]
ITEM_NAMES = [f.attname for f in ITEM_FIELDS]
ANSWERED_AT = AttemptItem._meta.get_field("answered_at")
PUBLIC_ID = Attempt._meta.get_field("public_id")
STEPS = BaseDatabaseOperations.integer_field_ranges[AttemptItem._meta.get_field("step").get_internal_type()]


@cache
def _select_sql(vendor: str) -> str:
    """One row per item of the step: the attempt's columns, the item's, its first open step, its last answer."""
    quote = connection.ops.quote_name
    attempts, items = quote(Attempt._meta.db_table), quote(AttemptItem._meta.db_table)
    column = AttemptItem._meta.get_field
    attempt_fk, step, is_correct = (quote(column(name).column) for name in ("attempt", "step", "is_correct"))
    attempt_pk = f"a.{quote(Attempt._meta.pk.column)}"
    columns = [f"a.{quote(f.column)}" for f in ATTEMPT_FIELDS] + [f"i.{quote(f.column)}" for f in ITEM_FIELDS]
    answered_at = quote(ANSWERED_AT.column)
    return (
        f"SELECT {', '.join(columns)}, "
        f"(SELECT MIN(s.{step}) FROM {items} s WHERE s.{attempt_fk} = {attempt_pk} AND s.{is_correct} IS NULL), "
        f"(SELECT MAX(s.{answered_at}) FROM {items} s WHERE s.{attempt_fk} = {attempt_pk}) "
        f"FROM {attempts} a JOIN {items} i ON i.{attempt_fk} = {attempt_pk} "
        f"WHERE a.{quote(PUBLIC_ID.column)} = %s AND i.{step} = %s ORDER BY i.{quote(column('position').column)}"
    )


@cache
def _readers(vendor: str, fields: tuple) -> list[tuple]:
    """Per column, the conversions the ORM applies when reading it (dates on SQLite, JSON, booleans …)."""
    readers = []
    for field in fields:
        column = field.get_col(field.model._meta.db_table)
        readers.append((connection.ops.get_db_converters(column) + column.get_db_converters(connection), column))
    return readers


def _convert(values, fields: tuple) -> list:
    converted = []
    for value, (converters, column) in zip(values, _readers(connection.vendor, fields), strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return converted


def step_rows(*, public_id, step: int):
    """The attempt and the items of one step, each item with `open_step` and `last_answered_at` set.

    Returns (attempt, items); both are None/[] when the attempt or the step does not exist.
    """
    if not STEPS[0] <= step <= STEPS[1]:
        return None, []  # no such step can exist (and SQLite cannot even take the number)
    key = PUBLIC_ID.get_db_prep_value(PUBLIC_ID.to_python(public_id), connection)
    with connection.cursor() as cursor:
        cursor.execute(_select_sql(connection.vendor), [key, step])
        rows = cursor.fetchall()
    if not rows:
        return None, []
    attempt_width, item_width = len(ATTEMPT_FIELDS), len(ITEM_FIELDS)
    attempt = Attempt.from_db(connection.alias, ATTEMPT_NAMES, _convert(rows[0][:attempt_width], ATTEMPT_FIELDS))
    (last_answered_at,) = _convert([rows[0][-1]], (ANSWERED_AT,))
    items = []
    for row in rows:
        values = _convert(row[attempt_width : attempt_width + item_width], ITEM_FIELDS)
        item = AttemptItem.from_db(connection.alias, ITEM_NAMES, values)
        item.attempt = attempt
        item.open_step = row[-2]
        item.last_answered_at = last_answered_at
        items.append(item)
    return attempt, items


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
        f"{quote(ANSWERED_AT.column)} = %s, {quote(column('seconds_taken').column)} = %s "
        f"WHERE {pk} IN ({', '.join('%s' for _ in range(count))}) AND {is_correct} IS NULL"
    )


def record(*, choices: dict[int, str], correct: dict[int, bool], now, seconds: int) -> int:
    """Store the choices in the items still unanswered, in one UPDATE; returns how many rows it changed."""
    params = [value for pair in choices.items() for value in pair]
    params += [value for item_id in choices for value in (item_id, correct[item_id])]
    params += [ANSWERED_AT.get_db_prep_value(now, connection), seconds, *choices]
    with connection.cursor() as cursor:
        cursor.execute(_record_sql(connection.vendor, len(choices)), params)
        return cursor.rowcount
