"""Template context shared by every page: the visible documents whose content the site shows, for attribution."""

from django.utils.functional import SimpleLazyObject

from content.selectors import visible_documents
from content.versions import kept


@kept
def _documents() -> list:
    return list(visible_documents().only("title", "publisher", "year", "language"))


def attribution(request):
    # Lazy: read (and kept until the content changes) only on pages that render the footer.
    return {"attribution_documents": SimpleLazyObject(_documents)}
