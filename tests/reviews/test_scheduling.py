"""Scheduling with a fixed clock: ratings from answers, wrong comes back sooner, certainty moves the rating."""

from datetime import timedelta

import pytest
from fsrs import Rating

from quiz.scoring import Certainty
from reviews import scheduling
from reviews.models import Card
from tests.reviews.conftest import T0

NO_PACE = scheduling.Pace([])
PACE = scheduling.Pace([10, 12, 14, 16, 18, 20, 22, 24, 26, 28])  # quick ≤ 15.5 s, slow > 23.5 s


@pytest.mark.parametrize(
    ("is_correct", "certainty", "asked", "seconds", "pace", "rating"),
    [
        (False, Certainty.HIGH, True, 5, PACE, Rating.Again),
        (False, None, False, 5, NO_PACE, Rating.Again),
        (True, Certainty.LOW, True, 5, PACE, Rating.Hard),  # low certainty never earns more than Hard
        (True, None, True, 5, PACE, Rating.Hard),  # asked, and no choice counts as low
        (True, Certainty.MEDIUM, True, 18, PACE, Rating.Good),
        (True, Certainty.MEDIUM, True, 30, PACE, Rating.Hard),  # slower than most of the learner's answers
        (True, Certainty.HIGH, True, 12, PACE, Rating.Easy),  # sure and quick
        (True, Certainty.HIGH, True, 18, PACE, Rating.Good),  # sure, but not among the quickest
        (True, Certainty.HIGH, True, 2, NO_PACE, Rating.Good),  # no pace yet: never Easy
        (True, None, False, 2, NO_PACE, Rating.Good),  # the quiz did not ask how sure
    ],
)
def test_rating_from_an_answer(is_correct, certainty, asked, seconds, pace, rating):
    assert (
        scheduling.rating_for(is_correct=is_correct, certainty=certainty, asked=asked, seconds=seconds, pace=pace)
        == rating
    )


def reviewed(*ratings: Rating, start=T0, gap=timedelta(0)) -> Card:
    card = Card(due=start)
    at = start
    for rating in ratings:
        scheduling.review(card, rating=rating, at=at)
        at = card.due if gap is None else at + gap
    return card


def test_a_wrong_answer_comes_back_sooner_than_a_right_one():
    wrong, right = reviewed(Rating.Again), reviewed(Rating.Good)
    assert T0 < wrong.due < right.due
    # … and after a lapse on a learnt card too
    learnt_wrong = reviewed(Rating.Good, Rating.Again, gap=None)
    learnt_right = reviewed(Rating.Good, Rating.Good, gap=None)
    assert learnt_wrong.due < learnt_right.due
    assert learnt_wrong.lapses == 1 and learnt_right.lapses == 0


def test_certainty_moves_the_interval_through_the_rating():
    # On a claim learnt once and due again, each rating gives a later next review than the one below it.
    dues = [
        reviewed(Rating.Good, rating, gap=None).due for rating in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
    ]
    assert dues == sorted(dues) and len(set(dues)) == 4
    # On a new claim, Again and Hard both come back the next day; Good and Easy later.
    first = [reviewed(rating).due for rating in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)]
    assert first == sorted(first) and first[0] == T0 + timedelta(days=1) < first[2] < first[3]


def test_no_sub_day_steps_and_no_fuzz_in_tests():
    card = reviewed(Rating.Again)
    assert card.due - T0 >= timedelta(days=1)
    assert card.state == Card.State.REVIEW and card.step is None
    assert reviewed(Rating.Good).due == reviewed(Rating.Good).due  # no fuzz: the same every time


def test_mastery_lasts_while_predicted_recall_is_at_least_90_percent():
    card = reviewed(Rating.Good, Rating.Good, gap=None)
    until = card.mastered_until
    assert scheduling.retrievability(card, until - timedelta(seconds=1)) >= 0.9
    assert scheduling.retrievability(card, until) < 0.9


def test_a_review_never_goes_back_in_time():
    card = reviewed(Rating.Good)
    used = scheduling.review(card, rating=Rating.Good, at=T0 - timedelta(hours=1))
    assert used == T0 and card.last_review == T0


def test_a_claim_just_answered_wrong_is_not_mastered():
    assert reviewed(Rating.Good).mastered_until is not None
    assert reviewed(Rating.Good, Rating.Again).mastered_until is None  # same day: py-fsrs would still say 100 %
    assert reviewed(Rating.Good, Rating.Again, Rating.Good).mastered_until is not None
