"""Fixtures of the quiz tests: a test client signed in as the learner."""

import pytest


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client
