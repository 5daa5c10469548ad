"""export_content / import_content: a byte-identical round trip (quiz settings included), refusing bad files whole."""

import ast
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from content.models import Claim, Section, SourceDocument, Statement
from content.services import document_import
from content.transfer import (
    ContentFileError,
    SectionPart,
    content_export,
    register_section_part,
    section_parts,
)
from content.transfer_import import content_import
from quiz.models import Quiz
from tests.factories import ReferenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty")]  # imports into an empty database

# Non-default settings on a few quizzes: (section position, kind) -> settings.
QUIZ_SETTINGS = {
    (1, Quiz.Kind.TRUE_FALSE): {"item_count": 12, "pass_mark": 85, "min_discernment": 0, "time_limit_minutes": 15},
    (1, Quiz.Kind.MATCHING): {"matching_set_size": 3, "feedback": Quiz.Feedback.AT_END, "asks_certainty": False},
    (3, Quiz.Kind.TRUE_FALSE): {"is_published": False, "feedback": Quiz.Feedback.AT_END, "item_count": 2},
}


def wipe():
    SourceDocument.objects.all().delete()
    Quiz.objects.filter(section=None).delete()  # what deleting the sections left: the database is empty


def set_quiz_settings():
    for (position, kind), settings in QUIZ_SETTINGS.items():
        Quiz.objects.filter(section__position=position, kind=kind).update(**settings)


def quiz_settings() -> dict:
    fields = ("item_count", "matching_set_size", "pass_mark", "min_discernment", "feedback", "time_limit_minutes")
    fields += ("asks_certainty", "is_published")
    return {
        (q["section__slug"], q["kind"]): q
        for q in Quiz.objects.filter(section__isnull=False).values("section__slug", "kind", *fields)
    }


def test_round_trip_is_byte_identical(seed_text_path, tmp_path):
    document_import(path=seed_text_path, metadata={"publisher": "NATO", "year": 2014})
    claim = Claim.objects.first()
    ReferenceFactory(claim=claim, url="https://example.org/declaration", position=99)
    set_quiz_settings()
    settings = quiz_settings()
    first = tmp_path / "first.json"
    call_command("export_content", "--output", str(first))
    wipe()
    assert not Claim.objects.exists() and not Quiz.objects.exists()
    call_command("import_content", str(first))
    second = tmp_path / "second.json"
    call_command("export_content", "--output", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert Claim.objects.count() == 26
    assert quiz_settings() == settings  # the non-default settings came back with the content


def test_the_export_lists_each_sections_quizzes_by_kind(seed_text_path):
    document_import(path=seed_text_path)
    set_quiz_settings()
    sections = json.loads(content_export())["documents"][0]["sections"]
    assert [q["kind"] for q in sections[0]["quizzes"]] == ["matching", "technique", "true_false"]
    assert list(sections[0]) == ["slug", "title", "position", "intro", "is_published", "quizzes", "claims"]
    assert sections[0]["quizzes"][2] == {
        "kind": "true_false",
        "item_count": 12,
        "matching_set_size": 4,
        "pass_mark": 85,
        "min_discernment": 0,
        "feedback": "each_item",
        "time_limit_minutes": 15,
        "asks_certainty": True,
        "is_published": True,
        "example_count": 2,
    }
    assert sections[2]["quizzes"][2]["is_published"] is False


def test_reimporting_the_same_quiz_settings_writes_no_history(seed_text_path):
    document_import(path=seed_text_path)
    set_quiz_settings()
    text = content_export()
    quiz = Quiz.objects.get(section__position=1, kind=Quiz.Kind.TRUE_FALSE)
    rows = quiz.history.count()
    counts = content_import(text)
    assert counts["quizzes"] == 6 * 3 + 1  # each section's three, and the technique quiz across the document
    assert quiz.history.count() == rows


def test_a_file_without_quiz_settings_leaves_the_quizzes_as_they_are(seed_export_path):
    text = seed_export_path.read_text(encoding="utf-8")
    data = json.loads(text)
    for section in data["documents"][0]["sections"]:
        section.pop("quizzes", None)  # as files written before quiz settings were exported
    content_import(json.dumps(data))
    set_quiz_settings()
    settings = quiz_settings()
    counts = content_import(json.dumps(data))
    assert counts["quizzes"] == 0 and counts["claims"] == 26
    assert quiz_settings() == settings


def test_bundled_reviewed_content_loads_and_is_complete(seed_export_path):
    counts = content_import(seed_export_path.read_text(encoding="utf-8"))
    assert counts["sections"] == 6 and counts["claims"] == 26
    assert Section.objects.published().count() == 6
    for claim in Claim.objects.all():
        approved = claim.statements.approved()
        assert approved.filter(is_true=True).exists(), claim
        assert approved.filter(is_true=False).exists(), claim
        assert claim.rebuttal.summary.strip(), claim
    # Reviewed content is editor-owned: a later import of the raw document does not overwrite it.
    assert not Statement.objects.filter(origin=Statement.Origin.GENERATED).exists()
    document = SourceDocument.objects.get()
    assert document.publisher.startswith("NATO") and document.year == 2014 and document.attribution


def test_bundled_content_round_trips(seed_export_path):
    text = seed_export_path.read_text(encoding="utf-8")
    content_import(text)
    exported = content_export()
    if '"quizzes"' not in text:
        # The bundled file predates quiz settings in the export: compare the rest, byte for byte. Once it is
        # exported again (with its quizzes) this compares the whole file.
        data = json.loads(exported)
        assert [q["kind"] for q in data["documents"][0].pop("quizzes")] == ["technique"]  # across the document
        for section in data["documents"][0]["sections"]:
            assert [q["kind"] for q in section.pop("quizzes")] == ["matching", "technique", "true_false"]
        exported = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert exported == text


def test_reviewed_content_survives_a_raw_reimport(seed_export_path, seed_text_path):
    content_import(seed_export_path.read_text(encoding="utf-8"))
    before = content_export()
    _, report = document_import(path=seed_text_path, slug="nato-russia-relations-the-facts")
    assert report.counts["claims"]["created"] == 0
    assert report.counts["claims"]["skipped"] == 26
    assert content_export() == before  # nothing added, nothing overwritten


def test_skip_existing_leaves_a_loaded_document_alone(seed_export_path, capsys):
    call_command("import_content", str(seed_export_path), "--skip-existing")
    claim = Claim.objects.first()
    claim.text = "Edited by an editor"
    claim.save()
    call_command("import_content", str(seed_export_path), "--skip-existing")
    assert "already loaded" in capsys.readouterr().out
    claim.refresh_from_db()
    assert claim.text == "Edited by an editor"
    assert Claim.objects.count() == 26


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something-else"}', "not a FactsQuiz content export"),
        ('{"format": "factsquiz-content", "version": 99}', "unsupported version"),
        ('{"format": "factsquiz-content", "version": 1, "documents": [{"slug": "x"}]}', "documents[0]: missing"),
    ],
)
def test_malformed_files_are_refused(payload, message):
    with pytest.raises(ContentFileError) as caught:
        content_import(payload)
    assert message in str(caught.value)


def test_a_bad_row_late_in_the_file_changes_nothing(seed_export_path):
    data = json.loads(seed_export_path.read_text(encoding="utf-8"))
    data["documents"][0]["sections"][5]["claims"][6]["references"] = [
        {"position": 1, "title": "x", "url": "not a url", "date": None, "anchor_text": "", "import_key": ""}
    ]
    with pytest.raises(ContentFileError, match=r"sections\[5\]\.claims\[6\]\.references\[0\]: url"):
        content_import(json.dumps(data))
    assert not SourceDocument.objects.exists() and not Claim.objects.exists()


def test_import_command_reports_errors(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_content", str(missing))
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("import_content", str(bad))


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (lambda claim, section: claim.update(rebuttal=None), "the claim is published, but it needs a rebuttal summary"),
        (
            lambda claim, section: claim.update(statements=[s for s in claim["statements"] if s["is_true"]]),
            "it needs at least one approved false statement",
        ),
        (
            lambda claim, section: section.update(claims=section["claims"][:1]),
            "the section is published, but it has only 1",
        ),
    ],
    ids=["no rebuttal", "no false statement", "one claim"],
)
def test_published_content_that_breaks_the_publishing_rules_is_refused_whole(seed_export_path, breaks, message):
    data = json.loads(seed_export_path.read_text(encoding="utf-8"))
    section = data["documents"][0]["sections"][1]
    breaks(section["claims"][0], section)
    with pytest.raises(ContentFileError, match=message):
        content_import(json.dumps(data))
    assert not SourceDocument.objects.exists()  # nothing was loaded


def seed_with_quizzes(seed_text_path) -> dict:
    document_import(path=seed_text_path)
    set_quiz_settings()
    return json.loads(content_export())


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (lambda qs: qs[1].update(pass_mark=150), r"sections\[2\]\.quizzes\[1\]: pass_mark: Ensure this value is less"),
        (lambda qs: qs[0].update(item_count=None), r"sections\[2\]\.quizzes\[0\]: item_count: This field cannot"),
        (lambda qs: qs[0].update(feedback="sometimes"), r"quizzes\[0\]: feedback: Value 'sometimes' is not a valid"),
        (lambda qs: qs[1].update(asks_certainty="maybe"), r"quizzes\[1\]: asks_certainty: .*must be either True or"),
        (lambda qs: qs[1].update(time_limit_minutes=0), r"quizzes\[1\]: time_limit_minutes: Ensure this value is"),
        (lambda qs: qs[0].update(kind="essay"), r"quizzes\[0\]: kind: 'essay' is not a kind of quiz"),
        (lambda qs: qs[1].update(kind="matching"), r"quizzes\[1\]: kind: a second matching quiz"),
        (lambda qs: qs[1].pop("pass_mark"), r"sections\[2\]\.quizzes\[1\]: missing pass_mark"),
        (lambda qs: qs.append("x"), r"sections\[2\]\.quizzes\[3\]: expected an object"),
    ],
    ids=["pass mark", "no item count", "feedback", "certainty", "time limit", "kind", "kind twice", "missing", "type"],
)
def test_a_bad_quiz_setting_changes_nothing(seed_text_path, breaks, message):
    data = seed_with_quizzes(seed_text_path)
    for section in data["documents"][0]["sections"]:  # what the file would change, were it loaded
        section["title"] += " (edited)"
        for quiz in section["quizzes"]:
            quiz["pass_mark"] = 55
    breaks(data["documents"][0]["sections"][2]["quizzes"])
    before, settings = content_export(), quiz_settings()
    with pytest.raises(ContentFileError, match=message):
        content_import(json.dumps(data))
    assert content_export() == before and quiz_settings() == settings


def test_the_import_command_names_the_bad_quiz_setting(seed_text_path, tmp_path):
    data = seed_with_quizzes(seed_text_path)
    data["documents"][0]["sections"][2]["quizzes"] = {"kind": "true_false"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=r"documents\[0\]\.sections\[2\]\.quizzes: expected a list\. Nothing"):
        call_command("import_content", str(path))


def test_quiz_settings_are_a_registered_section_part():
    assert [part.key for part in section_parts()] == ["quizzes"]
    register_section_part(section_parts()[0])  # the same part again (an app made ready twice) is harmless
    assert len(section_parts()) == 1
    with pytest.raises(ValueError, match="already a key"):
        register_section_part(SectionPart(key="claims", export=dict, load=lambda section, value, where: 0))
    with pytest.raises(ValueError, match="another section part"):
        register_section_part(SectionPart(key="quizzes", export=dict, load=lambda section, value, where: 0))


def test_content_imports_no_quiz_module():
    """Why the section parts exist: `content` never imports `quiz` (the house's one-way dependency)."""
    content = Path(__file__).resolve().parents[2] / "content"
    found = []
    for path in content.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            found += [f"{path.relative_to(content)}: {name}" for name in names if name.split(".")[0] == "quiz"]
    assert found == []


def test_the_technique_quiz_across_a_document_keeps_its_settings_through_export_and_import(seeded):
    across = Quiz.objects.get(section=None, document__slug="nato-russia-relations-the-facts", kind="technique")
    Quiz.objects.filter(pk=across.pk).update(item_count=20, example_count=5, pass_mark=60)
    text = content_export()
    assert json.loads(text)["documents"][0]["quizzes"][0]["example_count"] == 5
    Quiz.objects.filter(pk=across.pk).update(item_count=8, example_count=2, pass_mark=70)
    content_import(text)
    across.refresh_from_db()
    assert (across.item_count, across.example_count, across.pass_mark) == (20, 5, 60)
    bad = json.loads(text)
    bad["documents"][0]["quizzes"][0]["kind"] = "matching"
    with pytest.raises(ContentFileError, match=r"documents\[0\]\.quizzes\[0\]: kind: 'matching' is not a kind"):
        content_import(json.dumps(bad))
