"""What every content model builds on: creation and change times, the import's digest, the language tag."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from content.versions import VersionedQuerySet

# A BCP 47 language tag as HTML's lang attribute takes it: "en", "fr", "en-GB", "pt-BR".
LANGUAGE_TAG = RegexValidator(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", _("Enter a language tag such as en, fr or en-GB.")
)


class TimeStamped(models.Model):
    """Creation and last-change times for every content row."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ImportTracked(models.Model):
    """Remembers what the importer last wrote, so a re-import can tell an editor's change from its own.

    ``import_digest`` is the digest of the imported fields as the importer last wrote them.
    Empty means the row was written by an editor (or loaded from a reviewed export): the
    importer then leaves it alone unless forced.
    """

    IMPORTED_FIELDS: tuple[str, ...] = ()

    import_digest = models.CharField(_("import digest"), max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def imported_values(self) -> dict:
        return {name: getattr(self, name) for name in self.IMPORTED_FIELDS}


class PublishableQuerySet(VersionedQuerySet):
    def published(self):
        return self.filter(is_published=True)
