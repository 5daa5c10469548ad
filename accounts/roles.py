"""The three roles (Django groups) and the permissions each one holds."""

from django.utils.translation import pgettext_lazy

# The groups' names: keys in the database, never translated. ROLE_LABELS is what people read.
LEARNER = "Learner"
INSTRUCTOR = "Instructor"
EDITOR = "Editor"
ROLE_LABELS = {
    LEARNER: pgettext_lazy("role", "Learner"),
    INSTRUCTOR: pgettext_lazy("role", "Instructor"),
    EDITOR: pgettext_lazy("role", "Editor"),
}

# Permissions per role as (app_label, model, actions). Editors keep the content current and set up
# the quizzes each section gets (they neither add nor delete quizzes); they get nothing on users or
# scores. Instructors run cohorts and read their own learners' attempts on the site (not in the admin).
# Learners need no permission: every signed-in user may take quizzes.
ALL_ACTIONS = ("add", "change", "delete", "view")
CONTENT_MODELS = (
    "sourcedocument",
    "section",
    "claim",
    "rebuttal",
    "reference",
    "statement",
    "techniquefamily",
    "technique",
    "claimtechnique",
    "techniqueexample",
    "heldoutitem",
)
ROLE_MODELS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    LEARNER: [],
    INSTRUCTOR: [
        ("quiz", "cohort", ALL_ACTIONS),
        ("quiz", "membership", ("view", "delete")),
    ],
    EDITOR: [("content", model, ALL_ACTIONS) for model in CONTENT_MODELS] + [("quiz", "quiz", ("change", "view"))],
}
ALL_ROLES = (LEARNER, INSTRUCTOR, EDITOR)


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly its permissions (usable from data migrations)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is not None:  # the real registry (flushed test databases)
            create_permissions(app_config, verbosity=0)
            continue
        # A migration's historical registry: create_permissions skips apps without a models module.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in ROLE_MODELS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = [
            permission
            for app_label, model, actions in models
            for permission in Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        ]
        group.permissions.set(permissions)


def role_label(role: str) -> str:
    """A role's name as people read it, in their language (the group's name if it is not a role)."""
    return str(ROLE_LABELS.get(role, role))


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
