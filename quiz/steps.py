"""The one step reader: an attempt and the items of one of its steps, in one query, as model instances.

The answer (POST), the step page (GET) and a refused answer's page all read a step here. Column
names come from the models' `_meta`, values go through each field's own conversions, and rows come
back as ordinary `Attempt` and `AttemptItem` instances, so callers see no difference from the ORM
(whose compiled queries cost more than running them on this path; see docs/benchmarks).
"""

from functools import cache

from django.db import connection

from content import versions
from quiz.models import Attempt, AttemptItem, Quiz

ATTEMPT_FIELDS = tuple(Attempt._meta.concrete_fields)
ITEM_FIELDS = tuple(AttemptItem._meta.concrete_fields)
ATTEMPT_NAMES = [f.attname for f in ATTEMPT_FIELDS]
ITEM_NAMES = [f.attname for f in ITEM_FIELDS]
ANSWERED_AT = AttemptItem._meta.get_field("answered_at")
PUBLIC_ID = Attempt._meta.get_field("public_id")
STEP = AttemptItem._meta.get_field("step")
# What `step_query` selects after the attempt's and the item's columns, in this order.
EXTRA = ("open_step", "last_answered_at", "content_version")


def step_query(vendor: str) -> tuple[list[str], str, str]:
    """The step's rows as column expressions (attempt, item, `EXTRA`), FROM … WHERE, ORDER BY.

    The content version comes in the same snapshot, so a page that reads a step asks for it no more.
    """
    quote = connection.ops.quote_name
    attempts, items = quote(Attempt._meta.db_table), quote(AttemptItem._meta.db_table)
    column = AttemptItem._meta.get_field
    attempt_fk, step, is_correct = (quote(column(name).column) for name in ("attempt", "step", "is_correct"))
    attempt_pk = f"a.{quote(Attempt._meta.pk.column)}"
    columns = [f"a.{quote(f.column)}" for f in ATTEMPT_FIELDS] + [f"i.{quote(f.column)}" for f in ITEM_FIELDS]
    columns += [
        f"(SELECT MIN(s.{step}) FROM {items} s WHERE s.{attempt_fk} = {attempt_pk} AND s.{is_correct} IS NULL)",
        f"(SELECT MAX(s.{quote(ANSWERED_AT.column)}) FROM {items} s WHERE s.{attempt_fk} = {attempt_pk})",
        versions.token_sql(),
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
    columns, source, order = step_query(vendor)
    if with_listing:
        quote = connection.ops.quote_name
        quiz, section = Quiz._meta, Quiz._meta.get_field("section").related_model._meta
        published = quote(quiz.get_field("is_published").column)
        false = "FALSE" if vendor == "postgresql" else "0"
        section_column = quote(quiz.get_field("section").column)
        # A technique quiz across a document has no section: listed while it is published.
        document_wide = f"(q.{section_column} IS NULL AND q.{quote(quiz.get_field('document').column)} IS NOT NULL)"
        columns = columns + [
            f"(SELECT q.{published} AND (COALESCE(s.{quote(section.get_field('is_published').column)}, {false}) "
            f"OR {document_wide}) "
            f"FROM {quote(quiz.db_table)} q LEFT JOIN {quote(section.db_table)} s "
            f"ON s.{quote(section.pk.column)} = q.{section_column} "
            f"WHERE q.{quote(quiz.pk.column)} = a.{quote(Attempt._meta.get_field('quiz').column)})"
        ]
    return f"SELECT {', '.join(columns)} {source} ORDER BY {order}"


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


def valid_step(step: int) -> bool:
    """Outside the column's range no such step can exist (and the database could not even take the number)."""
    low, high = connection.ops.integer_field_range(STEP.get_internal_type())
    return low <= step <= high


def attempt_and_items(rows) -> tuple[Attempt, list[AttemptItem]]:
    attempt_width, item_width = len(ATTEMPT_FIELDS), len(ITEM_FIELDS)
    attempt = Attempt.from_db(connection.alias, ATTEMPT_NAMES, _convert(rows[0][:attempt_width], "attempt"))
    (last_answered_at,) = _convert([rows[0][attempt_width + item_width + 1]], "answered_at")
    versions.prime(rows[0][attempt_width + item_width + 2])
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
    if not valid_step(step):
        return None, []
    key = PUBLIC_ID.get_db_prep_value(PUBLIC_ID.to_python(public_id), connection)
    with connection.cursor() as cursor:
        cursor.execute(_select_sql(connection.vendor, with_listing), [key, step])
        rows = cursor.fetchall()
    if not rows:
        return None, []
    attempt, items = attempt_and_items(rows)
    if with_listing:
        attempt.quiz_listed = bool(rows[0][-1])
    return attempt, items
