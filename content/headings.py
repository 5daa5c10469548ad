"""A text document's lines: the labels and bullets that mark them, and whether one is a section heading.

A line just before a "Claim:" may be the next section's heading or the end of what comes before it;
`heading_call` reads it one way and says so (a doubt, reported as a ParseWarning) when it could be the other.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

CLAIM_LABEL = re.compile(r"^(?:claim|affirmation)\s*:\s*", re.IGNORECASE)
FACT_LABEL = re.compile(r"^(?:fact|fait)\s*:\s*", re.IGNORECASE)
SECTION_LABEL = re.compile(r"^(?:section|partie)\s*:\s*", re.IGNORECASE)
# "3. Enlargement", "12) Costs", "III. Ukraine": the number is kept as part of the heading.
NUMBERING = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,7})[.)]\s+(?=\S)")
OPENING_MARKS = "\"'(["
CLOSING_MARKS = "\"')]"
BULLET = re.compile(r"^[•◦▪‣∙●○■□\-\*]\s+")


@dataclass
class Line:
    number: int  # 1-based line number in the file
    text: str  # normalised, stripped


def heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass(frozen=True)
class HeadingCall:
    """How the parser reads a line that may be a section heading, and the doubt it reports ("": none)."""

    is_heading: bool
    title: str = ""
    doubt: str = ""


NOT_A_HEADING = HeadingCall(False)

# What heading_call reports about a doubtful line, by how it reads the line and what it would end (`follows`).
DOUBTS = {
    ("text", "fact"): gettext_noop(
        "“%(line)s” could be a section heading or the end of the fact before it; read as part of the fact. "
        "If it is a heading, write it as “Section: %(line)s”"
    ),
    ("text", "introduction"): gettext_noop(
        "“%(line)s” could be a section heading or the end of the introduction before it; read as part of the "
        "introduction. If it is a heading, write it as “Section: %(line)s”"
    ),
    ("list", "fact"): gettext_noop(
        "“%(line)s” could be a numbered section heading or the next item of the list before it; read as part of "
        "the fact. If it is a heading, write it as “Section: %(line)s”"
    ),
    ("list", "introduction"): gettext_noop(
        "“%(line)s” could be a numbered section heading or the next item of the list before it; read as part of "
        "the introduction. If it is a heading, write it as “Section: %(line)s”"
    ),
    ("heading", "fact"): gettext_noop(
        "“%(line)s” could be a section heading or the end of the fact before it; read as a heading. If it ends "
        "the fact, join it to the line before; to confirm the heading, write it as “Section: %(line)s”"
    ),
    ("heading", "introduction"): gettext_noop(
        "“%(line)s” could be a section heading or the end of the introduction before it; read as a heading. If it "
        "ends the introduction, join it to the line before; to confirm the heading, write it as “Section: %(line)s”"
    ),
}


def doubt(read_as: str, follows: str, text: str) -> str:
    return _(DOUBTS[read_as, follows]) % {"line": text}


def sentence_end(text: str) -> str:
    """The mark that ends the line's sentence ("." "!" "?"), looking past closing quotes; "" if none."""
    stripped = text.rstrip(CLOSING_MARKS)
    return stripped[-1] if stripped[-1:] in (".", "!", "?") else ""


def heading_shape(text: str, width: int) -> bool:
    """Short, few words, a capital after any numbering and opening quote, no dangling punctuation."""
    core = NUMBERING.sub("", text).lstrip(OPENING_MARKS)
    return (
        len(text) <= max(width * 0.75, 60)
        and len(text.split()) <= 12
        and core[:1].isupper()
        and not text.endswith((",", ";", ":", "-"))
    )


def is_quoted(text: str) -> bool:
    """Is the whole line one quotation, as in “'Encirclement'” or “"Vaccines cause autism."”?"""
    return text[:1] in "\"'" and text.rstrip(".!?")[-1:] in "\"'" and len(text) > 2


def heading_call(line: Line, before: Line | None, toc_sections: set[str], width: int, *, follows: str) -> HeadingCall:
    """Is ``line``, which comes just before a "Claim:" line, the heading of the next section?

    ``before`` is the line above it (None: there is none); ``follows`` names what the line ends if it
    is no heading: "fact" (a claim's rebuttal) or "introduction" (the document's preamble).
    Headings listed in the table of contents and "Section: …" lines are certain; a heading-shaped
    line ending in "?" is read as a heading and a numbered or quoted sentence as text, both with a doubt.
    """
    text = line.text
    if SECTION_LABEL.match(text):
        return HeadingCall(True, SECTION_LABEL.sub("", text).strip())
    if FACT_LABEL.match(text) or CLAIM_LABEL.match(text) or BULLET.match(text):
        return NOT_A_HEADING
    if heading_key(text) in toc_sections:
        return HeadingCall(True, text)
    ends = sentence_end(text)
    if follows == "introduction" and not ends:
        return HeadingCall(True, text)  # an introduction ends with a sentence
    after_a_sentence = before is None or BULLET.match(before.text) or sentence_end(before.text) != ""
    if not (after_a_sentence and heading_shape(text, width)):
        return NOT_A_HEADING
    numbered_list = NUMBERING.match(text) and before is not None and NUMBERING.match(before.text)
    if numbered_list:
        return HeadingCall(False, doubt=doubt("list", follows, text))
    if not ends:
        return HeadingCall(True, text)
    if ends == "?":
        return HeadingCall(True, text, doubt("heading", follows, text))
    if NUMBERING.match(text) or is_quoted(text):
        return HeadingCall(False, doubt=doubt("text", follows, text))
    return NOT_A_HEADING
