"""Content history: change reasons in the site's language, cut to fit their column; the history models' home."""

import importlib

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


def home_history_models(app_config) -> None:
    """Give an app's history models the module they live in, when its models are a package (call from `ready`).

    django-simple-history names the app (`content`) as a history model's module when the model's own
    module is not `<app>.models`, and puts the class in that own module (django-simple-history#343), so
    `manage.py shell` cannot import it. Here each goes where the app's models are read from.
    """
    home = importlib.import_module(f"{app_config.name}.models")
    for model in app_config.get_models():
        if model.__module__ == app_config.name and hasattr(model, "history_object"):  # history models only
            model.__module__ = home.__name__
            setattr(home, model.__name__, model)
