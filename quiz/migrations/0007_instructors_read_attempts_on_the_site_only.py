"""Instructors read their own learners' attempts on the site only: no admin permission on attempts."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("quiz", "0006_attempt_activity_indexes")]

    # Was a role sync; roles are now synced after every migrate (accounts.apps), so nothing live is imported.
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
