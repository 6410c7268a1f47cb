"""`govsocial serve`: the production web server (gunicorn), several processes behind a proxy.

`govsocial run` stays the one-command demo on waitress; `govsocial worker` runs the background
jobs as a command of its own, so web and worker hosts scale separately (docs/install.md).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import click

from govsocial.cli.common import check_database, fail, setup_django
from govsocial.cli.run import port_is_free

DEFAULT_BIND = "127.0.0.1:8000"
# Threads let a process serve another request while one waits on PostgreSQL: on 2 cores, 4
# threads per process served about three times the requests of gunicorn's single-threaded sync
# worker (ADR 0011).
DEFAULT_THREADS = 4
TCP_BIND = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(?P<port>[0-9]{1,5})$")
# Only X-Forwarded-Proto, and only from TRUSTED_PROXIES: the same one header waitress trusts.
SECURE_SCHEME_HEADERS = {"X-FORWARDED-PROTO": "https"}


def positive_env_int(name: str, default: int) -> int:
    """A whole number from the environment, read without Django so that --help works anywhere."""
    configured = os.environ.get(name, "").strip()
    return int(configured) if configured.isdigit() and int(configured) >= 1 else default


def default_workers() -> int:
    """GOVSOCIAL_WEB_WORKERS, else 2 x cores + 1."""
    return positive_env_int("GOVSOCIAL_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1)


def checked_bind(address: str) -> str:
    """The address if the server can listen on it, else one line saying what to change."""
    if address.startswith("unix:"):
        if not address[len("unix:") :]:
            fail("--bind unix: needs a socket path, e.g. --bind unix:/run/govsocial/web.sock.")
        return address
    match = TCP_BIND.match(address)
    if match is None or not 1 <= int(match["port"]) <= 65535:
        fail(
            f"--bind {address!r} is not HOST:PORT or unix:PATH, "
            "e.g. --bind 127.0.0.1:8000 or --bind unix:/run/govsocial/web.sock."
        )
    host, port = match["host"].strip("[]"), int(match["port"])
    if ":" not in host and not port_is_free(host, port):
        fail(f"port {port} on {host} is in use. Stop the other program, or choose another --bind.")
    return address


def unapplied_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def static_files_missing() -> bool:
    """True when the settings serve hashed static files whose manifest was never collected."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    storage = storages["staticfiles"]
    return isinstance(storage, ManifestFilesMixin) and not storage.hashed_files


def gunicorn_options(
    *, binds: list[str], workers: int, threads: int, trusted_proxies: list[str]
) -> dict[str, Any]:
    return {
        "bind": binds,
        "workers": workers,
        "threads": threads,
        # Threads need gthread; one thread per process is the plain sync worker.
        "worker_class": "gthread" if threads > 1 else "sync",
        # gunicorn's own default trusts 127.0.0.1 whatever we say: always pass the setting.
        "forwarded_allow_ips": ",".join(trusted_proxies),
        "secure_scheme_headers": SECURE_SCHEME_HEADERS,
        "proc_name": "govsocial-web",
        # The application is imported once, before the processes fork: a broken setting or import
        # stops the server at start, in one place, instead of in every worker.
        "preload_app": True,
        "errorlog": "-",
        # gunicorn's run-time control socket sits in one fixed place per user, so two servers
        # on one host would share it; systemd and signals manage the process instead.
        "control_socket_disable": True,
    }


def warm_up() -> None:
    """Does once, in the master before it forks, what each process would otherwise do on its
    first requests: import every view through the URL map and compile every template. The
    processes start with these in memory they share, instead of each taking a second or two."""
    from django.template import engines
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports config.urls and every view module
    resolver.reverse_dict  # noqa: B018 - builds the reverse() table
    for engine in engines.all():
        for folder in engine.template_dirs:
            for template in Path(folder).rglob("*.html"):
                engine.get_template(template.relative_to(folder).as_posix())


def serve_forever(options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication

    from config.wsgi import application

    class GovsocialServer(BaseApplication):
        def load_config(self) -> None:
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            return application

    GovsocialServer().run()


@click.command("serve")
@click.option(
    "--bind",
    "binds",
    multiple=True,
    envvar="GOVSOCIAL_BIND",
    help=f"HOST:PORT or unix:PATH to listen on; repeat for several (or set GOVSOCIAL_BIND). Default {DEFAULT_BIND}.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=default_workers,
    show_default="GOVSOCIAL_WEB_WORKERS, else 2 x cores + 1",
    help="Web processes.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=lambda: positive_env_int("GOVSOCIAL_WEB_THREADS", DEFAULT_THREADS),
    show_default=f"GOVSOCIAL_WEB_THREADS, else {DEFAULT_THREADS}",
    help="Threads per process (1 uses gunicorn's sync worker, more its gthread worker).",
)
def serve_command(binds: tuple[str, ...], workers: int, threads: int) -> None:
    """Serve the web UI in production with gunicorn: several processes, behind your TLS proxy.

    Run `govsocial manage migrate` and `govsocial manage collectstatic --noinput` first, and
    `govsocial worker` as a command of its own. X-Forwarded-Proto is believed only from the
    addresses in TRUSTED_PROXIES. Never loads demo data.
    """
    checked = [checked_bind(address) for address in (binds or (DEFAULT_BIND,))]
    setup_django()
    check_database()
    from django.conf import settings
    from django.db import connections

    if pending := unapplied_migrations():
        fail(
            f"the database has {pending} migrations to apply: run `govsocial manage migrate` first."
        )
    if static_files_missing():
        fail(
            "the static files are not collected: run `govsocial manage collectstatic --noinput` first."
        )
    warm_up()
    # Each process opens its own connections after the fork.
    connections.close_all()
    click.echo(
        f"govsocial is serving on {', '.join(checked)} with {workers} processes"
        f"{f' of {threads} threads' if threads > 1 else ''}. Press Ctrl+C to stop."
    )
    serve_forever(
        gunicorn_options(
            binds=checked,
            workers=workers,
            threads=threads,
            trusted_proxies=list(settings.TRUSTED_PROXIES),
        )
    )
