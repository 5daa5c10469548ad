"""Raw SQL helpers for the teaching reads: table names from the models' _meta, rows as dicts, IN lists."""

from django.db import connection

from quiz.models import Attempt, AttemptItem, Membership

ATTEMPT = Attempt._meta.db_table
ITEM = AttemptItem._meta.db_table
MEMBERSHIP = Membership._meta.db_table


def fetch(sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def in_list(values) -> str:
    return ", ".join(["%s"] * len(values))

