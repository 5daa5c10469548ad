"""The site's header and footer, and each claim's sources in feedback and results, kept per process (`{% cache …
using="fragments" %}`): what varies the key (language, roles, content version) shows at once, and nothing
personal is ever served from it."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from content.models import SourceDocument
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept_fragments(settings):
    """Tests run with the production cache of fragments (local memory), empty at the start."""
    assert settings.CACHES["fragments"]["BACKEND"].endswith("LocMemCache")
    caches["fragments"].clear()
    yield
    caches["fragments"].clear()


def test_each_person_sees_their_own_name_and_token_in_a_kept_header(client):
    first, second = LearnerFactory(username="first-learner"), LearnerFactory(username="second-learner")
    pages = {}
    for learner in (first, second):
        client.force_login(learner)
        pages[learner.username] = client.get(reverse("content:library")).text
    assert "first-learner" in pages["first-learner"] and "first-learner" not in pages["second-learner"]
    assert "second-learner" in pages["second-learner"]
    tokens = [page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0] for page in pages.values()]
    assert tokens[0] != tokens[1]  # each session's own
    assert len(caches["fragments"]._cache) >= 2  # the header and footer were kept, and served the second time


def test_the_header_follows_roles_and_sign_in_and_the_language(client, instructor, learner):
    library = reverse("content:library")
    teach = f'<a href="{reverse("quiz:cohort-list")}">Teach</a>'
    signed_out = client.get(library).text
    assert "Sign in" in signed_out and "Your account" not in signed_out
    client.force_login(instructor)
    assert teach in client.get(library).text
    client.force_login(learner)
    page = client.get(library).text
    assert teach not in page and "Your account" in page
    client.post(reverse("set_language"), {"language": "fr", "next": library})
    assert "Votre compte" in client.get(library).text


def test_the_footer_shows_an_edit_to_the_document_at_once(client, seeded):
    document = SourceDocument.objects.get()
    assert document.title in client.get(reverse("content:library")).text
    document.title = "NATO-Russia relations: the facts (edited)"
    document.save()
    assert "(edited)" in client.get(reverse("content:library")).text.split('<footer class="site-footer">')[1]


def test_a_claims_sources_are_kept_and_show_an_edit_and_the_language_at_once(client, seeded, learner):
    from content.models import Reference
    from quiz.models import Quiz
    from tests.helpers import take

    quiz = Quiz.objects.published().filter(kind=Quiz.Kind.MATCHING, section__claims__references__isnull=False).first()
    attempt = take(quiz, learner)
    client.force_login(learner)
    results = reverse("quiz:attempt-results", args=[attempt.public_id])
    cited = Reference.objects.filter(claim__in=attempt.items.values("claim_id")).order_by("pk").first()
    sources = re.compile(r'<p class="item-sources">.*?</p>', re.S)
    page = client.get(results).text
    assert cited.title in page and "Sources:" in page
    assert any("item-sources" in key for key in caches["fragments"]._cache)
    assert sources.findall(client.get(results).text) == sources.findall(page)  # the same, from the kept ones
    cited.title = "A source retitled by an editor"
    cited.save()  # a new content version: the kept sources of the old one are never read again
    assert "A source retitled by an editor" in client.get(results).text
    client.post(reverse("set_language"), {"language": "fr", "next": results})
    assert "Sources\u202f:" in client.get(results).text or "Sources\xa0:" in client.get(results).text
