"""Why a quiz action was refused: exceptions whose message a learner can read."""


class QuizUnavailable(Exception):
    """The quiz cannot be taken now; the message says why, in words a learner understands."""


class AnswerRefused(Exception):
    """An answer that was not recorded. Nothing changed; `message` tells the learner why."""

    def __init__(self, message: str, *, code: str, status: int = 409, field: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field  # the form field at fault: "choice", or a matching item's token
