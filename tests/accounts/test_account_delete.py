"""Deleting my account: only with the current password, everything of mine goes with it, never the last superuser."""

import logging
import threading

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.urls import reverse

from accounts import deletion
from quiz import services
from quiz.models import Attempt, AttemptItem, Cohort, Membership, Quiz
from reviews import services as review_services
from reviews.models import Card, ReminderPreference, ReviewLog
from tests.factories import CohortFactory, InstructorFactory, LearnerFactory
from tests.helpers import answers_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PASSWORD = "correct horse battery staple"  # the factories' password
User = get_user_model()


def take(learner) -> Attempt:
    quiz = Quiz.objects.published().filter(kind=Quiz.Kind.TRUE_FALSE).first()
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    for step in range(1, attempt.step_count + 1):
        services.answer_submit(
            learner=learner, attempt_id=attempt.public_id, step=step, answer=answers_for(attempt, step)
        )
    return services.attempt_finish(attempt=attempt)


@pytest.fixture
def member(seeded, learner):
    """The learner in a cohort, with a finished attempt, review cards and a reminder setting."""
    CohortFactory(instructor=InstructorFactory(username="ivan"), members=[learner])
    take(learner)
    review_services.cards_sync(learner_ids=[learner.pk])
    ReminderPreference.objects.create(learner=learner, frequency="daily")
    return learner


def kept(user) -> dict:
    return {
        "user": User.objects.filter(pk=user.pk).count(),
        "attempts": Attempt.objects.filter(learner=user).count(),
        "answers": AttemptItem.objects.filter(attempt__learner=user).count(),
        "memberships": Membership.objects.filter(learner=user).count(),
        "cards": Card.objects.filter(learner=user).count(),
        "logs": ReviewLog.objects.filter(learner=user).count(),
        "reminders": ReminderPreference.objects.filter(learner=user).count(),
    }


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_page_says_what_goes_and_asks_for_the_password(client, member, headers):
    client.force_login(member)
    page = client.get(reverse("account-delete"), **headers)
    assert page.status_code == 200 and "<title>Delete your account" in page.text
    assert "1 attempt," in page.text and "cannot be undone" in page.text
    assert 'type="password"' in page.text and 'autocomplete="current-password"' in page.text
    assert '<label for="id_password">Your current password</label>' in page.text
    assert "Your cohorts are deleted too" not in page.text  # a learner runs none


@pytest.mark.parametrize("password", ["", "not my password"])
def test_a_wrong_or_missing_password_changes_nothing_and_says_so_on_the_field(client, member, password):
    client.force_login(member)
    before = kept(member)
    response = client.post(reverse("account-delete"), {"password": password})
    assert response.status_code == 422
    assert "<title>Error: Delete your account" in response.text and "There is a problem" in response.text
    message = "Enter your current password" if not password else "The password is not right"
    assert message in response.text and 'href="#id_password"' in response.text
    assert kept(member) == before and before["attempts"] and before["cards"]
    assert client.get(reverse("account")).status_code == 200  # still signed in


def test_wrong_passwords_count_as_failed_sign_ins_and_lock_like_them(client, member):
    client.force_login(member)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account-delete"), {"password": "guess"})
    response = client.post(reverse("account-delete"), {"password": PASSWORD})  # right, but locked now
    assert response.status_code == 429 and "Too many" in response.text
    assert User.objects.filter(pk=member.pk).exists()


def test_the_right_password_deletes_the_account_and_all_it_kept_and_signs_out(client, member, caplog):
    client.force_login(member)
    before = kept(member)
    assert all(before.values())
    AccessLog.objects.create(username="lena", ip_address="192.0.2.1", user_agent="test", http_accept="*", path_info="/")
    AccessAttempt.objects.create(
        username="lena", ip_address="192.0.2.1", user_agent="t", http_accept="*", path_info="/", failures_since_start=1
    )
    with caplog.at_level(logging.INFO, logger="accounts.deletion"):
        response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("quiz:home")
    assert kept(member) == dict.fromkeys(before, 0)
    assert not AccessLog.objects.filter(username="lena").exists()
    assert not AccessAttempt.objects.filter(username="lena").exists()
    home = client.get(reverse("quiz:home"))
    assert "Your account and everything kept with it have been deleted" in home.text
    assert "Sign in" in home.text  # signed out
    assert client.get(reverse("account"))["Location"].startswith(reverse("login"))
    logged = [r.getMessage() for r in caplog.records if r.name == "accounts.deletion"]
    assert logged == ["An account was deleted, with 1 attempts and 0 cohorts it ran."]
    assert "lena" not in logged[0] and str(member.pk) not in logged[0].split("with")[0]


def test_every_link_to_a_user_cascades_or_is_cleared(member):
    """No foreign key to the user can block its deletion or leave rows pointing at nobody."""
    links = {
        f"{r.related_model._meta.label}.{r.field.name}": r.on_delete
        for r in User._meta.get_fields(include_hidden=True)  # hidden: related_name="+" (review cards and logs)
        # Reverse links, but not history rows' copies of a foreign key: a plain id without a constraint.
        if r.auto_created and not r.concrete and not r.many_to_many and r.field.db_constraint
    }
    assert set(links.values()) <= {models.CASCADE, models.SET_NULL}, links
    for mine in (
        "quiz.Attempt.learner",
        "quiz.Membership.learner",
        "quiz.Cohort.instructor",
        "reviews.Card.learner",
        "reviews.ReviewLog.learner",
        "reviews.ReminderPreference.learner",
    ):
        assert links[mine] is models.CASCADE, mine
    deletion.account_delete(user=member)
    assert not User.objects.filter(username="lena").exists()


def test_an_instructor_is_told_their_cohorts_go_and_how_many_learners_they_have(client, seeded):
    instructor = InstructorFactory(username="ines")
    learners = [LearnerFactory(), LearnerFactory(), LearnerFactory()]
    CohortFactory(instructor=instructor, members=learners[:2])
    CohortFactory(instructor=instructor, members=learners[1:])
    client.force_login(instructor)
    page = client.get(reverse("account-delete")).text
    assert "Your cohorts are deleted too" in page
    assert "You run 2 cohorts with 3 learners" in page
    assert "co-instructor" not in page
    shared = CohortFactory(instructor=InstructorFactory(), members=learners[:1])
    shared.co_instructors.add(instructor)
    assert (
        "your place as co-instructor of 1 cohort, which stays with its owner"
        in client.get(reverse("account-delete")).text
    )
    response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not Cohort.objects.filter(instructor_id=instructor.pk).exists()
    assert Cohort.objects.filter(pk=shared.pk).exists() and not shared.co_instructors.exists()
    assert User.objects.filter(pk__in=[learner.pk for learner in learners]).count() == 3  # learners stay
    assert list(Membership.objects.filter(learner__in=learners).values_list("cohort", flat=True)) == [shared.pk]


def test_the_last_superuser_cannot_delete_themself(client):
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    client.force_login(root)
    page = client.get(reverse("account-delete"))
    assert page.status_code == 200 and "You are the only superuser" in page.text
    assert 'type="password"' not in page.text  # nothing to fill in
    response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 409 and "You are the only superuser" in response.text
    assert User.objects.filter(pk=root.pk).exists()
    with pytest.raises(deletion.LastSuperuser):
        deletion.account_delete(user=root)
    assert User.objects.filter(pk=root.pk).exists()


def test_a_superuser_with_another_active_one_can_delete_themself(client):
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)
    User.objects.create_superuser("inactive", "gone@example.com", PASSWORD, is_active=False)
    client.force_login(root)
    assert "You are the only superuser" in client.get(reverse("account-delete")).text  # inactive ones do not count
    User.objects.create_superuser("second", "second@example.com", PASSWORD)
    response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 302 and not User.objects.filter(pk=root.pk).exists()
    assert User.objects.filter(username="second").exists()


def test_staff_who_are_not_superusers_can_delete_themselves(client, editor):
    client.force_login(editor)
    assert client.post(reverse("account-delete"), {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=editor.pk).exists()


def test_deleting_needs_sign_in_and_get_or_post(client, learner):
    assert client.post(reverse("account-delete"), {"password": PASSWORD})["Location"].startswith(reverse("login"))
    client.force_login(learner)
    assert client.put(reverse("account-delete")).status_code == 405
    assert User.objects.filter(pk=learner.pk).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers: PostgreSQL")
def test_the_last_two_superusers_deleting_themselves_at_once_leave_one(django_user_model):
    """Both lock the superusers' rows in one order: the second waits, then finds itself the last and is refused."""
    roots = [django_user_model.objects.create_superuser(f"root{i}", f"root{i}@example.com", PASSWORD) for i in (1, 2)]
    barrier = threading.Barrier(len(roots))
    outcomes = []

    def delete(user):
        try:
            barrier.wait(timeout=10)
            deletion.account_delete(user=user)
            outcomes.append("deleted")
        except deletion.LastSuperuser:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=delete, args=(user,)) for user in roots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["deleted", "refused"]
    assert django_user_model.objects.filter(is_superuser=True).count() == 1
