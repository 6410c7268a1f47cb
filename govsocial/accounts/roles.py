"""Roles and what each may do: the one table every permission check reads (domain-rules b1)."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    AUTHOR = "author", "Author"
    REVIEWER = "reviewer", "Reviewer"
    PUBLISHER = "publisher", "Publisher"
    SENIOR_APPROVER = "senior_approver", "Senior approver"
    PROPRIETY_ADVISER = "propriety_adviser", "Propriety adviser"
    RECORDS_MANAGER = "records_manager", "Records manager"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"
    FOI_OFFICER = "foi_officer", "FOI officer"
    ACCOUNT_ADMIN = "account_admin", "Account admin"
    IT_ADMIN = "it_admin", "IT admin"


class Action(models.TextChoices):
    VIEW = "view", "See the organisation's posts, accounts and dashboard"
    DRAFT = "draft", "Write and edit drafts"
    REVIEW = "review", "Approve or return routine posts"
    APPROVE_SENIOR = (
        "approve_senior",
        "Approve ministerial, policy, escalated and election-period posts",
    )
    ADVISE_PROPRIETY = "advise_propriety", "Advise on and clear propriety escalations"
    PUBLISH = "publish", "Schedule approved posts and publish them"
    BREAK_GLASS = "break_glass", "Publish at once in a crisis, with a reason"
    REPLY = "reply", "Reply to and assign inbox messages"
    MODERATE = "moderate", "Hide, delete or block with a house-rules reason"
    VIEW_PERSONAL_DATA = "view_personal_data", "See personal data in inbox messages"
    HANDLE_FOI = "handle_foi", "Work the freedom-of-information queue"
    HANDLE_SAR = "handle_sar", "Work the subject-access queue and export a person's data"
    MANAGE_RECORDS = "manage_records", "Set retention, legal hold, export and erasure"
    MANAGE_ACCOUNTS = "manage_accounts", "Add official accounts and their credentials"
    MANAGE_MEMBERS = "manage_members", "Grant and remove roles"
    IT_ADMIN = "it_admin", "Sign-in, egress and the risk, benefit and cost report"


_EVERYONE = {Action.VIEW}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset(_EVERYONE),
    Role.AUTHOR: frozenset(_EVERYONE | {Action.DRAFT, Action.REPLY}),
    Role.REVIEWER: frozenset(
        _EVERYONE | {Action.DRAFT, Action.REVIEW, Action.REPLY, Action.MODERATE}
    ),
    Role.PUBLISHER: frozenset(
        _EVERYONE
        | {Action.DRAFT, Action.PUBLISH, Action.BREAK_GLASS, Action.REPLY, Action.MODERATE}
    ),
    Role.SENIOR_APPROVER: frozenset(
        _EVERYONE | {Action.REVIEW, Action.APPROVE_SENIOR, Action.MODERATE}
    ),
    Role.PROPRIETY_ADVISER: frozenset(_EVERYONE | {Action.ADVISE_PROPRIETY, Action.REVIEW}),
    Role.RECORDS_MANAGER: frozenset(_EVERYONE | {Action.MANAGE_RECORDS}),
    Role.DATA_PROTECTION_OFFICER: frozenset(
        _EVERYONE | {Action.VIEW_PERSONAL_DATA, Action.HANDLE_SAR}
    ),
    Role.FOI_OFFICER: frozenset(_EVERYONE | {Action.VIEW_PERSONAL_DATA, Action.HANDLE_FOI}),
    Role.ACCOUNT_ADMIN: frozenset(_EVERYONE | {Action.MANAGE_ACCOUNTS, Action.MANAGE_MEMBERS}),
    Role.IT_ADMIN: frozenset(_EVERYONE | {Action.IT_ADMIN, Action.MANAGE_MEMBERS}),
}


#: Highest privilege first: the role a person is named by when they act holding several.
ROLE_PRIVILEGE: tuple[str, ...] = (
    Role.SENIOR_APPROVER,
    Role.PUBLISHER,
    Role.REVIEWER,
    Role.PROPRIETY_ADVISER,
    Role.RECORDS_MANAGER,
    Role.DATA_PROTECTION_OFFICER,
    Role.FOI_OFFICER,
    Role.ACCOUNT_ADMIN,
    Role.IT_ADMIN,
    Role.AUTHOR,
    Role.VIEWER,
)


def actions_for_roles(roles: set[str]) -> frozenset[str]:
    allowed: set[str] = set()
    for role in roles:
        allowed |= ROLE_ACTIONS.get(role, frozenset())
    return frozenset(allowed)
