"""App configuration for accounts: roles synced after every migrate; saved users leave the cache."""

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy


def sync_roles_after_migrate(sender, app_config=None, apps=None, **kwargs):
    """Create the role groups and give each its permissions, as `accounts.roles` defines them today.

    Run after every migrate (and after a flush, which sends no migration state), so no data migration
    needs to know the roles.
    """
    from django.apps import apps as installed_apps

    from accounts.roles import sync_roles

    sync_roles(apps or installed_apps)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = gettext_lazy("Accounts and roles")

    def ready(self):
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="accounts-sync-roles")
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished, request_started

        from accounts.auth import forget_user, withdraw_offer
        from accounts.context_processors import remember_roles

        user_logged_in.connect(remember_roles, dispatch_uid="accounts-remember-roles")
        from accounts.language import restore_language

        user_logged_in.connect(restore_language, dispatch_uid="accounts-restore-language")
        request_started.connect(withdraw_offer, dispatch_uid="accounts-withdraw-offered-user-at-start")
        request_finished.connect(withdraw_offer, dispatch_uid="accounts-withdraw-offered-user")
        post_save.connect(forget_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts-forget-user-saved")
        post_delete.connect(forget_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts-forget-user-deleted")
