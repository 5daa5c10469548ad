"""How well techniques are recognised: per technique for a learner or an attempt, per cohort, and what is confused.

Reads only. A technique item's right answer is frozen on the item (`AttemptItem.technique`); the one the
learner picked is the option they chose, whose technique the attempt froze with its options.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from content.models import Technique
from quiz.catalogue import catalogue
from quiz.models import Attempt, AttemptItem, Cohort

PRACTISE_BELOW = 60  # percent right under which a technique is worth practising (with at least 2 answers)
MIN_ANSWERS = 2


@dataclass
class TechniqueScore:
    technique: Technique
    right: int
    answers: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.answers) if self.answers else 0

    @property
    def needs_practice(self) -> bool:
        return self.answers >= MIN_ANSWERS and self.percent < PRACTISE_BELOW

    @property
    def text(self) -> str:
        """ "Distort: 2 of 5" """
        # Translators: a technique's name and how many of its items the learner got right, "Distort: 2 of 5".
        return _("%(technique)s: %(right)d of %(answers)d") % {
            "technique": self.technique.name,
            "right": self.right,
            "answers": self.answers,
        }


def _scores(items) -> list[TechniqueScore]:
    """Per right technique: answers and right answers, with the technique's name, slug and order (one query)."""
    rows = (
        items.values("technique_id", "technique__name", "technique__slug", "technique__position")
        .annotate(
            family_position=F("technique__family__position"),
            answers=Count("pk"),
            right=Count("pk", filter=Q(is_correct=True)),
        )
        .order_by("family_position", "technique__position")
    )
    return [
        TechniqueScore(
            Technique(
                pk=row["technique_id"],
                name=row["technique__name"],
                slug=row["technique__slug"],
                position=row["technique__position"],
            ),
            row["right"],
            row["answers"],
        )
        for row in rows
    ]


def _learner_sql() -> str:
    """Per right technique, the learner's answered technique items and right ones, pre- and post-tests left out
    (params: learner, the two test kinds, True). Written once as SQL: it runs on every dashboard of a learner
    who has tried the technique quizzes, and the ORM took longer to compile it than the database to run it."""
    quote = connection.ops.quote_name
    item, attempt = quote(AttemptItem._meta.db_table), quote(Attempt._meta.db_table)
    return f"""
        SELECT i.technique_id, COUNT(*), SUM(CASE WHEN i.is_correct = %s THEN 1 ELSE 0 END)
        FROM {item} i JOIN {attempt} a ON a.id = i.attempt_id
        WHERE a.learner_id = %s AND a.kind NOT IN (%s, %s)
          AND i.technique_id IS NOT NULL AND i.answered_at IS NOT NULL
        GROUP BY i.technique_id
    """


def learner_scores(*, learner) -> list[TechniqueScore]:
    """Every technique item the learner answered (quizzes and practice), per right technique: one query, the
    techniques' names and order from the catalogue. Not the pre- and post-tests: their answers stay hidden
    until the post-test is done."""
    with connection.cursor() as cursor:
        cursor.execute(_learner_sql(), [True, learner.pk, Attempt.Kind.PRE_TEST, Attempt.Kind.POST_TEST])
        rows = cursor.fetchall()
    techniques = catalogue().techniques
    order = {pk: n for n, pk in enumerate(techniques)}
    scores = [TechniqueScore(techniques[pk], right, answers) for pk, answers, right in rows if pk in techniques]
    return sorted(scores, key=lambda score: order[score.technique.pk])


def attempt_scores(attempt: Attempt, items) -> list[TechniqueScore]:
    """Per technique within one finished attempt, from its items already read (unanswered count as wrong)."""
    counts: dict[int, list[int]] = {}
    for item in items:
        if item.technique_id:
            right, answers = counts.setdefault(item.technique_id, [0, 0])
            counts[item.technique_id] = [right + bool(item.is_correct), answers + 1]
    techniques = Technique.objects.filter(pk__in=counts).order_by("family__position", "position")
    return [TechniqueScore(t, *counts[t.pk]) for t in techniques]


def practise_next(scores: list[TechniqueScore], limit: int = 3) -> list[TechniqueScore]:
    """The techniques most worth practising: recognised least often, with enough answers to tell."""
    return sorted((s for s in scores if s.needs_practice), key=lambda s: (s.percent, -s.answers))[:limit]


@dataclass
class CohortTechniques:
    """A cohort's recognition rate per technique, and which techniques were taken for which."""

    scores: list[TechniqueScore]
    # right technique -> chosen technique -> how often, for wrong answers only
    confusions: dict[int, dict[int, int]] = field(default_factory=dict)
    techniques: dict[int, Technique] = field(default_factory=dict)

    def confused_pairs(self, limit: int = 10) -> list[tuple[Technique, Technique, int]]:
        """The most frequent (right, taken for, count) mistakes, most frequent first."""
        pairs = [
            (self.techniques[right], self.techniques[chosen], count)
            for right, chosen_counts in self.confusions.items()
            for chosen, count in chosen_counts.items()
            if right in self.techniques and chosen in self.techniques
        ]
        pairs.sort(key=lambda p: (-p[2], p[0].position, p[1].position))
        return pairs[:limit]

    @property
    def matrix(self) -> tuple[list[Technique], list[list[int]]]:
        """A confusion table over the techniques that occur: rows the right one, columns the one chosen."""
        ids = sorted(
            {t for t in self.confusions} | {c for row in self.confusions.values() for c in row},
            key=lambda pk: (self.techniques[pk].position, pk),
        )
        ordered = [self.techniques[pk] for pk in ids]
        return ordered, [[self.confusions.get(r, {}).get(c, 0) for c in ids] for r in ids]


def cohort_techniques(*, cohort: Cohort) -> CohortTechniques:
    """Graded technique answers of the cohort's members while members: rates per technique (one query) and
    the confusions (one query over the wrong answers with their attempts' frozen options)."""
    items = AttemptItem.objects.filter(
        attempt__learner__memberships__cohort=cohort,
        attempt__started_at__gte=F("attempt__learner__memberships__joined_at"),
        attempt__is_practice=False,
        attempt__finished_at__isnull=False,
        technique__isnull=False,
        answered_at__isnull=False,
    )
    scores = _scores(items)
    techniques = {s.technique.pk: s.technique for s in scores}
    confusions: dict[int, dict[int, int]] = {}
    wrong = items.filter(is_correct=False).values_list("technique_id", "choice", "step", "attempt__options")
    for right, choice, step, options in wrong:
        chosen = next((o.get("technique_id") for o in options.get(str(step), []) if o["token"] == choice), None)
        if chosen is not None:
            row = confusions.setdefault(right, {})
            row[chosen] = row.get(chosen, 0) + 1
    missing = {c for row in confusions.values() for c in row} - set(techniques)
    techniques.update({t.pk: t for t in Technique.objects.filter(pk__in=missing)})
    return CohortTechniques(scores=scores, confusions=confusions, techniques=techniques)
