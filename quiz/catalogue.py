"""The published catalogue, built once per content version and kept by this process: sections in order with
their stock and quizzes, every quiz learners can open, and what each quiz's attempts are drawn from.

A read module. Published content changes only when an editor changes it, and every such change gives the
content a new version token in the same transaction (`content/versions.py`), so a page asks for the token
(one small query) and reads the catalogue again only when it differs. The objects kept here are shared by
every request of the process: callers read them and never set attributes on them.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from content.models import Claim, ClaimTechnique, Section, Statement, Technique, TechniqueExample
from content.versions import kept
from quiz import candidates, generation
from quiz.availability import SectionStock, quiz_unavailable_reason, section_stock_annotations
from quiz.generation import Candidate
from quiz.models import Quiz

KIND_ORDER = {kind: index for index, kind in enumerate(Quiz.Kind.values)}


@dataclass(frozen=True)
class Pool:
    """What a quiz's attempts are drawn from, the same for every learner (their history is read apart)."""

    candidates: tuple[Candidate, ...]
    decoys: tuple[Candidate, ...] = ()  # matching: other sections' facts; technique quizzes: the transfer examples
    techniques: tuple[generation.TechniqueChoice, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    sections: tuple[Section, ...]  # published, by document title and position, each with its document
    stock: dict[int, SectionStock]  # by section id
    quizzes: dict[int, tuple[Quiz, ...]]  # a published section's published quizzes, in kind order, by section id
    across: dict[int, tuple[Quiz, ...]]  # the published quizzes across a whole document, by document id
    listed: dict[int, Quiz]  # every quiz learners can open (`Quiz.objects.published()`), by pk
    links: dict[int, tuple[str, str]]  # a listed quiz's page and where its form starts it, by pk
    claim_sections: dict[int, int]  # a published claim of a published section -> its section
    techniques: dict[int, Technique]  # every technique, by family and position
    pools: dict[int, Pool] = field(default_factory=dict)  # filled as quizzes are started

    def stock_of(self, quiz: Quiz) -> SectionStock:
        """A listed quiz's stock: its section's, or the sum of its document's published sections for one across it."""
        if quiz.section_id:
            return self.stock[quiz.section_id]
        tagged = sum(self.stock[s.pk].tagged_claims for s in self.sections if s.document_id == quiz.document_id)
        return SectionStock(True, 0, 0, 0, tagged)

    def has_content(self, quiz: Quiz) -> bool:
        """As `Quiz.objects.with_content()`: a technique quiz only once its claims are tagged."""
        return not quiz.is_technique or self.stock_of(quiz).tagged_claims > 0

    def unavailable_reason(self, quiz: Quiz) -> str:
        """Why learners cannot take a listed quiz now ("" if they can), for editors."""
        return quiz_unavailable_reason(quiz, self.stock_of(quiz))

    def pool(self, quiz: Quiz) -> Pool:
        """What a listed quiz draws from (read on its first start under this version, then kept)."""
        known = self.pools.get(quiz.pk)
        if known is None:
            known = self.pools[quiz.pk] = _pool(quiz)
        return known


@kept
def catalogue() -> Catalogue:
    """The catalogue of the content as it stands: one query when it is kept, a few more when it is not."""
    sections = tuple(
        Section.objects.published()
        .select_related("document")
        .annotate(**section_stock_annotations())
        .order_by("document__title", "document_id", "position")
    )
    listed = {quiz.pk: quiz for quiz in Quiz.objects.published().select_related("section__document", "document")}
    quizzes: dict[int, list[Quiz]] = {}
    across: dict[int, list[Quiz]] = {}
    for quiz in sorted(listed.values(), key=lambda q: (KIND_ORDER[q.kind], q.pk)):
        if quiz.section_id:
            quizzes.setdefault(quiz.section_id, []).append(quiz)
        else:
            across.setdefault(quiz.document_id, []).append(quiz)
    return Catalogue(
        sections=sections,
        stock={section.pk: SectionStock.of(section) for section in sections},
        quizzes={pk: tuple(group) for pk, group in quizzes.items()},
        across={pk: tuple(group) for pk, group in across.items()},
        listed=listed,
        claim_sections=dict(
            Claim.objects.published().filter(section__is_published=True).values_list("pk", "section_id")
        ),
        techniques={t.pk: t for t in Technique.objects.order_by("family__position", "position", "pk")},
        links={pk: (reverse("quiz:quiz-detail", args=[pk]), reverse("quiz:attempt-start", args=[pk])) for pk in listed},
    )


def _pool(quiz: Quiz) -> Pool:
    """Read what a quiz draws from: approved statements, claims and their facts, or tagged claims and examples."""
    if quiz.is_technique:
        return _technique_pool(quiz)
    if quiz.is_matching:
        published = Claim.objects.published().exclude(rebuttal__summary="").select_related("rebuttal").order_by("pk")
        claims = published.filter(section=quiz.section_id)
        decoys = published.filter(section__is_published=True, section__document_id=quiz.section.document_id).exclude(
            section=quiz.section_id
        )
        return Pool(tuple(map(candidates.from_claim, claims)), tuple(map(candidates.from_claim, decoys)))
    statements = (
        Statement.objects.approved()
        .filter(claim__section=quiz.section_id, claim__is_published=True)
        .select_related("claim__rebuttal")
        .order_by("pk")
    )
    return Pool(tuple(map(candidates.from_statement, statements)))


def _technique_pool(quiz: Quiz) -> Pool:
    """Published claims of the section (or of the document's published sections) with their primary technique,
    the techniques they must not be offered as wrong (their secondary ones), and published transfer examples."""
    claims = Claim.objects.published().filter(section__is_published=True)
    claims = (
        claims.filter(section=quiz.section_id) if quiz.section_id else claims.filter(section__document=quiz.document_id)
    )
    tags = list(
        ClaimTechnique.objects.filter(claim__in=claims).select_related("claim__rebuttal").order_by("claim_id", "pk")
    )
    excluded: dict[int, set[int]] = {}
    for tag in tags:
        excluded.setdefault(tag.claim_id, set()).add(tag.technique_id)
    primaries = [t for t in tags if t.role == ClaimTechnique.Role.PRIMARY]
    examples = TechniqueExample.objects.published().order_by("pk") if quiz.example_count else []
    return Pool(
        candidates=tuple(candidates.from_claim_technique(t, frozenset(excluded[t.claim_id])) for t in primaries),
        decoys=tuple(map(candidates.from_example, examples)),
        techniques=tuple(
            generation.TechniqueChoice(t.pk, t.name, t.family_id) for t in Technique.objects.order_by("pk")
        ),
    )
