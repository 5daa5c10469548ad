"""Load benchmark: gunicorn (2 workers) on PostgreSQL, 50 simulated learners, a trivial view measured in the same run.

Run through `make bench` (or `make bench-load`). The fresh database is analysed (VACUUM ANALYZE) and
both paths are warmed up (a second of health, each learner's first true/false and matching answer)
before anything is timed.
Phases, all against 127.0.0.1 only and bounded in time:
1. health: every learner thread requests the trivial health view for a fixed time (the reference);
2. answer storm: each learner answers, item after item, the attempts prepared for them (one per quiz);
   and, as its own row ("answer (review storm)"), the steps of a spaced review prepared for them: each
   learner took every quiz through the quiz services a month before (`now=`), so all their cards are due,
   and `reviews.services.review_start` built the review; in each round the quiz answers and the review
   answers go one after the other (the order swapped every round);
   1 and 2 alternate in rounds, so that both see the same drift of the host's speed;
3. journeys: learners (signed in before phase 1) start quizzes, read items, answer, finish and read
   results, pausing about a second before each click as a (fast) reader would;
4. horizontal: a second app process on another port; one learner alternates between the two and
   finishes a whole attempt (sessions live in Redis and the database, shared by both).
Afterwards the answers stored (review answers included) are compared with the answers the clients got a
success for, and the database queries of single quiz and review answers are counted in-process (the test
client, a learner of its own). A Markdown and a JSON report go to docs/benchmarks/.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import timedelta
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "load-test-password-not-secret"
HOST = "127.0.0.1"


class Browser:
    """One simulated learner: a keep-alive connection, cookies, and timings per endpoint."""

    def __init__(self, port: int, timings, errors):
        self.port, self.timings, self.errors = port, timings, errors
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(
        self, method: str, path: str, endpoint: str, form: dict | None = None, port: int | None = None, htmx=False
    ):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        conn = self.conn if port in (None, self.port) else http.client.HTTPConnection(HOST, port, timeout=30)
        started = time.perf_counter()
        try:
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once, as browsers do.
                conn.close()
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.errors.append(f"{endpoint}: {error!r}")
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            return 0, "", ""
        finally:
            if conn is not self.conn:
                conn.close()
        self.timings[endpoint].append((time.perf_counter() - started) * 1000)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status >= 400 and response.status not in (409, 422):
            self.errors.append(f"{endpoint} {method} {path}: HTTP {response.status}")
        return response.status, response.headers.get("Location", ""), text

    def sign_in(self, username: str) -> bool:
        self.request("GET", "/accounts/login/", "login page")
        status, _, _ = self.request("POST", "/accounts/login/", "sign in", {"username": username, "password": PASSWORD})
        return status == 302


def answer_for(page: str) -> dict:
    """A random answer to the item on the page: a true/false choice, or a fact for each claim."""
    if 'name="choice"' in page:
        return {"choice": random.choice(["true", "false"])}
    tokens = re.findall(r'<option value="([^"]+)"', page)
    return {name: random.choice(tokens) for name in re.findall(r'<select id="select-[^"]+" name="([^"]+)"', page)}


def journey(browser: Browser, stop_at: float, successes: set, lock, think: float) -> None:
    """Start quizzes, answer every item, finish and read results, until time is up.

    Before each click the learner reads for `think` seconds on average (half to one and a half times
    that); redirects are followed at once, as a browser does.
    """

    def read() -> None:
        if think > 0:
            time.sleep(max(0.0, min(random.uniform(0.5, 1.5) * think, stop_at - time.perf_counter())))

    if think > 0:
        time.sleep(random.uniform(0, think))  # learners arrive over the first second, not all at one instant
    while time.perf_counter() < stop_at:
        status, _, page = browser.request("GET", "/", "dashboard")
        quiz_ids = re.findall(r'action="/quizzes/(\d+)/start/"', page) or re.findall(r'href="(/attempts/[^"]+/)"', page)
        if not quiz_ids:
            return
        target = random.choice(quiz_ids)
        read()
        if target.startswith("/attempts/"):
            status, location, _ = browser.request("GET", target, "resume")
        else:
            status, location, _ = browser.request("POST", f"/quizzes/{target}/start/", "start", {})
            status, location, _ = browser.request("GET", location, "resume")
        while location and time.perf_counter() < stop_at:
            if "/items/" in location:
                status, _, page = browser.request("GET", location, "item page")
                read()
                if 'name="choice"' not in page and "<select" not in page:
                    next_step = re.search(r'href="(/attempts/[^"]+/items/\d+/)"', page)
                    location = next_step.group(1) if next_step else location.rsplit("/items/", 1)[0] + "/finish/"
                    continue
                answered = re.search(r"/attempts/([^/]+)/items/(\d+)/", location).groups()
                status, location, _ = browser.request("POST", location, "answer", answer_for(page))
                if status in (200, 302):
                    with lock:
                        successes.add(answered)
            elif location.endswith("/finish/"):
                read()
                status, location, _ = browser.request("POST", location, "finish", {})
            elif location.endswith("/results/"):
                browser.request("GET", location, "results")
                location = ""
                read()
            else:
                status, location, _ = browser.request("GET", location, "resume")


def form_for(attempt, step: int) -> dict:
    """A random answer to a prepared attempt's step, as the learner's page would post it (without certainty)."""
    if attempt.step_is_matching(step):
        tokens = [o["token"] for o in attempt.options_for(step)]
        return {item.token: random.choice(tokens) for item in attempt.items.filter(step=step)}
    return {"choice": random.choice(["true", "false"])}


def spread(values: list[float]) -> float:
    """Half the range: the ± around the middle."""
    return (max(values) - min(values)) / 2 if values else 0.0


def load_average() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def run_threads(count: int, target) -> None:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30, help="length of the learners' phase (health: half)")
    parser.add_argument("--think", type=float, default=1.0, help="learners' mean reading time before a click, s")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (1: the sync worker, fastest here)"
    )
    parser.add_argument("--rounds", type=int, default=4, help="health/storm alternations (see phases 1 and 2)")
    parser.add_argument(
        "--review-size",
        type=int,
        default=26,
        help="cards in each learner's prepared review (REVIEW_SESSION_SIZE; 26: every claim, about as many "
        "answers a round as the quiz storm's POST-alone slice)",
    )
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks"))
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factsquiz_load")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    if redis_url and not redis_reachable(redis_url):
        print(f"Redis is not reachable at {redis_url}: sessions stay in the database only.", file=sys.stderr)
        redis_url = ""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-only-not-a-secret",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "factsquiz.settings",
        "REVIEW_SESSION_SIZE": str(args.review_size),
    }
    load_averages = {"start": load_average()}
    os.environ.update(env)
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(database_url)
    admin = psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres", autocommit=True
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.roles import LEARNER
    from quiz import services
    from quiz.models import Attempt, AttemptItem, Quiz
    from reviews.services import cards_sync, review_start

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command("import_content", str(ROOT / "content/fixtures/nato-russia-relations-the-facts.json"))
    User = get_user_model()
    hashed = make_password(PASSWORD)
    # The learners, then the horizontal walker, then the learner whose single answers are counted in-process.
    users = User.objects.bulk_create(
        [User(username=f"load-{n:03d}", password=hashed) for n in range(args.learners + 2)]
    )
    walker_user, probe_user = users[args.learners], users[args.learners + 1]
    group = Group.objects.get(name=LEARNER)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
    quizzes = list(Quiz.objects.published().order_by("pk"))
    run_started = timezone.now()  # attempts started from here on are this run's; the history is older

    def take_quizzes_a_month_ago(user) -> None:
        """Every published quiz, taken and finished through the quiz services a month ago: all cards come due."""
        at = run_started - timedelta(days=30)
        for quiz in quizzes:
            attempt, _ = services.attempt_start(learner=user, quiz=quiz, now=at)
            for step in range(1, attempt.step_count + 1):
                at += timedelta(seconds=random.randint(4, 20))
                services.answer_submit(
                    learner=user, attempt_id=attempt.public_id, step=step, answer=form_for(attempt, step), now=at
                )
            services.attempt_finish(attempt=attempt, now=at)

    say(f"setup: {args.learners + 1} learners take every quiz a month ago, then start a review")
    storm: dict[int, list[tuple[str, dict]]] = defaultdict(list)  # learner index -> posts, in order
    review: dict[int, list[tuple[str, dict]]] = defaultdict(list)  # learner index -> review posts, in order
    review_kinds = {"true/false": 0, "matching": 0}
    storm_kinds = {"true/false": 0, "matching": 0}
    warm_up: dict[int, list[tuple[str, dict]]] = defaultdict(list)  # the first answer of each kind of attempt
    review_ids: set[str] = set()  # the learners' review attempts (public ids)
    for index, user in enumerate([*users[: args.learners], probe_user]):
        take_quizzes_a_month_ago(user)
        attempt, _ = review_start(learner=user)
        if user is probe_user:
            probe_review = attempt
            continue
        review_ids.add(str(attempt.public_id))
        for step in range(1, attempt.step_count + 1):
            post = (f"/attempts/{attempt.public_id}/items/{step}/", form_for(attempt, step))
            if step == 1:  # answered in the warm-up (the same statements as a quiz's answers, see quiz/answer_sql.py)
                warm_up[index].append(post)
            else:
                review[index].append(post)
                review_kinds["matching" if attempt.step_is_matching(step) else "true/false"] += 1
    for index, user in enumerate(users[: args.learners]):
        warmed = set()
        for quiz in quizzes:
            attempt, _ = services.attempt_start(learner=user, quiz=quiz)
            for step in range(1, attempt.step_count + 1):
                post = (f"/attempts/{attempt.public_id}/items/{step}/", form_for(attempt, step))
                if step == 1 and quiz.kind not in warmed:  # answered in the warm-up, before the storm
                    warmed.add(quiz.kind)
                    warm_up[index].append(post)
                else:
                    storm[index].append(post)
                    storm_kinds["matching" if attempt.step_is_matching(step) else "true/false"] += 1
    # The in-process probe's own steps: every quiz again, and its review, interleaved evenly (each attempt's
    # steps in order), so that the two kinds of answer see the same state of the process and the database.
    probe_steps = {
        "quiz answer": [
            (attempt, step)
            for attempt in (services.attempt_start(learner=probe_user, quiz=quiz)[0] for quiz in quizzes)
            for step in range(1, attempt.step_count + 1)
        ],
        "review answer": [(probe_review, step) for step in range(1, probe_review.step_count + 1)],
    }
    probe_sequence = sorted(
        (
            (n / len(steps), label, attempt, step)
            for label, steps in probe_steps.items()
            for n, (attempt, step) in enumerate(steps)
        ),
        key=lambda entry: entry[:2],
    )
    load_averages["after setup"] = load_average()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # a database just loaded has no planner statistics yet; a live one has
    connection.close()

    def start_server(port: int, workers: int) -> subprocess.Popen:
        command = [str(ROOT / ".venv/bin/gunicorn"), "factsquiz.wsgi", "-w", str(workers), "-b", f"{HOST}:{port}"]
        if args.threads > 1:
            command += ["-k", "gthread", "--threads", str(args.threads), "--keep-alive", "30"]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                probe = http.client.HTTPConnection(HOST, port, timeout=2)
                probe.request("GET", "/health/")
                if probe.getresponse().status == 200:
                    return process
            except OSError:
                time.sleep(0.1)
        process.kill()
        raise SystemExit(f"gunicorn did not start on port {port}")

    server = start_server(args.port, 2)
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    browsers = [Browser(args.port, timings, errors) for _ in range(args.learners)]
    try:
        say(f"signing in {args.learners} learners")
        # Two at a time, one per worker: a password check costs about a second of CPU (PBKDF2, Django's
        # default work factor), so more at once would only queue.
        signed = [False] * args.learners

        def sign_in_every_other(first: int) -> None:
            for i in range(first, args.learners, 2):
                signed[i] = browsers[i].sign_in(users[i].username)

        run_threads(2, sign_in_every_other)
        signed_in = sum(signed)

        # 1 and 2, interleaved in rounds: the trivial view for a few seconds, then a slice of the answer
        # storm, and again. The host's speed drifts (other tenants); alternating exposes both phases to
        # the same drift, so their ratio is fair. Each learner's answers stay in order across slices.
        successes: set = set()
        lock = threading.Lock()
        storm_ok = []
        health_seconds = storm_seconds = review_seconds = 0.0
        rounds = []  # per round: health, quiz storm and review storm requests and seconds
        cycle_seconds = {"htmx": 0.0, "nojs": 0.0}

        def health_for(index: int, stop: float, endpoint: str = "health") -> None:
            while time.perf_counter() < stop:
                browsers[index].request("GET", "/health/", endpoint)

        def answer_slice(index: int, posts, endpoint: str = "answer (storm)", mode: str = "post") -> None:
            """Answer `posts` in order: the POST alone, with htmx (the feedback card comes back), or
            without JavaScript (the POST, then the GET of the page it redirects to: the whole cycle)."""
            for path, form in posts:
                started = time.perf_counter()
                status, location, _ = browsers[index].request("POST", path, endpoint, form, htmx=mode == "htmx")
                if mode == "nojs" and status == 302:
                    browsers[index].request("GET", location, endpoint + " (the GET)")
                    timings[endpoint + " (whole cycle)"].append((time.perf_counter() - started) * 1000)
                if status in (200, 302):
                    with lock:
                        storm_ok.append(path)

        # Warm-up, not measured: every worker runs both paths before the clock starts (first queries
        # of a connection, prepared statements, caches), as a server in service has long done.
        say("warm-up: health view and each learner's first answers")
        run_threads(args.learners, partial(health_for, stop=time.perf_counter() + 1, endpoint="health (warm-up)"))
        run_threads(args.learners, lambda i: answer_slice(i, warm_up[i], "answer (warm-up)"))

        def timed(work, endpoint: str) -> tuple[int, float]:
            """Run `work` once; the requests it added to `endpoint` and the seconds it took."""
            before, started = len(timings[endpoint]), time.perf_counter()
            work()
            return len(timings[endpoint]) - before, time.perf_counter() - started

        def share(part: list[tuple[str, dict]], number: int) -> slice:
            return slice(number * len(part) // args.rounds, (number + 1) * len(part) // args.rounds)

        for number in range(args.rounds):
            say(f"phase 1/2, round {number + 1} of {args.rounds}: health view, then answer storm and review storm")
            stop = time.perf_counter() + args.seconds / 2 / args.rounds
            health = timed(lambda stop=stop: run_threads(args.learners, partial(health_for, stop=stop)), "health")
            health_seconds += health[1]
            cut = {i: (share(p, number).start, share(p, number).stop) for i, p in storm.items()}
            # Each learner's slice in three, answered in order: the POST alone, the htmx cycle, the no-JS cycle.
            thirds = {i: (a, a + (b - a) // 3, a + 2 * (b - a) // 3, b) for i, (a, b) in cut.items()}

            def quiz_storm(t=thirds):
                run_threads(args.learners, lambda n: answer_slice(n, storm[n][t[n][0] : t[n][1]]))

            def review_storm(number=number):
                run_threads(
                    args.learners,
                    lambda n: answer_slice(n, review[n][share(review[n], number)], "answer (review storm)"),
                )

            # The quiz answers' POSTs and the review answers' POSTs one after the other, the order swapped every
            # round, so that neither always comes straight after the health phase.
            measured = {}
            order = (("quiz", quiz_storm), ("review", review_storm))
            for name, work in order if number % 2 == 0 else reversed(order):
                measured[name] = timed(work, "answer (storm)" if name == "quiz" else "answer (review storm)")
            storm_seconds += measured["quiz"][1]
            review_seconds += measured["review"][1]
            rounds.append(
                {
                    "round": number + 1,
                    "first": "quiz" if number % 2 == 0 else "review",
                    "health": health,
                    "quiz": measured["quiz"],
                    "review": measured["review"],
                }
            )
            for part, mode, endpoint in ((1, "htmx", "answer cycle, htmx"), (2, "nojs", "answer cycle, no JavaScript")):
                started = time.perf_counter()
                run_threads(
                    args.learners,
                    lambda i, t=thirds, part=part, mode=mode, endpoint=endpoint: answer_slice(
                        i, storm[i][t[i][part] : t[i][part + 1]], endpoint, mode
                    ),
                )
                cycle_seconds[mode] += time.perf_counter() - started
        health_rps = len(timings["health"]) / health_seconds
        answer_rps = len(timings["answer (storm)"]) / storm_seconds
        review_rps = len(timings["answer (review storm)"]) / review_seconds
        load_averages["after the storms"] = load_average()
        htmx_rps = len(timings["answer cycle, htmx"]) / cycle_seconds["htmx"]
        nojs_rps = len(timings["answer cycle, no JavaScript (whole cycle)"]) / cycle_seconds["nojs"]

        # The storms' answers moved to the learners' cards (untimed), as finishing those attempts would have done:
        # otherwise each learner's first dashboard of phase 3 syncs all of them at once (some 70 answers onto 26
        # cards that exist: about 0.1 s of a worker each, 50 at the same instant), and phase 3 measures that queue.
        say("between phases: the storms' answers synced to cards (untimed)")
        presync = []  # (answers taken, ms) per learner
        for user in users[: args.learners]:
            started = time.perf_counter()
            taken = cards_sync(learner_ids=[user.pk])
            presync.append((taken, (time.perf_counter() - started) * 1000))
        connection.close()

        # 3. Whole journeys for a fixed time.
        say("phase 3: journeys")
        stop_at = time.perf_counter() + args.seconds
        before = sum(len(samples) for samples in timings.values())
        run_threads(args.learners, lambda i: journey(browsers[i], stop_at, successes, lock, args.think))
        learners_rps = (sum(len(samples) for samples in timings.values()) - before) / args.seconds

        # 4. Horizontal: a second process; one learner alternates between the two.
        say("phase 4: horizontal")
        second = start_server(args.port + 1, 1)
        try:
            walker = Browser(args.port, timings, errors)
            walker.sign_in(walker_user.username)
            # A true/false quiz, by kind: the walker answers true/false and matching steps only.
            quiz_id = (
                Quiz.objects.published()
                .filter(kind=Quiz.Kind.TRUE_FALSE)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
            ports = [args.port, args.port + 1]
            status, location, _ = walker.request("POST", f"/quizzes/{quiz_id}/start/", "horizontal", {}, port=ports[1])
            hops = 0
            while location and hops < 200:
                hops += 1
                port = ports[hops % 2]
                if "/items/" in location:
                    _, _, page = walker.request("GET", location, "horizontal", port=port)
                    if 'name="choice"' in page or "<select" in page:
                        status, location, _ = walker.request(
                            "POST", location, "horizontal", answer_for(page), port=ports[(hops + 1) % 2]
                        )
                    else:
                        nxt = re.search(r'href="(/attempts/[^"]+/items/\d+/)"', page)
                        location = nxt.group(1) if nxt else location.rsplit("/items/", 1)[0] + "/finish/"
                elif location.endswith("/finish/"):
                    status, location, _ = walker.request("POST", location, "horizontal", {}, port=port)
                elif location.endswith("/results/"):
                    break
                else:
                    status, location, _ = walker.request("GET", location, "horizontal", port=port)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=20)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    load_averages["end"] = load_average()

    connection.connect()
    load_users = users[: args.learners]
    stored_steps = {
        (str(a), str(s))
        for a, s in AttemptItem.objects.filter(
            attempt__learner__in=load_users, attempt__started_at__gte=run_started, answered_at__isnull=False
        )
        .values_list("attempt__public_id", "step")
        .distinct()
    }
    stored_review_steps = {
        (str(a), str(s))
        for a, s in AttemptItem.objects.filter(
            attempt__learner__in=load_users, attempt__kind=Attempt.Kind.REVIEW, answered_at__isnull=False
        )
        .values_list("attempt__public_id", "step")
        .distinct()
    }
    confirmed = {(p.split("/")[2], p.split("/")[4]) for p in storm_ok} | successes
    lost = len(confirmed - stored_steps)
    review_confirmed = {answer for answer in confirmed if answer[0] in review_ids}  # the warm-up's first ones too
    review_lost = len(review_confirmed - stored_review_steps)
    horizontal = (
        Attempt.objects.filter(learner=walker_user, started_at__gte=run_started)
        .order_by("-started_at")
        .values("finished_at", "max_score")
        .first()
    )
    horizontal_answers = AttemptItem.objects.filter(
        attempt__learner=walker_user, attempt__started_at__gte=run_started, answered_at__isnull=False
    ).count()

    # Single answers in-process, the server at rest (the test client, a learner of its own, sessions in Redis
    # as the server has them): every step of every quiz and of the review, interleaved, after one GET that puts
    # the session and the user in the cache as a learner's page view before an answer does. Database queries
    # per answer, and its time (wall and this process's CPU, queries being recorded).
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    say("single answers in-process: queries and time")
    client = Client(HTTP_HOST=HOST)
    client.force_login(probe_user)
    client.get(f"/attempts/{probe_review.public_id}/items/1/")
    probe: dict[str, dict[str, list]] = defaultdict(lambda: {"queries": [], "ms": [], "cpu_ms": []})
    for _, label, attempt, step in probe_sequence:
        form = form_for(attempt, step)
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.post(f"/attempts/{attempt.public_id}/items/{step}/", form)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if response.status_code != 302:
            errors.append(f"in-process {label} step {step}: HTTP {response.status_code}")
        sample = probe[f"{label}, {'matching' if attempt.step_is_matching(step) else 'true/false'}"]
        sample["queries"].append(len(queries))
        sample["ms"].append(wall * 1000)
        sample["cpu_ms"].append(cpu * 1000)
    answer_queries = {
        name: {
            "answers": len(sample["queries"]),
            "queries": sorted(set(sample["queries"])),
            "median_ms": round(statistics.median(sample["ms"]), 2),
            "median_cpu_ms": round(statistics.median(sample["cpu_ms"]), 2),
        }
        for name, sample in sorted(probe.items())
    }

    rows = []
    for endpoint, samples in sorted(timings.items()):
        rows.append(
            {
                "endpoint": endpoint,
                "requests": len(samples),
                "p50_ms": percentile(samples, 0.50),
                "p95_ms": percentile(samples, 0.95),
                "p99_ms": percentile(samples, 0.99),
            }
        )
    storm_row = next(r for r in rows if r["endpoint"] == "answer (storm)")
    review_row = next(r for r in rows if r["endpoint"] == "answer (review storm)")
    for r in rounds:
        health_r = r["health"][0] / r["health"][1]
        r["quiz_to_health"] = round(r["quiz"][0] / r["quiz"][1] / health_r, 3)
        r["review_to_health"] = round(r["review"][0] / r["review"][1] / health_r, 3)
        r["review_to_quiz"] = round(r["review_to_health"] / r["quiz_to_health"], 3)
    quiz_ratio = answer_rps / health_rps if health_rps else 0.0
    review_ratio = review_rps / health_rps if health_rps else 0.0
    # The run's own spread: half the range of the quiz storm's ratio from round to round.
    quiz_spread = spread([r["quiz_to_health"] for r in rounds])
    answer_row = next((r for r in rows if r["endpoint"] == "answer"), {"p99_ms": float("inf"), "requests": 0})
    report = {
        "date": time.strftime("%Y-%m-%d"),
        "database": "postgresql",
        "gunicorn_workers": 2,
        "gunicorn_threads_per_worker": args.threads,
        "sessions": "Redis, written through to PostgreSQL (cached_db)" if redis_url else "PostgreSQL",
        "learners": args.learners,
        "signed_in": signed_in,
        "health_requests_per_second": round(health_rps, 1),
        "answer_requests_per_second": round(answer_rps, 1),
        "answer_to_health_ratio": round(answer_rps / health_rps, 3) if health_rps else None,
        "review_answer_requests_per_second": round(review_rps, 1),
        "review_answer_to_health_ratio": round(review_ratio, 3) if health_rps else None,
        "review_to_quiz_answer_ratio": round(review_rps / answer_rps, 3) if answer_rps else None,
        "quiz_answer_ratio_round_spread": round(quiz_spread, 3),
        "review_answer_ratio_round_spread": round(spread([r["review_to_health"] for r in rounds]), 3),
        "review_size": args.review_size,
        "review_storm_steps": review_kinds,
        "quiz_storm_steps": storm_kinds,
        "rounds": rounds,
        "database_queries_per_answer": answer_queries,
        "load_average_1_5_15_min": load_averages,
        "cards_sync_before_journeys": {
            "median_answers_per_learner": statistics.median(t for t, _ in presync),
            "median_ms_per_learner": round(statistics.median(ms for _, ms in presync), 1),
        },
        "answer_cycle_htmx_per_second": round(htmx_rps, 1),
        "answer_cycle_htmx_to_health_ratio": round(htmx_rps / health_rps, 3) if health_rps else None,
        "answer_cycle_nojs_per_second": round(nojs_rps, 1),
        "answer_cycle_nojs_to_health_ratio": round(nojs_rps / health_rps, 3) if health_rps else None,
        "learners_think_seconds": args.think,
        "learners_requests_per_second": round(learners_rps, 1),
        "answer_p99_ms_while_learning": answer_row["p99_ms"],
        "answer_p99_ms_at_saturation": storm_row["p99_ms"],
        "answers_confirmed": len(confirmed),
        "answers_stored": len(stored_steps),
        "answers_lost": lost,
        "review_answers_confirmed": len(review_confirmed),
        "review_answers_stored": len(stored_review_steps),
        "review_answers_lost": review_lost,
        "errors": len(errors),
        "error_samples": errors[:10],
        "horizontal_attempt_finished": bool(horizontal and horizontal["finished_at"]),
        "horizontal_answers_stored": horizontal_answers,
        "horizontal_max_score": horizontal["max_score"] if horizontal else None,
        "endpoints": rows,
        "targets": {
            "errors": "0",
            "lost answers": "0",
            "answer ÷ health throughput": "≥ 0.35",
            "review answer ≤ quiz answer cost": "review answer ÷ health ≥ quiz answer ÷ health − the run's spread",
            "answer cycle with htmx ÷ health": "≥ 0.30",
            "answer cycle without JavaScript ÷ health": "≥ 0.15",
            "answer p99 while learners take quizzes": "< 150 ms",
        },
    }
    report["targets_met"] = {
        "errors": report["errors"] == 0,
        "lost answers": lost == 0,
        "answer ÷ health throughput": (report["answer_to_health_ratio"] or 0) >= 0.35,
        "review answer ≤ quiz answer cost": bool(rounds) and review_ratio >= quiz_ratio - quiz_spread,
        "answer cycle with htmx ÷ health": (report["answer_cycle_htmx_to_health_ratio"] or 0) >= 0.30,
        "answer cycle without JavaScript ÷ health": (report["answer_cycle_nojs_to_health_ratio"] or 0) >= 0.15,
        "answer p99 while learners take quizzes": answer_row["requests"] > 0 and answer_row["p99_ms"] < 150,
    }
    out = Path(args.report)
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        f"# Load benchmark — gunicorn (2 workers × {args.threads} threads) on PostgreSQL",
        "",
        f"{args.learners} simulated learners on 127.0.0.1, measured {report['date']} in one run (`make bench`). "
        "The client runs on the same 2-core machine as the server, so absolute figures are low; ratios compare "
        "phases of the same run. The fresh database is analysed (`VACUUM ANALYZE`) and both paths are warmed up "
        "(1 s of health, each learner's first answer of each kind of quiz and of its review; rows “warm-up”) "
        "before anything is timed. Phases:",
        "",
        f"1. and 2., alternated in {args.rounds} rounds so that both see the same drift of the host's speed: "
        "**health**, every learner requests the trivial health view (no database, no template) as fast as it "
        f"can, {args.seconds / 2 / args.rounds:g} s a round: the reference throughput; then **answer storm**, "
        "every learner submits the next slice of the answers of its prepared attempts as fast as it can (no "
        "pause): the answer throughput at saturation; and, in the same rounds, the next slice of the steps of its "
        "prepared review (**review storm**), the order of the two storms swapped every round;",
        f"3. **learners**: for {args.seconds} s every learner takes whole quizzes, reading for "
        f"{args.think:g} s on average (half to one and a half times that) before each click, and following "
        "redirects at once: the latency learners see (rows without “storm”);",
        "4. **horizontal**: one learner alternates between two app processes and finishes an attempt.",
        "",
        f"- Sessions: {report['sessions']}; prepared statements on",
        f"- Health view: **{report['health_requests_per_second']} requests/s**",
        f"- Answer submissions (answer storm): **{report['answer_requests_per_second']} requests/s**, "
        f"ratio **{report['answer_to_health_ratio']}** (target ≥ 0.35); p99 at saturation "
        f"{storm_row['p99_ms']} ms ({args.learners} requests always in flight: latency is concurrency ÷ throughput)",
        f"- Review answers (review storm, the same rounds, the order of the two storms swapped every round): "
        f"**{report['review_answer_requests_per_second']} requests/s**, ratio "
        f"**{report['review_answer_to_health_ratio']}** beside the quiz answers' **{report['answer_to_health_ratio']}**"
        f" (review ÷ quiz {report['review_to_quiz_answer_ratio']}); round-to-round spread of the ratios "
        f"±{report['quiz_answer_ratio_round_spread']} (quiz), ±{report['review_answer_ratio_round_spread']} "
        f"(review); p99 at saturation {review_row['p99_ms']} ms. Each learner's review: {args.review_size} due "
        f"cards, {sum(review_kinds.values()) // max(1, args.learners) + 1} steps (the first answered in the "
        f"warm-up); storm steps true/false : matching, review {review_kinds['true/false']} : "
        f"{review_kinds['matching']}, quiz {storm_kinds['true/false']} : {storm_kinds['matching']} (the POST-alone "
        "third is drawn from these). Review answers are posted as the quiz answers are, without certainty",
        "- Single answers in-process, the server at rest (test client, a learner of its own with the same "
        "history, quiz and review steps interleaved; session and user from Redis): database queries, median "
        "wall / CPU ms: "
        + "; ".join(
            f"{name} ({c['answers']}): {'/'.join(map(str, c['queries']))} "
            f"{'query' if c['queries'] == [1] else 'queries'}, {c['median_ms']} / {c['median_cpu_ms']} ms"
            for name, c in answer_queries.items()
        ),
        "- Before phase 3, untimed, each learner's storm answers were synced to its cards in-process "
        f"({report['cards_sync_before_journeys']['median_answers_per_learner']:g} answered items onto 26 cards: median "
        f"{report['cards_sync_before_journeys']['median_ms_per_learner']} ms a learner), as finishing those "
        "attempts would have done; left to the first dashboard of phase 3 they queue 50 such syncs at once",
        f"- Whole answer cycle, with htmx (the POST returning the feedback card): "
        f"**{report['answer_cycle_htmx_per_second']}/s**, ratio **{report['answer_cycle_htmx_to_health_ratio']}** "
        "(target ≥ 0.30); without JavaScript (the POST and the GET it redirects to): "
        f"**{report['answer_cycle_nojs_per_second']}/s**, ratio **{report['answer_cycle_nojs_to_health_ratio']}** "
        "(target ≥ 0.15). Each round's answers are split in three, answered in order: POST alone, htmx, no JS",
        f"- Learners taking quizzes: {report['learners_requests_per_second']} requests/s; answer p99 "
        f"**{answer_row['p99_ms']} ms** (target < 150 ms)",
        f"- Errors: **{report['errors']}** · answers confirmed to clients: {report['answers_confirmed']}, "
        f"stored: {report['answers_stored']}, lost: **{lost}** (review answers: confirmed {len(review_confirmed)}, "
        f"stored {len(stored_review_steps)}, lost **{review_lost}**)",
        "- Load average (1 / 5 / 15 min): " + "; ".join(f"{when} {value}" for when, value in load_averages.items()),
        f"- Horizontal run (two app processes, one learner alternating): attempt finished: "
        f"**{'yes' if report['horizontal_attempt_finished'] else 'no'}**, answers stored "
        f"{horizontal_answers} of {report['horizontal_max_score']}",
        "",
        "| endpoint | requests | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
        *[f"| {r['endpoint']} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} |" for r in rows],
        "",
        "| round | first | health/s | quiz answer ÷ health | review answer ÷ health | review ÷ quiz |",
        "|---:|---|---:|---:|---:|---:|",
        *[
            f"| {r['round']} | {r['first']} | {r['health'][0] / r['health'][1]:.0f} | {r['quiz_to_health']} | "
            f"{r['review_to_health']} | {r['review_to_quiz']} |"
            for r in rounds
        ],
        "",
        "| target | met |",
        "|---|:-:|",
        *[
            f"| {name} ({report['targets'][name]}) | {'yes' if met else '**no**'} |"
            for name, met in report["targets_met"].items()
        ],
    ]
    (out / "load.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
