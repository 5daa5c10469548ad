"""Whether a quiz can be taken: what each section has to make quizzes from, and why a quiz is unavailable.

A read module: selectors, the admin and the services all ask here, and it writes nothing.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from content import publishing
from content.models import Section
from quiz.models import Quiz


@dataclass(frozen=True)
class SectionStock:
    """What a section has to make quizzes from (counted over published claims)."""

    is_published: bool
    claims: int  # published claims with a rebuttal summary
    true_statements: int  # approved
    false_statements: int  # approved

    @classmethod
    def of(cls, section: Section) -> "SectionStock":
        """From a section annotated with `section_stock_annotations()`."""
        return cls(section.is_published, section.stock_claims, section.stock_true, section.stock_false)


def section_stock_annotations() -> dict:
    """Annotations for a Section queryset giving the numbers `SectionStock` needs, in one query."""
    usable = Q(claims__is_published=True)
    approved = usable & Q(claims__statements__is_approved=True)
    return {
        "stock_claims": Count("claims", filter=usable & ~Q(claims__rebuttal__summary=""), distinct=True),
        "stock_true": Count("claims__statements", filter=approved & Q(claims__statements__is_true=True), distinct=True),
        "stock_false": Count(
            "claims__statements", filter=approved & Q(claims__statements__is_true=False), distinct=True
        ),
    }


def section_stock(section: Section) -> SectionStock:
    return SectionStock.of(Section.objects.filter(pk=section.pk).annotate(**section_stock_annotations()).get())


def quiz_unavailable_reason(quiz: Quiz, stock: SectionStock | None) -> str:
    """Why learners cannot take the quiz, for editors; empty when it can be taken."""
    if quiz.section_id is None or stock is None:
        return "Its section was deleted."
    if not stock.is_published:
        return "Its section is not published."
    if not quiz.is_published:
        return "The quiz is not published."
    if quiz.is_matching:
        if stock.claims < publishing.MIN_PUBLISHED_CLAIMS:
            return (
                f"Matching needs {publishing.MIN_PUBLISHED_CLAIMS} published claims with a rebuttal summary; "
                f"the section has {stock.claims}."
            )
    elif stock.true_statements < 1 or stock.false_statements < 1:
        return (
            "True/false needs at least one approved true and one approved false statement on published claims; "
            f"the section has {stock.true_statements} true and {stock.false_statements} false."
        )
    return ""
