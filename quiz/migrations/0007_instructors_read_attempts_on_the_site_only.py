"""Instructors read their own learners' attempts on the site only: no admin permission on attempts."""

from django.db import migrations

from quiz.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("quiz", "0006_attempt_activity_indexes")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
