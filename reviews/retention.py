"""What instructors see of spaced review in a cohort: review answers right, mastery per section, who falls behind."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery

from content.models import Section
from quiz.models import Membership
from quiz.scoring import whole
from reviews.models import Card, ReviewLog

OVERDUE_FLAG = 5  # due claims from which a learner is listed as falling behind


@dataclass
class SectionRetention:
    section: Section
    claims: int
    learners: int  # cohort members
    met: int  # cards of the cohort in this section
    mastered: int

    @property
    def percent(self) -> int:
        """Mastered claims as a share of every member's claims (members × the section's claims)."""
        possible = self.claims * self.learners
        return whole(100 * self.mastered / possible) if possible else 0


@dataclass
class Behind:
    learner_id: int
    username: str
    due: int
    oldest: datetime


@dataclass
class Retention:
    review_answers: int
    review_right: int
    sections: list[SectionRetention]
    behind: list[Behind]
    overdue_flag: int = OVERDUE_FLAG  # from how many due claims a learner is listed in `behind`

    @property
    def review_percent(self) -> int | None:
        return whole(100 * self.review_right / self.review_answers) if self.review_answers else None


def cohort_retention(*, cohort, now: datetime) -> Retention:
    """Four aggregate queries (and one for the sections), whatever the cohort's size or history.

    Only what members did as members counts: review answers from when each joined, and the cards of
    claims they answered about since (as those cards stand today, for mastery and what is due).
    """
    members = get_user_model().objects.filter(memberships__cohort=cohort)
    learner_count = members.count()
    answers = ReviewLog.objects.filter(
        learner__memberships__cohort=cohort,
        reviewed_at__gte=F("learner__memberships__joined_at"),
        source=ReviewLog.Source.REVIEW,
    ).aggregate(
        total=Count("pk"), right=Count("pk", filter=Q(is_correct=True))
    )
    # A card counts once the learner answered about its claim as a member: nothing from before joining.
    joined = Membership.objects.filter(cohort=cohort, learner=OuterRef("learner")).values("joined_at")[:1]
    answered_as_member = ReviewLog.objects.filter(card=OuterRef("pk"), reviewed_at__gte=Subquery(joined))
    cards = Card.objects.filter(
        Exists(answered_as_member),
        learner__in=members,
        claim__is_published=True,
        claim__section__is_published=True,
    )
    per_section = {
        row["claim__section_id"]: row
        for row in cards.values("claim__section_id")
        .annotate(met=Count("pk"), mastered=Count("pk", filter=Q(mastered_until__gt=now)))
        .order_by()
    }
    sections = [
        SectionRetention(
            section=section,
            claims=section.claim_count,
            learners=learner_count,
            met=per_section.get(section.pk, {}).get("met", 0),
            mastered=per_section.get(section.pk, {}).get("mastered", 0),
        )
        for section in Section.objects.published()
        .select_related("document")
        .annotate(claim_count=Count("claims", filter=Q(claims__is_published=True)))
        .order_by("document__title", "position")
    ]
    behind = [
        Behind(row["learner_id"], row["learner__username"], row["due_count"], row["oldest"])
        for row in cards.filter(due__lte=now)
        .values("learner_id", "learner__username")
        .annotate(due_count=Count("pk"), oldest=Min("due"))
        .filter(due_count__gte=OVERDUE_FLAG)
        .order_by("-due_count", "oldest")[:50]
    ]
    return Retention(answers["total"], answers["right"], sections, behind, overdue_flag=OVERDUE_FLAG)
