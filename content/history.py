"""Change reasons as the content's history records them: in the site's language, cut to fit their column."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

HISTORY_REASON_LENGTH = 100  # django-simple-history's history_change_reason column


def history_reason(text: str) -> str:
    """A change reason that fits its column (PostgreSQL refuses a longer one; SQLite would keep it)."""
    return text if len(text) <= HISTORY_REASON_LENGTH else text[: HISTORY_REASON_LENGTH - 1] + "…"


def site_gettext(message: str) -> str:
    """`message` (marked with gettext_noop) in the site's language, settings.LANGUAGE_CODE.

    For what is stored as a record (history reasons, the file a document came from): every editor
    reads the same history, so it is written in one language, not in that of whoever pressed the button.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _(message)


def site_reason(message: str, **values) -> str:
    """A history change reason in the site's language (see site_gettext), fitted to its column."""
    text = site_gettext(message)
    return history_reason(text % values if values else text)
