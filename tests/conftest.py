"""Shared pytest fixtures: the bundled seed, its reviewed export, and users in each role."""

from pathlib import Path

import pytest

from tests.factories import EditorFactory, InstructorFactory, LearnerFactory

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "content" / "seed" / "nato-russia-relations-the-facts.txt"
SEED_EXPORT = ROOT / "content" / "fixtures" / "nato-russia-relations-the-facts.json"
SEED_SLUG = "nato-russia-relations-the-facts"


@pytest.fixture(autouse=True)
def no_offered_user():
    """A user copy offered by the session store in one test never reaches the next (see accounts.auth)."""
    from accounts.auth import withdraw_offer

    withdraw_offer()
    yield
    withdraw_offer()


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request in French leaves French active in the thread: the next test starts in the default language."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def seed_text_path() -> Path:
    return SEED_TEXT


@pytest.fixture
def seed_export_path() -> Path:
    return SEED_EXPORT


@pytest.fixture
def learner(db):
    return LearnerFactory(username="lena")


@pytest.fixture
def instructor(db):
    return InstructorFactory(username="ivan")


@pytest.fixture
def editor(db):
    return EditorFactory(username="edith")


def load_seed() -> None:
    from content.transfer_import import content_import

    content_import(SEED_EXPORT.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the reviewed seed loaded once for the whole session.

    Each test runs in a transaction that is rolled back, so the seed is there, unchanged, for every
    test. Transactional tests (which pytest-django runs last) empty the database when they end;
    `seeded` loads it again for any that need it.
    """
    with django_db_blocker.unblock():
        load_seed()


@pytest.fixture
def seeded(db):
    """The reviewed seed content, as `make run` loads it (loaded once per session, see django_db_setup)."""
    from content.models import SourceDocument

    if not SourceDocument.objects.filter(slug=SEED_SLUG).exists():
        load_seed()


@pytest.fixture
def empty(db):
    """No content at all: for tests that count what they made themselves."""
    from django.test import override_settings

    from content.models import SourceDocument

    with override_settings(SIMPLE_HISTORY_ENABLED=False):  # the seed's removal is no edit worth a history row
        SourceDocument.objects.all().delete()


@pytest.fixture
def world(seeded, django_user_model):
    """One of each kind of visitor, a cohort, and the learner's open attempt (permission and budget tests)."""
    from datetime import timedelta

    from django.utils import timezone

    from quiz import services
    from quiz.models import Assignment, Quiz
    from tests.factories import CohortFactory

    learner = LearnerFactory(username="lena")
    instructor = InstructorFactory(username="ivan")
    cohort = CohortFactory(instructor=instructor, members=[learner])
    co_instructor = InstructorFactory(username="cora")
    cohort.co_instructors.add(co_instructor)
    quiz = Quiz.objects.published().filter(kind=Quiz.Kind.TRUE_FALSE).first()
    attempt, _ = services.attempt_start(learner=learner, quiz=quiz)
    assignment = Assignment.objects.create(cohort=cohort, title="Week 1", due_at=timezone.now() + timedelta(days=7))
    assignment.quizzes.add(quiz)
    return {
        "assignment": assignment,
        "users": {
            "anonymous": None,
            "learner": learner,
            "other_learner": LearnerFactory(),
            "instructor": instructor,
            "co_instructor": co_instructor,
            "other_instructor": InstructorFactory(),
            "editor": EditorFactory(),
            "superuser": django_user_model.objects.create_superuser("root", "root@example.com", "not-used"),
        },
        "learner": learner,
        "cohort": cohort,
        "quiz": quiz,
        "attempt": attempt,
        "claim": quiz.section.claims.published().select_related("section__document").first(),
    }


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
