"""Template context shared by every page: the visible documents whose content the site shows, for attribution."""

from content.selectors import visible_documents


def attribution(request):
    # A queryset is lazy: the query runs only on pages that render the footer.
    return {"attribution_documents": visible_documents().only("title", "publisher", "year", "language")}
