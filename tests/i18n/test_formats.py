"""Locale-aware formats: one date format per language, percentages with the language's decimal mark and spacing,
and CSV exports that stay machine-readable whatever the interface speaks."""

import datetime

import pytest
from django.template import engines
from django.utils import translation

from factsquiz.templatetags.formatting import percent

WHEN = datetime.datetime(2026, 12, 1, 19, 23)
TEMPLATE = engines["django"].from_string(
    '{{ when|date:"DATETIME_FORMAT" }}|{{ when|date:"DATE_FORMAT" }}|{{ 56|percent }}|{{ 56.46|percent:1 }}'
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-gb", "1 Dec 2026, 19:23|1 Dec 2026|56%|56.5%"),
        ("fr", "1 déc. 2026, 19:23|1 déc. 2026|56\u202f%|56,5\u202f%"),
    ],
)
def test_dates_and_percentages_in_each_language(language, expected):
    with translation.override(language):
        assert TEMPLATE.render({"when": WHEN}) == expected


def test_percent_rounds_halves_up_and_leaves_missing_values_empty():
    with translation.override("en-gb"):
        assert percent(55.25, 1) == "55.3%"
        assert percent(56.5) == "57%"
        assert percent(None) == "" and percent("") == ""


def test_months_in_french_are_abbreviated_as_french_does():
    template = engines["django"].from_string('{{ when|date:"DATE_FORMAT" }}')
    with translation.override("fr"):
        months = [template.render({"when": WHEN.replace(month=m)}) for m in (2, 6, 7, 9)]
    assert months == ["1 fév. 2026", "1 juin 2026", "1 juil. 2026", "1 sept. 2026"]
