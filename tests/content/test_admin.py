"""The editors' admin: editing with history, publishing rules, filters, search, and who may enter."""

import pytest
from django.urls import reverse

from content.models import Claim, Section
from tests.factories import ClaimFactory, RebuttalFactory, SectionFactory, StatementFactory, complete_claim

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


def test_publish_action_explains_what_is_missing(client, editor):
    ready = complete_claim(is_published=False)
    unready = ClaimFactory(is_published=False, section=ready.section)
    RebuttalFactory(claim=unready)
    StatementFactory(claim=unready, is_true=False)
    client.force_login(editor)
    response = client.post(
        reverse("admin:content_claim_changelist"),
        {"action": "publish", "_selected_action": [ready.pk, unready.pk]},
        follow=True,
    )
    assert "Published 1." in response.text
    assert "needs at least one approved true statement" in response.text
    ready.refresh_from_db()
    unready.refresh_from_db()
    assert ready.is_published and not unready.is_published


def test_a_section_needs_two_published_claims(client, editor):
    section = SectionFactory(is_published=False)
    complete_claim(section=section)
    client.force_login(editor)
    response = client.post(
        reverse("admin:content_section_changelist"),
        {"action": "publish", "_selected_action": [section.pk]},
        follow=True,
    )
    assert "only 1 published claim; matching quizzes need at least 2" in response.text
    section.refresh_from_db()
    assert not section.is_published


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


def test_claims_can_be_reordered_inline(client, editor):
    section = SectionFactory()
    first = complete_claim(section=section, position=1)
    second = complete_claim(section=section, position=2)
    client.force_login(editor)
    data = section_form_data(section, [(first, 2, {}), (second, 1, {})])
    response = client.post(reverse("admin:content_section_change", args=[section.pk]), data)
    assert response.status_code == 302
    assert list(section.claims.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_two_claims_may_not_share_a_position(client, editor):
    section = SectionFactory()
    first, second = complete_claim(section=section, position=1), complete_claim(section=section, position=2)
    client.force_login(editor)
    data = section_form_data(section, [(first, 1, {}), (second, 1, {})])
    response = client.post(reverse("admin:content_section_change", args=[section.pk]), data)
    assert response.status_code == 200
    assert "cannot share position 1" in response.text


def test_changelist_columns_search_and_filters(client, editor, django_assert_max_num_queries):
    section = SectionFactory()
    for _ in range(5):
        complete_claim(section=section)
    needs = ClaimFactory(section=section, text="A claim still waiting for its true statement")
    StatementFactory(claim=needs, is_true=False, text="Unique false sentence about submarines.")
    client.force_login(editor)
    url = reverse("admin:content_claim_changelist")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "needs a true statement" in response.text
    assert "Last edited" in response.text
    found = client.get(url, {"q": "submarines"})
    assert list(found.context["cl"].result_list) == [needs]
    filtered = client.get(url, {"review": "no-true"})
    assert list(filtered.context["cl"].result_list) == [needs]
    by_section = client.get(url, {"section__id__exact": section.pk, "is_published__exact": "1"})
    assert len(by_section.context["cl"].result_list) == 6


def test_changelists_shorten_long_claims_and_keep_the_whole_text_in_the_tooltip(client, editor):
    from tests.factories import ReferenceFactory

    long_text = "NATO has " + "repeatedly and at length " * 8 + "promised not to enlarge."
    reference = ReferenceFactory(claim=ClaimFactory(text=long_text), anchor_text="(read the full declaration here)")
    client.force_login(editor)
    claims = client.get(reverse("admin:content_claim_changelist")).text
    assert f'<span title="{long_text}">{long_text[:89].rstrip()}…</span>' in claims
    references = client.get(reverse("admin:content_reference_changelist")).text
    assert f'<span title="{long_text}">' in references and "(read the full declaration here)" in references
    assert reference.title in references


def test_references_without_url_are_listed_for_editors(client, editor, empty):
    from tests.factories import ReferenceFactory

    missing = ReferenceFactory(url="")
    ReferenceFactory(url="https://example.org/x")
    client.force_login(editor)
    response = client.get(reverse("admin:content_reference_changelist"), {"url": "missing"})
    assert list(response.context["cl"].result_list) == [missing]
    claims = client.get(reverse("admin:content_claim_changelist"), {"review": "references"})
    assert list(claims.context["cl"].result_list) == [missing.claim]


def test_editor_cannot_reach_users_or_groups(client, editor):
    client.force_login(editor)
    refused = client.get(reverse("admin:auth_user_changelist"))
    assert refused.status_code == 403
    assert "You cannot open this page" in refused.text
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    index = client.get(reverse("admin:index"))
    assert "Claims" in index.text and "Users" not in index.text


def test_learner_gets_no_admin(client, learner):
    client.force_login(learner)
    response = client.get(reverse("admin:content_claim_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_section_list_counts_claims(client, editor, empty):
    section = SectionFactory(title="Promises and pledges")
    complete_claim(section=section)
    ClaimFactory(section=section, is_published=False)
    client.force_login(editor)
    response = client.get(reverse("admin:content_section_changelist"))
    assert "2 (1)" in response.text
    assert Section.objects.count() == 1 and Claim.objects.count() == 2


def section_form_data(section, rows):
    data = {
        "document": section.document_id,
        "title": section.title,
        "slug": section.slug,
        "position": section.position,
        "intro": "",
        "claims-TOTAL_FORMS": len(rows),
        "claims-INITIAL_FORMS": len(rows),
        "claims-MIN_NUM_FORMS": 0,
        "claims-MAX_NUM_FORMS": 1000,
    }
    if section.is_published:
        data["is_published"] = "on"
    for i, (claim, position, extra) in enumerate(rows):
        data.update(
            {
                f"claims-{i}-id": claim.pk,
                f"claims-{i}-section": section.pk,
                f"claims-{i}-position": position,
                f"claims-{i}-text": claim.text,
                f"claims-{i}-slug": claim.slug,
            }
        )
        if claim.is_published:
            data[f"claims-{i}-is_published"] = "on"
        data.update({f"claims-{i}-{k}": v for k, v in extra.items()})
    return data


def test_section_inline_cannot_publish_an_unready_claim(client, editor):
    section = SectionFactory(is_published=False)
    unready = ClaimFactory(section=section, is_published=False, position=1)
    client.force_login(editor)
    data = section_form_data(section, [(unready, 1, {"is_published": "on"})])
    response = client.post(reverse("admin:content_section_change", args=[section.pk]), data)
    assert response.status_code == 200
    assert "cannot be published" in response.text
    unready.refresh_from_db()
    assert not unready.is_published


def test_moving_and_deleting_claims_in_one_save(client, editor):
    section = SectionFactory(is_published=False)
    first, second, third = (complete_claim(section=section, position=n) for n in (1, 2, 3))
    client.force_login(editor)
    data = section_form_data(section, [(first, 3, {}), (second, 2, {}), (third, 1, {"DELETE": "on"})])
    response = client.post(reverse("admin:content_section_change", args=[section.pk]), data)
    assert response.status_code == 302
    assert dict(section.claims.values_list("pk", "position")) == {first.pk: 3, second.pk: 2}


def test_unpublish_action_keeps_sections_matchable(client, editor):
    section = SectionFactory()
    first = complete_claim(section=section)
    complete_claim(section=section)
    client.force_login(editor)
    response = client.post(
        reverse("admin:content_claim_changelist"),
        {"action": "unpublish", "_selected_action": [first.pk]},
        follow=True,
    )
    assert "Nothing unpublished" in response.text
    first.refresh_from_db()
    assert first.is_published


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
