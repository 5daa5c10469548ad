"""Pre- and post-tests on the held-out pool: separation, counterbalancing, no feedback before the end, the gain."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from content.models import HeldOutItem, Technique
from quiz.models import Attempt, AttemptItem, Quiz
from quiz.teaching import pretest_results, pretests
from quiz.teaching.models import CohortTest
from tests.factories import CohortFactory, LearnerFactory
from tests.helpers import answers_for, start, step_url, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(seeded):
    """A small pool of our own: per half, 5 true and 5 false statements and 3 technique items."""
    HeldOutItem.objects.all().delete()
    technique = Technique.objects.order_by("pk").first()
    items = []
    for half in "AB":
        for n in range(10):
            items.append(
                HeldOutItem.objects.create(
                    kind="statement", half=half, is_true=n % 2 == 0, position=n,
                    text=f"Held-out statement {half}{n}: a quokka counted {n} moons over Norland",
                    explanation=f"Explanation {half}{n}",
                )
            )
        for n in range(3):
            items.append(
                HeldOutItem.objects.create(
                    kind="technique", half=half, technique=technique, position=10 + n,
                    text=f"“Held-out technique claim {half}{n} about the Norland ferry”", explanation="Why",
                )
            )
    return items


@pytest.fixture
def cohort(instructor, pool):
    return CohortFactory(instructor=instructor, members=[], tests_enabled=True)


def member(cohort) -> tuple:
    learner = LearnerFactory()
    cohort.memberships.create(learner=learner)
    client = Client()
    client.force_login(learner)
    return learner, client


def take_test(client, cohort, phase: str, *, right: bool = True) -> Attempt:
    response = client.post(reverse("quiz:test", args=[cohort.pk, phase]))
    assert response.status_code == 302
    attempt = CohortTest.objects.get(cohort=cohort, learner=client.session["_auth_user_id"], phase=phase).attempt
    for step in range(1, attempt.step_count + 1):
        answer = {**answers_for(attempt, step, right=right), "certainty": "medium"}
        assert client.post(step_url(attempt, step), answer).status_code == 302
    client.post(reverse("quiz:attempt-finish", args=[attempt.public_id]))
    attempt.refresh_from_db()
    return attempt


def test_a_test_draws_ten_balanced_items_from_one_half_with_no_feedback(cohort):
    learner, client = member(cohort)
    attempt = take_test(client, cohort, "pre")
    items = list(attempt.items.all())
    assert len(items) == pretests.STATEMENTS_PER_TEST + pretests.TECHNIQUES_PER_TEST
    halves = {HeldOutItem.objects.get(pk=i.held_out_id).half for i in items}
    assert len(halves) == 1
    assert sum(1 for i in items if i.statement_is_true) == sum(1 for i in items if i.statement_is_true is False) == 4
    assert attempt.feedback == Quiz.Feedback.AT_END and attempt.discernment == 100
    # Finished, the pre-test still shows nothing: its answers come with the post-test.
    results = client.get(reverse("quiz:attempt-results", args=[attempt.public_id])).text
    assert "your pre-test is done" in results
    assert not any(item.explanation in results for item in items) and "Explanation" not in results


def test_which_half_comes_first_alternates_and_the_post_test_takes_the_other(cohort):
    firsts = []
    for _ in range(4):
        learner, client = member(cohort)
        take_test(client, cohort, "pre")
        take_test(client, cohort, "post")
        tests = {t.phase: t for t in CohortTest.objects.filter(cohort=cohort, learner=learner)}
        firsts.append(tests["pre"].half)
        assert {tests["pre"].half, tests["post"].half} == {"A", "B"}
        assert tests["pre"].anonymous_id == tests["post"].anonymous_id
        pre_items = set(tests["pre"].attempt.items.values_list("held_out_id", flat=True))
        post_items = set(tests["post"].attempt.items.values_list("held_out_id", flat=True))
        assert not pre_items & post_items
    assert firsts == ["A", "B", "A", "B"]


def test_after_the_post_test_both_tests_show_their_answers(cohort):
    learner, client = member(cohort)
    pre = take_test(client, cohort, "pre")
    post = take_test(client, cohort, "post", right=False)
    for attempt in (pre, post):
        page = client.get(reverse("quiz:attempt-results", args=[attempt.public_id])).text
        assert "Explanation" in page and "Review" in page
    dashboard = client.get(reverse("quiz:home")).text
    assert f"Before and after: {cohort.name}" in dashboard and "Discernment: 100 → -100" in dashboard


def test_the_pre_test_comes_before_the_first_quiz_and_joining_leads_to_it(cohort):
    learner, client = member(cohort)
    quiz = Quiz.objects.filter(section__isnull=False, kind=Quiz.Kind.TRUE_FALSE).first()
    response = client.post(reverse("quiz:attempt-start", args=[quiz.pk]), follow=True)
    assert "asks for a short pre-test first" in response.text and "Start the pre-test" in response.text
    assert not Attempt.objects.filter(learner=learner, quiz=quiz).exists()
    assert "A short pre-test first" in client.get(reverse("quiz:home")).text
    take_test(client, cohort, "pre")
    start(client, quiz)
    newcomer = Client()
    newcomer.force_login(LearnerFactory())
    joined = newcomer.post(reverse("quiz:join"), {"code": cohort.join_code})
    assert joined["Location"] == reverse("quiz:test", args=[cohort.pk, "pre"])


def test_the_post_test_waits_for_the_pre_test_and_its_date(cohort):
    from datetime import timedelta

    from django.utils import timezone

    learner, client = member(cohort)
    refused = client.post(reverse("quiz:test", args=[cohort.pk, "post"]), follow=True)
    assert "Take the pre-test first" in refused.text
    take_test(client, cohort, "pre")
    cohort.post_test_opens_at = timezone.now() + timedelta(days=7)
    cohort.save()
    early = client.post(reverse("quiz:test", args=[cohort.pk, "post"]), follow=True)
    assert "The post-test is not open yet" in early.text
    assert "Your post-test is open" not in client.get(reverse("quiz:home")).text
    cohort.post_test_opens_at = timezone.now() - timedelta(minutes=1)
    cohort.save()
    assert "Your post-test is open" in client.get(reverse("quiz:home")).text


def test_held_out_items_never_reach_practice_reviews_the_library_or_search(cohort, client, learner):
    from reviews import services as review_services

    texts = list(HeldOutItem.objects.values_list("text", flat=True))
    for quiz in Quiz.objects.published():
        attempt = take(quiz, learner)
        assert not attempt.items.filter(held_out__isnull=False).exists()
        assert not set(attempt.items.values_list("prompt", flat=True)) & set(texts)
    review_services.cards_sync(learner_ids=[learner.pk])
    review, _ = review_services.review_start(learner=learner, extra=True)
    assert not review.items.filter(held_out__isnull=False).exists()
    pages = [reverse("content:library"), reverse("content:claimreview-feed"), reverse("content:techniques")]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Held-out" not in body and "quokka" not in body
    for word in ("quokka", "Held-out"):  # search looks through claims, rebuttals and statements: never the pool
        assert "No claim matches" in client.get(reverse("content:search"), {"q": word}).text
    assert AttemptItem.objects.filter(held_out__isnull=False).count() == 0


def start_as(user, quiz) -> Attempt:
    signed_in = Client()
    signed_in.force_login(user)
    return start(signed_in, quiz)


def test_the_instructor_switches_tests_on_and_reads_the_gain_with_a_small_sample_warning(cohort, instructor):
    for right_after in (True, True, False):
        learner, client = member(cohort)
        take_test(client, cohort, "pre", right=False)
        take_test(client, cohort, "post", right=right_after)
    teacher = Client()
    teacher.force_login(instructor)
    page = teacher.get(reverse("quiz:cohort-tests", args=[cohort.pk])).text
    assert "3 learners took both tests" in page
    assert "Only 3 learners took both tests" in page  # the small-sample warning
    assert "from <strong>-100</strong> to <strong>33</strong>" in page
    report = pretest_results.cohort_gain(cohort=cohort)
    assert report.discernment.n == 3 and round(report.discernment.mean_change, 1) == 133.3
    rows = csv_rows(teacher.get(reverse("quiz:cohort-tests-research", args=[cohort.pk])))
    assert rows[0] == list(pretest_results.RESEARCH_COLUMNS) and len(rows) == 1 + 6
    assert all(row[0] and row[0] not in page for row in rows[1:])  # anonymised: no name, an id per learner
    assert len({row[0] for row in rows[1:]}) == 3
    for column in pretest_results.RESEARCH_COLUMNS:
        assert f"<code>{column}</code>" in page  # every column documented on the download page
    per_learner = csv_rows(teacher.get(reverse("quiz:cohort-tests-csv", args=[cohort.pk])))
    assert len(per_learner) == 4 and per_learner[0][0] == "learner"
    off = teacher.post(reverse("quiz:cohort-tests", args=[cohort.pk]), {})
    assert off.status_code == 302
    cohort.refresh_from_db()
    assert not cohort.tests_enabled


def test_a_co_instructor_reads_the_gain_but_cannot_switch_it(cohort, django_user_model):
    from tests.factories import InstructorFactory

    helper = InstructorFactory()
    cohort.co_instructors.add(helper)
    client = Client()
    client.force_login(helper)
    assert client.get(reverse("quiz:cohort-tests", args=[cohort.pk])).status_code == 200
    assert client.post(reverse("quiz:cohort-tests", args=[cohort.pk]), {}).status_code == 403
    cohort.refresh_from_db()
    assert cohort.tests_enabled


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_pool_audit_finds_unbalanced_halves_and_copies_of_practice(pool):
    from content.audit import audit_pool
    from content.models import Statement

    assert audit_pool().problems == []
    HeldOutItem.objects.filter(half="A", is_true=True).first().delete()
    copy = Statement.objects.first().text
    HeldOutItem.objects.create(kind="statement", half="B", is_true=True, text=copy, explanation="x")
    problems = " ".join(audit_pool().problems)
    assert "half A has 4 true and 5 false" in problems and "repeats practice content" in problems


def test_a_tests_results_are_no_practice_and_offer_none(cohort):
    learner, client = member(cohort)
    pre = take_test(client, cohort, "pre", right=False)
    take_test(client, cohort, "post")
    page = client.get(reverse("quiz:attempt-results", args=[pre.public_id])).text
    assert "Practise what you missed" not in page and "(practice)" not in page and "The claim:" not in page
    refused = client.post(reverse("quiz:attempt-practise", args=[pre.public_id]), follow=True)
    assert refused.status_code == 200 and "never practised" in refused.text
    assert not Attempt.objects.filter(practice_of=pre).exists()


def test_with_one_learner_the_page_shows_the_figures_and_says_they_are_a_first_impression(cohort, instructor):
    learner, client = member(cohort)
    take_test(client, cohort, "pre", right=False)
    take_test(client, cohort, "post")
    teacher = Client()
    teacher.force_login(instructor)
    page = teacher.get(reverse("quiz:cohort-tests", args=[cohort.pk])).text
    assert "1 learner took both tests" in page and "first impression, not evidence" in page
    assert "from <strong>-100</strong> to <strong>100</strong>" in page


def test_review_findings_hold_answers_back_and_keep_the_export_anonymous(cohort, instructor):
    """A test's answers are not in the learner's data export, nor in their technique scores, until the
    post-test; the research export sorts by the random id, gives days not times, and escapes formulas."""
    import json
    import zipfile

    from quiz.technique_scores import learner_scores

    learner, client = member(cohort)
    pre = take_test(client, cohort, "pre")
    assert learner_scores(learner=learner) == []
    assert "Your pre-test" not in client.get(reverse("quiz:home")).text  # not an open review
    data = client.post(reverse("account-data"))
    with zipfile.ZipFile(io.BytesIO(b"".join(data.streaming_content if data.streaming else [data.content]))) as z:
        attempts = json.loads(z.read(next(n for n in z.namelist() if n.endswith("data.json"))))["attempts"]
    mine = next(a for a in attempts if a["attempt"] == str(pre.public_id))
    assert mine["score"] is None and all(answer["correct_answer"] is None for answer in mine["answers"])
    take_test(client, cohort, "post")
    HeldOutItem.objects.filter(pk=pre.items.first().held_out_id).delete()
    teacher = Client()
    teacher.force_login(instructor)
    rows = csv_rows(teacher.get(reverse("quiz:cohort-tests-research", args=[cohort.pk])))
    assert all(len(row[3]) == 10 and len(row[4]) == 10 for row in rows[1:])  # 2026-12-02: a day, no time
    assert all(not row[-1].startswith("=") for row in rows[1:]) and "deleted=" in "".join(r[-1] for r in rows)
