"""Fixtures of the content tests: a client signed in as the editor."""

import pytest


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client
