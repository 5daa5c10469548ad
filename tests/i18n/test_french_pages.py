"""Every page of the permission matrix, rendered in French, holds no English interface text.

The page's readable text (text nodes and the attributes people hear or see: aria-label, title, alt,
placeholder, button values) is checked against the English msgids of the French catalogue. Content in
another language (NATO's English text) must carry its own `lang`, and is left out of the check: so a piece
of content without `lang` fails the test too, wherever its words match an interface message.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from content.models import Claim
from tests.test_permissions import ADMIN_PAGES, MATRIX, OK

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "learner", "instructor", "editor"]
SPOKEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "aria-description"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


class ReadableText(HTMLParser):
    """The text a French reader meets, minus scripts, styles and anything marked as another language."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.parts: list[str] = []

    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        skipped = tag in ("script", "style", "template") or (
            lang is not None and lang.split("-")[0].lower() != self.language
        )
        if not skipped and not self.skipping():
            self.parts += [value for name, value in attrs if name in SPOKEN_ATTRIBUTES and value]
            if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
                self.parts.append(attributes["value"])
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.skipping() and data.strip():
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def english_messages() -> list[str]:
    """The English phrases to look for: each message's literal text (the longest part between placeholders)."""
    catalogue = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.po"))
    phrases = set()
    for entry in catalogue:
        for english, french in [(entry.msgid, entry.msgstr)] if not entry.msgid_plural else [
            (entry.msgid, entry.msgstr_plural.get(0, "")), (entry.msgid_plural, entry.msgstr_plural.get(1, ""))
        ]:
            if english == french:
                continue  # the same word in both languages ("Quiz", "Source")
            plain = re.sub(r"<[^>]+>", " ", english)
            parts = [re.sub(r"\s+", " ", part).strip(" .,:;()") for part in PLACEHOLDER.split(plain)]
            longest = max(parts, key=len)
            # A bare word between placeholders ("of") is no evidence; a whole message of one word is.
            if (len(parts) == 1 and len(longest) >= 3) or len(longest.split()) >= 3:
                phrases.add(longest)
    return sorted(phrases)


def english_left(html: str, phrases: list[str]) -> list[str]:
    reader = ReadableText("fr")
    reader.feed(html)
    text = reader.text
    return [phrase for phrase in phrases if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]


def pages_for(role: str, world) -> list[tuple[str, str]]:
    urls = []
    for name, (kwargs, expected) in MATRIX.items():
        if expected[role] == OK:
            urls.append((name, reverse(name, kwargs=kwargs(world) if kwargs else None)))
    if role == "editor":
        urls += [(name, reverse(name)) for name, allowed in ADMIN_PAGES.items() if allowed.get("editor") == OK]
        claim = Claim.objects.first()
        urls.append(("admin claim", reverse("admin:content_claim_change", args=[claim.pk])))
        urls.append(("admin claim history", reverse("admin:content_claim_history", args=[claim.pk])))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_french_throughout(client, world, role):
    phrases = english_messages()
    assert len(phrases) > 300  # the catalogue is there
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    if world["users"][role]:
        client.force_login(world["users"][role])
    found = {}
    checked = 0
    for name, url in pages_for(role, world):
        response = client.get(url, follow=True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        assert '<html lang="fr"' in html, name
        checked += 1
        if left := english_left(html, phrases):
            found[name] = left[:8]
    assert checked >= 5
    assert not found, f"English left on French pages for {role}: {found}"
