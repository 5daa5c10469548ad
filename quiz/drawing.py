"""What a new attempt is drawn from, read for one learner and quiz: candidates, decoys, history; then the plan."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from content.models import Claim, ClaimTechnique, Statement, Technique, TechniqueExample
from quiz import candidates, generation
from quiz.availability import quiz_unavailable_reason, stock_of
from quiz.errors import QuizUnavailable
from quiz.generation import Candidate, History, Plan
from quiz.models import AttemptItem, Quiz


def _history(*, learner, quiz: Quiz, field: str) -> dict[int, History]:
    rows = (
        AttemptItem.objects.filter(attempt__learner=learner, attempt__quiz=quiz, **{f"{field}__isnull": False})
        .values(field)
        .annotate(seen=Count("pk"), wrong=Count("pk", filter=Q(is_correct=False)))
    )
    return {row[field]: History(seen=row["seen"], wrong=row["wrong"]) for row in rows}


@dataclass(frozen=True)
class GenerationInputs:
    """What a quiz's attempts are drawn from, for one learner: candidates, decoys and their history."""

    candidates: list[Candidate]
    decoys: list[Candidate]  # matching: other sections' facts; technique quizzes: the transfer examples
    history: dict[int, History]
    techniques: tuple[generation.TechniqueChoice, ...] = ()


def generation_inputs(*, quiz: Quiz, learner) -> GenerationInputs:
    """Read what `quiz_generate` draws from. Raises QuizUnavailable if the section cannot make the quiz."""
    section = quiz.section
    reason = quiz_unavailable_reason(quiz, stock_of(quiz))
    if reason:
        raise QuizUnavailable(_("This quiz is not available at the moment."))
    if quiz.is_technique:
        return technique_inputs(quiz=quiz, learner=learner)
    if quiz.is_matching:
        published = Claim.objects.published().exclude(rebuttal__summary="").select_related("rebuttal").order_by("pk")
        claims = published.filter(section=section)
        decoys = published.filter(section__is_published=True, section__document_id=section.document_id).exclude(
            section=section
        )
        return GenerationInputs(
            candidates=[candidates.from_claim(c) for c in claims],
            decoys=[candidates.from_claim(c) for c in decoys],
            history=_history(learner=learner, quiz=quiz, field="claim_id"),
        )
    statements = (
        Statement.objects.approved()
        .filter(claim__section=section, claim__is_published=True)
        .select_related("claim__rebuttal")
        .order_by("pk")
    )
    pool = [candidates.from_statement(s) for s in statements]
    return GenerationInputs(pool, [], _history(learner=learner, quiz=quiz, field="statement_id"))


def technique_inputs(*, quiz: Quiz, learner) -> GenerationInputs:
    """Published claims of the section (or of the document's published sections) with their primary technique,
    the techniques they must not be offered as wrong (their secondary ones), published transfer examples, and
    the learner's history of both."""
    claims = Claim.objects.published().filter(section__is_published=True)
    claims = claims.filter(section=quiz.section) if quiz.section_id else claims.filter(section__document=quiz.document)
    tags = list(
        ClaimTechnique.objects.filter(claim__in=claims).select_related("claim__rebuttal").order_by("claim_id", "pk")
    )
    excluded: dict[int, set[int]] = {}
    for tag in tags:
        excluded.setdefault(tag.claim_id, set()).add(tag.technique_id)
    primaries = [t for t in tags if t.role == ClaimTechnique.Role.PRIMARY]
    examples = TechniqueExample.objects.published().order_by("pk") if quiz.example_count else []
    history = _history(learner=learner, quiz=quiz, field="claim_id")
    history.update({-key: seen for key, seen in _history(learner=learner, quiz=quiz, field="example_id").items()})
    return GenerationInputs(
        candidates=[candidates.from_claim_technique(t, frozenset(excluded[t.claim_id])) for t in primaries],
        decoys=[candidates.from_example(example) for example in examples],
        history=history,
        techniques=tuple(
            generation.TechniqueChoice(t.pk, t.name, t.family_id) for t in Technique.objects.order_by("pk")
        ),
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
