"""What a new attempt is drawn from, for one learner and quiz: the catalogue's pool and their history; then the plan."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from quiz import generation
from quiz.catalogue import catalogue
from quiz.errors import QuizUnavailable
from quiz.generation import Candidate, History, Plan
from quiz.models import AttemptItem, Quiz


def _history(*, learner, quiz: Quiz) -> dict[int, History]:
    """How often the learner saw and missed each item of this quiz, keyed as candidates are: statements for
    true/false, claims otherwise, transfer examples by their negative key. One query."""
    field = "statement_id" if quiz.is_true_false else "claim_id"
    rows = (
        AttemptItem.objects.filter(attempt__learner=learner, attempt__quiz=quiz)
        .values(field, "example_id")
        .annotate(seen=Count("pk"), wrong=Count("pk", filter=Q(is_correct=False)))
    )
    history = {}
    for row in rows:
        key = row[field] if row[field] is not None else (-row["example_id"] if row["example_id"] else None)
        if key is not None:
            history[key] = History(seen=row["seen"], wrong=row["wrong"])
    return history


@dataclass(frozen=True)
class GenerationInputs:
    """What a quiz's attempts are drawn from, for one learner: candidates, decoys and their history."""

    candidates: Sequence[Candidate]
    decoys: Sequence[Candidate]  # matching: other sections' facts; technique quizzes: the transfer examples
    history: dict[int, History]
    techniques: tuple[generation.TechniqueChoice, ...] = ()


def generation_inputs(*, quiz: Quiz, learner) -> GenerationInputs:
    """What `quiz_generate` draws from: the catalogue's pool and the learner's history (one query when the
    catalogue is kept). Raises QuizUnavailable if the quiz is not listed or its section cannot make it."""
    known = catalogue()
    listed = known.listed.get(quiz.pk)
    if listed is None or known.unavailable_reason(listed):
        raise QuizUnavailable(_("This quiz is not available at the moment."))
    pool = known.pool(listed)
    return GenerationInputs(
        candidates=pool.candidates,
        decoys=pool.decoys,
        history=_history(learner=learner, quiz=listed),
        techniques=pool.techniques,
    )


def quiz_plan(*, quiz: Quiz, inputs: GenerationInputs, seed: int) -> Plan:
    """The items of a new attempt, drawn from `inputs` by the seed (no database access)."""
    if quiz.is_technique:
        return generation.plan_technique(
            candidates=inputs.candidates,
            examples=inputs.decoys,
            techniques=list(inputs.techniques),
            history=inputs.history,
            wanted=quiz.item_count,
            example_count=quiz.example_count,
            seed=seed,
        )
    if quiz.is_matching:
        return generation.plan_matching(
            candidates=inputs.candidates,
            decoys=inputs.decoys,
            history=inputs.history,
            wanted=quiz.item_count,
            set_size=quiz.matching_set_size,
            seed=seed,
        )
    return generation.plan_true_false(
        candidates=inputs.candidates, history=inputs.history, wanted=quiz.item_count, seed=seed
    )


def quiz_generate(*, quiz: Quiz, learner, seed: int) -> Plan:
    """Choose the items of a new attempt. Raises QuizUnavailable if the section cannot make the quiz."""
    return quiz_plan(quiz=quiz, inputs=generation_inputs(quiz=quiz, learner=learner), seed=seed)
