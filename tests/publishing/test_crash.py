"""Reliability harness in the suite: 60+ SIGKILLs of worker processes, 5+ at each named fault point,
while the peer drops connections, answers 500 or 429 after accepting, hangs or rejects. The
oracle: every delivery is on the network at most once, and exactly once unless it failed or waits
for a person."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from benchmarks.harness import run_harness
from govsocial.publishing.faults import FAULT_POINTS

pytestmark = pytest.mark.slow


@pytest.fixture
def harness_database() -> Iterator[str | None]:
    """On the PostgreSQL leg, a database of the harness's own on the same server; else SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    import psycopg

    name = f"govsocial_crash_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_no_duplicates_and_no_lost_posts_across_60_injections(harness_database) -> None:
    report = run_harness(
        posts=60,
        accounts=3,
        injections=60,
        misbehaviours=10,
        kills_per_point=5,
        workers=3,
        chaos=0.3,
        seed=11,
        database_url=harness_database,
    )
    print(report)  # pytest shows it when an assertion fails
    assert report.problems == []
    assert (report.duplicates, report.lost) == (0, 0)
    assert report.states == {"published": 60}
    # The chaos really happened: it lasts until these counts are reached, however slow the machine.
    assert report.injections >= 60
    assert report.misbehaviours >= 10
    assert all(report.kills_at.get(point, 0) >= 5 for point in FAULT_POINTS)
    assert report.resolved_by.get("unknown", 0) > 0
