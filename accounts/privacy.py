"""A user's own data, all of it as one streamed zip archive: what each file holds and where it comes from.

The archive is written as it is sent: rows are read a chunk at a time (a constant number of queries per
chunk, whatever the history) and compressed into a small buffer that is handed on and emptied, so
neither the rows nor the archive are ever held whole in memory.
"""

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.archive_writer import csv_text, json_document, written_in, zip_stream
from accounts.models import Profile
from accounts.roles import user_roles
from quiz import scoring
from quiz.models import Attempt, AttemptItem, Cohort, Membership
from quiz.teaching import pretests
from reviews.models import Card, ReminderPreference, ReviewLog

CHUNK = 200  # attempts (with their items), cards or log rows per query

# Each file's columns with what they mean: the CSV headers and README.txt both come from here.
# The names are the CSV headers and JSON keys (never translated); the meanings are in the reader's language.
ATTEMPT_COLUMNS = [
    ("attempt", _("The attempt's reference; answers.csv uses it to say which attempt an answer belongs to.")),
    ("title", _("The quiz's name when you started (or “Review”).")),
    # Translators: in the meanings of the CSV columns (README.txt), the words that are values in the files
    # (true_false, matching, review, completed, ended_early, time_up, yes, no, learner, instructor, co-instructor,
    # quiz, practice, statement, low, medium, high, True, False) stay in English: the files hold them as they are.
    ("kind", _("true_false, matching, or review (a spaced-review session mixing both).")),
    ("started", _("When you started (ISO 8601, UTC).")),
    ("finished", _("When it ended; empty while it is still open.")),
    ("finish_reason", _("completed (all items answered), ended_early (you finished early) or time_up.")),
    ("score", _("Items right.")),
    ("max_score", _("Items in the attempt.")),
    ("percent", _("The score in percent.")),
    ("passed", _("yes or no; empty for reviews and open attempts.")),
    (
        "discernment",
        _("True/false only: true statements you called true minus false ones you called true, −100 to +100."),
    ),
    ("bias", _("True/false only: your lean towards “true” (+) or “false” (−), −100 to +100.")),
    ("certainty_marks", _("Sum of the certainty-based marks, when the quiz asked how sure you were.")),
    ("is_practice", _("yes for practice of missed items and for reviews (never counted in scores).")),
]
ANSWER_COLUMNS = [
    ("attempt", _("The attempt it belongs to (see attempts.csv).")),
    ("position", _("The item's place in the attempt.")),
    ("step", _("The screen it was on (the items of a matching set share one).")),
    ("prompt", _("What you judged: the statement, or the claim to pair with a fact.")),
    ("claim", _("The claim the item is about.")),
    ("answer", _("Your answer as shown: True or False, or the fact you chose as “letter: text”; empty if unanswered.")),
    ("correct_answer", _("The right answer, shown the same way.")),
    ("correct", _("yes or no; empty while the attempt is open and the item unanswered.")),
    ("certainty", _("How sure you said you were: low, medium or high (empty when the quiz did not ask).")),
    ("seconds_taken", _("Seconds from the item being shown to your answer.")),
    ("answered_at", _("When you answered (ISO 8601, UTC).")),
]
COHORT_COLUMNS = [
    ("cohort", _("The cohort's name.")),
    ("your_role", _("learner (you joined it), instructor (you run it) or co-instructor (you see its reports).")),
    ("instructor", _("The username of the instructor who runs it.")),
    ("since", _("When you joined it, or created it (ISO 8601, UTC); empty for co-instructors.")),
    ("learners", _("Instructors only: how many learners are in it (no names: those are theirs).")),
]
CARD_COLUMNS = [
    ("claim", _("The claim (myth) the card is about.")),
    ("state", _("Learning, Review or Relearning, as the scheduler (FSRS) sees it.")),
    ("due", _("When it next comes back for review (ISO 8601, UTC).")),
    ("last_review", _("When you last answered it.")),
    ("reviews", _("Answers that moved the card.")),
    ("lapses", _("Wrong answers after the first.")),
    ("mastered_until", _("Until when your predicted recall stays at the mastery level; empty if not mastered.")),
]
REVIEW_LOG_COLUMNS = [
    ("claim", _("The claim the answer was about.")),
    ("reviewed_at", _("When the scheduler took the answer (ISO 8601, UTC).")),
    ("rating", _("Again, Hard, Good or Easy: how the answer moved the card.")),
    ("source", _("quiz (a graded quiz), practice or review.")),
    ("kind", _("statement (true or false) or matching.")),
    ("correct", _("yes or no.")),
    ("certainty", _("low, medium or high; empty when not asked.")),
    ("seconds", _("Seconds the answer took.")),
]
FILES = [
    (
        "data.json",
        _(
            "Everything below in one file, for programs: your account, reminder setting, cohorts, "
            "attempts with their answers, review cards and review log (the same fields as the CSV files)."
        ),
        None,
    ),
    ("attempts.csv", _("One row per quiz attempt or review session."), ATTEMPT_COLUMNS),
    ("answers.csv", _("One row per item you were shown in an attempt, answered or not."), ANSWER_COLUMNS),
    ("cohorts.csv", _("The cohorts you joined, and any you run or help to teach."), COHORT_COLUMNS),
    ("cards.csv", _("Your spaced-review cards: one per claim you have met."), CARD_COLUMNS),
    ("review_log.csv", _("Every answer that moved a review card, oldest first."), REVIEW_LOG_COLUMNS),
]


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _by_pk(queryset) -> Iterator:
    """Every row of `queryset`, CHUNK at a time: one query per chunk (plus its prefetches), keyed on pk.

    A keyset rather than `.iterator()`: no server-side cursor stays open while a slow client downloads,
    and it works behind PgBouncer in transaction mode (see the README), as the instructors' exports do.
    """
    last, size = 0, CHUNK
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        yield from rows
        if len(rows) < size:
            return
        last = rows[-1].pk


# --- What is exported ----------------------------------------------------------------------------------


def _account(user) -> dict:
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _time(user.date_joined),
        "last_login": _time(user.last_login),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "roles": sorted(user_roles(user)),
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "interface_language": Profile.objects.filter(user=user).values_list("language", flat=True).first() or None,
    }


def _reminders(user) -> dict | None:
    preference = ReminderPreference.objects.filter(learner=user).first()
    if preference is None:
        return None
    return {
        "frequency": preference.frequency,
        "time_zone": preference.time_zone,
        "last_sent_on": preference.last_sent_on.isoformat() if preference.last_sent_on else None,
        "updated_at": _time(preference.updated_at),
    }


def _cohorts(user) -> list[dict]:
    """Cohorts joined, run and co-taught (a handful per user: read once, for the JSON and the CSV)."""
    joined = [
        {
            "cohort": m.cohort.name,
            "your_role": "learner",
            "instructor": m.cohort.instructor.get_username(),
            "since": _time(m.joined_at),
            "learners": None,
        }
        for m in Membership.objects.filter(learner=user).select_related("cohort__instructor").order_by("joined_at")
    ]
    taught = Cohort.objects.filter(instructor=user).annotate(learners_in=Count("memberships", distinct=True))
    co_taught = (
        Cohort.objects.filter(co_instructors=user)
        .select_related("instructor")
        .annotate(learners_in=Count("memberships", distinct=True))
    )
    return joined + [
        {
            "cohort": cohort.name,
            "your_role": role,
            "instructor": cohort.instructor.get_username() if role == "co-instructor" else user.get_username(),
            "since": _time(cohort.created_at) if role == "instructor" else None,
            "learners": cohort.learners_in,
        }
        for role, cohorts in (("instructor", taught), ("co-instructor", co_taught))
        for cohort in cohorts.order_by("created_at", "pk")
    ]


WITHHELD = ("score", "max_score", "percent", "passed", "discernment", "bias", "certainty_marks")


def _attempt(attempt: Attempt) -> dict:
    row = _attempt_row(attempt)
    if getattr(attempt, "withheld", False):  # a pre- or post-test before the post-test is done: no result yet
        row.update(dict.fromkeys(WITHHELD))
    return row


def _attempt_row(attempt: Attempt) -> dict:
    return {
        "attempt": str(attempt.public_id),
        "title": attempt.title,
        "kind": attempt.kind,
        "started": _time(attempt.started_at),
        "finished": _time(attempt.finished_at),
        "finish_reason": attempt.finish_reason,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "discernment": attempt.discernment,
        "bias": attempt.bias,
        "certainty_marks": attempt.certainty_marks,
        "is_practice": attempt.is_practice,
    }


def _shown(attempt: Attempt, step: int, value: str) -> str:
    """An answer as the learner saw it: "True"/"False", or a matching fact as "letter: text"."""
    if not value:
        return ""
    if attempt.step_is_matching(step):
        option = next((o for o in attempt.options_for(step) if o["token"] == value), None)
        return f"{option['letter']}: {option['text']}" if option else ""
    return {"true": "True", "false": "False"}.get(value, value)


def _answer(attempt: Attempt, item: AttemptItem) -> dict:
    """One answer; the right answer only where the learner has been shown it (never ahead of the attempt)."""
    withheld = getattr(attempt, "withheld", False)  # a test's answers wait for the post-test
    shown = not withheld and (attempt.is_finished or (item.is_answered and attempt.feedback_each_item))
    return {
        "attempt": str(attempt.public_id),
        "position": item.position,
        "step": item.step,
        "prompt": item.prompt,
        "claim": item.claim_text,
        "answer": _shown(attempt, item.step, item.choice),
        "correct_answer": _shown(attempt, item.step, item.correct_choice) if shown else None,
        "correct": item.is_correct if shown else None,
        "certainty": scoring.certainty_name(item.certainty) if attempt.asks_certainty and item.is_answered else None,
        "seconds_taken": item.seconds_taken,
        "answered_at": _time(item.answered_at),
    }


def _attempts(user, *, with_items: bool):
    attempts = Attempt.objects.filter(learner=user)
    if with_items:
        attempts = attempts.prefetch_related(Prefetch("items", queryset=AttemptItem.objects.order_by("position")))
    withheld = pretests.withheld_attempt_ids(learner=user)
    for attempt in _by_pk(attempts):
        attempt.withheld = attempt.pk in withheld
        yield attempt


def _attempts_with_answers(user) -> Iterator[dict]:
    for attempt in _attempts(user, with_items=True):
        yield {**_attempt(attempt), "answers": [_answer(attempt, item) for item in attempt.items.all()]}


def _answers(user) -> Iterator[dict]:
    for attempt in _attempts(user, with_items=True):
        for item in attempt.items.all():
            yield _answer(attempt, item)


def _cards(user) -> Iterator[dict]:
    for card in _by_pk(Card.objects.filter(learner=user).select_related("claim")):
        yield {
            "claim": card.claim.text,
            "state": card.get_state_display(),
            "due": _time(card.due),
            "last_review": _time(card.last_review),
            "reviews": card.reviews,
            "lapses": card.lapses,
            "mastered_until": _time(card.mastered_until),
        }


def _review_log(user) -> Iterator[dict]:
    for log in _by_pk(ReviewLog.objects.filter(learner=user).select_related("card__claim")):
        yield {
            "claim": log.card.claim.text,
            "reviewed_at": _time(log.reviewed_at),
            "rating": log.get_rating_display(),
            "source": log.source,
            "kind": "matching" if log.is_matching else "statement",
            "correct": log.is_correct,
            "certainty": scoring.certainty_name(log.certainty) if log.certainty else None,
            "seconds": log.seconds,
        }


# --- The archive ---------------------------------------------------------------------------------------


def readme_text(*, user, now: datetime) -> str:
    return render_to_string(
        "accounts/data_export_readme.txt", {"username": user.get_username(), "generated_at": now, "files": FILES}
    )


def data_archive(*, user, now: datetime | None = None) -> Iterator[bytes]:
    """Everything FactsQuiz keeps about `user`, as the bytes of one zip file, streamed.

    A constant number of queries for any history: a few for the account, then per file one or two
    per CHUNK rows. Nothing of anyone else is included: other people appear only as the username of
    the instructor of a cohort the user joined.
    """
    now = now or timezone.now()
    cohorts = _cohorts(user)
    # README.txt is in the reader's language; the JSON and CSV files stay untranslated (machine-readable:
    # a card's state, a rating, the title "Review" are the same whatever language the site is read in).
    language = translation.get_language()

    def document() -> Iterator[str]:
        yield from json_document(
            {
                "format": "FactsQuiz personal data, version 1 (README.txt explains each field)",
                "generated_at": _time(now),
                "account": _account(user),
                "review_reminders": _reminders(user),
                "cohorts": cohorts,
                "attempts": _attempts_with_answers(user),
                "review_cards": _cards(user),
                "review_log": _review_log(user),
            }
        )

    members = [
        ("README.txt", lambda: [readme_text(user=user, now=now)]),
        ("data.json", document),
        ("attempts.csv", lambda: csv_text(ATTEMPT_COLUMNS, (_attempt(a) for a in _attempts(user, with_items=False)))),
        ("answers.csv", lambda: csv_text(ANSWER_COLUMNS, _answers(user))),
        ("cohorts.csv", lambda: csv_text(COHORT_COLUMNS, cohorts)),
        ("cards.csv", lambda: csv_text(CARD_COLUMNS, _cards(user))),
        ("review_log.csv", lambda: csv_text(REVIEW_LOG_COLUMNS, _review_log(user))),
    ]
    written = [(name, written_in(language if name == "README.txt" else None, text)) for name, text in members]
    return zip_stream(written, now=now)


def archive_name(*, user, today) -> str:
    return f"factsquiz-data-{user.get_username()}-{today:%Y-%m-%d}.zip"
