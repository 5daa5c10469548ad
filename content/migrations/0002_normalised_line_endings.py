"""Content text fields keep LF line endings; rows saved with CRLF or lone CR (and their history) are fixed."""

from django.db import migrations

import content.fields

# Every content text field, by model; the historical models hold copies of the same fields.
TEXT_FIELDS = {
    "sourcedocument": ("intro", "attribution"),
    "section": ("intro",),
    "claim": ("text",),
    "rebuttal": ("summary", "body"),
    "statement": ("text", "explanation"),
}


def normalise_stored_text(apps, schema_editor):
    # Written with update(): fixing line endings is no edit, so it adds no history row and keeps updated_at.
    # History rows are fixed too, so past diffs stop showing line-ending "changes" nobody made.
    for model_name, names in TEXT_FIELDS.items():
        for model in (apps.get_model("content", model_name), apps.get_model("content", f"historical{model_name}")):
            for name in names:
                rows = model.objects.filter(**{f"{name}__contains": "\r"}).values_list("pk", name)
                for pk, text in list(rows):
                    fixed = text.replace("\r\n", "\n").replace("\r", "\n")
                    model.objects.filter(pk=pk).update(**{name: fixed})


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='claim',
            name='text',
            field=content.fields.NormalisedTextField(help_text='The claim exactly as the source document words it.'),
        ),
        migrations.AlterField(
            model_name='historicalclaim',
            name='text',
            field=content.fields.NormalisedTextField(help_text='The claim exactly as the source document words it.'),
        ),
        migrations.AlterField(
            model_name='historicalrebuttal',
            name='body',
            field=content.fields.NormalisedTextField(help_text='The full fact text. Separate paragraphs with a blank line.'),
        ),
        migrations.AlterField(
            model_name='historicalrebuttal',
            name='summary',
            field=content.fields.NormalisedTextField(blank=True, help_text="One or two sentences in the source's words; learners pair claims with these in matching quizzes."),
        ),
        migrations.AlterField(
            model_name='historicalsection',
            name='intro',
            field=content.fields.NormalisedTextField(blank=True, help_text='Optional introduction shown above the section.'),
        ),
        migrations.AlterField(
            model_name='historicalsourcedocument',
            name='attribution',
            field=content.fields.NormalisedTextField(blank=True, help_text='Attribution note shown with the content (licence, source, changes made).'),
        ),
        migrations.AlterField(
            model_name='historicalsourcedocument',
            name='intro',
            field=content.fields.NormalisedTextField(blank=True, help_text="The document's own introduction."),
        ),
        migrations.AlterField(
            model_name='historicalstatement',
            name='explanation',
            field=content.fields.NormalisedTextField(blank=True, help_text='Shown to the learner after answering. Defaults to the rebuttal summary.'),
        ),
        migrations.AlterField(
            model_name='historicalstatement',
            name='text',
            field=content.fields.NormalisedTextField(help_text='Must make sense on its own, without the rest of the document.'),
        ),
        migrations.AlterField(
            model_name='rebuttal',
            name='body',
            field=content.fields.NormalisedTextField(help_text='The full fact text. Separate paragraphs with a blank line.'),
        ),
        migrations.AlterField(
            model_name='rebuttal',
            name='summary',
            field=content.fields.NormalisedTextField(blank=True, help_text="One or two sentences in the source's words; learners pair claims with these in matching quizzes."),
        ),
        migrations.AlterField(
            model_name='section',
            name='intro',
            field=content.fields.NormalisedTextField(blank=True, help_text='Optional introduction shown above the section.'),
        ),
        migrations.AlterField(
            model_name='sourcedocument',
            name='attribution',
            field=content.fields.NormalisedTextField(blank=True, help_text='Attribution note shown with the content (licence, source, changes made).'),
        ),
        migrations.AlterField(
            model_name='sourcedocument',
            name='intro',
            field=content.fields.NormalisedTextField(blank=True, help_text="The document's own introduction."),
        ),
        migrations.AlterField(
            model_name='statement',
            name='explanation',
            field=content.fields.NormalisedTextField(blank=True, help_text='Shown to the learner after answering. Defaults to the rebuttal summary.'),
        ),
        migrations.AlterField(
            model_name='statement',
            name='text',
            field=content.fields.NormalisedTextField(help_text='Must make sense on its own, without the rest of the document.'),
        ),
        migrations.RunPython(normalise_stored_text, migrations.RunPython.noop),
    ]
