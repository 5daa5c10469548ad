"""Helpers the tests share: what a learner posts for a step, starting through the site, snapshots."""

from django.urls import reverse

from quiz.models import Attempt


def answers_for(attempt: Attempt, step: int, *, right: bool = True) -> dict:
    """What a learner would post for a step: right answers, or wrong ones."""
    items = list(attempt.items.filter(step=step).order_by("position"))
    if attempt.is_matching:
        tokens = [o["token"] for o in attempt.options_for(step)]
        return {
            item.token: item.correct_choice if right else next(t for t in tokens if t != item.correct_choice)
            for item in items
        }
    (item,) = items
    wrong = "false" if item.correct_choice == "true" else "true"
    return {"choice": item.correct_choice if right else wrong}


def snapshot(attempt: Attempt):
    """Everything an answer could change: the score, when it finished, every item's columns."""
    attempt.refresh_from_db()
    items = list(attempt.items.order_by("position").values())
    return attempt.score, attempt.finished_at, items


def step_url(attempt: Attempt, step: int) -> str:
    return reverse("quiz:attempt-step", kwargs={"attempt_id": attempt.public_id, "step": step})


def start(client, quiz) -> Attempt:
    """Start a quiz as the signed-in client does (a POST), and return the attempt it made."""
    response = client.post(reverse("quiz:attempt-start", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.filter(quiz=quiz).latest("started_at")
