"""Importing schema.org ClaimReview JSON-LD, as fact-checkers publish it, through the document importer.

Shapes read: a ``DataFeed`` (``dataFeedElement`` holding ClaimReviews, or DataFeedItems whose ``item``
holds them), an ``ItemList`` (``itemListElement``: ClaimReviews or ListItems), a JSON-LD ``@graph``
(its other nodes are ignored), a single ``ClaimReview``, or a JSON list of them. Each review is a claim:

* ``claimReviewed`` is the claim's text, ``reviewBody`` its rebuttal (paragraphs split on blank lines;
  the summary and statements are proposed from it as for a text document);
* ``url`` becomes a reference with that address (http or https only), titled by the review's ``name``
  or ``headline``, else by its author's name + " fact check";
* its section is ``section`` if given, else the review's ``about`` (text, or a Thing's ``name``), else
  the feed's ``about``, else the feed's ``name``.

The feed becomes a ParsedDocument (titled by the feed's ``name``, else "Fact checks") applied by the same
Importer as text documents, in ``partial`` mode: the feed owns only the sections it names. Anything
malformed raises FeedError naming the element, e.g. "dataFeedElement[3]: claimReviewed must be text,
not a number", before anything is written. Places count from 0, as in JSON paths.
"""

import json
import re
import unicodedata
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext

from content.import_report import ImportReport
from content.importer import SLUG_LENGTH
from content.models import LANGUAGE_TAG, SourceDocument
from content.parsed import ParsedClaim, ParsedDocument, ParsedReference, ParsedSection, ParseWarning
from content.parsing import MAX_HEADING, MAX_TITLE, DocumentError, decode
from content.services import parsed_import, source_read

DEFAULT_TITLE = "Fact checks"
MAX_URL = 500  # the length Reference.url stores
MAX_CLAIM = 1000  # a claim is a sentence or two; its statement must fit a database index
# Verdicts saying the claim is right: FactsQuiz proposes every claim as a false statement.
TRUE_VERDICTS = {"true", "correct", "accurate", "mostly true", "right", "verified"}
validate_url = URLValidator(schemes=["http", "https"])
LANGUAGE_PATTERN = re.compile(LANGUAGE_TAG.regex.pattern.strip("^$"))


class FeedError(DocumentError):
    """The feed cannot be imported; ``place`` names the element at fault ("" for the whole file)."""

    def __init__(self, message: str, place: str = ""):
        self.place = place
        # Translators: a problem in a ClaimReview feed, after the element at fault, e.g. "dataFeedElement[3]: …".
        super().__init__(gettext("%(place)s: %(message)s") % {"place": place, "message": message} if place else message)


def parse_claimreview(data: str | bytes, *, section: str | None = None) -> ParsedDocument:
    """The feed as the importer's parsed document; ``section`` puts every claim in that section."""
    text = decode(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    try:
        root = json.loads(text)
    except json.JSONDecodeError as exc:
        # Translators: %(error)s is Python's own description of the JSON error, in English.
        message = gettext("not valid JSON: %(error)s (column %(column)d)") % {"error": exc.msg, "column": exc.colno}
        raise DocumentError(message, exc.lineno) from None
    except RecursionError:
        raise FeedError(gettext("the JSON is nested too deeply to be a ClaimReview feed")) from None
    feed, reviews = reviews_in(root)
    if not reviews:
        raise FeedError(gettext("the feed holds no ClaimReviews"))

    title = one_line(feed_text(feed, "name", "") or feed_text(feed, "headline", "")) or DEFAULT_TITLE
    if len(title) > MAX_TITLE:
        raise FeedError(gettext("the feed's name is longer than %(limit)d characters") % {"limit": MAX_TITLE})
    feed_section = about(feed, "") or one_line(feed_text(feed, "name", ""))
    sections: dict[str, ParsedSection] = {}
    first_place: dict[tuple[str, str], str] = {}
    warnings: list[ParseWarning] = []
    for place, review in reviews:
        claim = review_claim(review, place, warnings)
        own_section = about(review, place)  # read even when --section wins, so a wrong type is still refused
        heading = one_line(section or "") or own_section or feed_section
        if not heading:
            raise FeedError(
                gettext("no section for it: give one with --section, or an “about” on the feed or on each ClaimReview"),
                place,
            )
        if len(heading) > MAX_HEADING:
            raise FeedError(
                gettext("the section name is longer than %(limit)d characters") % {"limit": MAX_HEADING}, place
            )
        if (heading, claim.text) in first_place:
            raise FeedError(
                gettext("claimReviewed repeats %(first)s in the section “%(section)s”")
                % {"first": first_place[heading, claim.text], "section": heading},
                place,
            )
        first_place[heading, claim.text] = place
        sections.setdefault(heading, ParsedSection(heading, 0)).claims.append(claim)
    intro = "\n\n".join(paragraphs(feed_text(feed, "description", "")))
    language = feed_language(feed, reviews)
    return ParsedDocument(
        title=title, intro=intro, contents=[], sections=list(sections.values()), warnings=warnings, language=language
    )


def feed_language(feed: dict, reviews: list) -> str:
    """The feed's `inLanguage` (or its first review's), when it is a language tag; "en" otherwise."""
    for node in (feed, *(review for _, review in reviews[:1])):
        tag = node.get("inLanguage") if isinstance(node, dict) else None
        if isinstance(tag, str) and LANGUAGE_PATTERN.fullmatch(tag.strip()):
            return tag.strip()
    return "en"


def claimreview_import(
    *,
    path: str | Path | None = None,
    content: str | bytes | None = None,
    name: str | None = None,
    section: str | None = None,
    document: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    language: str | None = None,
) -> tuple[SourceDocument, ImportReport]:
    """Import (or re-import) a ClaimReview feed from ``path`` or ``content`` (text or bytes) in one transaction.

    ``document`` is the slug of the document it goes into (default: from the feed's name); an existing
    document keeps its title and its other sections. ``section`` groups every claim under that name.
    New claims are drafts. Guarantees as for text documents: ``dry_run`` keeps nothing, a re-import
    changes nothing that did not change, rows an editor changed are left alone unless ``force``.
    ``language`` sets the document's language (default: the feed's `inLanguage`, else "en", for a new one).
    """
    data, source_name = source_read(path=path, content=content, name=name)
    parsed = parse_claimreview(data, section=section)
    slug = document or slugify(parsed.title)[:SLUG_LENGTH] or slugify(DEFAULT_TITLE)
    metadata = {"language": language}
    return parsed_import(
        parsed, source_name=source_name, dry_run=dry_run, force=force, slug=slug, partial=True, metadata=metadata
    )


# --- Reading the JSON-LD ---------------------------------------------------------------------


def type_names(node: dict) -> set[str]:
    """The node's @type(s) without a schema.org prefix ("http://schema.org/ClaimReview" → "ClaimReview")."""
    value = node.get("@type", [])
    names = value if isinstance(value, list) else [value]
    return {re.sub(r"^(https?://schema\.org/|schema:)", "", n) for n in names if isinstance(n, str)}


def describe(value) -> str:
    """What a JSON value is, for messages ("… must be text, not a number")."""
    if isinstance(value, bool):
        return pgettext("a JSON value", "true or false")
    if isinstance(value, int | float):
        return pgettext("a JSON value", "a number")
    if isinstance(value, str):
        return pgettext("a JSON value", "text")
    if isinstance(value, list):
        return pgettext("a JSON value", "a list")
    return pgettext("a JSON value", "an object") if isinstance(value, dict) else pgettext("a JSON value", "null")


def reviews_in(root) -> tuple[dict, list[tuple[str, dict]]]:
    """The feed's own fields ({} for a bare list) and each ClaimReview with its place in the file."""
    if isinstance(root, list):
        return {}, [review for index, element in enumerate(root) for review in unwrap(element, f"[{index}]")]
    if not isinstance(root, dict):
        raise not_a_feed(describe(root))
    types = type_names(root)
    if "@graph" in root:
        graph = root["@graph"]
        if not isinstance(graph, list):
            raise FeedError(gettext("must be a list, not %(value)s") % {"value": describe(graph)}, "@graph")
        nodes = [(f"@graph[{i}]", node) for i, node in enumerate(graph)]
        return root, [(place, node) for place, node in nodes if isinstance(node, dict) and is_review(node)]
    if is_review(root):
        # Translators: where in the file, for a file holding a single ClaimReview ("the ClaimReview: url is empty").
        return {}, [(gettext("the ClaimReview"), root)]
    if "DataFeed" in types or "dataFeedElement" in root:
        key = "dataFeedElement"
    elif "ItemList" in types or "itemListElement" in root:
        key = "itemListElement"
    else:
        if types:
            # Translators: %(types)s names the file's schema.org types, e.g. “Article, WebPage”.
            kind = gettext("a “%(types)s”") % {"types": ", ".join(sorted(types))}
        else:
            kind = pgettext("a JSON value", "an object without claimReviewed")
        raise not_a_feed(kind)
    elements = root.get(key)
    if elements is None:
        raise FeedError(gettext("%(key)s is missing") % {"key": key})
    if isinstance(elements, dict):
        elements = [elements]  # JSON-LD allows one value where a list is expected
    if not isinstance(elements, list):
        raise FeedError(gettext("%(key)s must be a list, not %(value)s") % {"key": key, "value": describe(elements)})
    return root, [review for i, element in enumerate(elements) for review in unwrap(element, f"{key}[{i}]")]


def not_a_feed(value: str) -> FeedError:
    """The error for a file that holds `value` (what describe() says, or the file's types) and no feed."""
    return FeedError(
        gettext("the file holds %(value)s, not a ClaimReview, a DataFeed, an ItemList or a list") % {"value": value}
    )


def is_review(node: dict) -> bool:
    types = type_names(node)
    return "ClaimReview" in types or (not types and "claimReviewed" in node)


def unwrap(element, place: str) -> list[tuple[str, dict]]:
    """The ClaimReview(s) an element holds: itself, or the ``item`` of a DataFeedItem or ListItem."""
    if not isinstance(element, dict):
        raise FeedError(gettext("must be a ClaimReview object, not %(value)s") % {"value": describe(element)}, place)
    types = type_names(element)
    if types & {"DataFeedItem", "ListItem"} or ("item" in element and "claimReviewed" not in element):
        item = element.get("item")
        if isinstance(item, list):
            return [review for j, inner in enumerate(item) for review in unwrap(inner, f"{place}.item[{j}]")]
        if item is None:
            raise FeedError(gettext("item is missing"), place)
        return unwrap(item, f"{place}.item")
    if types and "ClaimReview" not in types:
        raise FeedError(gettext("is a “%(types)s”, not a ClaimReview") % {"types": ", ".join(sorted(types))}, place)
    return [(place, element)]


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def paragraphs(text: str) -> list[str]:
    """Paragraphs split on blank lines; a single line break inside one is a space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return [p for p in (one_line(part) for part in re.split(r"\n\s*\n", text)) if p]


def feed_text(node: dict, key: str, place: str, *, required: bool = False) -> str:
    """The text of ``node[key]`` ("" when absent and not required); FeedError for any other type."""
    value = node.get(key)
    if value is None:
        if required:
            raise FeedError(gettext("%(key)s is missing") % {"key": key}, place)
        return ""
    if not isinstance(value, str):
        raise FeedError(gettext("%(key)s must be text, not %(value)s") % {"key": key, "value": describe(value)}, place)
    if required and not value.strip():
        raise FeedError(gettext("%(key)s is empty") % {"key": key}, place)
    return value


def name_of(node: dict, key: str, place: str) -> str:
    """The name in ``node[key]``: text, a Thing with a ``name``, or the first of a list of those."""
    value = node.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return ""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, dict):
        return one_line(feed_text(value, "name", f"{place}.{key}" if place else key))
    raise FeedError(
        gettext("%(key)s must be text or an object with a name, not %(value)s")
        % {"key": key, "value": describe(value)},
        place,
    )


def about(node: dict, place: str) -> str:
    return name_of(node, "about", place)


def review_claim(review: dict, place: str, warnings: list[ParseWarning]) -> ParsedClaim:
    text = one_line(feed_text(review, "claimReviewed", place, required=True))
    body = paragraphs(feed_text(review, "reviewBody", place, required=True))
    if not text:
        raise FeedError(gettext("%(key)s is empty") % {"key": "claimReviewed"}, place)
    if len(text) > MAX_CLAIM:
        raise FeedError(gettext("claimReviewed is longer than %(limit)d characters") % {"limit": MAX_CLAIM}, place)
    if not body:
        raise FeedError(gettext("%(key)s is empty") % {"key": "reviewBody"}, place)
    references = []
    url = feed_text(review, "url", place).strip()
    if url:
        if len(url) > MAX_URL:
            raise FeedError(gettext("url is longer than %(limit)d characters") % {"limit": MAX_URL}, place)
        try:
            validate_url(url)
        except ValidationError:
            message = gettext("url must be an http or https address, not “%(url)s”") % {"url": url[:80]}
            raise FeedError(message, place) from None
        title = one_line(feed_text(review, "name", place) or feed_text(review, "headline", place))
        if not title:
            author = name_of(review, "author", place)
            title = f"{author} fact check" if author else "Fact check"
        references.append(ParsedReference(title=title, anchor_text="", url=url))
    verdict = rating_verdict(review, place)
    if verdict.lower() in TRUE_VERDICTS:
        warnings.append(
            ParseWarning(
                0,
                gettext(
                    "%(place)s: rated “%(verdict)s”, yet FactsQuiz proposes each claim as a false statement; "
                    "check this claim before publishing it"
                )
                % {"place": place, "verdict": verdict},
            )
        )
    return ParsedClaim(text=text, line=0, paragraphs=body, references=references, place=place)


def rating_verdict(review: dict, place: str) -> str:
    rating = review.get("reviewRating")
    if rating is None:
        return ""
    if not isinstance(rating, dict):
        raise FeedError(
            gettext("%(key)s must be an object, not %(value)s") % {"key": "reviewRating", "value": describe(rating)},
            place,
        )
    return one_line(feed_text(rating, "alternateName", f"{place}.reviewRating"))
