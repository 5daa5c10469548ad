"""Spaced-review reads: mastery per section, what is due and when, for the dashboard and the review page."""

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from quiz.catalogue import catalogue
from quiz.scoring import whole
from reviews.models import Card


@dataclass
class Mastery:
    """How many of a section's (or the document's) published claims the learner has mastered and met."""

    claims: int = 0
    met: int = 0
    mastered: int = 0
    due: int = 0

    @property
    def percent(self) -> int:
        return whole(100 * self.mastered / self.claims) if self.claims else 0

    @property
    def text(self) -> str:
        return ngettext(
            "%(mastered)d of %(count)d myth mastered", "%(mastered)d of %(count)d myths mastered", self.claims
        ) % {"mastered": self.mastered, "count": self.claims}


@dataclass
class ReviewState:
    """The learner's cards at a glance: mastery per section, what is due now, when the next one is due."""

    sections: dict[int, Mastery] = field(default_factory=dict)
    due: int = 0
    cards: int = 0
    next_due: datetime | None = None

    def of(self, section) -> Mastery:
        """The section's mastery (claims counted from its published stock, `stock_claims`)."""
        found = self.sections.get(section.pk, Mastery())
        return Mastery(
            claims=section.stock_claims,
            met=found.met,
            mastered=min(found.mastered, section.stock_claims),
            due=found.due,
        )


def review_state(*, learner, now: datetime) -> ReviewState:
    """The learner's cards of published claims, counted per section: one plain query (a card per claim met),
    the claims' sections from the catalogue."""
    sections = catalogue().claim_sections
    state = ReviewState()
    for claim_id, mastered_until, due in Card.objects.filter(learner=learner).values_list(
        "claim_id", "mastered_until", "due"
    ):
        section_id = sections.get(claim_id)
        if section_id is None:  # its claim or section is not published (now)
            continue
        mastery = state.sections.setdefault(section_id, Mastery())
        mastery.met += 1
        mastery.mastered += mastered_until is not None and mastered_until > now
        state.cards += 1
        if due <= now:
            mastery.due += 1
            state.due += 1
        elif state.next_due is None or due < state.next_due:
            state.next_due = due
    return state


def overall(state: ReviewState, sections) -> Mastery:
    """The document's (all listed sections') mastery."""
    total = Mastery()
    for section in sections:
        mastery = state.of(section)
        total.claims += mastery.claims
        total.met += mastery.met
        total.mastered += mastery.mastered
        total.due += mastery.due
    return total


@dataclass
class NextAction:
    """The one thing the dashboard recommends, with what a button needs to do it."""

    kind: str  # "review", "resume", "quiz", "up_to_date"
    title: str
    text: str
    url: str = ""
    post: bool = False  # the button submits a form (starting something) rather than following a link
    label: str = ""


def next_action(*, cards, state: ReviewState, open_review, standings=()) -> NextAction:
    """In order: assigned work not done, due reviews, an attempt left open, the weakest section, a new one."""
    work = next((s for s in standings if not s.is_done and s.next_quiz), None)
    if work:
        quiz = work.next_quiz
        due = work.assignment.due_at
        late = due is not None and due < timezone.now()
        # Whole sentences, each translated on its own: "Overdue: … late. Next: <quiz>. Due 1 Dec 2026, 19:23."
        sentences = [_("Overdue: it still counts, as late.")] if late else []
        sentences.append(_("Next: %(quiz)s.") % {"quiz": quiz})
        if due:
            when = formats.date_format(timezone.localtime(due), "DATETIME_FORMAT")
            # Translators: when an assignment is due, e.g. "Due 1 Dec 2026, 19:23."
            sentences.append(_("Due %(when)s.") % {"when": when})
        open_attempt = next((e.open_attempt for c in cards for e in c.quizzes if e.quiz.pk == quiz.pk), None)
        kind = quiz.get_kind_display()
        if open_attempt:
            url, post = reverse("quiz:attempt-resume", args=[open_attempt.public_id]), False
            # Translators: a button, "Resume: <kind of quiz>".
            label = _("Resume: %(kind)s") % {"kind": kind}
        else:
            url, post = reverse("quiz:attempt-start", args=[quiz.pk]), True
            # Translators: a button, "Start: <kind of quiz>".
            label = _("Start: %(kind)s") % {"kind": kind}
        return NextAction(
            "assigned",
            _("Assigned: %(title)s") % {"title": work.assignment.title},
            " ".join(sentences),
            url,
            post=post,
            label=label,
        )
    if open_review:
        return NextAction(
            "resume",
            _("Finish your review"),
            _("You left a review part-way; your answers so far are saved."),
            reverse("quiz:attempt-resume", args=[open_review.public_id]),
            label=_("Resume the review"),
        )
    if state.due:
        return NextAction(
            "review",
            ngettext("%(count)d myth is due for review", "%(count)d myths are due for review", state.due)
            % {"count": state.due},
            _("A few minutes now keeps them from fading: statements and pairs from across the sections."),
            reverse("reviews:start"),
            post=True,
            label=_("Start the review"),
        )
    for card in cards:
        for entry in card.quizzes:
            if entry.open_attempt:
                return NextAction(
                    "resume",
                    # Translators: "Carry on: <kind of quiz>, <section title>".
                    _("Carry on: %(kind)s, %(section)s")
                    % {"kind": entry.quiz.get_kind_display(), "section": card.section.title},
                    _("You left this quiz part-way; your answers so far are saved."),
                    reverse("quiz:attempt-resume", args=[entry.open_attempt.public_id]),
                    # Translators: a button that resumes a quiz left part-way (verb).
                    label=pgettext("verb", "Resume"),
                )
    takeable = [(card, entry) for card in cards for entry in card.quizzes if not entry.unavailable_reason]
    started = [
        (c, e) for c, e in takeable if any(q.attempts for q in c.quizzes) and c.mastery.mastered < c.mastery.claims
    ]
    if started:
        card, entry = min(started, key=lambda pair: (pair[0].mastery.percent, pair[1].passed, pair[1].attempts))
        return NextAction(
            "quiz",
            # Translators: a heading, "Strengthen “<section title>”"; keep the quotation marks of your language.
            _("Strengthen “%(section)s”") % {"section": card.section.title},
            ngettext(
                "%(mastered)d of %(count)d myth mastered: your weakest section so far.",
                "%(mastered)d of %(count)d myths mastered: your weakest section so far.",
                card.mastery.claims,
            )
            % {"mastered": card.mastery.mastered, "count": card.mastery.claims},
            reverse("quiz:attempt-start", args=[entry.quiz.pk]),
            post=True,
            label=(_("Take again: %(kind)s") if entry.attempts else _("Start: %(kind)s"))
            % {"kind": entry.quiz.get_kind_display()},
        )
    fresh = [(c, e) for c, e in takeable if not any(q.attempts for q in c.quizzes)]
    if fresh:
        card, entry = fresh[0]
        return NextAction(
            "quiz",
            # Translators: a heading, "Start “<section title>”"; keep the quotation marks of your language.
            _("Start “%(section)s”") % {"section": card.section.title},
            ngettext(
                "%(count)d myth you have not met yet.", "%(count)d myths you have not met yet.", card.mastery.claims
            )
            % {"count": card.mastery.claims},
            reverse("quiz:attempt-start", args=[entry.quiz.pk]),
            post=True,
            label=_("Start: %(kind)s") % {"kind": entry.quiz.get_kind_display()},
        )
    return NextAction(
        "up_to_date",
        _("You are up to date"),
        _("Every section is mastered and nothing is due."),
        reverse("reviews:review"),
        label=_("See your reviews"),
    )
