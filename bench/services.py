"""This machine's PostgreSQL cluster and Redis, stopped and started by bench/faults.py, and always put back.

`Services` records what it stopped; `restore()` starts it again, and runs at exit, on SIGINT, SIGTERM
and SIGHUP, and from the bench's `finally`. Redis is started again exactly as it was running: the
same executable, with the settings it had (`CONFIG GET`: port, bind, dir, log and pid files, persistence,
daemonize), and its whole configuration is compared afterwards. Everything stays on 127.0.0.1.
Only processes this module started, or the services it was asked to stop, are touched, by PID.
"""

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

# Settings a Redis started with no file needs again on its command line (the rest are defaults).
REDIS_START_SETTINGS = (
    "port",
    "bind",
    "dir",
    "logfile",
    "pidfile",
    "save",
    "appendonly",
    "daemonize",
    "protected-mode",
    "databases",
)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Services:
    def __init__(self, *, pg_cluster: tuple[str, str], redis_port: int | None):
        self.pg_version, self.pg_name = pg_cluster
        self.redis_port = redis_port
        self.pg_stopped = False
        self.redis_stopped = False
        self.redis_config: dict[str, str] = {}
        self.redis_full_config: dict[str, str] = {}
        self.redis_executable = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.children: list[subprocess.Popen] = []  # processes the bench started (gunicorn), ended on exit
        self._restoring = False
        atexit.register(self.restore)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, self._interrupted)

    def _interrupted(self, number, frame) -> None:
        say(f"signal {signal.Signals(number).name}: putting the services back")
        self.restore()
        raise SystemExit(128 + number)

    # --- PostgreSQL ----------------------------------------------------------------------------

    def _pg(self, action: str, *extra: str) -> None:
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", *extra, self.pg_version, self.pg_name, action]
        subprocess.run(command, check=True, timeout=120, stdout=subprocess.DEVNULL)

    def pg_restart(self) -> None:
        self.pg_stopped = True  # if interrupted half-way, restore() makes sure it runs
        self._pg("restart", "--mode", "fast")
        self.pg_stopped = False

    def pg_stop(self) -> None:
        self.pg_stopped = True
        self._pg("stop", "--mode", "fast")

    def pg_start(self) -> None:
        self._pg("start")
        self.pg_stopped = False

    def pg_running(self) -> bool:
        return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], timeout=10).returncode == 0

    def pg_other_sessions(self, own_database_fragment: str = "bench") -> int:
        """Client sessions on the cluster other than the bench's own databases (someone else's work)."""
        query = (
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
            f"AND datname IS NOT NULL AND datname NOT LIKE '%{own_database_fragment}%'"
        )
        result = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atc", query],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return int(result.stdout.strip() or 0)

    # --- Redis ---------------------------------------------------------------------------------

    def _redis_cli(self, *args: str, timeout: float = 10) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.redis_port), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def redis_running(self) -> bool:
        try:
            return self._redis_cli("ping", timeout=3).stdout.strip() == "PONG"
        except (subprocess.TimeoutExpired, OSError):
            return False

    def _redis_settings(self) -> dict[str, str]:
        lines = self._redis_cli("config", "get", "*").stdout.splitlines()
        return dict(zip(lines[0::2], lines[1::2], strict=False))

    def redis_stop(self) -> None:
        """SHUTDOWN NOSAVE, having noted how to start it again exactly as it ran."""
        self.redis_full_config = self._redis_settings()
        self.redis_config = {name: self.redis_full_config[name] for name in REDIS_START_SETTINGS}
        if self.redis_config["bind"].split()[0] not in ("127.0.0.1", "::1", "localhost"):
            raise SystemExit(f"Redis on port {self.redis_port} is bound beyond loopback: not stopping it.")
        self.redis_stopped = True
        self._redis_cli("shutdown", "nosave")
        for _ in range(100):
            if not self.redis_running():
                return
            time.sleep(0.05)
        raise SystemExit("Redis did not stop")

    def redis_start(self) -> None:
        command = [self.redis_executable]
        for name, value in self.redis_config.items():
            command += [f"--{name}", *(value.split() if name == "bind" else [value])]
        subprocess.run(command, check=True, timeout=30, cwd=self.redis_config.get("dir") or "/")
        for _ in range(200):
            if self.redis_running():
                self.redis_stopped = False
                now = self._redis_settings()
                changed = {
                    name: (value, now.get(name))
                    for name, value in self.redis_full_config.items()
                    if now.get(name) != value
                }
                if changed:
                    say(f"Redis restarted, but these settings differ from before: {changed}")
                return
            time.sleep(0.05)
        raise SystemExit("Redis did not start again")

    # --- Processes the bench started -----------------------------------------------------------

    def started(self, process: subprocess.Popen) -> subprocess.Popen:
        self.children.append(process)
        return process

    def end(self, process: subprocess.Popen, timeout: float = 20) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def restore(self) -> None:
        """Start whatever this run stopped, and end the processes it started. Safe to call more than once."""
        if self._restoring:
            return
        self._restoring = True
        try:
            if self.pg_stopped:
                say("restoring PostgreSQL")
                with contextlib.suppress(subprocess.CalledProcessError):  # already running: a restart finished
                    self._pg("start")
                self.pg_stopped = not self.pg_running()
            if self.redis_stopped and not self.redis_running():
                say("restoring Redis")
                self.redis_start()
            self.redis_stopped = False
            for process in self.children:
                self.end(process)
        finally:
            self._restoring = False


def worker_pids(master_pid: int) -> list[int]:
    """gunicorn's workers: the master's children."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return []
    return sorted(int(pid) for pid in children)


def rss_kib(pid: int) -> int:
    """Resident memory of a process, KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def kill(pid: int, number: int = signal.SIGKILL) -> None:
    os.kill(pid, number)
