"""Site pages: home, library, sign-in; each as a full page and as an htmx request, within a query budget."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_home_for_visitors_invites_to_sign_in(client, seeded, headers):
    response = client.get(reverse("quiz:home"), **headers)
    assert response.status_code == 200
    assert "Create an account" in response.text and "Sign in" in response.text
    assert "NATO-Russia relations: the facts" in response.text  # attribution
    assert "2014" in response.text


def test_home_lists_published_sections_for_learners(client, seeded, learner, django_assert_max_num_queries):
    client.force_login(learner)
    client.get(reverse("quiz:home"))  # the catalogue read once, then kept (quiz/catalogue.py)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("quiz:home"))
    assert response.status_code == 200
    assert "NATO bases and infrastructure" in response.text
    assert "Edit content" not in response.text


def test_home_points_editors_to_the_admin(client, seeded, editor):
    client.force_login(editor)
    assert "editors’ admin" in client.get(reverse("quiz:home")).text


def test_home_empty_state(client, learner, empty):
    client.force_login(learner)
    assert "No sections are published yet" in client.get(reverse("quiz:home")).text


def test_library_is_public_and_the_learner_pages_are_not(client, seeded):
    assert client.get(reverse("content:library")).status_code == 200
    for name in ("reviews:review", "quiz:join", "account"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_library_lists_every_claim_in_constant_queries(client, seeded, learner, headers, django_assert_max_num_queries):
    client.force_login(learner)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("content:library"), **headers)
    assert response.status_code == 200
    assert response.text.count('href="/library/') >= 26 + 6


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_section_page_lists_its_claims(client, seeded, learner, headers, django_assert_max_num_queries):
    from content.models import Section

    section = Section.objects.get(title="NATO bases and infrastructure")
    client.force_login(learner)
    with django_assert_max_num_queries(8):
        response = client.get(section.get_absolute_url(), **headers)
    assert response.status_code == 200
    assert "NATO intends to set up a military base in Georgia" in response.text


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_claim_page_shows_the_full_rebuttal_and_sources(
    client, seeded, learner, headers, django_assert_max_num_queries
):
    from content.models import Claim

    claim = Claim.objects.get(text="NATO has a Cold War mentality")
    client.force_login(learner)
    with django_assert_max_num_queries(8):
        response = client.get(claim.get_absolute_url(), **headers)
    assert response.status_code == 200
    assert "This is NATO&#x27;s official policy" in response.text
    assert "Wales Summit Declaration" in response.text
    assert "link not yet available" in response.text


def test_unpublished_content_is_not_found(client, seeded, learner):
    from content.models import Claim, Section

    section = Section.objects.first()
    claim = section.claims.first()
    Section.objects.filter(pk=section.pk).update(is_published=False)
    client.force_login(learner)
    assert client.get(section.get_absolute_url()).status_code == 404
    assert client.get(claim.get_absolute_url()).status_code == 404
    Claim.objects.update(is_published=False)
    assert client.get(reverse("content:library")).status_code == 200


def test_sign_in_errors_are_summarised(client, learner):
    response = client.post(reverse("login"), {"username": "lena", "password": "wrong"})
    assert response.status_code == 200
    assert "<title>Error: Sign in" in response.text
    assert "There is a problem" in response.text


def test_sign_in_and_out(client, learner):
    response = client.post(reverse("login"), {"username": "lena", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("account")).status_code == 302


def test_health_is_plain_and_public(client):
    response = client.get(reverse("quiz:health"))
    assert response.status_code == 200 and response.text == "ok"


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("quiz:home"))["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy


def test_stable_claim_link_redirects_to_the_claim_page(client, seeded, learner):
    from content.models import Claim

    claim = Claim.objects.select_related("section__document").first()
    client.force_login(learner)
    response = client.get(reverse("content:claim-by-id", args=[claim.pk]))
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    claim.is_published = False
    claim.save(update_fields=["is_published"])
    # Withdrawn after learners met it: the link still answers, and says so, without the rebuttal.
    withdrawn = client.get(reverse("content:claim-by-id", args=[claim.pk]))
    assert withdrawn.status_code == 200 and "withdrawn this claim" in withdrawn.text
    assert claim.rebuttal.paragraphs[0] not in withdrawn.text
    client.logout()
    assert client.get(reverse("content:claim-by-id", args=[claim.pk])).status_code == 200


def test_stable_claim_link_of_a_draft_never_published_is_not_found(client, seeded):
    from tests.factories import ClaimFactory

    draft = ClaimFactory(is_published=False)
    response = client.get(reverse("content:claim-by-id", args=[draft.pk]))
    assert response.status_code == 404 and draft.text not in response.text


def test_favicon_for_every_page_the_admin_included(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
