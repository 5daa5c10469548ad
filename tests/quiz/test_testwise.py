"""A test-wise learner who never reads the facts fails the bundled quizzes: by length, by "false", by shared words.

Each strategy plays many seeded attempts of every published section, as the generator serves them.
"""

import statistics

import pytest

from content import quality
from quiz import drawing, scoring, services
from quiz.models import Quiz
from tests.factories import LearnerFactory

SEEDS = range(100)


def plans(learner, kind):
    for quiz in Quiz.objects.published().filter(kind=kind).select_related("section"):
        inputs = drawing.generation_inputs(quiz=quiz, learner=learner)
        for seed in SEEDS:
            yield quiz, drawing.quiz_plan(quiz=quiz, inputs=inputs, seed=seed)


def tf_plans(learner):
    return plans(learner, Quiz.Kind.TRUE_FALSE)


def outcome(quiz, plan, answer):
    """Percent, discernment and pass of one attempt answered by `answer(prompt) -> bool`."""
    items = [(item.candidate.is_true, answer(item.candidate.prompt)) for item in plan.items]
    right = sum(truth == said for truth, said in items)
    signal = scoring.Discernment.of(
        trues=sum(t for t, _ in items),
        hits=sum(t and s for t, s in items),
        falses=sum(not t for t, _ in items),
        false_alarms=sum(not t and s for t, s in items),
    )
    percent = services.percent_of(right, len(items))
    passed = scoring.passes(
        percent=percent, pass_mark=quiz.pass_mark, signal=signal, min_discernment=quiz.min_discernment
    )
    return percent, signal.discernment, passed


@pytest.fixture
def tester(seeded):
    return LearnerFactory()


def test_always_false_and_always_true_score_half_with_zero_discernment_and_never_pass(tester):
    for quiz, plan in tf_plans(tester):
        trues = sum(item.candidate.is_true for item in plan.items)
        assert abs(trues - (len(plan.items) - trues)) <= 1  # every attempt is balanced
        for blanket in (False, True):
            percent, discernment, passed = outcome(quiz, plan, lambda _prompt, b=blanket: b)
            assert discernment == 0
            assert not passed
            assert percent <= 57


@pytest.mark.parametrize("threshold", ["median", 90])
def test_answering_by_length_is_near_chance(tester, threshold):
    plans = list(tf_plans(tester))
    lengths = [len(item.candidate.prompt) for _, plan in plans for item in plan.items]
    cut = statistics.median(lengths) if threshold == "median" else threshold
    results = [outcome(quiz, plan, lambda prompt: len(prompt) > cut) for quiz, plan in plans]
    mean_percent = statistics.mean(r[0] for r in results)
    mean_discernment = statistics.mean(r[1] for r in results)
    assert mean_percent <= 65, f"longer-means-true gets {mean_percent:.0f}% on average"
    assert abs(mean_discernment) <= 30
    assert sum(r[2] for r in results) / len(results) <= 0.2  # rarely passes, by luck


def test_answering_by_every_surface_cue_is_near_chance_on_served_items(tester):
    served = [(item.candidate.prompt, item.candidate.is_true) for _, plan in tf_plans(tester) for item in plan.items]
    best = quality.surface_cues(served)[0]
    assert best.accuracy <= 0.66, best.rule


def test_matching_by_shared_words_is_near_chance(tester):
    right = total = 0
    chance = 0.0
    for _, plan in plans(tester, Quiz.Kind.MATCHING):
        for step, options in plan.options.items():
            texts = [o.text for o in options]
            for item in (i for i in plan.items if i.step == step):
                pick = options[quality.overlap_pick(item.candidate.claim_text, texts)]
                right += pick.key == item.correct_choice
                total += 1
                chance += 1 / len(options)
    assert right / total <= chance / total + 0.15, f"{right / total:.0%} right by word overlap"


def test_no_served_item_is_given_away_by_an_earlier_items_feedback(tester):
    from quiz.generation import feedback_text

    for _, plan in tf_plans(tester):
        for n, later in enumerate(plan.items):
            for earlier in plan.items[:n]:
                assert not quality.gives_away(feedback_text(earlier.candidate), later.candidate.prompt), (
                    earlier.candidate.prompt,
                    later.candidate.prompt,
                )


def test_blanket_doubt_does_not_pass_a_real_attempt(tester):
    quiz = Quiz.objects.published().filter(kind=Quiz.Kind.TRUE_FALSE).first()
    attempt, _ = services.attempt_start(learner=tester, quiz=quiz)
    for step in range(1, attempt.step_count + 1):
        services.answer_submit(learner=tester, attempt_id=attempt.public_id, step=step, answer={"choice": "false"})
    attempt = services.attempt_finish(attempt=attempt)
    assert attempt.discernment == 0 and attempt.bias == -100
    assert attempt.passed is False
    assert attempt.bias_words == "You called most statements false: you doubt true facts too."
