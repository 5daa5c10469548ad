"""Importing documents into the database: counts, re-import in place, editors' changes, all-or-nothing."""

import pytest
from django.core.management import CommandError, call_command

from content.models import Claim, Rebuttal, Reference, Section, SourceDocument, Statement
from content.parsing import DocumentError
from content.services import document_import

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty")]  # imports into an empty database


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (SourceDocument, Section, Claim, Rebuttal, Reference, Statement)
    }


def test_seed_import_gives_six_sections_and_twenty_six_claims(seed_text_path):
    document, report = document_import(path=seed_text_path, metadata={"publisher": "NATO", "year": 2014})
    assert document.title == "NATO-Russia relations: the facts"
    assert document.publisher == "NATO" and document.year == 2014
    assert Section.objects.count() == 6
    assert Claim.objects.count() == 26
    assert Rebuttal.objects.count() == 26
    assert not Rebuttal.objects.filter(body="").exists()
    assert not Rebuttal.objects.filter(summary="").exists()
    assert report.counts["claims"]["created"] == 26
    # Every claim gets its false statement: the claim itself.
    assert Statement.objects.filter(is_true=False).count() == 26
    # Imported content waits for review: nothing published, nothing approved.
    assert not Section.objects.published().exists()
    assert not Statement.objects.approved().exists()


def test_proposed_true_statements_stand_on_their_own(seed_text_path):
    document_import(path=seed_text_path)
    openings = ("This", "It ", "Its ", "Such", "No such", "Thus", "These", "Therefore")
    for statement in Statement.objects.filter(is_true=True):
        assert not statement.text.startswith(openings), statement.text
        assert "here)" not in statement.text
    flagged = {c.text for c in Claim.objects.needing_true_statement()}
    assert "NATO was planning to base ships and missiles in Crimea" in flagged


def test_unresolved_references_are_recorded(seed_text_path):
    _, report = document_import(path=seed_text_path)
    assert report.unresolved_references == Reference.objects.count() > 10
    assert Reference.objects.filter(anchor_text="(declaration here)").exists()


def test_reimport_changes_nothing(seed_text_path):
    document_import(path=seed_text_path)
    before = snapshot()
    _, report = document_import(path=seed_text_path)
    assert snapshot() == before
    for kind, counter in report.counts.items():
        assert counter["created"] == counter["updated"] == counter["skipped"] == 0, kind


def test_reimport_leaves_editors_changes_alone_unless_forced(seed_text_path):
    document_import(path=seed_text_path)
    claim = Claim.objects.get(text="NATO has a Cold War mentality")
    claim.text = "NATO has a Cold-War mentality"
    claim.save()
    rebuttal = claim.rebuttal
    rebuttal.summary = "An editor's summary."
    rebuttal.save()

    _, report = document_import(path=seed_text_path)
    claim.refresh_from_db()
    rebuttal.refresh_from_db()
    assert claim.text == "NATO has a Cold-War mentality"
    assert rebuttal.summary == "An editor's summary."
    assert report.counts["claims"]["skipped"] == 1
    assert report.counts["rebuttals"]["skipped"] == 1
    assert Claim.objects.count() == 26

    _, report = document_import(path=seed_text_path, force=True)
    claim.refresh_from_db()
    rebuttal.refresh_from_db()
    assert claim.text == "NATO has a Cold War mentality"
    assert rebuttal.summary != "An editor's summary."
    assert report.counts["claims"]["updated"] == 1


def test_reimport_updates_what_the_document_changed(tmp_path, seed_text_path):
    document_import(path=seed_text_path)
    changed = tmp_path / "changed.txt"
    text = seed_text_path.read_text(encoding="utf-8")
    changed.write_text(text.replace("The Cold War ended over 20 years ago.", "The Cold War ended in 1991."), "utf-8")
    _, report = document_import(path=changed, slug="nato-russia-relations-the-facts")
    body = Claim.objects.get(text="NATO has a Cold War mentality").rebuttal.body
    assert body.startswith("The Cold War ended in 1991.")
    assert report.counts["rebuttals"]["updated"] == 1
    assert Claim.objects.count() == 26


def test_dry_run_reports_but_keeps_nothing(seed_text_path):
    _, report = document_import(path=seed_text_path, dry_run=True)
    assert report.counts["claims"]["created"] == 26
    assert not Claim.objects.exists() and not SourceDocument.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Title\n\nJust a paragraph.\n", "no claims"),
        (b"Title\n\nSection\n\nClaim: Dangling claim\n", "line 5"),
        ("Title\n\nClaim: caf\xe9\nFact: x.\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_malformed_documents_change_nothing(tmp_path, seed_text_path, content, message):
    document_import(path=seed_text_path)
    before = snapshot()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        document_import(path=bad)
    assert snapshot() == before


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        document_import(path=tmp_path / "missing.txt")


def test_command_prints_a_summary(seed_text_path, capsys):
    call_command("import_document", str(seed_text_path), "--publisher", "NATO", "--year", "2014")
    out = capsys.readouterr().out
    assert "claims: 26 created, 0 updated, 0 unchanged, 0 skipped because edited" in out
    assert "needs a true statement" in out
    call_command("import_document", str(seed_text_path))
    assert "claims: 0 created, 0 updated, 26 unchanged, 0 skipped because edited" in capsys.readouterr().out


def test_command_fails_with_the_line_and_a_nonzero_exit(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Title\n\nClaim: nothing after it\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 3: .*Nothing was imported"):
        call_command("import_document", str(bad))
    assert not Claim.objects.exists()


def test_history_records_the_import(seed_text_path):
    document_import(path=seed_text_path)
    record = Claim.history.first()
    assert record.history_change_reason == "Imported from nato-russia-relations-the-facts.txt"


def test_claims_dropped_from_the_document_keep_a_real_position(tmp_path):
    first = tmp_path / "v1.txt"
    first.write_text("Doc\n\nPart\n\nClaim: Alpha\nFact: A.\n\nClaim: Beta\nFact: B.\n", encoding="utf-8")
    document_import(path=first)
    second = tmp_path / "v2.txt"
    second.write_text("Doc\n\nPart\n\nClaim: Beta\nFact: B.\n\nClaim: Gamma\nFact: C.\n", encoding="utf-8")
    _, report = document_import(path=second)
    positions = dict(Claim.objects.values_list("text", "position"))
    assert positions == {"Beta": 1, "Gamma": 2, "Alpha": 3}
    assert report.left_in_place == ["Alpha"]
    # Moving Alpha out of the way is not an editor's change: the next import still manages it.
    _, report = document_import(path=first)
    assert dict(Claim.objects.values_list("text", "position")) == {"Alpha": 1, "Beta": 2, "Gamma": 3}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DOC = (
    "Doc\n\nPart\n\nClaim: Alpha is wrong\nFact: {fact}\n\n"
    "Claim: Beta is wrong\nFact: Beta is fine, says the {ref} record.\n"
)


def test_reworded_claim_is_updated_in_place_not_duplicated(tmp_path):
    document_import(path=write(tmp_path, "a.txt", DOC.format(fact="Alpha was never wrong at all.", ref="x")))
    claim = Claim.objects.get(text="Alpha is wrong")
    reworded = DOC.format(fact="Alpha was never wrong at all.", ref="x").replace("Alpha is wrong", "Alpha is false")
    document_import(path=write(tmp_path, "b.txt", reworded))
    claim.refresh_from_db()
    assert claim.text == "Alpha is false"
    assert Claim.objects.count() == 2


def test_editors_reference_url_stays_with_its_source(tmp_path):
    text = "Doc\n\nPart\n\nClaim: Alpha is wrong\nFact: It was agreed (declaration here).\n\nClaim: B\nFact: C.\n"
    document_import(path=write(tmp_path, "a.txt", text))
    Reference.objects.filter(anchor_text="(declaration here)").update(url="https://example.org/declaration")
    more = text.replace(
        "It was agreed (declaration here).", "A vote was held (record here). It was agreed (declaration here)."
    )
    _, report = document_import(path=write(tmp_path, "b.txt", more))
    declaration = Reference.objects.get(anchor_text="(declaration here)")
    assert declaration.url == "https://example.org/declaration"
    assert Reference.objects.get(anchor_text="(record here)").url == ""
    assert Reference.objects.count() == 2


def test_deleted_proposals_are_not_proposed_again(seed_text_path):
    document_import(path=seed_text_path)
    claim = Claim.objects.get(text="NATO has a Cold War mentality")
    rejected = claim.statements.filter(is_true=True).first()
    rejected.delete()
    count = Statement.objects.count()
    document_import(path=seed_text_path)
    assert Statement.objects.count() == count
    assert not claim.statements.filter(text=rejected.text).exists()


def test_proposal_that_now_repeats_another_statement_is_skipped_not_a_crash(tmp_path):
    fact = "The first true sentence is long enough to count here. The second true sentence is long enough as well."
    document_import(path=write(tmp_path, "a.txt", DOC.format(fact=fact, ref="x")))
    claim = Claim.objects.get(text="Alpha is wrong")
    first = claim.statements.get(import_key="fact-1")
    claim.statements.filter(import_key="fact-2").delete()
    claim.statements.create(text="The second true sentence is long enough as well.", is_true=True, origin="editor")
    shorter = "The second true sentence is long enough as well."
    _, report = document_import(path=write(tmp_path, "b.txt", DOC.format(fact=shorter, ref="x")))
    first.refresh_from_db()
    assert first.text.startswith("The first true sentence")
    assert report.counts["statements"]["skipped"] >= 1


def test_claim_made_only_of_a_link_phrase_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="not followed by the claim"):
        document_import(path=write(tmp_path, "a.txt", "Doc\n\nClaim: (declaration here)\nFact: x.\n"))


def test_overlong_heading_is_refused_with_its_line(tmp_path):
    heading = "A heading " * 30
    with pytest.raises(DocumentError, match="line 3: the section heading is longer than 200"):
        document_import(path=write(tmp_path, "a.txt", f"Doc\n\n{heading}\n\nClaim: A\nFact: B.\n"))


def test_dry_run_says_what_it_would_do_and_that_nothing_was_saved(seed_text_path, capsys):
    call_command("import_document", str(seed_text_path), "--dry-run")
    out = capsys.readouterr().out
    assert out.startswith("Dry run of “NATO-Russia relations: the facts”:\n")
    assert "  claims: would create 26, would update 0, 0 unchanged, 0 would be left alone because edited\n" in out
    assert "new claims would arrive as drafts: 26" in out
    assert out.rstrip().endswith("Dry run: nothing was saved.")
    assert "Imported" not in out and " created," not in out
    assert not SourceDocument.objects.exists()


def test_dry_run_of_a_reimport_names_updates_and_edited_rows(tmp_path, seed_text_path, capsys):
    document_import(path=seed_text_path)
    Claim.objects.filter(text="NATO is a U.S. geopolitical project").update(text="NATO is a US project")
    text = seed_text_path.read_text(encoding="utf-8")
    changed = write(tmp_path, "changed.txt", text.replace("The Cold War ended over 20 years ago.", "It ended."))
    call_command("import_document", str(changed), "--dry-run", "--slug", "nato-russia-relations-the-facts")
    out = capsys.readouterr().out
    assert "claims: would create 0, would update 0, 25 unchanged, 1 would be left alone because edited" in out
    assert "rebuttals: would create 0, would update 1, 25 unchanged" in out
    assert "arrive as drafts" not in out
    assert Claim.objects.get(text="NATO has a Cold War mentality").rebuttal.body.startswith("The Cold War ended over")


def test_real_run_says_created_and_updated(seed_text_path, capsys):
    call_command("import_document", str(seed_text_path))
    out = capsys.readouterr().out
    assert out.startswith("Imported “NATO-Russia relations: the facts”.\n")
    assert "new claims arrive as drafts: 26" in out
    assert "would" not in out and "Dry run" not in out


def test_report_rows_name_each_row_with_its_line(seed_text_path):
    _, report = document_import(path=seed_text_path, dry_run=True)
    claims = [row for row in report.rows if row.kind == "claims"]
    assert len(claims) == 26 and {row.outcome for row in claims} == {"created"}
    cold_war = claims[0]
    assert (cold_war.label, cold_war.line, cold_war.where) == ("NATO has a Cold War mentality", 73, "line 73")
    sections = [(row.label, row.line) for row in report.rows if row.kind == "sections"]
    assert sections[1] == ('NATO as a "threat"', 215)
    rebuttal = next(row for row in report.rows if row.kind == "rebuttals")
    assert rebuttal.line == 73  # a claim's rebuttal, references and statements carry the claim's line


def test_report_rows_say_why_a_row_was_left_alone(seed_text_path):
    document_import(path=seed_text_path)
    Claim.objects.filter(text="NATO is a U.S. geopolitical project").update(text="NATO is a US project")
    _, report = document_import(path=seed_text_path)
    (skipped,) = [row for row in report.rows if row.outcome == "skipped" and row.kind == "claims"]
    assert skipped.label == "NATO is a US project"
    assert skipped.line == 118
    assert skipped.detail == "changed by an editor since the last import"


def test_claims_whose_slugs_collide_stay_apart_on_reimport(tmp_path):
    first = "Doc\n\nPart\n\nClaim: Vaccines work!\nFact: One.\n\nClaim: Beta\nFact: B.\n"
    document_import(path=write(tmp_path, "a.txt", first))
    second = first.replace("Part\n\n", "Part\n\nClaim: Vaccines work?\nFact: Two.\n\n")
    _, report = document_import(path=write(tmp_path, "b.txt", second))
    bodies = dict(Claim.objects.values_list("text", "rebuttal__body"))
    assert bodies == {"Vaccines work?": "Two.", "Vaccines work!": "One.", "Beta": "B."}
    assert report.counts["claims"]["created"] == 1
