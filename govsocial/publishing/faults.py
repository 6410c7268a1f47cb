"""Named fault points in the delivery worker, for the crash-injection harness (reliability.md §2).

GOVSOCIAL_FAULTS="after_call_before_commit=0.3,before_call=0.1" makes the worker
kill itself with SIGKILL at those points with those probabilities; unset, every
point is a no-op. GOVSOCIAL_FAULT_SEED makes the choice repeatable.
"""

from __future__ import annotations

import os
import random
import signal

FAULT_POINTS = (
    "before_claim",
    "after_claim",
    "before_call",
    "after_call_before_commit",
    "after_commit",
)

_plan: dict[str, float] | None = None
_rng = random.Random()


def _load() -> dict[str, float]:
    global _plan
    if _plan is None:
        _plan = {}
        for item in os.environ.get("GOVSOCIAL_FAULTS", "").split(","):
            name, _, chance = item.strip().partition("=")
            if not name:
                continue
            if name not in FAULT_POINTS:
                raise ValueError(
                    f"GOVSOCIAL_FAULTS names an unknown fault point {name!r}; "
                    f"use one of {', '.join(FAULT_POINTS)}"
                )
            _plan[name] = float(chance or 1.0)
        seed = os.environ.get("GOVSOCIAL_FAULT_SEED")
        if seed:
            _rng.seed(int(seed))
    return _plan


def fault_point(name: str) -> None:
    """Dies here, as a power cut would, when the harness asked for it."""
    chance = _load().get(name)
    if chance and _rng.random() < chance:
        os.kill(os.getpid(), signal.SIGKILL)


def reset_for_tests() -> None:
    global _plan
    _plan = None
