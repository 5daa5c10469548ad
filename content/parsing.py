"""Parser for "Claim:/Fact:" text documents (text extracted from a PDF or web page), free of the database.

The format, as found in the bundled NATO document:

* the first non-blank line is the title, then an introduction and a bulleted table of contents
  ("•" for sections, "◦" for claims) that is not content and may be incomplete;
* a section heading is a short line of its own, followed by claims; it may be numbered ("3. Enlargement",
  "III. Ukraine"), quoted ("'Encirclement'") or a question ("Do vaccines work?"), and "Section: …" makes
  any line a heading beyond doubt. A line that could be a heading or the end of a fact is read one way
  and reported as a ParseWarning with its line number, never decided in silence;
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

from django.utils.translation import gettext as _

from content.headings import (
    BULLET,
    CLAIM_LABEL,
    FACT_LABEL,
    NOT_A_HEADING,
    SECTION_LABEL,
    Line,
    heading_call,
    heading_key,
)
from content.parsed import ParsedClaim, ParsedDocument, ParsedReference, ParsedSection, ParseWarning

# French documents label claims "Affirmation :" and facts "Fait :" (a space before the colon, as French sets it).
FRENCH_LABEL = re.compile(r"^(?:affirmation|fait|partie)\s*:", re.IGNORECASE)
SECTION_BULLET = "•"
MAX_TITLE, MAX_HEADING = 300, 200  # the lengths the content models store
MAX_FILE_BYTES = 5 * 1024 * 1024  # a document or feed to import; the bundled document is 50 kB
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
        # Translators: a problem found in a file to import, e.g. "line 12: the document is empty".
        super().__init__(_("line %(line)d: %(message)s") % {"line": line, "message": message} if line else message)


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
        raise DocumentError(_("the file is not valid UTF-8 text"), line) from exc


def parse_document(text: str) -> ParsedDocument:
    """Parse the whole document; raise DocumentError naming the line for anything malformed."""
    lines = [Line(n, normalise(raw)) for n, raw in enumerate(text.splitlines(), start=1)]
    lines = [line for line in lines if line.text]
    if not lines:
        raise DocumentError(_("the document is empty"))
    width = wrap_width(lines)
    claim_starts = [i for i, line in enumerate(lines) if CLAIM_LABEL.match(line.text)]
    if not claim_starts:
        raise DocumentError(_('no claims found: each claim must start with "Claim:"'))

    title = lines[0].text
    if CLAIM_LABEL.match(title):
        raise DocumentError(_("the first line must be the document's title, not a claim"), lines[0].number)

    warnings: list[ParseWarning] = []
    intro_lines, contents, toc_sections, first_heading = split_preamble(lines[1 : claim_starts[0]], width, warnings)

    sections: list[ParsedSection] = []
    current = ParsedSection(first_heading[1], first_heading[0].number) if first_heading else None
    headings = {first_heading[0].number} if first_heading else set()
    for index, start in enumerate(claim_starts):
        end = claim_starts[index + 1] if index + 1 < len(claim_starts) else len(lines)
        block = lines[start:end]
        next_heading = None
        last = block[-1]
        call = heading_call(last, block[-2], toc_sections, width, follows="fact") if len(block) >= 2 else NOT_A_HEADING
        labelled = SECTION_LABEL.match(last.text) is not None
        if end == len(lines):
            if labelled:
                raise DocumentError(_("the section “%(section)s” has no claims") % {"section": call.title}, last.number)
            if call.is_heading:
                warnings.append(
                    ParseWarning(
                        last.number,
                        _(
                            "“%(line)s” looks like a section heading, but no claim follows it; read as the end "
                            "of the fact before it. If it is not part of that fact, remove it"
                        )
                        % {"line": last.text},
                    )
                )
        elif call.is_heading and (labelled or len(block) > 2):
            next_heading = ParsedSection(call.title, last.number)
            headings.add(last.number)
        if call.doubt and len(block) > 2 and end != len(lines):
            warnings.append(ParseWarning(last.number, call.doubt))
        if next_heading is not None:
            block = block[:-1]
        if current is None:
            current = ParsedSection(title, lines[0].number)
        current.claims.append(parse_claim(block, width))
        if next_heading is not None:
            sections.append(current)
            current = next_heading
    if current is not None:
        sections.append(current)

    stray = next((line for line in lines if SECTION_LABEL.match(line.text) and line.number not in headings), None)
    if stray is not None:
        raise DocumentError(_('a "Section:" heading must come just before a "Claim:"'), stray.number)
    if len(title) > MAX_TITLE:
        raise DocumentError(_("the title is longer than %(limit)d characters") % {"limit": MAX_TITLE}, lines[0].number)
    for section in sections:
        if len(section.title) > MAX_HEADING:
            raise DocumentError(
                _("the section heading is longer than %(limit)d characters") % {"limit": MAX_HEADING}, section.line
            )
        if not section.title:
            raise DocumentError(_('"Section:" is not followed by the heading'), section.line)
        if not section.claims:
            raise DocumentError(_("the section “%(section)s” has no claims") % {"section": section.title}, section.line)
        first_seen: dict[str, int] = {}
        for claim in section.claims:
            if claim.text in first_seen:
                raise DocumentError(
                    _(
                        "the claim “%(claim)s” is in the section “%(section)s” twice "
                        "(lines %(first)d and %(second)d); a re-import could not tell them apart"
                    )
                    % {
                        "claim": claim.text,
                        "section": section.title,
                        "first": first_seen[claim.text],
                        "second": claim.line,
                    },
                    claim.line,
                )
            first_seen[claim.text] = claim.line
    return ParsedDocument(
        title=title,
        intro=join_paragraphs(intro_lines, width),
        contents=contents,
        sections=sections,
        warnings=warnings,
        language="fr" if FRENCH_LABEL.match(lines[claim_starts[0]].text) else "en",
    )


def wrap_width(lines: list[Line]) -> int:
    """The width text was wrapped at: the typical length of the longer lines."""
    lengths = sorted(len(line.text) for line in lines)
    long_lines = lengths[len(lengths) // 2 :]
    return int(statistics.median(long_lines)) if long_lines else 80


def split_preamble(
    preamble: list[Line], width: int, warnings: list[ParseWarning]
) -> tuple[list[Line], list[str], set[str], tuple[Line, str] | None]:
    """Split what precedes the first claim into introduction, table of contents and first heading.

    Returns the introduction's lines, the contents entries, the headings the contents list (as
    heading keys) and the first heading's line with its title, if there is one.
    """
    if not preamble:
        return [], [], set(), None
    intro, contents, toc_sections = read_contents(preamble[:-1])
    before = preamble[-2] if len(preamble) > 1 else None
    call = heading_call(preamble[-1], before, toc_sections, width, follows="introduction")
    if call.doubt:
        warnings.append(ParseWarning(preamble[-1].number, call.doubt))
    if call.is_heading:
        return intro, contents, toc_sections, (preamble[-1], call.title)
    intro, contents, toc_sections = read_contents(preamble)
    return intro, contents, toc_sections, None


def read_contents(lines: list[Line]) -> tuple[list[Line], list[str], set[str]]:
    """The introduction's lines, the table of contents' entries, and the heading keys it lists ("•")."""
    intro: list[Line] = []
    contents: list[str] = []
    toc_sections: set[str] = set()
    in_contents = False
    for line in lines:
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
    return intro, contents, toc_sections


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
        raise DocumentError(_('"Claim:" is not followed by the claim'), first.number)
    body_lines = [line for line in body_lines if line.text]
    if not body_lines:
        raise DocumentError(_("the claim “%(claim)s” has no fact after it") % {"claim": claim_text}, first.number)

    references: list[ParsedReference] = []
    claim_text = collect_references(claim_text, references)
    claim_text = claim_text.rstrip(" .")
    if not claim_text:
        raise DocumentError(_('"Claim:" is not followed by the claim'), first.number)
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
