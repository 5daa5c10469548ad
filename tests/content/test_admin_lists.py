"""The admin's lists: columns, search, filters, the publish and unpublish actions; and who may enter the admin."""

import pytest
from django.urls import reverse

from content.models import Claim, Section
from tests.factories import ClaimFactory, RebuttalFactory, SectionFactory, StatementFactory, complete_claim

pytestmark = pytest.mark.django_db


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
