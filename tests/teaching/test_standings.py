"""The gradebook's standings (quiz/teaching/standings.py) against the attempts, counted one by one in Python.

The oracle here reads every membership and attempt and works out each member's first, latest and best attempt
at each quiz the way the gradebook defines them; after every kind of change (the item tallies' seeded random
steps, which the tallies' own test also checks standings after) the stored rows must equal it.
"""

import importlib
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from quiz.models import Attempt, Membership
from quiz.teaching import gradebook, standings
from quiz.teaching.models import Standing, StandingSum
from tests.factories import AttemptFactory, CohortFactory, LearnerFactory, quiz_with_claims
from tests.teaching.test_tallies import NOW, World, take

pytestmark = pytest.mark.django_db

FIELDS = [name.removesuffix("_id") for name in standings.COLUMNS]


def expected() -> dict:
    """{(membership, quiz): {column: value}} from the attempts, one at a time."""
    rows = {}
    attempts = list(Attempt.objects.filter(quiz__isnull=False, finished_at__isnull=False, is_practice=False))
    for membership in Membership.objects.all():
        mine = [a for a in attempts if a.learner_id == membership.learner_id and a.started_at >= membership.joined_at]
        for quiz_id in {a.quiz_id for a in mine}:
            taken = sorted((a for a in mine if a.quiz_id == quiz_id), key=lambda a: (a.finished_at, a.pk))
            first, latest = taken[0], taken[-1]
            best = max(
                taken,
                key=lambda a: (
                    -1 if a.percent is None else a.percent,
                    -1_000 if a.discernment is None else a.discernment,
                    a.finished_at,
                    a.pk,
                ),
            )
            discerned = [a for a in taken if a.discernment is not None]
            rows[membership.pk, quiz_id] = {
                "attempts": len(taken),
                "passed": any(a.passed for a in taken),
                "first_percent": first.percent,
                "first_passed": first.passed,
                "first_discernment": first.discernment,
                "latest_percent": latest.percent,
                "latest_passed": latest.passed,
                "latest_discernment": latest.discernment,
                "best_percent": best.percent,
                "best_discernment": best.discernment,
                "discernment_sum": sum(a.discernment for a in discerned),
                "bias_sum": sum(a.bias for a in discerned),
                "discerned": len(discerned),
            }
    return rows


def stored() -> dict:
    return {
        (row.pop("membership"), row.pop("quiz")): row
        for row in Standing.objects.values(*FIELDS)  # values() names FKs without _id
    }


def expected_sums(rows: dict) -> dict:
    """{(cohort, quiz): sums} from the expected standings: what the gradebook's footer reads."""
    cohorts = dict(Membership.objects.values_list("pk", "cohort_id"))
    sums = {}
    for (membership, quiz), row in rows.items():
        total = sums.setdefault((cohorts[membership], quiz), dict.fromkeys(standings.SUMS, 0))
        total["learners"] += 1
        for method in ("first", "latest", "best"):
            if row[f"{method}_percent"] is not None:
                total[f"{method}_sum"] += row[f"{method}_percent"]
                total[f"{method}_count"] += 1
    return sums


def stored_sums() -> dict:
    rows = {
        (row.pop("cohort"), row.pop("quiz")): row
        for row in StandingSum.objects.values("cohort", "quiz", *standings.SUMS)
    }
    emptied = {key: row for key, row in rows.items() if not row["learners"]}
    assert all(not any(row.values()) for row in emptied.values()), emptied  # a quiz nobody holds any more adds to 0
    return {key: row for key, row in rows.items() if key not in emptied}


def assert_standings(step: str = "") -> None:
    rows = expected()
    assert stored() == rows, step
    assert stored_sums() == expected_sums(rows), step


@pytest.mark.parametrize("seed", [11, 12])
def test_the_standings_equal_the_attempts_after_every_step(seed):
    world = World(seed)
    for _ in range(6):
        world.finish()
    assert_standings("history")
    assert Standing.objects.exists()
    for step in world.rng.choices(list(World.STEPS), weights=list(World.STEPS.values()), k=30):
        getattr(world, step)()
        assert_standings(step)
    world.cohorts[0].delete()
    assert_standings("cohort deleted")
    assert not Standing.objects.filter(membership__cohort=world.cohorts[0].pk).exists()


def test_the_best_attempt_is_the_highest_score_then_discernment_then_the_latest():
    quiz = quiz_with_claims(3, item_count=4)
    learner = LearnerFactory()
    cohort = CohortFactory(members=[learner])
    Membership.objects.filter(learner=learner).update(joined_at=NOW - timedelta(days=30))
    standings.recount([learner.pk])  # a queryset update sends no signal
    made = {}
    for name, days, percent, discernment, passed in [
        ("first", 9, 75, 20, True),
        ("sharper", 7, 75, 60, False),
        ("tied later", 5, 75, 60, False),
        ("latest", 3, 50, 0, False),
    ]:
        made[name] = AttemptFactory(
            quiz=quiz,
            learner=learner,
            percent=percent,
            discernment=discernment,
            bias=10,
            passed=passed,
            started_at=NOW - timedelta(days=days),
            finished_at=NOW - timedelta(days=days) + timedelta(minutes=5),
        )
    assert_standings()
    rows = {
        method: gradebook.gradebook_rows(cohort=cohort, learners=[learner], quizzes=[quiz], method=method)[0]
        for method in gradebook.PICKS
    }
    cells = {method: row.cells[0] for method, row in rows.items()}
    assert (cells["first"].score, cells["first"].passed, cells["first"].discernment) == (75, True, 20)
    assert (cells["latest"].score, cells["latest"].passed, cells["latest"].discernment) == (50, False, 0)
    assert (cells["highest"].score, cells["highest"].passed, cells["highest"].discernment) == (75, True, 60)
    assert {cell.attempts for cell in cells.values()} == {4}
    assert {(row.discernment, row.bias) for row in rows.values()} == {(35, 10)}


def test_attempts_before_joining_never_count():
    quiz = quiz_with_claims(3, item_count=4)
    learner = LearnerFactory()
    AttemptFactory(quiz=quiz, learner=learner, percent=100, started_at=NOW - timedelta(days=3))
    cohort = CohortFactory()
    Membership.objects.create(cohort=cohort, learner=learner, joined_at=NOW)
    assert not Standing.objects.exists()
    AttemptFactory(quiz=quiz, learner=learner, percent=25, started_at=NOW + timedelta(minutes=1))
    (row,) = Standing.objects.filter(membership__cohort=cohort)
    assert (row.attempts, row.best_percent) == (1, 25)


def test_rebuilding_and_the_migration_give_the_same_standings():
    world = World(13)
    for _ in range(10):
        world.finish()
    before, sums = stored(), stored_sums()
    assert before == expected()
    assert sums == expected_sums(before) and sums
    Standing.objects.all().delete()
    StandingSum.objects.update(learners=7)  # a rebuild starts the sums afresh, whatever they held
    call_command("rebuild_item_tallies", stdout=io.StringIO())
    assert (stored(), stored_sums()) == (before, sums)
    Standing.objects.all().delete()
    StandingSum.objects.all().delete()
    standings.rebuild([world.true_false.pk])
    assert {key[1] for key in stored()} == {key[1] for key in stored_sums()} == {world.true_false.pk}
    Standing.objects.all().delete()
    StandingSum.objects.all().delete()
    migration = importlib.import_module("quiz.migrations.0022_standing")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert stored() == before
    importlib.import_module("quiz.migrations.0023_standing_sums").fill(apps, SimpleNamespace(connection=connection))
    assert stored_sums() == sums


def test_the_gradebook_reads_the_same_number_of_queries_whatever_the_history(django_assert_num_queries):
    world = World(14)
    cohort = world.cohorts[1]
    quizzes = [world.true_false, world.matching]
    for rounds in (1, 5):
        for _ in range(rounds):
            for learner in world.learners[2:]:
                take(learner, world.true_false, world.rng, when=world.when())
        with django_assert_num_queries(4):  # the learners, their cells, their discernment, the summary
            learners = gradebook.gradebook_learners(
                cohort=cohort, sort=f"-quiz-{quizzes[0].pk}", method="highest", quiz_ids=[q.pk for q in quizzes]
            )
            rows = gradebook.gradebook_rows(cohort=cohort, learners=learners, quizzes=quizzes, method="highest")
            summary = gradebook.gradebook_summary(cohort=cohort, quiz_ids=[q.pk for q in quizzes], method="latest")
        assert rows and summary[world.true_false.pk].learners


def test_the_footer_follows_a_membership_moved_to_another_cohort():
    quiz = quiz_with_claims(3, item_count=4)
    learner = LearnerFactory()
    old, new = CohortFactory(members=[learner]), CohortFactory()
    for days, percent in [(2, 40), (3, 90)]:
        AttemptFactory(
            quiz=quiz, learner=learner, percent=percent, started_at=NOW + timedelta(days=days),
            finished_at=NOW + timedelta(days=days, minutes=5),
        )  # fmt: skip
    assert gradebook.gradebook_summary(cohort=old, quiz_ids=[quiz.pk], method="first")[quiz.pk].average == 40
    membership = Membership.objects.get(learner=learner)
    membership.cohort = new
    membership.save()
    assert_standings("moved")
    assert gradebook.gradebook_summary(cohort=old, quiz_ids=[quiz.pk], method="highest") == {}
    moved = gradebook.gradebook_summary(cohort=new, quiz_ids=[quiz.pk], method="highest")[quiz.pk]
    assert (moved.learners, moved.average) == (1, 90)


def test_the_footer_is_each_methods_average_over_the_members_who_took_the_quiz():
    world = World(15)
    for _ in range(12):
        world.finish()
    for cohort in world.cohorts:
        for method, (column, *_) in gradebook.PICKS.items():
            summary = gradebook.gradebook_summary(cohort=cohort, quiz_ids=[world.true_false.pk], method=method)
            scores = list(
                Standing.objects.filter(membership__cohort=cohort, quiz=world.true_false).values_list(column, flat=True)
            )
            if not scores:
                assert summary == {}
                continue
            known = [s for s in scores if s is not None]
            assert summary[world.true_false.pk].learners == len(scores)
            assert summary[world.true_false.pk].average == pytest.approx(sum(known) / len(known) if known else None)
