"""`govsocial run`, `worker`, `manage` and `demo`: serve the product, and set it up."""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
import subprocess
import sys
import threading

import click

from govsocial.cli.common import check_database, fail, setup_django

# How long the worker and the demo Mastodon get to stop before they are killed.
CHILD_STOP_SECONDS = 10


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def migrate_quietly() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--no-demo", is_flag=True, help="Do not load the demo organisation into an empty database."
)
@click.option(
    "--no-worker", is_flag=True, help="Serve the web UI only (run `govsocial worker` elsewhere)."
)
def run_command(host: str, port: int, no_demo: bool, no_worker: bool) -> None:
    """Migrate, load demo data if the database is empty, and serve the web UI with a worker."""
    stop_on_sigterm()
    if not port_is_free(host, port):
        fail(
            f"port {port} on {host} is in use. Stop the other program, or run `govsocial run --port {port + 1}`."
        )
    setup_django()
    check_database()
    from django.conf import settings

    proxy = waitress_trusted_proxy(list(settings.TRUSTED_PROXIES))
    migrate_quietly()
    from govsocial.cli.demo import DEMO_PASSWORD, demo_load, demo_users
    from govsocial.cli.sandbox import DEMO_MASTODON_URL, start_demo_mastodon

    if settings.GOVSOCIAL_PRODUCTION and not no_demo:
        click.echo("Production settings: the demo organisation is not loaded.")
        no_demo = True
    if not no_demo:
        demo_load()
    children: list[subprocess.Popen[bytes]] = []
    try:
        sandbox = None if no_demo else start_demo_mastodon(settings.VAR_DIR)
        if sandbox is not None:
            children.append(sandbox)
        if not no_worker:
            children.append(
                subprocess.Popen(
                    [sys.executable, "-m", "govsocial.cli", "worker"], env=os.environ.copy()
                )
            )
        url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/"  # noqa: S104  # nosec B104 - compares a string, binds nothing
        click.echo(f"govsocial is running at {url}")
        if not no_demo:
            click.echo(f"Demo sign-ins (password for each: {DEMO_PASSWORD}):")
            for username, role in demo_users():
                click.echo(f"  {username:<12} {role}")
            if sandbox is not None:
                click.echo(
                    f"Demo posts go to a local Mastodon at {DEMO_MASTODON_URL}/ (reset each run)."
                )
        click.echo("Press Ctrl+C to stop.")
        from waitress import serve

        from config.wsgi import application

        try:
            serve(
                application,
                host=host,
                port=port,
                threads=8,
                ident="govsocial",
                _quiet=True,
                **proxy,
            )
        except OSError as exc:
            fail(f"cannot serve on {host}:{port} ({exc.strerror}). Try another --port.")
    finally:
        stop_children(children)


def stop_on_sigterm() -> None:
    """SIGTERM (systemd, docker stop, kill) ends the command as Ctrl+C does: its `finally` blocks
    run, so the worker and the demo Mastodon stop with it instead of living on."""

    def exit_cleanly(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, exit_cleanly)


def stop_children(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=CHILD_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def waitress_trusted_proxy(trusted_proxies: list[str]) -> dict[str, object]:
    """waitress's settings for believing X-Forwarded-Proto from TRUSTED_PROXIES only. waitress
    trusts one address (or "*"), not networks: `govsocial serve` takes several."""
    if not trusted_proxies:
        return {}
    proxy = trusted_proxies[0] if len(trusted_proxies) == 1 else None
    if proxy is not None and proxy != "*":
        network = ipaddress.ip_network(proxy)
        proxy = str(network.network_address) if network.num_addresses == 1 else None
    if proxy is None:
        fail(
            f"govsocial run trusts one proxy address, not TRUSTED_PROXIES={','.join(trusted_proxies)}: "
            "name one address, or serve with `govsocial serve`, which takes several and networks."
        )
    return {
        "trusted_proxy": proxy,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-proto"},
        "clear_untrusted_proxy_headers": True,
    }


@click.command("worker")
@click.option(
    "--interval",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.05, 60),
    help="Seconds between passes.",
)
@click.option("--once", is_flag=True, help="Run each periodic job that is due, once, and exit.")
def worker_command(interval: float, once: bool) -> None:
    """Run the background worker: the publishing scheduler and the other periodic jobs."""
    setup_django()
    check_database()
    from django.utils import timezone

    from govsocial.core import worker

    if once:
        worker.heartbeat("worker", timezone.now())
        worker.run_once()
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    worker.run_forever(stop=stop, interval=interval)


@click.command(
    "manage",
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "help_option_names": [],
    },
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage_command(args: tuple[str, ...]) -> None:
    """Run a Django management command (`govsocial manage help` lists them)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["govsocial manage", *args])


@click.command("demo")
def demo_command() -> None:
    """Migrate and load the demo organisation "Department for Example" (idempotent).

    Refused under production settings: its users share a published password.
    """
    setup_django()
    from django.conf import settings

    if settings.GOVSOCIAL_PRODUCTION:
        fail(
            "the demo organisation is never loaded under production settings: its users share "
            "a published password. Try the demo on one machine with `govsocial run`."
        )
    check_database()
    migrate_quietly()
    from govsocial.cli.demo import demo_load

    created = demo_load()
    click.echo(
        "Loaded the demo organisation." if created else "The demo organisation is already there."
    )
