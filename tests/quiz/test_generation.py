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
        (8, 10, 2, [(3, 2)]),  # short of false statements: a shorter attempt, still balanced
        (8, 1, 10, [(1, 2)]),
        (20, 3, 4, [(3, 4)]),  # the pool is smaller than asked: use it all
        (2, 5, 5, [(1, 1)]),
        (3, 1, 1, [(1, 1)]),
    ],
)
def test_true_false_counts_are_exactly_balanced(wanted, trues, falses, expected):
    for seed in range(20):
        counts = true_false_counts(wanted=wanted, true_available=trues, false_available=falses, rng=random.Random(seed))
        assert counts in expected
        assert abs(counts[0] - counts[1]) <= 1


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
    later_claims = {i.candidate.claim_id for i in plan.items if i.step == 2}
    for step, options in plan.options.items():
        group = [i for i in plan.items if i.step == step]
        (decoy,) = [o for o in options if o.is_decoy]
        # No claim to spare: the first set's decoy is a claim of the later set (same topic); the last set's
        # comes from another section, never from a set already matched.
        assert decoy.claim_id in later_claims if step == 1 else decoy.claim_id >= 50
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


def test_matching_decoy_is_first_a_claim_of_the_section_left_out_of_the_attempt():
    for seed in range(10):
        plan = plan_matching(
            candidates=claims(6), decoys=claims(3, start=50), history={}, wanted=4, set_size=4, seed=seed
        )
        chosen = {i.candidate.claim_id for i in plan.items}
        (decoy,) = [o for o in plan.options[1] if o.is_decoy]
        assert decoy.claim_id <= 6 and decoy.claim_id not in chosen


def test_matching_decoy_from_another_section_is_the_most_topical():
    section = [
        Candidate(key=1, claim_id=1, prompt="a", claim_text="NATO bases in Crimea", rebuttal_summary="x"),
        Candidate(key=2, claim_id=2, prompt="b", claim_text="NATO ships in the Black Sea", rebuttal_summary="y"),
    ]
    others = [
        Candidate(key=50, claim_id=50, prompt="", claim_text="", rebuttal_summary="Drugs are grown in Helmand."),
        Candidate(key=51, claim_id=51, prompt="", claim_text="", rebuttal_summary="Crimea hosts Russia's fleet ships."),
    ]
    for seed in range(10):
        plan = plan_matching(candidates=section, decoys=others, history={}, wanted=8, set_size=4, seed=seed)
        assert [o.claim_id for o in plan.options[1] if o.is_decoy] == [51]


TOPICS = ["Albania", "Bosnia", "Croatia", "Denmark", "Estonia", "Finland", "Greece", "Hungary", "Iceland", "Latvia"]


def unrelated(i: int, is_true: bool) -> Candidate:
    return told(10 + i, 20 + i, f"{TOPICS[i]} joined in {1990 + i}.", f"{TOPICS[i]} records.", is_true=is_true)


def told(key, claim_id, prompt, explanation="", claim_text="", is_true=True):
    return Candidate(
        key=key,
        claim_id=claim_id,
        prompt=prompt,
        claim_text=claim_text or f"claim {claim_id}",
        rebuttal_summary="",
        explanation=explanation,
        is_true=is_true,
        statement_id=key,
    )


def test_no_item_is_given_away_by_the_feedback_of_an_earlier_one():
    headline = told(1, 7, "NATO promised never to expand eastwards.", "No such promise exists.", is_true=False)
    sibling = told(
        2,
        7,
        "Gorbachev said no promise was made in 1990.",
        "He said so in 2014.",
        claim_text="NATO promised never to expand eastwards",
    )
    headline = told(1, 7, headline.prompt, headline.explanation, claim_text=sibling.claim_text, is_true=False)
    others = [unrelated(i, i % 2 == 0) for i in range(6)]
    for seed in range(30):
        plan = plan_true_false(candidates=[headline, sibling, *others], history={}, wanted=8, seed=seed)
        keys = [i.candidate.key for i in plan.items]
        if 1 in keys and 2 in keys:
            assert keys.index(1) < keys.index(2)  # the sibling's feedback shows the claim: the headline comes first


def test_mutual_give_aways_are_not_served_together_when_the_pool_allows():
    # Twins that differ in one number: having answered one, a learner knows the other.
    twin_true = told(1, 7, "The NATO-Russia Council was founded in Rome in 2002.", "The Rome summit did it.")
    twin_false = told(2, 7, "The NATO-Russia Council was founded in Rome in 1997.", "That was the Act.", is_true=False)
    others = [unrelated(i, i % 2 == 1) for i in range(8)]
    for seed in range(30):
        keys = {
            i.candidate.key
            for i in plan_true_false(candidates=[twin_true, twin_false, *others], history={}, wanted=6, seed=seed).items
        }
        assert not {1, 2} <= keys
