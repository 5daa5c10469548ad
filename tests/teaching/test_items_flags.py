"""One item's figures and flags on their own (quiz/teaching/item_stats.py): thresholds, advice, order, DE bounds."""

import pytest

from quiz.teaching import item_stats
from quiz.teaching.item_stats import Choice, ItemStats


@pytest.mark.parametrize(
    ("facility", "di", "de", "flags"),
    [
        (95, 30, 40, ["too easy"]),
        (10, 30, 40, ["too hard"]),
        (50, -5, 40, ["dubious"]),
        (50, 30, 10, ["dubious"]),
        (50, 30, 40, []),
    ],
)
def test_flags_from_five_answers(facility, di, de, flags):
    assert ItemStats("s", True, item_stats.MIN_RESPONSES, facility, di, de).flags == flags


@pytest.mark.parametrize("facility, di, de", [(95, 30, 40), (10, 30, 40), (50, -5, 40), (50, 30, 10)])
def test_no_flag_under_five_answers(facility, di, de):
    item = ItemStats("s", True, item_stats.MIN_RESPONSES - 1, facility, di, de)
    assert item.too_few and item.flags == [] and item.advice == []


def test_each_flag_says_what_to_do_in_one_sentence():
    advice = {
        flag.name: flag.advice
        for stats in (ItemStats("s", False, 9, 95, -5, 40), ItemStats("s", False, 9, 10, 30, 10))
        for flag in stats.advice
    }
    assert advice["dubious"] in (
        "Stronger learners get this wrong more often than weaker ones: check the statement and its key for ambiguity.",
        "It hardly tells learners who know the facts from those who do not: "
        "look for a cue or a second reading in the wording and rewrite it.",
    )
    assert advice["too easy"] == "Nearly everyone gets this right: it checks little; consider a harder statement."
    assert advice["too hard"].startswith("Fewer than one in five get this right: check that the statement really is")
    for sentence in advice.values():
        assert sentence.endswith(".") and sentence.count(". ") == 0  # one sentence each


def test_a_wrong_fact_picked_more_often_than_the_right_one_is_flagged():
    item = ItemStats("Claim A", None, 6, 17, 10, 10, is_matching=True)
    item.choices = [
        Choice("The right fact.", 1, "right"),
        Choice("A fact about the decoy's topic, in more than twelve words so that it is cut short here.", 3, "decoy"),
        Choice("Fact of B.", 1, "other"),
        Choice("", 1, "none"),
    ]
    assert item.confused_with.role == "decoy"
    assert item.flags == ["dubious", "often confused", "too hard"]
    (confused,) = [f for f in item.advice if f.name == "often confused"]
    assert confused.advice == (
        "More learners pick the decoy, “A fact about the decoy's topic, in more than twelve words so…”, "
        "than the right fact for this claim: discuss the difference between the two facts."
    )
    item.choices[0].count = 3  # as often as the decoy: not "more learners"
    assert item.confused_with is None


def test_items_in_order_of_need_for_attention():
    stats = [
        ItemStats("fine, high DE", True, 9, 60, 50, 70),
        ItemStats("too few", True, 4, 0, -50, -80),
        ItemStats("too easy", True, 9, 95, 20, 40),
        ItemStats("fine, low DE", True, 9, 60, 20, 30),
        ItemStats("too hard", True, 9, 10, 20, 40),
        ItemStats("dubious", True, 9, 50, -10, -20),
        ItemStats("dubious and too easy", True, 9, 95, 5, 10),
        ItemStats("fine, no DE", True, 9, 50, None, None),
    ]
    ordered = [s.prompt for s in sorted(stats, key=lambda s: s.attention)]
    assert ordered == [
        "dubious",  # dubious first, lowest DE first
        "dubious and too easy",
        "too hard",
        "too easy",
        "fine, low DE",
        "fine, high DE",
        "fine, no DE",
        "too few",  # never judged: last
    ]


def test_discriminative_efficiency_is_at_most_100_and_can_fall_below_minus_100():
    # x = 1,0,0,0 against rest scores R = 0,3,3,3: the one right answer came from the weakest learner.
    _, di, de = item_stats.item_figures(n=4, sx=1, sxx=1, sr=9, srr=27, sxr=0, top_r=3)
    assert di == pytest.approx(-100) and de == pytest.approx(-300)
    # x sorted with R: as good as an item can be.
    _, di, de = item_stats.item_figures(n=4, sx=1, sxx=1, sr=9, srr=27, sxr=3, top_r=3)
    assert de == pytest.approx(100) and di == pytest.approx(100 / 3)
