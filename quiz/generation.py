"""Pure, seeded selection of quiz items: the same seed, pool and history always give the same plan."""

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

TRUE, FALSE = "true", "false"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Candidate:
    """A statement (true/false) or a claim with its rebuttal summary (matching) that an item can be made of."""

    key: int  # what history and ordering go by: statement id (true/false) or claim id (matching)
    claim_id: int | None
    prompt: str
    claim_text: str
    rebuttal_summary: str
    explanation: str = ""
    is_true: bool | None = None
    statement_id: int | None = None


@dataclass(frozen=True)
class History:
    """How often a learner saw an item before, and how often they got it wrong."""

    seen: int = 0
    wrong: int = 0


@dataclass
class PlannedItem:
    step: int
    candidate: Candidate
    correct_choice: str  # "true"/"false", or the option key ("o<claim id>") for matching


@dataclass
class PlannedOption:
    key: str
    text: str
    claim_id: int | None
    is_decoy: bool


@dataclass
class Plan:
    items: list[PlannedItem] = field(default_factory=list)
    options: dict[int, list[PlannedOption]] = field(default_factory=dict)  # step -> options in display order

    @property
    def step_count(self) -> int:
        return max((item.step for item in self.items), default=0)


def _ranked(candidates: Iterable[Candidate], history: Mapping[int, History], rng: random.Random) -> list[Candidate]:
    """Order candidates by preference: got wrong before first, then least seen, ties broken by the seed."""
    keyed = [(c, rng.random()) for c in sorted(candidates, key=lambda c: c.key)]
    keyed.sort(
        key=lambda pair: (
            -(history.get(pair[0].key, History()).wrong > 0),
            history.get(pair[0].key, History()).seen,
            pair[1],
        )
    )
    return [c for c, _ in keyed]


def true_false_counts(*, wanted: int, true_available: int, false_available: int, rng: random.Random) -> tuple[int, int]:
    """How many true and how many false statements to use: as even as the pool allows, never all one kind."""
    wanted = min(wanted, true_available + false_available)
    if wanted < 2 or true_available < 1 or false_available < 1:
        raise ValueError("A true/false quiz needs at least one true and one false statement.")
    n_true = wanted // 2
    if wanted % 2 and rng.random() < 0.5:
        n_true += 1
    n_true = min(max(n_true, wanted - false_available), true_available)
    n_true = max(1, min(n_true, wanted - 1))
    return n_true, wanted - n_true


def plan_true_false(*, candidates: list[Candidate], history: Mapping[int, History], wanted: int, seed: int) -> Plan:
    """Pick a balanced set of statements, each at most once, in an order drawn from the seed."""
    rng = random.Random(seed)
    trues = _ranked([c for c in candidates if c.is_true], history, rng)
    falses = _ranked([c for c in candidates if not c.is_true], history, rng)
    n_true, n_false = true_false_counts(wanted=wanted, true_available=len(trues), false_available=len(falses), rng=rng)
    chosen = trues[:n_true] + falses[:n_false]
    rng.shuffle(chosen)
    return Plan(
        items=[
            PlannedItem(step=step, candidate=c, correct_choice=TRUE if c.is_true else FALSE)
            for step, c in enumerate(chosen, start=1)
        ]
    )


def set_sizes(total: int, set_size: int) -> list[int]:
    """Split `total` claims into sets of at most `set_size`, as even as possible, none smaller than 2."""
    if total < 2:
        raise ValueError("A matching quiz needs at least two claims.")
    count = math.ceil(total / set_size)
    while count > 1 and total // count < 2:
        count -= 1
    base, extra = divmod(total, count)
    return [base + 1 if i < extra else base for i in range(count)]


def option_key(claim_id: int) -> str:
    return f"o{claim_id}"


def plan_matching(
    *,
    candidates: list[Candidate],
    decoys: list[Candidate],
    history: Mapping[int, History],
    wanted: int,
    set_size: int,
    seed: int,
) -> Plan:
    """Sets of claims to pair with their rebuttal summaries, shuffled, plus one decoy fact per set.

    The decoy (a fact from another section) means the last pair is never a free point.
    """
    rng = random.Random(seed)
    chosen = _ranked(candidates, history, rng)[: min(wanted, len(candidates))]
    spare_decoys = sorted(decoys, key=lambda c: c.key)
    rng.shuffle(spare_decoys)
    plan = Plan()
    start = 0
    for step, size in enumerate(set_sizes(len(chosen), set_size), start=1):
        group = chosen[start : start + size]
        start += size
        rng.shuffle(group)
        options = [PlannedOption(option_key(c.claim_id), c.rebuttal_summary, c.claim_id, False) for c in group]
        if spare_decoys:
            decoy = spare_decoys[(step - 1) % len(spare_decoys)]
            options.append(PlannedOption(option_key(decoy.claim_id), decoy.rebuttal_summary, decoy.claim_id, True))
        rng.shuffle(options)
        plan.options[step] = options
        plan.items.extend(PlannedItem(step=step, candidate=c, correct_choice=option_key(c.claim_id)) for c in group)
    return plan
