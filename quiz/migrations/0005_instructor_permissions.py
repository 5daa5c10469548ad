"""Give instructors their permissions on cohorts, memberships and attempts."""

from django.db import migrations

from quiz.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("quiz", "0004_cohorts")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
