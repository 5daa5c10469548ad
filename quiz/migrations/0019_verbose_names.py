"""Translatable labels (verbose names) of the quiz models and their fields: no change to the database."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import quiz.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0006_verbose_names'),
        ('quiz', '0018_item_references_unindexed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='assignment',
            options={'ordering': [models.OrderBy(models.F('due_at'), nulls_last=True), 'pk'], 'verbose_name': 'assignment', 'verbose_name_plural': 'assignments'},
        ),
        migrations.AlterModelOptions(
            name='attempt',
            options={'ordering': ['-started_at'], 'verbose_name': 'attempt', 'verbose_name_plural': 'attempts'},
        ),
        migrations.AlterModelOptions(
            name='attemptitem',
            options={'ordering': ['attempt', 'position'], 'verbose_name': 'attempt item', 'verbose_name_plural': 'attempt items'},
        ),
        migrations.AlterModelOptions(
            name='cohort',
            options={'ordering': ['name', 'pk'], 'verbose_name': 'cohort', 'verbose_name_plural': 'cohorts'},
        ),
        migrations.AlterModelOptions(
            name='cohorttest',
            options={'ordering': ['cohort', 'learner', 'phase'], 'verbose_name': 'pre- or post-test', 'verbose_name_plural': 'pre- and post-tests'},
        ),
        migrations.AlterModelOptions(
            name='membership',
            options={'ordering': ['cohort', 'learner'], 'verbose_name': 'membership', 'verbose_name_plural': 'memberships'},
        ),
        migrations.AlterModelOptions(
            name='quiz',
            options={'ordering': ['section__document', 'section__position', 'kind'], 'verbose_name': 'quiz', 'verbose_name_plural': 'quizzes'},
        ),
        migrations.AlterField(
            model_name='assignment',
            name='cohort',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='quiz.cohort', verbose_name='cohort'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='due_at',
            field=models.DateTimeField(blank=True, help_text='Empty: no due date.', null=True, verbose_name='due at'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='opens_at',
            field=models.DateTimeField(blank=True, help_text='Empty: open at once.', null=True, verbose_name='opens at'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='quizzes',
            field=models.ManyToManyField(related_name='assignments', to='quiz.quiz', verbose_name='quizzes'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='title',
            field=models.CharField(help_text='What learners see, e.g. “Week 1: NATO enlargement”.', max_length=200, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='asks_certainty',
            field=models.BooleanField(default=False, help_text='Whether the quiz asked how sure, when it started.', verbose_name='ask how sure'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='bias',
            field=models.SmallIntegerField(blank=True, null=True, verbose_name='bias'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='certainty_marks',
            field=models.SmallIntegerField(blank=True, help_text='Sum of the certainty-based marks, when the quiz asked how sure.', null=True, verbose_name='certainty-based mark'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='deadline',
            field=models.DateTimeField(blank=True, null=True, verbose_name='deadline'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='discernment',
            field=models.SmallIntegerField(blank=True, null=True, verbose_name='discernment'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='feedback',
            field=models.CharField(choices=[('each_item', 'After each item'), ('at_end', 'At the end')], max_length=10, verbose_name='feedback'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='finish_reason',
            field=models.CharField(blank=True, choices=[('completed', 'All items answered'), ('ended_early', 'Finished early'), ('time_up', 'Time ran out')], max_length=12, verbose_name='finish reason'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='finished at'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='is_practice',
            field=models.BooleanField(default=False, help_text='Practice of missed items, or a review: not counted in scores.', verbose_name='practice'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='kind',
            field=models.CharField(choices=[('true_false', 'True or false'), ('matching', 'Match the rebuttal'), ('technique', 'Spot the technique'), ('review', 'Review'), ('pre_test', 'Pre-test'), ('post_test', 'Post-test')], max_length=12, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='learner',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to=settings.AUTH_USER_MODEL, verbose_name='learner'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='max_score',
            field=models.PositiveSmallIntegerField(help_text='One point per statement or per pair.', verbose_name='maximum score'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='min_discernment',
            field=models.SmallIntegerField(default=0, help_text="The quiz's discernment to pass when the attempt started (true/false only).", verbose_name='discernment to pass'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='options',
            field=models.JSONField(blank=True, default=dict, verbose_name='options'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='pass_mark',
            field=models.PositiveSmallIntegerField(verbose_name='pass mark (%)'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='passed',
            field=models.BooleanField(blank=True, null=True, verbose_name='passed'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='percent',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='percent'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='practice_of',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='practice_attempts', to='quiz.attempt', verbose_name='practice of'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='quiz',
            field=models.ForeignKey(blank=True, help_text='None for a review.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='attempts', to='quiz.quiz', verbose_name='quiz'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='score',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='score'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='seed',
            field=models.BigIntegerField(help_text='Seed of the random choices, so the attempt can be reproduced.', verbose_name='seed'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='started_at',
            field=models.DateTimeField(verbose_name='started at'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='step_count',
            field=models.PositiveSmallIntegerField(help_text='Screens in the attempt (a matching set is one).', verbose_name='steps'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='title',
            field=models.CharField(help_text="The quiz's name when the attempt started.", max_length=300, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='answered_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='answered at'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='attempt',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='items', to='quiz.attempt', verbose_name='attempt'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='certainty',
            field=models.SmallIntegerField(blank=True, choices=[(1, 'Low'), (2, 'Medium'), (3, 'High')], help_text='How sure the learner said they were.', null=True, verbose_name='certainty'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='choice',
            field=models.CharField(blank=True, max_length=24, verbose_name='answer'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='claim',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.claim', verbose_name='claim'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='claim_text',
            field=models.TextField(help_text='The claim the item is about.', verbose_name='claim text'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='correct_choice',
            field=models.CharField(help_text='“true”, “false”, or the token of the right fact.', max_length=24, verbose_name='right answer'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='example',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.techniqueexample', verbose_name='technique example'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='explanation',
            field=models.TextField(blank=True, verbose_name='explanation'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='held_out',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.heldoutitem', verbose_name='held-out test item'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='is_correct',
            field=models.BooleanField(blank=True, null=True, verbose_name='correct'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='position',
            field=models.PositiveSmallIntegerField(verbose_name='position'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='prompt',
            field=models.TextField(help_text='What the learner judged: the statement, or the claim to pair.', verbose_name='prompt'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='rebuttal_summary',
            field=models.TextField(blank=True, verbose_name='rebuttal summary'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='seconds_taken',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='seconds taken'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='statement',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.statement', verbose_name='statement'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='statement_is_true',
            field=models.BooleanField(blank=True, help_text='True/false items only.', null=True, verbose_name='statement is true'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='step',
            field=models.PositiveSmallIntegerField(help_text='The screen it appears on; a matching set shares one.', verbose_name='step'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='technique',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='content.technique', verbose_name='technique'),
        ),
        migrations.AlterField(
            model_name='attemptitem',
            name='token',
            field=models.CharField(max_length=24, verbose_name='token'),
        ),
        migrations.AlterField(
            model_name='cohort',
            name='co_instructors',
            field=models.ManyToManyField(blank=True, help_text="Instructors who see the cohort's reports as the owner does, without managing it.", related_name='cohorts_co_taught', to=settings.AUTH_USER_MODEL, verbose_name='co-instructors'),
        ),
        migrations.AlterField(
            model_name='cohort',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='cohort',
            name='instructor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cohorts_taught', to=settings.AUTH_USER_MODEL, verbose_name='instructor'),
        ),
        migrations.AlterField(
            model_name='cohort',
            name='join_code',
            field=models.CharField(default=quiz.models.new_join_code, max_length=8, unique=True, verbose_name='join code'),
        ),
        migrations.AlterField(
            model_name='cohort',
            name='learners',
            field=models.ManyToManyField(blank=True, related_name='cohorts', through='quiz.Membership', to=settings.AUTH_USER_MODEL, verbose_name='learners'),
        ),
        migrations.AlterField(
            model_name='cohort',
            name='name',
            field=models.CharField(help_text='For example “Spring 2027, Tuesday group”.', max_length=120, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='cohort',
            name='post_test_opens_at',
            field=models.DateTimeField(blank=True, help_text='Empty: learners open the post-test when they choose, after the pre-test.', null=True, verbose_name='post-test opens at'),
        ),
        migrations.AlterField(
            model_name='cohort',
            name='time_zone',
            field=models.CharField(default='UTC', help_text='Where the cohort meets: due dates are entered in this time zone.', max_length=64, verbose_name='time zone'),
        ),
        migrations.AlterField(
            model_name='cohorttest',
            name='anonymous_id',
            field=models.CharField(max_length=12, verbose_name='anonymous id'),
        ),
        migrations.AlterField(
            model_name='cohorttest',
            name='attempt',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='cohort_test', to='quiz.attempt', verbose_name='attempt'),
        ),
        migrations.AlterField(
            model_name='cohorttest',
            name='cohort',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tests', to='quiz.cohort', verbose_name='cohort'),
        ),
        migrations.AlterField(
            model_name='cohorttest',
            name='half',
            field=models.CharField(max_length=1, verbose_name='half of the pool'),
        ),
        migrations.AlterField(
            model_name='cohorttest',
            name='learner',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='learner'),
        ),
        migrations.AlterField(
            model_name='cohorttest',
            name='phase',
            field=models.CharField(choices=[('pre', 'Pre-test'), ('post', 'Post-test')], max_length=4, verbose_name='phase'),
        ),
        migrations.AlterField(
            model_name='cohorttest',
            name='started_at',
            field=models.DateTimeField(verbose_name='started at'),
        ),
        migrations.AlterField(
            model_name='historicalquiz',
            name='document',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Set (with no section) for a technique quiz across every section of the document.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.sourcedocument', verbose_name='document'),
        ),
        migrations.AlterField(
            model_name='historicalquiz',
            name='feedback',
            field=models.CharField(choices=[('each_item', 'After each item'), ('at_end', 'At the end')], default='each_item', help_text='When learners see whether they were right, and the fact that answers the claim.', max_length=10, verbose_name='feedback'),
        ),
        migrations.AlterField(
            model_name='historicalquiz',
            name='kind',
            field=models.CharField(choices=[('true_false', 'True or false'), ('matching', 'Match the rebuttal'), ('technique', 'Spot the technique')], max_length=12, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='historicalquiz',
            name='matching_set_size',
            field=models.PositiveSmallIntegerField(default=4, help_text='Matching only: claims shown together in one set (2–8). Each set also lists one decoy fact: from a claim of the same section that the set does not hold, or from another section when there is none to spare.', validators=[django.core.validators.MinValueValidator(2), django.core.validators.MaxValueValidator(8)], verbose_name='claims per set'),
        ),
        migrations.AlterField(
            model_name='historicalquiz',
            name='section',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Deleting the section keeps the quiz and its attempts, but learners no longer see it. Empty for a technique quiz across the whole document.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='content.section', verbose_name='section'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='cohort',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='quiz.cohort', verbose_name='cohort'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='joined_at',
            field=models.DateTimeField(default=django.utils.timezone.now, help_text='Instructors see only attempts the learner started from then on.', verbose_name='joined at'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='learner',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='learner'),
        ),
        migrations.AlterField(
            model_name='quiz',
            name='document',
            field=models.ForeignKey(blank=True, help_text='Set (with no section) for a technique quiz across every section of the document.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='document_quizzes', to='content.sourcedocument', verbose_name='document'),
        ),
        migrations.AlterField(
            model_name='quiz',
            name='feedback',
            field=models.CharField(choices=[('each_item', 'After each item'), ('at_end', 'At the end')], default='each_item', help_text='When learners see whether they were right, and the fact that answers the claim.', max_length=10, verbose_name='feedback'),
        ),
        migrations.AlterField(
            model_name='quiz',
            name='kind',
            field=models.CharField(choices=[('true_false', 'True or false'), ('matching', 'Match the rebuttal'), ('technique', 'Spot the technique')], max_length=12, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='quiz',
            name='matching_set_size',
            field=models.PositiveSmallIntegerField(default=4, help_text='Matching only: claims shown together in one set (2–8). Each set also lists one decoy fact: from a claim of the same section that the set does not hold, or from another section when there is none to spare.', validators=[django.core.validators.MinValueValidator(2), django.core.validators.MaxValueValidator(8)], verbose_name='claims per set'),
        ),
        migrations.AlterField(
            model_name='quiz',
            name='section',
            field=models.ForeignKey(blank=True, help_text='Deleting the section keeps the quiz and its attempts, but learners no longer see it. Empty for a technique quiz across the whole document.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='quizzes', to='content.section', verbose_name='section'),
        ),
    ]
