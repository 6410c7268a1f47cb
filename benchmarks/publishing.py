"""Scheduling lateness: 1,000 posts across 10 accounts on the local Mastodon peer, two workers.

    .venv/bin/python benchmarks/publishing.py [POSTS] [SPREAD_SECONDS]

Prints lateness p50, p99 and max (target p99 ≤ 2 s), and checks none was lost or duplicated.
Set DATABASE_URL to an empty PostgreSQL database to measure on PostgreSQL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.lateness import run_lateness  # noqa: E402


def main() -> int:
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    spread = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    report = run_lateness(
        posts=posts,
        accounts=10,
        workers=2,
        spread=spread,
        database_url=os.environ.get("DATABASE_URL") or None,
    )
    print(f"posts scheduled:     {report.posts} over {spread:.0f} s, 10 accounts, 2 workers")
    print(f"published:           {report.published}")
    print(f"on the peer:         {report.on_peer} ({report.duplicates} duplicated)")
    print(f"lateness p50:        {report.p50:.3f} s")
    print(f"lateness p99:        {report.p99:.3f} s")
    print(f"lateness max:        {report.worst:.3f} s")
    lost = report.posts - report.published
    print(f"lost:                {lost}")
    return 0 if lost == 0 and report.duplicates == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
