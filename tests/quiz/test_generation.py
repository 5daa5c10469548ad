"""Item selection: balance, no repeats, determinism by seed, learner history, matching sets and the decoy."""

import random

import pytest

from quiz.generation import Candidate, History, plan_matching, plan_true_false, set_sizes, true_false_counts


def statements(n_true: int, n_false: int) -> list[Candidate]:
    made = []
    for i in range(n_true + n_false):
        is_true = i < n_true
        made.append(
            Candidate(
                key=i + 1,
                claim_id=100 + i,
                prompt=f"s{i}",
                claim_text=f"c{i}",
                rebuttal_summary=f"r{i}",
                is_true=is_true,
                statement_id=i + 1,
            )
        )
    return made


def claims(n: int, start: int = 1) -> list[Candidate]:
    return [
        Candidate(key=i, claim_id=i, prompt=f"claim {i}", claim_text=f"claim {i}", rebuttal_summary=f"fact {i}")
        for i in range(start, start + n)
    ]


@pytest.mark.parametrize(
    ("wanted", "trues", "falses", "expected"),
    [
        (8, 10, 10, [(4, 4)]),
        (7, 10, 10, [(3, 4), (4, 3)]),
        (8, 10, 2, [(6, 2)]),
        (8, 1, 10, [(1, 7)]),
        (20, 3, 4, [(3, 4)]),  # the pool is smaller than asked: use it all
        (2, 5, 5, [(1, 1)]),
    ],
)
def test_true_false_counts_are_balanced_and_never_one_kind(wanted, trues, falses, expected):
    for seed in range(20):
        counts = true_false_counts(wanted=wanted, true_available=trues, false_available=falses, rng=random.Random(seed))
        assert counts in expected
        assert counts[0] >= 1 and counts[1] >= 1


@pytest.mark.parametrize(("trues", "falses"), [(0, 5), (5, 0), (1, 0)])
def test_true_false_needs_both_kinds(trues, falses):
    with pytest.raises(ValueError):
        true_false_counts(wanted=4, true_available=trues, false_available=falses, rng=random.Random(1))


def test_true_false_plan_has_no_repeats_both_kinds_and_steps_in_order():
    plan = plan_true_false(candidates=statements(10, 5), history={}, wanted=8, seed=42)
    keys = [item.candidate.key for item in plan.items]
    assert len(keys) == len(set(keys)) == 8
    assert [item.step for item in plan.items] == list(range(1, 9))
    assert {item.correct_choice for item in plan.items} == {"true", "false"}
    assert sum(item.correct_choice == "true" for item in plan.items) == 4
    for item in plan.items:
        assert item.correct_choice == ("true" if item.candidate.is_true else "false")


def test_true_false_plan_is_reproducible_from_its_seed():
    pool = statements(10, 10)
    first = [i.candidate.key for i in plan_true_false(candidates=pool, history={}, wanted=8, seed=7).items]
    again = [
        i.candidate.key for i in plan_true_false(candidates=list(reversed(pool)), history={}, wanted=8, seed=7).items
    ]
    assert first == again
    others = {
        tuple(i.candidate.key for i in plan_true_false(candidates=pool, history={}, wanted=8, seed=s).items)
        for s in range(10)
    }
    assert len(others) > 1  # different seeds, different orders


def test_true_false_prefers_what_the_learner_got_wrong_then_what_they_saw_least():
    pool = statements(6, 6)
    seen_everything = {c.key: History(seen=3) for c in pool}
    history = {**seen_everything, 2: History(seen=5, wrong=1), 9: History(seen=4, wrong=2), 4: History(seen=0)}
    for seed in range(10):
        chosen = {i.candidate.key for i in plan_true_false(candidates=pool, history=history, wanted=4, seed=seed).items}
        assert {2, 9, 4} <= chosen  # wrong before (true 2, false 9), never seen (true 4)


@pytest.mark.parametrize(
    ("total", "size", "expected"),
    [
        (4, 4, [4]),
        (7, 4, [4, 3]),
        (3, 4, [3]),
        (8, 4, [4, 4]),
        (9, 4, [3, 3, 3]),
        (3, 2, [3]),
        (5, 2, [3, 2]),
        (2, 8, [2]),
    ],
)
def test_matching_set_sizes_are_even_and_never_below_two(total, size, expected):
    assert set_sizes(total, size) == expected


def test_matching_needs_two_claims():
    with pytest.raises(ValueError):
        set_sizes(1, 4)


def test_matching_plan_pairs_each_claim_and_adds_one_decoy_per_set():
    plan = plan_matching(candidates=claims(7), decoys=claims(3, start=50), history={}, wanted=8, set_size=4, seed=3)
    assert plan.step_count == 2
    assert len(plan.items) == 7  # a section with fewer claims than asked uses them all
    assert len({i.candidate.key for i in plan.items}) == 7
    for step, options in plan.options.items():
        group = [i for i in plan.items if i.step == step]
        decoys = [o for o in options if o.is_decoy]
        assert len(decoys) == 1 and decoys[0].claim_id >= 50
        assert len(options) == len(group) + 1
        assert {i.correct_choice for i in group} == {f"o{o.claim_id}" for o in options if not o.is_decoy}


def test_matching_plan_without_other_sections_has_no_decoy():
    plan = plan_matching(candidates=claims(3), decoys=[], history={}, wanted=8, set_size=4, seed=3)
    assert len(plan.options[1]) == 3 and not any(o.is_decoy for o in plan.options[1])


def test_matching_plan_is_reproducible_and_shuffles_the_facts():
    args = dict(candidates=claims(5), decoys=claims(4, start=50), history={}, wanted=5, set_size=5)
    first = plan_matching(seed=11, **args)
    again = plan_matching(seed=11, **args)
    assert [o.key for o in first.options[1]] == [o.key for o in again.options[1]]
    orders = {tuple(o.key for o in plan_matching(seed=s, **args).options[1]) for s in range(10)}
    assert len(orders) > 1
