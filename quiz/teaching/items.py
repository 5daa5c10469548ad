"""Item analysis a teacher can act on: per-item figures and flags, what learners answered, quiz-level figures.

Everything comes from the item tallies (`quiz.teaching.tallies`): the groups of the cohort's graded attempts
at one quiz, started while the learner was a member, counted as they finish, so a report reads a few
hundred rows whatever the number of answers. The page's `item_report` takes two queries: one reads the
tallies — attempts by score, answers by (item, right or wrong, rest score, what was answered) and by item
position: all that facility, DI, DE, the response analysis, the score distribution and alpha need — and
one the items' current wording. `item_analysis` (item figures only) and `quiz_summary` (the quiz as a
whole) can also be had alone.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from content.models import Claim, Statement
from quiz import scoring
from quiz.models import Cohort, Quiz
from quiz.teaching.models import AttemptTally, Basis, ItemTally, PositionTally
from quiz.teaching.sql import fetch

MIN_RESPONSES = 5  # fewer answers than this and an item is not judged: no flags, "too few answers to judge"
TOO_EASY, TOO_HARD = 90, 20  # facility thresholds
DUBIOUS_DE = 15  # discriminative efficiency below this (or a negative DI) is "dubious"


@dataclass(frozen=True)
class Flag:
    name: str  # "dubious", "often confused", "too hard" or "too easy" (a code: `label` is the word shown)
    advice: str  # one sentence: what to do about it

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.name]


@dataclass
class Choice:
    """One answer given to a matching item, over every attempt: the fact picked (or none) and how often."""

    text: str  # the fact's words as learners saw them
    count: int
    role: str  # "right", "other" (the fact of another claim of the set), "decoy", "none" (no answer)
    claim_id: int | None = None  # the claim the picked fact answers
    claim_text: str = ""  # that claim's words, when it is one of this quiz's items
    share: float = 0.0  # 100 · count / responses

    @property
    def label(self) -> str:
        if self.role == "right":
            return _("The right fact")
        if self.role == "decoy":
            return _("The decoy")
        if self.role == "none":
            return _("No answer")
        return _("Another fact")


@dataclass
class CertaintyRow:
    """True/false answers to one statement given at one certainty level."""

    level: str  # "High", "Medium", "Low", or "Not given" (in the reader's language)
    said_true: int = 0
    said_false: int = 0
    no_answer: int = 0
    right: int = 0

    @property
    def total(self) -> int:
        return self.said_true + self.said_false + self.no_answer

    @property
    def right_rate(self) -> float:
        return 100 * self.right / self.total if self.total else 0.0


@dataclass
class ItemStats:
    """Classical test statistics of one item (a statement, or a claim to pair) over the chosen attempts."""

    prompt: str
    is_true: bool | None
    responses: int
    facility: float | None  # F = 100 · mean(x)
    discrimination: float | None  # DI = 100 · corr(x, R), R = score on the rest of the attempt
    efficiency: float | None  # DE = 100 · cov(x, R) / cov_max
    is_matching: bool = False
    statement_id: int | None = None  # true/false items that still have their statement
    claim_id: int | None = None  # the item's claim, when it still exists
    claim_published: bool = False  # whether the library shows the claim (and `content:claim-by-id` resolves)
    choices: list[Choice] = field(default_factory=list)  # matching: which fact was picked
    by_certainty: list[CertaintyRow] = field(default_factory=list)  # true/false: answers per certainty level
    key: tuple = field(default=(None, None), repr=False, compare=False)  # (statement/claim id, orphan wording)

    @property
    def too_few(self) -> bool:
        return self.responses < MIN_RESPONSES

    @property
    def flags(self) -> list[str]:
        return [flag.name for flag in self.advice]

    @property
    def advice(self) -> list[Flag]:
        """Each flag with one sentence on what to do; none under MIN_RESPONSES answers."""
        if self.too_few:
            return []
        flags = []
        if self.discrimination is not None and self.discrimination < 0:
            if self.is_matching:
                advice = _(
                    "Stronger learners pair this wrong more often than weaker ones: "
                    "check that its fact answers this claim and no other."
                )
            else:
                advice = _(
                    "Stronger learners get this wrong more often than weaker ones: "
                    "check the statement and its key for ambiguity."
                )
            flags.append(Flag("dubious", advice))
        elif self.efficiency is not None and self.efficiency < DUBIOUS_DE:
            if self.is_matching:
                advice = _(
                    "It hardly tells learners who know the facts from those who do not: check that its fact "
                    "does not echo the claim’s words and that no other fact fits it too."
                )
            else:
                advice = _(
                    "It hardly tells learners who know the facts from those who do not: look for a cue or a "
                    "second reading in the wording and rewrite it."
                )
            flags.append(Flag("dubious", advice))
        confused = self.confused_with
        if confused is not None:
            fact = {"fact": _short(confused.text)}
            if confused.role == "decoy":
                advice = _(
                    "More learners pick the decoy, “%(fact)s”, than the right fact for this claim: "
                    "discuss the difference between the two facts."
                )
            else:
                advice = _(
                    "More learners pick another fact, “%(fact)s”, than the right fact for this claim: "
                    "discuss the difference between the two facts."
                )
            flags.append(Flag("often confused", advice % fact))
        if self.facility is not None and self.facility > TOO_EASY:
            if self.is_matching:
                advice = _(
                    "Nearly everyone gets this right: it checks little; check that its fact does not echo "
                    "the claim’s words."
                )
            else:
                advice = _("Nearly everyone gets this right: it checks little; consider a harder statement.")
            flags.append(Flag("too easy", advice))
        if self.facility is not None and self.facility < TOO_HARD:
            if self.is_matching:
                advice = _(
                    "Fewer than one in five get this right: check that its fact answers this claim, then go over "
                    "the claim and its fact with the group."
                )
            elif self.is_true is False:
                advice = _(
                    "Fewer than one in five get this right: check that the statement really is false, then go "
                    "over its rebuttal with the group."
                )
            elif self.is_true:
                advice = _(
                    "Fewer than one in five get this right: check that the statement really is true and plainly "
                    "put, then go over the fact with the group."
                )
            else:
                advice = _(
                    "Fewer than one in five get this right: check the statement and its key, then go over the "
                    "fact with the group."
                )
            flags.append(Flag("too hard", advice))
        return flags

    @property
    def confused_with(self) -> Choice | None:
        """Matching: the wrong fact picked more often than the right one, if any (the most picked)."""
        right = sum(c.count for c in self.choices if c.role == "right")
        wrong = [c for c in self.choices if c.role in ("other", "decoy")]
        top = max(wrong, key=lambda c: c.count, default=None)
        return top if top is not None and top.count > right else None

    @property
    def attention(self) -> tuple:
        """Sort key, most in need of attention first: dubious, often confused, too hard, too easy, the rest
        by lowest DE then DI; items with too few answers to judge last."""
        flags = self.flags
        if self.too_few:
            group = 5
        else:
            group = next((rank for rank, name in enumerate(FLAG_ORDER) if name in flags), len(FLAG_ORDER))
        lowest = math.inf
        return (
            group,
            lowest if self.efficiency is None else self.efficiency,
            lowest if self.discrimination is None else self.discrimination,
            self.prompt,
        )


FLAG_ORDER = ("dubious", "often confused", "too hard", "too easy")
# The flags' names are codes (sorted on, tested); these are the words shown for them.
FLAG_LABELS = {
    "dubious": pgettext_lazy("item flag", "dubious"),
    "often confused": pgettext_lazy("item flag", "often confused"),
    "too hard": pgettext_lazy("item flag", "too hard"),
    "too easy": pgettext_lazy("item flag", "too easy"),
}


def _short(text: str, words: int = 12) -> str:
    """The first words of a fact, to quote it inside a sentence (no closing full stop)."""
    parts = text.split()
    return " ".join(parts[:words]) + "…" if len(parts) > words else " ".join(parts).rstrip(".")


def item_figures(*, n: int, sx: float, sxx: float, sr: float, srr: float, sxr: float, top_r: float):
    """F, DI and DE from the sums of x (item score, 0–1), R (rest score), x², R², xR and the top-k R sum.

    cov_max pairs the k best rest scores with the k correct answers (x and R each sorted), which is
    the largest covariance these marginals allow (rearrangement inequality), so DE ≤ 100. cov_max is
    never negative (the k best R values average at least mean R), and DE = cov / cov_max has no fixed
    floor: cov can go as low as pairing the right answers with the k *worst* rest scores, which may be
    several times −cov_max (x = 1,0,0,0 with R = 0,3,3,3 gives DE = −300). DI, a correlation, stays
    within −100…+100. A figure that would divide by zero is None.
    """
    if n == 0:
        return None, None, None
    mean_x, mean_r = sx / n, sr / n
    var_x, var_r = sxx / n - mean_x**2, srr / n - mean_r**2
    cov = sxr / n - mean_x * mean_r
    cov_max = top_r / n - mean_x * mean_r
    facility = 100 * mean_x
    discrimination = 100 * cov / math.sqrt(var_x * var_r) if var_x > 1e-12 and var_r > 1e-12 else None
    efficiency = 100 * cov / cov_max if cov_max > 1e-12 else None
    return facility, discrimination, efficiency


def _where(*, cohort: Cohort, quiz: Quiz, first_only: bool) -> tuple[str, list]:
    """The tallies of one report: the cohort, the quiz and the basis."""
    basis = Basis.FIRST if first_only else Basis.ALL
    return "WHERE cohort_id = %s AND quiz_id = %s AND basis = %s", [cohort.pk, quiz.pk, basis.value]


def _tally_sql(model, *, columns: dict[str, str], part: int) -> str:
    """One tally's rows as the report's columns (typed NULL where it has none, as PostgreSQL's UNION needs;
    sentinels read back as NULL)."""
    names = ", ".join(
        f"{columns.get(name, f'CAST(NULL AS {kind})')} AS {name}" for name, kind in REPORT_COLUMNS.items()
    )
    return f"SELECT {part} AS part, {names}, n FROM {model._meta.db_table}"


# The columns of the report's rows and their types: attempts (part 0), answers by item (1), by position (2).
REPORT_COLUMNS = {
    **dict.fromkeys(("max_score", "score", "percent", "position", "item_key"), "integer"),
    "orphan": "text",
    **dict.fromkeys(("x", "r"), "integer"),
    "choice": "text",
    **dict.fromkeys(("certainty", "picked_claim", "is_decoy", "is_true"), "integer"),
    **dict.fromkeys(("text", "own_fact"), "text"),
}
ITEM_COLUMNS = {
    "item_key": "NULLIF(item_key, 0)",
    "orphan": "NULLIF(orphan, '')",
    "x": "x",
    "r": "r",
    "choice": "choice",
    "certainty": "NULLIF(certainty, -1)",
    "picked_claim": "NULLIF(picked_claim, 0)",
    "is_decoy": "NULLIF(is_decoy, -1)",
    "is_true": "NULLIF(is_true, -1)",
    "text": "text",
    "own_fact": "own_fact",
}


def _report_counts(*, cohort: Cohort, quiz: Quiz, first_only: bool):
    """(attempt counts, answer counts by item, {k: {position: (answers, right answers)}}), from the tallies in
    one query: a few hundred rows whatever the number of answers."""
    where, params = _where(cohort=cohort, quiz=quiz, first_only=first_only)
    parts = [
        _tally_sql(AttemptTally, columns={"max_score": "max_score", "score": "score", "percent": "percent"}, part=0),
        _tally_sql(ItemTally, columns=ITEM_COLUMNS, part=1),
        _tally_sql(PositionTally, columns={"max_score": "max_score", "position": "position", "x": "x"}, part=2),
    ]
    attempts, by_item, by_size = [], [], {}
    for row in fetch(" UNION ALL ".join(f"{sql} {where}" for sql in parts), params * len(parts)):
        if row["part"] == 0:
            attempts.append(row)
        elif row["part"] == 1:
            by_item.append(row)
        else:
            by_position = by_size.setdefault(row["max_score"], {})
            seen, right = by_position.get(row["position"], (0, 0))
            by_position[row["position"]] = (seen + row["n"], right + row["n"] * row["x"])
    return attempts, by_item, by_size


def _item_stats(*, quiz: Quiz, rows: list[dict], responses: bool = True) -> list[ItemStats]:
    """One ItemStats per item from the counted answers, with what learners answered when the rows have it
    (`_report_counts`). One query: the items' current wording."""
    cells: dict[tuple, list[dict]] = {}
    for row in rows:
        cells.setdefault((row["item_key"], row["orphan"]), []).append(row)
    keys = [k for k, _ in cells if k]
    # pk -> (wording, is_true, claim id, claim shown in the library)
    if quiz.is_matching or quiz.is_technique:  # items keyed by claim (a technique quiz's examples are orphans)
        current = {
            pk: (text, None, pk, published and section_published)
            for pk, text, published, section_published in Claim.objects.filter(pk__in=keys).values_list(
                "pk", "text", "is_published", "section__is_published"
            )
        }
    else:
        current = {
            pk: (text, is_true, claim_id, bool(published and section_published))
            for pk, text, is_true, claim_id, published, section_published in Statement.objects.filter(
                pk__in=keys
            ).values_list("pk", "text", "is_true", "claim_id", "claim__is_published", "claim__section__is_published")
        }
    stats = []
    for (item_key, orphan), item_rows in cells.items():
        n = sum(r["n"] for r in item_rows)
        sx = sum(r["n"] * r["x"] for r in item_rows)
        sr = sum(r["n"] * r["r"] for r in item_rows)
        srr = sum(r["n"] * r["r"] ** 2 for r in item_rows)
        sxr = sum(r["n"] * r["x"] * r["r"] for r in item_rows)
        figures = item_figures(n=n, sx=sx, sxx=sx, sr=sr, srr=srr, sxr=sxr, top_r=_top_sum(item_rows, k=sx))
        item = ItemStats("", None, n, *figures, is_matching=quiz.is_matching, key=(item_key, orphan))
        if item_key is not None and item_key in current:
            item.prompt, item.is_true, item.claim_id, item.claim_published = current[item_key]
            if quiz.is_true_false:
                item.statement_id = item_key
        elif item_key is not None:  # deleted between the two queries
            item.prompt = ""
        else:
            flags = {r["is_true"] for r in item_rows if r["is_true"] is not None}
            item.prompt, item.is_true = orphan or "", (bool(max(flags)) if flags else None)
        stats.append(item)
    by_key = {item.key: item for item in stats}
    if responses and quiz.is_matching:
        _matching_choices(rows, by_key)
    elif responses and quiz.is_true_false:  # technique quizzes: the cohort's techniques page has the confusions
        _certainty_rows(rows, by_key)
    return sorted(stats, key=lambda s: s.attention)


def item_analysis(*, cohort: Cohort, quiz: Quiz, first_only: bool = True) -> list[ItemStats]:
    """One row per item of the quiz: responses, facility, discrimination and efficiency. Two queries.

    The item figures alone, without what learners answered (`item_report` has both). The tallies count
    responses per (item, x, R) — x the item score (0/1), R the score on the rest of the attempt, a small
    whole number — so every sum the figures need, including the sum of the k highest R values behind
    cov_max, comes from a few rows per item instead of one per answer. The items come in order of need
    for attention (`ItemStats.attention`).
    """
    where, params = _where(cohort=cohort, quiz=quiz, first_only=first_only)
    sql = f"""
        SELECT NULLIF(item_key, 0) AS item_key, NULLIF(orphan, '') AS orphan, x, r, NULLIF(is_true, -1) AS is_true,
               SUM(n) AS n
        FROM {ItemTally._meta.db_table} {where}
        GROUP BY item_key, orphan, x, r, is_true
    """
    return _item_stats(quiz=quiz, rows=fetch(sql, params), responses=False)


def _top_sum(rows: list[dict], *, k: int) -> int:
    """The sum of the k largest R values, from counts of each R value."""
    by_r: dict[int, int] = {}
    for row in rows:
        by_r[row["r"]] = by_r.get(row["r"], 0) + row["n"]
    total = 0
    for r in sorted(by_r, reverse=True):
        take = min(k, by_r[r])
        total += take * r
        k -= take
        if k == 0:
            break
    return total


# --- Response analysis ------------------------------------------------------------------------


CERTAINTY_LEVELS = [
    (scoring.Certainty.HIGH, pgettext_lazy("certainty", "High")),
    (scoring.Certainty.MEDIUM, pgettext_lazy("certainty", "Medium")),
    (scoring.Certainty.LOW, pgettext_lazy("certainty", "Low")),
    (None, pgettext_lazy("certainty", "Not given")),
]


def _matching_choices(rows: list[dict], by_key: dict[tuple, ItemStats]) -> None:
    claim_words = {item.claim_id: item.prompt for item in by_key.values() if item.claim_id}
    picks: dict[tuple, dict[tuple, Choice]] = {}
    own_fact: dict[tuple, str] = {}
    for row in rows:
        key = (row["item_key"], row["orphan"])
        if key not in by_key:
            continue
        own_fact[key] = row["own_fact"] or own_fact.get(key, "")
        if row["x"]:
            role = "right"
        elif row["is_decoy"] is None:
            role = "none"
        else:
            role = "decoy" if row["is_decoy"] else "other"
        claim_id = {"none": None, "right": row["item_key"]}.get(role, row["picked_claim"])
        choice = picks.setdefault(key, {}).setdefault(
            (role, claim_id),
            Choice(
                text=row["text"] or ("" if role == "none" else row["own_fact"] or ""),
                count=0,
                role=role,
                claim_id=None if claim_id is None else int(claim_id),
                claim_text=claim_words.get(claim_id, "") if role != "right" else by_key[key].prompt,
            ),
        )
        choice.count += row["n"]
    order = {"right": 0, "other": 1, "decoy": 1, "none": 2}
    for key, item in by_key.items():
        choices = list(picks.get(key, {}).values())
        if not any(c.role == "right" for c in choices):  # nobody picked it: still shown, with 0
            choices.append(Choice(text=own_fact.get(key, ""), count=0, role="right", claim_text=item.prompt))
        for choice in choices:
            choice.share = 100 * choice.count / item.responses if item.responses else 0.0
        item.choices = sorted(choices, key=lambda c: (order[c.role], -c.count, c.text))


def _certainty_rows(rows: list[dict], by_key: dict[tuple, ItemStats]) -> None:
    levels: dict[tuple, dict] = {}
    for row in rows:
        key = (row["item_key"], row["orphan"])
        if key not in by_key:
            continue
        line = levels.setdefault(key, {}).setdefault(row["certainty"], CertaintyRow(level=""))
        if row["choice"] == "true":
            line.said_true += row["n"]
        elif row["choice"] == "false":
            line.said_false += row["n"]
        else:
            line.no_answer += row["n"]
        line.right += row["n"] * row["x"]
    for key, item in by_key.items():
        found = levels.get(key, {})
        item.by_certainty = []
        for value, name in CERTAINTY_LEVELS:
            line = found.get(None if value is None else int(value))
            if line is not None:
                line.level = name
                item.by_certainty.append(line)


# --- The quiz as a whole ----------------------------------------------------------------------


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


def _attempt_counts(*, cohort: Cohort, quiz: Quiz, first_only: bool) -> list[dict]:
    where, params = _where(cohort=cohort, quiz=quiz, first_only=first_only)
    return fetch(f"SELECT max_score, score, percent, n FROM {AttemptTally._meta.db_table} {where}", params)


def _bands(counts: list[dict]) -> list[int]:
    bands = [0] * 10
    for row in counts:
        bands[min(9, int(row["percent"]) // 10)] += row["n"]
    return bands


def score_distribution(*, cohort: Cohort, quiz: Quiz, first_only: bool = True) -> list[int]:
    """How many of the chosen attempts scored 0–9 %, 10–19 %, …, 90–100 % (ten counts). One query."""
    return _bands(_attempt_counts(cohort=cohort, quiz=quiz, first_only=first_only))


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


def quiz_summary(
    *, cohort: Cohort, quiz: Quiz, first_only: bool = True, stats: list[ItemStats] | None = None
) -> QuizSummary:
    """Attempts, mean, median and standard deviation of the scores, and Cronbach's alpha. One or two queries.

    Alpha is KR-20: k/(k−1) · (1 − Σ p_j·q_j / σ²), with p_j the share right of item j and σ² the
    variance of the attempts' scores (both over n). Attempts usually draw different items from the
    bank, so the n-th item is not the same statement or claim for everyone. When every attempt held
    the same k items (`stats`, from `item_analysis`, shows each of k items in every attempt: the bank
    is no larger than the quiz), alpha is computed over those items, with no further query.
    Otherwise it is computed over item *positions* — each attempt's 1st, 2nd, … item counts as one
    item, as Moodle does for random questions — on the attempts with the most common number of items
    k (several appear when the quiz's item count was changed). Different items mixed in one position
    make that position's p·q larger than its items' average, so this alpha errs low.
    """
    counts = _attempt_counts(cohort=cohort, quiz=quiz, first_only=first_only)
    return _summary(
        counts,
        stats=stats,
        positions=lambda k: _position_counts(cohort=cohort, quiz=quiz, first_only=first_only, k=k),
    )


def _most_common_size(counts: list[dict]) -> int:
    """k: the most common number of items per attempt (the larger on a tie), 0 without attempts."""
    per_size: dict[int, int] = {}
    for row in counts:
        per_size[row["max_score"]] = per_size.get(row["max_score"], 0) + row["n"]
    return max(per_size, key=lambda size: (per_size[size], size), default=0)


def _position_counts(*, cohort: Cohort, quiz: Quiz, first_only: bool, k: int) -> dict[int, tuple[int, int]]:
    """{position: (answers, right answers)} over the attempts of k items. One query."""
    where, params = _where(cohort=cohort, quiz=quiz, first_only=first_only)
    sql = f"""
        SELECT position, SUM(n) AS n, SUM(n * x) AS right_answers FROM {PositionTally._meta.db_table}
        {where} AND max_score = %s GROUP BY position
    """
    return {row["position"]: (row["n"], row["right_answers"]) for row in fetch(sql, [*params, k])}


def _summary(counts: list[dict], *, stats: list[ItemStats] | None, positions) -> QuizSummary:
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
        distribution=_bands(counts),
        alpha_reason=reason,
    )


@dataclass
class ItemReport:
    summary: QuizSummary
    items: list[ItemStats]  # most in need of attention first


def item_report(*, cohort: Cohort, quiz: Quiz, first_only: bool = True) -> ItemReport:
    """Everything the item analysis page shows, in two queries whatever the size of the cohort.

    One reads the tallies of the cohort, quiz and basis (attempts by score, answers by item, answer and rest
    score, answers by item position: `_report_counts`); the other the items' current wording.
    """
    counts, rows, by_size = _report_counts(cohort=cohort, quiz=quiz, first_only=first_only)
    stats = _item_stats(quiz=quiz, rows=rows)
    summary = _summary(counts, stats=stats, positions=lambda k: by_size.get(k, {}))
    return ItemReport(summary=summary, items=stats)
