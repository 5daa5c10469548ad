"""Created the Learner, Instructor and Editor groups; roles are now synced after every migrate (frozen here).

The groups and their permissions come from `accounts.roles` through a post_migrate handler, so this
migration imports no live code. Reversing it still removes the three groups it once made.
"""

from django.db import migrations

ROLES_THEN = ("Learner", "Instructor", "Editor")


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES_THEN).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0001_initial"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, remove_roles)]
