"""Attempts marked `in_cards` once finished with every answer taken into review cards, and the partial index of
the others that the check for answers still to take reads.

The fill is a frozen copy of the rule as it stood here (migrations never import live code): a finished attempt
none of whose answers about a claim (technique answers aside) lacks its review log. Table names come from the
historical models.
"""

from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    attempt, item = (apps.get_model("quiz", name)._meta.db_table for name in ("Attempt", "AttemptItem"))
    log = apps.get_model("reviews", "ReviewLog")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {attempt} SET in_cards = TRUE
            WHERE finished_at IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM {item} i
                WHERE i.attempt_id = {attempt}.id AND i.answered_at IS NOT NULL AND i.claim_id IS NOT NULL
                  AND i.technique_id IS NULL AND NOT EXISTS (SELECT 1 FROM {log} r WHERE r.item_id = i.id)
            )
            """
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0023_standing_sums"),
        ("reviews", "0002_verbose_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="in_cards",
            field=models.BooleanField(
                default=False,
                help_text="Finished, and every answer has moved its review card.",
                verbose_name="in review cards",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="attempt",
            index=models.Index(
                condition=models.Q(("in_cards", False)), fields=["learner"], name="attempt_cards_pending"
            ),
        ),
    ]
