"""The audit vocabulary: every action the audit trail records, in one catalogue.

Every `audit_record()` call passes an `AuditAction` member. Each member's `EventSpec` says what
it means, which keys its data may carry, and, for the actions the public may see, the leaf
action it becomes in the transparency log and the words the public log shows. docs/events.md
is generated from this package (`scripts/gen_events_doc.py`); tests/records/test_events.py fails
when the doc is out of date, when code writes an action that is not here, or when an action
here has no writer.

Data keys a public record carries into its leaf (and no others reach the log):
  account_id   the OfficialAccount pk the action concerns
  network      the network name ("mastodon", "bluesky", ...)
  remote_id    the network's id for the post or item, once known
  remote_url   the network's URL for it, once known
  reason_code  a moderation, cancellation, break-glass, erasure or disposal reason
  content      a dict of the public content (text, alt texts, ...) the leaf commits to; the
               content itself is kept beside the log, never in it
"""

from govsocial.records.events.actions import LEAF_DATA_KEYS, AuditAction
from govsocial.records.events.catalogue import (
    CATALOGUE,
    EventSpec,
    audit_action_named,
    event_spec,
    incident_actions,
    public_actions,
)

__all__ = [
    "CATALOGUE",
    "LEAF_DATA_KEYS",
    "AuditAction",
    "EventSpec",
    "audit_action_named",
    "event_spec",
    "incident_actions",
    "public_actions",
]
