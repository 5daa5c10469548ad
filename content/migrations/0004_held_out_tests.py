"""The held-out pool of the pre- and post-test: statements and technique items never practised."""

import content.fields
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0003_techniques'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalHeldOutItem',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('kind', models.CharField(choices=[('statement', 'True or false statement'), ('technique', 'Technique to spot')], default='statement', max_length=10)),
                ('text', content.fields.NormalisedTextField(help_text='A statement to call true or false, or an invented quoted claim whose technique to name.')),
                ('is_true', models.BooleanField(blank=True, help_text='Statements only: ticked if true, unticked if false.', null=True, verbose_name='true')),
                ('explanation', content.fields.NormalisedTextField(help_text='Shown only once the learner has finished the post-test.')),
                ('half', models.CharField(choices=[('A', 'Half A'), ('B', 'Half B')], help_text='Keep the halves equally hard.', max_length=1)),
                ('is_published', models.BooleanField(default=True, help_text='Untick to take it out of new tests.', verbose_name='in use')),
                ('position', models.PositiveIntegerField(default=1)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('technique', models.ForeignKey(blank=True, db_constraint=False, help_text='Technique items only: the technique the claim mainly uses.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.technique')),
                ('topic', models.ForeignKey(blank=True, db_constraint=False, help_text='The section whose topic it tests (statements), so both halves cover the same ground.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.section')),
            ],
            options={
                'verbose_name': 'historical held-out test item',
                'verbose_name_plural': 'historical held-out test items',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HeldOutItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('kind', models.CharField(choices=[('statement', 'True or false statement'), ('technique', 'Technique to spot')], default='statement', max_length=10)),
                ('text', content.fields.NormalisedTextField(help_text='A statement to call true or false, or an invented quoted claim whose technique to name.')),
                ('is_true', models.BooleanField(blank=True, help_text='Statements only: ticked if true, unticked if false.', null=True, verbose_name='true')),
                ('explanation', content.fields.NormalisedTextField(help_text='Shown only once the learner has finished the post-test.')),
                ('half', models.CharField(choices=[('A', 'Half A'), ('B', 'Half B')], help_text='Keep the halves equally hard.', max_length=1)),
                ('is_published', models.BooleanField(default=True, help_text='Untick to take it out of new tests.', verbose_name='in use')),
                ('position', models.PositiveIntegerField(default=1)),
                ('technique', models.ForeignKey(blank=True, help_text='Technique items only: the technique the claim mainly uses.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='held_out_items', to='content.technique')),
                ('topic', models.ForeignKey(blank=True, help_text='The section whose topic it tests (statements), so both halves cover the same ground.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.section')),
            ],
            options={
                'verbose_name': 'held-out test item',
                'ordering': ['half', 'kind', 'position', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('text',), name='heldoutitem_unique_text'), models.CheckConstraint(condition=models.Q(models.Q(('is_true__isnull', False), ('kind', 'statement'), ('technique__isnull', True)), models.Q(('is_true__isnull', True), ('kind', 'technique'), ('technique__isnull', False)), _connector='OR'), name='heldoutitem_kind_fields')],
            },
        ),
    ]
