"""Proposes a rebuttal summary and true/false statements from a parsed claim, for editors to review."""

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from content.parsed import ParsedClaim
from content.parsing import LINK_PHRASE, sentences, tidy

# Openings that point back to context a learner will not have seen.
DANGLING_OPENINGS = re.compile(
    r"^(this|that|these|those|it|its|they|their|them|such|no such|thus|therefore|hence|so|"
    r"moreover|however|equally|finally|also|accordingly|as such|in short|in fact|in line with|"
    r"in this context|rather|he|she|his|her|both|all this|the fact is|again|then|but|and|or)\b",
    re.IGNORECASE,
)
BACK_REFERENCES = re.compile(
    r"\b(above|below|the act|the court|the sides|any such|this responsibility|this role)\b"
    r"|\b(those|these) (commitments|principles|goals|offers|declarations|reforms)\b",
    re.IGNORECASE,
)
MIN_STATEMENT, MAX_STATEMENT = 40, 240
MAX_SUMMARY = 320
TRUE_STATEMENTS_PER_CLAIM = 2


@dataclass(frozen=True)
class ProposedStatement:
    key: str  # stable identity across re-imports: "claim" or "fact-<n>"
    text: str
    is_true: bool
    explanation: str


def without_links(text: str) -> str:
    return tidy(LINK_PHRASE.sub("", text))


def stands_alone(sentence: str) -> bool:
    """Can a learner judge this sentence without the rest of the document?"""
    if DANGLING_OPENINGS.match(sentence) or BACK_REFERENCES.search(sentence):
        return False
    if not MIN_STATEMENT <= len(sentence) <= MAX_STATEMENT:
        return False
    if sentence.endswith((":", "?")) or sentence.count('"') % 2:
        return False
    return sentence[0].isupper() or sentence[0].isdigit()


def propose_summary(claim: ParsedClaim) -> str:
    """The rebuttal's opening in its own words: one sentence, or two when the first is short."""
    first_paragraph = without_links(claim.paragraphs[0]) if claim.paragraphs else ""
    parts = sentences(first_paragraph) or [first_paragraph]
    summary = parts[0]
    if len(summary) < 80 and len(parts) > 1 and len(summary) + len(parts[1]) < MAX_SUMMARY:
        summary = f"{summary} {parts[1]}"
    return summary.strip()


def propose_statements(claim: ParsedClaim, summary: str, *, language: str = "en") -> list[ProposedStatement]:
    """The claim itself as the false statement, plus true sentences drawn from its rebuttal.

    The explanations are content, so they are written in the document's ``language``, not the interface's.
    """
    proposals = [
        ProposedStatement(
            key="claim",
            text=claim.text if claim.text.endswith((".", "?", "!")) else f"{claim.text}.",
            is_true=False,
            explanation=summary,
        )
    ]
    candidates = []
    for paragraph in claim.paragraphs:
        candidates += [s for s in sentences(without_links(paragraph)) if stands_alone(s)]
    with translation.override(language):
        # Translators: the explanation of a proposed true statement, stored with it in the document's language.
        explanation = gettext("True. This is part of the facts that answer the claim “%(claim)s”.") % {
            "claim": claim.text
        }
    for index, sentence in enumerate(candidates[:TRUE_STATEMENTS_PER_CLAIM], start=1):
        proposals.append(ProposedStatement(key=f"fact-{index}", text=sentence, is_true=True, explanation=explanation))
    return proposals
