"""Who may do what to an inbox item: the roles table, applied to the item's account and queue."""

from __future__ import annotations

from govsocial.accounts.models import User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import user_can
from govsocial.core.errors import PermissionDenied
from govsocial.inbox.models import InboundItem, Queue

# The FOI and SAR queues are worked by their officers as well as by the desk.
QUEUE_ACTIONS: dict[str, str] = {
    Queue.FOI_OFFICER: Action.HANDLE_FOI,
    Queue.DATA_PROTECTION_OFFICER: Action.HANDLE_SAR,
}


def can_work(*, user: User, item: InboundItem) -> bool:
    """Assign, change status, write notes: the desk (REPLY) or the item's queue owner."""
    if user_can(
        user=user, action=Action.REPLY, organisation=item.organisation, account=item.account
    ):
        return True
    action = QUEUE_ACTIONS.get(item.queue)
    return action is not None and user_can(
        user=user, action=action, organisation=item.organisation, account=item.account
    )


def can_see_personal_data(*, user: User, item: InboundItem) -> bool:
    return user_can(
        user=user,
        action=Action.VIEW_PERSONAL_DATA,
        organisation=item.organisation,
        account=item.account,
    )


def can_reply(*, user: User, item: InboundItem) -> bool:
    return user_can(
        user=user, action=Action.REPLY, organisation=item.organisation, account=item.account
    )


def can_moderate(*, user: User, item: InboundItem) -> bool:
    return user_can(
        user=user, action=Action.MODERATE, organisation=item.organisation, account=item.account
    )


def require_work(*, user: User, item: InboundItem) -> None:
    if not can_work(user=user, item=item):
        raise PermissionDenied(
            "Your role does not let you work this inbox item. Ask an account admin for the "
            "author, reviewer or publisher role (or the FOI or data protection officer role "
            "for those queues)."
        )
