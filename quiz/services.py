"""Quiz writes: create quizzes, start, answer and finish attempts. Every check and every score is here.

What a new attempt is drawn from is read in `quiz/drawing.py`; practice of missed items is `quiz/practice.py`.
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.models import Section, SourceDocument
from quiz import answer_sql, candidates, generation, scoring, steps
from quiz.drawing import quiz_generate
from quiz.errors import AnswerRefused
from quiz.forms import AnswerForm
from quiz.generation import FALSE, TRUE, Plan
from quiz.models import Attempt, AttemptItem, Quiz
from quiz.signals import attempt_finished
from quiz.teaching import tallies

INVALID = object()  # a certainty that is none of low, medium, high
ALREADY_ANSWERED = gettext_lazy("You have already answered this item. Your first answer counts.")
ATTEMPT_FINISHED = gettext_lazy("This attempt is finished, so it takes no more answers.")


def new_token() -> str:
    return secrets.token_urlsafe(9)


# --- Quizzes ---------------------------------------------------------------------------------


def quizzes_ensure(*, sections=None, documents=None) -> int:
    """Give every section (or the given ones) its quiz of each kind, and every document (or the given ones) its
    technique quiz across all its sections; returns how many were made."""
    sections = Section.objects.all() if sections is None else sections
    documents = SourceDocument.objects.all() if documents is None else documents
    made = 0
    for section in sections:
        for kind in Quiz.Kind.values:
            _, created = Quiz.objects.get_or_create(section=section, kind=kind)
            made += created
    for document in documents:
        _, created = Quiz.objects.get_or_create(section=None, document=document, kind=Quiz.Kind.TECHNIQUE)
        made += created
    return made


# --- Writing attempts ------------------------------------------------------------------------


def frozen_options(plan: Plan, *, last_step: int | None = None) -> tuple[dict[str, str], dict]:
    """The plan's matching options as an attempt stores them: random tokens, letters in display order.

    Returns (option key -> token, {"<step>": [option, ...]}).
    """
    tokens = {option.key: new_token() for options in plan.options.values() for option in options}
    options = {
        str(step): [
            {
                "token": tokens[o.key],
                "letter": generation.LETTERS[i],
                "text": o.text,
                "claim_id": o.claim_id,
                "is_decoy": o.is_decoy,
                **({"technique_id": o.technique_id} if o.technique_id is not None else {}),
            }
            for i, o in enumerate(step_options)
        ]
        for step, step_options in plan.options.items()
        if last_step is None or step <= last_step
    }
    return tokens, options


def create_attempt(*, learner, quiz: Quiz, plan: Plan, seed: int, now, practice_of: Attempt | None = None) -> Attempt:
    """Write a quiz's attempt (or practice of missed items) with the quiz's settings of today."""
    is_practice = practice_of is not None
    return write_attempt(
        learner=learner,
        plan=plan,
        seed=seed,
        now=now,
        quiz=quiz,
        title=practice_of.title if is_practice else str(quiz),
        kind=quiz.kind,
        feedback=Quiz.Feedback.EACH_ITEM if is_practice else quiz.feedback,
        pass_mark=quiz.pass_mark,
        min_discernment=quiz.min_discernment if quiz.is_true_false else 0,
        asks_certainty=quiz.asks_certainty,
        is_practice=is_practice,
        practice_of=practice_of,
        deadline=(
            now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes and not is_practice else None
        ),
    )


def write_attempt(*, learner, plan: Plan, seed: int, now, **fields) -> Attempt:
    """Write an attempt and its frozen items; option keys become random tokens here. `fields` set the rest."""
    tokens, options = frozen_options(plan)
    attempt = Attempt.objects.create(
        learner=learner,
        seed=seed,
        step_count=plan.step_count,
        max_score=len(plan.items),
        options=options,
        started_at=now,
        **fields,
    )
    AttemptItem.objects.bulk_create(
        frozen_item(item, position=position, tokens=tokens, attempt=attempt)
        for position, item in enumerate(plan.items, start=1)
    )
    return attempt


def frozen_item(planned: generation.PlannedItem, *, position: int, tokens: dict[str, str], **fields) -> AttemptItem:
    """An attempt item as shown: the candidate's wording copied, the right choice as "true"/"false" or a token."""
    return AttemptItem(
        position=position,
        step=planned.step,
        token=new_token(),
        **candidates.item_values(planned.candidate),
        correct_choice=tokens.get(planned.correct_choice, planned.correct_choice),
        **fields,
    )


def open_attempt_of(*, learner, quiz: Quiz, is_practice: bool) -> Attempt | None:
    return Attempt.objects.open().filter(learner=learner, quiz=quiz, is_practice=is_practice).first()


def attempt_start(*, learner, quiz: Quiz, now=None) -> tuple[Attempt, bool]:
    """Resume the learner's open attempt at this quiz, or start one. Returns (attempt, created).

    The database allows one open attempt per learner and quiz, so two tabs starting at once get the same one.
    """
    now = now or timezone.now()
    existing = open_attempt_of(learner=learner, quiz=quiz, is_practice=False)
    if existing and existing.is_expired(now):
        attempt_finish(attempt=existing, now=now)
        existing = None
    if existing:
        return existing, False
    seed = secrets.randbits(62)
    plan = quiz_generate(quiz=quiz, learner=learner, seed=seed)
    try:
        with transaction.atomic():
            return create_attempt(learner=learner, quiz=quiz, plan=plan, seed=seed, now=now), True
    except IntegrityError:
        existing = open_attempt_of(learner=learner, quiz=quiz, is_practice=False)
        if existing is None:
            raise
        return existing, False


# --- Answering -------------------------------------------------------------------------------


@dataclass
class StepResult:
    attempt: Attempt
    items: list[AttemptItem]
    duplicate: bool = False  # the same answer had already been recorded

    @property
    def step(self) -> int:
        return self.items[0].step

    @property
    def is_last_step(self) -> bool:
        return self.step >= self.attempt.step_count

    @property
    def score(self) -> int:
        return sum(1 for item in self.items if item.is_correct)


def _refuse_missing(*, learner, attempt_id, step) -> AnswerRefused:
    attempt = Attempt.objects.filter(public_id=attempt_id, learner=learner).first()
    if attempt is None:
        return AnswerRefused(_("We could not find that quiz attempt in your account."), code="not_found", status=404)
    return AnswerRefused(_("This attempt has no item %(step)d.") % {"step": step}, code="no_such_item", status=404)


def _parsed(attempt: Attempt, items: list[AttemptItem], answer: Mapping[str, str], *, with_certainty: bool):
    """The answer through `AnswerForm`, or refused with the first field at fault (nothing is written)."""
    form = AnswerForm(answer, attempt=attempt, items=items, with_certainty=with_certainty)
    if not form.is_valid():
        field, code, message = form.first_error()
        raise AnswerRefused(message, code=code, status=422, field=field)
    return form


def answer_submit(*, learner, attempt_id, step: int, answer: Mapping[str, str], now=None) -> StepResult:
    """Record the learner's answer to one step (a statement, or a whole matching set).

    Accepted, it takes two queries (read the step, write the answer), or one for a true/false answer on
    PostgreSQL, which reads and writes in one statement (`answer_sql.step_rows_answering`).

    The write is one conditional UPDATE (only items still unanswered), so a repeated or concurrent
    submission records nothing more; the same answer again is reported as a duplicate, not an error.
    """
    now = now or timezone.now()
    choice = answer.get("choice", "")
    try:
        certainty = scoring.parse_certainty(answer.get("certainty", ""))
    except ValueError:
        certainty = INVALID
    if choice in (TRUE, FALSE) and certainty is not INVALID and answer_sql.answers_in_one_statement():
        # One round trip: the rows as they were, and the answer stored if every check below would pass.
        attempt, items, seconds = answer_sql.step_rows_answering(
            public_id=attempt_id, step=step, learner_id=learner.pk, choice=choice, certainty=certainty, now=now
        )
        if seconds is not None:
            stored = certainty if attempt.asks_certainty else None
            return StepResult(attempt, [_answered(items[0], choice, stored, now=now, seconds=seconds)])
    else:
        attempt, items = steps.step_rows(public_id=attempt_id, step=step)
    if not items or attempt.learner_id != learner.pk:
        raise _refuse_missing(learner=learner, attempt_id=attempt_id, step=step)
    if all(item.is_answered for item in items):
        submitted = _parsed(attempt, items, answer, with_certainty=False).choices(items)
        if all(submitted[item.pk] == item.choice for item in items):
            return StepResult(attempt, items, duplicate=True)
        raise AnswerRefused(str(ALREADY_ANSWERED), code="answered")
    if attempt.is_finished:
        raise AnswerRefused(str(ATTEMPT_FINISHED), code="finished")
    if attempt.is_expired(now):
        attempt_finish(attempt=attempt, now=now)
        raise AnswerRefused(_("Time is up: answers given after the time limit are not counted."), code="time_up")
    if items[0].open_step != step:
        raise AnswerRefused(
            _("Item %(step)d is not open yet. Answer item %(open_step)s first.")
            % {"step": step, "open_step": items[0].open_step},
            code="not_open",
        )
    form = _parsed(attempt, items, answer, with_certainty=attempt.asks_certainty)
    choices, certainty = form.choices(items), form.certainty()  # a quiz that does not ask ignores any certainty
    since = items[0].last_answered_at or attempt.started_at
    seconds = max(0, int((now - since).total_seconds()))
    correct = {item.pk: choices[item.pk] == item.correct_choice for item in items}
    updated = answer_sql.record(choices=choices, correct=correct, certainty=certainty, now=now, seconds=seconds)
    if updated == 0:
        # Another request answered this step between our read and our write: report what it recorded.
        for item in items:
            item.refresh_from_db(fields=["choice", "certainty", "is_correct", "answered_at", "seconds_taken"])
        if all(choices[item.pk] == item.choice for item in items):
            return StepResult(attempt, items, duplicate=True)
        if attempt.is_finished or any(item.answered_at is None for item in items):
            raise AnswerRefused(str(ATTEMPT_FINISHED), code="finished")
        raise AnswerRefused(str(ALREADY_ANSWERED), code="answered")
    return StepResult(
        attempt, [_answered(item, choices[item.pk], certainty, now=now, seconds=seconds) for item in items]
    )


def _answered(item: AttemptItem, choice: str, certainty, *, now, seconds: int) -> AttemptItem:
    """The item as it was just stored."""
    item.choice = choice
    item.certainty = certainty
    item.is_correct = choice == item.correct_choice
    item.answered_at = now
    item.seconds_taken = seconds
    return item


# --- Finishing -------------------------------------------------------------------------------


def percent_of(score: int, max_score: int) -> int:
    """Whole percent, rounded half up."""
    return (200 * score + max_score) // (2 * max_score) if max_score else 0


FINISH_FIELDS = ["finished_at", "score", "percent", "passed", "finish_reason", "discernment", "bias", "certainty_marks"]


def attempt_finish(*, attempt: Attempt, now=None) -> Attempt:
    """Close the attempt and score it. Unanswered items count as wrong. Finishing twice changes nothing.

    Unanswered items are closed first (marked wrong), so an answer still in flight either landed
    before and is counted, or finds its item closed and is refused: never stored but unscored.
    """
    now = now or timezone.now()
    with transaction.atomic():
        AttemptItem.objects.filter(attempt_id=attempt.pk, is_correct__isnull=True).update(is_correct=False)
        totals = AttemptItem.objects.filter(attempt_id=attempt.pk).aggregate(
            score=Count("pk", filter=Q(is_correct=True)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            trues=Count("pk", filter=Q(statement_is_true=True, answered_at__isnull=False)),
            hits=Count("pk", filter=Q(statement_is_true=True, choice=TRUE)),
            falses=Count("pk", filter=Q(statement_is_true=False, answered_at__isnull=False)),
            false_alarms=Count("pk", filter=Q(statement_is_true=False, choice=TRUE)),
            marks=Sum(scoring.mark_expression()),
        )
        if totals["answered"] == attempt.max_score:
            reason = Attempt.FinishReason.COMPLETED
        elif attempt.is_expired(now):
            reason = Attempt.FinishReason.TIME_UP
        else:
            reason = Attempt.FinishReason.ENDED_EARLY
        percent = percent_of(totals["score"], attempt.max_score)
        signal = scoring.Discernment.of(
            trues=totals["trues"],
            hits=totals["hits"],
            falses=totals["falses"],
            false_alarms=totals["false_alarms"],
        )
        # Timed out: it ended at its deadline, however much later someone noticed (a due date met in time stays met).
        ended = min(now, attempt.deadline) if attempt.deadline else now
        finished = Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(
            finished_at=ended,
            score=totals["score"],
            percent=percent,
            passed=None
            if attempt.is_review
            else scoring.passes(
                percent=percent, pass_mark=attempt.pass_mark, signal=signal, min_discernment=attempt.min_discernment
            ),
            finish_reason=reason,
            discernment=signal.discernment if signal else None,
            bias=signal.bias if signal else None,
            certainty_marks=totals["marks"] if attempt.asks_certainty else None,
        )
        if finished:
            tallies.attempt_finished(attempt)  # the item tallies count it in this transaction
    attempt.refresh_from_db(fields=FINISH_FIELDS)  # only these: the quiz and section loaded with it stay
    if finished:
        attempt_finished.send(sender=Attempt, attempt=attempt)
    return attempt


def attempt_expire_if_due(*, attempt: Attempt, now=None) -> bool:
    """Finish an open attempt whose time limit has passed; True if it is (now) finished for that reason."""
    now = now or timezone.now()
    if not attempt.is_finished and attempt.is_expired(now):
        attempt_finish(attempt=attempt, now=now)
        return True
    return False
