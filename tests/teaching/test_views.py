"""Instructor pages: who may see what, cohorts and join codes, each report as a page (and htmx), CSV exports."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quiz import services
from quiz.models import Attempt, Cohort, Membership, Quiz
from tests.factories import CohortFactory, InstructorFactory, LearnerFactory, quiz_with_claims
from tests.helpers import answers_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def take(learner, quiz, *, right=True):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    for step in range(1, attempt.step_count + 1):
        services.answer_submit(
            learner=learner, attempt_id=attempt.public_id, step=step, answer=answers_for(attempt, step, right=right)
        )
    return services.attempt_finish(attempt=attempt)


@pytest.fixture
def cohort(empty, instructor, learner):
    quiz = quiz_with_claims(3, item_count=4)
    matching = Quiz.objects.get(section=quiz.section, kind=Quiz.Kind.MATCHING)
    other = LearnerFactory(username="olga")
    cohort = CohortFactory(instructor=instructor, name="Tuesday group", members=[learner, other])
    take(learner, quiz)
    take(other, quiz, right=False)
    take(other, matching, right=False)
    return cohort


def report_urls(cohort) -> list[str]:
    quiz = Quiz.objects.filter(section__isnull=False).first()
    learner = cohort.learners.first()
    return [
        reverse("quiz:cohort-detail", args=[cohort.pk]),
        reverse("quiz:gradebook", args=[cohort.pk]),
        reverse("quiz:learner-detail", args=[cohort.pk, learner.pk]),
        reverse("quiz:item-analysis", args=[cohort.pk, quiz.pk]),
        reverse("quiz:myths", args=[cohort.pk]),
        reverse("quiz:progress", args=[cohort.pk]),
        reverse("quiz:answers-csv", args=[cohort.pk]),
        reverse("quiz:gradebook-csv", args=[cohort.pk]),
        reverse("quiz:cohort-remove-learner", args=[cohort.pk, learner.pk]),
    ]


def test_instructor_sees_every_report_of_their_cohort(client, instructor, cohort):
    client.force_login(instructor)
    for url in report_urls(cohort):
        assert client.get(url).status_code == 200, url


def test_another_instructor_cannot_see_the_cohort(client, cohort):
    client.force_login(InstructorFactory())
    for url in report_urls(cohort):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("quiz:cohort-rotate-code", args=[cohort.pk])).status_code == 404
    assert "Tuesday group" not in client.get(reverse("quiz:cohort-list")).text


@pytest.mark.parametrize("who", ["learner", "editor"])
def test_learners_and_editors_cannot_see_any_gradebook(client, cohort, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("quiz:cohort-list")).status_code == 403
    for url in report_urls(cohort):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, cohort):
    for url in report_urls(cohort):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


# --- Cohorts ----------------------------------------------------------------------------------


def test_create_a_cohort_and_see_its_join_link(client, instructor):
    client.force_login(instructor)
    assert "You have no cohorts yet" in client.get(reverse("quiz:cohort-list")).text
    response = client.post(reverse("quiz:cohort-list"), {"name": "  Evening class "})
    cohort = Cohort.objects.get()
    assert cohort.name == "Evening class" and cohort.instructor == instructor
    page = client.get(response["Location"]).text
    assert cohort.join_code in page and f"/join/?code={cohort.join_code}" in page
    assert "No learners have joined yet" in page


@pytest.mark.parametrize(("name", "message"), [("", "Enter a name"), ("evening CLASS", "already have a cohort")])
def test_cohort_name_errors(client, instructor, name, message):
    CohortFactory(instructor=instructor, name="Evening class")
    client.force_login(instructor)
    response = client.post(reverse("quiz:cohort-list"), {"name": name})
    assert response.status_code == 422 and message in response.text and "<title>Error: " in response.text
    assert Cohort.objects.count() == 1


def test_learner_joins_with_the_link_or_the_code(client, instructor):
    cohort = CohortFactory(instructor=instructor, name="Evening class")
    learner = LearnerFactory()
    client.force_login(learner)
    confirm = client.get(reverse("quiz:join") + f"?code={cohort.join_code.lower()}")
    assert "Join <strong>Evening class</strong>" in confirm.text and not Membership.objects.exists()
    response = client.post(reverse("quiz:join"), {"code": cohort.join_code})
    assert response["Location"] == reverse("quiz:home")
    assert Membership.objects.get().learner == learner
    again = client.post(reverse("quiz:join"), {"code": cohort.join_code}, follow=True)
    assert "already in" in again.text and Membership.objects.count() == 1
    assert "Evening class" in client.get(reverse("quiz:home")).text


def test_wrong_code_is_refused_clearly(client, learner):
    client.force_login(learner)
    response = client.get(reverse("quiz:join") + "?code=NOPE")
    assert response.status_code == 422 and "does not match any cohort" in response.text
    assert client.post(reverse("quiz:join"), {"code": "NOPE"}).status_code == 422
    assert not Membership.objects.exists()


def test_rotating_the_code_retires_the_old_one(client, instructor, learner):
    cohort = CohortFactory(instructor=instructor)
    old = cohort.join_code
    client.force_login(instructor)
    response = client.post(reverse("quiz:cohort-rotate-code", args=[cohort.pk]), follow=True)
    cohort.refresh_from_db()
    assert cohort.join_code != old and f"New join code: {cohort.join_code}" in response.text
    client.force_login(learner)
    assert client.post(reverse("quiz:join"), {"code": old}).status_code == 422


def test_removing_a_learner_asks_first_and_keeps_their_attempts(client, instructor, learner, cohort):
    client.force_login(instructor)
    url = reverse("quiz:cohort-remove-learner", args=[cohort.pk, learner.pk])
    assert "Remove lena from" in client.get(url).text
    response = client.post(url, follow=True)
    assert "lena is no longer in" in response.text
    assert not cohort.learners.filter(pk=learner.pk).exists()
    assert Attempt.objects.filter(learner=learner).exists()
    assert client.get(reverse("quiz:learner-detail", args=[cohort.pk, learner.pk])).status_code == 404


# --- Reports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_gradebook_page_and_fragment(client, instructor, cohort, headers):
    client.force_login(instructor)
    response = client.get(reverse("quiz:gradebook", args=[cohort.pk]), **headers)
    text = response.text
    assert ("<html" in text) == (not headers)
    assert 'id="gradebook-table"' in text and "lena" in text and "olga" in text
    assert "100%" in text and "0%" in text and 'aria-sort="ascending"' in text
    assert "<caption>" in text and 'scope="row"' in text


def test_gradebook_filters_by_section_and_sorts(client, instructor, cohort):
    client.force_login(instructor)
    section = Quiz.objects.filter(section__isnull=False).first().section
    url = reverse("quiz:gradebook", args=[cohort.pk])
    filtered = client.get(url, {"section": section.pk, "method": "first", "sort": "-learner"}).text
    assert filtered.index("olga") < filtered.index("lena")
    assert "score shown: first attempt" in filtered


def test_gradebook_queries_do_not_grow_with_learners(client, instructor, django_assert_max_num_queries):
    quiz = quiz_with_claims(3, item_count=2)
    learners = [LearnerFactory() for _ in range(12)]
    cohort = CohortFactory(instructor=instructor, members=learners)
    for learner in learners:
        take(learner, quiz)
    client.force_login(instructor)
    with django_assert_max_num_queries(14):  # cells, discernment and bias, assignments, the averages row
        response = client.get(reverse("quiz:gradebook", args=[cohort.pk]))
    assert response.text.split("<tbody>")[1].split("</tbody>")[0].count('scope="row"') == 12  # one row per learner


def test_learner_history_shows_every_answer_as_it_was_shown(client, instructor, learner, cohort):
    from content.models import Statement

    Statement.objects.update(explanation="edited later")
    client.force_login(instructor)
    attempt = Attempt.objects.filter(learner=learner).get()
    text = client.get(reverse("quiz:learner-detail", args=[cohort.pk, learner.pk])).text
    for item in attempt.items.all():
        assert item.prompt in text
    assert text.count("Right") == 4 and "4 of 4 (100%) — passed" in text


@pytest.mark.parametrize("attempts", ["", "all"])
def test_item_analysis_page_explains_each_figure_with_chart_and_table(client, instructor, cohort, attempts):
    client.force_login(instructor)
    quiz = Quiz.objects.get(section__isnull=False, kind=Quiz.Kind.TRUE_FALSE)
    text = client.get(reverse("quiz:item-analysis", args=[cohort.pk, quiz.pk]), {"attempts": attempts}).text
    assert "Facility (F)" in text and "Discrimination index (DI)" in text and "Discriminative efficiency (DE)" in text
    assert "guessed right half the time" in text
    assert '<svg role="img"' in text and "<title id=" in text and "<desc id=" in text
    assert "Attempts per score band" in text and "Item statistics" in text


def test_myths_page_links_to_the_rebuttal(client, instructor, cohort):
    client.force_login(instructor)
    text = client.get(reverse("quiz:myths", args=[cohort.pk])).text
    assert "believed them" in text and "Read the full rebuttal and its sources" in text


def test_progress_page(client, instructor, cohort):
    client.force_login(instructor)
    text = client.get(reverse("quiz:progress", args=[cohort.pk])).text
    assert "First and latest attempts per quiz" in text and "<svg" in text


# --- Exports ----------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")  # spreadsheets then read it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_answers_csv_has_one_row_per_answer(client, instructor, cohort):
    client.force_login(instructor)
    rows = read_csv(client.get(reverse("quiz:answers-csv", args=[cohort.pk])))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["learner", "cohort", "section", "quiz"]
    assert header[12:] == [
        "correct",
        "seconds_taken",
        "certainty",
        "certainty_mark",
        "attempt_discernment",
        "attempt_bias",
        "technique",
        "chosen_technique",
    ]
    answered = sum(a.items.filter(answered_at__isnull=False).count() for a in Attempt.objects.all())
    assert len(body) == answered
    lena = [r for r in body if r[0] == "lena"]
    assert len(lena) == 4 and all(r[12] == "yes" for r in lena) and all(r[1] == "Tuesday group" for r in lena)
    matching = [r for r in body if r[3] == "Match the rebuttal"]
    assert matching and all(r[10][1] == ":" for r in matching)  # "B: the fact", not a token
    assert all(r[14] == "low" and r[15] == "1" for r in lena)  # no certainty given counts as low: +1 when right
    true_false = [r for r in body if r[3] == "True or false"]
    assert true_false and {r[16] for r in true_false} == {"100", "'-100"}  # a leading minus is escaped


def test_csv_cells_cannot_become_formulas(client, instructor):
    evil = LearnerFactory(username="=cmd")
    cohort = CohortFactory(instructor=instructor, name="+evil", members=[evil])
    take(evil, quiz_with_claims(2, item_count=2))
    client.force_login(instructor)
    rows = read_csv(client.get(reverse("quiz:answers-csv", args=[cohort.pk])))
    assert rows[1][0] == "'=cmd" and rows[1][1] == "'+evil"


def test_gradebook_csv(client, instructor, cohort):
    client.force_login(instructor)
    rows = read_csv(client.get(reverse("quiz:gradebook-csv", args=[cohort.pk]), {"method": "latest"}))
    assert rows[0][:3] == ["learner", "cohort", "last_activity"] and len(rows[0]) == 3 + 4 + 3  # t/f: discernment
    assert rows[0][6].endswith("— discernment")
    assert [r[0] for r in rows[1:]] == ["lena", "olga"]
    assert rows[1][1] == cohort.name and rows[1][3:6] == ["100", "yes", "1"]


# --- Demo data --------------------------------------------------------------------------------


def test_demo_accounts_come_with_a_demo_cohort_full_of_activity(client, seeded, settings, django_user_model):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # idempotent
    cohort = Cohort.objects.get(name="Demo group")
    assert cohort.instructor.username == "instructor"
    assert cohort.learners.count() == 6
    assert Attempt.objects.graded().filter(learner__in=cohort.learners.all()).count() >= 30
    assert not Attempt.objects.filter(learner__username="learner").exists()  # the demo learner starts fresh
    client.force_login(django_user_model.objects.get(username="instructor"))
    gradebook = client.get(reverse("quiz:gradebook", args=[cohort.pk])).text
    assert "amira" in gradebook and "%" in gradebook
    assert "believed them" in client.get(reverse("quiz:myths", args=[cohort.pk])).text
    now = timezone.now()
    finished = Attempt.objects.filter(learner__in=cohort.learners.all()).values_list("finished_at", flat=True)
    assert max(finished) < now  # no activity in the future
    assert Attempt.objects.filter(kind=Attempt.Kind.REVIEW, finished_at__isnull=False).count() == 3
    retention = client.get(reverse("reviews:retention", args=[cohort.pk])).text
    assert "review answers were right" in retention
    assert cohort.assignments.count() == 1
    client.force_login(django_user_model.objects.get(username="learner"))
    assert "Assigned to you" in client.get(reverse("quiz:home")).text


def test_gradebook_and_learner_pages_show_discernment_and_bias(client, instructor, learner, cohort):
    client.force_login(instructor)
    gradebook = client.get(reverse("quiz:gradebook", args=[cohort.pk])).text
    assert "Discernment<br>" in gradebook
    assert '<span class="visually-hidden">discernment</span> +100' in gradebook  # lena: all right
    assert '<span class="visually-hidden">discernment</span> −100' in gradebook  # olga: all backwards
    history = client.get(reverse("quiz:learner-detail", args=[cohort.pk, learner.pk])).text
    assert "discernment +100" in history
    doubter = LearnerFactory(username="doubter")
    cohort.memberships.create(learner=doubter)
    quiz = Quiz.objects.get(section=cohort_quiz_section(cohort), kind=Quiz.Kind.TRUE_FALSE)
    attempt, _ = services.attempt_start(learner=doubter, quiz=quiz)
    for step in range(1, attempt.step_count + 1):
        services.answer_submit(learner=doubter, attempt_id=attempt.public_id, step=step, answer={"choice": "false"})
    services.attempt_finish(attempt=attempt)
    gradebook = client.get(reverse("quiz:gradebook", args=[cohort.pk])).text
    assert "calls most statements false (doubts true facts)" in gradebook
    history = client.get(reverse("quiz:learner-detail", args=[cohort.pk, doubter.pk])).text
    assert "discernment 0" in history and "Bias: calls most statements false" in history


def cohort_quiz_section(cohort):
    return Attempt.objects.filter(learner__memberships__cohort=cohort).first().quiz.section


@pytest.mark.parametrize(
    ("code", "message"),
    [("", "Enter the join code your instructor gave you."), ("X" * 41, "does not match any cohort")],
    ids=["empty", "too long"],
)
def test_join_form_explains_a_missing_or_impossible_code(client, learner, code, message):
    client.force_login(learner)
    response = client.post(reverse("quiz:join"), {"code": code})
    assert response.status_code == 422 and message in response.text
    assert not learner.cohorts.exists()


def test_cohort_form_refuses_an_over_long_name_and_keeps_what_was_typed(client, instructor):
    client.force_login(instructor)
    response = client.post(reverse("quiz:cohort-list"), {"name": "N" * 121})
    assert response.status_code == 422 and "Use at most 120 characters for the name." in response.text
    assert 'value="' + "N" * 121 + '"' in response.text
