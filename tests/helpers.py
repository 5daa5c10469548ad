"""Helpers the tests share: what a learner posts for a step, starting through the site, snapshots, forms."""

import html
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from quiz import services
from quiz.models import Attempt


def answers_for(attempt: Attempt, step: int, *, right: bool = True) -> dict:
    """What a learner would post for a step: right answers, or wrong ones."""
    items = list(attempt.items.filter(step=step).order_by("position"))
    if attempt.step_is_matching(step):
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


def form_values(page: str) -> dict:
    """What a browser would post for the page's form left as it is: inputs, checked boxes, selects, text."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or (kind and kind[1] == "submit"):
            continue
        if kind and kind[1] in ("checkbox", "radio"):
            if " checked" in tag:
                data[name[1]] = html.unescape(value[1]) if value else "on"
        else:
            data[name[1]] = html.unescape(value[1]) if value else ""
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = html.unescape(chosen[1]) if chosen else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = html.unescape(text).removeprefix("\n")  # browsers drop a newline after the tag
    return data


def take(quiz, learner, *, now=None, right=True, certainty=None, finish=True) -> Attempt:
    """Take a whole quiz through the services from `now`, a minute per step, all right or all wrong.

    With `certainty` ("low", "medium", "high") each answer says how sure, where the quiz asks. Finished a
    minute after the last answer, unless `finish` is false (then the attempt is left open).
    """
    now = now or timezone.now()
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz, now=now)
    for step in range(1, attempt.step_count + 1):
        answer = answers_for(attempt, step, right=right)
        if certainty and attempt.asks_certainty:
            answer["certainty"] = certainty
        services.answer_submit(
            learner=learner, attempt_id=attempt.public_id, step=step, answer=answer, now=now + timedelta(minutes=step)
        )
    if not finish:
        return attempt
    return services.attempt_finish(attempt=attempt, now=now + timedelta(minutes=attempt.step_count + 1))
