"""export_content / import_content: a byte-identical round trip, and refusing bad files whole."""

import json

import pytest
from django.core.management import CommandError, call_command

from content.models import Claim, Section, SourceDocument, Statement
from content.services import document_import
from content.transfer import ContentFileError, content_export, content_import
from tests.factories import ReferenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty")]  # imports into an empty database


def wipe():
    SourceDocument.objects.all().delete()


def test_round_trip_is_byte_identical(seed_text_path, tmp_path):
    document_import(path=seed_text_path, metadata={"publisher": "NATO", "year": 2014})
    claim = Claim.objects.first()
    ReferenceFactory(claim=claim, url="https://example.org/declaration", position=99)
    first = tmp_path / "first.json"
    call_command("export_content", "--output", str(first))
    wipe()
    assert not Claim.objects.exists()
    call_command("import_content", str(first))
    second = tmp_path / "second.json"
    call_command("export_content", "--output", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert Claim.objects.count() == 26


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
    assert content_export() == text


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
