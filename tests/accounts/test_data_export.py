"""Downloading all my data: one streamed zip of JSON and CSV, only my own rows, a query count that stays put."""

import csv
import io
import json
import secrets
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import archive_writer, privacy
from quiz import services
from quiz.models import Attempt, AttemptItem, Quiz
from reviews import services as review_services
from reviews.models import Card, ReminderPreference, ReviewLog
from tests.factories import AttemptFactory, AttemptItemFactory, CohortFactory, InstructorFactory, LearnerFactory
from tests.helpers import answers_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FILES = {"README.txt", "data.json", "attempts.csv", "answers.csv", "cohorts.csv", "cards.csv", "review_log.csv"}


def take(learner, kind: str, *, right: bool = True, certainty: str = "high") -> Attempt:
    """A finished attempt at the first published quiz of `kind`, answered through the quiz services."""
    quiz = Quiz.objects.published().filter(kind=kind).first()
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    for step in range(1, attempt.step_count + 1):
        answer = {**answers_for(attempt, step, right=right), "certainty": certainty}
        services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=step, answer=answer)
    return services.attempt_finish(attempt=attempt)


def download(client) -> zipfile.ZipFile:
    response = client.post(reverse("account-data"))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    text = archive.read(name).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def history(seeded, learner):
    """The learner in a cohort, with a true/false and a matching attempt, their cards, and a reminder setting."""
    instructor = InstructorFactory(username="ivan")
    CohortFactory(name="Tuesday group", instructor=instructor, members=[learner])
    true_false = take(learner, Quiz.Kind.TRUE_FALSE)
    matching = take(learner, Quiz.Kind.MATCHING, right=False, certainty="low")
    review_services.cards_sync(learner_ids=[learner.pk])
    ReminderPreference.objects.create(learner=learner, frequency="weekly", time_zone="Europe/Brussels")
    return {"true_false": true_false, "matching": matching}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_page_says_what_the_download_holds_and_offers_a_button(client, learner, headers):
    client.force_login(learner)
    page = client.get(reverse("account-data"), **headers)
    assert page.status_code == 200
    assert "<title>Download your data" in page.text
    for name in FILES - {"README.txt"}:
        assert name in page.text
    assert f'action="{reverse("account-data")}"' in page.text and "csrfmiddlewaretoken" in page.text


def test_the_zip_holds_every_file_and_is_named_after_the_user_and_day(client, history, learner):
    client.force_login(learner)
    response = client.post(reverse("account-data"))
    assert response["Content-Disposition"].startswith('attachment; filename="factsquiz-data-lena-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert set(archive.namelist()) == FILES
    assert archive.testzip() is None
    readme = archive.read("README.txt").decode()
    for name in FILES - {"README.txt"}:
        assert name in readme
    assert "seconds_taken:" in readme and "Account: lena" in readme


def test_data_json_holds_account_cohorts_attempts_answers_cards_and_reminders(client, history, learner):
    client.force_login(learner)
    data = json.loads(download(client).read("data.json"))
    assert set(data) >= {"account", "review_reminders", "cohorts", "attempts", "review_cards", "review_log"}
    assert data["account"]["username"] == "lena" and data["account"]["email"] == "lena@example.com"
    assert data["account"]["roles"] == ["Learner"] and data["account"]["date_joined"]
    assert data["review_reminders"]["frequency"] == "weekly"
    assert data["cohorts"] == [
        {
            "cohort": "Tuesday group",
            "your_role": "learner",
            "instructor": "ivan",
            "since": data["cohorts"][0]["since"],
            "learners": None,
        }
    ]
    attempts = {a["attempt"]: a for a in data["attempts"]}
    true_false = attempts[str(history["true_false"].public_id)]
    assert true_false["kind"] == "true_false" and true_false["passed"] is True
    assert true_false["discernment"] == 100 and true_false["finish_reason"] == "completed"
    assert len(true_false["answers"]) == history["true_false"].items.count()
    first = true_false["answers"][0]
    assert first["answer"] in ("True", "False") and first["answer"] == first["correct_answer"]
    assert first["correct"] is True and first["certainty"] == "high" and first["answered_at"]
    cards = Card.objects.filter(learner=learner)
    assert len(data["review_cards"]) == cards.count() > 0
    assert {c["claim"] for c in data["review_cards"]} == {c.claim.text for c in cards}
    assert len(data["review_log"]) == ReviewLog.objects.filter(learner=learner).count()


def test_answers_csv_has_a_row_per_item_and_shows_matching_answers_as_letter_and_text(client, history, learner):
    client.force_login(learner)
    archive = download(client)
    answers = rows(archive, "answers.csv")
    assert len(answers) == AttemptItem.objects.filter(attempt__learner=learner).count()
    matching = history["matching"]
    shown = [row for row in answers if row["attempt"] == str(matching.public_id)]
    assert len(shown) == matching.items.count()
    for row, item in zip(shown, matching.items.order_by("position"), strict=True):
        options = {o["token"]: o for o in matching.options_for(item.step)}  # tokens are read in the item's own set
        chosen, right = options[item.choice], options[item.correct_choice]
        assert row["answer"] == f"{chosen['letter']}: {chosen['text']}"
        assert row["correct_answer"] == f"{right['letter']}: {right['text']}"
        assert row["correct"] == "no" and row["certainty"] == "low"
        assert row["prompt"] == item.prompt and int(row["seconds_taken"]) == item.seconds_taken
    attempts = rows(archive, "attempts.csv")
    assert {row["attempt"] for row in attempts} == {str(history["true_false"].public_id), str(matching.public_id)}
    assert {row["passed"] for row in attempts} == {"yes", "no"}
    assert [row["cohort"] for row in rows(archive, "cohorts.csv")] == ["Tuesday group"]
    assert len(rows(archive, "cards.csv")) == Card.objects.filter(learner=learner).count()
    assert len(rows(archive, "review_log.csv")) == ReviewLog.objects.filter(learner=learner).count()


def test_another_users_data_is_never_included(client, history, learner):
    other = LearnerFactory(username="otto", email="otto@example.org")
    CohortFactory(name="Otto's own group", members=[other])
    other_attempt = take(other, Quiz.Kind.TRUE_FALSE, right=False)
    review_services.cards_sync(learner_ids=[other.pk])
    client.force_login(learner)
    archive = download(client)
    everything = "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert "otto" not in everything.lower() and str(other_attempt.public_id) not in everything
    data = json.loads(archive.read("data.json"))
    assert len(data["attempts"]) == Attempt.objects.filter(learner=learner).count() == 2
    assert len(data["review_log"]) == ReviewLog.objects.filter(learner=learner).count()


def test_an_instructor_gets_the_cohorts_they_run_or_co_teach_with_a_count_not_the_learners(client, seeded):
    instructor = InstructorFactory(username="ines")
    CohortFactory(
        name="Evening group", instructor=instructor, members=[LearnerFactory(username="pia"), LearnerFactory()]
    )
    shared = CohortFactory(
        name="Shared group", instructor=InstructorFactory(username="olga"), members=[LearnerFactory()]
    )
    shared.co_instructors.add(instructor)
    client.force_login(instructor)
    archive = download(client)
    cohorts = rows(archive, "cohorts.csv")
    assert [(c["cohort"], c["your_role"], c["instructor"], c["learners"]) for c in cohorts] == [
        ("Evening group", "instructor", "ines", "2"),
        ("Shared group", "co-instructor", "olga", "1"),
    ]
    assert cohorts[0]["since"] and not cohorts[1]["since"]
    assert "pia" not in archive.read("data.json").decode()


def test_a_new_account_downloads_empty_files(client, learner):
    client.force_login(learner)
    archive = download(client)
    data = json.loads(archive.read("data.json"))
    assert data["attempts"] == [] and data["cohorts"] == [] and data["review_reminders"] is None
    assert rows(archive, "answers.csv") == []


def test_csv_cells_a_spreadsheet_would_run_are_made_text(client, learner, seeded):
    attempt = AttemptFactory(learner=learner, title="=HYPERLINK(1)")
    AttemptItemFactory(attempt=attempt, prompt="@SUM(A1)")
    client.force_login(learner)
    archive = download(client)
    assert rows(archive, "attempts.csv")[0]["title"] == "'=HYPERLINK(1)"
    assert rows(archive, "answers.csv")[0]["prompt"] == "'@SUM(A1)"
    assert json.loads(archive.read("data.json"))["attempts"][0]["title"] == "=HYPERLINK(1)"  # JSON is data, as is


def with_attempts(learner, count: int) -> None:
    """`count` finished attempts of four answered items each (made directly: fast, and no cards)."""
    quiz = Quiz.objects.published().first()
    for _ in range(count):
        attempt = AttemptFactory(learner=learner, quiz=quiz)
        for _ in range(4):
            AttemptItemFactory(attempt=attempt, choice="true", is_correct=True, answered_at=attempt.started_at)


def queries_to_download(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        download(client).testzip()
    return len(queries)


def test_the_download_costs_the_same_queries_with_few_attempts_or_many(client, learner, seeded):
    client.force_login(learner)
    with_attempts(learner, 2)
    few = queries_to_download(client)
    with_attempts(learner, 40)
    many = queries_to_download(client)
    assert many == few <= 25


def test_rows_are_read_a_chunk_at_a_time(client, learner, seeded, monkeypatch):
    """Past a chunk the queries grow by the chunk, never by the attempt; every row still comes out once."""
    client.force_login(learner)
    monkeypatch.setattr(privacy, "CHUNK", 5)
    with_attempts(learner, 4)
    one_chunk = queries_to_download(client)
    with_attempts(learner, 8)  # 12 attempts: three chunks
    three_chunks = queries_to_download(client)
    # Per extra chunk: data.json (attempts, items), attempts.csv (attempts), answers.csv (attempts, items).
    assert three_chunks == one_chunk + 2 * 5
    archive = download(client)
    assert len(rows(archive, "attempts.csv")) == 12 and len(rows(archive, "answers.csv")) == 48


def test_the_archive_is_streamed_in_pieces_not_built_whole(learner, seeded, monkeypatch):
    monkeypatch.setattr(archive_writer, "FLUSH_BYTES", 4096)
    quiz = Quiz.objects.published().first()
    for _ in range(30):  # answers that hardly compress: 240 kB of prompts
        attempt = AttemptFactory(learner=learner, quiz=quiz)
        for _ in range(4):
            AttemptItemFactory(attempt=attempt, prompt=secrets.token_hex(1000))
    archive = privacy.data_archive(user=learner)
    with CaptureQueriesContext(connection) as queries:
        first = next(archive)  # README.txt: nothing of the attempts has been read yet
    assert first.startswith(b"PK") and not any("quiz_attempt" in q["sql"] for q in queries.captured_queries)
    pieces = [first, *archive]
    sizes = [len(piece) for piece in pieces]  # zlib hands out a deflate block (about 25 kB) at a time
    assert len(sizes) >= 10 and max(sizes) < 64 * 1024 < sum(sizes) / 3
    assert zipfile.ZipFile(io.BytesIO(b"".join(pieces))).testzip() is None


def test_downloading_needs_a_post_from_the_page(client, learner):
    client.force_login(learner)
    assert client.put(reverse("account-data")).status_code == 405
    client.logout()
    assert client.post(reverse("account-data"))["Location"].startswith(reverse("login"))
