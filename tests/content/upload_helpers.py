"""What the upload tests share: an invented document, uploading and confirming, reading the preview, a snapshot."""

import html
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.admin_upload_pending import SESSION_KEY
from content.models import Claim, Rebuttal, Reference, Section, SourceDocument, Statement

EXAMPLE_FEED = Path(__file__).resolve().parents[2] / "content" / "seed" / "claimreview-example.json"
MODELS = (SourceDocument, Section, Claim, Rebuttal, Reference, Statement)
# Invented for this test. Line 15 reads two ways (a heading, or the end of the fact before it).
HOUSEPLANTS = b"""Houseplants: myths and facts

Example document written for FactsQuiz's upload tests, about keeping plants indoors.

Watering

Claim: Houseplants need water every day

Fact: Most houseplants need water only when the top of the soil is dry. Watering every day drowns their roots.

Claim: Ice cubes are the best way to water orchids

Fact: Orchids come from warm places and do better with room-temperature water. Ice cubes chill the roots.

Do plants like music?

Claim: Talking to plants makes them grow faster

Fact: No study has shown that speech helps a plant grow. Breath adds far too little carbon dioxide to matter.

Claim: Plants in the bedroom are dangerous at night

Fact: A plant takes in a little oxygen at night, far less than a person or a pet in the same room.
"""
HOUSEPLANTS_SLUG = "houseplants-myths-and-facts"


def snapshot():
    """Every row of content with every value, and every history row: "nothing changed" means exactly that."""
    rows = {m.__name__: sorted(map(repr, m.objects.values_list())) for m in MODELS}
    rows |= {f"{m.__name__} history": m.history.count() for m in MODELS}
    return rows


def upload(client, name="houseplants.txt", data=HOUSEPLANTS, **fields):
    fields.setdefault("format", "detect")
    return client.post(
        reverse("admin:content_sourcedocument_upload"), {"file": SimpleUploadedFile(name, data), **fields}
    )


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.text)[1]


def confirm(client, token, **kwargs):
    return client.post(reverse("admin:content_sourcedocument_upload_confirm"), {"token": token}, **kwargs)


def text_of(cell: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def table_rows(page: str, css_class: str) -> list[tuple[str, ...]]:
    """The body rows of the page's first table with that class, as the cells' text."""
    table = re.search(rf'<table class="{css_class}".*?<tbody>(.*?)</tbody>', page, re.S)
    if not table:
        return []
    return [
        tuple(text_of(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[1], re.S)
    ]


def counts(page: str) -> dict[str, tuple[int, ...]]:
    """The counts table: per kind, (would create, would update, unchanged, left alone because edited)."""
    return {kind: tuple(map(int, numbers)) for kind, *numbers in table_rows(page, "upload-counts")}


def page_text(response) -> str:
    return " ".join(text_of(response.text).split())


def pending_uploads(client) -> dict:
    return client.session.get(SESSION_KEY, {})


def imported(client) -> None:
    """The houseplants document, uploaded and confirmed through the admin."""
    response = confirm(client, token_of(upload(client)))
    assert response.status_code == 302
    assert SourceDocument.objects.filter(slug=HOUSEPLANTS_SLUG).exists()
