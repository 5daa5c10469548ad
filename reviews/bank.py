"""What a review can ask of each published claim, read once per content version and kept by this process: its pair
(the claim and its fact), its approved statements, its technique item, and the decoy facts of each document.

The same for every learner; a review adds only the learner's due cards and the statements they have seen.
Kept under the content version (`content.versions.kept`): shared by the process's requests, read only.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from content.models import Claim, ClaimTechnique, Statement, Technique
from content.versions import kept
from quiz import candidates
from quiz.generation import Candidate, TechniqueChoice


@dataclass(frozen=True)
class ClaimBank:
    claim_id: int
    document_id: int
    pair: Candidate  # the claim and its fact, for a matching set
    statements: tuple[Candidate, ...]  # its approved statements, by pk
    technique: Candidate | None  # the claim with its primary technique, when it has one


@dataclass(frozen=True)
class Bank:
    claims: dict[int, ClaimBank]  # published claims of published sections (with a rebuttal), by pk
    decoys: dict[int, tuple[Candidate, ...]] = field(default_factory=dict)  # by document: claims with a fact, by pk
    techniques: tuple[TechniqueChoice, ...] = ()  # by id

    def decoys_for(self, claim_ids, limit: int) -> list[Candidate]:
        """Facts of the other claims of these claims' documents, by claim, at most `limit`."""
        documents = {self.claims[pk].document_id for pk in claim_ids if pk in self.claims}
        pool = (c for document in documents for c in self.decoys.get(document, ()) if c.claim_id not in claim_ids)
        return sorted(pool, key=lambda c: c.key)[:limit]


@kept
def bank() -> Bank:
    """Four queries, once per content version."""
    claims = list(
        Claim.objects.published()
        .filter(section__is_published=True, rebuttal__isnull=False)
        .select_related("rebuttal", "section")
        .order_by("pk")
    )
    by_pk = {claim.pk: claim for claim in claims}
    statements = defaultdict(list)
    for statement in Statement.objects.approved().filter(claim_id__in=by_pk).order_by("pk"):
        statements[statement.claim_id].append(candidates.from_statement(statement, by_pk[statement.claim_id]))
    tags = defaultdict(list)
    for tag in ClaimTechnique.objects.filter(claim_id__in=by_pk).order_by("pk"):
        tag.claim = by_pk[tag.claim_id]
        tags[tag.claim_id].append(tag)
    decoys = defaultdict(list)
    for claim in claims:
        if claim.rebuttal.summary:
            decoys[claim.section.document_id].append(candidates.from_claim(claim))
    return Bank(
        claims={
            claim.pk: ClaimBank(
                claim_id=claim.pk,
                document_id=claim.section.document_id,
                pair=candidates.from_claim(claim),
                statements=tuple(statements[claim.pk]),
                technique=_technique_candidate(tags[claim.pk]),
            )
            for claim in claims
        },
        decoys={document: tuple(found) for document, found in decoys.items()},
        techniques=tuple(TechniqueChoice(t.pk, t.name, t.family_id) for t in Technique.objects.order_by("pk")),
    )


def _technique_candidate(tags: list[ClaimTechnique]) -> Candidate | None:
    """The claim as a technique item (its primary technique the answer, its others never offered), or None."""
    primary = next((t for t in tags if t.role == ClaimTechnique.Role.PRIMARY), None)
    if primary is None:
        return None
    return candidates.from_claim_technique(primary, frozenset(t.technique_id for t in tags))
