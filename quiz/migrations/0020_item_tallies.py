"""Item tallies (attempts, positions, answers by item per cohort, quiz and basis), filled from the answers.

The fill is a frozen copy of `quiz.teaching.tallies.rebuild` as it stood here (migrations never import live
code): table names come from the historical models.
"""

import django.db.models.deletion
from django.db import migrations, models

PART_KEYS = {
    "attempttally": ["max_score", "score", "percent"],
    "positiontally": ["max_score", "position", "x"],
    "itemtally": ["item_key", "orphan", "x", "r", "choice", "certainty", "picked_claim", "is_decoy", "is_true"],
}
X = "CASE WHEN i.is_correct THEN 1 ELSE 0 END"
MATCHING = "c.kind = 'matching'"
KEY = "CASE WHEN c.kind = 'true_false' THEN i.statement_id ELSE i.claim_id END"
NEEDED = f"{MATCHING} AND NOT i.is_correct AND i.choice <> ''"
PICKED = {  # join, picked claim, is decoy, text
    "postgresql": (
        f"LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN {NEEDED} THEN c.options -> CAST(i.step AS text) END)"
        " o(value) ON o.value ->> 'token' = i.choice",
        "CAST(o.value ->> 'claim_id' AS integer)",
        "CASE WHEN (o.value ->> 'is_decoy') = 'true' THEN 1 WHEN o.value IS NULL THEN NULL ELSE 0 END",
        "o.value ->> 'text'",
    ),
    "sqlite": (
        f"""LEFT JOIN json_each(CASE WHEN {NEEDED} THEN c.options END, '$."' || i.step || '"') o"""
        " ON json_extract(o.value, '$.token') = i.choice",
        "json_extract(o.value, '$.claim_id')",
        "CASE WHEN json_extract(o.value, '$.is_decoy') THEN 1 WHEN o.value IS NULL THEN NULL ELSE 0 END",
        "json_extract(o.value, '$.text')",
    ),
}


def fill(apps, schema_editor):
    table = {name: apps.get_model("quiz", name)._meta.db_table for name in ("Attempt", "AttemptItem", "Membership")}
    join, picked_claim, is_decoy, text = PICKED[schema_editor.connection.vendor]
    based = f"""
        WITH chosen AS (
            SELECT a.id, m.cohort_id, a.quiz_id, a.kind, a.score, a.max_score, a.percent, a.options,
                   ROW_NUMBER() OVER (PARTITION BY m.cohort_id, a.learner_id, a.quiz_id
                                      ORDER BY a.finished_at, a.id) AS nth
            FROM {table["Attempt"]} a
            JOIN {table["Membership"]} m ON m.learner_id = a.learner_id AND a.started_at >= m.joined_at
            WHERE a.quiz_id IS NOT NULL AND a.finished_at IS NOT NULL AND a.is_practice = %s
        ), based AS (
            SELECT 'all' AS basis, chosen.* FROM chosen
            UNION ALL
            SELECT 'first' AS basis, chosen.* FROM chosen WHERE nth = 1
        )
    """
    items = f"based c CROSS JOIN {table['AttemptItem']} i"
    parts = {
        "attempttally": ({"max_score": "c.max_score", "score": "c.score", "percent": "c.percent"}, {}, "based c", ""),
        "positiontally": (
            {"max_score": "c.max_score", "position": "i.position", "x": X},
            {},
            items,
            "WHERE i.attempt_id = c.id",
        ),
        "itemtally": (
            {
                "item_key": f"COALESCE({KEY}, 0)",
                "orphan": f"CASE WHEN {KEY} IS NULL THEN i.prompt ELSE '' END",
                "x": X,
                "r": f"c.score - {X}",
                "choice": f"CASE WHEN {MATCHING} THEN '' ELSE i.choice END",
                "certainty": f"CASE WHEN {MATCHING} THEN -1 ELSE COALESCE(i.certainty, -1) END",
                "picked_claim": f"COALESCE({picked_claim}, 0)",
                "is_decoy": f"COALESCE({is_decoy}, -1)",
                "is_true": f"""CASE WHEN {MATCHING} OR i.statement_id IS NOT NULL OR i.statement_is_true IS NULL THEN -1
                                    WHEN i.statement_is_true THEN 1 ELSE 0 END""",
            },
            {
                "text": f"MAX(COALESCE({text}, ''))",
                "own_fact": f"MAX(CASE WHEN {MATCHING} THEN i.rebuttal_summary ELSE '' END)",
            },
            f"{items} {join}",
            "WHERE i.attempt_id = c.id",
        ),
    }
    with schema_editor.connection.cursor() as cursor:
        for name, (exprs, maxed, source, where) in parts.items():
            exprs = {"cohort_id": "c.cohort_id", "quiz_id": "c.quiz_id", "basis": "c.basis", **exprs}
            keys = ["cohort_id", "quiz_id", "basis", *PART_KEYS[name]]
            columns = [*keys, *maxed, "n"]
            selected = [f"{exprs[k]} AS {k}" for k in keys] + [f"{sql} AS {k}" for k, sql in maxed.items()]
            group = ", ".join(str(n) for n in range(1, len(keys) + 1))
            cursor.execute(
                f"{based} INSERT INTO {apps.get_model('quiz', name)._meta.db_table} ({', '.join(columns)}) "
                f"SELECT {', '.join(selected)}, COUNT(*) AS n FROM {source} {where} GROUP BY {group}",
                [False],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0019_verbose_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="AttemptTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "basis",
                    models.CharField(
                        choices=[("all", "All attempts"), ("first", "First attempts")],
                        max_length=5,
                        verbose_name="basis",
                    ),
                ),
                ("n", models.IntegerField(verbose_name="count")),
                ("max_score", models.SmallIntegerField(verbose_name="maximum score")),
                ("score", models.SmallIntegerField(verbose_name="score")),
                ("percent", models.SmallIntegerField(verbose_name="percent")),
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
                "verbose_name": "attempt tally",
                "verbose_name_plural": "attempt tallies",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cohort", "quiz", "basis", "max_score", "score", "percent"), name="attempttally_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ItemTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "basis",
                    models.CharField(
                        choices=[("all", "All attempts"), ("first", "First attempts")],
                        max_length=5,
                        verbose_name="basis",
                    ),
                ),
                ("n", models.IntegerField(verbose_name="count")),
                ("item_key", models.IntegerField(verbose_name="statement or claim")),
                ("orphan", models.TextField(blank=True, verbose_name="frozen wording")),
                ("x", models.SmallIntegerField(verbose_name="item score")),
                ("r", models.SmallIntegerField(verbose_name="rest score")),
                ("choice", models.CharField(blank=True, max_length=24, verbose_name="answer")),
                ("certainty", models.SmallIntegerField(verbose_name="certainty")),
                ("picked_claim", models.IntegerField(verbose_name="claim picked")),
                ("is_decoy", models.SmallIntegerField(verbose_name="decoy picked")),
                ("is_true", models.SmallIntegerField(verbose_name="statement is true")),
                ("text", models.TextField(blank=True, verbose_name="fact picked")),
                ("own_fact", models.TextField(blank=True, verbose_name="own fact")),
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
                "verbose_name": "item tally",
                "verbose_name_plural": "item tallies",
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "cohort",
                            "quiz",
                            "basis",
                            "item_key",
                            "orphan",
                            "x",
                            "r",
                            "choice",
                            "certainty",
                            "picked_claim",
                            "is_decoy",
                            "is_true",
                        ),
                        name="itemtally_unique",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PositionTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "basis",
                    models.CharField(
                        choices=[("all", "All attempts"), ("first", "First attempts")],
                        max_length=5,
                        verbose_name="basis",
                    ),
                ),
                ("n", models.IntegerField(verbose_name="count")),
                ("max_score", models.SmallIntegerField(verbose_name="maximum score")),
                ("position", models.SmallIntegerField(verbose_name="position")),
                ("x", models.SmallIntegerField(verbose_name="item score")),
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
                "verbose_name": "position tally",
                "verbose_name_plural": "position tallies",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cohort", "quiz", "basis", "max_score", "position", "x"), name="positiontally_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
