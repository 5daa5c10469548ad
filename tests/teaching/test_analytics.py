"""Analytics against small hand-computed examples: item statistics, gradebook methods, myths, progress."""

from datetime import timedelta

import pytest
from django.utils import timezone

from content.models import Statement
from quiz import services
from quiz.models import Quiz
from quiz.teaching import analytics, gradebook, item_stats
from quiz.teaching import items as item_analysis
from tests.factories import AttemptFactory, CohortFactory, LearnerFactory, quiz_with_claims

pytestmark = pytest.mark.django_db

# Four learners × four statements (1 = right). Hand-computed below; R is the score on the rest of the attempt.
PATTERN = [
    [1, 1, 1, 1],
    [1, 1, 1, 0],
    [1, 0, 0, 0],
    [0, 0, 1, 0],
]
# item: (F, DI, DE)
#  s1: x=[1,1,1,0] R=[3,2,0,1]: cov=.125, var_x=.1875, var_R=1.25 → DI=25.82; cov_max=6/4-1.125=.375 → DE=33.33
#  s2: x=[1,1,0,0] R=[3,2,1,1]: cov=.375, var_x=.25, var_R=.6875 → DI=90.45; cov_max=.375 → DE=100
#  s3: x=[1,1,0,1] R=[3,2,1,0]: cov=.125 → DI=25.82; DE=33.33
#  s4: x=[1,0,0,0] R=[3,3,1,1]: cov=.25, var_x=.1875, var_R=1 → DI=57.74; cov_max=.25 → DE=100
EXPECTED = [(75, 25.82, 33.33), (50, 90.45, 100.0), (75, 25.82, 33.33), (25, 57.74, 100.0)]


def test_item_figures_from_sums():
    # s1 above: sums of x, x², R, R², xR, and the top-3 R (3 + 2 + 1).
    facility, discrimination, efficiency = item_stats.item_figures(n=4, sx=3, sxx=3, sr=6, srr=14, sxr=5, top_r=6)
    assert facility == 75
    assert discrimination == pytest.approx(25.82, abs=0.01)
    assert efficiency == pytest.approx(33.33, abs=0.01)


def test_item_figures_that_cannot_be_computed_are_none():
    assert item_stats.item_figures(n=0, sx=0, sxx=0, sr=0, srr=0, sxr=0, top_r=0) == (None, None, None)
    everyone_right = item_stats.item_figures(n=3, sx=3, sxx=3, sr=6, srr=14, sxr=6, top_r=6)
    assert everyone_right[0] == 100 and everyone_right[1] is None and everyone_right[2] is None


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
def test_flags(facility, di, de, flags):
    assert item_stats.ItemStats("s", True, 10, facility, di, de).flags == flags


def answer_pattern(learner, quiz, pattern, statements, *, when):
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz, now=when)
    for item in attempt.items.order_by("step"):
        right = pattern[statements.index(item.statement_id)]
        wrong = "false" if item.correct_choice == "true" else "true"
        answer = {"choice": item.correct_choice if right else wrong}
        services.answer_submit(learner=learner, attempt_id=attempt.public_id, step=item.step, answer=answer, now=when)
    return services.attempt_finish(attempt=attempt, now=when + timedelta(minutes=1))


@pytest.fixture
def analysed():
    """A cohort of four learners whose first attempts follow PATTERN; the weakest also retook it perfectly."""
    quiz = quiz_with_claims(2, item_count=4)
    statements = list(Statement.objects.filter(claim__section=quiz.section).order_by("pk").values_list("pk", flat=True))
    learners = [LearnerFactory() for _ in PATTERN]
    cohort = CohortFactory(members=learners)
    start = timezone.now() - timedelta(days=2)
    for learner, pattern in zip(learners, PATTERN, strict=True):
        answer_pattern(learner, quiz, pattern, statements, when=start)
    answer_pattern(learners[3], quiz, [1, 1, 1, 1], statements, when=start + timedelta(days=1))
    outsider = LearnerFactory()  # not in the cohort: never counted
    answer_pattern(outsider, quiz, [0, 0, 0, 0], statements, when=start)
    return cohort, quiz, statements


def test_item_analysis_matches_the_hand_computed_figures(analysed, django_assert_num_queries):
    cohort, quiz, statements = analysed
    with django_assert_num_queries(2):  # the item tallies, then the wording
        stats = item_analysis.item_analysis(cohort=cohort, quiz=quiz)
    by_prompt = {s.prompt: s for s in stats}
    texts = dict(Statement.objects.values_list("pk", "text"))
    for statement, (facility, di, de) in zip(statements, EXPECTED, strict=True):
        item = by_prompt[texts[statement]]
        assert item.responses == 4
        assert item.facility == pytest.approx(facility)
        assert item.discrimination == pytest.approx(di, abs=0.01)
        assert item.efficiency == pytest.approx(de, abs=0.01)


def test_item_analysis_over_all_attempts_counts_retakes(analysed):
    cohort, quiz, statements = analysed
    stats = item_analysis.item_analysis(cohort=cohort, quiz=quiz, first_only=False)
    assert {s.responses for s in stats} == {5}
    assert item_analysis.score_distribution(cohort=cohort, quiz=quiz, first_only=False)[9] == 2  # two perfect attempts
    first = item_analysis.score_distribution(cohort=cohort, quiz=quiz)
    # first attempts: 100 %, 75 %, 25 %, 25 %
    assert first == [0, 0, 2, 0, 0, 0, 0, 1, 0, 1]


def test_gradebook_cells_by_grading_method(django_assert_num_queries):
    quiz = quiz_with_claims(2)
    learner = LearnerFactory()
    cohort = CohortFactory(members=[learner])
    start = timezone.now() - timedelta(days=10)
    for day, percent in ((0, 50), (1, 100), (2, 75)):
        AttemptFactory(quiz=quiz, learner=learner, percent=percent, started_at=start + timedelta(days=day))
    AttemptFactory(quiz=quiz, learner=learner, percent=0, is_practice=True, started_at=start + timedelta(days=3))
    expected = {"highest": (100, True), "first": (50, False), "latest": (75, True)}
    for method, (score, passed) in expected.items():
        with django_assert_num_queries(2):  # the standings, then the last activity
            (row,) = gradebook.gradebook_rows(cohort=cohort, learners=[learner], quizzes=[quiz], method=method)
        (cell,) = row.cells
        assert (cell.score, cell.passed, cell.attempts) == (score, passed, 3)
        assert row.last_activity == start + timedelta(days=3, minutes=5)  # practice is activity too


def test_gradebook_sorts_by_a_quiz_score_and_by_activity():
    quiz = quiz_with_claims(2)
    ann, bob, cy = LearnerFactory(username="ann"), LearnerFactory(username="bob"), LearnerFactory(username="cy")
    cohort = CohortFactory(members=[ann, bob, cy])
    AttemptFactory(quiz=quiz, learner=ann, percent=40, started_at=timezone.now() - timedelta(days=1))
    AttemptFactory(quiz=quiz, learner=bob, percent=90, started_at=timezone.now() - timedelta(days=5))

    def order(sort):
        learners = gradebook.gradebook_learners(cohort=cohort, sort=sort, method="highest", quiz_ids=[quiz.pk])
        return [u.username for u in learners]

    assert order("learner") == ["ann", "bob", "cy"]
    assert order("-learner") == ["cy", "bob", "ann"]
    assert order(f"-quiz-{quiz.pk}") == ["bob", "ann", "cy"]  # no attempt sorts last
    assert order("-activity") == ["ann", "bob", "cy"]
    assert order("nonsense") == ["ann", "bob", "cy"]


def test_most_believed_myths_count_true_to_a_myth_and_report_wrong_pairs_apart():
    tf = quiz_with_claims(2, item_count=4)
    matching = Quiz.objects.get(section=tf.section, kind=Quiz.Kind.MATCHING)
    learners = [LearnerFactory(), LearnerFactory()]
    cohort = CohortFactory(members=learners)
    myth_claim = tf.section.claims.order_by("pk").first()
    for learner in learners:
        attempt, _ = services.attempt_start(learner=learner, quiz=tf)
        for item in attempt.items.order_by("step"):
            # Believe the first claim's myth ("true" to its false statement), say "false" to every true statement.
            choice = "true" if (item.claim_id == myth_claim.pk and item.statement_is_true is False) else "false"
            services.answer_submit(
                learner=learner, attempt_id=attempt.public_id, step=item.step, answer={"choice": choice}
            )
        services.attempt_finish(attempt=attempt)
    attempt, _ = services.attempt_start(learner=learners[0], quiz=matching)
    items = list(attempt.items.order_by("position"))
    answer = {items[0].token: items[1].correct_choice, items[1].token: items[0].correct_choice}
    services.answer_submit(learner=learners[0], attempt_id=attempt.public_id, step=1, answer=answer)
    services.attempt_finish(attempt=attempt)

    myths = analytics.believed_myths(cohort=cohort)
    by_claim = {m.claim.pk: m for m in myths}
    top = myths[0]
    assert top.claim == myth_claim
    assert (top.responses, top.believed, top.learners) == (2, 2, 2)  # 2 false statements, both believed
    assert (top.pairs, top.wrong_pairs) == (1, 1)  # the wrong pairing is reported apart, not as belief
    other = by_claim[tf.section.claims.order_by("pk").last().pk]
    assert (other.responses, other.believed, other.rate) == (2, 0, 0.0)  # "false" to its myth: not believed
    assert (other.pairs, other.wrong_pairs, other.wrong_pair_rate) == (1, 1, 100.0)


def test_progress_compares_first_and_latest_attempts_of_the_same_learners():
    quiz = quiz_with_claims(2)
    ann, bob = LearnerFactory(), LearnerFactory()
    cohort = CohortFactory(members=[ann, bob])
    start = timezone.now() - timedelta(days=10)
    AttemptFactory(quiz=quiz, learner=ann, percent=40, started_at=start)
    AttemptFactory(quiz=quiz, learner=ann, percent=80, started_at=start + timedelta(days=1))
    AttemptFactory(quiz=quiz, learner=bob, percent=60, started_at=start)
    AttemptFactory(quiz=quiz, learner=LearnerFactory(), percent=0, started_at=start)  # not in the cohort
    row = next(r for r in analytics.progress(cohort=cohort) if r.quiz == quiz)
    assert (row.learners, row.retakers) == (2, 1)
    # Paired: bob took it once, so he is in neither average (unpaired, 50 → 70 would mix two groups).
    assert row.first_average == pytest.approx(40) and row.latest_average == pytest.approx(80)
    assert row.change == pytest.approx(40)


def test_chart_table_and_files_round_the_same_way():
    from django.template import Context, Template

    from quiz.scoring import whole
    from quiz.teaching.charts import bar_chart

    assert [whole(v) for v in (56.5, 57.5, 0.5, 99.49, None)] == [57, 58, 1, 99, None]
    chart = bar_chart(title="t", description="d", rows=[("a", 56.5)], maximum=100, unit="%")
    table = Template("{% load scores %}{{ value|whole }}%").render(Context({"value": 56.5}))
    assert chart.bars[0].text == table == "57%"


def test_items_whose_statement_was_deleted_keep_their_frozen_wording(analysed):
    cohort, quiz, statements = analysed
    deleted = Statement.objects.get(pk=statements[1])
    text = deleted.text
    deleted.delete()
    stats = {s.prompt: s for s in item_analysis.item_analysis(cohort=cohort, quiz=quiz)}
    assert stats[text].responses == 4 and stats[text].facility == pytest.approx(50)
    assert stats[text].is_true is not None


def test_generate_activity_builds_a_consistent_cohort(seeded, capsys):
    from django.core.management import call_command
    from django.db.models import Count, Q

    from quiz.models import Attempt, AttemptItem, Cohort

    call_command("generate_activity", learners=3, answers=60, cohort="Generated")
    cohort = Cohort.objects.get(name="Generated")
    assert cohort.learners.count() == 3
    items = AttemptItem.objects.filter(attempt__learner__memberships__cohort=cohort)
    assert items.count() == items.filter(answered_at__isnull=False).count() == 60
    for attempt in Attempt.objects.filter(learner__memberships__cohort=cohort).annotate(
        right=Count("items", filter=Q(items__is_correct=True)), total=Count("items")
    ):
        assert attempt.is_finished and attempt.score == attempt.right and attempt.max_score == attempt.total
    assert "60 answers" in capsys.readouterr().out
    quiz = Attempt.objects.filter(learner__memberships__cohort=cohort).first().quiz
    stats = item_analysis.item_analysis(cohort=cohort, quiz=quiz)
    assert stats and sum(s.responses for s in stats) > 0  # the members joined before their activity: it is seen
