"""Item analysis a teacher can act on: per-item figures and flags, what learners answered, quiz-level figures.

Everything comes from aggregate SQL over the cohort's graded attempts at one quiz, started while the
learner was a member (`_chosen_attempts_sql`), in a fixed number of queries whatever the number of
items, learners or answers: three for the item figures (`item_analysis`), one for the response
analysis (`attach_responses`), one or two for the quiz as a whole (`quiz_summary`).
"""

import math
from dataclasses import dataclass, field

from django.db import connection

from content.models import Claim, Statement
from quiz import scoring
from quiz.models import Cohort, Quiz
from quiz.teaching.sql import ATTEMPT, ITEM, MEMBERSHIP, fetch

MIN_RESPONSES = 5  # fewer answers than this and an item is not judged: no flags, "too few answers to judge"
TOO_EASY, TOO_HARD = 90, 20  # facility thresholds
DUBIOUS_DE = 15  # discriminative efficiency below this (or a negative DI) is "dubious"


@dataclass(frozen=True)
class Flag:
    name: str  # "dubious", "often confused", "too hard" or "too easy"
    advice: str  # one sentence: what to do about it


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
        return {"right": "The right fact", "decoy": "The decoy", "none": "No answer"}.get(self.role, "Another fact")


@dataclass
class CertaintyRow:
    """True/false answers to one statement given at one certainty level."""

    level: str  # "High", "Medium", "Low", or "Not given"
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
            flags.append(
                Flag(
                    "dubious",
                    "Stronger learners pair this wrong more often than weaker ones: "
                    "check that its fact answers this claim and no other."
                    if self.is_matching
                    else "Stronger learners get this wrong more often than weaker ones: "
                    "check the statement and its key for ambiguity.",
                )
            )
        elif self.efficiency is not None and self.efficiency < DUBIOUS_DE:
            fix = (
                "check that its fact does not echo the claim’s words and that no other fact fits it too."
                if self.is_matching
                else "look for a cue or a second reading in the wording and rewrite it."
            )
            flags.append(Flag("dubious", f"It hardly tells learners who know the facts from those who do not: {fix}"))
        confused = self.confused_with
        if confused is not None:
            what = "the decoy" if confused.role == "decoy" else "another fact"
            flags.append(
                Flag(
                    "often confused",
                    f"More learners pick {what}, “{_short(confused.text)}”, than the right fact for this claim: "
                    "discuss the difference between the two facts.",
                )
            )
        if self.facility is not None and self.facility > TOO_EASY:
            fix = (
                "check that its fact does not echo the claim’s words."
                if self.is_matching
                else "consider a harder statement."
            )
            flags.append(Flag("too easy", f"Nearly everyone gets this right: it checks little; {fix}"))
        if self.facility is not None and self.facility < TOO_HARD:
            if self.is_matching:
                fix = "check that its fact answers this claim, then go over the claim and its fact with the group."
            elif self.is_true is False:
                fix = "check that the statement really is false, then go over its rebuttal with the group."
            elif self.is_true:
                fix = "check that the statement really is true and plainly put, then go over the fact with the group."
            else:
                fix = "check the statement and its key, then go over the fact with the group."
            flags.append(Flag("too hard", f"Fewer than one in five get this right: {fix}"))
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


def _chosen_attempts_sql(*, first_only: bool) -> str:
    """The cohort's graded attempts at one quiz (params: cohort, quiz, False): all, or each learner's first.

    Only attempts started while the learner was a member of the cohort, and never practice.
    """
    graded = f"""
        FROM {ATTEMPT} a
        JOIN {MEMBERSHIP} m ON m.learner_id = a.learner_id AND m.cohort_id = %s AND a.started_at >= m.joined_at
        WHERE a.quiz_id = %s AND a.finished_at IS NOT NULL AND a.is_practice = %s
    """
    if not first_only:
        return f"SELECT a.id, a.score, a.percent, a.max_score {graded}"
    numbered = f"""
        SELECT a.id, a.score, a.percent, a.max_score,
               ROW_NUMBER() OVER (PARTITION BY a.learner_id ORDER BY a.finished_at, a.id) AS nth
        {graded}
    """
    return f"SELECT id, score, percent, max_score FROM ({numbered}) numbered WHERE nth = 1"


def _params(cohort: Cohort, quiz: Quiz) -> list:
    return [cohort.pk, quiz.pk, False]


def item_analysis(*, cohort: Cohort, quiz: Quiz, first_only: bool = True) -> list[ItemStats]:
    """One row per item of the quiz: responses, facility, discrimination and efficiency. Three queries.

    The database counts responses per (item, x, R) — x the item score (0/1), R the score on the
    rest of the attempt, a small whole number — so every sum the figures need, including the sum of
    the k highest R values behind cov_max, comes from a few rows per item instead of one per answer.
    The items come in order of need for attention (`ItemStats.attention`).
    """
    key = "claim_id" if quiz.is_matching else "statement_id"
    chosen = _chosen_attempts_sql(first_only=first_only)
    # Items that still have their statement/claim: read from the covering index, never the wide rows.
    counted = f"""
        WITH chosen AS ({chosen})
        SELECT i.{key} AS item_key, NULL AS orphan,
               CASE WHEN i.is_correct THEN 1 ELSE 0 END AS x,
               c.score - CASE WHEN i.is_correct THEN 1 ELSE 0 END AS r,
               COUNT(*) AS n, NULL AS is_true
        FROM {ITEM} i JOIN chosen c ON c.id = i.attempt_id
        WHERE i.{key} IS NOT NULL
        GROUP BY 1, 3, 4
    """
    # Items whose statement/claim was deleted since: few, grouped by their frozen wording.
    orphans = f"""
        WITH chosen AS ({chosen})
        SELECT NULL AS item_key, i.prompt AS orphan,
               CASE WHEN i.is_correct THEN 1 ELSE 0 END AS x,
               c.score - CASE WHEN i.is_correct THEN 1 ELSE 0 END AS r,
               COUNT(*) AS n,
               MAX(CASE WHEN i.statement_is_true THEN 1 WHEN i.statement_is_true IS NULL THEN NULL ELSE 0 END)
                   AS is_true
        FROM {ITEM} i JOIN chosen c ON c.id = i.attempt_id
        WHERE i.{key} IS NULL
        GROUP BY 2, 3, 4
    """
    params = _params(cohort, quiz)
    cells: dict[tuple, list[dict]] = {}
    for row in fetch(counted, params) + fetch(orphans, params):
        cells.setdefault((row["item_key"], row["orphan"]), []).append(row)
    keys = [k for k, _ in cells if k]
    # pk -> (wording, is_true, claim id, claim shown in the library)
    if quiz.is_matching:
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
    for (item_key, orphan), rows in cells.items():
        n = sum(r["n"] for r in rows)
        sx = sum(r["n"] * r["x"] for r in rows)
        sr = sum(r["n"] * r["r"] for r in rows)
        srr = sum(r["n"] * r["r"] ** 2 for r in rows)
        sxr = sum(r["n"] * r["x"] * r["r"] for r in rows)
        figures = item_figures(n=n, sx=sx, sxx=sx, sr=sr, srr=srr, sxr=sxr, top_r=_top_sum(rows, k=sx))
        item = ItemStats("", None, n, *figures, is_matching=quiz.is_matching, key=(item_key, orphan))
        if item_key is not None and item_key in current:
            item.prompt, item.is_true, item.claim_id, item.claim_published = current[item_key]
            if not quiz.is_matching:
                item.statement_id = item_key
        elif item_key is not None:  # deleted between the two queries
            item.prompt = ""
        else:
            flags = {r["is_true"] for r in rows if r["is_true"] is not None}
            item.prompt, item.is_true = orphan or "", (bool(max(flags)) if flags else None)
        stats.append(item)
    return sorted(stats, key=lambda s: s.attention)


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


def _picked_option_sql(chosen: str) -> str:
    """Matching answers counted per (item, fact picked): the token looked up in the attempt's frozen options.

    Tokens are random per attempt, so the count groups by what the option stands for — the fact of
    which claim, and whether it was the set's decoy — read from `Attempt.options` in SQL (JSON functions
    differ: json_each on SQLite, jsonb_array_elements on PostgreSQL).
    """
    if connection.vendor == "postgresql":
        picked = (
            "LEFT JOIN LATERAL jsonb_array_elements(a.options -> CAST(i.step AS text)) o(value)"
            " ON o.value ->> 'token' = i.choice"
        )
        claim, decoy, text = (
            "CAST(o.value ->> 'claim_id' AS integer)",
            "CASE WHEN (o.value ->> 'is_decoy') = 'true' THEN 1 WHEN o.value IS NULL THEN NULL ELSE 0 END",
            "o.value ->> 'text'",
        )
    else:
        picked = (
            """LEFT JOIN json_each(a.options, '$."' || i.step || '"') o"""
            " ON json_extract(o.value, '$.token') = i.choice"
        )
        claim, decoy, text = (
            "json_extract(o.value, '$.claim_id')",
            "CASE WHEN json_extract(o.value, '$.is_decoy') THEN 1 WHEN o.value IS NULL THEN NULL ELSE 0 END",
            "json_extract(o.value, '$.text')",
        )
    return f"""
        WITH chosen AS ({chosen})
        SELECT i.claim_id AS item_key, CASE WHEN i.claim_id IS NULL THEN i.prompt END AS orphan,
               {claim} AS picked_claim, {decoy} AS is_decoy,
               CASE WHEN i.is_correct THEN 1 ELSE 0 END AS x,
               MAX({text}) AS text, MAX(i.rebuttal_summary) AS own_fact, COUNT(*) AS n
        FROM {ITEM} i JOIN chosen c ON c.id = i.attempt_id JOIN {ATTEMPT} a ON a.id = i.attempt_id
        {picked}
        GROUP BY 1, 2, 3, 4, 5
    """


CERTAINTY_LEVELS = [
    (scoring.Certainty.HIGH, "High"),
    (scoring.Certainty.MEDIUM, "Medium"),
    (scoring.Certainty.LOW, "Low"),
    (None, "Not given"),
]


def attach_responses(*, cohort: Cohort, quiz: Quiz, stats: list[ItemStats], first_only: bool = True) -> None:
    """Fill in each item's response analysis, in one query, then put the items back in order of attention.

    Matching: which fact was picked for each claim (the decoy included; no answer apart). True/false:
    "true" against "false" answers (and none) at each certainty level.
    """
    chosen = _chosen_attempts_sql(first_only=first_only)
    by_key = {item.key: item for item in stats}
    if quiz.is_matching:
        rows = fetch(_picked_option_sql(chosen), _params(cohort, quiz))
        _matching_choices(rows, by_key)
    else:
        sql = f"""
            WITH chosen AS ({chosen})
            SELECT i.statement_id AS item_key, CASE WHEN i.statement_id IS NULL THEN i.prompt END AS orphan,
                   i.choice AS choice, i.certainty AS certainty,
                   CASE WHEN i.is_correct THEN 1 ELSE 0 END AS x, COUNT(*) AS n
            FROM {ITEM} i JOIN chosen c ON c.id = i.attempt_id
            GROUP BY 1, 2, 3, 4, 5
        """
        rows = fetch(sql, _params(cohort, quiz))
        _certainty_rows(rows, by_key)
    stats.sort(key=lambda s: s.attention)


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
        claim_id = None if role == "none" else row["picked_claim"]
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
    alpha_note: str  # why alpha is missing, or "" when it was computed
    alpha_basis: str  # "items" (every attempt held the same items), "positions", or "" (not computed)
    alpha_items: int  # k: the items per attempt alpha is computed over
    alpha_attempts: int  # the attempts with k items, which alpha uses
    distribution: list[int]  # attempts per score band: 0–9 %, 10–19 %, …, 90–100 %


def _attempt_counts(*, cohort: Cohort, quiz: Quiz, first_only: bool) -> list[dict]:
    sql = f"""
        WITH chosen AS ({_chosen_attempts_sql(first_only=first_only)})
        SELECT max_score, score, percent, COUNT(*) AS n FROM chosen GROUP BY 1, 2, 3
    """
    return fetch(sql, _params(cohort, quiz))


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
    attempts = sum(r["n"] for r in counts)
    percents: dict[float, int] = {}
    for row in counts:
        percents[float(row["percent"])] = percents.get(float(row["percent"]), 0) + row["n"]
    mean = sum(p * n for p, n in percents.items()) / attempts if attempts else None
    sd = math.sqrt(sum(n * (p - mean) ** 2 for p, n in percents.items()) / (attempts - 1)) if attempts > 1 else None
    per_size: dict[int, int] = {}
    for row in counts:
        per_size[row["max_score"]] = per_size.get(row["max_score"], 0) + row["n"]
    k = max(per_size, key=lambda size: (per_size[size], size), default=0)
    sized = [r for r in counts if r["max_score"] == k]
    n = sum(r["n"] for r in sized)
    alpha, note, basis = None, "", ""
    if k < 2:
        note = "it needs at least 2 items per attempt."
    elif n < 2:
        note = "it needs at least 2 attempts."
    else:
        mean_score = sum(r["score"] * r["n"] for r in sized) / n
        variance = sum(r["n"] * (r["score"] - mean_score) ** 2 for r in sized) / n
        same_items = (
            stats is not None
            and len(per_size) == 1
            and len(stats) == k
            and all(s.responses == attempts and s.facility is not None for s in stats)
        )
        if variance < 1e-12:
            note = "every attempt has the same score, so the scores have no variance to explain."
        elif same_items:
            basis = "items"
            sum_pq = sum((s.facility / 100) * (1 - s.facility / 100) for s in stats)
            alpha = k / (k - 1) * (1 - sum_pq / variance)
        else:
            basis = "positions"
            positions = f"""
                WITH chosen AS ({_chosen_attempts_sql(first_only=first_only)})
                SELECT i.position AS position, COUNT(*) AS n,
                       SUM(CASE WHEN i.is_correct THEN 1 ELSE 0 END) AS right_answers
                FROM {ITEM} i JOIN chosen c ON c.id = i.attempt_id
                WHERE c.max_score = %s
                GROUP BY 1
            """
            sum_pq = 0.0
            for row in fetch(positions, [*_params(cohort, quiz), k]):
                p = row["right_answers"] / row["n"]
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
    )


@dataclass
class ItemReport:
    summary: QuizSummary
    items: list[ItemStats]  # most in need of attention first


def item_report(*, cohort: Cohort, quiz: Quiz, first_only: bool = True) -> ItemReport:
    """Everything the item analysis page shows, in at most six queries whatever the size of the cohort."""
    stats = item_analysis(cohort=cohort, quiz=quiz, first_only=first_only)
    attach_responses(cohort=cohort, quiz=quiz, stats=stats, first_only=first_only)
    summary = quiz_summary(cohort=cohort, quiz=quiz, first_only=first_only, stats=stats)
    return ItemReport(summary=summary, items=stats)
