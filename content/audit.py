"""The item-quality audit: what a test-wise learner could exploit in the published bank, per section and claim."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content import quality
from content.models import Claim, HeldOutItem, Section, Statement
from factsquiz.templatetags.formatting import percent


def _percent(share: float) -> str:
    """A share (0.56) as a percentage in the reader's language ("56%", "56 %")."""
    return percent(share * 100)


@dataclass
class ClaimAudit:
    claim: Claim
    true_count: int = 0
    false_count: int = 0
    headlines: int = 0
    summary_overlap: int = 0  # content-word stems the matching summary shares with the claim
    giveaways: list[tuple[str, str]] = field(default_factory=list)  # (statement whose feedback tells, statement told)

    @property
    def problems(self) -> list[str]:
        out = []
        if self.true_count < quality.MIN_PER_CLAIM or self.false_count < quality.MIN_PER_CLAIM:
            out.append(
                _(
                    "needs %(minimum)d approved true and %(minimum)d approved false statements "
                    "(has %(true)d and %(false)d)"
                )
                % {"minimum": quality.MIN_PER_CLAIM, "true": self.true_count, "false": self.false_count}
            )
        if self.headlines > 1:
            out.append(
                ngettext(
                    "%(count)d false statement repeats the claim's wording (at most 1)",
                    "%(count)d false statements repeat the claim's wording (at most 1)",
                    self.headlines,
                )
                % {"count": self.headlines}
            )
        if self.summary_overlap:
            out.append(
                ngettext(
                    "the matching summary shares %(count)d word with the claim",
                    "the matching summary shares %(count)d words with the claim",
                    self.summary_overlap,
                )
                % {"count": self.summary_overlap}
            )
        for teller, told in self.giveaways:
            out.append(
                _("the feedback of “%(teller)s” gives away “%(told)s”")
                % {"teller": _short(teller), "told": _short(told)}
            )
        return out


@dataclass
class SectionAudit:
    section: Section
    claims: list[ClaimAudit]
    cues: list[quality.Cue]
    overlap: quality.OverlapResult
    true_count: int
    false_count: int

    @property
    def best_cue(self) -> quality.Cue | None:
        return self.cues[0] if self.cues else None

    @property
    def headlines(self) -> int:
        return sum(c.headlines for c in self.claims)

    @property
    def headline_share(self) -> float:
        return self.headlines / self.false_count if self.false_count else 0.0

    @property
    def giveaways(self) -> int:
        return sum(len(c.giveaways) for c in self.claims)

    @property
    def is_unbalanced(self) -> bool:
        """One kind outnumbers the other by more than a quarter of the section's statements (and by 3 or more).

        Attempts stay balanced either way (the generator takes half of each); a lopsided bank only
        means that one kind repeats more often across attempts.
        """
        gap = abs(self.true_count - self.false_count)
        return gap >= 3 and gap > (self.true_count + self.false_count) / 4

    @property
    def problems(self) -> list[str]:
        out = []
        cue = self.best_cue
        if cue and cue.accuracy > quality.MAX_SECTION_CUE_ACCURACY:
            out.append(
                # Translators: %(rule)s is a rule a test-wise learner could follow, e.g. "length above 96 → true".
                _("“%(rule)s” answers %(accuracy)s right (limit %(limit)s)")
                % {
                    "rule": cue.rule,
                    "accuracy": _percent(cue.accuracy),
                    "limit": _percent(quality.MAX_SECTION_CUE_ACCURACY),
                }
            )
        if self.overlap.total and self.overlap.lift > quality.MAX_SECTION_OVERLAP_LIFT:
            out.append(
                _("matching by shared words gets %(accuracy)s right (chance %(chance)s)")
                % {"accuracy": _percent(self.overlap.accuracy), "chance": _percent(self.overlap.chance)}
            )
        if self.is_unbalanced:
            out.append(
                _("unbalanced: %(true)d true and %(false)d false statements")
                % {"true": self.true_count, "false": self.false_count}
            )
        return out


@dataclass
class BankAudit:
    sections: list[SectionAudit]
    cues: list[quality.Cue]
    overlap: quality.OverlapResult

    @property
    def best_cue(self) -> quality.Cue | None:
        return self.cues[0] if self.cues else None

    @property
    def headline_share(self) -> float:
        falses = sum(s.false_count for s in self.sections)
        return sum(s.headlines for s in self.sections) / falses if falses else 0.0

    @property
    def problems(self) -> list[str]:
        """Everything past the limits, whole bank first, then each section and claim."""
        out = []
        cue = self.best_cue
        if cue and cue.accuracy > quality.MAX_CUE_ACCURACY:
            out.append(
                _("bank: “%(rule)s” answers %(accuracy)s right (limit %(limit)s)")
                % {"rule": cue.rule, "accuracy": _percent(cue.accuracy), "limit": _percent(quality.MAX_CUE_ACCURACY)}
            )
        if self.headline_share > quality.MAX_HEADLINE_SHARE:
            out.append(
                _("bank: %(share)s of false statements are the headline (limit %(limit)s)")
                % {"share": _percent(self.headline_share), "limit": _percent(quality.MAX_HEADLINE_SHARE)}
            )
        if self.overlap.total and self.overlap.lift > quality.MAX_OVERLAP_LIFT:
            out.append(
                _("bank: matching by shared words gets %(accuracy)s right (chance %(chance)s, limit +%(limit)s)")
                % {
                    "accuracy": _percent(self.overlap.accuracy),
                    "chance": _percent(self.overlap.chance),
                    "limit": _percent(quality.MAX_OVERLAP_LIFT),
                }
            )
        for section in self.sections:
            # Translators: an audit finding about a section, after the section's title.
            out += [
                _("%(section)s: %(problem)s") % {"section": section.section, "problem": p} for p in section.problems
            ]
            for claim in section.claims:
                out += [
                    # Translators: an audit finding about a claim, after its section's title and the claim.
                    _("%(section)s › %(claim)s: %(problem)s")
                    % {"section": section.section, "claim": _short(claim.claim.text), "problem": p}
                    for p in claim.problems
                ]
        return out


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def audit_bank(*, sections=None, published_only: bool = True) -> BankAudit:
    """Audit the approved statements and summaries of published claims (what learners meet), in three queries.

    With ``published_only=False`` every section and claim is audited, so editors see what to fix
    before they publish.
    """
    if sections is None:
        sections = Section.objects.published() if published_only else Section.objects.all()
    sections = list(sections.select_related("document"))
    claims = (
        (Claim.objects.published() if published_only else Claim.objects.all())
        .filter(section__in=sections)
        .select_related("rebuttal")
        .prefetch_related("statements")
        .order_by("section_id", "position")
    )
    by_section: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_section[claim.section_id].append(claim)

    audits, everything, right, total, chance = [], [], 0, 0, 0.0
    for section in sections:
        section_audit = _audit_section(section, by_section[section.pk])
        audits.append(section_audit)
        everything += [(s.text, s.is_true) for c in by_section[section.pk] for s in _approved(c)]
        right += section_audit.overlap.right
        total += section_audit.overlap.total
        chance += section_audit.overlap.chance * section_audit.overlap.total
    overlap = quality.OverlapResult(right, total, chance / total if total else 0.0)
    return BankAudit(audits, quality.surface_cues(everything), overlap)


def problems_by_claim(bank: BankAudit) -> dict[int, list[str]]:
    return {c.claim.pk: c.problems for s in bank.sections for c in s.claims}


def problems_by_section(bank: BankAudit) -> dict[int, list[str]]:
    """A section's own problems, then one line for its claims' problems."""
    out = {}
    for section in bank.sections:
        problems = list(section.problems)
        flawed = sum(1 for c in section.claims if c.problems)
        if flawed:
            problems.append(
                ngettext("%(count)d claim needs work", "%(count)d claims need work", flawed) % {"count": flawed}
            )
        out[section.section.pk] = problems
    return out


def _approved(claim: Claim):
    return [s for s in claim.statements.all() if s.is_approved]


def _audit_section(section: Section, claims: list[Claim]) -> SectionAudit:
    claim_audits, statements, pairs, tells = [], [], [], []
    for claim in claims:
        approved = _approved(claim)
        summary = getattr(claim, "rebuttal", None) and claim.rebuttal.summary
        audit = ClaimAudit(
            claim,
            true_count=sum(s.is_true for s in approved),
            false_count=sum(not s.is_true for s in approved),
            headlines=sum(not s.is_true and quality.is_headline(s.text, claim.text) for s in approved),
            summary_overlap=quality.overlap(claim.text, summary) if summary else 0,
        )
        claim_audits.append(audit)
        if summary:
            pairs.append((claim.text, summary))
        for statement in approved:
            statements.append((statement.text, statement.is_true))
            # The editor's words only: the claim shown beside every feedback is the generator's to order around.
            tells.append((audit, statement.text, f"{statement.text} {statement.explanation}"))
    for i, j in quality.giveaway_pairs([(text, feedback) for _audit, text, feedback in tells]):
        audit, teller, _feedback = tells[i]
        audit.giveaways.append((teller, tells[j][1]))
    return SectionAudit(
        section=section,
        claims=claim_audits,
        cues=quality.surface_cues(statements),
        overlap=quality.matching_overlap(pairs),
        true_count=sum(1 for _, is_true in statements if is_true),
        false_count=sum(1 for _, is_true in statements if not is_true),
    )


@dataclass
class PoolAudit:
    """The held-out pool of the pre- and post-test: surface cues, balance of the halves, and copies of practice."""

    cues: list[quality.Cue]
    halves: dict[str, tuple[int, int, int]]  # half -> (true, false, technique items)
    copies: list[str]  # pool statements that repeat a practice statement or a claim

    @property
    def problems(self) -> list[str]:
        out = []
        cue = self.cues[0] if self.cues else None
        if cue and cue.accuracy > quality.MAX_CUE_ACCURACY:
            out.append(
                _("pool: “%(rule)s” answers %(accuracy)s right (limit %(limit)s)")
                % {"rule": cue.rule, "accuracy": _percent(cue.accuracy), "limit": _percent(quality.MAX_CUE_ACCURACY)}
            )
        for half, (trues, falses, _techniques) in self.halves.items():
            if trues != falses:
                out.append(
                    _("pool: half %(half)s has %(true)d true and %(false)d false statements (keep them equal)")
                    % {"half": half, "true": trues, "false": falses}
                )
        counts = {counts[:2] for counts in self.halves.values()}
        if len(self.halves) == 2 and len(counts) > 1:
            out.append(_("pool: the halves differ in size; keep them alike so the tests are equally hard"))
        out += [
            _("pool: “%(item)s” repeats practice content (a learner would know it)") % {"item": _short(text)}
            for text in self.copies
        ]
        return out


def audit_pool() -> PoolAudit:
    """Audit the published held-out pool the way the statement bank is audited, plus what a pool must not do."""
    items = list(HeldOutItem.objects.published())
    statements = [(i.text, bool(i.is_true)) for i in items if i.kind == HeldOutItem.Kind.STATEMENT]
    halves: dict[str, tuple[int, int, int]] = {}
    for half in sorted({i.half for i in items}):
        of_half = [i for i in items if i.half == half]
        halves[half] = (
            sum(1 for i in of_half if i.kind == "statement" and i.is_true),
            sum(1 for i in of_half if i.kind == "statement" and not i.is_true),
            sum(1 for i in of_half if i.kind == "technique"),
        )
    practised = {quality.normalised(t) for t in Statement.objects.values_list("text", flat=True)}
    practised |= {quality.normalised(t) for t in Claim.objects.values_list("text", flat=True)}
    copies = [text for text, _ in statements if quality.normalised(text) in practised]
    return PoolAudit(cues=quality.surface_cues(statements) if statements else [], halves=halves, copies=copies)
