"""One item's figures and what they flag: the thresholds, F, DI and DE, the advice, and the answers picked."""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

MIN_RESPONSES = 5  # fewer answers than this and an item is not judged: no flags, "too few answers to judge"
TOO_EASY, TOO_HARD = 90, 20  # facility thresholds
DUBIOUS_DE = 15  # discriminative efficiency below this (or a negative DI) is "dubious"


@dataclass(frozen=True)
class Flag:
    name: str  # "dubious", "often confused", "too hard" or "too easy" (a code: `label` is the word shown)
    advice: str  # one sentence: what to do about it

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.name]


@dataclass
class Choice:
    """One answer given to a matching item, over every attempt: the fact picked (or none) and how often."""

    text: str  # the fact's words as learners saw them
    count: int
    role: str  # "right", "other" (the fact of another claim of the set), "decoy", "none" (no answer)
    claim_id: int | None = None  # the claim the picked fact answers
    claim_text: str = ""  # that claim's words, when it is one of this quiz's items
    share: float = 0.0  # 100 · count / responses

    @property
    def label(self) -> str:
        if self.role == "right":
            return _("The right fact")
        if self.role == "decoy":
            return _("The decoy")
        if self.role == "none":
            return _("No answer")
        return _("Another fact")


@dataclass
class CertaintyRow:
    """True/false answers to one statement given at one certainty level."""

    level: str  # "High", "Medium", "Low", or "Not given" (in the reader's language)
    said_true: int = 0
    said_false: int = 0
    no_answer: int = 0
    right: int = 0

    @property
    def total(self) -> int:
        return self.said_true + self.said_false + self.no_answer

    @property
    def right_rate(self) -> float:
        return 100 * self.right / self.total if self.total else 0.0


@dataclass
class ItemStats:
    """Classical test statistics of one item (a statement, or a claim to pair) over the chosen attempts."""

    prompt: str
    is_true: bool | None
    responses: int
    facility: float | None  # F = 100 · mean(x)
    discrimination: float | None  # DI = 100 · corr(x, R), R = score on the rest of the attempt
    efficiency: float | None  # DE = 100 · cov(x, R) / cov_max
    is_matching: bool = False
    statement_id: int | None = None  # true/false items that still have their statement
    claim_id: int | None = None  # the item's claim, when it still exists
    claim_published: bool = False  # whether the library shows the claim (and `content:claim-by-id` resolves)
    choices: list[Choice] = field(default_factory=list)  # matching: which fact was picked
    by_certainty: list[CertaintyRow] = field(default_factory=list)  # true/false: answers per certainty level
    key: tuple = field(default=(None, None), repr=False, compare=False)  # (statement/claim id, orphan wording)

    @property
    def too_few(self) -> bool:
        return self.responses < MIN_RESPONSES

    @property
    def flags(self) -> list[str]:
        return [flag.name for flag in self.advice]

    @property
    def advice(self) -> list[Flag]:
        """Each flag with one sentence on what to do; none under MIN_RESPONSES answers."""
        if self.too_few:
            return []
        flags = []
        if self.discrimination is not None and self.discrimination < 0:
            if self.is_matching:
                advice = _(
                    "Stronger learners pair this wrong more often than weaker ones: "
                    "check that its fact answers this claim and no other."
                )
            else:
                advice = _(
                    "Stronger learners get this wrong more often than weaker ones: "
                    "check the statement and its key for ambiguity."
                )
            flags.append(Flag("dubious", advice))
        elif self.efficiency is not None and self.efficiency < DUBIOUS_DE:
            if self.is_matching:
                advice = _(
                    "It hardly tells learners who know the facts from those who do not: check that its fact "
                    "does not echo the claim’s words and that no other fact fits it too."
                )
            else:
                advice = _(
                    "It hardly tells learners who know the facts from those who do not: look for a cue or a "
                    "second reading in the wording and rewrite it."
                )
            flags.append(Flag("dubious", advice))
        confused = self.confused_with
        if confused is not None:
            fact = {"fact": _short(confused.text)}
            if confused.role == "decoy":
                advice = _(
                    "More learners pick the decoy, “%(fact)s”, than the right fact for this claim: "
                    "discuss the difference between the two facts."
                )
            else:
                advice = _(
                    "More learners pick another fact, “%(fact)s”, than the right fact for this claim: "
                    "discuss the difference between the two facts."
                )
            flags.append(Flag("often confused", advice % fact))
        if self.facility is not None and self.facility > TOO_EASY:
            if self.is_matching:
                advice = _(
                    "Nearly everyone gets this right: it checks little; check that its fact does not echo "
                    "the claim’s words."
                )
            else:
                advice = _("Nearly everyone gets this right: it checks little; consider a harder statement.")
            flags.append(Flag("too easy", advice))
        if self.facility is not None and self.facility < TOO_HARD:
            if self.is_matching:
                advice = _(
                    "Fewer than one in five get this right: check that its fact answers this claim, then go over "
                    "the claim and its fact with the group."
                )
            elif self.is_true is False:
                advice = _(
                    "Fewer than one in five get this right: check that the statement really is false, then go "
                    "over its rebuttal with the group."
                )
            elif self.is_true:
                advice = _(
                    "Fewer than one in five get this right: check that the statement really is true and plainly "
                    "put, then go over the fact with the group."
                )
            else:
                advice = _(
                    "Fewer than one in five get this right: check the statement and its key, then go over the "
                    "fact with the group."
                )
            flags.append(Flag("too hard", advice))
        return flags

    @property
    def confused_with(self) -> Choice | None:
        """Matching: the wrong fact picked more often than the right one, if any (the most picked)."""
        right = sum(c.count for c in self.choices if c.role == "right")
        wrong = [c for c in self.choices if c.role in ("other", "decoy")]
        top = max(wrong, key=lambda c: c.count, default=None)
        return top if top is not None and top.count > right else None

    @property
    def attention(self) -> tuple:
        """Sort key, most in need of attention first: dubious, often confused, too hard, too easy, the rest
        by lowest DE then DI; items with too few answers to judge last."""
        flags = self.flags
        if self.too_few:
            group = 5
        else:
            group = next((rank for rank, name in enumerate(FLAG_ORDER) if name in flags), len(FLAG_ORDER))
        lowest = math.inf
        return (
            group,
            lowest if self.efficiency is None else self.efficiency,
            lowest if self.discrimination is None else self.discrimination,
            self.prompt,
        )


FLAG_ORDER = ("dubious", "often confused", "too hard", "too easy")
# The flags' names are codes (sorted on, tested); these are the words shown for them.
FLAG_LABELS = {
    "dubious": pgettext_lazy("item flag", "dubious"),
    "often confused": pgettext_lazy("item flag", "often confused"),
    "too hard": pgettext_lazy("item flag", "too hard"),
    "too easy": pgettext_lazy("item flag", "too easy"),
}


def _short(text: str, words: int = 12) -> str:
    """The first words of a fact, to quote it inside a sentence (no closing full stop)."""
    parts = text.split()
    return " ".join(parts[:words]) + "…" if len(parts) > words else " ".join(parts).rstrip(".")


def item_figures(*, n: int, sx: float, sxx: float, sr: float, srr: float, sxr: float, top_r: float):
    """F, DI and DE from the sums of x (item score, 0–1), R (rest score), x², R², xR and the top-k R sum.

    cov_max pairs the k best rest scores with the k correct answers (x and R each sorted), which is
    the largest covariance these marginals allow (rearrangement inequality), so DE ≤ 100. cov_max is
    never negative (the k best R values average at least mean R), and DE = cov / cov_max has no fixed
    floor: cov can go as low as pairing the right answers with the k *worst* rest scores, which may be
    several times −cov_max (x = 1,0,0,0 with R = 0,3,3,3 gives DE = −300). DI, a correlation, stays
    within −100…+100. A figure that would divide by zero is None.
    """
    if n == 0:
        return None, None, None
    mean_x, mean_r = sx / n, sr / n
    var_x, var_r = sxx / n - mean_x**2, srr / n - mean_r**2
    cov = sxr / n - mean_x * mean_r
    cov_max = top_r / n - mean_x * mean_r
    facility = 100 * mean_x
    discrimination = 100 * cov / math.sqrt(var_x * var_r) if var_x > 1e-12 and var_r > 1e-12 else None
    efficiency = 100 * cov / cov_max if cov_max > 1e-12 else None
    return facility, discrimination, efficiency
