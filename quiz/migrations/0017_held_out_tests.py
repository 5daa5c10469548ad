"""Pre- and post-tests: a cohort switches them on; each test is an attempt on one half of the held-out pool."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0004_held_out_tests'),
        ('quiz', '0016_technique_quizzes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='attemptitem',
            name='held_out',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.heldoutitem'),
        ),
        migrations.AddField(
            model_name='cohort',
            name='post_test_opens_at',
            field=models.DateTimeField(blank=True, help_text='Empty: learners open the post-test when they choose, after the pre-test.', null=True),
        ),
        migrations.AddField(
            model_name='cohort',
            name='tests_enabled',
            field=models.BooleanField(default=False, help_text="Learners take a short pre-test before their first quiz, and a post-test later, on items they never practise: the cohort's learning gain.", verbose_name='pre- and post-test'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='kind',
            field=models.CharField(choices=[('true_false', 'True or false'), ('matching', 'Match the rebuttal'), ('technique', 'Spot the technique'), ('review', 'Review'), ('pre_test', 'Pre-test'), ('post_test', 'Post-test')], max_length=12),
        ),
        migrations.CreateModel(
            name='CohortTest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('phase', models.CharField(choices=[('pre', 'Pre-test'), ('post', 'Post-test')], max_length=4)),
                ('half', models.CharField(max_length=1)),
                ('anonymous_id', models.CharField(max_length=12)),
                ('started_at', models.DateTimeField()),
                ('attempt', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='cohort_test', to='quiz.attempt')),
                ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tests', to='quiz.cohort')),
                ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['cohort', 'learner', 'phase'],
                'constraints': [models.UniqueConstraint(fields=('cohort', 'learner', 'phase'), name='cohorttest_once_per_phase')],
            },
        ),
    ]
