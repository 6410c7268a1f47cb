"""Identity-provider groups that give roles in one organisation, edited by its IT admins."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from govsocial.accounts.auth.models import GroupRoleMapping
from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Role
from govsocial.core.errors import ApplicationError, NotFound
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record


def group_mapping_list(*, organisation: Organisation) -> QuerySet[GroupRoleMapping]:
    return GroupRoleMapping.objects.filter(organisation=organisation)


@transaction.atomic
def group_mapping_create(
    *, organisation: Organisation, group: str, role: str, actor: User
) -> GroupRoleMapping:
    group = group.strip()
    if not group:
        raise ApplicationError(
            "Enter the group as your identity provider sends it, for example comms-publishers "
            "or an Entra ID group object ID.",
            field="group",
        )
    if len(group) > 255:
        raise ApplicationError("Group names can be at most 255 characters.", field="group")
    if role not in Role.values:
        raise ApplicationError("Choose a role from the list.", field="role")
    try:
        with transaction.atomic():
            mapping = GroupRoleMapping.objects.create(
                organisation=organisation, group=group, role=role, created_by=actor
            )
    except IntegrityError:
        raise ApplicationError(
            f"Members of {group!r} already get the {Role(role).label.lower()} role here.",
            field="group",
        ) from None
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.GROUP_MAPPING_CREATE,
        target=mapping,
        data={"group": group, "role": role},
    )
    return mapping


@transaction.atomic
def group_mapping_delete(*, organisation: Organisation, mapping_id: int, actor: User) -> None:
    """Stops the group giving the role; members lose it at their next sign-in."""
    mapping = GroupRoleMapping.objects.filter(organisation=organisation, pk=mapping_id).first()
    if mapping is None:
        raise NotFound("That mapping has already been removed.")
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.GROUP_MAPPING_DELETE,
        target=mapping,
        data={"group": mapping.group, "role": mapping.role},
    )
    mapping.delete()
