"""Permission matrix: every URL of the site × every kind of visitor, enumerated from the URLconf.

A URL pattern without an entry here makes `test_every_url_has_an_entry` fail, so none can be forgotten.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reviews.reminders import unsubscribe_signer
from tests.factories import (
    CohortFactory,
    quiz_with_claims,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous", "learner", "other_learner", "instructor", "co_instructor", "other_instructor", "editor", "superuser"
]
SIGNED_IN = ROLES[1:]

# Outcomes: "ok" (200, or a redirect that is not to a sign-in page), "login" (sent to sign in),
# "403", "404", "405" (wrong method: the page only takes POST).
OK, LOGIN = "ok", "login"


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome, anonymous=LOGIN):
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, outcome)}


def owner_only(owner: str):
    """The learner's own attempt: theirs is fine, anyone else's is "not found"."""
    return {**signed_in("404"), owner: OK}


def instructors(*, cohort: bool, owner_only: bool = False):
    """Instructor pages: the cohort's owner and co-instructors (owner-only pages: 403 for a co-instructor);
    another instructor gets 404, non-instructors 403."""
    outcome = {**signed_in("403"), "instructor": OK, "co_instructor": OK, "superuser": OK}
    outcome["other_instructor"] = "404" if cohort else OK
    if owner_only:
        outcome["co_instructor"] = "403"
    return outcome


def member_only():
    """A page of the learner's own group membership: theirs is fine, anyone else gets "not found"."""
    return {**signed_in("404"), "learner": OK}


# name -> (kwargs builder, expected outcome per role) for GET requests.
MATRIX = {
    "quiz:home": (None, everyone(OK)),
    "quiz:health": (None, everyone(OK)),
    # Quizzes are open to guests: a visitor without an account gets the quiz's page and may start it (POST).
    "quiz:quiz-detail": (lambda d: {"pk": d["quiz"].pk}, everyone(OK)),
    "quiz:attempt-start": (lambda d: {"pk": d["quiz"].pk}, everyone("405")),
    "quiz:attempt-resume": (lambda d: {"attempt_id": d["attempt"].public_id}, owner_only("learner")),
    "quiz:attempt-step": (lambda d: {"attempt_id": d["attempt"].public_id, "step": 1}, owner_only("learner")),
    "quiz:attempt-finish": (lambda d: {"attempt_id": d["attempt"].public_id}, owner_only("learner")),
    "quiz:attempt-results": (lambda d: {"attempt_id": d["attempt"].public_id}, owner_only("learner")),
    "quiz:attempt-practise": (lambda d: {"attempt_id": d["attempt"].public_id}, everyone("405")),
    "quiz:join": (None, signed_in(OK)),
    "quiz:cohort-list": (None, instructors(cohort=False)),
    "quiz:cohort-detail": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:cohort-rotate-code": (lambda d: {"pk": d["cohort"].pk}, signed_in("405")),
    "quiz:cohort-remove-learner": (
        lambda d: {"pk": d["cohort"].pk, "learner_id": d["learner"].pk},
        instructors(cohort=True, owner_only=True),
    ),
    "quiz:cohort-leave": (lambda d: {"pk": d["cohort"].pk}, member_only()),
    "quiz:assignment-new": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True, owner_only=True)),
    "quiz:assignment-detail": (
        lambda d: {"pk": d["cohort"].pk, "assignment_id": d["assignment"].pk}, instructors(cohort=True)
    ),
    "quiz:assignment-edit": (
        lambda d: {"pk": d["cohort"].pk, "assignment_id": d["assignment"].pk},
        instructors(cohort=True, owner_only=True),
    ),
    "quiz:assignment-delete": (
        lambda d: {"pk": d["cohort"].pk, "assignment_id": d["assignment"].pk},
        instructors(cohort=True, owner_only=True),
    ),
    "quiz:co-instructor-add": (lambda d: {"pk": d["cohort"].pk}, signed_in("405")),
    "quiz:co-instructor-remove": (lambda d: {"pk": d["cohort"].pk, "user_id": d["users"]["co_instructor"].pk},
                                  signed_in("405")),
    "quiz:gradebook": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:gradebook-csv": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:answers-csv": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:learner-detail": (lambda d: {"pk": d["cohort"].pk, "learner_id": d["learner"].pk}, instructors(cohort=True)),
    "quiz:item-analysis": (lambda d: {"pk": d["cohort"].pk, "quiz_id": d["quiz"].pk}, instructors(cohort=True)),
    "quiz:myths": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:progress": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:cohort-techniques": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:cohort-tests": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:cohort-tests-csv": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:cohort-tests-research": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    "quiz:test": (lambda d: {"pk": d["cohort"].pk, "phase": "pre"}, member_only()),
    "reviews:review": (None, signed_in(OK)),
    "reviews:start": (None, signed_in("405")),
    "reviews:reminders": (None, signed_in(OK)),
    # The signed link is the key: whoever holds it sees the confirmation (mail clients open it signed out).
    "reviews:unsubscribe": (lambda d: {"token": unsubscribe_signer().sign(str(d["learner"].pk))}, everyone(OK)),
    "reviews:retention": (lambda d: {"pk": d["cohort"].pk}, instructors(cohort=True)),
    # The library is public.
    "content:library": (None, everyone(OK)),
    "content:search": (None, everyone(OK)),
    "content:techniques": (None, everyone(OK)),
    "content:claimreview-feed": (None, everyone(OK)),
    "content:claim-by-id": (lambda d: {"pk": d["claim"].pk}, everyone(OK)),
    "content:section-detail": (
        lambda d: {"document_slug": d["claim"].section.document.slug, "slug": d["claim"].section.slug},
        everyone(OK),
    ),
    "content:claim-detail": (
        lambda d: {
            "document_slug": d["claim"].section.document.slug,
            "section_slug": d["claim"].section.slug,
            "slug": d["claim"].slug,
        },
        everyone(OK),
    ),
    "signup": (None, everyone(OK)),
    # The interface language: choosing it takes a POST from anyone; the JavaScript strings are public.
    "set_language": (None, everyone("405")),
    "javascript-catalog": (None, everyone(OK)),
    "logout": (None, everyone(OK)),
    "login": (None, everyone(OK)),
    "password_change": (None, signed_in(OK)),
    "password_change_done": (None, signed_in(OK)),
    "password_reset": (None, everyone(OK)),
    "password_reset_done": (None, everyone(OK)),
    "password_reset_confirm": (lambda d: {"uidb64": "MQ", "token": "not-a-token"}, everyone(OK)),
    "password_reset_complete": (None, everyone(OK)),
    "account": (None, signed_in(OK)),
    "account-data": (None, signed_in(OK)),  # GET is the page; its button POSTs for the zip
    "account-delete": (None, signed_in(OK)),  # the superuser is the only one: told so, still a 200
    "privacy": (None, everyone(OK)),
    "favicon": (None, everyone(OK)),
    "ready": (None, everyone(OK)),
}

# The admin: staff only. Editors reach content and quizzes, never attempts; superusers reach everything.
ADMIN_PAGES = {
    "admin:index": {"editor": OK, "superuser": OK},
    "admin:content_claim_changelist": {"editor": OK, "superuser": OK},
    "admin:content_section_changelist": {"editor": OK, "superuser": OK},
    "admin:quiz_quiz_changelist": {"editor": OK, "superuser": OK},
    "admin:quiz_attempt_changelist": {"editor": "403", "superuser": OK},
    "admin:auth_user_changelist": {"editor": "403", "superuser": OK},
    "admin:content_sourcedocument_upload": {"editor": OK, "superuser": OK},
    "admin:content_heldoutitem_changelist": {"editor": OK, "superuser": OK},
    "admin:content_technique_changelist": {"editor": OK, "superuser": OK},
}


def url_names(resolver=None, namespace: str = "") -> list[str]:
    """Every URL pattern's full name; an unnamed pattern shows up as "<unnamed> <pattern>"."""
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name or f'<unnamed> {pattern.pattern}'}")
    return names


def test_every_url_has_an_entry():
    missing = [name for name in url_names() if name not in MATRIX and not name.startswith("admin:")]
    assert not missing, f"Add these URLs to the permission matrix: {missing}"


def outcome_of(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        return LOGIN if location.startswith((reverse("login"), reverse("admin:login"))) else OK
    return OK if response.status_code == 200 else str(response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_site_permission_matrix(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    wrong = {}
    for name, (kwargs, expected) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        got = outcome_of(client.get(url))
        if got != expected[role]:
            wrong[name] = f"expected {expected[role]}, got {got}"
    assert not wrong, f"{role}: {wrong}"


@pytest.mark.parametrize("role", ROLES)
def test_admin_permission_matrix(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    for name, allowed in ADMIN_PAGES.items():
        expected = allowed.get(role, LOGIN)  # not staff: the admin's own sign-in page
        assert outcome_of(client.get(reverse(name))) == expected, (role, name)


def test_other_instructors_cohort_stays_invisible_also_with_a_learner_id_of_theirs(client, world):
    """An instructor asking for a learner who is not in their cohort gets "not found", even with their own cohort."""
    own = CohortFactory(instructor=world["users"]["other_instructor"])
    client.force_login(world["users"]["other_instructor"])
    url = reverse("quiz:learner-detail", kwargs={"pk": own.pk, "learner_id": world["learner"].pk})
    assert client.get(url).status_code == 404
    quiz_with_claims(2)  # more content changes nothing
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "learner", "instructor", "superuser"])
def test_head_is_answered_wherever_get_is(client, world, role):
    """HEAD gets what GET gets, without a body (link checkers and monitors send it)."""
    user = world["users"][role]
    if user:
        client.force_login(user)
    wrong = {}
    for name, (kwargs, expected) in MATRIX.items():
        if expected[role] == "405":
            continue
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        got, head = client.get(url), client.head(url)
        body = b"".join(head.streaming_content) if head.streaming else head.content
        if head.status_code != got.status_code or body:
            wrong[name] = f"GET {got.status_code}, HEAD {head.status_code}"
    assert not wrong, f"{role}: {wrong}"
