"""Give every existing section its two quizzes (editors' rights to configure them: the post_migrate role sync)."""

from django.db import migrations

KINDS = ("true_false", "matching")


def create_quizzes(apps, schema_editor):
    Section = apps.get_model("content", "Section")
    Quiz = apps.get_model("quiz", "Quiz")
    for section in Section.objects.all():
        for kind in KINDS:
            Quiz.objects.get_or_create(section=section, kind=kind)


class Migration(migrations.Migration):
    dependencies = [("quiz", "0002_quizzes_and_attempts")]

    operations = [
        migrations.RunPython(create_quizzes, migrations.RunPython.noop),
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),  # was a role sync (frozen)
    ]
