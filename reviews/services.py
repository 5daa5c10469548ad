"""Spaced-review writes: cards moved by answers (synced from the quiz engine's answers), review sessions started.

Answers are stored by the quiz engine in one statement each; cards follow from them here, in the
order they were given, whenever a learner's cards are next read (the dashboard, the review page), when
an attempt finishes, and before reminders go out. Each answer moves its card exactly once: its log row
is unique per answer, and a sync that loses a race to another changes nothing.
"""

import secrets
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from content import versions
from quiz.errors import QuizUnavailable
from quiz.models import Attempt, AttemptItem, Quiz
from quiz.services import write_attempt
from reviews import planning, scheduling
from reviews.bank import bank
from reviews.models import Card, ReviewLog

PENDING_FIELDS = (
    "pk",
    "attempt_id",
    "claim_id",
    "statement_id",
    "statement_is_true",
    "is_correct",
    "certainty",
    "seconds_taken",
    "answered_at",
    "attempt__learner_id",
    "attempt__asks_certainty",
    "attempt__kind",
    "attempt__is_practice",
    "attempt__finished_at",
)


def _answers_to_take():
    """Answers that have not moved their card yet, in attempts not marked `in_cards` (the only ones that may hold
    any: a partial index keeps them, so reading them costs the same however long a learner's history).

    Technique answers are left out: naming how a claim manipulates is not recalling the fact that answers it,
    so it neither masters a myth nor brings one back (reviews ask techniques as extra practice).
    """
    return AttemptItem.objects.filter(
        attempt__in_cards=False,
        answered_at__isnull=False,
        claim_id__isnull=False,
        technique_id__isnull=True,
        review_log__isnull=True,
    )


def pending_answers(*, learner_ids):
    """Answers of these learners that have not moved their card yet, oldest first."""
    return (
        _answers_to_take()
        .filter(attempt__learner_id__in=learner_ids)
        .order_by("answered_at", "pk")
        .values(*PENDING_FIELDS)
    )


def mark_in_cards(attempt_ids=None) -> int:
    """Mark these attempts (or every one not marked yet) `in_cards` where they are finished and none of their
    answers is left to take; returns how many. A finished attempt takes no more answers, so the mark stays true.

    Its own short transaction, after any sync has committed: the attempts are locked first, then checked in a
    statement of its own, whose snapshot is taken once the locks are held. A transaction that held them —
    a guest's attempts joining an account, their cards and log going with the guest — is then seen whole:
    checked in the locking statement itself, PostgreSQL would re-check only the attempt rows and could mark
    an attempt whose log had just gone.
    """
    attempts = Attempt.objects.filter(in_cards=False, finished_at__isnull=False)
    if attempt_ids is not None:
        attempts = attempts.filter(pk__in=attempt_ids)
    candidates = list(attempts.values_list("pk", flat=True))  # most calls find none: one query, no transaction
    if not candidates:
        return 0
    with transaction.atomic():
        locked = list(
            attempts.filter(pk__in=candidates).order_by("pk").select_for_update().values_list("pk", flat=True)
        )
        done = Attempt.objects.filter(pk__in=locked).exclude(
            Exists(_answers_to_take().filter(attempt_id=OuterRef("pk")))
        )
        return done.update(in_cards=True)


def _pending_sql() -> str:
    """Whether one learner has an answer `pending_answers` would return (param: the learner): written once as
    SQL, as most dashboards find none, and compiling the full query cost more than running it."""
    quote = connection.ops.quote_name
    item, attempt, log = (quote(m._meta.db_table) for m in (AttemptItem, Attempt, ReviewLog))
    logged = quote(ReviewLog._meta.get_field("item").column)
    in_cards = quote(Attempt._meta.get_field("in_cards").column)
    return f"""
        SELECT 1 FROM {attempt} a JOIN {item} i ON i.attempt_id = a.id
        WHERE a.learner_id = %s AND NOT a.{in_cards}
          AND i.answered_at IS NOT NULL AND i.claim_id IS NOT NULL AND i.technique_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM {log} r WHERE r.{logged} = i.id)
        LIMIT 1
    """


def has_pending(*, learner_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_pending_sql(), [learner_id])
        return cursor.fetchone() is not None


def _starting_sql() -> str:
    """What starting a review asks first, in one round trip: the learner's open review (its id, or NULL),
    whether any answer is pending, and the content version (the bank's key). Params: the learner, the
    review kind, the learner."""
    quote = connection.ops.quote_name
    meta = Attempt._meta
    column = {name: quote(meta.get_field(name).column) for name in ("learner", "finished_at", "kind")}
    pk = quote(meta.pk.column)
    # `open_review`, as SQL: compiling the ORM's query here cost more than running it.
    open_review = (
        f"SELECT o.{pk} FROM {quote(meta.db_table)} o WHERE o.{column['learner']} = %s "
        f"AND o.{column['finished_at']} IS NULL AND o.{column['kind']} = %s ORDER BY o.{pk} LIMIT 1"
    )
    return f"SELECT ({open_review}), EXISTS ({_pending_sql()}), {versions.token_sql()}"


def _starting(learner_id: int) -> tuple[int | None, bool]:
    """(the open review's id or None, whether answers are pending); primes the request's content version."""
    with connection.cursor() as cursor:
        cursor.execute(_starting_sql(), [learner_id, Attempt.Kind.REVIEW.value, learner_id])
        open_id, pending, token = cursor.fetchone()
    versions.prime(token)
    return open_id, bool(pending)


def _paces(learner_ids) -> dict[tuple[int, bool], list[int]]:
    """(learner, is_matching) -> the seconds of their latest logged answers of that kind, oldest first."""
    rows = (
        ReviewLog.objects.filter(learner_id__in=learner_ids, seconds__isnull=False)
        .annotate(recent=Window(RowNumber(), partition_by=[F("learner_id"), F("is_matching")], order_by=F("pk").desc()))
        .filter(recent__lte=scheduling.PACE_WINDOW)
        .order_by("pk")
        .values_list("learner_id", "is_matching", "seconds")
    )
    paces = defaultdict(list)
    for learner_id, is_matching, seconds in rows:
        paces[learner_id, is_matching].append(seconds)
    return paces


def _source(answer: dict) -> str:
    if answer["attempt__kind"] == Attempt.Kind.REVIEW:
        return ReviewLog.Source.REVIEW
    return ReviewLog.Source.PRACTICE if answer["attempt__is_practice"] else ReviewLog.Source.QUIZ


def cards_sync(*, learner_ids) -> int:
    """Move the cards of these learners by every answer not taken yet; returns how many answers were taken.

    A constant handful of queries whatever the history: the pending answers (one query when there are
    none), the learners' recent pace, their cards, then the cards and logs written in bulk.
    """
    learner_ids = list(learner_ids)
    if len(learner_ids) == 1 and not has_pending(learner_id=learner_ids[0]):
        return 0
    return _sync(learner_ids)


def _sync(learner_ids: list[int]) -> int:
    """`cards_sync` once it is known that there may be answers to take."""
    pending = list(pending_answers(learner_ids=learner_ids))
    if not pending:
        return 0
    learners = {a["attempt__learner_id"] for a in pending}
    paces = _paces(learners)
    cards = {
        (c.learner_id, c.claim_id): c
        for c in Card.objects.filter(learner_id__in=learners, claim_id__in={a["claim_id"] for a in pending})
    }
    new_cards, logs, moved = {}, [], set()
    for answer in pending:
        key = (answer["attempt__learner_id"], answer["claim_id"])
        moved.add(key)
        card = cards.get(key) or new_cards.get(key)
        if card is None:
            card = new_cards[key] = Card(learner_id=key[0], claim_id=key[1], due=answer["answered_at"])
        is_matching = answer["statement_is_true"] is None
        samples = paces[key[0], is_matching]
        rating = scheduling.rating_for(
            is_correct=bool(answer["is_correct"]),
            certainty=answer["certainty"],
            asked=answer["attempt__asks_certainty"],
            seconds=answer["seconds_taken"],
            pace=scheduling.Pace(samples[-scheduling.PACE_WINDOW :]),
        )
        at = scheduling.review(card, rating=rating, at=answer["answered_at"])
        if not is_matching and answer["statement_id"]:
            card.last_statement_id = answer["statement_id"]
            if answer["statement_id"] not in card.seen_statements:  # a new list: the card's may be shared
                card.seen_statements = [*card.seen_statements, answer["statement_id"]]
        if answer["seconds_taken"] is not None:
            samples.append(answer["seconds_taken"])
        logs.append(
            ReviewLog(
                card=card,
                learner_id=key[0],
                item_id=answer["pk"],
                source=_source(answer),
                is_matching=is_matching,
                is_correct=bool(answer["is_correct"]),
                certainty=answer["certainty"],
                seconds=answer["seconds_taken"],
                rating=rating.value,
                reviewed_at=at,
            )
        )
    try:
        with transaction.atomic():
            Card.objects.bulk_create(new_cards.values())  # a card another sync made meanwhile: IntegrityError
            for log in logs:
                log.card_id = log.card.pk
            ReviewLog.objects.bulk_create(logs)  # an answer another sync took meanwhile: IntegrityError
            changed = [card for key, card in cards.items() if key in moved]  # the batch read more pairs
            if changed:
                # One INSERT … ON CONFLICT DO UPDATE of the rows: Django's bulk_update builds a CASE per
                # card and field, which costs several times more to compile than the statement takes to run.
                Card.objects.bulk_create(
                    changed, update_conflicts=True, unique_fields=["learner", "claim"], update_fields=CARD_FIELDS
                )
    except IntegrityError:
        return 0  # another request synced these answers first: its cards stand
    mark_in_cards({answer["attempt_id"] for answer in pending if answer["attempt__finished_at"] is not None})
    return len(logs)


CARD_FIELDS = [
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "mastered_until",
    "reviews",
    "lapses",
    "last_statement",
    "seen_statements",
]


def cards_sync_all(*, batch: int = 500, progress=None) -> int:
    """Sync every learner with pending answers, `batch` learners at a time, then mark every finished attempt
    with nothing left to take (one whose finish found nothing pending, say); returns the answers taken."""
    learner_ids = sorted(set(_answers_to_take().values_list("attempt__learner_id", flat=True).distinct()))
    taken = 0
    for start in range(0, len(learner_ids), batch):
        taken += cards_sync(learner_ids=learner_ids[start : start + batch])
        if progress:
            progress(min(start + batch, len(learner_ids)), len(learner_ids))
    mark_in_cards()
    return taken


# --- Review sessions ---------------------------------------------------------------------------


MAX_DECOYS = 200  # decoy facts to choose from (the most topical wins), from the due claims' documents


class NothingToReview(QuizUnavailable):
    """No card is due (or, for extra practice, the learner has no card yet)."""


def session_size() -> int:
    return settings.REVIEWS["SESSION_SIZE"]


def open_review(*, learner) -> Attempt | None:
    return Attempt.objects.open().filter(learner=learner, kind=Attempt.Kind.REVIEW).first()


def reviewable_cards(*, learner):
    """The learner's cards of claims learners can still see (published, in a published section)."""
    return Card.objects.filter(learner=learner, claim__is_published=True, claim__section__is_published=True)


def review_start(*, learner, extra: bool = False, now=None) -> tuple[Attempt, bool]:
    """Resume the learner's open review, or start one of their due claims (most overdue first).

    With ``extra`` ("practise anyway"), when nothing is due: the claims whose recall is weakest.
    Raises NothingToReview when there is nothing to serve. Returns (attempt, created).
    """
    now = now or timezone.now()
    existing_id, pending = _starting(learner.pk)
    if existing_id is not None:
        return Attempt.objects.get(pk=existing_id), False
    if pending:
        _sync([learner.pk])
    size = session_size()
    cards = reviewable_cards(learner=learner)
    if extra:
        chosen = list(cards.order_by(F("mastered_until").asc(nulls_first=True), "due", "pk")[:size])
        if not chosen:
            raise NothingToReview(_("Take a section’s quiz first: the myths you meet there come back here for review."))
    else:
        chosen = list(cards.filter(due__lte=now).order_by("due", "pk")[:size])
        if not chosen:
            raise NothingToReview(_("Nothing is due for review right now."))
    seed = secrets.randbits(62)
    plan = planning.plan_review(**_planning_inputs(chosen), seed=seed)
    if not plan.items:
        raise NothingToReview(_("These myths have no statements to review at the moment."))
    # The attempt's title, stored with it (in the learner's language when they start it).
    # Translators: the title of a review session (noun).
    title = _("Extra practice") if extra else pgettext("noun", "Review")
    try:
        with transaction.atomic():
            attempt = write_attempt(
                learner=learner,
                plan=plan,
                seed=seed,
                now=now,
                quiz=None,
                title=title,
                kind=Attempt.Kind.REVIEW,
                feedback=Quiz.Feedback.EACH_ITEM,
                pass_mark=0,
                min_discernment=0,
                asks_certainty=True,
                is_practice=True,
            )
    except IntegrityError:  # another tab started one at the same moment: resume that one
        existing = open_review(learner=learner)
        if existing is None:
            raise
        return existing, False
    return attempt, True


def _planning_inputs(chosen: list[Card]) -> dict:
    """The due claims with what can be asked of them and decoy facts (the bank's, `reviews/bank.py`), and the
    statements the learner has seen: answered, as their cards keep them (no query, whatever the history)."""
    known = bank()
    entries = [(card, known.claims[card.claim_id]) for card in chosen if card.claim_id in known.claims]
    seen = {statement_id for card, _ in entries for statement_id in card.seen_statements}
    due = [
        planning.DueClaim(
            claim_id=card.claim_id,
            pair=entry.pair,
            statements=list(entry.statements),
            last_statement_id=card.last_statement_id,
            technique=entry.technique,
        )
        for card, entry in entries
    ]
    return {
        "due": due,
        "decoys": known.decoys_for({card.claim_id for card, _ in entries}, MAX_DECOYS),
        "seen": seen,
        "techniques": list(known.techniques),
    }
