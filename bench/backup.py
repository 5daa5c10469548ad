"""Backups that restore: `make backup` and `make restore FILE=…` (PostgreSQL), also used by bench/faults.py.

backup: one consistent snapshot of the database (`DATABASE_URL`) gives three files in BACKUP_DIR:
  factsquiz-<stamp>.dump   pg_dump, custom format: everything (accounts, attempts, history);
  content-<stamp>.json     `export_content` of the same snapshot: the content in its reviewable form;
  factsquiz-<stamp>.json   what the snapshot holds: its time, row counts, the content file's SHA-256.
The snapshot is exported by a REPEATABLE READ transaction (`pg_export_snapshot()`) that pg_dump
(`--snapshot`) and the content export both read, so the two files agree even while learners answer.

restore: into a new database that must not exist yet (`DATABASE_URL` names it): CREATE DATABASE,
pg_restore, `migrate` (a newer release's migrations), then checks against the manifest beside the dump:
the restored content export must be byte-identical to the backup's, and the row counts equal. It exits
non-zero if either differs. Point the site at the restored database only after that.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COUNTED = {  # manifest name -> (app label, model, filter) counted in the snapshot and after a restore
    "users": ("auth", "User", {}),
    "attempts": ("quiz", "Attempt", {}),
    "finished_attempts": ("quiz", "Attempt", {"finished_at__isnull": False}),
    "answered_items": ("quiz", "AttemptItem", {"answered_at__isnull": False}),
    "review_cards": ("reviews", "Card", {}),
    "claims": ("content", "Claim", {}),
}


def _django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factsquiz.settings")
    import django

    django.setup()


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {
        name: apps.get_model(app, model).objects.filter(**where).count()
        for name, (app, model, where) in COUNTED.items()
    }


def _postgres(database_url: str) -> dict:
    import dj_database_url

    config = dj_database_url.parse(database_url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("Backups and restores need a PostgreSQL DATABASE_URL (postgres://…).")
    return config


def backup(database_url: str, directory: Path) -> dict:
    """Dump the database and export the content from one snapshot; returns the manifest (also written)."""
    _postgres(database_url)
    _django(database_url)
    from django.db import connection, transaction

    from content.transfer import content_export

    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d-%H%M%S")
    dump, content = directory / f"factsquiz-{stamp}.dump", directory / f"content-{stamp}.json"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), extract(epoch FROM clock_timestamp())")
            snapshot, taken_at = cursor.fetchone()
        # pg_dump reads the same snapshot while this transaction keeps it alive.
        dumping = subprocess.Popen(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(dump), database_url]
        )
        text = content_export()
        counts = _counts()
        if dumping.wait() != 0:
            raise SystemExit(f"pg_dump failed (exit {dumping.returncode}); nothing to keep in {dump}.")
    content.write_text(text, encoding="utf-8")
    manifest = {
        "snapshot_taken_at": float(taken_at),
        "snapshot_taken_at_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(float(taken_at))),
        "dump": dump.name,
        "content": content.name,
        "content_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "counts": counts,
    }
    (directory / f"factsquiz-{stamp}.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"Backup: {dump} and {content} (snapshot {manifest['snapshot_taken_at_utc']}): {counts}")
    return manifest


def restore(dump: Path, database_url: str) -> dict:
    """Restore `dump` into the new database `database_url`; returns what was checked (and exits non-zero on a gap)."""
    config = _postgres(database_url)
    if not dump.is_file():
        raise SystemExit(f"No such backup file: {dump}")
    import psycopg

    admin = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or 5432,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        name = config["NAME"]
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            raise SystemExit(f"The database {name} exists: restore into a new one, then point DATABASE_URL at it.")
        admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        admin.close()
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", database_url, str(dump)],
        check=True,
    )
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v0"], check=True, env=env)
    _django(database_url)
    from content.transfer import content_export

    result = {"database": name, "counts": _counts()}
    manifest_file = dump.with_suffix(".json")
    if manifest_file.is_file():
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        backed_up = (dump.parent / manifest["content"]).read_bytes()
        restored = content_export().encode("utf-8")
        result["content_identical"] = restored == backed_up
        result["counts_equal"] = result["counts"] == manifest["counts"]
        result["backup_counts"] = manifest["counts"]
        print(
            f"Restored into {name}: content export {'byte-identical' if result['content_identical'] else 'DIFFERS'}; "
            f"counts {'equal' if result['counts_equal'] else 'DIFFER'}: {result['counts']}"
        )
        if not result["content_identical"]:
            print(
                "The content export differs from the backup's. If the release changed between the two, export the "
                "original database with this release and compare again.",
                file=sys.stderr,
            )
        if not (result["content_identical"] and result["counts_equal"]):
            raise SystemExit(1)
    else:
        print(f"Restored into {name} (no manifest beside the dump to check against): {result['counts']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    taking = commands.add_parser("backup", help="dump DATABASE_URL and export its content, from one snapshot")
    taking.add_argument("--dir", default=os.environ.get("BACKUP_DIR", "backups"))
    giving = commands.add_parser("restore", help="restore a dump into the new database DATABASE_URL, and check it")
    giving.add_argument("file")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        raise SystemExit("Set DATABASE_URL (postgres://…): the database to back up, or the new one to restore into.")
    if args.command == "backup":
        backup(database_url, Path(args.dir))
    else:
        restore(Path(args.file), database_url)


if __name__ == "__main__":
    main()
