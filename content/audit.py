"""The item-quality audit: what a test-wise learner could exploit in the published bank, per section and claim."""

from collections import defaultdict
from dataclasses import dataclass, field

from content import quality
from content.models import Claim, HeldOutItem, Section, Statement


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
                f"needs {quality.MIN_PER_CLAIM} approved true and {quality.MIN_PER_CLAIM} approved false statements "
                f"(has {self.true_count} and {self.false_count})"
            )
        if self.headlines > 1:
            out.append(f"{self.headlines} false statements repeat the claim's wording (at most 1)")
        if self.summary_overlap:
            out.append(f"the matching summary shares {self.summary_overlap} word(s) with the claim")
        for teller, told in self.giveaways:
            out.append(f"the feedback of “{_short(teller)}” gives away “{_short(told)}”")
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
            out.append(f"“{cue.rule}” answers {cue.accuracy:.0%} right (limit {quality.MAX_SECTION_CUE_ACCURACY:.0%})")
        if self.overlap.total and self.overlap.lift > quality.MAX_SECTION_OVERLAP_LIFT:
            out.append(
                f"matching by shared words gets {self.overlap.accuracy:.0%} right (chance {self.overlap.chance:.0%})"
            )
        if self.is_unbalanced:
            out.append(f"unbalanced: {self.true_count} true and {self.false_count} false statements")
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
            out.append(f"bank: “{cue.rule}” answers {cue.accuracy:.0%} right (limit {quality.MAX_CUE_ACCURACY:.0%})")
        if self.headline_share > quality.MAX_HEADLINE_SHARE:
            out.append(
                f"bank: {self.headline_share:.0%} of false statements are the headline "
                f"(limit {quality.MAX_HEADLINE_SHARE:.0%})"
            )
        if self.overlap.total and self.overlap.lift > quality.MAX_OVERLAP_LIFT:
            out.append(
                f"bank: matching by shared words gets {self.overlap.accuracy:.0%} right "
                f"(chance {self.overlap.chance:.0%}, limit +{quality.MAX_OVERLAP_LIFT:.0%})"
            )
        for section in self.sections:
            out += [f"{section.section}: {p}" for p in section.problems]
            for claim in section.claims:
                out += [f"{section.section} › {_short(claim.claim.text)}: {p}" for p in claim.problems]
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
            problems.append(f"{flawed} claim(s) need work")
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
    for i, j in quality.giveaway_pairs([(text, feedback) for _, text, feedback in tells]):
        audit, teller, _ = tells[i]
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
            out.append(f"pool: “{cue.rule}” answers {cue.accuracy:.0%} right (limit {quality.MAX_CUE_ACCURACY:.0%})")
        for half, (trues, falses, _) in self.halves.items():
            if trues != falses:
                out.append(f"pool: half {half} has {trues} true and {falses} false statements (keep them equal)")
        counts = {counts[:2] for counts in self.halves.values()}
        if len(self.halves) == 2 and len(counts) > 1:
            out.append("pool: the halves differ in size; keep them alike so the tests are equally hard")
        out += [f"pool: “{_short(text)}” repeats practice content (a learner would know it)" for text in self.copies]
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
