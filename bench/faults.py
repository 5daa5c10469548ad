"""Fault bench: learners answer while PostgreSQL, Redis and gunicorn fail in turn; no confirmed answer may be lost.

Run through `make bench-faults` (never part of `make test`, `make bench` or `.ci/run`). The setup is the load
benchmark's: gunicorn (2 sync workers) on a fresh PostgreSQL database (`factsquiz_faults_bench`), sessions in
the local Redis (database 4), simulated learners on 127.0.0.1 taking whole quizzes (start, every item's page
and answer, finish, results) with a short pause before each click. A learner whose request fails waits half
a second and sends it again, the same answer included, as a person pressing the button again would.
While they work, in turn:
1. PostgreSQL restarted (`pg_ctlcluster … restart --mode fast`); beside the main server, two small ones whose
   learners are idle during the restart (their workers keep connections it broke), one as configured and one
   with `DATABASE_HEALTH_CHECKS=0`, show what the health checks are for;
2. PostgreSQL stopped for 10 s, then started;
3. Redis stopped for 10 s (`SHUTDOWN NOSAVE`), then started exactly as it ran, while one more client signs
   in and out over and over, and checks that each signed-out cookie is refused, then and after Redis is back;
4. one gunicorn worker killed with SIGKILL in the middle of an answer storm (no pause between clicks);
5. gunicorn reloaded with HUP (a deploy);
6. a third of the learners drop the connection right after sending each answer (half of them with a reset),
   then send the same answer again normally.
Then, with the learners still answering, `bench/backup.py backup` (what `make backup` runs) takes a backup; it
is restored into a new database (`make restore`'s code), which must give a byte-identical content export, the
snapshot's row counts, every answer confirmed before the snapshot and nothing sent after it, and a working site.
Last, a soak: the same journeys at about half the capacity measured just before (15 s without pauses), for
`--soak-minutes` (10 for the report; fewer for a trial), with each worker's RSS sampled every 10 s.

For each fault: answers confirmed to clients against answers stored (lost: confirmed but not stored;
duplicated: a step stored with another answer than the one sent, or written at two moments), errors seen
during the fault, in the 5 s after the service came back and after that, the time from the service coming
back to the last error, and answers stored although the client was told the request failed (or dropped it).

Ground rules: only this machine's PostgreSQL cluster and Redis, and databases with "bench" in their name, on
loopback; every service stopped is started again at exit, on SIGINT/SIGTERM/SIGHUP and on a time limit
(bench/services.py); only processes the bench started are ended, by PID. Before a PostgreSQL fault it waits
(bounded) for other clients of the cluster to finish, and reports how many were connected.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from services import Services, rss_kib, say, worker_pids  # noqa: E402  (bench/ is this script's directory)

HOST = "127.0.0.1"
PASSWORD = "faults-bench-password-not-secret"
TIMEOUT = 15  # seconds a client waits for a response
RETRY_PAUSE = 0.5
RECOVERY_TARGET = 5.0  # seconds after the service is back by which errors must have stopped
MAX_TRIES = 120  # a request given up after this many failures in a row (a minute of retries)
BENCH_DB = "factsquiz_faults_bench"
RESTORE_DB = "factsquiz_faults_restore_bench"
RESTORED_REDIS_URL = "redis://127.0.0.1:6379/5"


# --- What the clients saw ----------------------------------------------------------------------


@dataclass
class Sent:
    """One answer (a step of an attempt) as the client knows it."""

    tag: str
    form: dict
    first_sent: float = 0.0
    confirmed_sent: float | None = None  # when the send that got the success left
    confirmed_at: float | None = None  # when that success arrived
    failed: list[float] = field(default_factory=list)  # sends that ended in an error (times sent)
    dropped: list[float] = field(default_factory=list)  # sends the client hung up on


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[float, float, str, str, bool, str]] = []  # sent, done, tag, endpoint, ok, detail
        self.answers: dict[tuple[str, int], Sent] = {}
        self.attempts: dict[str, tuple[str, float, float]] = {}  # public id -> (tag, sent, confirmed at)
        self.sign_cycles: list[dict] = []

    def request(self, sent, done, tag, endpoint, ok, detail=""):
        with self.lock:
            self.requests.append((sent, done, tag, endpoint, ok, detail))

    def answer(self, key, tag, form) -> Sent:
        with self.lock:
            record = self.answers.get(key)
            if record is None:
                record = self.answers[key] = Sent(tag=tag, form=form, first_sent=time.time())
            return record


class Pace:
    """How learners pause before each click: `think` seconds on average, none (a storm), or a shared rate."""

    def __init__(self, think: float):
        self.think, self.storm, self.rate = think, False, 0.0
        self._lock, self._next = threading.Lock(), 0.0

    def wait(self, stop: threading.Event) -> None:
        """Before a click: the reading pause (nothing in a storm, or when a shared rate paces the requests)."""
        if not self.storm and not self.rate:
            stop.wait(random.uniform(0.5, 1.5) * self.think)

    def admit(self, stop: threading.Event) -> None:
        """Before every request, while a shared rate is set: its turn in an even stream of `rate` per second."""
        if self.storm or not self.rate:
            return
        with self._lock:
            now = time.perf_counter()
            self._next = max(self._next + 1 / self.rate, now - 1.0)  # a burst of a second at most, after a stall
            until = self._next
        if until > time.perf_counter():
            stop.wait(until - time.perf_counter())


def answer_form(page: str) -> dict | None:
    """A random answer to the item on the page, as its form would post it (None: the page has no question)."""
    form = {}
    radios = defaultdict(list)
    for name, value in re.findall(r'<input type="radio" id="[^"]*" name="([^"]+)" value="([^"]+)"', page):
        radios[name].append(value)
    for name, values in radios.items():
        if name != "certainty":
            form[name] = random.choice(values)
    for name, options in re.findall(r'<select id="select-[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        values = [v for v in re.findall(r'<option value="([^"]+)"', options) if v]
        if values:
            form[name] = random.choice(values)
    return form or None


class Learner:
    """A simulated learner: cookies, a fresh connection per request (gunicorn's sync workers close each one)."""

    def __init__(self, *, port: int, tag: str, ledger: Ledger, pace: Pace, stop: threading.Event, cookies: dict):
        self.port, self.tag, self.ledger, self.pace, self.stop = port, tag, ledger, pace, stop
        self.cookies = dict(cookies)
        self.dropper = False  # set for fault 6: hang up right after sending each answer
        self.dropping = threading.Event()
        self.resets = False  # drop with a TCP reset instead of a FIN
        self.hold = threading.Event()  # cleared: send nothing until it is set again (idle learners, fault 1)
        self.hold.set()

    def _headers(self, form) -> dict:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        return headers

    def request(self, method: str, path: str, endpoint: str, form: dict | None = None):
        """(status, location, text), or None if the request failed; every outcome goes to the ledger."""
        body = urlencode(form) if form is not None else None
        while not self.hold.wait(0.1) and not self.stop.is_set():
            pass
        self.pace.admit(self.stop)
        sent = time.time()
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
            try:
                connection.request(method, path, body=body, headers=self._headers(form))
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
            finally:
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            self.ledger.request(sent, time.time(), self.tag, endpoint, False, f"{type(error).__name__}: {error}")
            return None, sent
        done = time.time()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        ok = response.status < 400
        self.ledger.request(sent, done, self.tag, endpoint, ok, "" if ok else f"HTTP {response.status}")
        return (response.status, response.headers.get("Location", ""), text) if ok else None, sent

    def until_ok(self, method, path, endpoint, form=None, on_fail=None):
        """Send until it succeeds (half a second between tries), as a person pressing again would."""
        for _ in range(MAX_TRIES):
            if self.stop.is_set():
                return None, None
            result, sent = self.request(method, path, endpoint, form)
            if result is not None:
                return result, sent
            if on_fail:
                on_fail(sent)
            self.stop.wait(RETRY_PAUSE)
        return None, None

    def drop(self, path: str, form: dict) -> None:
        """Send the answer and hang up at once, without reading the response."""
        body = urlencode(form).encode()
        head = "".join(f"{k}: {v}\r\n" for k, v in self._headers(form).items())
        raw = (
            f"POST {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n{head}Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode() + body
        try:
            sock = socket.create_connection((HOST, self.port), timeout=5)
            sock.sendall(raw)
            if self.resets:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        except OSError:
            pass

    def take_quizzes(self, quiz_ids: list[int]) -> None:
        """Whole quizzes, one after another, until told to stop."""
        self.until_ok("GET", "/", "dashboard")  # the CSRF cookie
        while not self.stop.is_set():
            self.pace.wait(self.stop)
            result, sent = self.until_ok("POST", f"/quizzes/{random.choice(quiz_ids)}/start/", "start", {})
            if result is None:
                continue
            location = result[1]
            match = re.match(r"/attempts/([0-9a-f-]+)/", location)
            if not match:
                continue  # not open to this learner
            with self.ledger.lock:
                self.ledger.attempts.setdefault(match.group(1), (self.tag, sent, time.time()))
            self.attempt(location)

    def attempt(self, location: str) -> None:
        hops = 0
        while location and not self.stop.is_set() and hops < 200:
            hops += 1
            self.pace.wait(self.stop)
            if "/items/" in location:
                result, _ = self.until_ok("GET", location, "item page")
                if result is None:
                    return
                form = answer_form(result[2])
                if form is None:  # answered already (feedback page): on to the next item or the end
                    following = re.search(r'href="(/attempts/[^"]+/items/\d+/)"', result[2])
                    location = following.group(1) if following else location.rsplit("/items/", 1)[0] + "/finish/"
                    continue
                location = self.answer(location, form)
            elif location.endswith("/finish/"):
                result, _ = self.until_ok("POST", location, "finish", {})
                location = result[1] if result else ""
            elif location.endswith("/results/"):
                self.until_ok("GET", location, "results")
                return
            else:
                result, _ = self.until_ok("GET", location, "resume")
                location = result[1] if result else ""

    def answer(self, location: str, form: dict) -> str:
        attempt_id, step = re.search(r"/attempts/([^/]+)/items/(\d+)/", location).groups()
        record = self.ledger.answer((attempt_id, int(step)), self.tag, form)
        form = record.form  # a step seen again (after a failed GET) is answered as it was the first time
        if self.dropper and self.dropping.is_set():
            record.dropped.append(time.time())
            self.drop(location, form)
            self.stop.wait(0.05)
        result, sent = self.until_ok("POST", location, "answer", form, on_fail=record.failed.append)
        if result is None:
            return ""
        if record.confirmed_at is None:
            record.confirmed_sent, record.confirmed_at = sent, time.time()
        return result[1]


def signing_in_and_out(port: int, ledger: Ledger, usernames: list[str], stop: threading.Event) -> None:
    """Sign in, check the account page, sign out, check the old cookie is refused; again and again."""
    turn = 0
    while not stop.is_set():
        username = usernames[turn % len(usernames)]
        turn += 1
        client = Learner(port=port, tag="signer", ledger=ledger, pace=Pace(0), stop=stop, cookies={})
        cycle = {"started": time.time(), "username": username}
        login_page, _ = client.request("GET", "/accounts/login/", "login page")
        signed, _ = client.request("POST", "/accounts/login/", "sign in", {"username": username, "password": PASSWORD})
        cycle["signed_in"] = bool(signed and signed[0] == 302 and "login" not in signed[1])
        account, _ = client.request("GET", "/accounts/", "account page")
        cycle["account_page"] = bool(account and account[0] == 200)
        old = client.cookies.get("sessionid")
        out, _ = client.request("POST", "/accounts/logout/", "sign out", {})
        cycle["signed_out"] = bool(out and out[0] == 302)
        cycle["cookie"] = old
        cycle["refused_at_once"] = old is not None and refused(port, old)
        cycle["ended"] = time.time()
        with ledger.lock:
            ledger.sign_cycles.append(cycle)
        stop.wait(0.2)


def refused(port: int, session_cookie: str) -> bool:
    """Whether a signed-out session cookie is refused (the account page sends it to sign in)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        connection.request("GET", "/accounts/", headers={"Cookie": f"sessionid={session_cookie}"})
        response = connection.getresponse()
        response.read()
        return response.status == 302 and "/accounts/login/" in response.headers.get("Location", "")
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


# --- Faults --------------------------------------------------------------------------------------


@dataclass
class Fault:
    number: int
    name: str
    window_start: float = 0.0
    started: float = 0.0
    back: float = 0.0  # the service came back (or the fault was over)
    window_end: float = 0.0
    notes: list[str] = field(default_factory=list)


def run_fault(fault: Fault, action, *, before: float, after: float, stop: threading.Event) -> Fault:
    fault.window_start = time.time()
    say(f"fault {fault.number}: {fault.name}")
    stop.wait(before)
    fault.started = time.time()
    action(fault)
    fault.back = fault.back or time.time()
    stop.wait(after)
    fault.window_end = time.time()
    fault.notes.append(
        "load average (1 min) at the end of the window: " + f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    say(f"fault {fault.number}: service back after {fault.back - fault.started:.1f} s; window closed")
    return fault


def wait_for_quiet(services: Services, limit: float, fault: Fault) -> None:
    """Before touching PostgreSQL: wait (bounded) until no one else's session is connected."""
    deadline = time.time() + limit
    others = services.pg_other_sessions()
    while others and time.time() < deadline:
        time.sleep(2)
        others = services.pg_other_sessions()
    if others:
        fault.notes.append(f"{others} other client session(s) were connected to the cluster (not the bench's)")


def window_report(fault: Fault, ledger: Ledger, stored: dict, tags=("learner",)) -> dict:
    """Errors and answers of one fault's window, for the learners with `tags`."""
    requests = [r for r in ledger.requests if fault.window_start <= r[0] < fault.window_end and r[2] in tags]
    errors = [r for r in requests if not r[4]]
    during = [r for r in errors if r[1] <= fault.back]
    soon = [r for r in errors if fault.back < r[1] <= fault.back + RECOVERY_TARGET]
    later = [r for r in errors if r[1] > fault.back + RECOVERY_TARGET]
    last_error = max((r[1] for r in errors if r[1] > fault.back), default=None)
    answers = {
        k: a
        for k, a in ledger.answers.items()
        if a.tag in tags and fault.window_start <= a.first_sent < fault.window_end
    }
    checked = check_answers(answers, stored)
    kinds = defaultdict(int)
    for r in errors:
        kinds[f"{r[3]}: {r[5].split(':')[0]}"] += 1
    return {
        "requests": len(requests),
        "errors_during": len(during),
        "errors_first_5s_after": len(soon),
        "errors_after_recovery": len(later),
        "recovery_seconds": round(last_error - fault.back, 2) if last_error else 0.0,
        "error_kinds": dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
        **checked,
    }


def check_answers(answers: dict, stored: dict) -> dict:
    """Confirmed against stored: lost, duplicated, and stored although the client was told it failed."""
    confirmed = {k for k, a in answers.items() if a.confirmed_at is not None}
    present = {k for k in answers if k in stored}
    lost = sorted(confirmed - present)
    duplicated, stored_reported_failed, stored_dropped = [], [], []
    for key in present:
        record, rows = answers[key], stored[key]
        expected = [record.form.get("choice", record.form.get(token)) for token, _, _ in rows]
        moments = {at for _, _, at in rows}
        if [choice for _, choice, _ in rows] != expected or len(moments) != 1:
            duplicated.append(key)
        answered_at = next(iter(moments))
        # Stored before the send that was confirmed left (or with none confirmed): an earlier send stored it.
        if record.confirmed_sent is None or answered_at < record.confirmed_sent:
            if record.dropped and answered_at >= min(record.dropped) and not record.failed:
                stored_dropped.append(key)
            elif record.failed or record.dropped:
                stored_reported_failed.append(key)
    return {
        "answers_sent": len(answers),
        "answers_confirmed": len(confirmed),
        "answers_stored": len(present),
        "answers_lost": len(lost),
        "answers_duplicated": len(duplicated),
        "stored_but_reported_failed": len(stored_reported_failed),
        "stored_after_the_client_hung_up": len(stored_dropped),
        "stored_never_confirmed": len(present - confirmed),
        "lost_samples": [f"{a}#{s}" for a, s in lost[:5]],
        "duplicated_samples": [f"{a}#{s}" for a, s in sorted(duplicated)[:5]],
    }


def stored_answers(learner_ids: list[int]) -> dict:
    """(attempt public id, step) -> [(token, choice, answered_at as epoch seconds)] for every answered item."""
    from quiz.models import AttemptItem

    rows = defaultdict(list)
    for public_id, step, token, choice, at in (
        AttemptItem.objects.filter(attempt__learner_id__in=learner_ids, answered_at__isnull=False)
        .order_by("attempt_id", "position")
        .values_list("attempt__public_id", "step", "token", "choice", "answered_at")
        .iterator(chunk_size=5000)
    ):
        rows[(str(public_id), step)].append((token, choice, at.timestamp()))
    return rows


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0


# --- The run ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--think", type=float, default=0.2, help="learners' mean pause before a click, s")
    parser.add_argument("--port", type=int, default=8775)
    parser.add_argument("--before", type=float, default=5, help="seconds of load before each fault")
    parser.add_argument("--after", type=float, default=15, help="seconds of load after each service is back")
    parser.add_argument("--outage", type=float, default=10, help="seconds PostgreSQL and Redis stay stopped")
    parser.add_argument("--soak-minutes", type=float, default=10, help="length of the soak (10 for the report)")
    parser.add_argument("--capacity-seconds", type=float, default=15)
    parser.add_argument("--pg-cluster", default="15 main", help="the Debian cluster: version and name")
    parser.add_argument("--pg-quiet-wait", type=float, default=120, help="max s to wait for others' sessions")
    parser.add_argument("--max-minutes", type=float, default=45, help="hard limit for the whole run")
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks"))
    parser.add_argument("--only", default="", help="comma-separated fault numbers to run (trials)")
    parser.add_argument(
        "--rewrite-report", action="store_true", help="only write faults.md again from faults.json (no run)"
    )
    args = parser.parse_args()
    if args.rewrite_report:
        report = json.loads((Path(args.report) / "faults.json").read_text(encoding="utf-8"))
        report["soak"]["worker_rss"] = worker_rss(report["soak"]["rss_samples"])
        write_report(report, Path(args.report))
        return

    pg_host = "postgres://postgres@127.0.0.1:5432"
    database_url = f"{pg_host}/{BENCH_DB}"
    restore_url = f"{pg_host}/{RESTORE_DB}"
    redis_url = os.environ.get("BENCH_FAULTS_REDIS_URL", "redis://127.0.0.1:6379/4")
    redis_port = int(re.search(r":(\d+)/", redis_url).group(1))
    services = Services(pg_cluster=tuple(args.pg_cluster.split()), redis_port=redis_port)
    if not services.pg_running():
        raise SystemExit("PostgreSQL is not running on 127.0.0.1:5432: nothing to test against.")
    if not services.redis_running():
        raise SystemExit(f"Redis is not running at {redis_url}: the Redis fault and the sessions need it.")

    def out_of_time(number, frame):
        raise TimeoutError(f"the run passed --max-minutes {args.max_minutes}")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(int(args.max_minutes * 60))
    only = {int(n) for n in args.only.split(",") if n}
    try:
        report = run(args, services, database_url, restore_url, redis_url, only)
    finally:
        signal.alarm(0)
        services.restore()
    write_report(report, Path(args.report))


def run(args, services: Services, database_url: str, restore_url: str, redis_url: str, only: set[int]) -> dict:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "faults-benchmark-only-not-a-secret",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "factsquiz.settings",
        "GUEST_LIMIT_PER_HOUR": "0",
    }
    os.environ.update(env)
    import psycopg

    with psycopg.connect(f"{database_url.rsplit('/', 1)[0]}/postgres", autocommit=True) as admin:
        for name in (BENCH_DB, RESTORE_DB):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{BENCH_DB}"')
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.roles import LEARNER
    from quiz.models import Quiz

    say("setup: database, content, learners (signed in in-process: their sessions in Redis and the database)")
    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command("import_content", str(ROOT / "content/fixtures/nato-russia-relations-the-facts.json"), verbosity=0)
    User = get_user_model()
    hashed = make_password(PASSWORD)
    count = args.learners + 8 + 3  # learners, the side servers' learners (fault 1), the signers
    users = User.objects.bulk_create([User(username=f"faults-{n:03d}", password=hashed) for n in range(count)])
    group = Group.objects.get(name=LEARNER)
    User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
    learners, controls, signers = users[: args.learners], users[args.learners : args.learners + 8], users[-3:]
    sides = {"idle, checks on": controls[:4], "idle, checks off": controls[4:]}
    quiz_ids = list(Quiz.objects.published().order_by("pk").values_list("pk", flat=True))
    cookies = {}
    for user in [*learners, *controls]:
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        cookies[user.pk] = {"sessionid": client.cookies["sessionid"].value}
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()

    def start_server(port: int, workers: int, extra_env: dict | None = None) -> subprocess.Popen:
        command = [str(ROOT / ".venv/bin/gunicorn"), "factsquiz.wsgi", "-w", str(workers), "-b", f"{HOST}:{port}"]
        process = services.started(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env={**env, **(extra_env or {})},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        for _ in range(200):
            try:
                probe = http.client.HTTPConnection(HOST, port, timeout=2)
                probe.request("GET", "/health/")
                if probe.getresponse().status == 200 and len(worker_pids(process.pid)) == workers:
                    return process
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"gunicorn did not start on port {port}")

    server = start_server(args.port, 2)
    ledger = Ledger()
    pace = Pace(args.think)
    stop = threading.Event()
    crowd = [
        Learner(port=args.port, tag="learner", ledger=ledger, pace=pace, stop=stop, cookies=cookies[u.pk])
        for u in learners
    ]
    for n, learner in enumerate(crowd):
        learner.dropper = n % 3 == 0
        learner.resets = n % 6 == 0
    threads = [threading.Thread(target=c.take_quizzes, args=(quiz_ids,), daemon=True) for c in crowd]
    say(f"{len(crowd)} learners start taking quizzes (pause {args.think:g} s on average before each click)")
    for thread in threads:
        thread.start()
    time.sleep(3)  # every worker has a database connection and has served both paths

    faults: list[Fault] = []
    fault_stop = threading.Event()  # only to sleep in; the learners keep going across faults
    extra: dict[int, dict] = {}

    def wanted(number: int) -> bool:
        return not only or number in only

    # 1. PostgreSQL restarted. Beside the main server, two small ones whose learners are idle during the restart (as
    # at night), so that their workers keep connections the restart broke: one as configured (health checks on),
    # one with DATABASE_HEALTH_CHECKS=0, to show what the checks are for.
    if wanted(1):
        side_hold = threading.Event()
        side_hold.set()
        side_stop = threading.Event()
        side_servers, side_threads = [], []
        for offset, (tag, extra_env) in enumerate(
            (("idle, checks on", {}), ("idle, checks off", {"DATABASE_HEALTH_CHECKS": "0"})), start=3
        ):
            side_servers.append(start_server(args.port + offset, 2, extra_env))
            for user in sides[tag]:
                side = Learner(
                    port=args.port + offset, tag=tag, ledger=ledger, pace=pace, stop=side_stop, cookies=cookies[user.pk]
                )
                side.hold = side_hold
                side_threads.append(threading.Thread(target=side.take_quizzes, args=(quiz_ids,), daemon=True))
        for thread in side_threads:
            thread.start()
        fault = Fault(1, "PostgreSQL restarted (pg_ctlcluster restart, fast mode)")
        wait_for_quiet(services, args.pg_quiet_wait, fault)

        def restart_postgres(f: Fault) -> None:
            side_hold.clear()  # the side learners send nothing more until PostgreSQL is back
            fault_stop.wait(0.5)  # their requests in flight end
            f.started = time.time()
            services.pg_restart()
            side_hold.set()

        faults.append(run_fault(fault, restart_postgres, before=args.before, after=args.after, stop=fault_stop))
        side_stop.set()
        for thread in side_threads:
            thread.join(timeout=TIMEOUT * 2)
        for side_server in side_servers:
            services.end(side_server)

    # 2. PostgreSQL stopped for 10 s.
    if wanted(2):
        fault = Fault(2, f"PostgreSQL stopped for {args.outage:g} s, then started")
        wait_for_quiet(services, args.pg_quiet_wait, fault)

        def stop_postgres(f: Fault) -> None:
            services.pg_stop()
            fault_stop.wait(args.outage)
            services.pg_start()

        faults.append(run_fault(fault, stop_postgres, before=args.before, after=args.after, stop=fault_stop))

    # 3. Redis stopped for 10 s; someone signs in and out all along.
    if wanted(3):
        fault = Fault(3, f"Redis stopped for {args.outage:g} s (SHUTDOWN NOSAVE), then started as it ran")
        signer_stop = threading.Event()
        signer = threading.Thread(
            target=signing_in_and_out, args=(args.port, ledger, [u.username for u in signers], signer_stop), daemon=True
        )

        def stop_redis(f: Fault) -> None:
            services.redis_stop()
            fault_stop.wait(args.outage)
            services.redis_start()

        signer.start()
        faults.append(run_fault(fault, stop_redis, before=args.before, after=args.after, stop=fault_stop))
        signer_stop.set()
        signer.join(timeout=TIMEOUT * 4)
        time.sleep(6)  # past the sessions' lease (accounts.sessions.LEASE_SECONDS)
        cycles = [c for c in ledger.sign_cycles if fault.window_start <= c["started"] < fault.window_end]
        outage = [c for c in cycles if c["started"] >= fault.started and c["ended"] <= fault.back]
        extra[3] = {
            "sign_in_out_cycles": len(cycles),
            "cycles_wholly_during_the_outage": len(outage),
            "signed_in": sum(c["signed_in"] for c in cycles),
            "account_page_after_sign_in": sum(c["account_page"] for c in cycles),
            "signed_out": sum(c["signed_out"] for c in cycles),
            "signed_out_cookie_refused_at_once": sum(c["refused_at_once"] for c in cycles),
            "signed_out_cookie_refused_after_redis_is_back": sum(
                refused(args.port, c["cookie"]) for c in cycles if c["cookie"]
            ),
            "outage_cycles_fully_working": sum(
                c["signed_in"] and c["account_page"] and c["signed_out"] and c["refused_at_once"] for c in outage
            ),
        }

    # 4. One worker killed in the middle of an answer storm.
    if wanted(4):
        fault = Fault(4, "one gunicorn worker killed with SIGKILL mid-storm (no pause between clicks)")

        def kill_worker(f: Fault) -> None:
            victim = worker_pids(server.pid)[0]
            f.notes.append(f"storm from {args.before:g} s before the kill to 5 s after; worker {victim} killed")
            os.kill(victim, signal.SIGKILL)
            f.back = time.time()
            for _ in range(100):
                pids = worker_pids(server.pid)
                if len(pids) == 2 and victim not in pids:
                    f.notes.append(f"a new worker was running {time.time() - f.back:.1f} s after the kill")
                    break
                time.sleep(0.05)
            fault_stop.wait(5)
            pace.storm = False

        pace_before = pace.storm
        fault.window_start = time.time()
        pace.storm = True
        faults.append(run_fault(fault, kill_worker, before=args.before, after=args.after, stop=fault_stop))
        pace.storm = pace_before

    # 5. gunicorn reloaded (HUP), as a deploy does.
    if wanted(5):
        fault = Fault(5, "gunicorn reloaded with HUP (a deploy: new workers, old ones finish their request)")

        def reload(f: Fault) -> None:
            old = worker_pids(server.pid)
            server.send_signal(signal.SIGHUP)
            f.back = time.time()
            for _ in range(300):
                pids = worker_pids(server.pid)
                if len(pids) == 2 and not set(pids) & set(old):
                    f.notes.append(f"both workers replaced {time.time() - f.back:.1f} s after the HUP")
                    break
                time.sleep(0.05)

        faults.append(run_fault(fault, reload, before=args.before, after=args.after, stop=fault_stop))

    # 6. Clients hanging up right after sending an answer.
    if wanted(6):
        fault = Fault(6, "a third of the learners hang up right after sending each answer (half with a reset)")
        droppers = [c for c in crowd if c.dropper]

        def hang_up(f: Fault) -> None:
            for c in droppers:
                c.dropping.set()
            fault_stop.wait(args.outage)
            for c in droppers:
                c.dropping.clear()
            f.notes.append(f"{len(droppers)} learners dropped answers for {args.outage:g} s")

        faults.append(run_fault(fault, hang_up, before=args.before, after=args.after, stop=fault_stop))

    # The backup, taken while learners answer, then restored into a new database and checked.
    say("backup under load (bench/backup.py backup, as `make backup` runs it)")
    backup_dir = ROOT / "bench" / ".data" / "faults-backups"
    backup_started = time.time()
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "backup.py"), "backup", "--dir", str(backup_dir)], env=env, check=True
    )
    backup_seconds = time.time() - backup_started
    time.sleep(2)
    manifest_file = sorted(backup_dir.glob("factsquiz-*.json"))[-1]
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))

    # Capacity: the same journeys without pauses, then the soak at half of it.
    say(f"capacity: {args.capacity_seconds:g} s of journeys without pauses")
    pace.storm = True
    before = len(ledger.requests)
    capacity_started = time.time()
    time.sleep(args.capacity_seconds)
    capacity = (len(ledger.requests) - before) / (time.time() - capacity_started)
    pace.storm = False
    pace.rate = capacity / 2
    say(f"soak: {args.soak_minutes:g} min at {pace.rate:.0f} requests/s (half of {capacity:.0f}), after 20 s to settle")
    time.sleep(20)  # the queue the capacity run left drains first: the first minute measures the soak, not that
    soak_started = time.time()
    # A probe beside the learners: the trivial health view twice a second. If it slows in the same minutes as
    # the learners' pages, the host is short of CPU (the client and anything else on it), not the app drifting.
    probe_stop = threading.Event()
    prober = Learner(port=args.port, tag="probe", ledger=ledger, pace=Pace(0), stop=probe_stop, cookies={})

    def probe() -> None:
        while not probe_stop.wait(0.5):
            prober.request("GET", "/health/", "health probe")

    probe_thread = threading.Thread(target=probe, daemon=True)
    probe_thread.start()
    rss: list[dict] = []
    soak_end = soak_started + args.soak_minutes * 60
    while time.time() < soak_end:
        pids = worker_pids(server.pid)
        rss.append(
            {
                "load1": round(os.getloadavg()[0], 2),
                "t": round(time.time() - soak_started, 1),
                "master": rss_kib(server.pid),
                **{str(p): rss_kib(p) for p in pids},
            }
        )
        time.sleep(max(0.0, min(10.0, soak_end - time.time())))
    soak_finished = time.time()
    probe_stop.set()
    stop.set()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 3)
    services.end(server)

    # What was stored, against what the clients were told.
    from django.db import connections

    connections.close_all()
    stored = stored_answers([u.pk for u in [*learners, *controls]])
    fault_reports = []
    for fault in faults:
        row = {
            "number": fault.number,
            "fault": fault.name,
            "notes": fault.notes,
            **window_report(fault, ledger, stored),
        }
        row["service_back_after_s"] = round(fault.back - fault.started, 2)
        if fault.number == 1:
            row["idle_side_servers"] = {tag: window_report(fault, ledger, stored, tags=(tag,)) for tag in sides}
        if fault.number in extra:
            row.update(extra[fault.number])
        fault_reports.append(row)
    overall = check_answers({k: a for k, a in ledger.answers.items()}, stored)

    say("restoring the backup into a new database (bench/backup.py restore, as `make restore` runs it)")
    restore_env = {**env, "DATABASE_URL": restore_url}
    dump = backup_dir / manifest["dump"]
    restored_check = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "backup.py"), "restore", str(dump)],
        env=restore_env,
        capture_output=True,
        text=True,
    )
    backup_report = restored_report(
        manifest, restored_check, restore_url, ledger, learner_ids=[u.pk for u in [*learners, *controls]]
    )
    backup_report["backup_seconds"] = round(backup_seconds, 1)
    # The same release exporting both: the restored database against the live one now (the content does not change
    # under the learners; the backup's own file may come from other code if the tree changed since).
    exports = [
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "export_content"],
            env={**env, "DATABASE_URL": url},
            capture_output=True,
        )
        for url in (restore_url, database_url)
    ]
    backup_report["content_export_identical_to_the_live_site"] = (
        all(e.returncode == 0 for e in exports) and exports[0].stdout == exports[1].stdout
    )
    if any(e.returncode for e in exports):
        backup_report["export_errors"] = [e.stderr.decode()[-300:] for e in exports if e.returncode]
    backup_report["site"] = restored_site(start_server, services, restore_env, args.port + 2, cookies[learners[0].pk])
    with psycopg.connect(f"{database_url.rsplit('/', 1)[0]}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')

    soak = soak_report(ledger, soak_started, soak_finished, rss, capacity, pace.rate)
    return {
        "date": time.strftime("%Y-%m-%d"),
        "learners": args.learners,
        "think_seconds": args.think,
        "outage_seconds": args.outage,
        "faults": fault_reports,
        "overall": overall,
        "backup": backup_report,
        "soak": soak,
    }


def restored_report(manifest: dict, check: subprocess.CompletedProcess, restore_url: str, ledger: Ledger, learner_ids):
    """The restore's own checks, and its answers and attempts against what clients had been told by the snapshot."""
    import psycopg

    from quiz.models import Attempt, AttemptItem

    snapshot = manifest["snapshot_taken_at"]
    restored_steps, restored_attempts = set(), set()
    if "Restored into" in check.stdout:  # the restore ran (even if a check failed): read what it holds
        with psycopg.connect(restore_url) as db:
            attempts, items = Attempt._meta.db_table, AttemptItem._meta.db_table
            ids = ",".join(str(int(i)) for i in learner_ids)
            restored_attempts = {
                str(a) for (a,) in db.execute(f"SELECT public_id FROM {attempts} WHERE learner_id IN ({ids})")
            }
            restored_steps = {
                (str(a), s)
                for a, s in db.execute(
                    f"SELECT DISTINCT a.public_id, i.step FROM {items} i JOIN {attempts} a ON a.id = i.attempt_id "
                    f"WHERE a.learner_id IN ({ids}) AND i.answered_at IS NOT NULL"
                )
            }
    answers = ledger.answers
    confirmed_before = {k for k, a in answers.items() if a.confirmed_at is not None and a.confirmed_at < snapshot}
    sent_after = {k for k, a in answers.items() if a.first_sent > snapshot}
    in_flight = {
        k
        for k, a in answers.items()
        if a.first_sent <= snapshot and (a.confirmed_at is None or a.confirmed_at >= snapshot)
    }
    attempts_before = {k for k, (_, _, confirmed) in ledger.attempts.items() if confirmed < snapshot}
    attempts_after = {k for k, (_, sent, _) in ledger.attempts.items() if sent > snapshot}
    return {
        "snapshot_taken_at_utc": manifest["snapshot_taken_at_utc"],
        "restore_exit_code": check.returncode,
        "restore_output": (check.stdout + check.stderr).strip().splitlines()[-3:],
        "content_export_byte_identical": "byte-identical" in check.stdout,
        "counts_equal_to_the_snapshot": "counts equal" in check.stdout,
        "snapshot_counts": manifest["counts"],
        "answers_confirmed_before_the_snapshot": len(confirmed_before),
        "answers_confirmed_before_the_snapshot_missing": len(confirmed_before - restored_steps),
        "answers_in_flight_at_the_snapshot": len(in_flight),
        "answers_in_flight_in_the_restore": len(in_flight & restored_steps),
        "answers_sent_after_the_snapshot_in_the_restore": len(sent_after & restored_steps),
        "answers_in_the_restore": len(restored_steps),
        "answers_in_the_restore_unexplained": len(restored_steps - confirmed_before - in_flight),
        "attempts_confirmed_before_the_snapshot": len(attempts_before),
        "attempts_confirmed_before_the_snapshot_missing": len(attempts_before - restored_attempts),
        "attempts_started_after_the_snapshot_in_the_restore": len(attempts_after & restored_attempts),
        "attempts_in_the_restore": len(restored_attempts),
    }


def restored_site(start_server, services: Services, env: dict, port: int, cookies: dict) -> dict:
    """The restored database serves the site: ready, the library, a learner's account page (session from the dump)."""
    # Redis database 5: none of the live site's cached sessions, so every session is read from the restored rows.
    site = start_server(port, 1, {"DATABASE_URL": env["DATABASE_URL"], "REDIS_URL": RESTORED_REDIS_URL})
    try:
        results = {}
        for name, path, cookie in (
            ("ready", "/ready/", None),
            ("library", "/library/", None),
            ("learner account page", "/accounts/", cookies["sessionid"]),
        ):
            connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
            connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
            response = connection.getresponse()
            response.read()
            connection.close()
            results[name] = response.status
        return results
    finally:
        services.end(site)


RSS_WARM_UP_SECONDS = 60.0


def worker_rss(rss: list[dict]) -> dict:
    """Each worker's resident memory after the warm-up: first, last and largest sample, and the growth."""
    series = defaultdict(list)
    for sample in rss:
        for key, value in sample.items():
            if key.isdigit():  # a worker's PID (the others: "t", "master", "load1")
                series[key].append((sample["t"], value))
    growth = {}
    for pid, samples in series.items():
        after = [v for t, v in samples if t >= RSS_WARM_UP_SECONDS]
        if len(after) >= 2:
            growth[pid] = {
                "first_kib": after[0],
                "last_kib": after[-1],
                "max_kib": max(after),
                "growth_percent": round(100 * (after[-1] - after[0]) / after[0], 1),
            }
    return growth


def soak_report(ledger: Ledger, started: float, finished: float, rss: list[dict], capacity: float, rate: float) -> dict:
    requests = [r for r in ledger.requests if started <= r[0] < finished and r[2] == "learner"]
    minutes = defaultdict(list)
    answer_minutes = defaultdict(list)
    for sent, done, _, endpoint, _ok, _ in requests:
        minutes[int((sent - started) // 60)].append((done - sent) * 1000)
        if endpoint == "answer":
            answer_minutes[int((sent - started) // 60)].append((done - sent) * 1000)
    probe_minutes = defaultdict(list)
    for sent, done, tag, *_ in ledger.requests:
        if tag == "probe" and started <= sent < finished:
            probe_minutes[int((sent - started) // 60)].append((done - sent) * 1000)
    load_minutes = defaultdict(list)
    for sample in rss:
        load_minutes[int(sample["t"] // 60)].append(sample["load1"])
    last = max(minutes) if minutes else 0
    warm_up = RSS_WARM_UP_SECONDS
    growth = worker_rss(rss)
    p99_first = percentile(minutes.get(0, []), 0.99)
    p99_last = percentile(minutes.get(last, []), 0.99)
    return {
        "capacity_requests_per_second": round(capacity, 1),
        "target_requests_per_second": round(rate, 1),
        "achieved_requests_per_second": round(len(requests) / (finished - started), 1) if finished > started else 0,
        "minutes": round((finished - started) / 60, 1),
        "requests": len(requests),
        "errors": sum(1 for r in requests if not r[4]),
        "answers": sum(1 for r in requests if r[3] == "answer" and r[4]),
        "p99_ms_by_minute": [percentile(minutes[m], 0.99) for m in sorted(minutes)],
        "p50_ms_by_minute": [percentile(minutes[m], 0.5) for m in sorted(minutes)],
        "answer_p99_ms_by_minute": [percentile(answer_minutes[m], 0.99) for m in sorted(answer_minutes)],
        "health_probe_p99_ms_by_minute": [percentile(probe_minutes[m], 0.99) for m in sorted(probe_minutes)],
        "load_average_by_minute": [round(statistics.mean(load_minutes[m]), 2) for m in sorted(load_minutes)],
        "p99_ms_first_minute": p99_first,
        "p99_ms_last_minute": p99_last,
        "p99_drift_percent": round(100 * (p99_last - p99_first) / p99_first, 1) if p99_first else None,
        "rss_warm_up_seconds": warm_up,
        "rss_samples": rss,
        "load_average_1_min": {
            "min": min((r["load1"] for r in rss), default=None),
            "median": sorted(r["load1"] for r in rss)[len(rss) // 2] if rss else None,
            "max": max((r["load1"] for r in rss), default=None),
        },
        "worker_rss": growth,
        "workers_restarted": len(growth) > 2,
    }


def write_report(report: dict, out: Path) -> None:
    faults = report["faults"]
    soak, backup, overall = report["soak"], report["backup"], report["overall"]
    targets = {}
    for f in faults:
        n = f["number"]
        targets[f"{n}. 0 lost, 0 duplicated"] = f["answers_lost"] == 0 and f["answers_duplicated"] == 0
        targets[f"{n}. no error after recovery"] = f["errors_after_recovery"] == 0
        targets[f"{n}. recovery ≤ 5 s after the service is back"] = f["recovery_seconds"] <= RECOVERY_TARGET
        if n == 3:
            targets["3. learners keep answering while Redis is down"] = f["errors_during"] == 0
            targets["3. signing in and out keep working while Redis is down"] = (
                f.get("cycles_wholly_during_the_outage", 0) > 0
                and f["outage_cycles_fully_working"] == f["cycles_wholly_during_the_outage"]
            )
            targets["3. no signed-out session comes back"] = (
                f["signed_out_cookie_refused_after_redis_is_back"] == f["signed_out"]
            )
    targets["all answers: 0 lost, 0 duplicated"] = overall["answers_lost"] == 0 and overall["answers_duplicated"] == 0
    targets["backup: content export byte-identical (to the backup's file, and to the live site's)"] = (
        backup["content_export_byte_identical"] and backup["content_export_identical_to_the_live_site"]
    )
    targets["backup: counts equal to the snapshot's"] = backup["counts_equal_to_the_snapshot"]
    targets["backup: every answer and attempt confirmed before the snapshot restored, none sent after"] = (
        backup["answers_confirmed_before_the_snapshot_missing"] == 0
        and backup["attempts_confirmed_before_the_snapshot_missing"] == 0
        and backup["answers_sent_after_the_snapshot_in_the_restore"] == 0
        and backup["attempts_started_after_the_snapshot_in_the_restore"] == 0
        and backup["answers_in_the_restore_unexplained"] == 0
    )
    targets["backup: the restored site works"] = all(status == 200 for status in backup["site"].values())
    targets["soak: worker RSS growth < 10 % after warm-up"] = bool(soak["worker_rss"]) and all(
        w["growth_percent"] < 10 for w in soak["worker_rss"].values()
    )
    targets["soak: no error"] = soak["errors"] == 0
    report["targets_met"] = targets
    out.mkdir(parents=True, exist_ok=True)
    (out / "faults.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    yes = lambda ok: "yes" if ok else "**no**"  # noqa: E731
    lines = [
        "# Fault benchmark — gunicorn (2 workers) on PostgreSQL, sessions in Redis",
        "",
        f"{report['learners']} simulated learners on 127.0.0.1 take whole quizzes (start, each item's page and answer, "
        f"finish, results), pausing {report['think_seconds']:g} s on average before each click; a request that fails "
        "is sent again half a second later, the same answer included. Faults come one after another, each in a window "
        "of load before it and after the service is back; measured "
        f"{report['date']} by `make bench-faults` (bench/faults.py). Errors are failed responses (a 503 page "
        "included), each try counted. *During*: until the service is back; *recovery*: from then to the last error "
        "(target ≤ 5 s); "
        "*after recovery*: errors later than 5 s after it. Lost: confirmed to the client, not in the database. "
        "Duplicated: a step stored with another answer than the one sent, or written at two moments.",
        "",
    ]
    for f in faults:
        lines += [
            f"## {f['number']}. {f['fault']}",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| requests in the window | {f['requests']} |",
            f"| service back after | {f['service_back_after_s']} s |",
            f"| answers sent / confirmed / stored | {f['answers_sent']} / {f['answers_confirmed']} / "
            f"{f['answers_stored']} |",
            f"| lost / duplicated | **{f['answers_lost']}** / **{f['answers_duplicated']}** |",
            f"| errors during the fault | {f['errors_during']} |",
            f"| errors in the 5 s after the service is back | {f['errors_first_5s_after']} |",
            f"| errors after recovery | **{f['errors_after_recovery']}** |",
            f"| recovery (service back → last error) | **{f['recovery_seconds']} s** |",
            f"| stored, though the client was told it failed | {f['stored_but_reported_failed']} |",
            f"| stored after the client hung up | {f['stored_after_the_client_hung_up']} |",
        ]
        if f["error_kinds"]:
            lines.append("| errors by kind | " + "; ".join(f"{k} × {v}" for k, v in f["error_kinds"].items()) + " |")
        for tag, c in f.get("idle_side_servers", {}).items():
            lines.append(
                f"| side server, learners idle during the restart, {tag.split(', ')[1]} (4 learners) | "
                f"errors after the service is back: **{c['errors_first_5s_after'] + c['errors_after_recovery']}** "
                f"({'; '.join(f'{k} × {v}' for k, v in c['error_kinds'].items()) or 'none'}); "
                f"answers confirmed {c['answers_confirmed']}, lost {c['answers_lost']} |"
            )
        if f["number"] == 3:
            lines += [
                f"| sign-in/out cycles (wholly during the outage) | {f['sign_in_out_cycles']} "
                f"({f['cycles_wholly_during_the_outage']}) |",
                f"| signed in / account page shown / signed out | {f['signed_in']} / "
                f"{f['account_page_after_sign_in']} / {f['signed_out']} |",
                f"| cycles during the outage that fully worked | {f['outage_cycles_fully_working']} of "
                f"{f['cycles_wholly_during_the_outage']} |",
                f"| signed-out cookie refused at once / after Redis is back (and the lease) | "
                f"{f['signed_out_cookie_refused_at_once']} / {f['signed_out_cookie_refused_after_redis_is_back']} |",
            ]
        for note in f["notes"]:
            lines.append(f"| note | {note} |")
        lines.append("")
    lines += [
        "## All answers of the run",
        "",
        f"Sent {overall['answers_sent']}, confirmed {overall['answers_confirmed']}, "
        f"stored {overall['answers_stored']}, "
        f"lost **{overall['answers_lost']}**, duplicated **{overall['answers_duplicated']}**; stored although reported "
        f"failed {overall['stored_but_reported_failed']}, stored after the client hung up "
        f"{overall['stored_after_the_client_hung_up']}.",
        "",
        "## Backup taken under load, restored into a new database",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| snapshot | {backup['snapshot_taken_at_utc']} (backup took {backup['backup_seconds']} s) |",
        f"| restore (exit code) | {backup['restore_exit_code']} |",
        f"| content export byte-identical to the backup's file | {yes(backup['content_export_byte_identical'])} |",
        "| content export byte-identical to the live site's (both exported after the restore) | "
        f"{yes(backup['content_export_identical_to_the_live_site'])} |",
        f"| row counts equal to the snapshot's | {yes(backup['counts_equal_to_the_snapshot'])} "
        f"({', '.join(f'{k} {v}' for k, v in backup['snapshot_counts'].items())}) |",
        f"| answers confirmed before the snapshot / missing from the restore | "
        f"{backup['answers_confirmed_before_the_snapshot']} / "
        f"**{backup['answers_confirmed_before_the_snapshot_missing']}** |",
        "| answers in flight at the snapshot / of them in the restore | "
        f"{backup['answers_in_flight_at_the_snapshot']} / "
        f"{backup['answers_in_flight_in_the_restore']} |",
        f"| answers in the restore / unexplained / sent after the snapshot | {backup['answers_in_the_restore']} / "
        f"{backup['answers_in_the_restore_unexplained']} / "
        f"{backup['answers_sent_after_the_snapshot_in_the_restore']} |",
        f"| attempts confirmed before the snapshot / missing | {backup['attempts_confirmed_before_the_snapshot']} / "
        f"**{backup['attempts_confirmed_before_the_snapshot_missing']}** |",
        "| attempts started after the snapshot in the restore | "
        f"{backup['attempts_started_after_the_snapshot_in_the_restore']} |",
        f"| restored site (HTTP status) | {', '.join(f'{k} {v}' for k, v in backup['site'].items())} |",
        "",
        "## Soak",
        "",
        f"{soak['minutes']} min at {soak['target_requests_per_second']} requests/s, half the "
        f"{soak['capacity_requests_per_second']} requests/s the same journeys reached without pauses just before "
        f"(achieved {soak['achieved_requests_per_second']}/s): {soak['requests']} requests, {soak['answers']} answers, "
        f"**{soak['errors']} errors**. Load average (1 min) during the soak: min {soak['load_average_1_min']['min']}, "
        f"median {soak['load_average_1_min']['median']}, max {soak['load_average_1_min']['max']} "
        f"on {os.cpu_count()} cores (the client, the workers and PostgreSQL share them).",
        "",
        f"- p99 of all requests, first minute {soak['p99_ms_first_minute']} ms, "
        f"last minute {soak['p99_ms_last_minute']} ms "
        f"(drift {soak['p99_drift_percent']} %); by minute: {', '.join(map(str, soak['p99_ms_by_minute']))}",
        f"- answer p99 by minute: {', '.join(map(str, soak['answer_p99_ms_by_minute']))}",
        "- the health view, probed twice a second beside them (no database, no template), p99 by minute: "
        + ", ".join(map(str, soak.get("health_probe_p99_ms_by_minute", []))),
        "- load average (1 min, mean of the 10-s samples) by minute: "
        + ", ".join(map(str, soak.get("load_average_by_minute", []))),
        "- worker RSS after a warm-up of 60 s (sampled every 10 s): "
        + "; ".join(
            f"worker {pid}: {w['first_kib'] / 1024:.1f} → {w['last_kib'] / 1024:.1f} MiB "
            f"(max {w['max_kib'] / 1024:.1f}), "
            f"**{w['growth_percent']:+} %**"
            for pid, w in soak["worker_rss"].items()
        ),
        "",
        "| target | met |",
        "|---|:-:|",
        *[f"| {name} | {yes(ok)} |" for name, ok in targets.items()],
    ]
    (out / "faults.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
