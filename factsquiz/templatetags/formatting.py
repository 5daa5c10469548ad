"""Built into every template: percentages in the interface language ("56%", "56 %"), `lang` for content in
another language, and the address of the JavaScript catalogue."""

import hashlib
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext

from content.languages import content_languages, differs

register = template.Library()


@register.filter
def percent(value, decimals=0) -> str:
    """A percentage in the reader's language: "56%" and "56.5%" in English, "56 %" and "56,5 %" in French.

    Nothing for a missing value. `decimals` is the number of decimal places (0 by default)."""
    if value is None or value == "":
        return ""
    places = int(decimals)
    # Halves round up, as floatformat and the scores do (55.25 -> 55.3), not to the even digit as round() does.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    number = formats.number_format(rounded, decimal_pos=places, use_l10n=True)
    # Translators: a percentage; French puts a narrow no-break space before the sign ("56 %").
    return gettext("%(number)s%%") % {"number": number}


@cache
def catalog_version() -> str:
    """A digest of the compiled JavaScript catalogues, so a browser fetches them again after they change."""
    digest = hashlib.sha256()
    for path in sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/djangojs.mo")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@register.simple_tag
def javascript_catalog() -> str:
    """The address of the JavaScript strings in the page's language (`?lang=` keeps each language's copy apart)."""
    query = urlencode({"lang": translation.get_language(), "v": catalog_version()})
    return f"{reverse('javascript-catalog')}?{query}"


@register.filter
def content_lang(item) -> str:
    """` lang="en"` for content (a document, section, claim, statement, quiz… or a language tag) written in another
    language than the page's interface, nothing otherwise: `<blockquote{{ claim|content_lang }}>`."""
    tag = content_languages().of(item)
    return format_html(' lang="{}"', tag) if differs(tag) else ""


@register.filter
def content_text(text, owner) -> str:
    """Content (a claim, a fact, a source's title…) in a sentence of the interface: in a span with the `lang` of
    `owner` (what `content_lang` gives for it) when that differs from the page's, escaped and bare otherwise:
    `{{ item.prompt|content_text:item }}`. A filter rather than an included template: feedback shows several."""
    lang_attr = content_lang(owner)
    return format_html("<span{}>{}</span>", lang_attr, text) if lang_attr else conditional_escape(text)
