"""Demo activity for development: a cohort of learners who took the quizzes through the real services."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.roles import LEARNER
from quiz import errors, services
from quiz.models import Assignment, Cohort, Membership, Quiz

DEMO_COHORT = "Demo group"
# username, how likely they are to be right (before practice), how many quizzes they tried
DEMO_LEARNERS = [("amira", 0.85, 18), ("ben", 0.6, 15), ("chen", 0.7, 12), ("dana", 0.45, 18), ("emil", 0.75, 9)]


def _answer(attempt, step: int, *, rng: random.Random, ability: float, myth_pull: dict[int, float]) -> dict:
    """A plausible answer: right with the learner's ability, less often on myths that sound convincing."""
    items = list(attempt.items.filter(step=step).order_by("position"))
    if attempt.step_is_matching(step):  # matching sets and technique items: option tokens
        tokens = [o["token"] for o in attempt.options_for(step)]
        return {
            item.token: item.correct_choice
            if rng.random() < ability - myth_pull.get(item.claim_id, 0)
            else rng.choice([t for t in tokens if t != item.correct_choice])
            for item in items
        }
    (item,) = items
    pull = myth_pull.get(item.claim_id, 0) if item.statement_is_true is False else 0
    right = rng.random() < ability - pull
    wrong = "false" if item.correct_choice == "true" else "true"
    return {"choice": item.correct_choice if right else wrong}


def demo_activity_create(*, instructor, learner, password: str) -> Cohort | None:
    """Create the demo cohort with learners and finished attempts; does nothing if it already exists."""
    if Cohort.objects.filter(instructor=instructor, name=DEMO_COHORT).exists():
        return None
    rng = random.Random(2014)
    User = get_user_model()
    # Each section's quizzes (technique ones included); the technique quiz across the document is left to learners.
    quizzes = list(Quiz.objects.published().filter(section__isnull=False).order_by("section__position", "kind"))
    claims = sorted({c for q in quizzes for c in q.section.claims.values_list("pk", flat=True)})
    myth_pull = {claim: 0.35 for claim in rng.sample(claims, k=min(4, len(claims)))}
    now = timezone.now()
    hashed = make_password(password)  # once: hashing is deliberately slow
    with transaction.atomic():
        cohort = Cohort.objects.create(instructor=instructor, name=DEMO_COHORT)
        joined = now - timedelta(days=30)  # the demo term began a month ago, before all its activity
        Membership.objects.create(cohort=cohort, learner=learner, joined_at=joined)
        for username, ability, tried in DEMO_LEARNERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            user.password = hashed
            user.save()
            user.groups.add(Group.objects.get(name=LEARNER))
            Membership.objects.create(cohort=cohort, learner=user, joined_at=joined)
            for quiz in quizzes[:tried]:
                when = now - timedelta(days=rng.randint(3, 20), minutes=rng.randint(0, 600))
                for attempt_number in range(rng.choice([1, 1, 2, 3])):
                    skill = min(0.98, ability + 0.1 * attempt_number)
                    try:
                        attempt, _ = services.attempt_start(learner=user, quiz=quiz, now=when)
                    except errors.QuizUnavailable:
                        break
                    for step in range(1, attempt.step_count + 1):
                        when += timedelta(seconds=rng.randint(8, 40))
                        answer = _answer(attempt, step, rng=rng, ability=skill, myth_pull=myth_pull)
                        services.answer_submit(
                            learner=user, attempt_id=attempt.public_id, step=step, answer=answer, now=when
                        )
                    services.attempt_finish(attempt=attempt, now=when)
                    when += timedelta(days=rng.randint(1, 3))
                    if when > now - timedelta(hours=2):  # activity stays in the past
                        break
        first = next((q.section for q in quizzes if q.section), None)
        if first:  # assigned work, so both sides see assignments on first run
            week = Assignment.objects.create(
                cohort=cohort,
                title=f"This week: {first.title}",
                opens_at=joined,
                due_at=now + timedelta(days=5),
                created_by=instructor,
            )
            week.quizzes.set([q for q in quizzes if q.section_id == first.pk])
    return cohort
