"""Assignment writes: set quizzes for a cohort with dates, change them, remove them (never touching a score)."""

from django.utils.translation import gettext as _

from quiz.teaching.models import Assignment


def default_title(quizzes) -> str:
    """ "NATO enlargement: True or false", or the sections' names when several quizzes are set."""
    quizzes = list(quizzes)
    sections = list(dict.fromkeys(q.section.title for q in quizzes if q.section))
    if len(quizzes) == 1:
        return str(quizzes[0])
    # Translators: the stored title of an assignment whose instructor gave none and whose quizzes have no section.
    return ", ".join(sections)[:200] or _("Assigned quizzes")


def assignment_save(*, cohort, by, quizzes, title: str, opens_at, due_at, assignment: Assignment | None = None):
    """Create the assignment, or change an existing one of the cohort; attempts and scores stay as they are."""
    assignment = assignment or Assignment(cohort=cohort, created_by=by)
    assignment.title = title.strip() or default_title(quizzes)
    assignment.opens_at, assignment.due_at = opens_at, due_at
    assignment.save()
    assignment.quizzes.set(quizzes)
    return assignment


def assignment_delete(*, assignment: Assignment) -> None:
    assignment.delete()
