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
from django.contrib.auth.models import User
from django.urls import reverse

from content.models import Claim
from quiz.models import Cohort
from tests.test_permissions import ADMIN_PAGES, MATRIX, OK

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "learner", "instructor", "editor"]
SPOKEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "aria-description"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
FILE_NAME = re.compile(r"\b[\w-]+\.(?:csv|json|txt|zip)\b")  # "attempts.csv" is a name, not English
# Values of the CSV files, which stay English in every language, quoted where French explains a column.
MACHINE_VALUES = {"true", "false"}


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
        # Two things Django's admin templates print that ours cannot reach. The search icon: alt="Search" in every
        # language.
        django_search_icon = tag == "img" and attributes.get("src", "").endswith("admin/img/search.svg")
        # An inline row's caption: Django prints the row's model string there (a technique's name in its claim),
        # plain text that no template of ours can mark with `lang`.
        inline_caption = tag == "td" and "original" in attributes.get("class", "").split()
        skipped = tag in ("script", "style", "template", "code") or django_search_icon or inline_caption or (
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


def bare(text: str) -> str:
    """A message without its punctuation and spacing, to tell a real translation from French typography."""
    return re.sub(r"[\s\u00a0\u202f.,:;!?()«»“”]+", " ", text).strip()


def english_messages() -> list[str]:
    """The English phrases to look for: each message's literal text (the longest part between placeholders)."""
    catalogue = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.po"))
    phrases = set()
    for entry in catalogue:
        for english, french in [(entry.msgid, entry.msgstr)] if not entry.msgid_plural else [
            (entry.msgid, entry.msgstr_plural.get(0, "")), (entry.msgid_plural, entry.msgstr_plural.get(1, ""))
        ]:
            if bare(english) == bare(french):
                continue  # the same word in both languages ("Quiz", "Sources :")
            plain = re.sub(r"<[^>]+>", " ", english)
            parts = [re.sub(r"\s+", " ", part).strip(" .,:;()") for part in PLACEHOLDER.split(plain)]
            longest = max(parts, key=len)
            # A bare word between placeholders ("of") is no evidence; a whole message of one word is.
            if longest in MACHINE_VALUES:
                continue
            if (len(parts) == 1 and len(longest) >= 3) or len(longest.split()) >= 3:
                phrases.add(longest)
    return sorted(phrases)


def english_left(html: str, phrases: list[str], typed: list[str]) -> list[str]:
    """The phrases found in the page's readable text, once what people typed (names of groups, usernames) is out."""
    reader = ReadableText("fr")
    reader.feed(html)
    text = reader.text
    for value in sorted(typed, key=len, reverse=True):
        text = text.replace(value, " ")
    text = FILE_NAME.sub(" ", text)
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
    typed = [*Cohort.objects.values_list("name", flat=True), *User.objects.values_list("username", flat=True),
             *User.objects.exclude(email="").values_list("email", flat=True)]
    found = {}
    checked = 0
    for name, url in pages_for(role, world):
        response = client.get(url, follow=True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        assert '<html lang="fr"' in html, name
        checked += 1
        if left := english_left(html, phrases, typed):
            found[name] = left[:8]
    assert checked >= 5
    assert not found, f"English left on French pages for {role}: {found}"
