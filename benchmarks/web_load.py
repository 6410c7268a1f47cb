"""50 signed-in staff for 60 s against both web servers on PostgreSQL, side by side.

    .venv/bin/python benchmarks/web_load.py [--seconds 60] [--users 50] [--servers waitress,gunicorn]

It uses the PostgreSQL database named by GOVSOCIAL_BENCH_DATABASE_URL (default the dev database
postgres://postgres@127.0.0.1:54329/gs_serve; `--fresh` empties it first, and refuses one holding
any organisation but the demo's), migrates it, loads `govsocial demo` and scales it to 10,000 posts and 50,000
inbox items in bulk (benchmarks/web_load_data.py). Then, under production settings with
TRUSTED_PROXIES=127.0.0.1, it starts each server in turn, `govsocial run --no-worker` (waitress,
8 threads) and `govsocial serve` (gunicorn, --workers processes), and drives the users over the
dashboard, the posts list, a post, the inbox list, an inbox item and the public log, each
request carrying X-Forwarded-Proto: https as the proxy would. It prints p50/p95/p99 and errors
per page and server. `.ci/run` starts a throw-away PostgreSQL the same way; point
GOVSOCIAL_BENCH_DATABASE_URL at one (any database you can empty) to run it elsewhere.

Target (issue 12): the production server at p95 < 300 ms with 0 errors on this 2-core machine.
"""

from __future__ import annotations

# locust patches the standard library for gevent when imported: first, before anything else.
from locust import FastHttpUser, between, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gevent

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:54329/gs_serve"
PAGES = ["dashboard", "posts list", "post", "inbox list", "inbox item", "public log"]
SECRET = "benchmark-only-secret-key-" + "b" * 40
CREDENTIAL_KEY = "x1uN3zC4o2m6SkB8mLhS3h6G1ZsQ0yT8pXqW9aDkRrE="
START_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment(database_url: str, var_dir: Path, settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GOVSOCIAL_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "GOVSOCIAL_CREDENTIAL_KEYS": CREDENTIAL_KEY,
            "GOVSOCIAL_VAR_DIR": str(var_dir),
            "TRUSTED_PROXIES": "127.0.0.1",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def govsocial(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "govsocial.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        raise SystemExit(f"govsocial {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def django_script(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        raise SystemExit(f"a set-up step failed:\n{done.stderr[-3000:]}")
    return done.stdout


EMPTY_DATABASE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT to_regclass('accounts_organisation')")
    if cursor.fetchone()[0] is not None:
        cursor.execute("SELECT name FROM accounts_organisation")
        others = [name for (name,) in cursor.fetchall() if name != "Department for Example"]
        if others:
            raise SystemExit(f"refusing to empty a database that holds {others}")
    cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
"""


VACUUM = """
from django.db import connection
connection.ensure_connection()
connection.connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
"""


def prepare(database_url: str, var_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """An emptied database with the scaled demo data, and the static files collected."""
    local = environment(database_url, var_dir, "config.settings.local")
    production = environment(database_url, var_dir, "config.settings.production")
    started = time.monotonic()
    if args.fresh:
        django_script(local, EMPTY_DATABASE)
    govsocial(local, "demo")
    data: dict[str, Any] = json.loads(
        django_script(
            local,
            "from benchmarks.web_load_data import main\n"
            f"main(posts={args.posts}, inbox={args.inbox}, users={args.users})",
        )
    )
    # A production database is vacuumed and analysed by autovacuum; one just bulk-loaded is not.
    django_script(local, VACUUM)
    if not (var_dir / "static" / "staticfiles.json").exists():
        govsocial(production, "manage", "collectstatic", "--noinput", "--verbosity", "0")
    print(
        f"Loaded {len(data['posts']):,} posts and {len(data['items']):,} inbox items, "
        f"{len(data['sessions'])} sessions, in {time.monotonic() - started:.0f} s."
    )
    return data


def start_server(
    name: str, env: dict[str, str], port: int, workers: int, threads: int
) -> subprocess.Popen[bytes]:
    args = {
        "waitress": ["run", "--no-worker", "--no-demo", "--port", str(port)],
        "gunicorn": [
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
    }[name]
    process = subprocess.Popen(
        [sys.executable, "-m", "govsocial.cli", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited {process.returncode} at start")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.2)
    raise SystemExit(f"{name} did not listen on {port} in {START_TIMEOUT} s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass(frozen=True)
class Figures:
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float


def staff_user(
    data: dict[str, Any], think: tuple[float, float], skip: set[str]
) -> type[FastHttpUser]:
    org = data["org"]
    sessions = list(data["sessions"])

    class Staff(FastHttpUser):
        wait_time = between(*think)

        def on_start(self) -> None:
            self.headers = {
                "Cookie": f"__Host-sessionid={sessions.pop()}",
                "X-Forwarded-Proto": "https",
            }

        def visit(self, path: str, name: str) -> None:
            if name in skip:
                return
            with self.client.get(
                path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code} for {path}")

        @task
        def dashboard(self) -> None:
            self.visit(f"/o/{org}/", "dashboard")

        @task
        def posts_list(self) -> None:
            self.visit(f"/o/{org}/posts/", "posts list")

        @task
        def post(self) -> None:
            self.visit(f"/o/{org}/posts/{random.choice(data['posts'])}/", "post")

        @task
        def inbox_list(self) -> None:
            self.visit(f"/o/{org}/inbox/", "inbox list")

        @task
        def inbox_item(self) -> None:
            self.visit(f"/o/{org}/inbox/items/{random.choice(data['items'])}/", "inbox item")

        @task
        def public_log(self) -> None:
            self.visit(f"/public/{org}/log/", "public log")

    return Staff


def drive(port: int, data: dict[str, Any], args: argparse.Namespace) -> dict[str, Figures]:
    skip = {page.strip() for page in args.skip.split(",") if page.strip()}
    user_class = staff_user(data, (args.think_min, args.think_max), skip)
    env = Environment(user_classes=[user_class], host=f"http://127.0.0.1:{port}")
    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    # Both servers get the same warm-up, not counted: caches, connections, the first requests.
    gevent.sleep(args.warm_up)
    env.stats.reset_all()
    gevent.sleep(args.seconds)
    runner.quit()
    figures = {}
    for name in PAGES:
        entry = env.stats.get(name, "GET")
        figures[name] = summarise(entry)
    figures["all"] = summarise(env.stats.total)
    for error in env.stats.errors.values():
        print(f"  {error.occurrences} x {error.name}: {error.error}")
    return figures


def summarise(entry: Any) -> Figures:
    if not entry.num_requests:
        return Figures(0, entry.num_failures, 0.0, 0.0, 0.0)
    return Figures(
        entry.num_requests,
        entry.num_failures,
        entry.get_response_time_percentile(0.50),
        entry.get_response_time_percentile(0.95),
        entry.get_response_time_percentile(0.99),
    )


def table(results: dict[str, dict[str, Figures]]) -> str:
    servers = list(results)
    head = f"{'page':<12}" + "".join(
        f" | {server + ' n/err':>16} {'p50':>6} {'p95':>6} {'p99':>6}" for server in servers
    )
    lines = [head, "-" * len(head)]
    for page in [*PAGES, "all"]:
        row = f"{page:<12}"
        for server in servers:
            f = results[server][page]
            row += (
                f" | {f'{f.requests}/{f.failures}':>16} {f.p50:>6.0f} {f.p95:>6.0f} {f.p99:>6.0f}"
            )
        lines.append(row)
    return "\n".join(lines)


def postgres_answers(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60, help="load per server (default 60)")
    parser.add_argument("--warm-up", type=float, default=10, help="seconds not counted, first")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--inbox", type=int, default=50_000)
    parser.add_argument("--servers", default="waitress,gunicorn")
    parser.add_argument(
        "--skip", default="", help='pages to leave out, comma-separated, e.g. "posts list"'
    )
    parser.add_argument(
        "--fresh", action="store_true", help="empty the database first (else top the data up)"
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per process")
    parser.add_argument(
        "--think-min", type=float, default=1.0, help="seconds between a user's pages"
    )
    parser.add_argument("--think-max", type=float, default=3.0)
    args = parser.parse_args()
    database_url = os.environ.get("GOVSOCIAL_BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    if not postgres_answers(database_url):
        # `make benchmarks` runs every script: without a PostgreSQL this one has nothing to measure.
        print(
            f"web_load: skipped, no PostgreSQL answers at {database_url} (set GOVSOCIAL_BENCH_DATABASE_URL)."
        )
        return
    var_dir = Path(tempfile.gettempdir()) / "govsocial-web-load" / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    data = prepare(database_url, var_dir, args)
    production = environment(database_url, var_dir, "config.settings.production")
    results = {}
    for name in args.servers.split(","):
        port = free_port()
        server = start_server(name, production, port, args.workers, args.threads)
        try:
            results[name] = drive(port, data, args)
        finally:
            stop_server(server)
    print(
        f"\n{args.users} signed-in users, {args.think_min:g}-{args.think_max:g} s between pages, "
        f"{args.seconds:g} s per server; times in ms (n/err = requests/errors)\n"
    )
    print(table(results))
    print(
        f"\nload average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
    )


if __name__ == "__main__":
    main()
