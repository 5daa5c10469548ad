"""Discernment and bias for true/false attempts finished before they were scored (math frozen here)."""

from django.db import migrations
from django.db.models import Count, Q

CHUNK = 500


def backfill(apps, schema_editor):
    Attempt = apps.get_model("quiz", "Attempt")
    AttemptItem = apps.get_model("quiz", "AttemptItem")
    pending = Attempt.objects.filter(kind="true_false", finished_at__isnull=False, discernment__isnull=True)
    last = 0
    while True:
        ids = list(pending.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return
        last = ids[-1]
        rows = (
            AttemptItem.objects.filter(attempt_id__in=ids, answered_at__isnull=False)
            .values("attempt_id")
            .annotate(
                trues=Count("pk", filter=Q(statement_is_true=True)),
                hits=Count("pk", filter=Q(statement_is_true=True, choice="true")),
                falses=Count("pk", filter=Q(statement_is_true=False)),
                false_alarms=Count("pk", filter=Q(statement_is_true=False, choice="true")),
            )
        )
        changed = []
        for row in rows:
            if not row["trues"] or not row["falses"]:
                continue
            hit_rate, false_alarm_rate = row["hits"] / row["trues"], row["false_alarms"] / row["falses"]
            attempt = Attempt(pk=row["attempt_id"])
            attempt.discernment = round(100 * (hit_rate - false_alarm_rate))
            attempt.bias = round(100 * (hit_rate + false_alarm_rate - 1))
            changed.append(attempt)
        Attempt.objects.bulk_update(changed, ["discernment", "bias"], batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [("quiz", "0010_discernment_and_certainty")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
