"""Single sign-on end to end against a real OpenID provider started by the tests."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from govsocial.accounts.auth.models import UserSession
from govsocial.accounts.models import Membership, User
from govsocial.accounts.roles import Role
from govsocial.accounts.services import membership_grant
from govsocial.records.models import AuditRecord

pytestmark = pytest.mark.usefixtures("sso_settings")


def roles_of(user: User) -> set[tuple[str, str]]:
    return set(Membership.objects.filter(user=user).values_list("organisation__slug", "role"))


def test_the_login_page_offers_the_identity_provider(client: Client, db: None) -> None:
    page = client.get("/login/").content.decode()
    assert "Sign in with Test Keycloak" in page
    assert 'href="/oidc/authenticate/"' in page


def test_groups_become_roles_in_the_mapped_organisation(
    client: Client, openid_provider, organisation
) -> None:
    openid_provider.put_account(
        "alice-1",
        email="alice@example.gov.uk",
        name="Alice Example",
        groups=["comms-publishers", "canteen-rota"],
    )
    assert openid_provider.sign_in(client, "alice-1") == "/"
    user = User.objects.get(external_subject="alice-1")
    assert user.external_issuer == openid_provider.issuer
    assert user.display_name == "Alice Example"
    assert not user.has_usable_password()
    assert roles_of(user) == {("department-for-testing", "publisher")}
    assert AuditRecord.objects.filter(action="membership.grant", data__user=user.username).exists()
    page = client.get("/", follow=True).content.decode()
    assert "Department for Testing" in page
    assert UserSession.objects.get(user=user).auth_method == "sso"


def test_each_sign_in_grants_and_revokes_to_match_the_groups(
    client: Client, openid_provider, organisation, make_organisation
) -> None:
    make_organisation("Other Office")
    openid_provider.put_account("bea-1", email="bea@example.gov.uk", groups=["comms-publishers"])
    openid_provider.sign_in(client, "bea-1")
    user = User.objects.get(external_subject="bea-1")
    # A role granted by hand, in a pair no group maps to, is left alone.
    membership_grant(organisation=organisation, user=user, role=Role.RECORDS_MANAGER)

    openid_provider.put_account("bea-1", email="bea@example.gov.uk", groups=["/comms-authors"])
    openid_provider.sign_in(Client(), "bea-1")

    assert roles_of(user) == {
        ("department-for-testing", "author"),
        ("department-for-testing", "records_manager"),
        ("other-office", "viewer"),
    }
    assert AuditRecord.objects.filter(action="membership.revoke", data__role="publisher").exists()
    assert User.objects.filter(external_subject="bea-1").count() == 1


def test_a_user_removed_from_every_group_is_refused_and_signed_out_everywhere(
    client: Client, openid_provider, organisation
) -> None:
    openid_provider.put_account("cat-1", email="cat@example.gov.uk", groups=["comms-publishers"])
    openid_provider.sign_in(client, "cat-1")
    assert client.get("/", follow=True).status_code == 200

    openid_provider.put_account("cat-1", email="cat@example.gov.uk", groups=["canteen-rota"])
    other_browser = Client()
    assert openid_provider.sign_in(other_browser, "cat-1") == "/login/"
    page = other_browser.get("/login/").content.decode()
    assert "not in a group that gives access to govsocial" in page

    user = User.objects.get(external_subject="cat-1")
    assert roles_of(user) == set()
    assert client.get("/")["Location"].startswith("/login/")
    assert not UserSession.objects.filter(user=user).exists()


def test_a_user_disabled_at_the_provider_loses_the_session_at_the_next_check(
    client: Client, openid_provider, organisation
) -> None:
    openid_provider.put_account("dan-1", email="dan@example.gov.uk", groups=["comms-publishers"])
    browser = openid_provider.browser()
    openid_provider.sign_in(client, "dan-1", browser)
    assert client.get("/", follow=True).status_code == 200

    openid_provider.disable_account("dan-1")
    session = client.session
    session["oidc_id_token_expiration"] = 0  # the silent re-check is due
    session.save()
    check = client.get("/")
    assert check.status_code == 302
    assert check["Location"].startswith(openid_provider.issuer + "/auth?")
    assert "prompt=none" in check["Location"]
    assert openid_provider.follow(client, check["Location"], "dan-1", browser) == "/login/"
    assert client.get("/")["Location"].startswith("/login/")

    # Signing in afresh is refused too: the provider no longer knows the account.
    fresh = Client()
    assert openid_provider.sign_in(fresh, "dan-1") in {"/login/", "refused by the provider"}
    assert fresh.get("/")["Location"].startswith("/login/")


def test_a_user_disabled_by_an_admin_loses_every_session_at_once(
    openid_provider, organisation
) -> None:
    openid_provider.put_account("eve-1", email="eve@example.gov.uk", groups=["comms-publishers"])
    laptop, phone = Client(), Client()
    openid_provider.sign_in(laptop, "eve-1")
    openid_provider.sign_in(phone, "eve-1")
    user = User.objects.get(external_subject="eve-1")
    assert UserSession.objects.filter(user=user).count() == 2

    user.is_active = False
    user.save()

    for browser in (laptop, phone):
        assert browser.get("/")["Location"].startswith("/login/")
    assert openid_provider.sign_in(Client(), "eve-1") == "/login/"
    assert AuditRecord.objects.filter(action="session.end_all", data__ended=2).exists()


def test_a_single_sign_on_user_has_no_password_to_guess(
    client: Client, openid_provider, organisation
) -> None:
    openid_provider.put_account("fay-1", email="fay@example.gov.uk", groups=["comms-authors"])
    openid_provider.sign_in(Client(), "fay-1")
    user = User.objects.get(external_subject="fay-1")
    response = client.post("/login/", {"username": user.username, "password": ""})
    assert "Enter your password" in response.content.decode()
    assert not list(get_messages(response.wsgi_request))


def test_sso_discover_prints_the_variables_to_set(openid_provider) -> None:
    from click.testing import CliRunner

    from govsocial.cli import main

    result = CliRunner().invoke(main, ["sso", "discover", openid_provider.issuer + "/"])
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    assert out == [
        f"OIDC_OP_ISSUER={openid_provider.issuer}",
        f"OIDC_OP_AUTHORIZATION_ENDPOINT={openid_provider.issuer}/auth",
        f"OIDC_OP_TOKEN_ENDPOINT={openid_provider.issuer}/token",
        f"OIDC_OP_USER_ENDPOINT={openid_provider.issuer}/me",
        f"OIDC_OP_JWKS_ENDPOINT={openid_provider.issuer}/jwks",
        f"OIDC_OP_LOGOUT_ENDPOINT={openid_provider.issuer}/session/end",
    ]


def test_a_group_an_it_admin_maps_gives_the_role_and_removing_it_takes_it_away(
    client: Client, openid_provider, organisation, make_user
) -> None:
    from govsocial.accounts.auth.group_mappings import group_mapping_create, group_mapping_delete

    admin = make_user("ira", organisation=organisation, role=Role.IT_ADMIN)
    mapping = group_mapping_create(
        organisation=organisation, group="press-office", role=Role.REVIEWER, actor=admin
    )
    openid_provider.put_account(
        "gus-1", email="gus@example.gov.uk", groups=["press-office", "comms-authors"]
    )
    openid_provider.sign_in(client, "gus-1")
    user = User.objects.get(external_subject="gus-1")
    assert ("department-for-testing", "reviewer") in roles_of(user)

    group_mapping_delete(organisation=organisation, mapping_id=mapping.pk, actor=admin)
    openid_provider.sign_in(Client(), "gus-1")
    assert ("department-for-testing", "reviewer") not in roles_of(user)
    assert ("department-for-testing", "author") in roles_of(user)


def test_signing_out_also_signs_out_of_the_provider(
    client: Client, openid_provider, organisation
) -> None:
    import re

    import httpx

    openid_provider.put_account("hal-1", email="hal@example.gov.uk", groups=["comms-authors"])
    browser = openid_provider.browser()
    openid_provider.sign_in(client, "hal-1", browser)
    response = client.post("/logout/")
    end = response["Location"]
    assert end.startswith(openid_provider.issuer + "/session/end?")
    assert "id_token_hint=" in end
    assert client.get("/")["Location"].startswith("/login/")

    confirm = browser.get(end)
    form = re.search(r'<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"', confirm.text)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', confirm.text)
    assert form and xsrf, confirm.text[:500]
    done = browser.post(
        httpx.URL(end).join(form.group(1)), data={"xsrf": xsrf.group(1), "logout": "yes"}
    )
    assert done.headers["location"] == "http://testserver/login/"


def test_a_local_user_signs_out_here_only(client: Client, make_user, organisation) -> None:
    client.force_login(make_user("ada", organisation=organisation, role=Role.AUTHOR))
    assert client.post("/logout/")["Location"] == "/login/"
