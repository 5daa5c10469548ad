"""What a new attempt is drawn from, for one learner and quiz: the catalogue's pool and their history; then the plan."""

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from quiz import generation
from quiz.catalogue import Pool, catalogue
from quiz.errors import QuizUnavailable
from quiz.generation import History, Plan
from quiz.models import Attempt, AttemptItem, Quiz


def _history_sql(field: str) -> str:
    """Per item of one quiz, how often the learner saw and missed it (params: False, learner, quiz). Written once
    as SQL: on every start, the ORM took longer to compile this grouping than the database to run it."""
    quote = connection.ops.quote_name
    item, attempt = quote(AttemptItem._meta.db_table), quote(Attempt._meta.db_table)
    return f"""
        SELECT i.{field}, i.example_id, COUNT(*), SUM(CASE WHEN i.is_correct = %s THEN 1 ELSE 0 END)
        FROM {item} i JOIN {attempt} a ON a.id = i.attempt_id
        WHERE a.learner_id = %s AND a.quiz_id = %s
        GROUP BY i.{field}, i.example_id
    """


def _history(*, learner, quiz: Quiz) -> dict[int, History]:
    """How often the learner saw and missed each item of this quiz, keyed as candidates are: statements for
    true/false, claims otherwise, transfer examples by their negative key. One query."""
    field = "statement_id" if quiz.is_true_false else "claim_id"
    with connection.cursor() as cursor:
        cursor.execute(_history_sql(field), [False, learner.pk, quiz.pk])
        rows = cursor.fetchall()
    history = {}
    for key, example_id, seen, wrong in rows:
        key = key if key is not None else (-example_id if example_id else None)
        if key is not None:
            history[key] = History(seen=seen, wrong=wrong or 0)
    return history


@dataclass(frozen=True)
class GenerationInputs:
    """What a quiz's attempts are drawn from, for one learner: the quiz's pool (the catalogue's) and their history."""

    pool: Pool
    history: dict[int, History]


def generation_inputs(*, quiz: Quiz, learner) -> GenerationInputs:
    """What `quiz_generate` draws from: the catalogue's pool and the learner's history (one query when the
    catalogue is kept). Raises QuizUnavailable if the quiz is not listed or its section cannot make it."""
    known = catalogue()
    listed = known.listed.get(quiz.pk)
    if listed is None or known.unavailable_reason(listed):
        raise QuizUnavailable(_("This quiz is not available at the moment."))
    return GenerationInputs(pool=known.pool(listed), history=_history(learner=learner, quiz=listed))


def quiz_plan(*, quiz: Quiz, inputs: GenerationInputs, seed: int) -> Plan:
    """The items of a new attempt, drawn from `inputs` by the seed (no database access)."""
    pool = inputs.pool
    if quiz.is_technique:
        return generation.plan_technique(
            candidates=pool.candidates,
            examples=pool.decoys,
            techniques=list(pool.techniques),
            history=inputs.history,
            wanted=quiz.item_count,
            example_count=quiz.example_count,
            seed=seed,
        )
    if quiz.is_matching:
        return generation.plan_matching(
            candidates=pool.candidates,
            decoys=pool.decoys,
            history=inputs.history,
            wanted=quiz.item_count,
            set_size=quiz.matching_set_size,
            seed=seed,
        )
    return generation.plan_true_false(
        candidates=pool.candidates, history=inputs.history, wanted=quiz.item_count, seed=seed
    )


def quiz_generate(*, quiz: Quiz, learner, seed: int) -> Plan:
    """Choose the items of a new attempt. Raises QuizUnavailable if the section cannot make the quiz."""
    return quiz_plan(quiz=quiz, inputs=generation_inputs(quiz=quiz, learner=learner), seed=seed)
