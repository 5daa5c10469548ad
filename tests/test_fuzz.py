"""Hostile input to every form and htmx endpoint (hypothesis): never a server error, never a changed score.

The test client re-raises any exception a view lets through, so a 500 fails the example at once.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factsquiz.timezones import time_zone_choices
from quiz import services
from quiz.models import Attempt, AttemptItem, Quiz
from reviews import services as review_services
from reviews.models import Card, ReminderPreference
from tests.factories import CohortFactory, InstructorFactory, quiz_with_claims
from tests.helpers import answers_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
NASTY = [
    "",
    "true",  # and the real answers, so the fuzzer also takes, repeats and contradicts answers
    "false",
    "low",
    "high",
    " ",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "true ",
    "TRUE",
    "ＴＲＵＥ",
    "null",
    "[]",
    "{}",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\u202etrue",
    "🙂",
    "a\x00b",
    "../../etc/passwd",
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40).filter(lambda t: "\x00" not in t),
    st.text(min_size=2000, max_size=5000, alphabet="aé€🙂 "),
    st.integers().map(str),
)
FIELDS = [
    "choice",
    "certainty",
    "code",
    "name",
    "username",
    "password",
    "email",
    "password1",
    "password2",
    "csrfmiddlewaretoken",
]
FIELDS += ["section", "sort", "method", "page", "attempts", "next"]
forms = st.dictionaries(
    keys=st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=12)), values=values, max_size=6
)
# Derandomised: CI runs the same examples every time (no flaky red builds); raise max_examples to explore.
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def clean(form: dict) -> dict:
    """The test client cannot send a NUL in a form field; browsers and scripts can't either over HTTP forms."""
    return {k.replace("\x00", ""): v.replace("\x00", "") for k, v in form.items()}


@pytest.fixture
def attempts(learner):
    """An open true/false attempt, an open matching attempt, and an open review mixing both kinds of step."""
    tf = quiz_with_claims(4, item_count=8)
    matching = Quiz.objects.get(section=tf.section, kind=Quiz.Kind.MATCHING)
    met, _ = services.attempt_start(learner=learner, quiz=tf)
    for step in range(1, met.step_count + 1):
        services.answer_submit(learner=learner, attempt_id=met.public_id, step=step, answer=answers_for(met, step))
    services.attempt_finish(attempt=met)
    Card.objects.update(due=timezone.now() - timedelta(days=1))
    review, _ = review_services.review_start(learner=learner)
    assert any(review.step_is_matching(n) for n in range(1, review.step_count + 1))
    return [services.attempt_start(learner=learner, quiz=quiz)[0] for quiz in (tf, matching)] + [review]


def assert_scores_intact(attempts):
    for attempt in attempts:
        for item in AttemptItem.objects.filter(attempt=attempt, answered_at__isnull=False):
            allowed = (
                {o["token"] for o in attempt.options_for(item.step)}
                if attempt.step_is_matching(item.step)
                else {"true", "false"}
            )
            assert item.choice in allowed
            assert item.is_correct == (item.choice == item.correct_choice)
        assert not Attempt.objects.get(pk=attempt.pk).is_finished


CERTAINTIES = ("", "low", "medium", "high")


def expected_status(attempt: Attempt, number: int, form: dict, htmx: bool) -> int:
    """What the answer endpoint must say to this post, worked out from the rules, not from the code.

    No step: 404. A step already answered: the same answer again is shown (200 with htmx, else a
    redirect), an unreadable one is 422, another one 409. An unanswered step: 409 while an earlier
    one is open, 422 for a missing or unknown choice or certainty, else the answer is taken.
    """
    items = list(AttemptItem.objects.filter(attempt=attempt, step=number).order_by("position"))
    taken = 200 if htmx else 302
    if not items:
        return 404
    if attempt.step_is_matching(number):
        allowed = {o["token"] for o in attempt.options_for(number)}
        readable = all(form.get(item.token, "") in allowed for item in items)
        same = readable and all(form[item.token] == item.choice for item in items)
    else:
        readable = form.get("choice", "") in ("true", "false")
        same = readable and form["choice"] == items[0].choice
    certain = form.get("certainty", "") in CERTAINTIES
    if all(item.answered_at for item in items):
        return (taken if same else 409) if readable else 422
    first_open = AttemptItem.objects.filter(attempt=attempt, is_correct__isnull=True).order_by("step").first()
    if first_open.step != number:
        return 409
    return taken if readable and certain else 422


@FUZZ
@given(form=forms, htmx=st.booleans(), step=st.integers(min_value=0, max_value=2**31 - 1))
def test_answer_endpoints(client, learner, attempts, form, htmx, step):
    client.force_login(learner)
    data = clean(form)
    for attempt in attempts:
        for number in (1, step):
            expected = expected_status(attempt, number, data, htmx)
            url = reverse("quiz:attempt-step", kwargs={"attempt_id": attempt.public_id, "step": number})
            response = client.post(url, data, **(HTMX if htmx else {}))
            assert response.status_code == expected, (number, data)
    assert_scores_intact(attempts)


plausible = st.fixed_dictionaries(
    {"choice": st.sampled_from(["true", "false", "TRUE", "", "maybe"])},
    optional={"certainty": st.sampled_from(["", "low", "medium", "high", "sure", "LOW"])},
)


@FUZZ
@given(form=plausible, htmx=st.booleans(), step=st.integers(min_value=0, max_value=6))
def test_answer_endpoints_with_plausible_answers(client, learner, attempts, form, htmx, step):
    """Answers that are right, wrong, repeated, contradicted, early or malformed: each gets its exact status."""
    client.force_login(learner)
    true_false = attempts[0]
    for number in (step, 1, 2):
        expected = expected_status(true_false, number, form, htmx)
        url = reverse("quiz:attempt-step", kwargs={"attempt_id": true_false.public_id, "step": number})
        response = client.post(url, form, **(HTMX if htmx else {}))
        assert response.status_code == expected, (number, form)
    assert_scores_intact(attempts)


@FUZZ
@given(form=forms)
def test_matching_with_real_tokens_and_hostile_values(client, learner, attempts, form):
    client.force_login(learner)
    matching = attempts[1]
    tokens = list(matching.items.filter(step=1).values_list("token", flat=True))
    hostile = dict(zip(tokens, list(clean(form).values()) + ["x"] * len(tokens), strict=False))
    url = reverse("quiz:attempt-step", kwargs={"attempt_id": matching.public_id, "step": 1})
    assert client.post(url, hostile).status_code == expected_status(matching, 1, hostile, htmx=False)
    assert_scores_intact(attempts)


@FUZZ
@given(form=forms)
def test_account_and_cohort_forms(client, form, learner, attempts):
    data = clean(form)
    assert client.post(reverse("signup"), data).status_code in (200, 302, 422, 429)
    assert client.post(reverse("login"), data).status_code in (200, 302, 429)
    assert client.post(reverse("password_reset"), data).status_code in (200, 302)
    client.force_login(learner)
    assert client.post(reverse("quiz:join"), data).status_code in (302, 422)
    assert client.get(reverse("quiz:join"), data).status_code in (200, 422)
    assert client.post(reverse("password_change"), data).status_code in (200, 302)
    instructor = InstructorFactory()
    client.force_login(instructor)
    assert client.post(reverse("quiz:cohort-list"), data).status_code in (302, 422)
    cohort = CohortFactory(instructor=instructor)
    for name, kwargs in [("quiz:gradebook", {"pk": cohort.pk}), ("quiz:cohort-detail", {"pk": cohort.pk})]:
        assert client.get(reverse(name, kwargs=kwargs), data).status_code == 200
        assert client.get(reverse(name, kwargs=kwargs), data, **HTMX).status_code == 200
    assert_scores_intact(attempts)


@pytest.mark.parametrize("number", [0, 2**31, 2**63, 10**30])
def test_huge_numbers_in_addresses_are_not_found(client, learner, attempts, number):
    client.force_login(learner)
    attempt = attempts[0]
    assert client.get(f"/attempts/{attempt.public_id}/items/{number}/").status_code == 404
    assert client.post(f"/attempts/{attempt.public_id}/items/{number}/", {"choice": "true"}).status_code == 404
    assert client.get(f"/quizzes/{number}/").status_code == 404
    assert client.get(f"/library/claims/{number}/").status_code == 404
    assert_scores_intact(attempts)


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("login", {"username": "x" * 5000, "password": "p"}, "Usernames have at most 150 characters."),
        ("admin:login", {"username": "x" * 5000, "password": "p"}, "Usernames have at most 150 characters."),
        ("signup", {"username": "newbie", "email": "a" * 250 + "@example.org"}, "at most 254 characters"),
    ],
)
def test_over_long_values_are_refused_before_they_reach_the_database(client, url, data, message):
    """Found by the fuzzer on PostgreSQL, which (unlike SQLite) enforces column lengths."""
    response = client.post(reverse(url), data)
    assert response.status_code in (200, 422) and message in response.text


def test_over_long_cohort_name_is_refused(client):
    client.force_login(InstructorFactory())
    response = client.post(reverse("quiz:cohort-list"), {"name": "n" * 121})
    assert response.status_code == 422 and "Use at most 120 characters" in response.text


@pytest.mark.parametrize("number", ["99999999999999999999", "-1", "0", "1e5", "٣"])
def test_report_filters_with_odd_numbers(client, number):
    instructor = InstructorFactory()
    cohort = CohortFactory(instructor=instructor)
    client.force_login(instructor)
    for params in ({"section": number}, {"page": number}, {"sort": f"-quiz-{number}"}, {"attempts": number}):
        assert client.get(reverse("quiz:gradebook", kwargs={"pk": cohort.pk}), params).status_code == 200


ZONES = {name for name, _ in time_zone_choices()}


@FUZZ
@given(
    form=forms,
    frequency=st.one_of(values, st.sampled_from(ReminderPreference.Frequency.values)),
    zone=st.one_of(values, st.sampled_from(["Europe/Paris", "UTC", "America/New_York"])),
)
def test_reminder_settings_and_review_start(client, learner, attempts, form, frequency, zone):
    client.force_login(learner)
    data = {**clean(form), "frequency": frequency.replace("\x00", ""), "time_zone": zone.replace("\x00", "")}
    before = list(ReminderPreference.objects.values())
    valid = data["frequency"] in ReminderPreference.Frequency.values and data["time_zone"] in ZONES
    response = client.post(reverse("reviews:reminders"), data)
    assert response.status_code == (302 if valid else 422)
    if not valid:
        assert list(ReminderPreference.objects.values()) == before
    review = attempts[-1]
    assert client.post(reverse("reviews:start"), data)["Location"].endswith(f"/attempts/{review.public_id}/")
    assert Attempt.objects.filter(kind=Attempt.Kind.REVIEW).count() == 1
    assert_scores_intact(attempts)
