"""Manipulation techniques as content: families, techniques, the techniques of each claim, transfer examples."""

import content.fields
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0002_normalised_line_endings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Technique',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('name', models.CharField(max_length=100, unique=True)),
                ('slug', models.SlugField(max_length=60, unique=True)),
                ('definition', content.fields.NormalisedTextField(help_text='One sentence.')),
                ('cues', content.fields.NormalisedTextField(help_text='How to spot it: 2–4 short cues, one per line.')),
                ('example', content.fields.NormalisedTextField(help_text='A short worked example that is not from the document: an invented statement and how it uses the technique.')),
                ('position', models.PositiveIntegerField(help_text="Order on the techniques page and in quizzes' option lists.")),
            ],
            options={
                'ordering': ['family__position', 'position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='TechniqueFamily',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('name', models.CharField(max_length=200)),
                ('slug', models.SlugField(max_length=60, unique=True)),
                ('origin', content.fields.NormalisedTextField(help_text='Who described the family, and where: the citation learners see.')),
                ('note', content.fields.NormalisedTextField(blank=True, help_text='One or two sentences on what the family is.')),
                ('position', models.PositiveIntegerField(default=1)),
            ],
            options={
                'verbose_name_plural': 'technique families',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalTechniqueFamily',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('name', models.CharField(max_length=200)),
                ('slug', models.SlugField(max_length=60)),
                ('origin', content.fields.NormalisedTextField(help_text='Who described the family, and where: the citation learners see.')),
                ('note', content.fields.NormalisedTextField(blank=True, help_text='One or two sentences on what the family is.')),
                ('position', models.PositiveIntegerField(default=1)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical technique family',
                'verbose_name_plural': 'historical technique families',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalTechniqueExample',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('text', content.fields.NormalisedTextField(help_text='The invented statement, as a quotation. Marked to learners as an example.')),
                ('explanation', content.fields.NormalisedTextField(help_text='Shown after answering: how the statement uses the technique.')),
                ('is_published', models.BooleanField(default=True, verbose_name='published')),
                ('position', models.PositiveIntegerField(default=1)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('technique', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.technique')),
            ],
            options={
                'verbose_name': 'historical technique example',
                'verbose_name_plural': 'historical technique examples',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalClaimTechnique',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('role', models.CharField(choices=[('primary', 'Primary'), ('secondary', 'Secondary')], default='primary', max_length=10)),
                ('rationale', content.fields.NormalisedTextField(help_text='One or two sentences: how this wording uses the technique, e.g. “It recasts talks about German reunification as a pledge about all of Eastern Europe.”')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('claim', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.claim')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('technique', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.technique')),
            ],
            options={
                'verbose_name': 'historical technique of a claim',
                'verbose_name_plural': 'historical techniques of claims',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='technique',
            name='family',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='techniques', to='content.techniquefamily'),
        ),
        migrations.CreateModel(
            name='HistoricalTechnique',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('name', models.CharField(db_index=True, max_length=100)),
                ('slug', models.SlugField(max_length=60)),
                ('definition', content.fields.NormalisedTextField(help_text='One sentence.')),
                ('cues', content.fields.NormalisedTextField(help_text='How to spot it: 2–4 short cues, one per line.')),
                ('example', content.fields.NormalisedTextField(help_text='A short worked example that is not from the document: an invented statement and how it uses the technique.')),
                ('position', models.PositiveIntegerField(help_text="Order on the techniques page and in quizzes' option lists.")),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('family', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.techniquefamily')),
            ],
            options={
                'verbose_name': 'historical technique',
                'verbose_name_plural': 'historical techniques',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ClaimTechnique',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('role', models.CharField(choices=[('primary', 'Primary'), ('secondary', 'Secondary')], default='primary', max_length=10)),
                ('rationale', content.fields.NormalisedTextField(help_text='One or two sentences: how this wording uses the technique, e.g. “It recasts talks about German reunification as a pledge about all of Eastern Europe.”')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='technique_tags', to='content.claim')),
                ('technique', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claim_tags', to='content.technique')),
            ],
            options={
                'verbose_name': 'technique of a claim',
                'verbose_name_plural': 'techniques of claims',
                'ordering': ['claim', 'role', 'technique__position'],
                'constraints': [models.UniqueConstraint(fields=('claim', 'technique'), name='claimtechnique_unique'), models.UniqueConstraint(condition=models.Q(('role', 'primary')), fields=('claim',), name='claimtechnique_one_primary_per_claim')],
            },
        ),
        migrations.CreateModel(
            name='TechniqueExample',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('text', content.fields.NormalisedTextField(help_text='The invented statement, as a quotation. Marked to learners as an example.')),
                ('explanation', content.fields.NormalisedTextField(help_text='Shown after answering: how the statement uses the technique.')),
                ('is_published', models.BooleanField(default=True, verbose_name='published')),
                ('position', models.PositiveIntegerField(default=1)),
                ('technique', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='examples', to='content.technique')),
            ],
            options={
                'ordering': ['technique__position', 'position', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('text',), name='techniqueexample_unique_text')],
            },
        ),
    ]
