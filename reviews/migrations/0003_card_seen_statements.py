"""Cards keep the statements their learner has answered (`Card.seen_statements`), so starting a review reads
them from the due cards instead of searching the learner's whole history.

The fill is a frozen copy of the rule as it stands here (migrations never import live code): the statement of
every true/false answer in the card's log, in the order the log took them.
"""

import itertools

from django.db import migrations, models

BATCH = 1000


def fill(apps, schema_editor):
    alias = schema_editor.connection.alias
    card_model, log_model = (apps.get_model("reviews", name) for name in ("Card", "ReviewLog"))
    rows = (
        log_model.objects.using(alias)
        .filter(is_matching=False, item__statement_id__isnull=False)
        .order_by("card_id", "pk")
        .values_list("card_id", "item__statement_id")
        .iterator(chunk_size=5000)
    )
    batch = []
    for card_id, logged in itertools.groupby(rows, key=lambda row: row[0]):
        batch.append(card_model(pk=card_id, seen_statements=list(dict.fromkeys(s for _, s in logged))))
        if len(batch) == BATCH:
            card_model.objects.using(alias).bulk_update(batch, ["seen_statements"])
            batch = []
    if batch:
        card_model.objects.using(alias).bulk_update(batch, ["seen_statements"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="card",
            name="seen_statements",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The ids of the claim's statements the learner has answered, so a review asks new ones first.",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
