"""ClaimReview out: schema.org JSON-LD for each claim page and a DataFeed of every published claim.

What FactsQuiz publishes is the document's own verdict: the publisher (the document's author) says the
claim is not true and answers it with a fact. So the rating is a name ("False"), never a number that
would claim a precision the document does not give; techniques or scores never enter it.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString

from content.models import Claim, SourceDocument

CONTEXT = "https://schema.org"
RATING_NAME = "False"


def organisation(document: SourceDocument) -> dict:
    author = {"@type": "Organization", "name": document.publisher or document.title}
    if document.url:
        author["url"] = document.url
    return author


def date_published(document: SourceDocument) -> str:
    if document.published_on:
        return document.published_on.isoformat()
    return str(document.year) if document.year else ""


def claim_review(claim: Claim, *, url: str, with_context: bool = True) -> dict:
    """The ClaimReview of one claim; `url` is the claim page's absolute address."""
    document = claim.section.document
    rebuttal = getattr(claim, "rebuttal", None)
    data = {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.text,
        "author": organisation(document),
        "reviewRating": {"@type": "Rating", "alternateName": RATING_NAME},
        "itemReviewed": {"@type": "Claim", "name": claim.text, "inLanguage": document.language},
        "inLanguage": document.language,  # the review's text is the document's, whatever the interface speaks
    }
    if with_context:
        data = {"@context": CONTEXT, **data}
    if published := date_published(document):
        data["datePublished"] = published
    if rebuttal is not None and rebuttal.summary:
        data["reviewBody"] = rebuttal.summary
    # `itemReviewed.appearance` (where the claim was made) is left out: the document does not say where
    # each claim appeared, and the document itself is the review, not an appearance.
    return data


def data_feed(claims, *, url: str, absolute) -> dict:
    """A schema.org DataFeed of the claims' ClaimReviews; `absolute(path)` makes a page's full address."""
    return {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "name": "FactsQuiz library: claims and the facts that answer them",
        "url": url,
        "dataFeedElement": [
            claim_review(claim, url=absolute(claim.get_absolute_url()), with_context=False) for claim in claims
        ],
    }


def script_tag(data: dict) -> SafeString:
    """The JSON-LD in a <script> data block, escaped as Django's json_script escapes (no "</script>" inside)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))
