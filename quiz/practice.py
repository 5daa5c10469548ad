"""Practice of missed items: a short attempt of what a finished attempt got wrong, in its frozen wording."""

import random
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quiz import candidates, generation
from quiz.errors import QuizUnavailable
from quiz.generation import Plan
from quiz.models import Attempt, AttemptItem
from quiz.services import attempt_finish, create_attempt, open_attempt_of


def attempt_practise_missed(*, attempt: Attempt, learner, now=None) -> Attempt:
    """Start a short practice attempt of the items this finished attempt got wrong (or resume one)."""
    now = now or timezone.now()
    if attempt.learner_id != learner.pk:
        raise QuizUnavailable(_("We could not find that quiz attempt in your account."))
    if not attempt.is_finished:
        raise QuizUnavailable(_("Finish the attempt first; then you can practise what you missed."))
    if attempt.is_review:
        raise QuizUnavailable(_("The myths you missed in a review come back sooner in your next review."))
    if attempt.is_test:
        raise QuizUnavailable(_("A test's items are never practised: they measure what the training carries over."))
    existing = open_attempt_of(learner=learner, quiz=attempt.quiz, is_practice=True)
    if existing and existing.practice_of_id == attempt.pk:
        return existing
    if existing:
        attempt_finish(attempt=existing, now=now)  # practice of an older attempt: nothing rides on it
    missed = list(attempt.items.filter(is_correct=False).order_by("position"))
    if not missed:
        raise QuizUnavailable(_("You missed nothing in this attempt, so there is nothing to practise."))
    seed = secrets.randbits(62)
    plan = _practice_plan(attempt, missed, seed)
    try:
        with transaction.atomic():
            return create_attempt(
                learner=learner, quiz=attempt.quiz, plan=plan, seed=seed, now=now, practice_of=attempt
            )
    except IntegrityError:
        existing = open_attempt_of(learner=learner, quiz=attempt.quiz, is_practice=True)
        if existing is None:
            raise
        return existing


def _practice_plan(attempt: Attempt, missed: list[AttemptItem], seed: int) -> Plan:
    """Re-use the frozen wording of the missed items, so practice matches what the learner saw."""
    rng = random.Random(seed)

    plan = Plan()
    if not attempt.is_matching and not attempt.is_technique:
        rng.shuffle(missed)
        plan.items = [
            generation.PlannedItem(step=step, candidate=candidates.from_item(item), correct_choice=item.correct_choice)
            for step, item in enumerate(missed, start=1)
        ]
        return plan
    by_step: dict[int, list[AttemptItem]] = {}
    for item in missed:
        by_step.setdefault(item.step, []).append(item)
    for new_step, (old_step, group) in enumerate(sorted(by_step.items()), start=1):
        old_options = {o["token"]: o for o in attempt.options_for(old_step)}
        keep = {item.correct_choice for item in group} | {t for t, o in old_options.items() if o["is_decoy"]}
        if attempt.is_technique:
            keep = set(old_options)  # one item per step: its four techniques are the question
        options = [
            generation.PlannedOption(
                key=t,
                text=o["text"],
                claim_id=o["claim_id"],
                is_decoy=o["is_decoy"],
                technique_id=o.get("technique_id"),
            )
            for t, o in old_options.items()
            if t in keep
        ]
        rng.shuffle(options)
        rng.shuffle(group)
        plan.options[new_step] = options
        plan.items.extend(
            generation.PlannedItem(
                step=new_step, candidate=candidates.from_item(item), correct_choice=item.correct_choice
            )
            for item in group
        )
    return plan
