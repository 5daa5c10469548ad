"""Technique, example and held-out references of attempt items lose their indexes (bad plans, costly writes)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0004_held_out_tests'),
        ('quiz', '0017_held_out_tests'),
    ]

    operations = [
        migrations.AlterField(
            model_name='attemptitem',
            name='example',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.techniqueexample'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='held_out',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.heldoutitem'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='technique',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.technique'),
        ),
    ]
