"""Helpers of the quiz services' tests: submitting a step's answer through the service, as its learner."""

from quiz import services
from tests.helpers import answers_for


def submit(attempt, step, learner=None, **kwargs):
    return services.answer_submit(
        learner=learner or attempt.learner,
        attempt_id=attempt.public_id,
        step=step,
        answer=kwargs.pop("answer", None) or answers_for(attempt, step, **kwargs),
    )
