"""The content version changes with every change to content and quizzes, and the kept catalogue follows it."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import versions
from content.models import Claim, ClaimTechnique, Section, Statement, TechniqueFamily
from quiz import catalogue, services
from quiz.models import Attempt, Quiz
from tests.factories import RebuttalFactory

pytestmark = pytest.mark.django_db


def test_every_kind_of_write_gives_a_new_token(seeded):
    section = Section.objects.first()
    seen = {versions.current()}

    def changed() -> bool:
        token = versions.current()
        fresh = token not in seen
        seen.add(token)
        return fresh

    section.title = "Renamed"
    section.save()
    assert changed(), "a save"
    assert Statement.objects.filter(claim__section=section).update(is_approved=False) and changed(), "an update"
    assert not Statement.objects.filter(pk=-1).update(is_approved=True) and not changed(), "an update of no row"
    ClaimTechnique.objects.filter(claim__section=section).delete()
    assert changed(), "a delete"
    TechniqueFamily.objects.bulk_create([TechniqueFamily(name="Made in bulk", slug="made-in-bulk", position=99)])
    assert changed(), "a bulk create"
    Quiz.objects.filter(section=section).update(item_count=5)
    assert changed(), "a quiz's settings"
    assert versions.current() == versions.current(), "reading changes nothing"


def test_a_rolled_back_change_leaves_the_token_as_it_was(seeded):
    before = versions.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Section.objects.update(title="Rolled back")
        assert versions.current() != before
        raise RuntimeError
    assert versions.current() == before


def test_every_model_connected_must_version_its_bulk_writes():
    from quiz.models import Cohort

    with pytest.raises(TypeError, match="VersionedQuerySet"):
        versions.connect(Cohort)


def test_the_catalogue_is_read_once_per_version(seeded):
    catalogue.catalogue()
    with CaptureQueriesContext(connection) as kept:
        known = catalogue.catalogue()
    assert len(kept) == 1, "only the token is asked for"
    Section.objects.filter(pk=known.sections[0].pk).update(is_published=False)
    with CaptureQueriesContext(connection) as read_again:
        fresh = catalogue.catalogue()
    assert len(read_again) > 1 and fresh is not known
    assert known.sections[0].pk not in {s.pk for s in fresh.sections}


def test_a_learner_sees_an_edit_at_once(client, learner, seeded):
    client.force_login(learner)
    section = Section.objects.published().order_by("position").first()
    assert section.title in client.get(reverse("quiz:home")).text
    section.title = "A title the editor just gave it"
    section.save()
    assert "A title the editor just gave it" in client.get(reverse("quiz:home")).text
    Section.objects.filter(pk=section.pk).update(is_published=False)
    assert "A title the editor just gave it" not in client.get(reverse("quiz:home")).text


def test_a_new_quiz_setting_is_used_by_the_next_start(client, learner, seeded):
    client.force_login(learner)
    quiz = Quiz.objects.filter(section__is_published=True, kind=Quiz.Kind.TRUE_FALSE).order_by("pk").first()
    client.post(reverse("quiz:attempt-start", args=[quiz.pk]))
    first = Attempt.objects.get(learner=learner, quiz=quiz)
    services.attempt_finish(attempt=first)
    quiz.item_count = 3
    quiz.save()
    client.post(reverse("quiz:attempt-start", args=[quiz.pk]))
    assert Attempt.objects.filter(learner=learner, quiz=quiz).exclude(pk=first.pk).get().items.count() == 3


def test_a_claim_published_later_joins_the_pool(seeded):
    section = Section.objects.published().order_by("position").first()
    quiz = Quiz.objects.get(section=section, kind=Quiz.Kind.MATCHING)
    before = catalogue.catalogue().pool(quiz)
    claim = RebuttalFactory(claim__section=section, claim__position=999).claim
    after = catalogue.catalogue().pool(catalogue.catalogue().listed[quiz.pk])
    assert claim.pk in {c.claim_id for c in after.candidates} - {c.claim_id for c in before.candidates}
    assert Claim.objects.filter(pk=claim.pk).exists()
