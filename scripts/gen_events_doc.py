"""Writes docs/events.md from the audit catalogue in govsocial/records/events/. Run after
adding or changing an audit action:

    .venv/bin/python scripts/gen_events_doc.py

tests/records/test_events.py fails when docs/events.md is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govsocial.records.events import CATALOGUE  # noqa: E402

HEADER = """# Audit events

Generated from `govsocial/records/events/` by `scripts/gen_events_doc.py`; do not edit by hand.

Every change of state writes one audit record in the same transaction as the change, naming one
of the actions below. The records are in the organisation's audit trail (`/o/<org>/audit/`), its
export and subject-access exports, and the risk, benefit and cost report counts them.

**Public** actions also become an entry in the organisation's public, tamper-evident log
(`/public/<org>/log/`): the *leaf action* is the `action` field of that entry, and the *public
label* is what the public log page shows. A public entry carries only `account`, `network`,
`remote_id`, `reason_code`, the acting role and a commitment to the `content`; never the other
data keys, which stay in the audit trail.

Every record names the *role* the person acted in: their highest-privilege role that holds one of
the permissions in the last column (`govsocial/accounts/roles.py`), or `system` when no person
acted.
"""


def render() -> str:
    lines = [HEADER]
    lines.append(
        "| Action | Public | Leaf action | What happened | Data keys | Role named: who may |"
    )
    lines.append("|---|---|---|---|---|---|")
    for action, spec in CATALOGUE.items():
        public = f"yes: {spec.public_label}" if spec.public else "no"
        keys = ", ".join(f"`{key}`" for key in spec.data_keys) or "none"
        leaf = f"`{spec.leaf_action}`" if spec.leaf_action else ""
        acting = ", ".join(f"`{permission.value}`" for permission in spec.acting_as)
        lines.append(
            f"| `{action.value}` | {public} | {leaf} | {spec.meaning} | {keys} | {acting} |"
        )
    incidents = [(action, spec.incident) for action, spec in CATALOGUE.items() if spec.incident]
    lines.append("")
    lines.append("## Counted as incidents in the risk, benefit and cost report")
    lines.append("")
    lines += [f"- `{action.value}`: {incident}" for action, incident in incidents]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (ROOT / "docs" / "events.md").write_text(render())
    print("wrote docs/events.md")
