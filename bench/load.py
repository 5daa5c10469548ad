"""Load benchmark: gunicorn (2 workers) on PostgreSQL, 50 simulated learners, a trivial view measured in the same run.

Run through `make bench` (or `make bench-load`). The fresh database is analysed (VACUUM ANALYZE) and
both paths are warmed up (a second of health, each learner's first true/false and matching answer)
before anything is timed.
Phases, all against 127.0.0.1 only and bounded in time:
1. health: every learner thread requests the trivial health view for a fixed time (the reference);
2. answer storm: each learner answers, item after item, the attempts prepared for them (one per quiz);
   1 and 2 alternate in rounds, so that both see the same drift of the host's speed;
3. journeys: learners (signed in before phase 1) start quizzes, read items, answer, finish and read
   results, pausing about a second before each click as a (fast) reader would;
4. horizontal: a second app process on another port; one learner alternates between the two and
   finishes a whole attempt (sessions live in Redis and the database, shared by both).
Afterwards the answers stored are compared with the answers the clients got a success for. A Markdown
and a JSON report go to docs/benchmarks/.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
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
    }
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

    from accounts.roles import LEARNER
    from quiz import services
    from quiz.models import Attempt, AttemptItem, Quiz

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command("import_content", str(ROOT / "content/fixtures/nato-russia-relations-the-facts.json"))
    User = get_user_model()
    hashed = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [User(username=f"load-{n:03d}", password=hashed) for n in range(args.learners + 1)]
    )
    group = Group.objects.get(name=LEARNER)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
    storm: dict[int, list[tuple[str, dict]]] = defaultdict(list)  # learner index -> posts, in order
    warm_up: dict[int, list[tuple[str, dict]]] = defaultdict(list)  # the first answer of each kind of quiz
    for index, user in enumerate(users[: args.learners]):
        warmed = set()
        for quiz in Quiz.objects.published():
            attempt, _ = services.attempt_start(learner=user, quiz=quiz)
            for step in range(1, attempt.step_count + 1):
                items = list(attempt.items.filter(step=step))
                if attempt.is_matching:
                    tokens = [o["token"] for o in attempt.options_for(step)]
                    form = {item.token: random.choice(tokens) for item in items}
                else:
                    form = {"choice": random.choice(["true", "false"])}
                post = (f"/attempts/{attempt.public_id}/items/{step}/", form)
                if step == 1 and quiz.kind not in warmed:  # answered in the warm-up, before the storm
                    warmed.add(quiz.kind)
                    warm_up[index].append(post)
                else:
                    storm[index].append(post)
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
        health_seconds = storm_seconds = 0.0
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

        for number in range(args.rounds):
            say(f"phase 1/2, round {number + 1} of {args.rounds}: health view, then answer storm")
            started = time.perf_counter()
            stop = started + args.seconds / 2 / args.rounds
            run_threads(args.learners, partial(health_for, stop=stop))
            health_seconds += time.perf_counter() - started
            cut = {i: (number * len(p) // args.rounds, (number + 1) * len(p) // args.rounds) for i, p in storm.items()}
            # Each learner's slice in three, answered in order: the POST alone, the htmx cycle, the no-JS cycle.
            thirds = {i: (a, a + (b - a) // 3, a + 2 * (b - a) // 3, b) for i, (a, b) in cut.items()}
            started = time.perf_counter()
            run_threads(args.learners, lambda i, t=thirds: answer_slice(i, storm[i][t[i][0] : t[i][1]]))
            storm_seconds += time.perf_counter() - started
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
        htmx_rps = len(timings["answer cycle, htmx"]) / cycle_seconds["htmx"]
        nojs_rps = len(timings["answer cycle, no JavaScript (whole cycle)"]) / cycle_seconds["nojs"]

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
            walker.sign_in(users[-1].username)
            quiz_id = Quiz.objects.published().order_by("pk").values_list("pk", flat=True).first()
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

    connection.connect()
    load_users = users[: args.learners]
    stored_steps = {
        (str(a), str(s))
        for a, s in AttemptItem.objects.filter(attempt__learner__in=load_users, answered_at__isnull=False)
        .values_list("attempt__public_id", "step")
        .distinct()
    }
    confirmed = {(p.split("/")[2], p.split("/")[4]) for p in storm_ok} | successes
    lost = len(confirmed - stored_steps)
    horizontal = (
        Attempt.objects.filter(learner=users[-1]).order_by("-started_at").values("finished_at", "max_score").first()
    )
    horizontal_answers = AttemptItem.objects.filter(attempt__learner=users[-1], answered_at__isnull=False).count()

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
            "answer cycle with htmx ÷ health": "≥ 0.30",
            "answer cycle without JavaScript ÷ health": "≥ 0.15",
            "answer p99 while learners take quizzes": "< 150 ms",
        },
    }
    report["targets_met"] = {
        "errors": report["errors"] == 0,
        "lost answers": lost == 0,
        "answer ÷ health throughput": (report["answer_to_health_ratio"] or 0) >= 0.35,
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
        "(1 s of health, each learner's first answer of each kind of quiz; rows “warm-up”) before anything is "
        "timed. Phases:",
        "",
        f"1. and 2., alternated in {args.rounds} rounds so that both see the same drift of the host's speed: "
        "**health**, every learner requests the trivial health view (no database, no template) as fast as it "
        f"can, {args.seconds / 2 / args.rounds:g} s a round: the reference throughput; then **answer storm**, "
        "every learner submits the next slice of the answers of its prepared attempts as fast as it can (no "
        "pause): the answer throughput at saturation;",
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
        f"- Whole answer cycle, with htmx (the POST returning the feedback card): "
        f"**{report['answer_cycle_htmx_per_second']}/s**, ratio **{report['answer_cycle_htmx_to_health_ratio']}** "
        "(target ≥ 0.30); without JavaScript (the POST and the GET it redirects to): "
        f"**{report['answer_cycle_nojs_per_second']}/s**, ratio **{report['answer_cycle_nojs_to_health_ratio']}** "
        "(target ≥ 0.15). Each round's answers are split in three, answered in order: POST alone, htmx, no JS",
        f"- Learners taking quizzes: {report['learners_requests_per_second']} requests/s; answer p99 "
        f"**{answer_row['p99_ms']} ms** (target < 150 ms)",
        f"- Errors: **{report['errors']}** · answers confirmed to clients: {report['answers_confirmed']}, "
        f"stored: {report['answers_stored']}, lost: **{lost}**",
        f"- Horizontal run (two app processes, one learner alternating): attempt finished: "
        f"**{'yes' if report['horizontal_attempt_finished'] else 'no'}**, answers stored "
        f"{horizontal_answers} of {report['horizontal_max_score']}",
        "",
        "| endpoint | requests | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
        *[f"| {r['endpoint']} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} |" for r in rows],
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
