"""Every model can be imported from the module it names (as `manage.py shell` and pickling do), history models too."""

import importlib

from django.apps import apps


def test_every_model_is_found_in_its_own_module():
    for model in apps.get_models():
        module = importlib.import_module(model.__module__)
        assert getattr(module, model.__name__, None) is model, model._meta.label
