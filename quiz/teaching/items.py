"""Item analysis a teacher can act on, read from the tallies: per-item figures, what learners answered, quiz figures.

Everything comes from the item tallies (`quiz.teaching.tallies`): the groups of the cohort's graded attempts
at one quiz, started while the learner was a member, counted as they finish, so a report reads a few
hundred rows whatever the number of answers. The page's `item_report` takes two queries: one reads the
tallies — attempts by score, answers by (item, right or wrong, rest score, what was answered) and by item
position: all that facility, DI, DE, the response analysis, the score distribution and alpha need — and
one the items' current wording. `item_analysis` (item figures only) and `quiz_summary` (the quiz as a
whole) can also be had alone. What an item's figures mean and flag is in `item_stats`; the quiz-level
figures are worked out in `item_summary`.
"""

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from content.models import Claim, Statement
from quiz import scoring
from quiz.models import Cohort, Quiz
from quiz.teaching.item_stats import (
    CertaintyRow,
    Choice,
    ItemStats,
    item_figures,
)
from quiz.teaching.item_summary import QuizSummary, score_bands, summary_from_counts
from quiz.teaching.models import AttemptTally, Basis, ItemTally, PositionTally
from quiz.teaching.sql import fetch


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


def _attempt_counts(*, cohort: Cohort, quiz: Quiz, first_only: bool) -> list[dict]:
    where, params = _where(cohort=cohort, quiz=quiz, first_only=first_only)
    return fetch(f"SELECT max_score, score, percent, n FROM {AttemptTally._meta.db_table} {where}", params)


def score_distribution(*, cohort: Cohort, quiz: Quiz, first_only: bool = True) -> list[int]:
    """How many of the chosen attempts scored 0–9 %, 10–19 %, …, 90–100 % (ten counts). One query."""
    return score_bands(_attempt_counts(cohort=cohort, quiz=quiz, first_only=first_only))


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
    return summary_from_counts(
        counts,
        stats=stats,
        positions=lambda k: _position_counts(cohort=cohort, quiz=quiz, first_only=first_only, k=k),
    )


def _position_counts(*, cohort: Cohort, quiz: Quiz, first_only: bool, k: int) -> dict[int, tuple[int, int]]:
    """{position: (answers, right answers)} over the attempts of k items. One query."""
    where, params = _where(cohort=cohort, quiz=quiz, first_only=first_only)
    sql = f"""
        SELECT position, SUM(n) AS n, SUM(n * x) AS right_answers FROM {PositionTally._meta.db_table}
        {where} AND max_score = %s GROUP BY position
    """
    return {row["position"]: (row["n"], row["right_answers"]) for row in fetch(sql, [*params, k])}


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
    summary = summary_from_counts(counts, stats=stats, positions=lambda k: by_size.get(k, {}))
    return ItemReport(summary=summary, items=stats)
