"""Item tallies: the groups the item report counts, kept equal to a recount of the answers in the same transaction.

A tally row is one group of `recount_sql` — attempts by (max_score, score, percent), answers by item
position and x, answers by (item, x, R, what was answered) — for one (cohort, quiz, basis), so the report
reads a few hundred rows whatever the number of answers. Who changes what:

- a graded attempt finishes (`attempt_finished`, called by `attempt_finish` in its transaction): its groups
  are added for every cohort it counts in, and to "first" where it is the learner's first (the one it
  displaces, if any, is taken out);
- a membership or attempt is saved or deleted (leave, removal, joined_at edited, account or attempt deleted,
  rejoining, guest attempts adopted): the learner's whole contribution is recounted before and after the
  change and the difference applied. A learner's rows are a few hundred answers, read by index;
- a statement or claim is deleted (its items fall back to their frozen wording): its quizzes are recounted.

Adding is `INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n`, so concurrent finishes never lose a count;
a learner's user row is locked first, so a finish and a leave by the same learner cannot interleave.
The same receivers keep the gradebook's standings (`quiz.teaching.standings`): wherever a learner is settled
here, their standings are recounted too, and a membership about to be saved or deleted has its standings
taken off the cohort's sums first (`standings.forget`).
"""

import threading
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from content.models import Claim, Statement
from quiz.models import Attempt, Membership, Quiz
from quiz.teaching import standings
from quiz.teaching.models import AttemptTally, Basis, ItemTally, PositionTally
from quiz.teaching.sql import ATTEMPT, ITEM, MEMBERSHIP, fetch, in_list

TALLIES = (AttemptTally, PositionTally, ItemTally)
MAXED = {ItemTally: ("text", "own_fact")}  # not part of the group: the largest value seen, as MAX() in the recount
CHUNK = 500  # rows per INSERT (SQLite's parameter limit)


def key_columns(model) -> list[str]:
    """The tally's group as database columns (cohort_id, quiz_id, basis, …), from its unique constraint."""
    return [model._meta.get_field(name).column for name in model._meta.constraints[0].fields]


def _columns(model) -> list[str]:
    return [*key_columns(model), *MAXED.get(model, ()), "n"]


# --- The recount: every group, straight from the answers -------------------------------------------------


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _based_sql(where: str) -> str:
    """CTEs `chosen` (graded attempts counted for a cohort: started while a member, never practice) and `based`
    (each counted once for "all", and for "first" when it is the learner's first at the quiz in that cohort,
    by finished_at then id). Params: False, then those of `where` (SQL on attempt `a`, membership `m`)."""
    return f"""
        WITH chosen AS (
            SELECT a.id, m.cohort_id, a.quiz_id, a.kind, a.score, a.max_score, a.percent, a.options,
                   ROW_NUMBER() OVER (PARTITION BY m.cohort_id, a.learner_id, a.quiz_id
                                      ORDER BY a.finished_at, a.id) AS nth
            FROM {ATTEMPT} a
            JOIN {MEMBERSHIP} m ON m.learner_id = a.learner_id AND a.started_at >= m.joined_at
            WHERE a.quiz_id IS NOT NULL AND a.finished_at IS NOT NULL AND a.is_practice = %s {where}
        ), based AS (
            SELECT {_quoted(Basis.ALL)} AS basis, chosen.* FROM chosen
            UNION ALL
            SELECT {_quoted(Basis.FIRST)} AS basis, chosen.* FROM chosen WHERE nth = 1
        )
    """


def _picked_option() -> tuple[str, str, str, str]:
    """Matching: the fact a wrong answer picked, its token looked up in the attempt's frozen options.

    Returns (join, picked claim, is decoy, text) as SQL. Tokens are random per attempt, so answers are
    counted by what the option stands for — the fact of which claim, and whether it was the set's decoy —
    read from `Attempt.options` (jsonb_array_elements on PostgreSQL, json_each on SQLite). Only wrong answers
    to matching items that picked something are looked up; the JSON function is handed NULL otherwise.
    """
    needed = f"c.kind = {_quoted(Quiz.Kind.MATCHING)} AND NOT i.is_correct AND i.choice <> ''"
    if connection.vendor == "postgresql":
        join = (
            f"LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN {needed} THEN c.options -> CAST(i.step AS text) END)"
            " o(value) ON o.value ->> 'token' = i.choice"
        )
        return (
            join,
            "CAST(o.value ->> 'claim_id' AS integer)",
            "CASE WHEN (o.value ->> 'is_decoy') = 'true' THEN 1 WHEN o.value IS NULL THEN NULL ELSE 0 END",
            "o.value ->> 'text'",
        )
    join = (
        f"""LEFT JOIN json_each(CASE WHEN {needed} THEN c.options END, '$."' || i.step || '"') o"""
        " ON json_extract(o.value, '$.token') = i.choice"
    )
    return (
        join,
        "json_extract(o.value, '$.claim_id')",
        "CASE WHEN json_extract(o.value, '$.is_decoy') THEN 1 WHEN o.value IS NULL THEN NULL ELSE 0 END",
        "json_extract(o.value, '$.text')",
    )


def _part_sql(model) -> str:
    """The SELECT of one tally's groups from `based` (see `_based_sql`), its columns in `_columns` order."""
    x = "CASE WHEN i.is_correct THEN 1 ELSE 0 END"
    common = {"cohort_id": "c.cohort_id", "quiz_id": "c.quiz_id", "basis": "c.basis"}
    source = f"based c CROSS JOIN {ITEM} i"  # CROSS JOIN: the chosen attempts first, then their items by index
    where = "WHERE i.attempt_id = c.id"
    maxed = {}
    if model is AttemptTally:
        exprs, source, where = {"max_score": "c.max_score", "score": "c.score", "percent": "c.percent"}, "based c", ""
    elif model is PositionTally:
        exprs = {"max_score": "c.max_score", "position": "i.position", "x": x}
    else:
        join, picked_claim, is_decoy, text = _picked_option()
        matching = f"c.kind = {_quoted(Quiz.Kind.MATCHING)}"
        # The statement for true/false items, the claim for matching and technique ones (as the report keys them).
        key = f"CASE WHEN c.kind = {_quoted(Quiz.Kind.TRUE_FALSE)} THEN i.statement_id ELSE i.claim_id END"
        source += f" {join}"
        exprs = {
            "item_key": f"COALESCE({key}, 0)",
            "orphan": f"CASE WHEN {key} IS NULL THEN i.prompt ELSE '' END",
            "x": x,
            "r": f"c.score - {x}",
            "choice": f"CASE WHEN {matching} THEN '' ELSE i.choice END",
            "certainty": f"CASE WHEN {matching} THEN -1 ELSE COALESCE(i.certainty, -1) END",
            "picked_claim": f"COALESCE({picked_claim}, 0)",
            "is_decoy": f"COALESCE({is_decoy}, -1)",
            # Orphans of true/false items keep their frozen key (whether the statement was true).
            "is_true": f"""CASE WHEN {matching} OR i.statement_id IS NOT NULL OR i.statement_is_true IS NULL THEN -1
                                WHEN i.statement_is_true THEN 1 ELSE 0 END""",
        }
        maxed = {
            "text": f"MAX(COALESCE({text}, ''))",
            "own_fact": f"MAX(CASE WHEN {matching} THEN i.rebuttal_summary ELSE '' END)",
        }
    exprs = {**common, **exprs}
    keys = key_columns(model)
    selected = [f"{exprs[column]} AS {column}" for column in keys] + [f"{sql} AS {name}" for name, sql in maxed.items()]
    group = ", ".join(str(n) for n in range(1, len(keys) + 1))
    return f"SELECT {', '.join(selected)}, COUNT(*) AS n FROM {source} {where} GROUP BY {group}"


def recount_sql(model, where: str = "") -> str:
    """Every group of one tally for the attempts `where` selects (params: False, then where's), from the answers."""
    return _based_sql(where) + _part_sql(model)


def _recount(model, where: str, params: list) -> dict[tuple, list]:
    """{group: [n, *maxed]} of one tally over the attempts `where` selects."""
    keys = len(key_columns(model))
    with connection.cursor() as cursor:
        cursor.execute(recount_sql(model, where), [False, *params])
        return {tuple(row[:keys]): [row[-1], *row[keys:-1]] for row in cursor.fetchall()}


def _counted(where: str, params: list) -> dict:
    return {model: _recount(model, where, params) for model in TALLIES}


def rebuild(quiz_ids: list[int] | None = None) -> None:
    """Recount the tallies of these quizzes (or of every quiz) from the answers, for every cohort."""
    if quiz_ids is not None and not quiz_ids:
        return
    ids = [] if quiz_ids is None else sorted(quiz_ids)
    scope = f"quiz_id IN ({in_list(ids)})" if ids else ""
    with connection.cursor() as cursor:
        for model in TALLIES:
            table, columns = model._meta.db_table, ", ".join(_columns(model))
            cursor.execute(f"DELETE FROM {table} {'WHERE ' + scope if scope else ''}", ids)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) {recount_sql(model, 'AND a.' + scope if scope else '')}",
                [False, *ids],
            )


def rebuild_with_standings(quiz_ids: list[int] | None = None) -> None:
    """Recount the tallies and the gradebook's standings of these quizzes (or all): after a bulk load."""
    rebuild(quiz_ids)
    standings.rebuild(quiz_ids)


# --- Applying differences -------------------------------------------------------------------------------


def _difference(after: dict, before: dict) -> dict:
    """{model: {group: [n after − n before, *maxed]}}, without the groups that did not change."""
    changed = {}
    for model in TALLIES:
        new, old = after.get(model, {}), before.get(model, {})
        rows = {
            key: [new.get(key, [0])[0] - old.get(key, [0])[0], *(new.get(key) or old[key])[1:]] for key in {*new, *old}
        }
        changed[model] = {key: row for key, row in rows.items() if row[0]}
    return changed


def _greatest(a: str, b: str) -> str:
    return f"{'GREATEST' if connection.vendor == 'postgresql' else 'MAX'}({a}, {b})"


def _apply(changes: dict) -> None:
    """Add signed counts to the tallies, then drop the groups left at zero. Rows in key order, so that
    transactions adding to the same groups lock them in the same order."""
    for model, rows in changes.items():
        if not rows:
            continue
        table, keys, columns = model._meta.db_table, key_columns(model), _columns(model)
        kept = [
            f"{name} = CASE WHEN excluded.n > 0 THEN {_greatest(f'{table}.{name}', f'excluded.{name}')} "
            f"ELSE {table}.{name} END"
            for name in MAXED.get(model, ())
        ]
        added = [f"n = {table}.n + excluded.n", *kept]
        ordered = sorted(rows.items())
        with connection.cursor() as cursor:
            for start in range(0, len(ordered), CHUNK):
                chunk = ordered[start : start + CHUNK]
                values = ", ".join([f"({in_list(columns)})"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "
                    f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(added)}",
                    [value for key, (n, *maxed) in chunk for value in (*key, *maxed, n)],
                )
            if any(n < 0 for n, *_ in rows.values()):
                cohorts, quizzes = sorted({key[0] for key in rows}), sorted({key[1] for key in rows})
                cursor.execute(
                    f"DELETE FROM {table} WHERE n <= 0 AND cohort_id IN ({in_list(cohorts)}) "
                    f"AND quiz_id IN ({in_list(quizzes)})",
                    [*cohorts, *quizzes],
                )


def _only(counted: dict, keep) -> dict:
    return {model: {key: row for key, row in rows.items() if keep(key)} for model, rows in counted.items()}


# --- Keeping them up to date -----------------------------------------------------------------------------


def _lock(learner_ids) -> None:
    """Lock the learners' user rows: a finish and a change of membership by one learner take turns (PostgreSQL;
    SQLite's write transactions already do). Every caller in the app runs in a transaction (finishing, joining,
    leaving, deleting); a bare `save()` outside one cannot be made atomic with its tallies, nor locked."""
    if connection.in_atomic_block:
        list(get_user_model().objects.select_for_update().filter(pk__in=sorted(learner_ids)).values_list("pk"))


def attempt_finished(attempt: Attempt) -> None:
    """Count an attempt that has just finished, in its transaction: in "all" for every cohort it counts in, in
    "first" where it is the learner's first at the quiz (taking out the one it displaces, when it finished
    before another: its time ran out earlier)."""
    if attempt.quiz_id is None or attempt.is_practice:
        return
    _lock([attempt.learner_id])
    added = _counted("AND a.id = %s", [attempt.pk])  # "first" here is right only where it is the first
    ranks = fetch(
        _based_sql("AND a.learner_id = %s AND a.quiz_id = %s") + "SELECT cohort_id, id, nth FROM chosen WHERE nth <= 2",
        [False, attempt.learner_id, attempt.quiz_id],
    )
    firsts = {row["cohort_id"] for row in ranks if row["nth"] == 1 and row["id"] == attempt.pk}
    changes = _only(added, lambda key: key[2] == Basis.ALL or key[0] in firsts)
    for row in ranks:
        if row["nth"] == 2 and row["cohort_id"] in firsts:
            displaced = _counted("AND a.id = %s AND m.cohort_id = %s", [row["id"], row["cohort_id"]])
            changes = _difference(changes, _only(displaced, lambda key: key[2] == Basis.FIRST))
    _apply(changes)
    standings.recount([attempt.learner_id], quiz_id=attempt.quiz_id)


def _learners(learner_ids) -> dict:
    """What these learners add to every tally (their attempts, in the cohorts they are members of)."""
    ids = sorted(learner_ids)
    return _counted(f"AND a.learner_id IN ({in_list(ids)})", ids)


@contextmanager
def learners_changing(learner_ids):
    """Around a change to these learners' attempts or memberships that no signal reports (a queryset update):
    their contribution is counted before and after, and the tallies take the difference."""
    _lock(learner_ids)
    before = _learners(learner_ids)
    standings.forget(Membership.objects.filter(learner_id__in=learner_ids).values_list("pk", flat=True))
    yield
    _apply(_difference(_learners(learner_ids), before))
    standings.recount(learner_ids)


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or (sender is Attempt and instance._state.adding and instance.finished_at is None):
        return  # an attempt starting: nothing counts until it finishes (`attempt_finished`)
    learners = {instance.learner_id}
    if not instance._state.adding:  # it may move from another learner
        learners |= set(sender.objects.filter(pk=instance.pk).values_list("learner_id", flat=True))
    _lock(learners)
    instance._tallied = (learners, _learners(learners))
    if sender is Membership and not instance._state.adding:
        standings.forget([instance.pk])  # it may move to another cohort: the recount after brings it back


def _after_save(sender, instance, raw=False, **kwargs):
    learners, before = instance.__dict__.pop("_tallied", (None, None))
    if learners is not None:
        _apply(_difference(_learners(learners), before))
        standings.recount(learners)


class _Deleting(threading.local):
    """One `.delete()` at a time: what its learners added before anything went, and whom it has settled since.

    Django sends every pre_delete of a deletion first, then deletes model by model, sending each model's
    post_delete once its rows are gone. A learner is counted once before (their memberships and attempts
    may all be going), and settled again after each model's rows, so the last settles the final state.
    """

    def __init__(self) -> None:
        self.reset()  # a thread-local runs this in every thread that uses it (the server's request threads)

    def reset(self, origin=None) -> None:
        self.origin, self.before, self.phase, self.settled, self.quizzes = origin, {}, None, set(), set()


_deleting = _Deleting()


def _starting(origin) -> _Deleting:
    state = _deleting
    if state.origin is not origin or state.phase is not None:  # a new deletion
        state.reset(origin)
    return state


def _before_delete(sender, instance, origin=None, **kwargs):
    state = _starting(origin)
    if instance.learner_id not in state.before:
        _lock([instance.learner_id])
        state.before[instance.learner_id] = _learners([instance.learner_id])
    if sender is Membership:
        standings.forget([instance.pk])  # before its standings go by CASCADE, which no sum would see


def _after_delete(sender, instance, origin=None, **kwargs):
    state = _deleting
    learner = instance.learner_id
    if state.origin is not origin or learner not in state.before:
        return
    if state.phase is not sender:
        state.phase, state.settled = sender, set()
    if learner not in state.settled:
        now = _learners([learner])
        _apply(_difference(now, state.before[learner]))
        standings.recount([learner])
        state.before[learner] = now
        state.settled.add(learner)


def _before_content_delete(sender, instance, origin=None, **kwargs):
    """A statement or claim is going: its items will be known by their wording; note the quizzes they are in."""
    column = "statement_id" if sender is Statement else "claim_id"
    rows = fetch(
        f"SELECT DISTINCT a.quiz_id FROM {ITEM} i JOIN {ATTEMPT} a ON a.id = i.attempt_id "
        f"WHERE i.{column} = %s AND a.quiz_id IS NOT NULL",
        [instance.pk],
    )
    _starting(origin).quizzes |= {row["quiz_id"] for row in rows}


def _after_content_delete(sender, instance, origin=None, **kwargs):
    state = _deleting
    if state.origin is origin and state.quizzes:  # every item was set to NULL before the first post_delete
        state.phase = sender
        rebuild(sorted(state.quizzes))
        state.quizzes = set()


def connect() -> None:
    """Connect the receivers (from the quiz app's `ready`)."""
    for model in (Membership, Attempt):
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"tallies-before-save-{model.__name__}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"tallies-after-save-{model.__name__}")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"tallies-before-delete-{model.__name__}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"tallies-after-delete-{model.__name__}")
    for model in (Statement, Claim):
        pre_delete.connect(_before_content_delete, sender=model, dispatch_uid=f"tallies-content-{model.__name__}")
        post_delete.connect(_after_content_delete, sender=model, dispatch_uid=f"tallies-content-done-{model.__name__}")
