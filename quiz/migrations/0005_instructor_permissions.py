"""Gave instructors their permissions on cohorts and memberships: now the post_migrate role sync (frozen)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("quiz", "0004_cohorts")]

    # Was a role sync; roles are now synced after every migrate (accounts.apps), so nothing live is imported.
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
