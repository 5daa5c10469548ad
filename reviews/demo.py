"""Demo reviews for development: some demo learners came back for a review yesterday, through the real services."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from quiz import services as quiz_services
from reviews import services

REVIEWERS = [("amira", 0.9), ("ben", 0.65), ("chen", 0.75)]  # username, how likely they are to be right


def demo_reviews_create() -> int:
    """A review yesterday for each demo reviewer who had something due then; returns how many were done."""
    rng = random.Random(2025)
    yesterday = timezone.now() - timedelta(days=1)
    done = 0
    for username, ability in REVIEWERS:
        learner = get_user_model().objects.filter(username=username).first()
        if learner is None:
            continue
        try:
            attempt, _ = services.review_start(learner=learner, now=yesterday)
        except services.NothingToReview:
            continue
        when = yesterday
        for step in range(1, attempt.step_count + 1):
            when += timedelta(seconds=rng.randint(8, 40))
            items = list(attempt.items.filter(step=step).order_by("position"))
            right = rng.random() < ability
            if attempt.step_is_matching(step):
                tokens = [o["token"] for o in attempt.options_for(step)]
                answer = {
                    i.token: i.correct_choice if right else next(t for t in tokens if t != i.correct_choice)
                    for i in items
                }
            else:
                (item,) = items
                answer = {
                    "choice": item.correct_choice if right else ("false" if item.correct_choice == "true" else "true")
                }
            answer["certainty"] = rng.choice(["low", "medium", "high"])
            quiz_services.answer_submit(
                learner=learner, attempt_id=attempt.public_id, step=step, answer=answer, now=when
            )
        quiz_services.attempt_finish(attempt=attempt, now=when)
        done += 1
    return done
