"""What a source is parsed into, by the text parser and the ClaimReview reader alike: a document and its warnings."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ParseWarning:
    """A line the parser read one way though it could be read another; ``line`` 0: the whole file."""

    line: int
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParsedReference:
    title: str
    anchor_text: str  # the "(… here)" phrase it came from; empty when the source gave a real link
    url: str = ""  # empty for text documents, whose links were lost: an editor's URL is then kept


@dataclass
class ParsedClaim:
    text: str
    line: int  # 0 when the source has no lines to speak of (a ClaimReview feed: see ``place``)
    paragraphs: list[str]
    references: list[ParsedReference] = field(default_factory=list)
    place: str = ""  # where in a structured source it came from, e.g. "dataFeedElement[3]"

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
    warnings: list[ParseWarning] = field(default_factory=list)
    language: str = "en"  # the document's language tag: "fr" when its labels are French ("Affirmation :")

    @property
    def claims(self) -> list[ParsedClaim]:
        return [claim for section in self.sections for claim in section.claims]
