"""Assignments: quizzes set with dates in the cohort's time zone, learners' status, completion, scores untouched."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quiz.models import Assignment, Attempt, Quiz
from tests.factories import CohortFactory, InstructorFactory, LearnerFactory, quiz_with_claims
from tests.helpers import take

pytestmark = pytest.mark.django_db


@pytest.fixture
def klass(db):
    quiz = quiz_with_claims(3, item_count=4)
    learners = [LearnerFactory(username=name) for name in ("ada", "ben", "cy", "dee")]
    cohort = CohortFactory(name="Tuesday", members=learners)
    return {
        "quiz": quiz,
        "matching": Quiz.objects.get(section=quiz.section, kind=Quiz.Kind.MATCHING),
        "learners": learners,
        "cohort": cohort,
    }


def test_the_owner_assigns_a_whole_section_with_a_due_date_in_the_cohorts_time_zone(client, klass):
    cohort, quiz = klass["cohort"], klass["quiz"]
    client.force_login(cohort.instructor)
    form = client.get(reverse("quiz:assignment-new", args=[cohort.pk])).text
    assert 'type="datetime-local"' in form and "Whole sections" in form
    due = (
        (timezone.now() + timedelta(days=7)).astimezone(timezone.get_fixed_timezone(0)).replace(second=0, microsecond=0)
    )
    local = due.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
    response = client.post(
        reverse("quiz:assignment-new", args=[cohort.pk]),
        {
            "sections": [quiz.section.pk],
            "due_at": local.strftime("%Y-%m-%dT%H:%M"),
            "time_zone": "America/New_York",
        },
    )
    assignment = Assignment.objects.get()
    assert response["Location"] == reverse("quiz:assignment-detail", args=[cohort.pk, assignment.pk])
    assert set(assignment.quizzes.all()) == {quiz, klass["matching"]} and assignment.title == quiz.section.title
    assert assignment.due_at == due  # typed in New York time, stored as the same instant
    cohort.refresh_from_db()
    assert cohort.time_zone == "America/New_York"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"quizzes": []}, "Choose at least one quiz or section to assign."),
        ({"due_at": "2020-01-01T10:00"}, "That due date has passed"),
        ({"opens_at": "2031-01-02T10:00", "due_at": "2031-01-01T10:00"}, "The due date must come after the opening"),
        ({"due_at": "next tuesday"}, "Enter the due date and time"),
        ({"time_zone": "Moon/Base"}, "Choose a time zone from the list."),
    ],
)
def test_a_bad_assignment_is_refused_with_a_message_and_nothing_saved(client, klass, data, message):
    cohort = klass["cohort"]
    client.force_login(cohort.instructor)
    data = {"quizzes": [klass["quiz"].pk], "time_zone": "UTC", **data}
    response = client.post(reverse("quiz:assignment-new", args=[cohort.pk]), data)
    assert response.status_code == 422 and message in response.text and "<title>Error: " in response.text
    assert not Assignment.objects.exists()


def test_statuses_completion_average_median_and_who_has_not_started(client, klass):
    cohort, quiz = klass["cohort"], klass["quiz"]
    ada, ben, cy, dee = klass["learners"]
    now = timezone.now()
    assignment = Assignment.objects.create(
        cohort=cohort, title="Week 1", opens_at=now - timedelta(days=5), due_at=now - timedelta(days=1)
    )
    assignment.quizzes.add(quiz)
    take(quiz, ada, now=now - timedelta(days=10))  # before it opened: does not count
    take(quiz, ada, now=now - timedelta(days=3))  # on time, 100 %
    take(quiz, ben, now=now - timedelta(hours=5), right=False)  # after the due date: late, 0 %
    take(quiz, cy, now=now - timedelta(hours=2), finish=False)  # still going
    client.force_login(cohort.instructor)
    page = client.get(reverse("quiz:assignment-detail", args=[cohort.pk, assignment.pk])).text
    assert "2 of 4 done, 1 late" in page
    assert "Class average <strong>50%</strong>" in page and "median <strong>50%</strong>" in page
    assert "Not started (1):" in page and ">dee</a>" in page.split("Not started (1):")[1].split("</p>")[0]
    for name, status in (("ada", "Done"), ("ben", "Done late"), ("cy", "Missing"), ("dee", "Missing")):
        row = page.split(f">{name}</a></th>")[1].split("</tr>")[0]
        assert f">{status}</strong>" in row
    assert "Tuesday" in client.get(reverse("quiz:cohort-detail", args=[cohort.pk])).text
    assert "2 of 4 done, 1 late" in client.get(reverse("quiz:cohort-detail", args=[cohort.pk])).text


def test_learners_see_assigned_work_first_with_its_status_and_next_step(client, klass):
    cohort, quiz, matching = klass["cohort"], klass["quiz"], klass["matching"]
    ada = klass["learners"][0]
    now = timezone.now()
    later = Assignment.objects.create(cohort=cohort, title="Later", opens_at=now + timedelta(days=2))
    later.quizzes.add(quiz)
    week = Assignment.objects.create(cohort=cohort, title="Week 2", due_at=now + timedelta(days=3))
    week.quizzes.add(quiz, matching)
    client.force_login(ada)
    page = client.get(reverse("quiz:home")).text
    assert "Assigned to you" in page and "Week 2" in page and "Later" not in page  # not open yet
    step = page[page.index('<section class="card next-step"') :]
    assert "Assigned: Week 2" in step and reverse("quiz:attempt-start", args=[quiz.pk]) in step.split("</section>")[0]
    take(quiz, ada, now=now - timedelta(minutes=30))
    page = client.get(reverse("quiz:home")).text
    assert ">In progress</strong>" in page
    assert (
        reverse("quiz:attempt-start", args=[matching.pk])
        in page.split('class="card next-step"')[1].split("</section>")[0]
    )
    take(matching, ada, now=now - timedelta(minutes=10))
    page = client.get(reverse("quiz:home")).text
    assert ">Done</strong>" in page and "Assigned: Week 2" not in page


def test_gradebook_filtered_to_an_assignment_shows_its_quizzes_only(client, klass):
    cohort, quiz = klass["cohort"], klass["quiz"]
    other = quiz_with_claims(2)
    assignment = Assignment.objects.create(cohort=cohort, title="Only this")
    assignment.quizzes.add(quiz)
    client.force_login(cohort.instructor)
    everything = client.get(reverse("quiz:gradebook", args=[cohort.pk])).text
    filtered = client.get(reverse("quiz:gradebook", args=[cohort.pk]), {"assignment": assignment.pk}).text
    assert other.section.title in everything and other.section.title not in filtered.split("<table")[1]
    assert quiz.section.title in filtered.split("<table")[1]


def test_changing_or_removing_an_assignment_never_changes_a_score(client, klass):
    cohort, quiz = klass["cohort"], klass["quiz"]
    ada = klass["learners"][0]
    take(quiz, ada, now=timezone.now() - timedelta(days=2))
    assignment = Assignment.objects.create(cohort=cohort, title="Week 1", due_at=timezone.now() + timedelta(days=1))
    assignment.quizzes.add(quiz)
    before = list(Attempt.objects.values())
    client.force_login(cohort.instructor)
    gradebook = client.get(reverse("quiz:gradebook", args=[cohort.pk])).text
    client.post(
        reverse("quiz:assignment-edit", args=[cohort.pk, assignment.pk]),
        {"quizzes": [klass["matching"].pk], "time_zone": "UTC", "title": "Renamed"},
    )
    assert Assignment.objects.get().title == "Renamed"
    assert "Remove “Renamed”?" in client.get(reverse("quiz:assignment-delete", args=[cohort.pk, assignment.pk])).text
    client.post(reverse("quiz:assignment-delete", args=[cohort.pk, assignment.pk]))
    assert not Assignment.objects.exists() and list(Attempt.objects.values()) == before
    assert client.get(reverse("quiz:gradebook", args=[cohort.pk])).text.count("100%") == gradebook.count("100%")


def test_co_instructors_read_assignments_but_cannot_set_them(client, klass):
    cohort = klass["cohort"]
    colleague = InstructorFactory()
    cohort.co_instructors.add(colleague)
    assignment = Assignment.objects.create(cohort=cohort, title="Week 1")
    client.force_login(colleague)
    assert client.get(reverse("quiz:assignment-detail", args=[cohort.pk, assignment.pk])).status_code == 200
    assert (
        client.post(reverse("quiz:assignment-new", args=[cohort.pk]), {"quizzes": [klass["quiz"].pk]}).status_code
        == 403
    )
    assert client.post(reverse("quiz:assignment-delete", args=[cohort.pk, assignment.pk])).status_code == 403
    assert Assignment.objects.count() == 1


def test_due_dates_show_in_the_learners_time_zone(client, klass):
    cohort = klass["cohort"]
    assignment = Assignment.objects.create(
        cohort=cohort, title="Week 1", due_at=datetime(2031, 3, 1, 16, 0, tzinfo=UTC)
    )
    assignment.quizzes.add(klass["quiz"])
    client.force_login(klass["learners"][0])
    client.cookies["tz"] = "Asia/Tokyo"
    assert ">2 Mar 2031, 01:00</time>" in client.get(reverse("quiz:home")).text


def test_gradebook_average_and_completion_rows_sort_arrow_and_csv_as_shown(client, klass):
    cohort, quiz = klass["cohort"], klass["quiz"]
    ada, ben = klass["learners"][:2]
    take(quiz, ada, now=timezone.now() - timedelta(days=1))  # 100 %
    take(quiz, ben, now=timezone.now() - timedelta(days=1), right=False)  # 0 %
    client.force_login(cohort.instructor)
    page = client.get(reverse("quiz:gradebook", args=[cohort.pk]), {"sort": "-activity"}).text
    assert "<tfoot>" in page and ">50%</td>" in page and ">2 of 4</td>" in page
    assert 'aria-sort="descending"' in page and '<span aria-hidden="true">▼</span>' in page
    response = client.get(reverse("quiz:gradebook-csv", args=[cohort.pk]), {"section": quiz.section.pk})
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    header = rows[0].split(",")
    assert header[:3] == ["learner", "cohort", "last_activity"]
    assert len(header) == 3 + 3 + 4  # this section's two quizzes only: score, passed, attempts (+ discernment)
    cy = next(r for r in rows if r.startswith("cy,"))
    assert cy.split(",")[1] == "Tuesday" and cy.split(",")[3:5] == ["", ""]  # never attempted: empty, not "no"


def test_the_average_row_follows_the_grading_method(client, klass):
    cohort, quiz = klass["cohort"], klass["quiz"]
    ada, ben = klass["learners"][:2]
    take(quiz, ada, now=timezone.now() - timedelta(days=3), right=False)  # first 0 %
    take(quiz, ada, now=timezone.now() - timedelta(days=2))  # latest and best 100 %
    take(quiz, ben, now=timezone.now() - timedelta(days=1))  # 100 %
    from quiz.teaching.gradebook import gradebook_summary

    averages = {
        m: gradebook_summary(cohort=cohort, quiz_ids=[quiz.pk], method=m)[quiz.pk]
        for m in ("highest", "first", "latest")
    }
    assert {m: (s.learners, s.average) for m, s in averages.items()} == {
        "highest": (2, 100.0),
        "first": (2, 50.0),
        "latest": (2, 100.0),
    }


def test_the_assignment_page_shows_the_due_time_as_set_in_the_cohorts_zone(client, klass):
    cohort = klass["cohort"]
    cohort.time_zone = "Europe/Paris"
    cohort.save()
    assignment = Assignment.objects.create(cohort=cohort, title="W", due_at=datetime(2031, 3, 1, 16, 0, tzinfo=UTC))
    client.force_login(cohort.instructor)
    page = client.get(reverse("quiz:assignment-detail", args=[cohort.pk, assignment.pk])).text
    assert "(set as 1 Mar 2031, 17:00 in Europe/Paris)" in page and ">1 Mar 2031, 16:00</time>" in page
