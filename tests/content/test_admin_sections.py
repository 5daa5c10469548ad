"""A section's admin page: its claims inline, reordered, moved, deleted and published under the section's checks."""

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, SectionFactory, complete_claim

pytestmark = pytest.mark.django_db


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
