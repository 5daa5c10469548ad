"""Pure, seeded selection of quiz items: the same seed, pool and history always give the same plan."""

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from content import quality

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
    # Technique items: the right technique, the techniques never to offer as wrong options (the claim's
    # secondary ones), and the transfer example the item is made of, if it is one.
    technique_id: int | None = None
    excluded_techniques: frozenset[int] = frozenset()
    example_id: int | None = None
    held_out_id: int | None = None  # an item of the pre- and post-test pool


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
    technique_id: int | None = None


@dataclass(frozen=True)
class TechniqueChoice:
    """A technique as a technique quiz offers it: its name, and its family (wrong options come mostly from
    the right one's family, so they are plausible)."""

    id: int
    name: str
    family_id: int


@dataclass
class Plan:
    items: list[PlannedItem] = field(default_factory=list)
    options: dict[int, list[PlannedOption]] = field(default_factory=dict)  # step -> options in display order

    @property
    def step_count(self) -> int:
        return max((item.step for item in self.items), default=0)

    def extend(self, more: "Plan") -> None:
        """Add `more`'s steps after this plan's, renumbered (option keys stay unique: they name their step)."""
        offset = self.step_count
        for step, options in sorted(more.options.items()):
            self.options[offset + step] = options
        self.items.extend(PlannedItem(offset + i.step, i.candidate, i.correct_choice) for i in more.items)


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
    """How many true and how many false statements to use: exactly half each, one more of either when odd.

    A pool short of one kind shortens the attempt rather than unbalance it, so "false to everything"
    (or "true to everything") never scores more than half.
    """
    if wanted < 2 or true_available < 1 or false_available < 1:
        raise ValueError("A true/false quiz needs at least one true and one false statement.")
    wanted = min(wanted, true_available + false_available)
    each = min(wanted // 2, true_available, false_available)
    n_true = n_false = each
    if wanted > 2 * each:  # one more of a kind that has one to spare
        spare = [kind for kind, left in ((TRUE, true_available - each), (FALSE, false_available - each)) if left]
        if spare:
            if rng.choice(sorted(spare)) == TRUE:
                n_true += 1
            else:
                n_false += 1
    return n_true, n_false


def feedback_text(candidate: Candidate) -> str:
    """What a learner reads once the item is answered: the statement, its explanation and the claim."""
    return " ".join((candidate.prompt, candidate.explanation, candidate.claim_text))


def _order(
    chosen: list[Candidate], gives: set[tuple[int, int]], rng: random.Random, *, strict: bool = True
) -> list[Candidate] | None:
    """A seeded order in which no item's feedback comes before a statement it gives away.

    ``gives`` holds (i, j) when the feedback of chosen[i] gives away chosen[j]: j must come first.
    When no such order exists: None, or with ``strict=False`` an order that breaks as few of those
    rules as it can (at each turn the item with the fewest statements still to come before it).
    """
    waiting = {i: {j for (a, j) in gives if a == i} for i in range(len(chosen))}
    placed: list[int] = []
    while waiting:
        ready = sorted(i for i, before in waiting.items() if not before)
        if not ready:
            if strict:
                return None
            fewest = min(len(before) for before in waiting.values())
            ready = sorted(i for i, before in waiting.items() if len(before) == fewest)
        pick = rng.choice(ready)
        placed.append(pick)
        del waiting[pick]
        for before in waiting.values():
            before.discard(pick)
    return [chosen[i] for i in placed]


def order_safely(chosen: list[Candidate], rng: random.Random) -> list[Candidate]:
    """The chosen statements in a seeded order where, as far as possible, no feedback gives a later one away."""
    gives = quality.giveaway_pairs([(c.prompt, feedback_text(c)) for c in chosen])
    return _order(chosen, set(gives), rng, strict=False)


def plan_true_false(*, candidates: list[Candidate], history: Mapping[int, History], wanted: int, seed: int) -> Plan:
    """Pick an exactly balanced set of statements, each at most once, in an order drawn from the seed.

    No item gives another away: a statement is skipped if no order of the chosen items would keep it
    before every feedback that reveals it (the statement itself, its explanation and its claim). If the
    pool is too small for that, the most preferred items are used in the best order found.
    """
    rng = random.Random(seed)
    pools = {
        TRUE: _ranked([c for c in candidates if c.is_true], history, rng),
        FALSE: _ranked([c for c in candidates if not c.is_true], history, rng),
    }
    n_true, n_false = true_false_counts(
        wanted=wanted, true_available=len(pools[TRUE]), false_available=len(pools[FALSE]), rng=rng
    )
    needed = {TRUE: n_true, FALSE: n_false}
    pool = sorted(candidates, key=lambda c: c.key)  # a stable order, so the give-aways are cached per pool
    index = {c.key: i for i, c in enumerate(pool)}
    tells: dict[int, set[int]] = {}
    for a, b in quality.giveaway_pairs([(c.prompt, feedback_text(c)) for c in pool]):
        tells.setdefault(a, set()).add(b)

    def gives_among(chosen: list[Candidate]) -> set[tuple[int, int]]:
        position = {index[c.key]: n for n, c in enumerate(chosen)}
        return {(n, position[b]) for a, n in position.items() for b in tells.get(a, ()) if b in position}

    chosen: list[Candidate] = []
    for kind in (TRUE, FALSE):
        taken = 0
        for candidate in pools[kind]:
            if taken == needed[kind]:
                break
            trial = chosen + [candidate]
            if _order(trial, gives_among(trial), random.Random(0)) is not None:
                chosen, taken = trial, taken + 1
        for candidate in pools[kind]:  # a pool too small to avoid every give-away: fill with the preferred
            if taken == needed[kind]:
                break
            if candidate not in chosen:
                chosen, taken = chosen + [candidate], taken + 1
    rng.shuffle(chosen)
    ordered = _order(chosen, gives_among(chosen), rng, strict=False)
    return Plan(
        items=[
            PlannedItem(step=step, candidate=c, correct_choice=TRUE if c.is_true else FALSE)
            for step, c in enumerate(ordered, start=1)
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

    The decoy means the last pair is never a free point. It is the fact of a claim of the same
    section that the set does not hold (one left out of the attempt first, then one of a later set),
    or, where the section has none to spare, the fact from another section (``decoys``) that shares
    most words with the set's claims, so the odd one out is not plainly off-topic.
    """
    rng = random.Random(seed)
    chosen = _ranked(candidates, history, rng)[: min(wanted, len(candidates))]
    left_out = [c for c in sorted(candidates, key=lambda c: c.key) if c not in chosen]
    rng.shuffle(left_out)
    others = sorted(decoys, key=lambda c: c.key)
    rng.shuffle(others)
    plan = Plan()
    used_decoys: set[int] = set()
    start = 0
    for step, size in enumerate(set_sizes(len(chosen), set_size), start=1):
        group = chosen[start : start + size]
        start += size
        rng.shuffle(group)
        # A later set's claim, never an earlier one's: a fact the learner has already matched is no decoy.
        decoy = _decoy(group, left_out, chosen[start:], others, used_decoys)
        options = [PlannedOption(option_key(c.claim_id), c.rebuttal_summary, c.claim_id, False) for c in group]
        if decoy is not None:
            used_decoys.add(decoy.key)
            options.append(PlannedOption(option_key(decoy.claim_id), decoy.rebuttal_summary, decoy.claim_id, True))
        rng.shuffle(options)
        plan.options[step] = options
        plan.items.extend(PlannedItem(step=step, candidate=c, correct_choice=option_key(c.claim_id)) for c in group)
    return plan


def _decoy(group, left_out, other_sets, other_sections, used: set[int]) -> Candidate | None:
    """The set's decoy: a spare claim of the section, then one of a later set, then the most topical other."""
    for pool in (left_out, other_sets):
        fresh = [c for c in pool if c.key not in used] or pool
        if fresh:
            return fresh[0]
    if not other_sections:
        return None
    fresh = [c for c in other_sections if c.key not in used] or other_sections
    claims = " ".join(c.claim_text for c in group)
    return max(fresh, key=lambda c: quality.overlap(claims, c.rebuttal_summary))  # first of the shuffle on ties


TECHNIQUE_OPTIONS = 4


def technique_key(step: int, technique_id: int) -> str:
    return f"t{step}.{technique_id}"


def plan_technique(
    *,
    candidates: list[Candidate],
    examples: list[Candidate],
    techniques: list[TechniqueChoice],
    history: Mapping[int, History],
    wanted: int,
    example_count: int,
    seed: int,
) -> Plan:
    """One item per step: a claim (or an invented transfer example) and four techniques to choose from.

    The options are the right technique and three others, never one of the claim's secondary techniques
    (they are not wrong), from both families, how many from the answer's own drawn by the seed, so that
    neither family gives the answer away; each offered once, in an order the seed shuffles. Wrong options are drawn
    in proportion to how often each technique is the answer in this quiz's pool, so a technique that is
    often right is as often offered when it is wrong: "pick the commonest technique whenever it is
    offered" then earns little more than its share. Claims missed before come first, then the least seen
    (`_ranked`); examples are keyed apart (negative keys) in `history`.
    """
    rng = random.Random(seed)
    examples_wanted = min(example_count, len(examples), max(0, wanted - 1) if candidates else wanted)
    claims = _ranked(candidates, history, rng)[: max(0, min(wanted - examples_wanted, len(candidates)))]
    chosen = claims + _ranked(examples, history, rng)[:examples_wanted]
    rng.shuffle(chosen)
    by_id = {t.id: t for t in sorted(techniques, key=lambda t: t.id)}
    answers = {t: 1 for t in by_id}  # how often each technique is the answer in the pool (+1: every one can be drawn)
    for candidate in (*candidates, *examples):
        if candidate.technique_id in answers:
            answers[candidate.technique_id] += 1
    plan = Plan()
    for step, candidate in enumerate(chosen, start=1):
        right = by_id[candidate.technique_id]
        allowed = [t for t in by_id.values() if t.id != right.id and t.id not in candidate.excluded_techniques]
        same = _weighted_order([t for t in allowed if t.family_id == right.family_id], answers, rng)
        other = _weighted_order([t for t in allowed if t.family_id != right.family_id], answers, rng)
        # How many wrong options share the answer's family is drawn too (0, 1 or 2, weighted 1:2:3): when three
        # options share a family and one stands alone, the lone one is then the answer a quarter of the time,
        # as any one of four would be, so neither "drop the odd one out" nor "pick it" beats chance.
        from_family = rng.choices([0, 1, 2], weights=[1, 2, 3])[0]
        wrong = same[:from_family] + other[: TECHNIQUE_OPTIONS - 1 - from_family]
        rest = _weighted_order(same[2:] + other[1:], answers, rng)
        wrong += rest[: TECHNIQUE_OPTIONS - 1 - len(wrong)]
        offered = [right, *wrong]
        rng.shuffle(offered)
        plan.options[step] = [
            PlannedOption(technique_key(step, t.id), t.name, None, False, technique_id=t.id) for t in offered
        ]
        plan.items.append(
            PlannedItem(step=step, candidate=candidate, correct_choice=technique_key(step, right.id))
        )
    return plan


def _weighted_order(choices: list[TechniqueChoice], weights: Mapping[int, int], rng: random.Random) -> list:
    """The choices in a random order where heavier ones tend to come first (drawing without replacement)."""
    keyed = [(rng.random() ** (1 / weights[c.id]), c.id, c) for c in choices]  # Efraimidis–Spirakis keys
    return [c for _, _, c in sorted(keyed, key=lambda k: (-k[0], k[1]))]
