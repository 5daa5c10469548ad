"""Analytics benchmark: gradebook and item analysis over a large generated cohort, on the database in DATABASE_URL.

Run through `make bench-analytics` (SQLite, then PostgreSQL). It migrates the database, loads the seed
content, generates the cohort once (`generate_activity`), analyses the tables (and vacuums them on
PostgreSQL), then times each page or query several times in one run, next to a trivial view measured
in the same run, and writes a Markdown and a JSON report.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--cohort", default="Benchmark cohort")
    parser.add_argument("--report", default=str(ROOT / "docs" / "benchmarks"))
    args = parser.parse_args()

    ensure_postgres_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from quiz.models import AttemptItem, Cohort, Quiz
    from quiz.teaching import exports, items

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command(
        "import_content", str(ROOT / "content/fixtures/nato-russia-relations-the-facts.json"), "--skip-existing"
    )
    cohort = Cohort.objects.filter(name=args.cohort).first()
    if cohort is None:
        started = time.perf_counter()
        call_command("generate_activity", learners=args.learners, answers=args.answers, cohort=args.cohort)
        print(f"Generated in {time.perf_counter() - started:.0f} s")
        cohort = Cohort.objects.get(name=args.cohort)
    # As a maintained database is: planner statistics, and on PostgreSQL a visibility map, so index-only
    # scans stay in the index (autovacuum does this in service; it may be off or not yet run here).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    engine = connection.vendor
    learners = cohort.memberships.count()
    answers = AttemptItem.objects.filter(attempt__learner__memberships__cohort=cohort).count()
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

    def every_quiz_all_attempts():
        for quiz in Quiz.objects.filter(section__isnull=False):
            items.item_analysis(cohort=cohort, quiz=quiz, first_only=False)

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
        f"item analysis of every quiz, all attempts ({answers:,} answers in all)": (
            timed(every_quiz_all_attempts, 5),
            1000,
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
        "Ratios compare each median with the trivial health view measured in the same run.",
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


if __name__ == "__main__":
    main()
