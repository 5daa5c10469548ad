"""App configuration for the content app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")

    def ready(self):
        from content import models, versions
        from content.history import home_history_models
        from content.languages import connect_signals

        home_history_models(self)  # the models are a package
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
