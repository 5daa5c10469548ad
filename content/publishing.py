"""The publishing rules, in one place: what a claim and a section need before learners see them.

The admin (forms, inlines, actions, deletion), the importers and the quiz availability all ask here.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content.models import Claim, Rebuttal, Section

MIN_PUBLISHED_CLAIMS = Section.MIN_PUBLISHED_CLAIMS  # matching quizzes need pairs


def too_few_claims(count: int) -> str:
    """Why `count` published claims are not enough for a published section ("" when they are)."""
    if count >= MIN_PUBLISHED_CLAIMS:
        return ""
    return ngettext(
        "it has only %(count)d published claim; matching quizzes need at least %(minimum)d",
        "it has only %(count)d published claims; matching quizzes need at least %(minimum)d",
        count,
    ) % {"count": count, "minimum": MIN_PUBLISHED_CLAIMS}


def claim_problems(claim: Claim) -> list[str]:
    """Why a claim cannot be published yet (empty when it can)."""
    problems = []
    rebuttal = Rebuttal.objects.filter(claim=claim).first()
    if rebuttal is None or not rebuttal.summary.strip():
        problems.append(_("it needs a rebuttal summary (matching quizzes show it)"))
    approved = claim.statements.approved()
    if not approved.filter(is_true=True).exists():
        problems.append(_("it needs at least one approved true statement"))
    if not approved.filter(is_true=False).exists():
        problems.append(_("it needs at least one approved false statement"))
    return problems


def section_problems(section: Section) -> list[str]:
    """Why a section cannot be published yet (empty when it can)."""
    problem = too_few_claims(section.claims.published().count())
    return [problem] if problem else []


def published_claims_left(section: Section, *, without) -> int:
    """How many published claims the section keeps once the claims `without` (pks) are gone."""
    return section.claims.published().exclude(pk__in=without).count()


def starves(section: Section, *, without) -> bool:
    """Whether losing the claims `without` would leave a published section short of claims."""
    return section.is_published and published_claims_left(section, without=without) < MIN_PUBLISHED_CLAIMS
