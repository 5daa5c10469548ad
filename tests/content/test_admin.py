"""The claim's admin page: edits with their history, the publishing checks of its parts, saves that change nothing."""

import pytest
from django.urls import reverse

from tests.factories import SectionFactory, complete_claim

pytestmark = pytest.mark.django_db


def claim_form_data(claim, **changes):
    """The POST body of a claim's change form, inline management forms included."""
    data = {
        "section": claim.section_id,
        "text": claim.text,
        "slug": claim.slug,
        "position": claim.position,
        "rebuttal-TOTAL_FORMS": 1,
        "rebuttal-INITIAL_FORMS": 1 if hasattr(claim, "rebuttal") else 0,
        "rebuttal-MIN_NUM_FORMS": 0,
        "rebuttal-MAX_NUM_FORMS": 1,
        "statements-MIN_NUM_FORMS": 0,
        "statements-MAX_NUM_FORMS": 1000,
        "references-TOTAL_FORMS": 0,
        "references-INITIAL_FORMS": 0,
        "references-MIN_NUM_FORMS": 0,
        "references-MAX_NUM_FORMS": 1000,
    }
    if claim.is_published:
        data["is_published"] = "on"
    if hasattr(claim, "rebuttal"):
        data.update(
            {
                "rebuttal-0-id": claim.rebuttal.pk,
                "rebuttal-0-claim": claim.pk,
                "rebuttal-0-summary": claim.rebuttal.summary,
                "rebuttal-0-body": claim.rebuttal.body,
            }
        )
    statements = list(claim.statements.all())
    data["statements-TOTAL_FORMS"] = len(statements)
    data["statements-INITIAL_FORMS"] = len(statements)
    for i, statement in enumerate(statements):
        data[f"statements-{i}-id"] = statement.pk
        data[f"statements-{i}-claim"] = claim.pk
        data[f"statements-{i}-text"] = statement.text
        data[f"statements-{i}-explanation"] = statement.explanation
        if statement.is_true:
            data[f"statements-{i}-is_true"] = "on"
        if statement.is_approved:
            data[f"statements-{i}-is_approved"] = "on"
    tags = list(claim.technique_tags.all())
    data.update(
        {
            "technique_tags-TOTAL_FORMS": len(tags),
            "technique_tags-INITIAL_FORMS": len(tags),
            "technique_tags-MIN_NUM_FORMS": 0,
            "technique_tags-MAX_NUM_FORMS": 3,
        }
    )
    for i, tag in enumerate(tags):
        data[f"technique_tags-{i}-id"] = tag.pk
        data[f"technique_tags-{i}-claim"] = claim.pk
        data[f"technique_tags-{i}-technique"] = tag.technique_id
        data[f"technique_tags-{i}-role"] = tag.role
        data[f"technique_tags-{i}-rationale"] = tag.rationale
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_editor_fixes_a_claims_wording_and_sees_its_history(client, editor):
    claim = complete_claim(text="NATO has a Cold War mentallity")
    client.force_login(editor)
    url = reverse("admin:content_claim_change", args=[claim.pk])
    response = client.post(url, claim_form_data(claim, text="NATO has a Cold War mentality"))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    claim.refresh_from_db()
    assert claim.text == "NATO has a Cold War mentality"

    history = client.get(reverse("admin:content_claim_history", args=[claim.pk]))
    assert history.status_code == 200
    assert "edith" in history.text
    previous = claim.history.order_by("history_date")[0]
    assert previous.text == "NATO has a Cold War mentallity"
    assert claim.history.latest().history_user == editor


def test_a_published_claim_needs_true_and_false_statements(client, editor):
    claim = complete_claim()
    true_statement = claim.statements.get(is_true=True)
    client.force_login(editor)
    data = claim_form_data(claim)
    index = next(i for i in range(2) if data[f"statements-{i}-id"] == true_statement.pk)
    data[f"statements-{index}-DELETE"] = "on"
    response = client.post(reverse("admin:content_claim_change", args=[claim.pk]), data)
    assert response.status_code == 200
    assert "needs at least one approved true statement" in response.text
    assert claim.statements.filter(pk=true_statement.pk).exists()


def test_a_published_claim_needs_a_summary(client, editor):
    claim = complete_claim()
    client.force_login(editor)
    response = client.post(
        reverse("admin:content_claim_change", args=[claim.pk]), claim_form_data(claim, **{"rebuttal-0-summary": ""})
    )
    assert response.status_code == 200
    assert "needs a rebuttal with a summary" in response.text
    claim.rebuttal.refresh_from_db()
    assert claim.rebuttal.summary


def test_unpublishing_a_claim_may_not_starve_its_section(client, editor):
    section = SectionFactory()
    claim = complete_claim(section=section)
    complete_claim(section=section)
    client.force_login(editor)
    response = client.post(
        reverse("admin:content_claim_change", args=[claim.pk]), claim_form_data(claim, is_published=None)
    )
    assert response.status_code == 200
    assert "would keep only 1 published claim" in response.text
    claim.refresh_from_db()
    assert claim.is_published


def test_last_approved_statement_of_a_published_claim_is_protected(client, editor):
    claim = complete_claim()
    only_true = claim.statements.get(is_true=True)
    client.force_login(editor)
    url = reverse("admin:content_statement_change", args=[only_true.pk])
    response = client.post(url, {"claim": claim.pk, "text": only_true.text, "explanation": "x"})  # unapproved, false
    assert response.status_code == 200
    assert "only approved true statement" in response.text
    assert client.get(reverse("admin:content_statement_delete", args=[only_true.pk])).status_code == 403
    only_true.refresh_from_db()
    assert only_true.is_approved and only_true.is_true


def test_rebuttal_changes_have_a_history_page(client, editor):
    claim = complete_claim()
    client.force_login(editor)
    client.post(
        reverse("admin:content_claim_change", args=[claim.pk]),
        claim_form_data(claim, **{"rebuttal-0-summary": "A better summary."}),
    )
    response = client.get(reverse("admin:content_rebuttal_history", args=[claim.rebuttal.pk]))
    assert response.status_code == 200
    assert "edith" in response.text


def test_moving_a_claim_away_may_not_starve_its_section(client, editor):
    section, other = SectionFactory(), SectionFactory()
    claim = complete_claim(section=section)
    complete_claim(section=section)
    client.force_login(editor)
    response = client.post(
        reverse("admin:content_claim_change", args=[claim.pk]), claim_form_data(claim, section=other.pk, position=9)
    )
    assert response.status_code == 200
    assert "would keep only 1 published claim" in response.text
    claim.refresh_from_db()
    assert claim.section == section


def test_saving_an_untouched_page_writes_nothing(client, editor):
    from tests.factories import quiz_with_claims
    from tests.helpers import form_values

    quiz = quiz_with_claims(3)  # a published section with three published claims and its quiz
    claim = quiz.section.claims.first()
    client.force_login(editor)
    for obj, name in [(claim, "content_claim"), (claim.section, "content_section"), (quiz, "quiz_quiz")]:
        url = reverse(f"admin:{name}_change", args=[obj.pk])
        before = (obj.history.count(), type(obj).objects.get(pk=obj.pk).__dict__.get("updated_at"))
        assert client.post(url, form_values(client.get(url).text)).status_code == 302
        after = (obj.history.count(), type(obj).objects.get(pk=obj.pk).__dict__.get("updated_at"))
        assert after == before, name  # no history row "changed" by nobody, no new modified time
    rebuttal = type(claim.rebuttal).objects.get(pk=claim.rebuttal.pk)
    assert rebuttal.history.count() == 1 and rebuttal.body == claim.rebuttal.body  # the inline too


def crlf(text: str) -> str:
    """The text as a browser submits a textarea: every line break as CRLF."""
    return text.replace("\n", "\r\n")


def test_saving_a_claim_keeps_its_untouched_rebuttal_as_it_was(client, django_user_model):
    claim = complete_claim(text="NATO has a Cold War mentallity")
    body = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."
    type(claim.rebuttal).objects.filter(pk=claim.rebuttal.pk).update(body=body)
    claim.refresh_from_db()
    statements_history = {s.pk: s.history.count() for s in claim.statements.all()}
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "not-used"))
    data = claim_form_data(claim, text="NATO has a Cold War mentality")
    for key, value in data.items():  # every textarea as the browser sends it, the rebuttal's body included
        if isinstance(value, str) and key.endswith(("-body", "-summary", "-text", "-explanation")):
            data[key] = crlf(value)
    assert "\r\n" in data["rebuttal-0-body"]

    response = client.post(reverse("admin:content_claim_change", args=[claim.pk]), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    claim.refresh_from_db()
    assert claim.text == "NATO has a Cold War mentality"  # the edit the editor made
    rebuttal = type(claim.rebuttal).objects.get(pk=claim.rebuttal.pk)
    assert rebuttal.body == body and "\r" not in rebuttal.body
    assert len(rebuttal.paragraphs) == 3
    assert rebuttal.history.count() == 1  # its creation only: no "Body" change recorded
    assert {s.pk: s.history.count() for s in claim.statements.all()} == statements_history


def test_a_rebuttal_edit_sent_with_crlf_is_stored_with_lf_and_only_its_field_changes(client, editor):
    claim = complete_claim()
    client.force_login(editor)
    summary = "A better summary,\nover two lines."
    data = claim_form_data(claim, **{"rebuttal-0-summary": crlf(summary)})
    data["rebuttal-0-body"] = crlf(data["rebuttal-0-body"])

    response = client.post(reverse("admin:content_claim_change", args=[claim.pk]), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    latest, previous = claim.rebuttal.history.order_by("-history_date")[:2]
    assert latest.summary == summary and latest.body == previous.body
    assert [change.field for change in latest.diff_against(previous).changes] == ["summary"]
