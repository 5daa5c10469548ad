"""`manage.py generate_activity`: a large, realistic cohort with finished attempts, for benchmarks and load tests."""

import random
import sys
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.roles import INSTRUCTOR, LEARNER
from content.models import Claim, Statement
from quiz import candidates, generation, scoring
from quiz.generation import Candidate
from quiz.models import Attempt, AttemptItem, Cohort, Membership, Quiz
from quiz.services import frozen_item, frozen_options, percent_of
from quiz.teaching import tallies

BATCH = 2000


class Progress:
    """A one-line progress bar on stderr (redrawn in place when it is a terminal)."""

    def __init__(self, total: int, label: str, stream=sys.stderr):
        self.total, self.label, self.stream = total, label, stream
        self.started = time.monotonic()
        self.shown = -1

    def update(self, done: int) -> None:
        percent = int(100 * done / self.total) if self.total else 100
        if percent == self.shown:
            return
        self.shown = percent
        filled = percent // 4
        elapsed = time.monotonic() - self.started
        line = (
            f"{self.label}: [{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% {done:,}/{self.total:,} {elapsed:.0f}s"
        )
        end = "\r" if self.stream.isatty() else "\n"
        if self.stream.isatty() or percent % 10 == 0:
            self.stream.write(line + end)
            self.stream.flush()

    def close(self) -> None:
        if self.stream.isatty():
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Create a cohort of learners with finished attempts adding up to a number of answers (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=1000)
        parser.add_argument("--answers", type=int, default=1_000_000)
        parser.add_argument("--cohort", default="Benchmark cohort")
        parser.add_argument("--instructor", default="bench-instructor")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        learners, answers = options["learners"], options["answers"]
        if learners < 1 or answers < learners:
            raise CommandError("Give at least one learner and at least one answer per learner.")
        rng = random.Random(options["seed"])
        pools = self._pools()
        if not pools:
            raise CommandError("No published quiz can be taken. Load content first (make setup).")
        instructor = self._instructor(options["instructor"])
        if Cohort.objects.filter(instructor=instructor, name=options["cohort"]).exists():
            raise CommandError(f"Cohort “{options['cohort']}” already exists: use another --cohort name.")
        cohort = Cohort.objects.create(instructor=instructor, name=options["cohort"])
        users = self._learners(cohort, learners, rng)
        made = self._attempts(users, pools, answers, rng)
        started = time.perf_counter()
        with transaction.atomic():  # bulk inserts send no signals: the tallies and standings are recounted at the end
            tallies.rebuild_with_standings([quiz.pk for quiz, *_ in pools])
        self.stdout.write(f"Item tallies and standings rebuilt in {time.perf_counter() - started:.1f} s.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Cohort “{cohort.name}” (id {cohort.pk}): {len(users):,} learners, {made[0]:,} attempts, "
                f"{made[1]:,} answers."
            )
        )

    def _pools(self) -> list[tuple[Quiz, list[Candidate], list[Candidate]]]:
        """Each published quiz with what its items are made of (and decoys for matching)."""
        claims = {
            c.pk: c
            for c in Claim.objects.published()
            .filter(section__is_published=True)
            .exclude(rebuttal__summary="")
            .select_related("rebuttal")
        }

        def claim_candidate(claim):
            return candidates.from_claim(claim)

        pools = []
        # True/false and matching quizzes: the analytics they exercise (technique quizzes are not generated).
        for quiz in Quiz.objects.published().exclude(kind=Quiz.Kind.TECHNIQUE).select_related("section"):
            section_claims = [c for c in claims.values() if c.section_id == quiz.section_id]
            if quiz.is_matching:
                decoys = [claim_candidate(c) for c in claims.values() if c.section_id != quiz.section_id]
                if len(section_claims) >= 2:
                    pools.append((quiz, [claim_candidate(c) for c in section_claims], decoys))
                continue
            statements = [
                candidates.from_statement(s, claims[s.claim_id])
                for s in Statement.objects.approved().filter(claim_id__in=[c.pk for c in section_claims])
            ]
            if any(c.is_true for c in statements) and any(not c.is_true for c in statements):
                pools.append((quiz, statements, []))
        return pools

    def _instructor(self, username: str):
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=INSTRUCTOR))
        return user

    def _learners(self, cohort: Cohort, count: int, rng: random.Random):
        User = get_user_model()
        prefix = f"c{cohort.pk}-learner-"
        with transaction.atomic():
            users = User.objects.bulk_create(
                [User(username=f"{prefix}{n:05d}", password="!unusable") for n in range(1, count + 1)],
                batch_size=BATCH,
            )
            group = Group.objects.get(name=LEARNER)
            User.groups.through.objects.bulk_create(
                [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=BATCH
            )
            # Joined before the 90 days of activity below, so instructors see it (they see only what
            # learners did as members).
            joined = timezone.now() - timedelta(days=91)
            Membership.objects.bulk_create(
                [Membership(cohort=cohort, learner=u, joined_at=joined) for u in users], batch_size=BATCH
            )
        for user in users:
            user.ability = min(0.97, max(0.2, rng.gauss(0.68, 0.14)))
        return users

    def _attempts(self, users, pools, answers: int, rng: random.Random) -> tuple[int, int]:
        difficulty = {}  # per statement / claim: some myths are much more convincing than others
        progress = Progress(answers, "Answers")
        per_learner = answers // len(users)
        extra = answers - per_learner * len(users)
        now = timezone.now()
        made_attempts = made_answers = 0
        pending: list[tuple[Attempt, list[AttemptItem]]] = []
        for index, user in enumerate(users):
            budget = per_learner + (1 if index < extra else 0)
            when = now - timedelta(days=90) + timedelta(minutes=rng.randint(0, 60 * 24 * 10))
            # Spread the learner's attempts (about six answers each) over the rest of the 90 days.
            gap_hours = max(1.0, (now - when).total_seconds() / 3600 / max(1, budget / 6) - 0.5)
            round_number = 0
            while budget > 0:
                quiz, candidates, decoys = pools[(index + round_number) % len(pools)]
                round_number += 1
                attempt, items = self._attempt(
                    user, quiz, candidates, decoys, rng, when, budget, difficulty, retake=round_number // len(pools)
                )
                when = attempt.finished_at + timedelta(hours=rng.uniform(0.5, 1.5) * gap_hours)
                budget -= len(items)
                made_attempts += 1
                made_answers += len(items)
                pending.append((attempt, items))
                if sum(len(i) for _, i in pending) >= BATCH * 5:
                    self._save(pending)
                    pending = []
                    progress.update(made_answers)
        self._save(pending)
        progress.update(made_answers)
        progress.close()
        return made_attempts, made_answers

    def _attempt(self, user, quiz, candidates, decoys, rng, when, budget, difficulty, retake: int):
        seed = rng.getrandbits(62)
        if quiz.is_matching:
            plan = generation.plan_matching(
                candidates=candidates,
                decoys=decoys,
                history={},
                wanted=quiz.item_count,
                set_size=quiz.matching_set_size,
                seed=seed,
            )
        else:
            plan = generation.plan_true_false(candidates=candidates, history={}, wanted=quiz.item_count, seed=seed)
        planned = plan.items[: max(1, min(len(plan.items), budget))]
        tokens, options = frozen_options(plan, last_step=max(p.step for p in planned))
        attempt = Attempt(
            quiz=quiz,
            learner=user,
            title=str(quiz),
            kind=quiz.kind,
            feedback=quiz.feedback,
            pass_mark=quiz.pass_mark,
            min_discernment=0 if quiz.is_matching else quiz.min_discernment,
            asks_certainty=quiz.asks_certainty,
            seed=seed,
            step_count=max(p.step for p in planned),
            max_score=len(planned),
            started_at=when,
            options=options,
        )
        items, score, moment = [], 0, when
        for position, planned_item in enumerate(planned, start=1):
            candidate = planned_item.candidate
            key = candidate.key
            if key not in difficulty:
                difficulty[key] = rng.uniform(-0.25, 0.3) if candidate.is_true is not True else rng.uniform(-0.3, 0.1)
            right = rng.random() < min(0.99, max(0.02, user.ability - difficulty[key] + 0.06 * retake))
            correct = tokens.get(planned_item.correct_choice, planned_item.correct_choice)
            if right:
                choice = correct
            elif quiz.is_matching:
                choice = rng.choice(
                    [o["token"] for o in attempt.options[str(planned_item.step)] if o["token"] != correct]
                )
            else:
                choice = "false" if correct == "true" else "true"
            seconds = max(3, int(rng.lognormvariate(2.6, 0.5)))
            # Surer when right, but some learners are sure of a myth: that is what instructors look for.
            certainty = (
                rng.choices((1, 2, 3), weights=(2, 4, 4) if right else (4, 4, 2))[0] if quiz.asks_certainty else None
            )
            moment += timedelta(seconds=seconds)
            score += right
            items.append(
                frozen_item(
                    planned_item,
                    position=position,
                    tokens=tokens,
                    choice=choice,
                    certainty=certainty,
                    is_correct=right,
                    answered_at=moment,
                    seconds_taken=seconds,
                )
            )
        attempt.finished_at = moment
        attempt.finish_reason = Attempt.FinishReason.COMPLETED
        attempt.score = score
        attempt.percent = percent_of(score, len(items))
        signal = scoring.Discernment.from_answers(
            (i.statement_is_true, i.choice) for i in items if i.statement_is_true is not None
        )
        if attempt.asks_certainty:
            attempt.certainty_marks = sum(scoring.mark(certainty=i.certainty, is_correct=i.is_correct) for i in items)
        attempt.discernment = signal.discernment if signal else None
        attempt.bias = signal.bias if signal else None
        attempt.passed = scoring.passes(
            percent=attempt.percent, pass_mark=attempt.pass_mark, signal=signal, min_discernment=attempt.min_discernment
        )
        return attempt, items

    def _save(self, pending) -> None:
        if not pending:
            return
        with transaction.atomic():
            attempts = Attempt.objects.bulk_create([a for a, _ in pending], batch_size=BATCH)
            for attempt, (_, items) in zip(attempts, pending, strict=True):
                for item in items:
                    item.attempt_id = attempt.pk
            AttemptItem.objects.bulk_create([i for _, items in pending for i in items], batch_size=BATCH)
