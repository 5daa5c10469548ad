"""App configuration for the content app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")

    def ready(self):
        from content import models, versions
        from content.languages import connect_signals

        connect_signals()
        versions.connect(
            models.SourceDocument,
            models.Section,
            models.Claim,
            models.Rebuttal,
            models.Reference,
            models.Statement,
            models.TechniqueFamily,
            models.Technique,
            models.ClaimTechnique,
            models.TechniqueExample,
            models.HeldOutItem,
        )
