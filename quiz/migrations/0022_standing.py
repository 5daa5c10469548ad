"""Gradebook standings (each member's graded attempts at each quiz: first, latest, best), filled from the attempts.

The fill is a frozen copy of `quiz.teaching.standings.rebuild` as it stood here (migrations never import live
code): table names come from the historical models.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    attempt, membership, standing = (
        apps.get_model("quiz", name)._meta.db_table for name in ("Attempt", "Membership", "Standing")
    )
    ranked = f"""
        SELECT m.id AS membership_id, a.quiz_id, a.percent, a.discernment, a.bias,
               CASE WHEN a.passed THEN 1 ELSE 0 END AS won,
               ROW_NUMBER() OVER (PARTITION BY m.id, a.quiz_id ORDER BY a.finished_at, a.id) AS from_first,
               ROW_NUMBER() OVER (PARTITION BY m.id, a.quiz_id ORDER BY a.finished_at DESC, a.id DESC) AS from_latest,
               ROW_NUMBER() OVER (
                   PARTITION BY m.id, a.quiz_id
                   ORDER BY COALESCE(a.percent, -1) DESC, COALESCE(a.discernment, -1000) DESC,
                            a.finished_at DESC, a.id DESC
               ) AS from_best
        FROM {attempt} a JOIN {membership} m ON m.learner_id = a.learner_id AND a.started_at >= m.joined_at
        WHERE a.quiz_id IS NOT NULL AND a.finished_at IS NOT NULL AND a.is_practice = %s
    """

    def of(rank, column):
        return f"MAX(CASE WHEN {rank} = 1 THEN {column} END)"

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {standing} (membership_id, quiz_id, attempts, passed, first_percent, first_passed,
                first_discernment, latest_percent, latest_passed, latest_discernment, best_percent, best_discernment,
                discernment_sum, bias_sum, discerned)
            SELECT membership_id, quiz_id, COUNT(*), MAX(won) = 1,
                   {of("from_first", "percent")}, {of("from_first", "won")} = 1, {of("from_first", "discernment")},
                   {of("from_latest", "percent")}, {of("from_latest", "won")} = 1, {of("from_latest", "discernment")},
                   {of("from_best", "percent")}, {of("from_best", "discernment")},
                   COALESCE(SUM(discernment), 0), COALESCE(SUM(CASE WHEN discernment IS NOT NULL THEN bias END), 0),
                   COUNT(discernment)
            FROM ({ranked}) ranked
            GROUP BY membership_id, quiz_id
            """,
            [False],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0021_attempt_covering_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="Standing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("attempts", models.IntegerField(verbose_name="attempts")),
                ("passed", models.BooleanField(verbose_name="any passed")),
                ("first_percent", models.SmallIntegerField(null=True, verbose_name="first score")),
                ("first_passed", models.BooleanField(verbose_name="first passed")),
                ("first_discernment", models.SmallIntegerField(null=True, verbose_name="first discernment")),
                ("latest_percent", models.SmallIntegerField(null=True, verbose_name="latest score")),
                ("latest_passed", models.BooleanField(verbose_name="latest passed")),
                ("latest_discernment", models.SmallIntegerField(null=True, verbose_name="latest discernment")),
                ("best_percent", models.SmallIntegerField(null=True, verbose_name="best score")),
                ("best_discernment", models.SmallIntegerField(null=True, verbose_name="best discernment")),
                ("discernment_sum", models.IntegerField(verbose_name="sum of discernment")),
                ("bias_sum", models.IntegerField(verbose_name="sum of bias")),
                ("discerned", models.IntegerField(verbose_name="attempts with a discernment")),
                (
                    "membership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="quiz.membership",
                        verbose_name="membership",
                    ),
                ),
                (
                    "quiz",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="quiz.quiz",
                        verbose_name="quiz",
                    ),
                ),
            ],
            options={
                "verbose_name": "standing",
                "verbose_name_plural": "standings",
                "constraints": [models.UniqueConstraint(fields=("membership", "quiz"), name="standing_unique")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
