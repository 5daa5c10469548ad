"""Content models: a source document, its sections, claims, rebuttals, references and statements; techniques; the pool.

Each lives in the module of its subject; they are all imported from here, as `content.models`.
"""

from content.models.base import LANGUAGE_TAG, ImportTracked, PublishableQuerySet, TimeStamped
from content.models.documents import (
    Claim,
    ClaimQuerySet,
    Rebuttal,
    Reference,
    ReferenceQuerySet,
    Section,
    SectionQuerySet,
    SourceDocument,
    Statement,
    StatementQuerySet,
)
from content.models.held_out import HeldOutItem, HeldOutItemQuerySet
from content.models.techniques import (
    ClaimTechnique,
    Technique,
    TechniqueExample,
    TechniqueExampleQuerySet,
    TechniqueFamily,
)
from content.versions import ContentVersion, VersionedQuerySet

__all__ = [
    "LANGUAGE_TAG",
    "Claim",
    "ClaimQuerySet",
    "ClaimTechnique",
    "ContentVersion",  # a model of this app, defined with the version it holds
    "HeldOutItem",
    "HeldOutItemQuerySet",
    "ImportTracked",
    "PublishableQuerySet",
    "Rebuttal",
    "Reference",
    "ReferenceQuerySet",
    "Section",
    "SectionQuerySet",
    "SourceDocument",
    "Statement",
    "StatementQuerySet",
    "Technique",
    "TechniqueExample",
    "TechniqueExampleQuerySet",
    "TechniqueFamily",
    "TimeStamped",
    "VersionedQuerySet",
]
