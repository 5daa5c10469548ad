"""Analytics benchmark: gradebook and item analysis over a large generated cohort, on the database in DATABASE_URL.

Run through `make bench-analytics` (SQLite, then PostgreSQL). It migrates the database, loads the seed
content, generates the cohort once (`generate_activity`), dates the memberships so that the while-member
rule keeps most of the attempts (see `date_memberships`), rebuilds the item tallies (the dates are set by a
queryset update, which the tallies do not follow; its time is in the report's setup), analyses the tables
(and vacuums them on PostgreSQL), then times each page or query several times in one run, next to a
trivial view measured in the same run, and writes a Markdown and a JSON report. The database must be the
benchmark's own: its name (or the SQLite file's path) must contain "bench".

With --scaling it times only the gradebook page, one item analysis page and the full item report of
every quiz, and files the figures under the database's number of answers in
`analytics-scaling-<engine>.json`, from which `analytics-scaling-<engine>.md` is written (one row per
size, with each figure's growth against the next smaller size).
"""

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factsquiz.settings")


def ensure_postgres_database() -> None:
    """Create the benchmark's PostgreSQL database if it does not exist yet."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if "bench" not in str(config["NAME"]):
        sys.exit(f"Refusing to run on {config['NAME']!r}: a benchmark database's name must contain 'bench'.")
    if "postgresql" not in config["ENGINE"]:
        return
    admin = psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres", autocommit=True
    )
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
    if not exists:
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


def timed(function, runs: int, *, warm_up: bool = True) -> dict:
    if warm_up:
        function()  # warm up caches and connections
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "runs": runs,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 2),
    }


def date_memberships(cohort) -> None:
    """Date the cohort's memberships before the generated attempts, as the while-member rule needs.

    `generate_activity` makes memberships that start now, after every attempt it writes, so instructors
    would see none of them. Here each learner joined a day before the cohort's first attempt, except one
    in ten, who joined 45 days later: the part of their history from before joining is left out, so the
    rule's filter does real work. The same dates on every run.
    """
    from datetime import timedelta

    from django.db.models import Min

    from quiz.models import Attempt, Membership

    first = Attempt.objects.filter(learner__memberships__cohort=cohort).aggregate(first=Min("started_at"))["first"]
    members = Membership.objects.filter(cohort=cohort)
    members.update(joined_at=first - timedelta(days=1))
    late = [pk for n, pk in enumerate(members.order_by("learner_id").values_list("pk", flat=True)) if n % 10 == 9]
    Membership.objects.filter(pk__in=late).update(joined_at=first + timedelta(days=45))


def counted(function) -> int:
    """How many queries one call makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def load_average() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--cohort", default="Benchmark cohort")
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks"))
    parser.add_argument("--scaling", action="store_true", help="time the scaling table's measures only")
    parser.add_argument("--runs", type=int, default=5, help="runs of the every-quiz report")
    args = parser.parse_args()
    load_before = load_average()

    ensure_postgres_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from quiz.models import AttemptItem, Cohort, Quiz
    from quiz.teaching import exports, items, tallies

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command(
        "import_content", str(ROOT / "content/fixtures/nato-russia-relations-the-facts.json"), "--skip-existing"
    )
    setup = {}  # seconds each step of the setup took (the report keeps them)
    cohort = Cohort.objects.filter(name=args.cohort).first()
    if cohort is None:
        started = time.perf_counter()
        call_command("generate_activity", learners=args.learners, answers=args.answers, cohort=args.cohort)
        setup["generate_activity_s"] = round(time.perf_counter() - started, 1)
        print(f"Generated in {setup['generate_activity_s']:.0f} s")
        cohort = Cohort.objects.get(name=args.cohort)
    date_memberships(cohort)
    # The dates were set by a queryset update, which no tally follows: recount them, as after any bulk change.
    started = time.perf_counter()
    with transaction.atomic():
        tallies.rebuild_with_standings()
    setup["item_tallies_rebuild_s"] = round(time.perf_counter() - started, 1)
    print(f"Item tallies and standings rebuilt in {setup['item_tallies_rebuild_s']:.1f} s")
    # As a maintained database is: planner statistics, and on PostgreSQL a visibility map, so index-only
    # scans stay in the index (autovacuum does this in service; it may be off or not yet run here).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    engine = connection.vendor
    learners = cohort.memberships.count()
    answers = AttemptItem.objects.count()
    busiest = (
        Quiz.objects.filter(attempts__learner__memberships__cohort=cohort)
        .annotate(n=Count("attempts__items"))
        .order_by("-n")
        .first()
    )
    busiest_answers = AttemptItem.objects.filter(
        attempt__quiz=busiest, attempt__learner__memberships__cohort=cohort
    ).count()

    client = Client(SERVER_NAME="localhost")
    client.force_login(cohort.instructor)
    health = reverse("quiz:health")
    gradebook = reverse("quiz:gradebook", args=[cohort.pk])
    analysis = reverse("quiz:item-analysis", args=[cohort.pk, busiest.pk])

    def get(url, data=None):
        def run():
            response = client.get(url, data or {})
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    quizzes = list(Quiz.objects.filter(section__isnull=False).order_by("pk"))

    def every_quiz_all_attempts():
        for quiz in quizzes:
            items.item_analysis(cohort=cohort, quiz=quiz, first_only=False)

    def every_quiz_report(first_only: bool):
        def run():
            for quiz in quizzes:
                items.item_report(cohort=cohort, quiz=quiz, first_only=first_only)

        return run

    report_queries = counted(every_quiz_report(False))
    page_queries = counted(get(analysis, {"attempts": "all"}))
    gradebook_queries = counted(get(gradebook))
    if args.scaling:
        return scaling(
            args,
            engine=connection.vendor,
            learners=learners,
            answers=answers,
            quizzes=len(quizzes),
            busiest_answers=busiest_answers,
            load_before=load_before,
            setup=setup,
            figures={
                "health view": timed(get(health), 200),
                "gradebook page": {**timed(get(gradebook), 20), "queries": gradebook_queries},
                "item analysis page, busiest quiz, all attempts": {
                    **timed(get(analysis, {"attempts": "all"}), 10),
                    "queries": page_queries,
                },
                "item report of every quiz, all attempts": {
                    **timed(every_quiz_report(False), args.runs),
                    "queries": report_queries,
                },
            },
        )

    def stream(rows, *, sample: int):
        """Time the whole stream; trace Python memory (which slows it) over its first `sample` rows only."""

        def run():
            run.rows = sum(1 for _ in rows())

        tracemalloc.start()
        for count, _ in enumerate(rows(), start=1):
            if count >= sample:
                break
        run.peak_mb = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        tracemalloc.stop()
        run.sample = sample
        return run

    gradebook_csv = stream(lambda: exports.gradebook_rows(cohort=cohort, method="highest"), sample=10**9)
    answers_csv = stream(lambda: exports.answer_rows(cohort=cohort), sample=100_000)
    measures = {
        "health view (trivial, reference)": (timed(get(health), 200), None),
        f"gradebook page 1 of {learners} learners, by name, highest score": (timed(get(gradebook), 30), 200),
        f"gradebook sorted by a quiz's latest score ({learners} learners)": (
            timed(get(gradebook, {"sort": f"-quiz-{busiest.pk}", "method": "latest"}), 30),
            200,
        ),
        f"item analysis page, busiest quiz, first attempts ({busiest_answers:,} answers in quiz)": (
            timed(get(analysis), 10),
            1000,
        ),
        f"item analysis page, busiest quiz, all attempts ({busiest_answers:,} answers)": (
            timed(get(analysis, {"attempts": "all"}), 10),
            1000,
        ),
        f"item report of every quiz ({len(quizzes)}), all attempts, back to back ({answers:,} answers in all; "
        f"{report_queries} queries)": (
            timed(every_quiz_report(False), args.runs),
            1000,
        ),
        f"item report of every quiz ({len(quizzes)}), first attempts, back to back": (
            timed(every_quiz_report(True), args.runs),
            1000,
        ),
        f"item figures only (`item_analysis`) of every quiz, all attempts ({answers:,} answers in all)": (
            timed(every_quiz_all_attempts, args.runs),
            None,
        ),
        f"gradebook CSV, all {learners} learners (streamed)": (timed(gradebook_csv, 3), None),
        f"answers CSV, all {answers:,} answers (streamed)": (timed(answers_csv, 1, warm_up=False), None),
    }
    reference = measures["health view (trivial, reference)"][0]["median_ms"]
    rows = []
    for name, (figures, target) in measures.items():
        figures["ratio_to_health_view"] = round(figures["median_ms"] / reference, 1) if reference else None
        figures["target_ms"] = target
        figures["meets_target"] = None if target is None else figures["median_ms"] <= target
        rows.append({"measure": name, **figures})
    for row, run in ((rows[-2], gradebook_csv), (rows[-1], answers_csv)):
        row["peak_python_memory_mb"] = run.peak_mb
        row["memory_sample_rows"] = min(run.sample, run.rows)
        row["rows"] = run.rows

    report = {
        "engine": engine,
        "learners": learners,
        "answers": answers,
        "debug": settings.DEBUG,
        "date": time.strftime("%Y-%m-%d"),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "setup": setup,
        "measures": rows,
    }
    out = Path(args.report)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"analytics-{engine}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# Analytics benchmark — {engine}",
        "",
        f"{learners:,} learners, {answers:,} answers, DEBUG {'on' if settings.DEBUG else 'off'}, measured "
        f"{report['date']} in one run through Django's test client (full middleware and template rendering, no "
        "network), after `VACUUM ANALYZE` (`ANALYZE` on SQLite), as autovacuum keeps a database in service. "
        "Ratios compare each median with the trivial health view measured in the same run. Load average "
        f"(1/5/15 min) {report['load_average_before']} before, {report['load_average_after']} after, on 2 cores.",
        "",
        "Setup: " + ", ".join(f"{name} {seconds} s" for name, seconds in setup.items()) + ".",
        "",
        "| measure | median ms | p95 ms | × health view | target ms | met |",
        "|---|---:|---:|---:|---:|:-:|",
    ]
    for row in rows:
        met = "" if row["meets_target"] is None else ("yes" if row["meets_target"] else "**no**")
        memory = (
            f" (peak Python memory {row['peak_python_memory_mb']} MB over the first {row['memory_sample_rows']:,} rows)"
            if "peak_python_memory_mb" in row
            else ""
        )
        lines.append(
            f"| {row['measure']}{memory} | {row['median_ms']} | {row['p95_ms']} | {row['ratio_to_health_view']} | "
            f"{row['target_ms'] or ''} | {met} |"
        )
    (out / f"analytics-{engine}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def scaling(args, *, engine, learners, answers, quizzes, busiest_answers, load_before, setup, figures) -> None:
    """File this size's figures in analytics-scaling-<engine>.json and rewrite its Markdown table."""
    out = Path(args.report)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"analytics-scaling-{engine}.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"engine": engine, "sizes": {}}
    reference = figures["health view"]["median_ms"]
    for row in figures.values():
        row["ratio_to_health_view"] = round(row["median_ms"] / reference, 1) if reference else None
    data["sizes"][str(answers)] = {
        "answers": answers,
        "learners": learners,
        "quizzes": quizzes,
        "busiest_quiz_answers": busiest_answers,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "setup": setup,
        "figures": figures,
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    sizes = sorted(data["sizes"].values(), key=lambda size: size["answers"])
    names = [name for name in figures if name != "health view"]
    lines = [
        f"# Analytics scaling — {engine}",
        "",
        "Written by `bench/analytics.py --scaling`, one run per size, each in its own database generated by "
        "`generate_activity` (1 000 answers per learner). Medians in ms; in brackets the ratio to the health view "
        "in the same run, then the growth of that ratio against the next smaller size (× answers grows 10×).",
        "",
        "| answers | learners | load average (1 min) before / after | " + " | ".join(names) + " |",
        "|---:|---:|---|" + "---:|" * len(names),
    ]
    previous = None
    for size in sizes:
        cells = []
        for name in names:
            row = size["figures"].get(name)
            if row is None:
                cells.append("")
                continue
            growth = ""
            if previous and previous["figures"].get(name, {}).get("ratio_to_health_view"):
                factor = row["ratio_to_health_view"] / previous["figures"][name]["ratio_to_health_view"]
                growth = f", ×{factor:.1f}"
            cells.append(f"{row['median_ms']} ({row['ratio_to_health_view']}{growth}; {row.get('queries', '')} q)")
        lines.append(
            f"| {size['answers']:,} | {size['learners']:,} | {size['load_average_before'].split(' / ')[0]} / "
            f"{size['load_average_after'].split(' / ')[0]} | " + " | ".join(cells) + " |"
        )
        previous = size
    (out / f"analytics-scaling-{engine}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
