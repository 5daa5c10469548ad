"""Library search over claims, rebuttals and approved statements: PostgreSQL full-text search, a plain fallback.

On PostgreSQL the query is read as a web search (quotes for phrases, "or", "-word") against an
English search vector of the claim (weight A), its rebuttal summary and approved statements (B) and its
full rebuttal (C), ranked, with the matching words highlighted. On SQLite every word must appear in
one of those texts, case-insensitively, and results come in document order. Both return published
claims of published sections only, and never say which statements are true.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from content.models import Statement
from content.selectors import published_claims

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12


def clean_query(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_claims(text: str):
    """Published claims matching `text`, best first; an empty query matches nothing."""
    query = clean_query(text)
    base = published_claims().select_related("section__document", "rebuttal")
    if not query:
        return base.none()
    if connection.vendor == "postgresql":
        return _postgres(base, query)
    return _fallback(base, query)


def _statements_text():
    return Subquery(
        Statement.objects.approved()
        .filter(claim=OuterRef("pk"))
        .values("claim")
        .annotate(text=StringAgg("text", delimiter=Value(" ")))
        .values("text"),
        output_field=TextField(),
    )


def _text_or_empty(expression):
    return Coalesce(expression, Value(""), output_field=TextField())


def _postgres(base, query):
    vector = (
        SearchVector("text", weight="A", config="english")
        + SearchVector(_text_or_empty("rebuttal__summary"), weight="B", config="english")
        + SearchVector(_text_or_empty(_statements_text()), weight="B", config="english")
        + SearchVector(_text_or_empty("rebuttal__body"), weight="C", config="english")
    )
    search = SearchQuery(query, search_type="websearch", config="english")
    return (
        base.annotate(search=vector, rank=SearchRank(vector, search))
        .filter(search=search)
        .order_by("-rank", "section__position", "position")
    )


def _fallback(base, query):
    words = [word.strip("\"'") for word in query.split()][:MAX_WORDS]
    condition = Q()
    for word in filter(None, words):
        statements = Statement.objects.approved().filter(claim=OuterRef("pk"), text__icontains=word)
        condition &= (
            Q(text__icontains=word)
            | Q(rebuttal__summary__icontains=word)
            | Q(rebuttal__body__icontains=word)
            | Exists(statements)
        )
    return base.filter(condition).order_by("section__document__title", "section__position", "position")
