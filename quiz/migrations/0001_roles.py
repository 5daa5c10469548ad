"""Create the Learner, Instructor and Editor groups with their permissions."""

from django.db import migrations

from quiz.roles import sync_roles


def remove_roles(apps, schema_editor):
    from quiz.roles import ALL_ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=ALL_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, remove_roles)]
