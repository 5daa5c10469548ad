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


def while_member(attempt: str = "a") -> str:
    """SQL: the attempt was started while its learner was in the cohort (one parameter: the cohort's id).

    Instructors see only what a learner did as a member of their cohort: nothing from before joining,
    nothing once they have left (their membership is gone).
    """
    return (
        f"EXISTS (SELECT 1 FROM {MEMBERSHIP} m WHERE m.cohort_id = %s AND m.learner_id = {attempt}.learner_id "
        f"AND {attempt}.started_at >= m.joined_at)"
    )
