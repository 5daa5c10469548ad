"""Roles: the groups the data migration creates, their permissions, and the demo accounts."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import RequestFactory

from accounts.roles import EDITOR, INSTRUCTOR, LEARNER

pytestmark = pytest.mark.django_db


def test_migration_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {LEARNER, INSTRUCTOR, EDITOR}


def test_editor_has_exactly_the_content_permissions_and_may_configure_quizzes():
    editor = Group.objects.get(name=EDITOR)
    granted = set(editor.permissions.values_list("content_type__app_label", "codename"))
    expected = set(
        Permission.objects.filter(content_type__app_label="content")
        .exclude(content_type__model__startswith="historical")
        .values_list("content_type__app_label", "codename")
    ) | {("quiz", "change_quiz"), ("quiz", "view_quiz")}
    assert granted == expected
    assert len(granted) == 11 * 4 + 2  # six document models, four of techniques, the held-out pool
    assert not editor.permissions.filter(codename__in=["add_quiz", "delete_quiz", "view_attempt"]).exists()
    assert not editor.permissions.filter(content_type__app_label="auth").exists()


def test_learners_need_no_permission_and_instructors_get_cohorts_and_attempt_reading():
    assert not Group.objects.get(name=LEARNER).permissions.exists()
    granted = set(Group.objects.get(name=INSTRUCTOR).permissions.values_list("codename", flat=True))
    assert granted == {
        "add_cohort",
        "change_cohort",
        "delete_cohort",
        "view_cohort",
        "view_membership",
        "delete_membership",
    }


def test_demo_accounts_are_created_once_and_printed(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    out = capsys.readouterr().out
    assert "username: learner" in out and "password: learner-demo-pass" in out
    editor = authenticate(RequestFactory().post("/"), username="editor", password="editor-demo-pass")
    assert editor is not None and editor.is_staff
    assert list(editor.groups.values_list("name", flat=True)) == [EDITOR]
    learner = authenticate(RequestFactory().post("/"), username="learner", password="learner-demo-pass")
    assert not learner.is_staff and learner.groups.get().name == LEARNER
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username__in=["learner", "instructor", "editor"]).count() == 3


def test_demo_accounts_refused_in_production(settings, capsys):
    settings.DEBUG = False
    call_command("create_demo_accounts")
    assert "no demo accounts" in capsys.readouterr().out
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="learner").exists()


@pytest.mark.django_db
def test_roles_come_back_after_a_flush_which_sends_no_migration_state():
    from django.contrib.auth.models import Group

    from accounts.apps import sync_roles_after_migrate

    Group.objects.all().delete()
    sync_roles_after_migrate(sender=None, apps=None)  # as `flush` sends post_migrate
    assert set(Group.objects.values_list("name", flat=True)) == {LEARNER, INSTRUCTOR, EDITOR}
    assert Group.objects.get(name=EDITOR).permissions.filter(codename="change_claim").exists()
