"""Reads for the learner pages: the dashboard, a quiz's page, an attempt's current step and its review."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404

from content import selectors as content_selectors
from content.models import Section
from factsquiz.templatetags.formatting import content_lang
from quiz import steps
from quiz.catalogue import catalogue
from quiz.models import Attempt, AttemptItem, Quiz


@dataclass
class QuizCard:
    """One quiz as a learner sees it on the dashboard; `label` names its section (or document) for screen readers,
    `label_lang` is that name's `lang` attribute (content). Its words are `quiz.dashboard_html`'s."""

    quiz: Quiz
    unavailable_reason: str = ""
    attempts: int = 0
    best: int | None = None
    latest: int | None = None
    latest_discernment: int | None = None  # true/false only
    passed: bool = False
    open_attempt: Attempt | None = None
    open_practice: Attempt | None = None  # practice of missed items, left before the end
    links: tuple[str, str] = ("", "")  # the quiz's page and where its form starts it (the catalogue's)
    label: str = ""
    label_lang: str = ""

    @cached_property
    def state(self) -> str:
        """The status as a key, the same in every language (it names the tag's CSS class)."""
        if self.open_attempt:
            return "in-progress"
        if self.unavailable_reason:
            return "not-available"
        if self.passed:
            return "passed"
        if self.attempts:
            return "not-passed-yet"
        return "not-started"


@dataclass
class SectionCard:
    section: Section
    quizzes: list[QuizCard] = field(default_factory=list)
    across: list[QuizCard] = field(default_factory=list)  # the quizzes across the section's whole document
    quizzes_html: str = ""  # `quiz.dashboard_html.quiz_rows` of each list, set by the dashboard view
    across_html: str = ""
    mastery: object = None  # reviews.selectors.Mastery, set by the dashboard view


@dataclass
class Dashboard:
    sections: list[SectionCard]
    open_review: Attempt | None  # a review session left part-way


def _standings_sql() -> str:
    """Per quiz, the learner's graded attempts: how many, the best score, passes, the latest's score and
    discernment (params: learner, False). Written once as SQL: the ORM took longer to compile it than the
    database to run it, on the page every learner opens most."""
    attempt = connection.ops.quote_name(Attempt._meta.db_table)
    return f"""
        SELECT quiz_id, COUNT(*), MAX(percent), SUM(CASE WHEN passed THEN 1 ELSE 0 END),
               MAX(CASE WHEN nth = 1 THEN percent END), MAX(CASE WHEN nth = 1 THEN discernment END)
        FROM (
            SELECT quiz_id, percent, passed, discernment,
                   ROW_NUMBER() OVER (PARTITION BY quiz_id ORDER BY finished_at DESC, id DESC) AS nth
            FROM {attempt}
            WHERE learner_id = %s AND finished_at IS NOT NULL AND is_practice = %s AND quiz_id IS NOT NULL
        ) graded
        GROUP BY quiz_id
    """


def dashboard(*, learner) -> Dashboard:
    """Published sections in order with the learner's standing in each quiz: the catalogue, then two queries."""
    known = catalogue()
    with connection.cursor() as cursor:
        cursor.execute(_standings_sql(), [learner.pk, False])
        stats = {
            quiz_id: {"attempts": n, "best": best, "passes": passes, "latest": latest, "latest_discernment": signal}
            for quiz_id, n, best, passes, latest, signal in cursor.fetchall()
        }
    open_attempts = {
        # A review and a pre- or post-test both have no quiz: only a review is the dashboard's open review.
        (a.quiz_id, a.is_practice) if a.quiz_id or a.kind == Attempt.Kind.REVIEW else ("test", a.pk): a
        for a in Attempt.objects.open().filter(learner=learner).only("quiz_id", "is_practice", "public_id", "kind")
    }
    languages = {}

    def quiz_card(quiz: Quiz, label) -> QuizCard:
        row = stats.get(quiz.pk, {})
        if label.pk not in languages:
            languages[label.pk] = content_lang(label)
        return QuizCard(
            quiz=quiz,
            unavailable_reason=known.unavailable_reason(quiz),
            attempts=row.get("attempts", 0),
            best=row.get("best"),
            latest=row.get("latest"),
            latest_discernment=row.get("latest_discernment"),
            passed=bool(row.get("passes")),
            open_attempt=open_attempts.get((quiz.pk, False)),
            open_practice=open_attempts.get((quiz.pk, True)),
            links=known.links[quiz.pk],
            label=label.title,
            label_lang=languages[label.pk],
        )

    across = {
        document: [quiz_card(quiz, quiz.document) for quiz in quizzes] for document, quizzes in known.across.items()
    }
    cards = [
        SectionCard(
            section,
            quizzes=[quiz_card(quiz, section) for quiz in known.quizzes.get(section.pk, ())],
            across=across.get(section.document_id, []),
        )
        for section in known.sections
    ]
    return Dashboard(cards, open_review=open_attempts.get((None, True)))


def listed_quiz(*, pk: int) -> Quiz:
    """A published quiz of a published section (else "not found"), with its section and document: the
    catalogue's, shared by the process's requests (read it, never set attributes on it)."""
    quiz = catalogue().listed.get(pk)
    if quiz is None:
        raise Http404
    return quiz


def quiz_for_learners(*, pk: int) -> tuple[Quiz, str]:
    """A published quiz of a published section, with why it cannot be taken now ("" if it can)."""
    quiz = listed_quiz(pk=pk)
    return quiz, catalogue().unavailable_reason(quiz)


def guest_attempts(*, learner, limit: int = 20) -> list[Attempt]:
    """A guest's latest attempts, for the signed-out home page."""
    return list(Attempt.objects.filter(learner=learner).order_by("-started_at")[:limit])


def learner_attempts(*, learner, quiz: Quiz):
    return Attempt.objects.filter(learner=learner, quiz=quiz).order_by("-started_at")


def open_attempts(*, learner, quiz: Quiz):
    return Attempt.objects.open().filter(learner=learner, quiz=quiz)


def learner_attempt(*, learner, public_id) -> Attempt:
    """The learner's own attempt; anyone else's is "not found", so attempts cannot be probed.

    With its quiz and section, so pages can tell whether the quiz is still listed (editors may withdraw it).
    """
    return get_object_or_404(Attempt.objects.select_related("quiz__section"), learner=learner, public_id=public_id)


def learner_step(*, learner, public_id, step: int) -> tuple[Attempt, list[AttemptItem]]:
    """The learner's attempt and the items of one of its steps, in one query (`steps.step_rows`).

    An attempt that is someone else's is "not found"; a step the attempt does not have comes back as
    no items, with the attempt read the ordinary way (so a finished attempt can still send to results).
    """
    attempt, items = steps.step_rows(public_id=public_id, step=step, with_listing=True)
    if attempt is None:
        return learner_attempt(learner=learner, public_id=public_id), []
    if attempt.learner_id != learner.pk:
        raise Http404("No such attempt.")
    return attempt, items


def open_step(*, attempt: Attempt) -> int | None:
    return attempt.items.filter(is_correct__isnull=True).order_by("step").values_list("step", flat=True).first()


def attach_sources(items: list[AttemptItem]) -> None:
    """Give each item `sources`: the references its claim cites, as the library has them now (one query)."""
    references = content_selectors.references_by_claim(item.claim_id for item in items)
    for item in items:
        item.sources = references.get(item.claim_id, [])


def attach_techniques(items: list[AttemptItem]) -> None:
    """Give technique items `technique_info`: the right technique as the library has it now (from the catalogue:
    no query while the content is unchanged; shared, so read only)."""
    techniques = catalogue().techniques if any(item.technique_id for item in items) else {}
    for item in items:
        item.technique_info = techniques.get(item.technique_id)


def review_items(*, attempt: Attempt) -> list[AttemptItem]:
    """All items in order (from the prefetch cache when the caller prefetched them)."""
    items = list(attempt.items.all())
    for item in items:
        item.attempt = attempt
    return items


@dataclass
class ReviewStep:
    """A step of a finished attempt for the results page: its items and, for matching, the facts offered."""

    step: int
    items: list[AttemptItem]
    options: list[dict]


def attach_options(attempt: Attempt, items: list[AttemptItem]) -> None:
    """Give answered matching items the fact chosen and the right one. Unanswered items get neither."""
    for item in items:
        by_token = {o["token"]: o for o in attempt.options_for(item.step)}
        if not by_token:
            continue  # a true/false step
        item.chosen_option = by_token.get(item.choice) if item.is_answered else None
        item.correct_option = by_token.get(item.correct_choice) if item.is_correct is not None else None


def group_by_step(items: list[AttemptItem]) -> list[ReviewStep]:
    steps: dict[int, ReviewStep] = {}
    if items:
        attach_options(items[0].attempt, items)
    for item in items:
        if item.step not in steps:
            steps[item.step] = ReviewStep(item.step, [], item.attempt.options_for(item.step))
        steps[item.step].items.append(item)
    return list(steps.values())
