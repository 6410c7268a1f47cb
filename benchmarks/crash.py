"""Crash injection at scale: 1,000+ SIGKILLs at named fault points while the peer misbehaves.

    .venv/bin/python benchmarks/crash.py [INJECTIONS] [POSTS]

Prints duplicates, lost posts, where the kills landed and how unknown outcomes were resolved.
Keep POSTS above a fifth of INJECTIONS: the chaos needs unpublished work until it reaches its
targets. Set DATABASE_URL to a PostgreSQL database (empty) to run the workers against PostgreSQL
instead of SQLite.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import run_harness  # noqa: E402


def main() -> int:
    injections = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    posts = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    report = run_harness(
        posts=posts,
        accounts=5,
        injections=injections,
        workers=3,
        chaos=0.3,
        seed=2026,
        timeout=6000,
        database_url=os.environ.get("DATABASE_URL") or None,
    )
    print(f"deliveries:          {report.deliveries}")
    print(f"injections:          {report.injections} SIGKILLs, {report.restarts} restarts")
    print(f"kills at:            {report.kills_at}")
    print(f"duplicates:          {report.duplicates}")
    print(f"lost:                {report.lost}")
    print(f"final states:        {report.states}")
    print(f"attempt outcomes:    {report.resolved_by}")
    print(f"create requests:     {report.creates}")
    print(f"peer behaviours:     {report.peer_behaviours} ({report.misbehaviours} misbehaviours)")
    print(f"time:                {report.seconds:.0f} s")
    for problem in report.problems[:20]:
        print(f"PROBLEM: {problem}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
