"""Parser for "Claim:/Fact:" text documents (text extracted from a PDF or web page), free of Django.

The format, as found in the bundled NATO document:

* the first non-blank line is the title, then an introduction and a bulleted table of contents
  ("•" for sections, "◦" for claims) that is not content and may be incomplete;
* a section heading is a short line of its own, followed by claims;
* each claim starts with "Claim:" and may wrap over several lines; its rebuttal starts with
  "Fact:" (once in the NATO document the label is missing);
* text is hard-wrapped, often with a blank line between every line, so blank lines say nothing
  about paragraphs: paragraphs are rebuilt from where lines stop short of the wrap width;
* page breaks leave a leading space, non-breaking spaces and curly quotes are common, and words
  broken after a hyphen at a line end are real hyphenated words ("counter-" + "terrorism").
"""

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

CLAIM_LABEL = re.compile(r"^claim\s*:\s*", re.IGNORECASE)
FACT_LABEL = re.compile(r"^fact\s*:\s*", re.IGNORECASE)
BULLET = re.compile(r"^[•◦▪‣∙●○■□\-\*]\s+")
SECTION_BULLET = "•"
MAX_TITLE, MAX_HEADING = 300, 200  # the lengths the content models store
# A sentence ends with . ! or ? possibly followed by closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
# "(online here)", "(declaration here)", "(The Wales Summit Declaration can be read here)", "(here)".
LINK_PHRASE = re.compile(r"\(([^()]*\bhere\b[^()]*)\)", re.IGNORECASE)

TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": "",  # zero-width space
        "\ufeff": "",  # byte-order mark
        "\u00ad": "",  # soft hyphen
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
    }
)


class DocumentError(ValueError):
    """The document cannot be imported; ``line`` is the 1-based line the problem is on (0: whole file)."""

    def __init__(self, message: str, line: int = 0):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Line:
    number: int  # 1-based line number in the file
    text: str  # normalised, stripped


@dataclass
class ParsedReference:
    title: str
    anchor_text: str


@dataclass
class ParsedClaim:
    text: str
    line: int
    paragraphs: list[str]
    references: list[ParsedReference] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class ParsedSection:
    title: str
    line: int
    claims: list[ParsedClaim] = field(default_factory=list)


@dataclass
class ParsedDocument:
    title: str
    intro: str
    contents: list[str]  # table-of-contents entries, for information only
    sections: list[ParsedSection]

    @property
    def claims(self) -> list[ParsedClaim]:
        return [claim for section in self.sections for claim in section.claims]


def normalise(text: str) -> str:
    """Fold typographic characters to plain ones and collapse runs of spaces."""
    text = unicodedata.normalize("NFC", text).translate(TRANSLATE)
    text = text.replace('""', '"')  # a doubled quote is an extraction artefact
    return re.sub(r"[ \t]+", " ", text).strip()


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DocumentError("the file is not valid UTF-8 text", line) from exc


def parse_document(text: str) -> ParsedDocument:
    """Parse the whole document; raise DocumentError naming the line for anything malformed."""
    lines = [Line(n, normalise(raw)) for n, raw in enumerate(text.splitlines(), start=1)]
    lines = [line for line in lines if line.text]
    if not lines:
        raise DocumentError("the document is empty")
    width = wrap_width(lines)
    claim_starts = [i for i, line in enumerate(lines) if CLAIM_LABEL.match(line.text)]
    if not claim_starts:
        raise DocumentError('no claims found: each claim must start with "Claim:"')

    title = lines[0].text
    if CLAIM_LABEL.match(title):
        raise DocumentError("the first line must be the document's title, not a claim", lines[0].number)

    preamble = lines[1 : claim_starts[0]]
    toc_sections: set[str] = set()
    intro_lines, contents, first_heading = split_preamble(preamble, toc_sections)

    sections: list[ParsedSection] = []
    current = ParsedSection(first_heading.text, first_heading.number) if first_heading else None
    for index, start in enumerate(claim_starts):
        end = claim_starts[index + 1] if index + 1 < len(claim_starts) else len(lines)
        block = lines[start:end]
        next_heading = None
        if index + 1 < len(claim_starts) and len(block) > 2 and is_heading(block, toc_sections, width):
            next_heading = block[-1]
            block = block[:-1]
        if current is None:
            current = ParsedSection(title, lines[0].number)
        current.claims.append(parse_claim(block, width))
        if next_heading is not None:
            sections.append(current)
            current = ParsedSection(next_heading.text, next_heading.number)
    if current is not None:
        sections.append(current)

    if len(title) > MAX_TITLE:
        raise DocumentError(f"the title is longer than {MAX_TITLE} characters", lines[0].number)
    for section in sections:
        if len(section.title) > MAX_HEADING:
            raise DocumentError(f"the section heading is longer than {MAX_HEADING} characters", section.line)
        if not section.claims:
            raise DocumentError(f"the section “{section.title}” has no claims", section.line)
    return ParsedDocument(title=title, intro=join_paragraphs(intro_lines, width), contents=contents, sections=sections)


def wrap_width(lines: list[Line]) -> int:
    """The width text was wrapped at: the typical length of the longer lines."""
    lengths = sorted(len(line.text) for line in lines)
    long_lines = lengths[len(lengths) // 2 :]
    return int(statistics.median(long_lines)) if long_lines else 80


def split_preamble(preamble: list[Line], toc_sections: set[str]) -> tuple[list[Line], list[str], Line | None]:
    """Split what precedes the first claim into introduction, table of contents and first heading."""
    intro: list[Line] = []
    contents: list[str] = []
    first_heading = None
    if preamble and not BULLET.match(preamble[-1].text) and not SENTENCE_END.search(preamble[-1].text):
        first_heading = preamble[-1]
        preamble = preamble[:-1]
    in_contents = False
    for line in preamble:
        bullet = BULLET.match(line.text)
        if bullet:
            in_contents = True
            entry = line.text[bullet.end() :]
            contents.append(entry)
            if line.text.startswith(SECTION_BULLET):
                toc_sections.add(heading_key(entry))
        elif in_contents and contents:
            contents[-1] = join_lines(contents[-1], line.text)
        else:
            intro.append(line)
    return intro, contents, first_heading


def heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def is_heading(block: list[Line], toc_sections: set[str], width: int) -> bool:
    """Is the last line of a claim's block the heading of the next section?"""
    last, before = block[-1], block[-2]
    if FACT_LABEL.match(last.text) or CLAIM_LABEL.match(last.text):
        return False
    if heading_key(last.text) in toc_sections:
        return True
    return (
        len(last.text) <= width * 0.75
        and len(last.text.split()) <= 12
        and last.text[0].isupper()
        and not SENTENCE_END.search(last.text)
        and not last.text.endswith((",", ";", ":", "-"))
        and SENTENCE_END.search(before.text) is not None
    )


def parse_claim(block: list[Line], width: int) -> ParsedClaim:
    first = block[0]
    claim_lines = [CLAIM_LABEL.sub("", first.text)]
    rest = block[1:]
    fact_at = next((i for i, line in enumerate(rest) if FACT_LABEL.match(line.text)), None)
    if fact_at is not None:
        claim_lines += [line.text for line in rest[:fact_at]]
        body_lines = rest[fact_at:]
        body_lines[0] = Line(body_lines[0].number, FACT_LABEL.sub("", body_lines[0].text))
    else:
        # No "Fact:" label: the claim runs on only while its lines fill the wrap width.
        i, previous = 0, first.text
        while i < len(rest) and not word_fits(previous, rest[i].text, width):
            claim_lines.append(rest[i].text)
            previous = rest[i].text
            i += 1
        body_lines = rest[i:]
    claim_text = claim_lines[0]
    for part in claim_lines[1:]:
        claim_text = join_lines(claim_text, part)
    claim_text = claim_text.strip()
    if not claim_text:
        raise DocumentError('"Claim:" is not followed by the claim', first.number)
    body_lines = [line for line in body_lines if line.text]
    if not body_lines:
        raise DocumentError(f"the claim “{claim_text}” has no fact after it", first.number)

    references: list[ParsedReference] = []
    claim_text = collect_references(claim_text, references)
    claim_text = claim_text.rstrip(" .")
    if not claim_text:
        raise DocumentError('"Claim:" is not followed by the claim', first.number)
    paragraphs = [collect_references(p, references, keep=True) for p in rebuild_paragraphs(body_lines, width)]
    return ParsedClaim(text=claim_text, line=first.number, paragraphs=paragraphs, references=references)


def join_lines(left: str, right: str) -> str:
    """Join two wrapped lines; a line ending in a hyphen after a letter continues a hyphenated word."""
    if re.search(r"\w-$", left):
        return left + right
    return f"{left} {right}"


def word_fits(line: str, next_line: str, width: int) -> bool:
    """Would the next line's first word have fitted at the end of this line?

    Text extracted from a PDF was set in a proportional font, so character counts are only a
    guide: a small margin keeps long lines that ended a sentence inside their paragraph.
    """
    next_word = next_line.split(" ", 1)[0]
    return len(line) + 1 + len(next_word) <= width * 0.95


def line_ends_paragraph(line: str, next_line: str, width: int) -> bool:
    """A line ends its paragraph when it ends a sentence (or a colon) and stops short of the width."""
    if not SENTENCE_END.search(line) and not line.endswith(":"):
        return False
    return word_fits(line, next_line, width)


def rebuild_paragraphs(lines: list[Line], width: int) -> list[str]:
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        current = join_lines(current, line.text) if current else line.text
        is_last = index == len(lines) - 1
        if is_last or line_ends_paragraph(line.text, lines[index + 1].text, width):
            paragraphs.append(tidy(current))
            current = ""
    return [p for p in paragraphs if p]


def tidy(text: str) -> str:
    """Remove stray spaces before punctuation and closing brackets, and doubled spaces."""
    text = re.sub(r" +([.,;:!?])(?=\s|$|[\"')])", r"\1", text)
    text = re.sub(r"\( +", "(", re.sub(r" +\)", ")", text))
    return re.sub(r" {2,}", " ", text).strip()


def collect_references(text: str, references: list[ParsedReference], keep: bool = False) -> str:
    """Record "(… here)" phrases whose links were lost; drop them from the text unless ``keep``."""
    for match in LINK_PHRASE.finditer(text):
        inner = match.group(1).strip()
        for title in reference_titles(inner, context=text[: match.start()]):
            references.append(ParsedReference(title=title, anchor_text=match.group(0)))
    if keep:
        return text
    return re.sub(r"\s+([.,;:])", r"\1", LINK_PHRASE.sub("", text)).strip()


def reference_titles(inner: str, context: str) -> list[str]:
    """Guess what each "here" in a phrase pointed to; editors correct the titles in the admin."""
    several = len(re.findall(r"\bhere\b", inner, re.IGNORECASE)) > 1
    parts = re.split(r",\s*|\band\b", inner) if several else [inner]
    parts = [p.strip(" .") for p in parts if p.strip(" .")]
    titles = []
    for part in parts:
        if not re.search(r"\bhere\b", part, re.IGNORECASE):
            continue
        title = re.sub(r"\b(which|that)\b.*$", "", part, flags=re.IGNORECASE)
        title = re.sub(r"\b(can be read|is|are|online)?\s*here\b", "", title, flags=re.IGNORECASE).strip(" .")
        if not title:
            # A bare "(here)": name it after the words just before it.
            words = re.sub(r"\s+", " ", context).strip(" ,.").split(" ")
            title = " ".join(words[-8:])
            title = f"Source for “…{title}”"
        titles.append(title[:1].upper() + title[1:])
    return titles or [f"Source for “{inner}”"]


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences (good enough for proposing statements and summaries)."""
    parts = re.split(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z\"(])", paragraph)
    # re.split drops a closing quote that sits between the stop and the space; put it back.
    result = []
    position = 0
    for part in parts:
        start = paragraph.find(part, position)
        end = start + len(part)
        while end < len(paragraph) and paragraph[end] in "\"')]":
            end += 1
        result.append(paragraph[start:end].strip())
        position = end
    return [s for s in result if s]


def join_paragraphs(lines: list[Line], width: int) -> str:
    return "\n\n".join(rebuild_paragraphs(lines, width)) if lines else ""
