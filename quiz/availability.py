"""Whether a quiz can be taken: what each section has to make quizzes from, and why a quiz is unavailable.

A read module: selectors, the admin and the services all ask here, and it writes nothing.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from content import publishing
from content.models import Claim, Section
from quiz.models import Quiz


@dataclass(frozen=True)
class SectionStock:
    """What a section has to make quizzes from (counted over published claims)."""

    is_published: bool
    claims: int  # published claims with a rebuttal summary
    true_statements: int  # approved
    false_statements: int  # approved
    tagged_claims: int = 0  # published claims with a primary technique

    @classmethod
    def of(cls, section: Section) -> "SectionStock":
        """From a section annotated with `section_stock_annotations()`."""
        return cls(
            section.is_published, section.stock_claims, section.stock_true, section.stock_false, section.stock_tagged
        )


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
        "stock_tagged": Count("claims", filter=usable & Q(claims__technique_tags__role="primary"), distinct=True),
    }


def section_stock(section: Section) -> SectionStock:
    return SectionStock.of(Section.objects.filter(pk=section.pk).annotate(**section_stock_annotations()).get())


def document_stock_annotations() -> dict:
    """Annotations for a Quiz queryset: for a quiz across a document, its published sections' published claims
    with a primary technique, and whether it has a published section, in one query."""
    tagged = (
        Claim.objects.published()
        .filter(section__document=OuterRef("document"), section__is_published=True, technique_tags__role="primary")
        .values("section__document")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return {
        "document_tagged": Coalesce(Subquery(tagged), 0),
        "document_visible": Exists(Section.objects.published().filter(document=OuterRef("document"))),
    }


def quiz_unavailable_reason(quiz: Quiz, stock: SectionStock | None) -> str:
    """Why learners cannot take the quiz, for editors; empty when it can be taken."""
    if stock is None or (quiz.section_id is None and not quiz.is_document_wide):
        return _("Its section was deleted.")
    if not stock.is_published:
        if quiz.is_document_wide:
            return _("Its document has no published section.")
        return _("Its section is not published.")
    if not quiz.is_published:
        return _("The quiz is not published.")
    if quiz.is_technique:
        # As `Quiz.objects.with_content`: claims with a primary technique make the quiz (examples only join in).
        if stock.tagged_claims < 2:
            if quiz.is_document_wide:
                text = _(
                    "Spot the technique needs at least two published claims with a primary technique; "
                    "the document has %(count)d."
                )
            else:
                text = _(
                    "Spot the technique needs at least two published claims with a primary technique; "
                    "the section has %(count)d."
                )
            return text % {"count": stock.tagged_claims}
    elif quiz.is_matching:
        if stock.claims < publishing.MIN_PUBLISHED_CLAIMS:
            return _(
                "Matching needs %(needed)d published claims with a rebuttal summary; the section has %(count)d."
            ) % {"needed": publishing.MIN_PUBLISHED_CLAIMS, "count": stock.claims}
    elif stock.true_statements < 1 or stock.false_statements < 1:
        return _(
            "True/false needs at least one approved true and one approved false statement on published claims; "
            "the section has %(true)d true and %(false)d false."
        ) % {"true": stock.true_statements, "false": stock.false_statements}
    return ""
