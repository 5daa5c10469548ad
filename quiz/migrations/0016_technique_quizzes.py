"""Technique quizzes: a "spot the technique" quiz per section and one across each document; technique items."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def give_sections_and_documents_technique_quizzes(apps, schema_editor):
    """Written out here (not today's quizzes_ensure), so the migration means the same whenever it runs."""
    Quiz = apps.get_model("quiz", "Quiz")
    Section = apps.get_model("content", "Section")
    SourceDocument = apps.get_model("content", "SourceDocument")
    for section in Section.objects.all():
        Quiz.objects.get_or_create(section=section, kind="technique")
    for document in SourceDocument.objects.all():
        Quiz.objects.get_or_create(section=None, document=document, kind="technique")


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0003_techniques'),
        ('quiz', '0015_assignments'),
    ]

    operations = [
        migrations.AddField(
            model_name='attemptitem',
            name='example',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.techniqueexample'),
        ),
        migrations.AddField(
            model_name='attemptitem',
            name='technique',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.technique'),
        ),
        migrations.AddField(
            model_name='historicalquiz',
            name='document',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Set (with no section) for a technique quiz across every section of the document.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.sourcedocument'),
        ),
        migrations.AddField(
            model_name='historicalquiz',
            name='example_count',
            field=models.PositiveSmallIntegerField(default=2, help_text='Technique quizzes only: how many of the items are invented examples (not claims of the document), so learners practise on statements they have not memorised. 0 for claims only.', validators=[django.core.validators.MaxValueValidator(20)], verbose_name='transfer examples'),
        ),
        migrations.AddField(
            model_name='quiz',
            name='document',
            field=models.ForeignKey(blank=True, help_text='Set (with no section) for a technique quiz across every section of the document.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='document_quizzes', to='content.sourcedocument'),
        ),
        migrations.AddField(
            model_name='quiz',
            name='example_count',
            field=models.PositiveSmallIntegerField(default=2, help_text='Technique quizzes only: how many of the items are invented examples (not claims of the document), so learners practise on statements they have not memorised. 0 for claims only.', validators=[django.core.validators.MaxValueValidator(20)], verbose_name='transfer examples'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='kind',
            field=models.CharField(choices=[('true_false', 'True or false'), ('matching', 'Match the rebuttal'), ('technique', 'Spot the technique'), ('review', 'Review')], max_length=12),
        ),
        migrations.AlterField(
            model_name='historicalquiz',
            name='kind',
            field=models.CharField(choices=[('true_false', 'True or false'), ('matching', 'Match the rebuttal'), ('technique', 'Spot the technique')], max_length=12),
        ),
        migrations.AlterField(
            model_name='historicalquiz',
            name='section',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Deleting the section keeps the quiz and its attempts, but learners no longer see it. Empty for a technique quiz across the whole document.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.section'),
        ),
        migrations.AlterField(
            model_name='quiz',
            name='kind',
            field=models.CharField(choices=[('true_false', 'True or false'), ('matching', 'Match the rebuttal'), ('technique', 'Spot the technique')], max_length=12),
        ),
        migrations.AlterField(
            model_name='quiz',
            name='section',
            field=models.ForeignKey(blank=True, help_text='Deleting the section keeps the quiz and its attempts, but learners no longer see it. Empty for a technique quiz across the whole document.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='quizzes', to='content.section'),
        ),
        migrations.AddConstraint(
            model_name='quiz',
            constraint=models.UniqueConstraint(condition=models.Q(('document__isnull', False), ('section__isnull', True)), fields=('document', 'kind'), name='quiz_unique_kind_per_document'),
        ),
        migrations.RunPython(give_sections_and_documents_technique_quizzes, migrations.RunPython.noop),
    ]
