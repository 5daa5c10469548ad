"""Scores beyond the percent: discernment and bias of true/false answers, and the pass rule that uses them."""

from dataclasses import dataclass

# A lean of more than this many points towards one answer is worth telling the learner about.
BIAS_WORTH_SAYING = 25


@dataclass(frozen=True)
class Discernment:
    """Signal-detection view of true/false answers, in points from −100 to +100.

    ``discernment`` is the hit rate (true statements called true) minus the false-alarm rate (false
    statements called true): +100 tells every statement right, 0 is no better than one answer to
    everything. ``bias`` is the lean: +100 calls everything true, −100 calls everything false.
    Unanswered items count as wrong, as in the percent score.
    """

    discernment: int
    bias: int

    @classmethod
    def of(cls, *, trues: int, hits: int, falses: int, false_alarms: int) -> "Discernment | None":
        """None unless there were both true and false statements to tell apart."""
        if trues == 0 or falses == 0:
            return None
        hit_rate, false_alarm_rate = hits / trues, false_alarms / falses
        return cls(
            discernment=round(100 * (hit_rate - false_alarm_rate)),
            bias=round(100 * (hit_rate + false_alarm_rate - 1)),
        )


def passes(*, percent: int, pass_mark: int, signal: Discernment | None, min_discernment: int) -> bool:
    """The percent must reach the pass mark and, for true/false, discernment its minimum."""
    if percent < pass_mark:
        return False
    return signal is None or signal.discernment >= min_discernment


def bias_words(bias: int | None) -> str:
    """The lean in plain words, or "" when there is none worth saying."""
    if bias is None or abs(bias) <= BIAS_WORTH_SAYING:
        return ""
    if bias < 0:
        return "You called most statements false: you doubt true facts too."
    return "You called most statements true: you accept false claims too."


def bias_label(bias: int | None) -> str:
    """The lean described for an instructor: "" when there is none to speak of."""
    if bias is None or abs(bias) <= BIAS_WORTH_SAYING:
        return ""
    return "calls most statements false (doubts true facts)" if bias < 0 else (
        "calls most statements true (accepts false claims)"
    )
