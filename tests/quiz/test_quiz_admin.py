"""Editors set up quizzes in the admin: they change settings, see why a quiz is unavailable, never add or delete."""

import pytest
from django.urls import reverse

from quiz.models import Quiz
from tests.factories import quiz_with_claims

pytestmark = pytest.mark.django_db


def test_quiz_list_says_which_quizzes_learners_can_take(client, editor, django_assert_max_num_queries):
    quiz_with_claims(3)
    quiz_with_claims(1, kind=Quiz.Kind.MATCHING)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:quiz_quiz_changelist"))
    assert response.status_code == 200
    assert "Yes" in response.text
    assert "No — Matching needs 2 published claims with a rebuttal summary; the section has 1." in response.text
    assert reverse("admin:quiz_quiz_add") not in response.text


def test_editor_changes_quiz_settings_with_history(client, editor):
    quiz = quiz_with_claims(3)
    client.force_login(editor)
    url = reverse("admin:quiz_quiz_change", args=[quiz.pk])
    data = {
        "is_published": "on",
        "item_count": 6,
        "matching_set_size": 4,
        "pass_mark": 80,
        "min_discernment": 50,
        "feedback": "at_end",
        "time_limit_minutes": 15,
        "example_count": 2,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert (quiz.item_count, quiz.pass_mark, quiz.feedback, quiz.time_limit_minutes) == (6, 80, "at_end", 15)
    assert quiz.min_discernment == 50
    assert quiz.history.first().history_user == editor


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pass_mark", 101, "less than or equal to 100"),
        ("item_count", 1, "greater than or equal to 2"),
        ("matching_set_size", 9, "less than or equal to 8"),
    ],
)
def test_bad_settings_are_refused_with_a_message(client, editor, field, value, message):
    quiz = quiz_with_claims(3)
    client.force_login(editor)
    data = {
        "is_published": "on",
        "item_count": 8,
        "matching_set_size": 4,
        "pass_mark": 70,
        "feedback": "each_item",
        "time_limit_minutes": "",
        field: value,
    }
    response = client.post(reverse("admin:quiz_quiz_change", args=[quiz.pk]), data)
    assert response.status_code == 200 and message in response.text
    quiz.refresh_from_db()
    assert getattr(quiz, field) != value


def test_editors_cannot_add_delete_quizzes_or_see_attempts(client, editor):
    quiz = quiz_with_claims(3)
    client.force_login(editor)
    assert client.get(reverse("admin:quiz_quiz_add")).status_code == 403
    assert client.get(reverse("admin:quiz_quiz_delete", args=[quiz.pk])).status_code == 403
    assert client.get(reverse("admin:quiz_attempt_changelist")).status_code == 403


def test_attempts_in_the_admin_are_for_superusers_only(client, editor, instructor, django_user_model):
    editor.groups.add(instructor.groups.get())  # an editor who also teaches
    client.force_login(editor)
    assert client.get(reverse("admin:quiz_attempt_changelist")).status_code == 403
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-for-tests-only")
    client.force_login(admin)
    assert client.get(reverse("admin:quiz_attempt_changelist")).status_code == 200
