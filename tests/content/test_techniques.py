"""Techniques as content: the library's techniques page, each claim's techniques, the admin, imports and export."""

import json

import pytest
from django.urls import reverse

from content.models import Claim, ClaimTechnique, Technique
from content.services import document_import
from content.transfer import ContentFileError, content_export
from content.transfer_import import content_import

pytestmark = pytest.mark.django_db


def test_the_techniques_page_cites_each_family_and_lists_cues_examples_and_claims(client, seeded):
    page = client.get(reverse("content:techniques"))
    assert page.status_code == 200
    text = page.text.replace("&#x27;", "'")
    assert "Ben Nimmo" in text and "FLICC" in text  # each family's origin
    distort = Technique.objects.get(slug="distort")
    assert f'id="{distort.slug}"' in text and distort.definition.replace("’", "’") in text.replace("&quot;", '"')
    assert distort.cue_list[0] in text
    tagged = ClaimTechnique.objects.filter(technique=distort, role="primary").select_related("claim").first()
    assert tagged.claim.get_absolute_url() in text


def test_a_claim_page_shows_its_techniques_with_their_rationales(client, seeded):
    tag = ClaimTechnique.objects.filter(role="primary").select_related("claim__section__document", "technique").first()
    text = client.get(tag.claim.get_absolute_url()).text
    assert "How the claim manipulates" in text and tag.technique.name in text
    assert f"#{tag.technique.slug}" in text


def test_the_admin_flags_a_claim_without_a_primary_technique(client, editor, seeded):
    claim = Claim.objects.first()
    claim.technique_tags.filter(role="primary").delete()
    client.force_login(editor)
    listing = client.get(reverse("admin:content_claim_changelist"), {"technique": "missing"}).text
    assert "Missing: no primary technique" in listing and listing.count("Missing: no primary technique") == 1


def test_the_admin_refuses_two_primary_techniques_for_one_claim(client, editor, seeded):
    from tests.content.test_admin import claim_form_data

    claim = Claim.objects.select_related("rebuttal").first()
    other = Technique.objects.exclude(pk__in=claim.technique_tags.values("technique")).first()
    data = claim_form_data(claim)
    n = data["technique_tags-TOTAL_FORMS"]
    data.update(
        {
            "technique_tags-TOTAL_FORMS": n + 1,
            f"technique_tags-{n}-claim": claim.pk,
            f"technique_tags-{n}-technique": other.pk,
            f"technique_tags-{n}-role": "primary",
            f"technique_tags-{n}-rationale": "A second primary.",
        }
    )
    client.force_login(editor)
    response = client.post(reverse("admin:content_claim_change", args=[claim.pk]), data)
    assert response.status_code == 200 and "A claim has one primary technique" in response.text
    assert claim.technique_tags.count() == n


def test_re_importing_the_document_keeps_every_tag(seeded, seed_text_path):
    before = sorted(ClaimTechnique.objects.values_list("claim_id", "technique_id", "role", "rationale"))
    document_import(path=seed_text_path, slug="nato-russia-relations-the-facts")
    assert sorted(ClaimTechnique.objects.values_list("claim_id", "technique_id", "role", "rationale")) == before


def test_an_export_with_an_unknown_technique_changes_nothing(seeded):
    data = json.loads(content_export())
    claim_entry = data["documents"][0]["sections"][0]["claims"][0]
    claim_entry["techniques"][0]["technique"] = "no-such-technique"
    claim_entry["text"] = "Changed, but never saved"
    before = content_export()
    with pytest.raises(ContentFileError, match=r"claims\[0\]\.techniques\[0\]: no technique with the slug"):
        content_import(json.dumps(data))
    assert content_export() == before


def test_moving_a_claims_primary_to_another_technique_through_the_export(seeded):
    data = json.loads(content_export())
    entry = data["documents"][0]["sections"][0]["claims"][0]
    old = entry["techniques"][0]["technique"]
    new = next(
        t["slug"]
        for f in data["technique_families"]
        for t in f["techniques"]
        if t["slug"] != old and t["slug"] not in {tag["technique"] for tag in entry["techniques"]}
    )
    entry["techniques"][0]["technique"] = new
    content_import(json.dumps(data))
    claim = Claim.objects.get(slug=entry["slug"], section__slug=data["documents"][0]["sections"][0]["slug"])
    assert claim.technique_tags.get(role="primary").technique.slug == new
    assert not claim.technique_tags.filter(technique__slug=old).exists()


def test_a_technique_learners_have_answered_cannot_be_deleted_and_the_admin_says_why_in_counts(
    client, editor, seeded, learner
):
    from django.db.models import ProtectedError

    from quiz.models import AttemptItem, Quiz
    from tests.helpers import take

    take(Quiz.objects.published().filter(kind=Quiz.Kind.TECHNIQUE).first(), learner)
    answered = AttemptItem.objects.filter(technique__isnull=False, answered_at__isnull=False).first()
    technique = answered.technique
    ClaimTechnique.objects.filter(technique=technique).delete()  # tags and examples protect it too: gone here
    technique.examples.all().delete()
    before = list(AttemptItem.objects.filter(technique=technique).values_list("pk", flat=True))
    with pytest.raises(ProtectedError):
        technique.delete()

    client.force_login(editor)
    url = reverse("admin:content_technique_delete", args=[technique.pk])
    page = client.get(url)
    assert page.status_code == 200 and "protected related objects" in page.text
    held_out = technique.held_out_items.count()  # the pre- and post-tests' items protect it too
    assert f"{len(before)} attempt item" in page.text  # counted, not listed one by one
    assert not held_out or f"{held_out} held-out test item" in page.text
    assert f"{answered}" not in page.text
    assert client.post(url, {"post": "yes"}).status_code == 200  # the same page again: nothing deleted
    assert Technique.objects.filter(pk=technique.pk).exists()
    assert list(AttemptItem.objects.filter(technique=technique).values_list("pk", flat=True)) == before


def test_a_technique_nothing_uses_is_deleted_after_the_usual_confirmation(client, editor, seeded):
    technique = Technique.objects.create(
        family=Technique.objects.first().family,
        name="Unused technique",
        slug="unused-technique",
        definition="A technique no claim uses.",
        cues="None.",
        example="None.",
        position=99,
    )
    client.force_login(editor)
    url = reverse("admin:content_technique_delete", args=[technique.pk])
    assert "Are you sure" in client.get(url).text
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Technique.objects.filter(pk=technique.pk).exists()
