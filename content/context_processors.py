"""Template context shared by every page: the visible documents whose content the site shows, for attribution."""

from django.utils.functional import SimpleLazyObject

from content.selectors import visible_documents
from content.versions import current, kept


@kept
def _documents() -> list:
    return list(visible_documents().only("title", "publisher", "year", "language"))


def attribution(request):
    # Lazy: read (and kept until the content changes) only on pages that render the footer. The version keys
    # the footer's kept fragment (_base.html); a request reads it once, whoever asks.
    return {"attribution_documents": SimpleLazyObject(_documents), "content_version": SimpleLazyObject(current)}
