"""Quiz models: a section's quizzes, learners' attempts, the frozen items each attempt showed, and cohorts.

Each lives in its own module (`quizzes`, `attempts`, `attempt_items`, `cohorts`); importers keep to
``from quiz.models import ...``, and migrations to ``quiz.models.new_join_code``.
"""

from quiz.models.attempt_items import AttemptItem
from quiz.models.attempts import Attempt, AttemptQuerySet
from quiz.models.cohorts import JOIN_CODE_ALPHABET, Cohort, Membership, new_join_code
from quiz.models.quizzes import HistoricalQuiz, Quiz, QuizQuerySet
from quiz.teaching.models import Assignment, CohortTest  # quiz models beside the teaching code

__all__ = [
    "JOIN_CODE_ALPHABET",
    "Assignment",
    "Attempt",
    "AttemptItem",
    "AttemptQuerySet",
    "Cohort",
    "CohortTest",
    "HistoricalQuiz",
    "Membership",
    "Quiz",
    "QuizQuerySet",
    "new_join_code",
]
