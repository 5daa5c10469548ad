"""Drop the foreign-key indexes of Attempt.learner and AttemptItem.attempt: other indexes start with those columns.

Only the indexes go. Altering the fields in the database would also drop and re-add both foreign keys,
checking every row with the tables locked; on PostgreSQL the indexes are dropped concurrently instead,
so learners keep answering while it runs.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

REDUNDANT = [("quiz_attempt", "learner_id"), ("quiz_attemptitem", "attempt_id")]


def single_column_indexes(schema_editor, table: str, column: str) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        found = schema_editor.connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, about in found.items()
        if about["index"] and not about["unique"] and not about["primary_key"] and about["columns"] == [column]
    ]


def drop_indexes(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    for table, column in REDUNDANT:
        for name in single_column_indexes(schema_editor, table, column):
            schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {schema_editor.quote_name(name)}")


def create_indexes(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    for table, column in REDUNDANT:
        name = schema_editor._create_index_name(table, [column])  # the name Django gives a foreign key's index
        schema_editor.execute(
            f"CREATE INDEX{concurrently} IF NOT EXISTS {schema_editor.quote_name(name)} "
            f"ON {schema_editor.quote_name(table)} ({schema_editor.quote_name(column)})"
        )


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("quiz", "0008_attemptitem_analysis_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="attempt",
                    name="learner",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attempts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="attemptitem",
                    name="attempt",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="quiz.attempt",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
        ),
    ]
