"""The translation catalogues are complete, compiled and well typeset: every message of the code has its French,
the committed .mo files say what the .po files say, and French punctuation has its no-break spaces."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _ in settings.LANGUAGES if not code.startswith("en")]
DOMAINS = ["django", "djangojs"]
CATALOGUES = [(language, domain) for language in LANGUAGES for domain in DOMAINS]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")


def po(language, domain) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))


def translations(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_every_message_is_translated(language, domain):
    catalogue = po(language, domain)
    missing = [entry.msgid for entry in catalogue if not all(translations(entry))]
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
    assert not missing, f"{len(missing)} untranslated in {language}/{domain}.po, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}/{domain}.po, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_translations_keep_their_placeholders(language, domain):
    wrong = []
    for entry in po(language, domain):
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in translations(entry):
            found = sorted(PLACEHOLDER.findall(text))
            # A singular form may name its count in words ("une réponse") and so drop a placeholder.
            if found != expected and not (entry.msgid_plural and set(found) <= set(expected)):
                wrong.append((entry.msgid, text))
    assert not wrong, wrong[:5]


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_the_compiled_catalogues_match_their_sources(language, domain):
    """The .mo files are committed beside the .po files: `make messages` rebuilds both."""
    source = {(entry.msgctxt, entry.msgid): translations(entry) for entry in po(language, domain)}
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.mo"))
    compiled = {(entry.msgctxt, entry.msgid): translations(entry) for entry in mo if entry.msgid}
    assert compiled == source, "run `make messages` to compile the catalogues again"


def test_french_typography():
    """No-break spaces (U+202F or U+00A0) before ; : ! ? and inside « », never a plain space; typographic quotes."""
    wrong = []
    for domain in DOMAINS:
        for entry in po("fr", domain):
            for text in translations(entry):
                stripped = PLACEHOLDER.sub("X", re.sub(r"<[^>]+>|https?://\S+", "", text))
                if re.search(r" [;:!?»]|« |\w[;!?»]|\w«|[^\s\u00a0\u202f\d]:(?=\s|$)", stripped):
                    wrong.append(text)
    assert not wrong, f"{len(wrong)} French messages lack their no-break spaces, e.g. {wrong[:5]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed (apt-get install gettext)")
@pytest.mark.parametrize("domain", DOMAINS)
def test_makemessages_would_add_nothing(domain, tmp_path, settings):
    """Run makemessages in a copy of the project (code, templates, catalogues): any message it adds is one the
    catalogues lack, and any it drops is one the code no longer has."""
    root = Path(settings.BASE_DIR)
    ignore = [".venv", "bench", "tests", "docs", "staticfiles", "build", "backups"]
    copy = tmp_path / "project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git", *ignore, "__pycache__", "*.sqlite3"))
    settings.LOCALE_PATHS = [copy / "locale"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        call_command(
            "makemessages", locale=LANGUAGES, domain=domain, ignore_patterns=ignore, verbosity=0, no_obsolete=True,
            add_location="file",
        )
    for language in LANGUAGES:
        before = {(entry.msgctxt, entry.msgid) for entry in po(language, domain)}
        after = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))
        new = [entry.msgid for entry in after if (entry.msgctxt, entry.msgid) not in before]
        stale = before - {(entry.msgctxt, entry.msgid) for entry in after}
        assert not new, f"messages missing from {language}/{domain}.po (run `make messages`): {new[:10]}"
        assert not stale, f"messages no longer in the code, still in {language}/{domain}.po: {sorted(stale)[:10]}"
