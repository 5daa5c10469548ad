"""Rebuttal text as HTML: paragraphs, with each "(… here)" phrase linked to the source it stood for."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _


def linked_paragraphs(body_paragraphs: list[str], references) -> list[SafeString]:
    """Escape each paragraph and turn the link phrases the import found into links.

    A reference knows its phrase (`anchor_text`) and which occurrence it was (`import_key`,
    "(online here)#2"). With a URL the phrase links to the source; without one it links to the
    page's list of sources (#sources), which says the address is not known yet.
    """
    wanted: dict[tuple[str, int], object] = {}
    for reference in references:
        if not reference.anchor_text:
            continue
        occurrence = 1
        if reference.import_key and "#" in reference.import_key:
            tail = reference.import_key.rsplit("#", 1)[1]
            occurrence = int(tail) if tail.isdigit() else 1
        wanted.setdefault((reference.anchor_text, occurrence), reference)
    seen: dict[str, int] = {}
    anchors = sorted({a for a, _ in wanted}, key=len, reverse=True)
    # One pass over the escaped text with every phrase as an alternative (longest first), so a phrase is
    # never looked for inside a link made for another.
    pattern = re.compile("|".join(re.escape(escape(a)) for a in anchors)) if anchors else None
    by_escaped = {escape(a): a for a in anchors}

    def link(match):
        anchor = by_escaped[match.group(0)]
        seen[anchor] = seen.get(anchor, 0) + 1
        reference = wanted.get((anchor, seen[anchor]))
        if reference is None:
            return match.group(0)
        href = reference.url or "#sources"
        if reference.url:
            label = _("Source: %(title)s") % {"title": reference.title}
        else:
            label = _("%(title)s: see the sources below") % {"title": reference.title}
        return format_html('<a href="{}" title="{}">{}</a>', href, label, anchor)

    out = []
    for paragraph in body_paragraphs:
        html = escape(paragraph)
        if pattern is not None:
            html = pattern.sub(link, html)
        out.append(mark_safe(html))  # noqa: S308 - built from escaped text and format_html
    return out


def description(text: str, length: int = 160) -> str:
    """A meta description: the text on one line, cut at a word within `length` characters."""
    return Truncator(" ".join(text.split())).chars(length)
