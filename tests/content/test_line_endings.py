"""Content text keeps LF line endings however it is saved: model, form, import; history shows only real edits."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.forms import modelform_factory

from content.fields import NormalisedTextField
from content.models import Rebuttal, Section, SourceDocument
from content.transfer import content_export
from content.transfer_import import content_import
from tests.factories import ClaimFactory, RebuttalFactory, SectionFactory

pytestmark = pytest.mark.django_db

THREE_PARAGRAPHS = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."


@pytest.mark.parametrize(
    "sent",
    [
        "First paragraph.\r\n\r\nSecond paragraph.\r\n\r\nThird paragraph.",
        "First paragraph.\r\rSecond paragraph.\r\rThird paragraph.",
        "First paragraph.\r\n\rSecond paragraph.\n\r\nThird paragraph.",
    ],
    ids=["crlf", "lone cr", "mixed"],
)
def test_a_rebuttal_saved_with_cr_is_stored_with_lf(sent):
    rebuttal = Rebuttal(claim=ClaimFactory(), summary="One\r\ntwo", body=sent)
    rebuttal.save()
    stored = Rebuttal.objects.get(pk=rebuttal.pk)
    assert stored.body == THREE_PARAGRAPHS and stored.summary == "One\ntwo"
    assert len(stored.paragraphs) == 3
    assert rebuttal.body == THREE_PARAGRAPHS  # the saved instance holds what was stored
    assert stored.history.get().body == THREE_PARAGRAPHS


def test_assigning_the_same_text_with_crlf_is_no_change():
    rebuttal = RebuttalFactory(body=THREE_PARAGRAPHS)
    rebuttal.body = THREE_PARAGRAPHS.replace("\n", "\r\n")
    rebuttal.save()
    latest, previous = rebuttal.history.order_by("-history_date")[:2]
    assert latest.diff_against(previous).changes == []


def test_every_content_text_field_is_normalised():
    text_fields = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("content").get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and not isinstance(field, NormalisedTextField)
    ]
    assert text_fields == []


def test_model_form_sees_crlf_of_the_stored_text_as_unchanged():
    section = SectionFactory(intro="Line one.\nLine two.")
    form_class = modelform_factory(Section, fields=["intro"])
    form = form_class({"intro": "Line one.\r\nLine two."}, instance=section)
    assert form.is_valid()
    assert not form.has_changed()
    assert form.cleaned_data["intro"] == "Line one.\nLine two."
    changed = form_class({"intro": "Line one.\rLine three."}, instance=section)
    assert changed.is_valid() and changed.changed_data == ["intro"]
    assert changed.save().intro == "Line one.\nLine three."


def test_an_imported_export_with_crlf_is_stored_with_lf():
    document = SourceDocument.objects.create(title="Doc", slug="line-endings-doc", intro="Intro")
    section = SectionFactory(document=document, is_published=False)
    RebuttalFactory(claim=ClaimFactory(section=section, is_published=False), body=THREE_PARAGRAPHS)
    data = json.loads(content_export())
    entry = next(d for d in data["documents"] if d["slug"] == "line-endings-doc")
    entry["intro"] = "Intro,\r\nover two lines."
    rebuttal = entry["sections"][0]["claims"][0]["rebuttal"]
    rebuttal["body"] = rebuttal["body"].replace("\n", "\r\n")
    content_import(json.dumps({**data, "documents": [entry]}))
    document.refresh_from_db()
    assert document.intro == "Intro,\nover two lines."
    assert Rebuttal.objects.get(claim__section=section).body == THREE_PARAGRAPHS
