"""Pure, seeded planning of a review: which due claims come as statements, which in matching sets, in what order."""

import random
from dataclasses import dataclass, field

from quiz import generation
from quiz.generation import FALSE, TRUE, Candidate, Plan, PlannedItem, TechniqueChoice

SET_SIZE = 3  # "short matching sets": two or three claims, and a decoy fact
MIN_FOR_MATCHING = 4  # below this many due claims, every claim comes as a statement
MIN_FOR_TECHNIQUE = 4  # from this many due claims on, one or two come as "spot the technique"


@dataclass
class DueClaim:
    """A due card's claim with what a review can ask of it."""

    claim_id: int
    pair: Candidate  # the claim and its fact, for a matching set
    statements: list[Candidate] = field(default_factory=list)  # its approved statements
    last_statement_id: int | None = None  # asked last time: never asked twice in a row
    technique: Candidate | None = None  # the claim with its primary technique, when it has one

    def has_unseen(self, kind: str, seen: set[int]) -> bool:
        return any(s.statement_id not in seen for s in self.choices(kind, seen))

    def choices(self, kind: str, seen: set[int]) -> list[Candidate]:
        """Statements of the kind worth asking: not the last one (unless it is the only one), unseen ones first."""
        of_kind = [s for s in self.statements if (s.is_true and kind == TRUE) or (not s.is_true and kind == FALSE)]
        fresh = [s for s in of_kind if s.statement_id != self.last_statement_id] or of_kind
        unseen = [s for s in fresh if s.statement_id not in seen]
        return unseen or fresh


def matching_count(due: int) -> int:
    """How many of the due claims go into matching sets: about a third, at least two, none when few are due."""
    return 0 if due < MIN_FOR_MATCHING else max(2, round(due / 3))


def technique_count(due: int, tagged: int) -> int:
    """How many due claims come as technique items: about one in five, at least one, none when few are due."""
    return 0 if due < MIN_FOR_TECHNIQUE or not tagged else min(tagged, max(1, round(due / 5)))


def plan_review(
    *,
    due: list[DueClaim],
    decoys: list[Candidate],
    seen: set[int],
    seed: int,
    techniques: list[TechniqueChoice] | None = None,
) -> Plan:
    """A review of the due claims (most overdue first in `due`): statements, short matching sets and technique
    items, mixed.

    - About a third of the claims (none when fewer than four are due) are paired in matching sets of two
      or three, each with a decoy fact (`generation.plan_matching`); claims whose every statement the
      learner has already seen go there first, so the statements asked are new ones where the bank allows.
    - The rest come as one statement each, as many true as false (one more of either when odd), never
      the statement the claim was last asked with, one the learner has not seen when there is one,
      ordered so that no feedback gives a later statement away.
    - With `techniques`, about one claim in five with a primary technique (none when fewer than four are
      due) also comes as a "spot the technique" item (`generation.plan_technique`), preferring claims whose
      statements have all been seen: extra practice, since naming a technique is not recalling the fact,
      so its answer moves no card (`services.pending_answers`).
    - Matching sets and technique items are spread among the statements.
    """
    rng = random.Random(seed)
    with_pair = [d for d in due if d.pair.rebuttal_summary]
    stale = {d.claim_id for d in due if not any(s.statement_id not in seen for s in d.statements)}
    ranked = sorted(with_pair, key=lambda d: (d.claim_id not in stale, rng.random()))
    paired = {d.claim_id for d in ranked[: matching_count(len(due))]}
    tagged = sorted(
        (d for d in due if d.technique is not None and techniques),
        key=lambda d: (d.claim_id not in stale, rng.random()),
    )
    spotted = tagged[: technique_count(len(due), len(tagged))]
    asked = [d for d in due if d.claim_id not in paired and d.statements]
    statements = _statements(asked, seen, rng)
    sets = Plan()
    if paired:
        sets = generation.plan_matching(
            candidates=[d.pair for d in due if d.claim_id in paired],
            decoys=[c for c in decoys if c.claim_id not in paired],
            history={},
            wanted=len(paired),
            set_size=SET_SIZE,
            seed=seed,
        )
    if spotted:
        spotting = generation.plan_technique(
            candidates=[d.technique for d in spotted],
            examples=[],
            techniques=techniques,
            history={},
            wanted=len(spotted),
            example_count=0,
            seed=seed,
        )
        sets.extend(spotting)
    return _interleave(statements, sets)


def _statements(asked: list[DueClaim], seen: set[int], rng: random.Random) -> list[Candidate]:
    kinds = [TRUE, FALSE] * (len(asked) // 2) + ([rng.choice([TRUE, FALSE])] if len(asked) % 2 else [])
    rng.shuffle(kinds)
    chosen = []
    for n, claim in enumerate(asked):
        want = kinds[n]
        other = FALSE if want == TRUE else TRUE
        lacking = not claim.choices(want, seen)  # none of that kind at all
        stale = not lacking and not claim.has_unseen(want, seen) and claim.has_unseen(other, seen)
        if lacking or stale:  # swap kinds with a later claim, so the balance holds and this one gets its best
            later = next((m for m in range(n + 1, len(kinds)) if kinds[m] == other), None)
            if later is not None:
                kinds[n], kinds[later] = kinds[later], kinds[n]
                want = other
            elif lacking:
                want = other
        options = claim.choices(want, seen)
        chosen.append(rng.choice(options))
    return generation.order_safely(chosen, rng)


def _interleave(statements: list[Candidate], sets: Plan) -> Plan:
    """One plan: the statements in order, with the matching sets spread evenly among them."""
    set_steps = sorted(sets.options)
    slots: dict[int, list[int]] = {}
    for n, old in enumerate(set_steps):
        slots.setdefault(round((n + 1) * len(statements) / (len(set_steps) + 1)), []).append(old)
    plan, step = Plan(), 0
    for position in range(len(statements) + 1):
        for old in slots.get(position, []):
            step += 1
            plan.options[step] = sets.options[old]
            plan.items.extend(PlannedItem(step, i.candidate, i.correct_choice) for i in sets.items if i.step == old)
        if position < len(statements):
            step += 1
            candidate = statements[position]
            plan.items.append(PlannedItem(step, candidate, TRUE if candidate.is_true else FALSE))
    return plan
