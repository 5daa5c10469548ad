"""The item tallies (quiz/teaching/tallies.py) against a full recount of the answers, after every kind of change.

Seeded random sequences of what changes what the report counts — finishing (in and out of time order),
practice, leaving, rejoining, removal by the instructor, an edited joined_at, a deleted account, a deleted
attempt, a deleted statement or claim, guest attempts adopted, a cohort deleted — and after every step the
tallies must equal the recount (`tallies.recount_sql` over the answers, which the rebuild uses too), and the
gradebook's standings their oracle (test_standings.py). The recount itself is checked against a count one
answer at a time in test_items_recount.py.
"""

import importlib
import io
import random
import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.deletion import account_delete
from accounts.models import Guest
from content.models import Claim, Statement
from quiz import services
from quiz.guests import guest_adopt
from quiz.models import Attempt, Membership, Quiz
from quiz.teaching import items, tallies
from quiz.teaching.cohorts import cohort_leave, cohort_remove_learner
from tests.factories import (
    AttemptFactory,
    CohortFactory,
    LearnerFactory,
    SectionFactory,
    complete_claim,
    quiz_with_claims,
)
from tests.teaching.test_items_recount import take

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def stored() -> dict:
    """Every tally row, as the recount gives them: {model: {group: [n, *maxed]}}."""
    found = {}
    for model in tallies.TALLIES:
        keys, columns = tallies.key_columns(model), tallies._columns(model)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {model._meta.db_table}")
            found[model] = {tuple(row[: len(keys)]): [row[-1], *row[len(keys) : -1]] for row in cursor.fetchall()}
    return found


def assert_recounted(step: str = ""):
    expected = tallies._counted("", [])
    got = stored()
    for model in tallies.TALLIES:
        assert got[model] == expected[model], (step, model.__name__)
    from tests.teaching.test_standings import assert_standings  # that module imports this one

    assert_standings(step)  # the same receivers keep the gradebook's standings


class World:
    """Two quizzes (true/false asking how sure, and matching with a decoy), two cohorts, learners moving about."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.true_false = quiz_with_claims(3, item_count=4, asks_certainty=True)
        self.matching = quiz_with_claims(5, kind=Quiz.Kind.MATCHING, item_count=3, matching_set_size=3)
        complete_claim(section=SectionFactory(document=self.matching.section.document))  # the decoy
        self.learners = [LearnerFactory() for _ in range(6)]
        self.cohorts = [CohortFactory(members=self.learners[:4]), CohortFactory(members=self.learners[2:])]

    def when(self):
        return NOW - timedelta(days=self.rng.randint(0, 40), minutes=self.rng.randint(0, 600))

    def learner(self):
        return self.rng.choice([u for u in self.learners if get_user_model().objects.filter(pk=u.pk).exists()])

    def membership(self):
        return Membership.objects.filter(learner__in=self.learners).order_by("?").first()

    # --- The steps --------------------------------------------------------------------------------

    def finish(self):
        take(self.learner(), self.rng.choice([self.true_false, self.matching]), self.rng, when=self.when())

    def practice(self):
        AttemptFactory(quiz=self.true_false, learner=self.learner(), is_practice=True, started_at=self.when())

    def made_finished(self):  # an attempt saved finished, without items (as imports and factories do)
        AttemptFactory(quiz=self.true_false, learner=self.learner(), percent=75, started_at=self.when())

    def leave(self):
        if membership := self.membership():
            cohort_leave(learner=membership.learner, cohort_id=membership.cohort_id)

    def remove(self):
        if membership := self.membership():
            cohort_remove_learner(cohort=membership.cohort, learner_id=membership.learner_id)

    def rejoin(self):
        learner, cohort = self.learner(), self.rng.choice(self.cohorts)
        if not Membership.objects.filter(learner=learner, cohort=cohort).exists():
            Membership.objects.create(learner=learner, cohort=cohort, joined_at=self.when())

    def edit_joined_at(self):
        if membership := self.membership():
            membership.joined_at = self.when()
            membership.save()

    def delete_attempt(self):
        if attempt := Attempt.objects.filter(learner__in=self.learners).order_by("?").first():
            attempt.delete()

    def delete_account(self):
        learner = self.learner()
        if len(self.learners) > 3:
            account_delete(user=learner)
            self.learners.remove(learner)
            self.learners.append(LearnerFactory())

    def delete_statement(self):  # while the quiz can still be made
        statements = Statement.objects.filter(claim__section=self.true_false.section)
        if statements.count() > 4:
            statements.order_by("?").first().delete()

    def delete_claim(self):
        claims = Claim.objects.filter(section=self.matching.section)
        if claims.count() > 3:
            claims.order_by("?").first().delete()

    def adopt_guest(self):
        guest = get_user_model().objects.create(username=f"guest-{self.rng.random()}", is_active=False)
        Guest.objects.create(user=guest)
        take(guest, self.true_false, self.rng, when=self.when())
        guest_adopt(guest_id=guest.pk, user=self.learner())

    STEPS = {
        "finish": 8,
        "practice": 1,
        "made_finished": 1,
        "leave": 1,
        "remove": 1,
        "rejoin": 2,
        "edit_joined_at": 2,
        "delete_attempt": 1,
        "delete_account": 1,
        "delete_statement": 1,
        "delete_claim": 1,
        "adopt_guest": 1,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_tallies_equal_a_recount_after_every_step(seed):
    world = World(seed)
    for _ in range(6):  # some history first, so that every kind of change has something to change
        world.finish()
    assert_recounted("history")
    assert any(stored().values())
    names = list(World.STEPS)
    for step in world.rng.choices(names, weights=list(World.STEPS.values()), k=30):
        getattr(world, step)()
        assert_recounted(step)
    world.cohorts[0].delete()
    assert_recounted("cohort deleted")


def test_each_kind_of_change_at_least_once():
    world = World(4)
    for _ in range(8):
        world.finish()
    for step in World.STEPS:
        getattr(world, step)()
        assert_recounted(step)
    account_delete(user=world.cohorts[1].instructor)  # the cohort goes with its instructor's account
    assert_recounted("instructor's account deleted")
    assert not tallies.ItemTally.objects.filter(cohort=world.cohorts[1]).exists()


def test_an_attempt_finishing_before_an_earlier_one_becomes_the_first():
    """Its time ran out before a later attempt finished: it displaces that one from "first"."""
    world = World(5)
    learner = world.learners[2]  # in both cohorts
    take(learner, world.true_false, world.rng, when=NOW - timedelta(days=2))
    take(learner, world.true_false, world.rng, when=NOW - timedelta(days=5))
    assert_recounted()
    first = Attempt.objects.filter(learner=learner).order_by("finished_at").first()
    for cohort in world.cohorts:
        summary = items.quiz_summary(cohort=cohort, quiz=world.true_false, first_only=True)
        assert summary.attempts == 1 and summary.mean == first.percent


def test_rebuilding_and_the_migration_give_the_same_tallies():
    world = World(6)
    for _ in range(10):
        world.finish()
    world.delete_statement()
    expected = stored()
    for model in tallies.TALLIES:
        model.objects.all().delete()
    call_command("rebuild_item_tallies", stdout=io.StringIO())
    assert stored() == expected
    for model in tallies.TALLIES:
        model.objects.all().delete()
    migration = importlib.import_module("quiz.migrations.0020_item_tallies")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert stored() == expected


def test_the_report_reads_the_same_number_of_queries_whatever_the_answers(django_assert_num_queries):
    world = World(7)
    cohort = world.cohorts[1]
    for rounds in (1, 4):
        for _ in range(rounds):
            for learner in world.learners[2:]:
                take(learner, world.true_false, world.rng, when=world.when())
        for first_only in (False, True):
            with django_assert_num_queries(2):  # the tallies, then the items' wording
                report = items.item_report(cohort=cohort, quiz=world.true_false, first_only=first_only)
            assert report.summary.attempts


def test_finishing_takes_the_same_queries_whatever_the_history():
    """The finish path is incremental: it counts the attempt's own groups, never the cohort's answers again."""
    world = World(8)
    learner = world.learners[2]  # in both cohorts

    def finish_queries() -> int:
        attempt, _ = services.attempt_start(learner=learner, quiz=world.true_false, now=NOW)
        with CaptureQueriesContext(connection) as queries:
            services.attempt_finish(attempt=attempt, now=NOW + timedelta(minutes=1))
        return len(queries)

    first = finish_queries()
    for _ in range(12):
        world.finish()
    assert finish_queries() == first
    assert_recounted()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one write transaction at a time")
def test_concurrent_finishes_lose_no_count():
    """Learners finishing at the same moment add to the same groups: each count lands (ON CONFLICT … n + excluded.n)."""
    world = World(9)
    started = [services.attempt_start(learner=u, quiz=world.true_false, now=NOW)[0] for u in world.learners]
    barrier = threading.Barrier(len(started))

    def finish(attempt):
        try:
            barrier.wait()
            services.attempt_finish(attempt=attempt, now=NOW + timedelta(minutes=1))
        finally:
            connection.close()

    threads = [threading.Thread(target=finish, args=(attempt,)) for attempt in started]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Attempt.objects.filter(finished_at__isnull=False).count() == len(started)
    assert_recounted("concurrent finishes")


def test_a_deletion_in_another_thread_keeps_the_tallies(django_user_model):
    """Servers answer requests in threads: the deletion state is per thread and set up in each."""
    import threading

    found = []
    thread = threading.Thread(target=lambda: found.append(tallies._starting(object()).before))
    thread.start()
    thread.join()
    assert found == [{}]
