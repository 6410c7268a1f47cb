"""IT admins choose which identity-provider groups give which roles in their organisation."""

from __future__ import annotations

from django.test import Client

from govsocial.accounts.auth.models import GroupRoleMapping
from govsocial.accounts.auth.oidc import group_role_map
from govsocial.accounts.roles import Role
from govsocial.records.models import AuditRecord

PAGE = "/o/department-for-testing/sign-in/groups/"


def test_an_it_admin_adds_and_removes_a_group(client: Client, make_user, organisation) -> None:
    admin = make_user("ira", organisation=organisation, role=Role.IT_ADMIN)
    client.force_login(admin)
    response = client.post(PAGE, {"group": " comms-publishers ", "role": "publisher"}, follow=True)
    page = response.content.decode()
    assert "Members of comms-publishers get the publisher role" in page
    assert "<code>comms-publishers</code>" in page
    assert [g.role for g in group_role_map()["comms-publishers"]] == ["publisher"]
    assert AuditRecord.objects.filter(
        action="group_mapping.create", organisation=organisation
    ).exists()

    mapping = GroupRoleMapping.objects.get()
    response = client.post(PAGE + "remove/", {"mapping": mapping.pk}, follow=True)
    assert "Its members lose the role when they next sign in" in response.content.decode()
    assert not GroupRoleMapping.objects.exists()
    assert AuditRecord.objects.filter(action="group_mapping.delete").exists()


def test_mistakes_are_explained(client: Client, make_user, organisation) -> None:
    client.force_login(make_user("ira", organisation=organisation, role=Role.IT_ADMIN))
    page = client.post(PAGE, {"group": "", "role": ""}).content.decode()
    assert '<a href="#id_group">Enter the group</a>' in page
    assert '<a href="#id_role">Choose a role</a>' in page
    client.post(PAGE, {"group": "comms", "role": "author"})
    page = client.post(PAGE, {"group": "comms", "role": "author"}).content.decode()
    assert "Members of &#x27;comms&#x27; already get the author role here." in page


def test_the_environment_map_is_shown_for_this_organisation_only(
    client: Client, make_user, organisation, settings
) -> None:
    settings.GOVSOCIAL_OIDC_GROUP_ROLE_MAP = {
        "env-group": ["department-for-testing", "reviewer"],
        "elsewhere": ["another-body", "viewer"],
    }
    client.force_login(make_user("ira", organisation=organisation, role=Role.IT_ADMIN))
    page = client.get(PAGE).content.decode()
    assert "<code>env-group</code>" in page and "Reviewer" in page
    assert "elsewhere" not in page


def test_only_it_admins_see_the_page(client: Client, make_user, organisation) -> None:
    client.force_login(make_user("acc", organisation=organisation, role=Role.ACCOUNT_ADMIN))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"group": "x", "role": "it_admin"}).status_code == 403
    assert not GroupRoleMapping.objects.exists()
