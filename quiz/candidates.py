"""The one mapping between content, generation candidates and frozen attempt items, each way."""

from content.models import Claim, ClaimTechnique, HeldOutItem, Statement, TechniqueExample
from quiz.generation import Candidate
from quiz.models import AttemptItem

# Candidate field -> AttemptItem field: what an item copies from what it was made of.
ITEM_FIELDS = {
    "statement_id": "statement_id",
    "claim_id": "claim_id",
    "prompt": "prompt",
    "claim_text": "claim_text",
    "rebuttal_summary": "rebuttal_summary",
    "explanation": "explanation",
    "is_true": "statement_is_true",
    "technique_id": "technique_id",
    "example_id": "example_id",
    "held_out_id": "held_out_id",
}


def from_statement(statement: Statement, claim: Claim | None = None) -> Candidate:
    """A true/false candidate; `claim` (with its rebuttal) saves a lookup when the caller has it."""
    claim = claim or statement.claim
    return Candidate(
        key=statement.pk,
        claim_id=claim.pk,
        prompt=statement.text,
        claim_text=claim.text,
        rebuttal_summary=claim.rebuttal.summary,
        explanation=statement.explanation,
        is_true=statement.is_true,
        statement_id=statement.pk,
    )


def from_claim(claim: Claim) -> Candidate:
    """A matching candidate: the claim to pair, with its rebuttal summary as the right fact."""
    return Candidate(
        key=claim.pk,
        claim_id=claim.pk,
        prompt=claim.text,
        claim_text=claim.text,
        rebuttal_summary=claim.rebuttal.summary,
    )


def from_claim_technique(tag: ClaimTechnique, excluded: frozenset[int]) -> Candidate:
    """A technique candidate: the claim, quoted, whose primary technique is the answer; the rationale explains it."""
    claim = tag.claim
    return Candidate(
        key=claim.pk,
        claim_id=claim.pk,
        prompt=claim.text,
        claim_text=claim.text,
        rebuttal_summary=claim.rebuttal.summary,
        explanation=tag.rationale,
        technique_id=tag.technique_id,
        excluded_techniques=excluded,
    )


def from_example(example: TechniqueExample) -> Candidate:
    """A transfer item: an invented statement (no claim of the document), keyed apart from claims (negative)."""
    return Candidate(
        key=-example.pk,
        claim_id=None,
        prompt=example.text,
        claim_text="",
        rebuttal_summary="",
        explanation=example.explanation,
        technique_id=example.technique_id,
        example_id=example.pk,
    )


def from_held_out(item: HeldOutItem) -> Candidate:
    """A pre- or post-test item: a held-out statement (true/false) or technique item; no claim of the document."""
    return Candidate(
        key=item.pk,
        claim_id=None,
        prompt=item.text,
        claim_text="",
        rebuttal_summary="",
        explanation=item.explanation,
        is_true=item.is_true,
        technique_id=item.technique_id,
        held_out_id=item.pk,
    )


def from_item(item: AttemptItem) -> Candidate:
    """A candidate made again from an item's frozen wording (practice of missed items)."""
    return Candidate(key=item.pk, **{field: getattr(item, attr) for field, attr in ITEM_FIELDS.items()})


def item_values(candidate: Candidate) -> dict:
    """The AttemptItem fields an item takes from its candidate."""
    return {attr: getattr(candidate, field) for field, attr in ITEM_FIELDS.items()}
