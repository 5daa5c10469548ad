"""A text field that keeps line endings as LF, whatever sent the text (browsers, files, the shell)."""

from django import forms
from django.db import models
from django.db.models.query_utils import DeferredAttribute


def normalise_newlines(value):
    """CRLF and lone CR as LF; anything that is not a string is returned as it is."""
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


class NormalisedCharFormField(forms.CharField):
    """A form field whose cleaned value has LF line endings.

    Browsers submit textareas with CRLF: normalising here is what lets `has_changed` see an
    untouched field as unchanged, so saving a form never rewrites it or records a change in its history.
    """

    def to_python(self, value):
        return super().to_python(normalise_newlines(value))


class NormalisedTextAttribute(DeferredAttribute):
    """Normalises on assignment, so the instance, its import digest and its history all hold the stored text."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = normalise_newlines(value)


class NormalisedTextField(models.TextField):
    """A TextField whose text is stored with LF line endings only (CRLF and lone CR become LF)."""

    descriptor_class = NormalisedTextAttribute

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NormalisedCharFormField, **kwargs})
