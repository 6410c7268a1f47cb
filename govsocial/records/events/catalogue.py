"""What each audit action means and carries, and what the public sees of it."""

from __future__ import annotations

from dataclasses import dataclass

from govsocial.accounts.roles import Action
from govsocial.records.events.actions import AuditAction


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
DRAFTING = (Action.DRAFT,)
ANSWERING = (Action.REPLY,)
MANAGING_ACCOUNTS = (Action.MANAGE_ACCOUNTS,)
MANAGING_MEMBERS = (Action.MANAGE_MEMBERS,)

CATALOGUE: dict[AuditAction, EventSpec] = {
    AuditAction.ORGANISATION_CREATE: EventSpec(
        "An organisation was created.", acting_as=(Action.IT_ADMIN,)
    ),
    AuditAction.ORGANISATION_IMPORT: EventSpec(
        "An organisation's export was loaded into this instance.",
        ("models", "rows", "files"),
        acting_as=(Action.IT_ADMIN,),
    ),
    AuditAction.MEMBERSHIP_GRANT: EventSpec(
        "A person was given a role.", ("user", "role"), acting_as=MANAGING_MEMBERS
    ),
    AuditAction.MEMBERSHIP_REVOKE: EventSpec(
        "A person's role was taken away.", ("user", "role"), acting_as=MANAGING_MEMBERS
    ),
    AuditAction.API_TOKEN_CREATE: EventSpec(
        "An API token was created (only its hash is kept).", ("name", "prefix", "expires_at")
    ),
    AuditAction.API_TOKEN_REVOKE: EventSpec(
        "An API token was revoked: it no longer works.", ("name", "prefix", "expires_at")
    ),
    AuditAction.GROUP_MAPPING_CREATE: EventSpec(
        "An identity-provider group now gives a role here.",
        ("group", "role"),
        acting_as=(Action.IT_ADMIN,),
    ),
    AuditAction.GROUP_MAPPING_DELETE: EventSpec(
        "An identity-provider group no longer gives a role here.",
        ("group", "role"),
        acting_as=(Action.IT_ADMIN,),
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
        "An official account was added to the register.",
        ("network", "handle", "owner"),
        acting_as=MANAGING_ACCOUNTS,
    ),
    AuditAction.ACCOUNT_CREDENTIALS: EventSpec(
        "An official account's credentials were stored (encrypted).",
        ("fields", "expires_at"),
        acting_as=MANAGING_ACCOUNTS,
    ),
    AuditAction.ACCOUNT_TOKEN_EXPIRY_WARNING: EventSpec(
        "The named owner was warned that an account's token expires within 7 days.",
        ("expires_at",),
        incident="Network tokens about to expire",
    ),
    AuditAction.MEDIA_UPLOAD: EventSpec(
        "An image or video was uploaded (validated and stripped of location data).",
        ("kind", "sha256", "bytes"),
        acting_as=DRAFTING,
    ),
    AuditAction.POST_CREATE: EventSpec(
        "A draft post was written and checked.", POST_KEYS, acting_as=DRAFTING
    ),
    AuditAction.REPLY_CREATE: EventSpec(
        "A public reply to an inbox message was written and checked.", POST_KEYS, acting_as=DRAFTING
    ),
    AuditAction.POST_EDIT: EventSpec(
        "A new version of a post was saved and checked.", POST_KEYS, acting_as=DRAFTING
    ),
    AuditAction.POST_OVERRIDE_WARNING: EventSpec(
        "An author gave a reason for overriding a warning.",
        ("version", "rule", "reason"),
        acting_as=DRAFTING,
    ),
    AuditAction.POST_SUBMIT: EventSpec(
        "A post was sent for approval.", ("version", "needs"), acting_as=DRAFTING
    ),
    AuditAction.POST_APPROVE: EventSpec(
        "A second person approved a version of a post, for one account.",
        ("version", "account_id", "network", "content"),
        leaf_action="approve",
        public_label="Approved",
        acting_as=(Action.APPROVE_SENIOR, Action.REVIEW),
    ),
    AuditAction.POST_RETURN: EventSpec(
        "A reviewer returned a post to its author.",
        ("version", "comments"),
        acting_as=(Action.APPROVE_SENIOR, Action.REVIEW),
    ),
    AuditAction.POST_BREAK_GLASS: EventSpec(
        "A duty publisher approved their own post at once in a crisis, for one account.",
        ("version", "account_id", "network", "reason_code", "reason", "content"),
        leaf_action="approve",
        public_label="Published at once in a crisis",
        incident="Break-glass posts (published at once in a crisis)",
    ),
    AuditAction.POST_BREAK_GLASS_REVIEW: EventSpec(
        "A senior approver reviewed a break-glass post.",
        ("comments",),
        acting_as=(Action.APPROVE_SENIOR,),
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
        acting_as=(Action.VIEW_PERSONAL_DATA,),
    ),
    AuditAction.INBOUND_ITEM_ASSIGN: EventSpec(
        "A message was assigned to a person, or returned to its queue.",
        ("from", "to", "to_username"),
        acting_as=ANSWERING,
    ),
    AuditAction.INBOUND_ITEM_ROUTE: EventSpec(
        "A message moved to another team's queue (by triage or by a person); an FOI or SAR "
        "queue starts its legal clock.",
        ("account_id", "from", "queue", "label", "due"),
        acting_as=ANSWERING,
    ),
    AuditAction.INBOUND_ITEM_STATUS: EventSpec(
        "A message's status changed.", ("from", "to"), acting_as=ANSWERING
    ),
    AuditAction.INBOUND_ITEM_REPLY: EventSpec(
        "A public reply to a message was checked and handed to publishing.",
        ("reply_id", "post_id", "state", "problem", "findings", "response_seconds", "sla_due_at"),
        acting_as=ANSWERING,
    ),
    AuditAction.INTERNAL_NOTE_CREATE: EventSpec(
        "A note was added to a message.", ("item_id",), acting_as=ANSWERING
    ),
    AuditAction.SAVED_REPLY_CREATE: EventSpec("A saved reply was added.", acting_as=ANSWERING),
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
    AuditAction.MODERATION_APPEAL: EventSpec(
        "A moderation decision was appealed.", ("item_id",), acting_as=MODERATING
    ),
    AuditAction.MODERATION_RESTORE: EventSpec(
        "An appeal was upheld by a different moderator and the message restored.",
        MODERATION_KEYS,
        leaf_action="restore",
        public_label="Restored after appeal",
        acting_as=MODERATING,
    ),
    AuditAction.MODERATION_APPEAL_REFUSED: EventSpec(
        "An appeal was refused by a different moderator.", ("item_id",), acting_as=MODERATING
    ),
    AuditAction.HOUSE_RULES_PUBLISH: EventSpec(
        "An account's house rules were published.", ("account_id",), acting_as=MANAGING_ACCOUNTS
    ),
    AuditAction.INBOX_SETTINGS_UPDATE: EventSpec(
        "An account's staffed hours, reply target or secure channel changed.",
        ("account_id", "changed"),
        acting_as=MANAGING_ACCOUNTS,
    ),
    AuditAction.RETENTION_SET: EventSpec(
        "How long a class of record is kept changed.",
        ("record_class", "keep_days"),
        acting_as=(Action.MANAGE_RECORDS,),
    ),
    AuditAction.LEGAL_HOLD_PLACE: EventSpec(
        "A legal hold stopped disposal of a class of record.",
        ("record_class",),
        acting_as=(Action.MANAGE_RECORDS,),
    ),
    AuditAction.LEGAL_HOLD_LIFT: EventSpec(
        "A legal hold was lifted.", ("record_class",), acting_as=(Action.MANAGE_RECORDS,)
    ),
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
        acting_as=(Action.HANDLE_SAR,),
    ),
    AuditAction.RECORDS_BACKUP: EventSpec(
        "A backup of the whole instance (database, log keys, media) was taken.",
        acting_as=(Action.IT_ADMIN,),
    ),
    AuditAction.RECORDS_RESTORE: EventSpec(
        "The whole instance was replaced by a backup.",
        ("backup_created_at", "govsocial_version"),
        acting_as=(Action.IT_ADMIN,),
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
