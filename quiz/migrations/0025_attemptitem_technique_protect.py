"""A technique learners have answered is kept: `AttemptItem.technique` protects it (no change to the tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0007_content_version"),
        ("quiz", "0024_attempt_in_cards"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attemptitem",
            name="technique",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="content.technique",
                verbose_name="technique",
            ),
        ),
    ]
