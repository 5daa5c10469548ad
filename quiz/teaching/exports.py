"""CSV exports for instructors, produced row by row so a large cohort never sits in memory."""

from collections.abc import Iterator

from django.db.models import F

from content.models import Technique
from quiz import scoring
from quiz.models import Attempt, AttemptItem, Cohort
from quiz.teaching import access, gradebook

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
    "certainty",
    "certainty_mark",
    "attempt_discernment",
    "attempt_bias",
    "technique",
    "chosen_technique",
]
CHUNK = 500


def safe_cell(value) -> str:
    """Text a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _technique_of(options: dict, step: int, value: str) -> int | None:
    """The technique an option token of a technique step stands for (None for other steps)."""
    option = next((o for o in options.get(str(step), []) if o["token"] == value), None) if value else None
    return option.get("technique_id") if option else None


def _answer_text(options: dict, kind: str, step: int, value: str) -> str:
    """A matching answer as its letter and fact; a true/false one as it is (a review has both kinds of step)."""
    if not value or not options.get(str(step)):
        return value
    option = next((o for o in options.get(str(step), []) if o["token"] == value), None)
    return f"{option['letter']}: {option['text']}" if option else ""


def answer_rows(*, cohort: Cohort) -> Iterator[list[str]]:
    """One row per answer in the finished attempts made as members of the cohort: two queries per 500 attempts."""
    yield ANSWER_COLUMNS
    attempts = (
        Attempt.objects.finished()
        .filter(learner__memberships__cohort=cohort, started_at__gte=F("learner__memberships__joined_at"))
        .order_by("pk")
        .values_list(
            "pk",
            "learner__username",
            "quiz__section__title",
            "kind",
            "public_id",
            "is_practice",
            "started_at",
            "finished_at",
            "options",
            "asks_certainty",
            "discernment",
            "bias",
        )
    )
    kinds = dict(Attempt.Kind.choices)
    names = dict(Technique.objects.values_list("pk", "name"))
    last_pk = 0
    while True:
        chunk = {row[0]: row for row in attempts.filter(pk__gt=last_pk)[:CHUNK]}
        if not chunk:
            return
        last_pk = max(chunk)
        items = (
            AttemptItem.objects.filter(attempt_id__in=list(chunk), answered_at__isnull=False)
            .order_by("attempt_id", "position")
            .values_list(
                "attempt_id",
                "position",
                "step",
                "prompt",
                "choice",
                "correct_choice",
                "is_correct",
                "seconds_taken",
                "certainty",
                "technique_id",
            )
        )
        for attempt_id, position, step, prompt, choice, correct_choice, is_correct, seconds, certainty, tid in items:
            (_, username, section, kind, public_id, is_practice, started, finished, options, asks, d, bias) = chunk[
                attempt_id
            ]
            yield [
                safe_cell(value)
                for value in (
                    username,
                    cohort.name,
                    section or "",
                    kinds[kind],
                    public_id,
                    "review" if kind == Attempt.Kind.REVIEW else "practice" if is_practice else "graded",
                    started.isoformat(),
                    finished.isoformat(),
                    position,
                    prompt,
                    _answer_text(options, kind, step, choice),
                    _answer_text(options, kind, step, correct_choice),
                    "yes" if is_correct else "no",
                    seconds,
                    scoring.certainty_name(certainty) if asks else "",
                    scoring.mark(certainty=certainty, is_correct=bool(is_correct)) if asks else "",
                    "" if d is None else d,
                    "" if bias is None else bias,
                    names.get(tid, "") if tid else "",
                    names.get(_technique_of(options, step, choice), "") if tid else "",
                )
            ]


def gradebook_rows(*, cohort: Cohort, method: str, quizzes=None) -> Iterator[list[str]]:
    """The gradebook as the page shows it (its quizzes, its method): a row per learner, in chunks.

    A quiz never attempted leaves its score, passed and discernment empty (not "no").
    """
    quizzes = access.cohort_quizzes() if quizzes is None else quizzes
    header = ["learner", "cohort", "last_activity"]
    for quiz in quizzes:
        header += [f"{quiz} — score %", f"{quiz} — passed", f"{quiz} — attempts"]
        if quiz.is_true_false:
            header.append(f"{quiz} — discernment")
    yield [safe_cell(name) for name in header]
    learners = gradebook.gradebook_learners(cohort=cohort, sort="learner", method=method, quiz_ids=[])
    offset = 0
    while True:
        chunk = list(learners[offset : offset + CHUNK])
        if not chunk:
            return
        offset += CHUNK
        for row in gradebook.gradebook_rows(cohort=cohort, learners=chunk, quizzes=quizzes, method=method):
            values = [
                row.learner.get_username(),
                cohort.name,
                row.last_activity.isoformat() if row.last_activity else "",
            ]
            for quiz, cell in zip(quizzes, row.cells, strict=True):
                passed = ("yes" if cell.passed else "no") if cell.attempts else ""
                values += [cell.score if cell.score is not None else "", passed, cell.attempts]
                if quiz.is_true_false:
                    values.append(cell.discernment if cell.discernment is not None else "")
            yield [safe_cell(v) for v in values]
