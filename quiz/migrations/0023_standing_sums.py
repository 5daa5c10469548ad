"""Each cohort's standings summed per quiz (members who took it, each grading method's total and count),
filled from the standings.

The fill is a frozen copy of what `quiz.teaching.standings.rebuild` does to the sums as it stood here
(migrations never import live code): table names come from the historical models.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    membership, standing, sums = (
        apps.get_model("quiz", name)._meta.db_table for name in ("Membership", "Standing", "StandingSum")
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {sums} (cohort_id, quiz_id, learners, first_sum, first_count, latest_sum, latest_count,
                best_sum, best_count)
            SELECT m.cohort_id, s.quiz_id, COUNT(*),
                   COALESCE(SUM(s.first_percent), 0), COUNT(s.first_percent),
                   COALESCE(SUM(s.latest_percent), 0), COUNT(s.latest_percent),
                   COALESCE(SUM(s.best_percent), 0), COUNT(s.best_percent)
            FROM {standing} s JOIN {membership} m ON m.id = s.membership_id
            GROUP BY m.cohort_id, s.quiz_id
            """
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0022_standing"),
    ]

    operations = [
        migrations.CreateModel(
            name="StandingSum",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("learners", models.IntegerField(verbose_name="members with a standing")),
                ("first_sum", models.IntegerField(verbose_name="sum of first scores")),
                ("first_count", models.IntegerField(verbose_name="first scores")),
                ("latest_sum", models.IntegerField(verbose_name="sum of latest scores")),
                ("latest_count", models.IntegerField(verbose_name="latest scores")),
                ("best_sum", models.IntegerField(verbose_name="sum of best scores")),
                ("best_count", models.IntegerField(verbose_name="best scores")),
                (
                    "cohort",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="quiz.cohort",
                        verbose_name="cohort",
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
                "verbose_name": "standing sum",
                "verbose_name_plural": "standing sums",
                "constraints": [models.UniqueConstraint(fields=("cohort", "quiz"), name="standing_sum_unique")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
