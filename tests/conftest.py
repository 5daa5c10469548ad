"""Shared pytest fixtures: the bundled seed, its reviewed export, and users in each role."""

from pathlib import Path

import pytest

from tests.factories import EditorFactory, InstructorFactory, LearnerFactory

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "content" / "seed" / "nato-russia-relations-the-facts.txt"
SEED_EXPORT = ROOT / "content" / "fixtures" / "nato-russia-relations-the-facts.json"


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


@pytest.fixture
def seeded(db):
    """The reviewed seed content, as `make run` loads it."""
    from content.transfer import content_import

    content_import(SEED_EXPORT.read_text(encoding="utf-8"))


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
