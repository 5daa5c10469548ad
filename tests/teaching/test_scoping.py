"""Cohort-scoped data: instructors see only what a learner did as a member; leaving; co-instructors."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quiz.models import Attempt, Membership
from tests.factories import CohortFactory, InstructorFactory, LearnerFactory, MembershipFactory, quiz_with_claims
from tests.helpers import take

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_terms(db):
    """One learner: wrong answers before joining the spring cohort, right ones after; autumn joined later still."""
    quiz = quiz_with_claims(3, item_count=4)
    learner = LearnerFactory(username="maya")
    now = timezone.now()
    spring, autumn = CohortFactory(name="Spring"), CohortFactory(name="Autumn")
    before = take(quiz, learner, now=now - timedelta(days=20), right=False)
    Membership.objects.create(cohort=spring, learner=learner, joined_at=now - timedelta(days=10))
    during = take(quiz, learner, now=now - timedelta(days=5))
    Membership.objects.create(cohort=autumn, learner=learner, joined_at=now - timedelta(days=1))
    return {"quiz": quiz, "learner": learner, "spring": spring, "autumn": autumn, "before": before, "during": during}


def pages(client, cohort, quiz, learner) -> dict[str, str]:
    urls = {
        "gradebook": reverse("quiz:gradebook", args=[cohort.pk]),
        "learner": reverse("quiz:learner-detail", args=[cohort.pk, learner.pk]),
        "items": reverse("quiz:item-analysis", args=[cohort.pk, quiz.pk]) + "?attempts=all",
        "myths": reverse("quiz:myths", args=[cohort.pk]),
        "progress": reverse("quiz:progress", args=[cohort.pk]),
    }
    result = {name: client.get(url).text for name, url in urls.items()}
    for name in ("answers-csv", "gradebook-csv"):
        response = client.get(reverse(f"quiz:{name}", args=[cohort.pk]))
        result[name] = b"".join(response.streaming_content).decode("utf-8-sig")
    return result


def test_an_instructor_sees_only_attempts_made_while_the_learner_was_a_member(client, two_terms):
    quiz, learner, spring = two_terms["quiz"], two_terms["learner"], two_terms["spring"]
    client.force_login(spring.instructor)
    seen = pages(client, spring, quiz, learner)
    assert "100% <span" in seen["gradebook"] and '<span class="muted">1 attempt</span>' in seen["gradebook"]
    assert str(two_terms["during"].public_id) in seen["answers-csv"]
    assert str(two_terms["before"].public_id) not in seen["answers-csv"]
    assert seen["learner"].count('class="card attempt-card"') == 1
    assert "believed them" not in seen["myths"]  # the wrong answers came before joining
    assert seen["answers-csv"].count("\n") == 1 + two_terms["during"].max_score


def test_a_cohort_joined_later_sees_nothing_of_before(client, two_terms):
    quiz, learner, autumn = two_terms["quiz"], two_terms["learner"], two_terms["autumn"]
    client.force_login(autumn.instructor)
    seen = pages(client, autumn, quiz, learner)
    assert seen["learner"].count('class="card attempt-card"') == 0 and "has not started any quiz yet" in seen["learner"]
    assert seen["answers-csv"].count("\n") == 1  # the header only
    assert '<span class="visually-hidden">no attempt</span>' in seen["gradebook"]
    assert "attempt</span></td>" not in seen["gradebook"]


def test_a_learner_leaves_after_confirming_and_the_instructor_sees_them_no_more(client, two_terms):
    learner, spring = two_terms["learner"], two_terms["spring"]
    client.force_login(learner)
    dashboard = client.get(reverse("quiz:home")).text
    leave = reverse("quiz:cohort-leave", args=[spring.pk])
    assert leave in dashboard
    confirm = client.get(leave).text
    assert "Leave “Spring”?" in confirm and Membership.objects.filter(cohort=spring, learner=learner).exists()
    response = client.post(leave)
    assert response.status_code == 302 and not Membership.objects.filter(cohort=spring, learner=learner).exists()
    assert client.post(leave).status_code == 404  # not in it any more
    assert Attempt.objects.filter(learner=learner).count() == 2  # their attempts stay theirs
    client.force_login(spring.instructor)
    assert client.get(reverse("quiz:learner-detail", args=[spring.pk, learner.pk])).status_code == 404
    assert "maya" not in client.get(reverse("quiz:gradebook", args=[spring.pk])).text
    csv = b"".join(client.get(reverse("quiz:answers-csv", args=[spring.pk])).streaming_content).decode("utf-8-sig")
    assert "maya" not in csv


def test_the_join_page_says_exactly_what_the_instructor_will_see(client, learner):
    cohort = CohortFactory(name="Evening class")
    client.force_login(learner)
    page = client.get(reverse("quiz:join"), {"code": cohort.join_code}).text
    assert "From the moment you join" in page and "how sure you said you were and how long you took" in page
    assert "They will not see anything you did before joining" in page and "You can leave the group" in page


def test_co_instructors_see_the_reports_but_only_the_owner_manages(client, two_terms):
    spring, learner = two_terms["spring"], two_terms["learner"]
    colleague = InstructorFactory(username="colleague")
    client.force_login(spring.instructor)
    add = reverse("quiz:co-instructor-add", args=[spring.pk])
    for username, message in [
        ("nobody-like-this", "There is no account called"),
        (learner.username, "is not an instructor"),
        (spring.instructor.username, "You own this cohort already"),
    ]:
        page = client.post(add, {"username": username}, follow=True).text
        assert message in page
    assert not spring.co_instructors.exists()
    page = client.post(add, {"username": " COLLEAGUE "}, follow=True).text
    assert "colleague can now see “Spring”" in page and list(spring.co_instructors.all()) == [colleague]

    client.force_login(colleague)
    assert "Spring" in client.get(reverse("quiz:cohort-list")).text
    detail = client.get(reverse("quiz:cohort-detail", args=[spring.pk])).text
    assert "You co-teach this cohort" in detail and "Make a new code" not in detail
    assert client.get(reverse("quiz:gradebook", args=[spring.pk])).status_code == 200
    code = spring.join_code
    assert client.post(reverse("quiz:cohort-rotate-code", args=[spring.pk])).status_code == 403
    remove = reverse("quiz:cohort-remove-learner", args=[spring.pk, learner.pk])
    assert client.post(remove).status_code == 403
    assert client.post(add, {"username": "someone"}).status_code == 403
    spring.refresh_from_db()
    assert spring.join_code == code and spring.memberships.count() == 1

    client.force_login(spring.instructor)
    client.post(reverse("quiz:co-instructor-remove", args=[spring.pk, colleague.pk]))
    client.force_login(colleague)
    assert client.get(reverse("quiz:gradebook", args=[spring.pk])).status_code == 404


def test_a_learner_of_the_cohort_cannot_be_made_its_co_instructor(client, instructor):
    cohort = CohortFactory(instructor=instructor)
    both = InstructorFactory(username="both")
    MembershipFactory(cohort=cohort, learner=both)
    client.force_login(instructor)
    page = client.post(reverse("quiz:co-instructor-add", args=[cohort.pk]), {"username": "both"}, follow=True).text
    assert "is a learner in this cohort" in page and not cohort.co_instructors.exists()
