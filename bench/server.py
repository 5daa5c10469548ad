"""Server-time benchmark: the learner's busiest pages, the gradebook and spaced review, on the database in DATABASE_URL.

Run through `make bench-server` (SQLite, then PostgreSQL with Redis, as in production). The database named
in DATABASE_URL is the benchmark's own (its name must contain "bench"): it is dropped and created afresh
(the SQLite file deleted), and dropped again at the end unless --keep. It then holds:

- a learner with 50 finished attempts taken through the quiz services (start, answer every step,
  finish), spread over the past two months, so their cards were moved by the real sync;
- a cohort of 200 learners with bulk-generated attempts (`generate_activity`), their answers then
  synced to review cards as finishing them would have done;
- 1,000 review learners × every published claim (26) as FSRS cards × 20 review logs each: each card is
  one of a few thousand review histories played through `reviews.scheduling.review()` (so state,
  stability, difficulty, due and mastery are the scheduler's own), shifted in time, and its logs are
  that history;
- 9,000 more learners with cards from the same histories but no logs, so that 10,000 learners have
  opted in to daily reminders (with an e-mail address) and most of them have something due.

After `VACUUM ANALYZE` (`ANALYZE` on SQLite) each page is timed through Django's test client (full
middleware and template rendering, no network), DEBUG off, next to the trivial health view measured in
the same run (before and after the pages, pooled); its queries are counted in one more request, outside
the timed ones. Work between timed runs (finishing the attempt a start created, taking and finishing a
review, putting the review learner's cards back as they were) is not timed. Review reminders run twice
in a fresh process each (`--reminders-child`), as `manage.py send_review_reminders` would, with the
dummy e-mail backend: wall time, queries, peak memory (maxrss), and the second run must send nothing.
A Markdown and a JSON report go to docs/benchmarks/server-<engine>.{md,json}.
"""

import argparse
import contextlib
import json
import logging
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factsquiz.settings")
DUMMY_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
BATCH = 2000


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- The benchmark's own database ----------------------------------------------------------------


def database_config() -> dict:
    import dj_database_url

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if "bench" not in str(config["NAME"]):
        sys.exit(f"Refusing to drop and recreate {config['NAME']!r}: its name must contain 'bench'.")
    return config


def _postgres_admin(config):
    import psycopg

    return psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres", autocommit=True
    )


def database_fresh() -> None:
    """Drop and create the benchmark's database (PostgreSQL), or delete its file (SQLite)."""
    config = database_config()
    if "postgresql" in config["ENGINE"]:
        admin = _postgres_admin(config)
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
        admin.close()
    else:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{config['NAME']}{suffix}").unlink(missing_ok=True)
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def sessions_in_redis() -> None:
    """On PostgreSQL, run as production does: sessions and the signed-in user read from Redis (REDIS_URL). The
    benchmark's own Redis database (BENCH_SERVER_REDIS_URL, default db 6 of the local server; empty to stay in
    the database) is emptied first, so no copy from an earlier run is read. SQLite runs stay without Redis, as
    the embedded default."""
    url = os.environ.get("BENCH_SERVER_REDIS_URL", "redis://127.0.0.1:6379/6")
    if not url or database_config()["ENGINE"] != "django.db.backends.postgresql":
        os.environ.pop("REDIS_URL", None)
        return
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError:
        say(f"Redis is not reachable at {url}: sessions stay in the database only")
        os.environ.pop("REDIS_URL", None)
        return
    os.environ["REDIS_URL"] = url


def database_drop() -> None:
    from django.db import connections

    connections.close_all()
    config = database_config()
    if "postgresql" in config["ENGINE"]:
        admin = _postgres_admin(config)
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        admin.close()
    else:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{config['NAME']}{suffix}").unlink(missing_ok=True)


# --- Timing --------------------------------------------------------------------------------------


def figures(samples: list[tuple[float, float]]) -> dict:
    """Median, p90 and range of the wall times; the median of this process's CPU time alongside."""
    wall = sorted(w for w, _ in samples)
    return {
        "runs": len(wall),
        "median_ms": round(statistics.median(wall), 2),
        "p90_ms": round(wall[math.ceil(0.9 * len(wall)) - 1], 2),
        "min_ms": round(wall[0], 2),
        "max_ms": round(wall[-1], 2),
        "cpu_median_ms": round(statistics.median(c for _, c in samples), 2),
    }


def timed(function, runs: int, *, before=None, warm_up: int = 2) -> list[tuple[float, float]]:
    """(wall ms, CPU ms of this process) of `function` over `runs` runs, after `warm_up` untimed ones.

    `before` runs untimed before each run. The CPU time leaves out the database server's own work
    (PostgreSQL runs in its own processes) but also time spent waiting for a core on a busy machine.
    """
    samples = []
    for n in range(warm_up + runs):
        if before:
            before()
        started, cpu = time.perf_counter(), time.process_time()
        function()
        elapsed, cpu_elapsed = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
        if n >= warm_up:
            samples.append((elapsed, cpu_elapsed))
    return samples


def counted(function, *, before=None) -> dict:
    """The queries of one more (untimed) run: how many, and the slowest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        function()
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
    return {
        "queries": len(captured),
        "slowest_query_ms": round(float(slowest["time"]) * 1000, 2) if slowest else None,
        "slowest_query": slowest["sql"][:300] if slowest else None,
    }


# --- Data ----------------------------------------------------------------------------------------


def learner_create(username: str, *, email: str = ""):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts.roles import LEARNER

    user = get_user_model().objects.create(username=username, email=email, password="!unusable")
    user.groups.add(Group.objects.get(name=LEARNER))
    return user


def answer_for(attempt, step: int, rng: random.Random) -> dict:
    """A plausible answer to one step: right about 70 % of the time, with a certainty where the attempt asks."""
    items = list(attempt.items.filter(step=step).order_by("position"))
    if attempt.step_is_matching(step):
        chosen = {item.token: item.correct_choice for item in items}
        if len(items) >= 2 and rng.random() < 0.3:  # two facts swapped: both claims wrong
            first, second = rng.sample(items, 2)
            chosen[first.token], chosen[second.token] = second.correct_choice, first.correct_choice
        answer, right = chosen, None
    else:
        (item,) = items
        right = rng.random() < 0.7
        answer = {"choice": item.correct_choice if right else ("false" if item.correct_choice == "true" else "true")}
    if attempt.asks_certainty:
        weights = (2, 4, 4) if right is not False else (4, 4, 2)
        answer["certainty"] = rng.choices(("low", "medium", "high"), weights=weights)[0]
    return answer


def take_attempt(attempt, *, learner, rng: random.Random, at=None, every=timedelta(seconds=12)) -> None:
    """Answer every step through the quiz service (at `at` and on, or now), then finish."""
    from quiz import services

    moment = at
    for step in range(1, attempt.step_count + 1):
        if moment is not None:
            moment += every * rng.uniform(0.5, 1.5)
        services.answer_submit(
            learner=learner, attempt_id=attempt.public_id, step=step, answer=answer_for(attempt, step, rng), now=moment
        )
    services.attempt_finish(attempt=attempt, now=moment + every if moment is not None else None)


def learner_with_attempts(count: int, rng: random.Random, now):
    """A learner who took `count` quizzes through the services, spread over the last two months."""
    from quiz import services
    from quiz.models import Quiz

    learner = learner_create("bench-dashboard-learner", email="dashboard@example.org")
    quizzes = list(Quiz.objects.published().order_by("pk"))
    moment = now - timedelta(days=60)
    for n in range(count):
        quiz = quizzes[n % len(quizzes)]
        attempt, created = services.attempt_start(learner=learner, quiz=quiz, now=moment)
        assert created, "the learner had this quiz open already"
        take_attempt(attempt, learner=learner, rng=rng, at=moment)
        moment += timedelta(days=59 / count) * rng.uniform(0.5, 1.5)
    return learner


def review_histories(count: int, reviews: int, rng: random.Random) -> list[dict]:
    """`count` review histories of `reviews` answers each, played through the scheduler from an arbitrary origin.

    Each is the card's fields and its logs' (offset, rating), all times as offsets from its last review.
    """
    from fsrs import Rating

    from reviews import scheduling
    from reviews.models import Card

    origin = datetime(2026, 1, 1, tzinfo=UTC)
    histories = []
    for _ in range(count):
        ability = rng.uniform(0.65, 0.97)
        span = timedelta(days=rng.uniform(30, 150))  # answered over one to five months, quizzes and reviews
        moments = sorted(origin + span * rng.random() for _ in range(reviews))
        card = Card(learner_id=0, claim_id=0, due=moments[0])
        log = []
        for moment in moments:
            if rng.random() > ability:
                rating = Rating.Again
            else:
                rating = rng.choices((Rating.Hard, Rating.Good, Rating.Easy), weights=(2, 6, 2))[0]
            at = scheduling.review(card, rating=rating, at=moment)
            log.append((at, rating.value))
        last = card.last_review
        histories.append(
            {
                "fields": {
                    "state": card.state,
                    "step": card.step,
                    "stability": card.stability,
                    "difficulty": card.difficulty,
                    "reviews": card.reviews,
                    "lapses": card.lapses,
                },
                "due": card.due - last,
                "mastered_until": card.mastered_until - last if card.mastered_until else None,
                "log": [(at - last, rating) for at, rating in log],
            }
        )
    return histories


def cards_for(learner_ids, statements, histories, rng: random.Random, now, *, with_logs: bool) -> tuple[int, int]:
    """Bulk-create a card per learner and claim (`statements`: claim -> its statement ids) from a random history
    (last review within the last 2 weeks), some of the claim's statements already answered."""
    from django.db import transaction

    from reviews.models import Card, ReviewLog

    made_cards = made_logs = 0
    sources = (ReviewLog.Source.QUIZ, ReviewLog.Source.PRACTICE, ReviewLog.Source.REVIEW)
    for start in range(0, len(learner_ids), 200):
        cards, histories_of = [], []
        for learner_id in learner_ids[start : start + 200]:
            for claim_id, statement_ids in statements.items():
                history = rng.choice(histories)
                last = now - timedelta(days=rng.uniform(0, 14))
                cards.append(
                    Card(
                        learner_id=learner_id,
                        claim_id=claim_id,
                        last_review=last,
                        due=last + history["due"],
                        mastered_until=last + history["mastered_until"] if history["mastered_until"] else None,
                        seen_statements=rng.sample(statement_ids, rng.randint(0, len(statement_ids))),
                        **history["fields"],
                    )
                )
                histories_of.append((history, last))
        with transaction.atomic():
            Card.objects.bulk_create(cards, batch_size=BATCH)
            made_cards += len(cards)
            if not with_logs:
                continue
            logs = []
            for card, (history, last) in zip(cards, histories_of, strict=True):
                for offset, rating in history["log"]:
                    right = rating != ReviewLog.Rating.AGAIN
                    logs.append(
                        ReviewLog(
                            card_id=card.pk,
                            learner_id=card.learner_id,
                            source=rng.choices(sources, weights=(5, 2, 3))[0],
                            is_matching=rng.random() < 0.3,
                            is_correct=right,
                            certainty={1: 1, 2: 1, 3: 2, 4: 3}[rating] if rng.random() < 0.8 else None,
                            seconds=max(3, int(rng.lognormvariate(2.6, 0.5))),
                            rating=rating,
                            reviewed_at=last + offset,
                        )
                    )
            ReviewLog.objects.bulk_create(logs, batch_size=BATCH)
            made_logs += len(logs)
    return made_cards, made_logs


def bulk_learners(prefix: str, count: int, *, reminders: bool, zones: list[str], rng: random.Random) -> list[int]:
    """`count` learners with e-mail addresses (and daily reminders, if asked), in bulk; returns their ids."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from accounts.roles import LEARNER
    from reviews.models import ReminderPreference

    User = get_user_model()
    group = Group.objects.get(name=LEARNER)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(username=f"{prefix}{n:05d}", email=f"{prefix}{n:05d}@example.org", password="!unusable")
                for n in range(1, count + 1)
            ],
            batch_size=BATCH,
        )
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=BATCH
        )
        if reminders:
            ReminderPreference.objects.bulk_create(
                [
                    ReminderPreference(
                        learner_id=u.pk, frequency=ReminderPreference.Frequency.DAILY, time_zone=rng.choice(zones)
                    )
                    for u in users
                ],
                batch_size=BATCH,
            )
    return [u.pk for u in users]


# --- Review reminders, in a process of their own ------------------------------------------------


def reminders_child() -> None:
    """One reminder run as `manage.py send_review_reminders` would do it, with the dummy e-mail backend."""
    import django

    django.setup()
    from django.core.mail import mailers
    from django.core.mail.backends.dummy import EmailBackend
    from django.db import connection
    from django.test.utils import override_settings

    from reviews.reminders import send_review_reminders

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with override_settings(MAILERS=DUMMY_MAILERS):
        assert isinstance(mailers.default, EmailBackend)
        connection.ensure_connection()
        rss_before, peak_reset = memory_mark()
        started = time.perf_counter()
        with connection.execute_wrapper(count):
            sent = send_review_reminders()
        seconds = time.perf_counter() - started
        peak = memory_peak()
    print(
        json.dumps(
            {
                "sent": sent,
                "seconds": round(seconds, 2),
                "queries": queries,
                "rss_before_mb": rss_before,
                "peak_rss_mb": peak,
                "peak_measured_over": "the run" if peak_reset else "the process",
            }
        )
    )


def _status_mb(field: str) -> float | None:
    """A memory figure (kB) from /proc/self/status, in MB; None where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def memory_mark() -> tuple[float, bool]:
    """The resident size now, with the peak reset to it where Linux allows (so the peak is the run's own)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # 5: reset the peak resident size (VmHWM)
        reset = True
    except OSError:
        reset = False
    now = _status_mb("VmRSS")
    return (now if now is not None else round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)), reset


def memory_peak() -> float:
    peak = _status_mb("VmHWM")  # per process image: unlike ru_maxrss, not inherited from the parent across exec
    return peak if peak is not None else round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def reminders_run() -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--reminders-child"],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    if done.returncode:
        sys.exit(f"The reminder run failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = round(time.perf_counter() - started, 2)
    return result


# --- The run -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attempts", type=int, default=50, help="finished attempts of the dashboard learner")
    parser.add_argument("--cohort-learners", type=int, default=200)
    parser.add_argument("--cohort-answers", type=int, default=40_000, help="answers of the whole cohort")
    parser.add_argument("--review-learners", type=int, default=1000)
    parser.add_argument("--logs", type=int, default=20, help="review logs per card")
    parser.add_argument("--reminder-learners", type=int, default=10_000, help="opted in, the review learners included")
    parser.add_argument("--histories", type=int, default=3000, help="distinct review histories cards are drawn from")
    parser.add_argument("--runs", type=int, default=40, help="timed runs per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's database afterwards")
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks"))
    parser.add_argument("--revision", default="", help="the code measured, for the report (default: git describe)")
    parser.add_argument("--reminders-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reminders_child:
        reminders_child()
        return

    began = time.perf_counter()
    database_fresh()  # checks first that the database is the benchmark's own
    sessions_in_redis()
    try:
        benchmark(args, began)
    finally:
        if not args.keep:
            database_drop()


def benchmark(args, began: float) -> None:
    """Fill the fresh database, time everything, write the reports."""
    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per force_login otherwise
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from content.models import Claim, Statement
    from quiz import services
    from quiz.models import Attempt, AttemptItem, Cohort, Quiz
    from reviews import services as review_services
    from reviews.models import Card, ReminderPreference, ReviewLog

    rng = random.Random(args.seed)
    engine = connection.vendor
    now = timezone.now()
    say(f"{engine}: migrating and loading the content")
    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command(
        "import_content",
        str(ROOT / "content/fixtures/nato-russia-relations-the-facts.json"),
        "--skip-existing",
        verbosity=0,
    )
    setup = {}

    started = time.perf_counter()
    dashboard_learner = learner_with_attempts(args.attempts, rng, now)
    setup["learner with attempts, through the services"] = time.perf_counter() - started
    say(f"dashboard learner: {args.attempts} attempts in {setup['learner with attempts, through the services']:.0f} s")

    started = time.perf_counter()
    cohort_name = "Server benchmark cohort"
    call_command(
        "generate_activity",
        learners=args.cohort_learners,
        answers=args.cohort_answers,
        cohort=cohort_name,
        seed=args.seed,
        verbosity=0,
    )
    cohort = Cohort.objects.get(name=cohort_name)
    setup["cohort, bulk-generated"] = time.perf_counter() - started
    started = time.perf_counter()
    synced = review_services.cards_sync_all()  # as finishing each attempt would have done
    setup["cohort's answers synced to cards"] = time.perf_counter() - started
    say(f"cohort: {args.cohort_learners} learners, {synced:,} answers synced to cards")

    started = time.perf_counter()
    statements = {
        claim_id: []
        for claim_id in Claim.objects.published()
        .filter(section__is_published=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    }
    for claim_id, statement_id in (
        Statement.objects.approved().filter(claim_id__in=statements).values_list("claim_id", "pk")
    ):
        statements[claim_id].append(statement_id)
    histories = review_histories(args.histories, args.logs, rng)
    zones = ["UTC"] * 6 + ["Europe/Brussels", "Europe/Kyiv", "America/New_York", "Asia/Tokyo"]
    review_ids = bulk_learners("review-", args.review_learners, reminders=True, zones=zones, rng=rng)
    made = cards_for(review_ids, statements, histories, rng, now, with_logs=True)
    setup["review learners' cards and logs"] = time.perf_counter() - started
    say(f"review learners: {len(review_ids):,}, {made[0]:,} cards, {made[1]:,} logs")
    started = time.perf_counter()
    other_ids = bulk_learners(
        "remind-", max(0, args.reminder_learners - len(review_ids)), reminders=True, zones=zones, rng=rng
    )
    made_more = cards_for(other_ids, statements, histories, rng, now, with_logs=False)
    setup["other opted-in learners' cards"] = time.perf_counter() - started
    say(f"other opted-in learners: {len(other_ids):,}, {made_more[0]:,} cards")

    # The review learner: the one with the most cards due (a session takes SESSION_SIZE of them).
    review_due = (
        Card.objects.filter(learner_id__in=review_ids, due__lte=now)
        .values("learner_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "learner_id")
        .first()
    )
    review_learner = get_user_model().objects.get(pk=review_due["learner_id"])
    assert review_due["n"] >= 10, f"no review learner has 10 cards due (at most {review_due['n']})"

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if engine == "postgresql" else "ANALYZE")
    setup["VACUUM ANALYZE" if engine == "postgresql" else "ANALYZE"] = time.perf_counter() - started
    say("analysed; timing")

    def client_for(user) -> Client:
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        return client

    anonymous = Client(SERVER_NAME="localhost")
    learner_client = client_for(dashboard_learner)
    instructor_client = client_for(cohort.instructor)
    review_client = client_for(review_learner)

    def request(client, method: str, url: str, status: int):
        def run():
            response = getattr(client, method)(url)
            assert response.status_code == status, (url, response.status_code)

        return run

    health = request(anonymous, "get", reverse("quiz:health"), 200)
    load_before = os.getloadavg()[0]
    health_samples = timed(health, 300, warm_up=20)
    rows = []

    def measure(name: str, run, target, *, runs=args.runs, before=None) -> None:
        samples = timed(run, runs, before=before)
        row = {"measure": name, **figures(samples), **counted(run, before=before), "target_ms": target}
        rows.append(row)
        say(f"{name}: median {row['median_ms']} ms, p90 {row['p90_ms']} ms, {row['queries']} queries")

    # 1. The learner's dashboard.
    finished = Attempt.objects.finished().filter(learner=dashboard_learner).count()
    measure(
        f"learner dashboard `GET /` ({finished} finished attempts)",
        request(learner_client, "get", reverse("quiz:home"), 200),
        10,
    )

    # 2. Starting a quiz: each timed POST creates an attempt; the one before is finished, untimed.
    def finish_open(learner):
        def run():
            for attempt in Attempt.objects.open().filter(learner=learner):
                services.attempt_finish(attempt=attempt)

        return run

    for kind, label in ((Quiz.Kind.TRUE_FALSE, "true/false"), (Quiz.Kind.MATCHING, "matching")):
        # By kind: the first quiz by pk is the technique quiz across the document (made with the document).
        quiz = Quiz.objects.published().filter(kind=kind).order_by("pk").first()
        measure(
            f"start a {label} quiz `POST /quizzes/<pk>/start/` (same learner; {quiz.item_count} items)",
            request(learner_client, "post", reverse("quiz:attempt-start", args=[quiz.pk]), 302),
            10,
            before=finish_open(dashboard_learner),
        )
    finish_open(dashboard_learner)()
    created = Attempt.objects.filter(learner=dashboard_learner).count() - finished
    assert created == 2 * (args.runs + 3), f"{created} attempts created by the starts"

    # 3. The gradebook of the cohort.
    measure(
        f"gradebook of a {cohort.memberships.count()}-learner cohort (page 1, by name, highest score)",
        request(instructor_client, "get", reverse("quiz:gradebook", args=[cohort.pk]), 200),
        20,
    )

    # 4a. The review page. 4b. Starting a review: finish the review (answered) between runs, untimed,
    # and put the learner's cards back as they were, so the same cards are due again.
    review_cards = list(Card.objects.filter(learner=review_learner))
    due_now = sum(card.due <= timezone.now() for card in review_cards)
    logs = ReviewLog.objects.filter(learner=review_learner).count()
    measure(
        f"review page `GET /review/` ({len(review_cards)} cards, {due_now} due, {logs} logs)",
        request(review_client, "get", reverse("reviews:review"), 200),
        10,
    )

    def take_review_and_reset():
        for attempt in Attempt.objects.open().filter(learner=review_learner, kind=Attempt.Kind.REVIEW):
            take_attempt(attempt, learner=review_learner, rng=rng)
        Card.objects.bulk_update(review_cards, review_services.CARD_FIELDS)

    reviews_before = Attempt.objects.filter(learner=review_learner, kind=Attempt.Kind.REVIEW).count()
    measure(
        f"start a review `POST /review/start/` ({due_now} cards due, sessions of {review_services.session_size()})",
        request(review_client, "post", reverse("reviews:start"), 302),
        10,
        before=take_review_and_reset,
    )
    take_review_and_reset()
    started_reviews = Attempt.objects.filter(learner=review_learner, kind=Attempt.Kind.REVIEW).count() - reviews_before
    assert started_reviews == args.runs + 3, f"{started_reviews} reviews created by the starts"
    sizes = list(
        Attempt.objects.filter(learner=review_learner, kind=Attempt.Kind.REVIEW)
        .annotate(n=Count("items"))
        .values_list("n", flat=True)
    )

    health_samples += timed(health, 300, warm_up=20)
    reference = figures(health_samples)
    load_after = os.getloadavg()[0]
    connection.close()

    # 4c. Review reminders, twice, each in a fresh process.
    moment = timezone.now()
    opted_in = ReminderPreference.objects.exclude(frequency=ReminderPreference.Frequency.NEVER).exclude(
        learner__email=""
    )
    expected = (
        Card.objects.filter(
            learner_id__in=opted_in.values("learner_id"),
            learner__is_active=True,
            due__lte=moment,
            claim__is_published=True,
            claim__section__is_published=True,
        )
        .values("learner_id")
        .distinct()
        .count()
    )
    opted_in_count = opted_in.count()
    cards_total, logs_total = Card.objects.count(), ReviewLog.objects.count()
    answers_total = AttemptItem.objects.filter(answered_at__isnull=False).count()
    connection.close()
    say(f"reminders: {opted_in_count:,} opted in, about {expected:,} with something due")
    first = reminders_run()
    say(f"first reminder run: {first['sent']:,} sent in {first['seconds']} s")
    second = reminders_run()
    say(f"second reminder run: {second['sent']:,} sent in {second['seconds']} s")
    claimed_today = ReminderPreference.objects.filter(last_sent_on__isnull=False).count()
    connection.close()

    # --- Report ---
    for row in rows:
        row["ratio_to_health_view"] = round(row["median_ms"] / reference["median_ms"], 1)
        row["meets_target"] = row["median_ms"] <= row["target_ms"]
    revision = args.revision
    if not revision:
        with contextlib.suppress(OSError):
            revision = subprocess.run(
                ["git", "describe", "--always", "--dirty", "--exclude", "*"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
    reminders = {
        "opted_in": opted_in_count,
        "expected_with_something_due": expected,
        "first_run": first,
        "second_run": second,
        "preferences_marked_sent": claimed_today,
        "target_seconds": 60,
        "meets_target": first["seconds"] < 60,
        "second_run_sends_none": second["sent"] == 0,
        "mail_backend": DUMMY_MAILERS["default"]["BACKEND"],
    }
    report = {
        "engine": engine,
        "date": time.strftime("%Y-%m-%d"),
        "revision": revision,
        "debug": settings.DEBUG,
        "data": {
            "dashboard_learner_finished_attempts": finished,
            "cohort_learners": cohort.memberships.count(),
            "cohort_answers": args.cohort_answers,
            "review_learners": len(review_ids),
            "opted_in_learners": opted_in_count,
            "cards": cards_total,
            "review_logs": logs_total,
            "answers": answers_total,
            "review_session_items": {"min": min(sizes), "max": max(sizes)},
        },
        "setup_seconds": {name: round(seconds, 1) for name, seconds in setup.items()},
        "health_view": reference,
        "cpu_cores": os.cpu_count(),
        "sessions": "redis" if settings.REDIS_URL else "database",
        "load_average_1min": {"before_timing": round(load_before, 2), "after_timing": round(load_after, 2)},
        "measures": rows,
        "reminders": reminders,
    }
    out = Path(args.report)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"server-{engine}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    data = report["data"]
    session_items = f"{min(sizes)}" if min(sizes) == max(sizes) else f"{min(sizes)}–{max(sizes)}"
    lines = [
        f"# Server-time benchmark — {engine}",
        "",
        f"Measured {report['date']} (code at {revision or 'unknown'}), DEBUG off, in one run through Django's test "
        "client (full middleware and template rendering, no network), after "
        f"`{'VACUUM ANALYZE' if engine == 'postgresql' else 'ANALYZE'}`. Each page: {args.runs} timed runs after "
        "2 warm-up runs; its queries counted in one more, untimed. The trivial health view, timed before and after "
        f"the pages ({reference['runs']} runs pooled): median **{reference['median_ms']} ms**, p90 "
        f"{reference['p90_ms']} ms. The machine's 1-minute load average was {load_before:.2f} as timing began and "
        f"{load_after:.2f} after, on {os.cpu_count()} cores; other work on it slows the wall times, so the "
        "median CPU time of the benchmark's own process per request is given too (the database server's work "
        "on PostgreSQL is not in it). Sessions and the signed-in user: "
        + ("from Redis, as in production (`REDIS_URL`)." if report["sessions"] == "redis" else "in the database."),
        "",
        f"Data: a learner with {data['dashboard_learner_finished_attempts']} finished attempts (through the quiz "
        f"services); a cohort of {data['cohort_learners']} learners with {data['cohort_answers']:,} generated answers; "
        f"{data['review_learners']:,} review learners with {len(statements)} cards each and {args.logs} review "
        f"logs per card; {data['opted_in_learners']:,} learners opted in to daily reminders. In all "
        f"{data['cards']:,} cards, {data['review_logs']:,} review logs, {data['answers']:,} answers.",
        "",
        "| measure | median ms | p90 ms | × health view | CPU ms (median) | queries | target ms | met |",
        "|---|---:|---:|---:|---:|---:|---:|:-:|",
        f"| health view (trivial, reference) | {reference['median_ms']} | {reference['p90_ms']} | 1.0 | "
        f"{reference['cpu_median_ms']} | 0 | | |",
    ]
    for row in rows:
        met = "yes" if row["meets_target"] else "**no**"
        lines.append(
            f"| {row['measure']} | {row['median_ms']} | {row['p90_ms']} | {row['ratio_to_health_view']} | "
            f"{row['cpu_median_ms']} | {row['queries']} | {row['target_ms']} | {met} |"
        )
    lines += [
        "",
        f"Review sessions started had {session_items} items. Between timed starts the attempt (or review) "
        "just created was finished, untimed; a review was answered first, and the learner's cards put back as they "
        "were, so the same cards were due each time.",
        "",
        "## Review reminders (`send_review_reminders`)",
        "",
        f"{opted_in_count:,} learners opted in (daily, with an e-mail address), about {expected:,} of them with "
        "something due. Each run in a fresh process, as `manage.py send_review_reminders` (dummy e-mail backend "
        "through a `MAILERS` override); memory is the process's resident size (Django loaded, connected) when the "
        "run began, and its peak "
        + ("during the run (reset as it began)." if first["peak_measured_over"] == "the run" else "in the process."),
        "",
        "| run | e-mails sent | wall s | queries | resident MB before → peak | target | met |",
        "|---|---:|---:|---:|---:|---|:-:|",
        f"| first | {first['sent']:,} | {first['seconds']} | {first['queries']:,} | {first['rss_before_mb']} → "
        f"{first['peak_rss_mb']} | under 60 s | {'yes' if reminders['meets_target'] else '**no**'} |",
        f"| second, straight after | {second['sent']:,} | {second['seconds']} | {second['queries']:,} | "
        f"{second['rss_before_mb']} → {second['peak_rss_mb']} | sends 0 | "
        f"{'yes' if reminders['second_run_sends_none'] else '**no**'} |",
        "",
        "Setup (not timed above): "
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in report["setup_seconds"].items())
        + f"; the whole run {time.perf_counter() - began:.0f} s.",
    ]
    (out / f"server-{engine}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
