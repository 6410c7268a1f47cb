"""The audit vocabulary: every action the audit trail records, in one catalogue.

Every `audit_record()` call passes an `AuditAction` member. Each member's `EventSpec` says what
it means, which keys its data may carry, and, for the actions the public may see, the leaf
action it becomes in the transparency log and the words the public log shows. docs/events.md
is generated from this module (`scripts/gen_events_doc.py`); tests/records/test_events.py fails
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

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from govsocial.accounts.roles import Action

#: The data keys a public record carries into its leaf (see above); a public action's own data
#: may hold more, which stays in the audit trail.
LEAF_DATA_KEYS = ("account_id", "network", "remote_id", "remote_url", "reason_code", "content")


class AuditAction(StrEnum):
    ORGANISATION_CREATE = "organisation.create"
    ORGANISATION_IMPORT = "organisation.import"
    MEMBERSHIP_GRANT = "membership.grant"
    MEMBERSHIP_REVOKE = "membership.revoke"
    API_TOKEN_CREATE = "api_token.create"  # noqa: S105 (an action name, not a secret)
    GROUP_MAPPING_CREATE = "group_mapping.create"
    GROUP_MAPPING_DELETE = "group_mapping.delete"
    USER_DISABLE = "user.disable"
    SESSION_SIGN_IN = "session.sign_in"
    SESSION_SIGN_OUT = "session.sign_out"
    SESSION_END = "session.end"
    SESSION_END_ALL = "session.end_all"
    TWO_FACTOR_ENROL = "two_factor.enrol"
    TWO_FACTOR_RECOVERY_CODE_USED = "two_factor.recovery_code_used"
    TWO_FACTOR_RECOVERY_CODES_REPLACE = "two_factor.recovery_codes_replace"
    TWO_FACTOR_RESET = "two_factor.reset"
    ACCOUNT_REGISTER = "account.register"
    ACCOUNT_CREDENTIALS = "account.credentials"
    ACCOUNT_TOKEN_EXPIRY_WARNING = "account.token_expiry_warning"  # noqa: S105 (an action name)
    MEDIA_UPLOAD = "media.upload"
    POST_CREATE = "post.create"
    REPLY_CREATE = "reply.create"
    POST_EDIT = "post.edit"
    POST_OVERRIDE_WARNING = "post.override_warning"
    POST_SUBMIT = "post.submit"
    POST_APPROVE = "post.approve"
    POST_RETURN = "post.return"
    POST_BREAK_GLASS = "post.break_glass"
    POST_BREAK_GLASS_REVIEW = "post.break_glass_review"
    POST_SCHEDULE = "post.schedule"
    POST_CANCEL = "post.cancel"
    POST_WITHDRAW = "post.withdraw"
    DELIVERY_PUBLISHED = "delivery.published"
    DELIVERY_FAILED = "delivery.failed"
    DELIVERY_RESCHEDULED = "delivery.rescheduled"
    DELIVERY_UNKNOWN = "delivery.unknown"
    DELIVERY_ABSENT = "delivery.absent"
    DELIVERY_NEEDS_CHECK = "delivery.needs_check"
    DELIVERY_RESEND = "delivery.resend"
    DELIVERY_RETRY = "delivery.retry"
    DELIVERY_EDITED = "delivery.edited"
    DELIVERY_DELETED = "delivery.deleted"
    INBOX_INGEST = "inbox.ingest"
    INBOUND_ITEM_VIEW_ORIGINAL = "inbound_item.view_original"
    INBOUND_ITEM_ASSIGN = "inbound_item.assign"
    INBOUND_ITEM_ROUTE = "inbound_item.route"
    INBOUND_ITEM_STATUS = "inbound_item.status"
    INBOUND_ITEM_REPLY = "inbound_item.reply"
    INTERNAL_NOTE_CREATE = "internal_note.create"
    SAVED_REPLY_CREATE = "saved_reply.create"
    MODERATION_HIDE = "moderation.hide"
    MODERATION_DELETE = "moderation.delete"
    MODERATION_BLOCK = "moderation.block"
    MODERATION_APPEAL = "moderation.appeal"
    MODERATION_RESTORE = "moderation.restore"
    MODERATION_APPEAL_REFUSED = "moderation.appeal_refused"
    HOUSE_RULES_PUBLISH = "house_rules.publish"
    INBOX_SETTINGS_UPDATE = "inbox_settings.update"
    RETENTION_SET = "retention.set"
    LEGAL_HOLD_PLACE = "legal_hold.place"
    LEGAL_HOLD_LIFT = "legal_hold.lift"
    RECORD_DISPOSE = "record.dispose"
    RECORD_ERASE = "record.erase"
    RECORDS_SUBJECT_ACCESS_EXPORT = "records.subject_access_export"


@dataclass(frozen=True)
class EventSpec:
    """What one audit action means and carries, and what the public sees of it."""

    meaning: str
    data_keys: tuple[str, ...] = ()
    # Set for the actions the public may see: the transparency-log leaf action they become.
    leaf_action: str | None = None
    # The words the public log shows for the entry.
    public_label: str = ""
    # The permissions a person exercises in this action: the role named in its leaf is their
    # highest-privilege role holding one of them.
    acting_as: tuple[Action, ...] = (Action.PUBLISH, Action.BREAK_GLASS)
    # Set when the risk, benefit and cost report counts the action as an incident of this kind.
    incident: str = ""

    @property
    def public(self) -> bool:
        return self.leaf_action is not None


POST_KEYS = ("version", "verdict", "findings")
DELIVERY_KEYS = (
    "post_id",
    "version",
    "account_id",
    "network",
    "remote_id",
    "remote_url",
    "content",
)
MODERATION_KEYS = ("account_id", "network", "remote_id", "remote_url", "reason_code", "content")
MODERATING = (Action.MODERATE,)

CATALOGUE: dict[AuditAction, EventSpec] = {
    AuditAction.ORGANISATION_CREATE: EventSpec("An organisation was created."),
    AuditAction.ORGANISATION_IMPORT: EventSpec(
        "An organisation's export was loaded into this instance.", ("models", "rows", "files")
    ),
    AuditAction.MEMBERSHIP_GRANT: EventSpec("A person was given a role.", ("user", "role")),
    AuditAction.MEMBERSHIP_REVOKE: EventSpec("A person's role was taken away.", ("user", "role")),
    AuditAction.API_TOKEN_CREATE: EventSpec(
        "An API token was created (only its hash is kept).", ("name", "prefix")
    ),
    AuditAction.GROUP_MAPPING_CREATE: EventSpec(
        "An identity-provider group now gives a role here.", ("group", "role")
    ),
    AuditAction.GROUP_MAPPING_DELETE: EventSpec(
        "An identity-provider group no longer gives a role here.", ("group", "role")
    ),
    AuditAction.USER_DISABLE: EventSpec("A leaver was disabled; every session ended.", ("user",)),
    AuditAction.SESSION_SIGN_IN: EventSpec("A person signed in.", ("method", "device", "ip")),
    AuditAction.SESSION_SIGN_OUT: EventSpec("A person signed out.", ("device",)),
    AuditAction.SESSION_END: EventSpec(
        "A person ended one of their sessions on another device.", ("device", "ip")
    ),
    AuditAction.SESSION_END_ALL: EventSpec(
        "Every session of a person was ended.", ("user", "ended", "reason")
    ),
    AuditAction.TWO_FACTOR_ENROL: EventSpec("A person set up their authenticator app."),
    AuditAction.TWO_FACTOR_RECOVERY_CODE_USED: EventSpec(
        "A person signed in with a recovery code.", ("left",)
    ),
    AuditAction.TWO_FACTOR_RECOVERY_CODES_REPLACE: EventSpec(
        "A person replaced their recovery codes."
    ),
    AuditAction.TWO_FACTOR_RESET: EventSpec(
        "An administrator removed a person's authenticator app (a lost phone).", ("user",)
    ),
    AuditAction.ACCOUNT_REGISTER: EventSpec(
        "An official account was added to the register.", ("network", "handle", "owner")
    ),
    AuditAction.ACCOUNT_CREDENTIALS: EventSpec(
        "An official account's credentials were stored (encrypted).", ("fields", "expires_at")
    ),
    AuditAction.ACCOUNT_TOKEN_EXPIRY_WARNING: EventSpec(
        "The named owner was warned that an account's token expires within 7 days.",
        ("expires_at",),
        incident="Network tokens about to expire",
    ),
    AuditAction.MEDIA_UPLOAD: EventSpec(
        "An image or video was uploaded (validated and stripped of location data).",
        ("kind", "sha256", "bytes"),
    ),
    AuditAction.POST_CREATE: EventSpec("A draft post was written and checked.", POST_KEYS),
    AuditAction.REPLY_CREATE: EventSpec(
        "A public reply to an inbox message was written and checked.", POST_KEYS
    ),
    AuditAction.POST_EDIT: EventSpec("A new version of a post was saved and checked.", POST_KEYS),
    AuditAction.POST_OVERRIDE_WARNING: EventSpec(
        "An author gave a reason for overriding a warning.", ("version", "rule", "reason")
    ),
    AuditAction.POST_SUBMIT: EventSpec("A post was sent for approval.", ("version", "needs")),
    AuditAction.POST_APPROVE: EventSpec(
        "A second person approved a version of a post, for one account.",
        ("version", "account_id", "network", "content"),
        leaf_action="approve",
        public_label="Approved",
        acting_as=(Action.APPROVE_SENIOR, Action.REVIEW),
    ),
    AuditAction.POST_RETURN: EventSpec(
        "A reviewer returned a post to its author.", ("version", "comments")
    ),
    AuditAction.POST_BREAK_GLASS: EventSpec(
        "A duty publisher approved their own post at once in a crisis, for one account.",
        ("version", "account_id", "network", "reason_code", "reason", "content"),
        leaf_action="approve",
        public_label="Published at once in a crisis",
        incident="Break-glass posts (published at once in a crisis)",
    ),
    AuditAction.POST_BREAK_GLASS_REVIEW: EventSpec(
        "A senior approver reviewed a break-glass post.", ("comments",)
    ),
    AuditAction.POST_SCHEDULE: EventSpec(
        "An approved post was scheduled on one account.",
        ("version", "account_id", "network", "due_at", "content"),
        leaf_action="schedule",
        public_label="Scheduled",
    ),
    AuditAction.POST_CANCEL: EventSpec(
        "A scheduled delivery was cancelled before it started.",
        ("account_id", "network", "reason_code", "reason"),
        leaf_action="cancel",
        public_label="Cancelled",
    ),
    AuditAction.POST_WITHDRAW: EventSpec(
        "A post that was never scheduled was cancelled.", ("reason",)
    ),
    AuditAction.DELIVERY_PUBLISHED: EventSpec(
        "The network holds the post: sent, found by reconciliation, or confirmed by a person.",
        (*DELIVERY_KEYS, "resolution", "note", "reason_code"),
        leaf_action="publish",
        public_label="Published",
    ),
    AuditAction.DELIVERY_FAILED: EventSpec(
        "The network refused the post, or a person decided not to send it.",
        (*DELIVERY_KEYS, "reason_code", "reason", "resolution", "note"),
        leaf_action="failed",
        public_label="Failed to publish",
        incident="Posts that failed to publish",
    ),
    AuditAction.DELIVERY_RESCHEDULED: EventSpec(
        "The worker will try again later: the network proved nothing was published "
        "(rate limited, or down), or could not yet be asked.",
        (*DELIVERY_KEYS, "reason_code", "reason", "not_before"),
    ),
    AuditAction.DELIVERY_UNKNOWN: EventSpec(
        "The network did not confirm the post; it is checked before anything is sent again.",
        (*DELIVERY_KEYS, "reason_code", "reason"),
        leaf_action="unknown",
        public_label="Outcome unknown, being checked",
        incident="Posts whose outcome was unknown (checked before any retry)",
    ),
    AuditAction.DELIVERY_ABSENT: EventSpec(
        "Reconciliation proved the post is not on the network, so it is sent again.",
        (*DELIVERY_KEYS, "reason_code"),
        leaf_action="absent",
        public_label="Not on the network; sending again",
    ),
    AuditAction.DELIVERY_NEEDS_CHECK: EventSpec(
        "The network cannot prove whether the post went out: a person must look.", ("reason",)
    ),
    AuditAction.DELIVERY_RESEND: EventSpec(
        "A person found the post is not on the network, so it is sent again.",
        (*DELIVERY_KEYS, "resolution", "note", "reason_code"),
        leaf_action="absent",
        public_label="Checked by a person: not on the network; sending again",
    ),
    AuditAction.DELIVERY_RETRY: EventSpec(
        "A publisher sent a failed delivery again (no attempt could have reached the network).",
        ("account_id",),
    ),
    AuditAction.DELIVERY_EDITED: EventSpec(
        "A newly approved version was pushed to the published post on the network.",
        (*DELIVERY_KEYS, "reason_code", "reason"),
        leaf_action="edit",
        public_label="Edited on the network",
    ),
    AuditAction.DELIVERY_DELETED: EventSpec(
        "The published post was deleted on the network; our record of it is kept.",
        (*DELIVERY_KEYS, "reason_code", "reason"),
        leaf_action="delete",
        public_label="Deleted on the network",
    ),
    AuditAction.INBOX_INGEST: EventSpec(
        "New messages to an account were fetched and stored.",
        ("account_id", "stored", "duplicates", "unreadable", "routed"),
    ),
    AuditAction.INBOUND_ITEM_VIEW_ORIGINAL: EventSpec(
        "A data protection role read a message's unredacted text.",
        ("account_id", "personal_data_kinds"),
    ),
    AuditAction.INBOUND_ITEM_ASSIGN: EventSpec(
        "A message was assigned to a person, or returned to its queue.",
        ("from", "to", "to_username"),
    ),
    AuditAction.INBOUND_ITEM_ROUTE: EventSpec(
        "A message moved to another team's queue (by triage or by a person); an FOI or SAR "
        "queue starts its legal clock.",
        ("account_id", "from", "queue", "label", "due"),
    ),
    AuditAction.INBOUND_ITEM_STATUS: EventSpec("A message's status changed.", ("from", "to")),
    AuditAction.INBOUND_ITEM_REPLY: EventSpec(
        "A public reply to a message was checked and handed to publishing.",
        ("reply_id", "post_id", "state", "problem", "findings", "response_seconds", "sla_due_at"),
    ),
    AuditAction.INTERNAL_NOTE_CREATE: EventSpec("A note was added to a message.", ("item_id",)),
    AuditAction.SAVED_REPLY_CREATE: EventSpec("A saved reply was added."),
    AuditAction.MODERATION_HIDE: EventSpec(
        "A message was hidden under a house-rules reason, after it was captured.",
        MODERATION_KEYS,
        leaf_action="hide",
        public_label="Hidden",
        acting_as=MODERATING,
    ),
    AuditAction.MODERATION_DELETE: EventSpec(
        "A message was deleted under a house-rules reason, after it was captured.",
        MODERATION_KEYS,
        leaf_action="moderation_delete",
        public_label="Deleted",
        acting_as=MODERATING,
    ),
    AuditAction.MODERATION_BLOCK: EventSpec(
        "A sender was blocked under a house-rules reason, after their message was captured.",
        MODERATION_KEYS,
        leaf_action="block",
        public_label="Blocked",
        acting_as=MODERATING,
    ),
    AuditAction.MODERATION_APPEAL: EventSpec("A moderation decision was appealed.", ("item_id",)),
    AuditAction.MODERATION_RESTORE: EventSpec(
        "An appeal was upheld by a different moderator and the message restored.",
        MODERATION_KEYS,
        leaf_action="restore",
        public_label="Restored after appeal",
        acting_as=MODERATING,
    ),
    AuditAction.MODERATION_APPEAL_REFUSED: EventSpec(
        "An appeal was refused by a different moderator.", ("item_id",)
    ),
    AuditAction.HOUSE_RULES_PUBLISH: EventSpec(
        "An account's house rules were published.", ("account_id",)
    ),
    AuditAction.INBOX_SETTINGS_UPDATE: EventSpec(
        "An account's staffed hours, reply target or secure channel changed.",
        ("account_id", "changed"),
    ),
    AuditAction.RETENTION_SET: EventSpec(
        "How long a class of record is kept changed.", ("record_class", "keep_days")
    ),
    AuditAction.LEGAL_HOLD_PLACE: EventSpec(
        "A legal hold stopped disposal of a class of record.", ("record_class",)
    ),
    AuditAction.LEGAL_HOLD_LIFT: EventSpec("A legal hold was lifted.", ("record_class",)),
    AuditAction.RECORD_DISPOSE: EventSpec(
        "A record reached the end of its retention and was disposed of.",
        ("reason_code", "record_class", "keep_days", "account_id"),
        leaf_action="dispose",
        public_label="Disposed of under the retention schedule",
        acting_as=(Action.MANAGE_RECORDS,),
    ),
    AuditAction.RECORD_ERASE: EventSpec(
        "A public log entry's content was erased lawfully; a tombstone says when and why.",
        ("erased_index", "reason_code"),
        leaf_action="tombstone",
        public_label="Content erased lawfully",
        acting_as=(Action.MANAGE_RECORDS, Action.HANDLE_SAR),
    ),
    AuditAction.RECORDS_SUBJECT_ACCESS_EXPORT: EventSpec(
        "Everything held about a person was exported for a subject access request.",
        ("records_found",),
    ),
}


def event_spec(action: AuditAction) -> EventSpec:
    return CATALOGUE[action]


def audit_action_named(value: str) -> AuditAction | None:
    """The member whose value is `value` (as stored in AuditRecord.action), or None."""
    try:
        return AuditAction(value)
    except ValueError:
        return None


def public_actions() -> list[AuditAction]:
    return [action for action, spec in CATALOGUE.items() if spec.public]


def incident_actions() -> dict[AuditAction, str]:
    """The actions the risk report counts as incidents, with the kind each one is."""
    return {action: spec.incident for action, spec in CATALOGUE.items() if spec.incident}
