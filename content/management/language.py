"""The `--language` option the import commands share: a language tag, checked before anything is read."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext

from content.models import LANGUAGE_TAG


def check_language(tag: str | None) -> None:
    """CommandError unless ``tag`` is missing (the file decides) or a language tag such as en, fr or en-GB."""
    if tag is None:
        return
    try:
        LANGUAGE_TAG(tag)
    except ValidationError:
        raise CommandError(gettext("--language needs a language tag such as en, fr or en-GB.")) from None
