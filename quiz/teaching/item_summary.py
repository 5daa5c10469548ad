"""The quiz as a whole in the item analysis: mean, median, SD, Cronbach's alpha and score bands, from counts."""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from quiz.teaching.item_stats import ItemStats


@dataclass
class QuizSummary:
    """Quiz-level figures over the chosen attempts, as Moodle's quiz statistics show them."""

    attempts: int
    mean: float | None  # of the scores, in percent
    median: float | None
    sd: float | None  # sample standard deviation (n − 1), as Moodle
    alpha: float | None  # Cronbach's alpha (KR-20 for 0/1 items), over items or item positions
    alpha_note: str  # why alpha is missing, or "" when it was computed (English; the page shows `alpha_missing`)
    alpha_basis: str  # "items" (every attempt held the same items), "positions", or "" (not computed)
    alpha_items: int  # k: the items per attempt alpha is computed over
    alpha_attempts: int  # the attempts with k items, which alpha uses
    distribution: list[int]  # attempts per score band: 0–9 %, 10–19 %, …, 90–100 %
    alpha_reason: str = ""  # why alpha is missing, as a code: "items", "attempts", "variance" ("" when computed)

    @property
    def alpha_missing(self) -> str:
        """The whole sentence saying why alpha is missing, in the reader's language ("" when it was computed)."""
        if self.alpha_reason == "items":
            return _("Cronbach’s alpha cannot be computed here: it needs at least 2 items per attempt.")
        if self.alpha_reason == "attempts":
            return _("Cronbach’s alpha cannot be computed here: it needs at least 2 attempts.")
        if self.alpha_reason == "variance":
            return _(
                "Cronbach’s alpha cannot be computed here: every attempt has the same score, so the scores "
                "have no variance to explain."
            )
        return ""


def score_bands(counts: list[dict]) -> list[int]:
    bands = [0] * 10
    for row in counts:
        bands[min(9, int(row["percent"]) // 10)] += row["n"]
    return bands


def _median(values: dict[float, int]) -> float | None:
    """The median of values given as {value: how many times}."""
    total = sum(values.values())
    if total == 0:
        return None
    middle = [(total - 1) // 2, total // 2]  # 0-based positions of the one or two middle values
    found, seen = [], 0
    for value in sorted(values):
        count = values[value]
        found += [value for position in middle if seen <= position < seen + count]
        seen += count
    return sum(found) / 2


def _most_common_size(counts: list[dict]) -> int:
    """k: the most common number of items per attempt (the larger on a tie), 0 without attempts."""
    per_size: dict[int, int] = {}
    for row in counts:
        per_size[row["max_score"]] = per_size.get(row["max_score"], 0) + row["n"]
    return max(per_size, key=lambda size: (per_size[size], size), default=0)


def summary_from_counts(counts: list[dict], *, stats: list[ItemStats] | None, positions) -> QuizSummary:
    """The quiz's figures from its attempts counted by (max_score, score, percent); `positions(k)` gives
    {position: (answers, right answers)}, asked for only when alpha goes by position."""
    attempts = sum(r["n"] for r in counts)
    percents: dict[float, int] = {}
    for row in counts:
        percents[float(row["percent"])] = percents.get(float(row["percent"]), 0) + row["n"]
    mean = sum(p * n for p, n in percents.items()) / attempts if attempts else None
    sd = math.sqrt(sum(n * (p - mean) ** 2 for p, n in percents.items()) / (attempts - 1)) if attempts > 1 else None
    sizes = {row["max_score"] for row in counts}
    k = _most_common_size(counts)
    sized = [r for r in counts if r["max_score"] == k]
    n = sum(r["n"] for r in sized)
    alpha, note, basis, reason = None, "", "", ""
    if k < 2:
        note, reason = "it needs at least 2 items per attempt.", "items"
    elif n < 2:
        note, reason = "it needs at least 2 attempts.", "attempts"
    else:
        mean_score = sum(r["score"] * r["n"] for r in sized) / n
        variance = sum(r["n"] * (r["score"] - mean_score) ** 2 for r in sized) / n
        same_items = (
            stats is not None
            and len(sizes) == 1
            and len(stats) == k
            and all(s.responses == attempts and s.facility is not None for s in stats)
        )
        if variance < 1e-12:
            note, reason = "every attempt has the same score, so the scores have no variance to explain.", "variance"
        elif same_items:
            basis = "items"
            sum_pq = sum((s.facility / 100) * (1 - s.facility / 100) for s in stats)
            alpha = k / (k - 1) * (1 - sum_pq / variance)
        else:
            basis = "positions"
            sum_pq = 0.0
            for seen, right in positions(k).values():
                p = right / seen
                sum_pq += p * (1 - p)
            alpha = k / (k - 1) * (1 - sum_pq / variance)
    return QuizSummary(
        attempts=attempts,
        mean=mean,
        median=_median(percents),
        sd=sd,
        alpha=alpha,
        alpha_note=note,
        alpha_basis=basis,
        alpha_items=k,
        alpha_attempts=n,
        distribution=score_bands(counts),
        alpha_reason=reason,
    )
