"""Template context shared by every page: the documents whose content the site shows, for attribution."""

from content.models import SourceDocument


def attribution(request):
    # A queryset is lazy: the query runs only on pages that render the footer.
    return {"attribution_documents": SourceDocument.objects.only("title", "publisher", "year").order_by("title")}
