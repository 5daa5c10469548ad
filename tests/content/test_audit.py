"""The item-quality audit: the bundled bank passes it, and it catches a bank that can be guessed."""

import pytest
from django.core.management import CommandError, call_command

from content.audit import audit_bank
from tests.factories import ClaimFactory, SectionFactory, StatementFactory


def test_bundled_bank_passes_the_audit(seeded, capsys):
    call_command("audit_items")
    out = capsys.readouterr().out
    assert "The bank passes the audit" in out
    bank = audit_bank()
    assert bank.best_cue.accuracy <= 0.65
    assert bank.headline_share <= 0.34
    assert bank.overlap.lift <= 0.15
    assert not bank.problems


def test_bundled_bank_has_three_true_and_three_false_per_claim_each_explained(seeded):
    from content.models import Claim

    for claim in Claim.objects.published().prefetch_related("statements"):
        approved = [s for s in claim.statements.all() if s.is_approved]
        assert sum(s.is_true for s in approved) >= 3, claim
        assert sum(not s.is_true for s in approved) >= 3, claim
        explanations = [s.explanation for s in approved]
        assert all(explanations) and len(set(explanations)) == len(explanations), claim


@pytest.mark.django_db
def test_audit_fails_a_bank_where_length_tells_the_answer(capsys, empty):
    section = SectionFactory(is_published=True)
    for n in range(2):
        claim = ClaimFactory(section=section, is_published=True, text=f"Myth number {n}")
        for i in range(3):
            StatementFactory(
                claim=claim,
                is_true=False,
                is_approved=True,
                text=f"Short false {n} {i}.",
                explanation=f"Because {n} {i}.",
            )
            StatementFactory(
                claim=claim,
                is_true=True,
                is_approved=True,
                text=f"A much longer true statement {n} {i}, which goes on to give many details and dates.",
                explanation=f"Indeed {n} {i}.",
            )
    with pytest.raises(CommandError, match="problem"):
        call_command("audit_items")
    assert "answers 100% right" in capsys.readouterr().out


@pytest.mark.django_db
def test_audit_with_nothing_published_says_so(capsys, empty):
    call_command("audit_items")
    assert "No published section" in capsys.readouterr().out


def test_admin_lists_show_the_quality_column_and_filter(client, editor, empty):
    from django.urls import reverse

    from tests.factories import complete_claim

    section = SectionFactory(is_published=False)
    weak = complete_claim(section=section)  # one true and one false statement: too few
    client.force_login(editor)
    claims = client.get(reverse("admin:content_claim_changelist")).text
    assert "Quality" in claims and " to fix</span>" in claims
    assert "needs 3 approved true and 3 approved false statements" in claims  # in the tooltip
    flawed = client.get(reverse("admin:content_claim_changelist"), {"quality": "fix"}).text
    assert str(weak.text)[:40] in flawed
    ok = client.get(reverse("admin:content_claim_changelist"), {"quality": "ok"}).text
    assert str(weak.text)[:40] not in ok
    sections = client.get(reverse("admin:content_section_changelist")).text
    assert "1 claim needs work" in sections
    page = client.get(reverse("admin:content_claim_change", args=[weak.pk])).text
    assert "✗ needs 3 approved true and 3 approved false statements (has 1 and 1)" in page  # readable, not a tooltip
    facets = client.get(reverse("admin:content_claim_changelist"), {"_facets": "True"}).text
    assert "Needs work (1)" in facets


def test_import_can_withdraw_statements_the_file_no_longer_lists(seeded, seed_export_path, tmp_path):
    import json

    from content.models import Statement

    data = json.loads(seed_export_path.read_text(encoding="utf-8"))
    claim_entry = data["documents"][0]["sections"][0]["claims"][0]
    dropped = claim_entry["statements"].pop()
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_content", str(path))
    assert Statement.objects.get(text=dropped["text"]).is_approved  # plain import adds and updates only
    call_command("import_content", str(path), "--withdraw-missing")
    statement = Statement.objects.get(text=dropped["text"])
    assert not statement.is_approved  # kept, out of quizzes
    assert statement.history.first().history_change_reason == "Withdrawn: not in the imported statement bank"
    assert Statement.objects.filter(is_approved=True).count() == 177
