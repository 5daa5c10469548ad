"""Imports keep the publishing rules: what an import leaves incomplete is unpublished, with the reason."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from content.models import Claim, Section, Statement
from content.services import document_import
from quiz.models import Quiz
from quiz.services import quizzes_ensure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty")]

GARDEN = """Garden myths

Soil and water

Claim: Plants need watering every day
Fact: Most garden plants need water only when the top few centimetres of soil are dry.

Claim: Coffee grounds make every soil better
Fact: Coffee grounds suit some plants and soils but can harm seedlings when used thickly.

Claim: Sand always improves heavy clay soil
Fact: Adding a little sand to clay can set a heavy soil hard instead of loosening it.
"""
SAND = "Sand always improves heavy clay soil"
REWORDED = GARDEN.replace(SAND, "Sand always loosens heavy clay soil")


def write(tmp_path, text, name="garden.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def publish_everything():
    """What editors do after reviewing: approve the proposals, publish claims, sections and quizzes."""
    Statement.objects.update(is_approved=True)
    Claim.objects.update(is_published=True)
    Section.objects.update(is_published=True)
    quizzes_ensure(sections=Section.objects.all())
    Quiz.objects.filter(section__isnull=False).update(is_published=True)


def test_a_reworded_claim_loses_its_approval_and_is_unpublished_with_the_reason(tmp_path):
    document_import(path=write(tmp_path, GARDEN))
    publish_everything()

    _, report = document_import(path=write(tmp_path, REWORDED))
    sand = Claim.objects.get(text="Sand always loosens heavy clay soil")
    assert not sand.is_published
    assert sand.history.first().history_change_reason == (
        "Unpublished by the import from garden.txt: it needs at least one approved false statement"
    )
    assert (
        "line 11: unpublished “Sand always loosens heavy clay soil”: it needs at least one approved false "
        "statement" in report.lines()
    )
    (row,) = [row for row in report.rows if row.outcome == "unpublished"]
    assert (row.kind, row.line, row.detail) == ("claims", 11, "it needs at least one approved false statement")
    # The other claims still meet the rules, and so does their section: both stay published.
    assert Claim.objects.published().count() == 2
    assert Section.objects.get().is_published


def test_a_section_left_short_of_claims_is_unpublished_too(tmp_path):
    two = GARDEN.split("\nClaim: Sand")[0]
    document_import(path=write(tmp_path, two))
    publish_everything()
    _, report = document_import(path=write(tmp_path, two.replace("every day", "each day")))
    section = Section.objects.get()
    assert not section.is_published
    assert section.history.first().history_change_reason.endswith(
        "it has only 1 published claim; matching quizzes need at least 2"
    )
    assert [(row.kind, row.label) for row in report.rows if row.outcome == "unpublished"] == [
        ("claims", "Plants need watering each day"),
        ("sections", "Soil and water"),
    ]


def test_dry_run_says_what_it_would_unpublish_and_unpublishes_nothing(tmp_path, capsys):
    document_import(path=write(tmp_path, GARDEN))
    publish_everything()
    call_command("import_document", str(write(tmp_path, REWORDED)), "--dry-run")
    out = capsys.readouterr().out
    assert "line 11: would unpublish “Sand always loosens heavy clay soil”: it needs at least one approved" in out
    assert Claim.objects.published().count() == 3
    assert Claim.objects.filter(text=SAND).exists()


def test_a_clean_reimport_unpublishes_nothing(tmp_path):
    document_import(path=write(tmp_path, GARDEN))
    publish_everything()
    _, report = document_import(path=write(tmp_path, GARDEN))
    assert not [row for row in report.rows if row.outcome == "unpublished"]
    assert Claim.objects.published().count() == 3


def test_learners_never_meet_a_server_error_after_an_import_unpublishes(tmp_path, client, learner):
    document_import(path=write(tmp_path, GARDEN))
    publish_everything()
    document_import(path=write(tmp_path, REWORDED))
    client.force_login(learner)
    quizzes = list(Quiz.objects.filter(section__title="Soil and water"))
    assert {Quiz.Kind.TRUE_FALSE, Quiz.Kind.MATCHING} <= {quiz.kind for quiz in quizzes}
    for quiz in quizzes:
        page = client.get(reverse("quiz:quiz-detail", args=[quiz.pk]))
        start = client.post(reverse("quiz:attempt-start", args=[quiz.pk]))
        assert page.status_code == 200 and start.status_code == 302, quiz
        attempt_page = client.get(start.url, follow=True)
        assert attempt_page.status_code == 200
        assert "Sand always" not in attempt_page.text  # the unpublished claim is not asked

    # Once the section itself is unpublished, its quizzes are simply not there for learners.
    Claim.objects.filter(text="Plants need watering every day").update(is_published=False)
    document_import(path=write(tmp_path, REWORDED))
    assert not Section.objects.get().is_published
    for quiz in quizzes:
        assert client.get(reverse("quiz:quiz-detail", args=[quiz.pk])).status_code == 404
        assert client.post(reverse("quiz:attempt-start", args=[quiz.pk])).status_code == 404


def test_history_reasons_fit_their_column_however_long_the_file_name(db):
    """django-simple-history keeps 100 characters of a change reason; PostgreSQL refuses more."""
    from pathlib import Path

    from content.history import history_reason
    from content.models import Claim
    from content.services import document_import

    text = (Path(__file__).parent / "data" / "vaccines-question-headings.txt").read_text(encoding="utf-8")
    document_import(content=text, name="a-very-long-file-name-" * 8 + ".txt")
    reasons = {h.history_change_reason for h in Claim.history.all()}
    assert reasons and all(len(r) <= 100 for r in reasons)
    assert history_reason("x" * 150).endswith("…") and len(history_reason("x" * 150)) == 100
