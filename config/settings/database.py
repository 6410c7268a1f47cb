"""Database: SQLite in WAL mode by default, PostgreSQL through DATABASE_URL (ADR 0003)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_int

SUPPORTED_ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgres",
}


#: Each web thread keeps its PostgreSQL connection this long: a new one costs about 10 ms, and
#: closed after 60 s every thread of every process opened one a minute, in the middle of a page.
#: Health checks (below) replace a connection the database has dropped, so a long age is safe.
DEFAULT_CONN_MAX_AGE = 600


def conn_max_age() -> int:
    """DATABASE_CONN_MAX_AGE seconds (0: a new connection for every request)."""
    age = env_int("DATABASE_CONN_MAX_AGE", DEFAULT_CONN_MAX_AGE)
    if age < 0:
        raise ImproperlyConfigured(
            f"DATABASE_CONN_MAX_AGE={age} is negative: set the seconds a connection is kept, "
            "e.g. 600, or 0 to close it after every request."
        )
    return age


def database_from_url(url: str) -> dict[str, Any]:
    """Turns DATABASE_URL into a Django DATABASES entry, or explains what is wrong with it."""
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age()))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} is not a database URL ({exc}). "
            "Use postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:///path/to/file.sqlite3."
        ) from None
    if config.get("ENGINE") not in SUPPORTED_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} names an unsupported database. "
            "govsocial runs on PostgreSQL (postgres://...) or SQLite (sqlite:///...)."
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return sqlite_database(Path(config["NAME"]))
    if not config.get("NAME"):
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} has no database name. Add it after the host: postgres://HOST/govsocial."
        )
    config["CONN_HEALTH_CHECKS"] = True
    return config


def sqlite_database(path: Path) -> dict[str, Any]:
    # WAL lets the web process read while the worker writes; IMMEDIATE
    # transactions take the write lock up front, so two writers queue on the
    # busy timeout instead of failing with "database is locked" mid-transaction.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "TEST": {"NAME": str(path.with_name(path.stem + "-test.sqlite3"))} if path.name else {},
    }


def _default_sqlite_path() -> Path:
    var_dir = Path(os.environ.get("GOVSOCIAL_VAR_DIR", Path(__file__).resolve().parents[2] / "var"))
    return var_dir / "govsocial.sqlite3"


DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else sqlite_database(_default_sqlite_path())
}
