"""CSV exports for instructors, produced row by row so a large cohort never sits in memory."""

from collections.abc import Iterator

from django.db.models import Prefetch

from quiz import analytics
from quiz.models import Attempt, AttemptItem, Cohort

ANSWER_COLUMNS = [
    "learner",
    "cohort",
    "section",
    "quiz",
    "attempt",
    "attempt_kind",
    "started",
    "finished",
    "item",
    "item_text",
    "answer",
    "correct_answer",
    "correct",
    "seconds_taken",
]
CHUNK = 500


def safe_cell(value) -> str:
    """Text a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _answer_text(attempt: Attempt, item: AttemptItem, value: str) -> str:
    if not value:
        return ""
    if not attempt.is_matching:
        return value
    option = next((o for o in attempt.options_for(item.step) if o["token"] == value), None)
    return f"{option['letter']}: {option['text']}" if option else ""


def answer_rows(*, cohort: Cohort) -> Iterator[list[str]]:
    """One row per answered item of the cohort's learners' finished attempts, in chunks of attempts."""
    yield ANSWER_COLUMNS
    attempts = (
        Attempt.objects.finished()
        .filter(learner__memberships__cohort=cohort)
        .select_related("learner", "quiz__section")
        .order_by("pk")
    )
    last_pk = 0
    while True:
        chunk = list(
            attempts.filter(pk__gt=last_pk).prefetch_related(
                Prefetch("items", queryset=AttemptItem.objects.filter(answered_at__isnull=False).order_by("position"))
            )[:CHUNK]
        )
        if not chunk:
            return
        last_pk = chunk[-1].pk
        for attempt in chunk:
            section = attempt.quiz.section.title if attempt.quiz.section_id else ""
            for item in attempt.items.all():
                yield [
                    safe_cell(value)
                    for value in (
                        attempt.learner.get_username(),
                        cohort.name,
                        section,
                        attempt.quiz.get_kind_display(),
                        attempt.public_id,
                        "practice" if attempt.is_practice else "graded",
                        attempt.started_at.isoformat(),
                        attempt.finished_at.isoformat(),
                        item.position,
                        item.prompt,
                        _answer_text(attempt, item, item.choice),
                        _answer_text(attempt, item, item.correct_choice),
                        "yes" if item.is_correct else "no",
                        item.seconds_taken,
                    )
                ]


def gradebook_rows(*, cohort: Cohort, method: str) -> Iterator[list[str]]:
    """The whole gradebook: one row per learner, three columns per quiz, learners fetched in chunks."""
    quizzes = analytics.cohort_quizzes()
    header = ["learner", "last_activity"]
    for quiz in quizzes:
        header += [f"{quiz} — score %", f"{quiz} — passed", f"{quiz} — attempts"]
    yield header
    learners = analytics.gradebook_learners(cohort=cohort, sort="learner", method=method, quiz_ids=[])
    offset = 0
    while True:
        chunk = list(learners[offset : offset + CHUNK])
        if not chunk:
            return
        offset += CHUNK
        for row in analytics.gradebook_rows(learners=chunk, quizzes=quizzes, method=method):
            values = [row.learner.get_username(), row.last_activity.isoformat() if row.last_activity else ""]
            for cell in row.cells:
                values += [cell.score if cell.score is not None else "", "yes" if cell.passed else "no", cell.attempts]
            yield [safe_cell(v) for v in values]
