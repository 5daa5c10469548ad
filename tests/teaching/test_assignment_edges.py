"""Regressions: assignment status in edge cases (resumed, timed out, unpublished, edited in another zone)."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quiz import services
from quiz.models import Assignment, Quiz
from quiz.teaching import assignments
from tests.factories import CohortFactory, InstructorFactory, LearnerFactory
from tests.helpers import answers_for, form_values

pytestmark = pytest.mark.django_db


def test_an_attempt_begun_before_opening_and_finished_after_counts(seeded, client):
    lena = LearnerFactory(username="ln")
    cohort = CohortFactory(instructor=InstructorFactory(), members=[lena])
    quiz = Quiz.objects.published().filter(kind=Quiz.Kind.TRUE_FALSE).first()
    now = timezone.now()
    att, _ = services.attempt_start(learner=lena, quiz=quiz, now=now - timedelta(days=2))  # had a look, left
    a = Assignment.objects.create(
        cohort=cohort, title="W1", opens_at=now - timedelta(days=1), due_at=now + timedelta(days=3)
    )
    a.quizzes.add(quiz)
    client.force_login(lena)
    na = client.get(reverse("quiz:home")).context["next_action"]
    assert na.title == "Assigned: W1" and na.label.startswith("Resume")
    for step in range(1, att.step_count + 1):
        services.answer_submit(
            learner=lena, attempt_id=att.public_id, step=step, answer={**answers_for(att, step), "certainty": "high"}
        )
    services.attempt_finish(attempt=att)
    assert assignments.learner_standings(learner=lena, now=timezone.now())[0].status == "done"
    na = client.get(reverse("quiz:home")).context["next_action"]
    assert not na.title.startswith("Assigned")


def test_an_attempt_that_timed_out_before_the_due_date_is_done_on_time(seeded):
    lena = LearnerFactory(username="ln")
    cohort = CohortFactory(instructor=InstructorFactory(), members=[lena])
    quiz = Quiz.objects.published().filter(kind=Quiz.Kind.TRUE_FALSE).first()
    quiz.time_limit_minutes = 10
    quiz.save()
    now = timezone.now()
    due = now - timedelta(hours=1)
    a = Assignment.objects.create(cohort=cohort, title="W1", due_at=due)
    a.quizzes.add(quiz)
    start = due - timedelta(hours=2)  # started 2h before due, time ran out 1h50 before due
    att, _ = services.attempt_start(learner=lena, quiz=quiz, now=start)
    for step in range(1, att.step_count + 1):  # answered every item on time
        services.answer_submit(
            learner=lena,
            attempt_id=att.public_id,
            step=step,
            answer={**answers_for(att, step), "certainty": "high"},
            now=start + timedelta(minutes=1),
        )
    assert assignments.cohort_assignments(cohort=cohort, now=now)[0].rows[0][1].status == "done"
    services.attempt_expire_if_due(attempt=att, now=now)  # learner opens the page after the due date
    assert assignments.cohort_assignments(cohort=cohort, now=now)[0].rows[0][1].status == "done"


def test_an_assigned_quiz_unpublished_later_is_never_the_next_step(seeded, client):
    lena = LearnerFactory(username="ln")
    cohort = CohortFactory(instructor=InstructorFactory(), members=[lena])
    quiz = Quiz.objects.published().filter(kind=Quiz.Kind.TRUE_FALSE).first()
    a = Assignment.objects.create(cohort=cohort, title="W1", due_at=timezone.now() + timedelta(days=3))
    a.quizzes.add(quiz)
    Quiz.objects.filter(pk=quiz.pk).update(is_published=False)  # editor withdraws it
    client.force_login(lena)
    page = client.get(reverse("quiz:home"))
    na = page.context["next_action"]

    r = client.post(na.url)

    assert r.status_code != 404


def test_editing_keeps_the_due_time_whatever_the_browsers_zone(seeded, client):
    ivan = InstructorFactory(username="iv")
    cohort = CohortFactory(instructor=ivan, time_zone="Europe/Berlin")
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    due = datetime(2027, 1, 22, 17, 0, tzinfo=berlin)
    a = Assignment.objects.create(cohort=cohort, title="W1", due_at=due)
    a.quizzes.add(Quiz.objects.published().first())
    client.force_login(ivan)
    client.cookies["tz"] = "America/New_York"
    url = reverse("quiz:assignment-edit", args=[cohort.pk, a.pk])
    page = client.get(url).content.decode()

    data = form_values(page)
    data["quizzes"] = [str(q.pk) for q in a.quizzes.all()]
    assert client.post(url, data).status_code == 302

    a.refresh_from_db()

    assert a.due_at == due
