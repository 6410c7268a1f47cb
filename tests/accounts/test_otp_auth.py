"""Local accounts: roles that can publish, approve or see personal data need a TOTP code."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from govsocial.accounts.auth.models import UserSession
from govsocial.accounts.auth.policy import roles_needing_two_factor
from govsocial.accounts.roles import Role
from govsocial.records.models import AuditRecord
from tests.conftest import PASSWORD


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in_password(client: Client, username: str, password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def enrol(client: Client, username: str) -> list[str]:
    """Signs in for the first time and sets up the app; returns the recovery codes shown."""
    assert sign_in_password(client, username)["Location"] == "/login/code/"
    assert client.get("/login/code/")["Location"] == "/login/set-up-two-factor/"
    client.get("/login/set-up-two-factor/")
    device = TOTPDevice.objects.get(user__username=username)
    response = client.post("/login/set-up-two-factor/", {"code": code_for(device)})
    assert response["Location"] == "/account/recovery-codes/"
    page = client.get("/account/recovery-codes/").content.decode()
    return re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", page)


def test_the_roles_needing_two_factor_come_from_the_permission_table() -> None:
    assert roles_needing_two_factor() == set(Role.values) - {Role.VIEWER, Role.AUTHOR}


def test_an_author_signs_in_with_a_password_alone(client: Client, make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    response = sign_in_password(client, "ada")
    assert response["Location"] == "/"
    assert UserSession.objects.get(user__username="ada").auth_method == "password"


@pytest.mark.parametrize("role", [Role.PUBLISHER, Role.DATA_PROTECTION_OFFICER, Role.IT_ADMIN])
def test_a_password_alone_does_not_sign_in_a_role_that_needs_two_factor(
    client: Client, make_user, organisation, role: str
) -> None:
    make_user("pat", organisation=organisation, role=role)
    response = sign_in_password(client, "pat")
    assert response["Location"] == "/login/code/"
    assert client.get("/")["Location"].startswith("/login/")
    assert not UserSession.objects.exists()


def test_first_sign_in_sets_up_the_app_and_shows_recovery_codes_once(
    client: Client, make_user, organisation
) -> None:
    make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    sign_in_password(client, "pat")
    page = client.get("/login/set-up-two-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn on the server
    secret = TOTPDevice.objects.get(user__username="pat").config_url.split("secret=")[1][:16]
    assert secret in page  # the key to type when the QR code cannot be scanned
    assert "<script" not in page.split("</main>")[0].split("<main")[1]

    wrong = client.post("/login/set-up-two-factor/", {"code": "000000"}).content.decode()
    assert "The code is wrong or has expired" in wrong

    device = TOTPDevice.objects.get(user__username="pat")
    response = client.post("/login/set-up-two-factor/", {"code": code_for(device)})
    assert response["Location"] == "/account/recovery-codes/"
    codes_page = client.get("/account/recovery-codes/").content.decode()
    assert len(re.findall(r"<code>[0-9a-f]{6}-[0-9a-f]{6}</code>", codes_page)) == 10
    assert client.get("/account/recovery-codes/")["Location"] == "/account/security/"
    assert client.get("/", follow=True).status_code == 200
    assert UserSession.objects.get(user__username="pat").auth_method == "two_factor"
    assert AuditRecord.objects.filter(action="two_factor.enrol").exists()


def test_later_sign_ins_need_a_fresh_code_and_a_code_works_once(make_user, organisation) -> None:
    make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    enrol(Client(), "pat")
    device = TOTPDevice.objects.get(user__username="pat", confirmed=True)

    browser = Client()
    assert sign_in_password(browser, "pat")["Location"] == "/login/code/"
    page = browser.post("/login/code/", {"code": code_for(device)}).content.decode()
    # The code used to set up the app was already spent in this 30-second window.
    assert "The code is wrong or has expired" in page
    device.refresh_from_db()
    device.throttle_reset()  # django-otp pauses a second after a wrong code
    response = browser.post("/login/code/", {"code": code_for(device, steps_ahead=1)})
    assert response["Location"] == "/"
    assert browser.get("/", follow=True).status_code == 200


def test_a_recovery_code_signs_in_once(make_user, organisation) -> None:
    make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    codes = enrol(Client(), "pat")

    first = Client()
    sign_in_password(first, "pat")
    response = first.post("/login/code/", {"code": codes[0].upper()}, follow=True)
    assert "You used a recovery code. You have 9 left" in response.content.decode()

    second = Client()
    sign_in_password(second, "pat")
    page = second.post("/login/code/", {"code": codes[0]}).content.decode()
    assert "The code is wrong or has expired" in page
    assert second.get("/")["Location"].startswith("/login/")


def test_a_password_reset_does_not_bypass_two_factor(make_user, organisation) -> None:
    user = make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    enrol(Client(), "pat")
    user.set_password("a-brand-new-passphrase-2026")
    user.save()

    browser = Client()
    response = sign_in_password(browser, "pat", "a-brand-new-passphrase-2026")
    assert response["Location"] == "/login/code/"
    # Nor can the set-up page be used to replace the app without the old one.
    assert browser.get("/login/set-up-two-factor/")["Location"] == "/login/code/"
    assert browser.get("/")["Location"].startswith("/login/")


def test_the_code_step_expires_and_cannot_be_reached_without_a_password(
    client: Client, db: None
) -> None:
    response = client.get("/login/code/", follow=True)
    assert "Sign in again" in response.content.decode()


def test_a_role_needing_two_factor_granted_after_a_password_sign_in_ends_that_session(
    client: Client, make_user, organisation
) -> None:
    from govsocial.accounts.services import membership_grant

    user = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    sign_in_password(client, "ada")
    assert client.get("/", follow=True).status_code == 200
    membership_grant(organisation=organisation, user=user, role=Role.PUBLISHER)
    response = client.get("/", follow=True)
    assert "Your role now needs two-factor sign-in" in response.content.decode()


def test_the_demo_exemption_names_the_demo_organisation_and_users() -> None:
    from govsocial.accounts.auth import policy
    from govsocial.cli import demo

    assert policy.DEMO_ORGANISATION == demo.DEMO_ORGANISATION
    assert policy.DEMO_USERNAMES == {username for username, _, _ in demo.DEMO_USERS}


def test_demo_users_skip_two_factor_only_where_the_setting_allows(
    client: Client, settings, make_user, make_organisation
) -> None:
    demo = make_organisation("Department for Example")
    make_user("publisher", organisation=demo, role=Role.PUBLISHER)
    other = make_organisation("Real Office")
    make_user("real-publisher", organisation=other, role=Role.PUBLISHER)
    settings.GOVSOCIAL_DEMO_SKIP_2FA = True
    assert sign_in_password(client, "publisher")["Location"] == "/"
    assert UserSession.objects.get(user__username="publisher").auth_method == "demo"
    # Only the demo users: everyone else still needs the code.
    assert sign_in_password(Client(), "real-publisher")["Location"] == "/login/code/"
    settings.GOVSOCIAL_DEMO_SKIP_2FA = False
    assert sign_in_password(Client(), "publisher")["Location"] == "/login/code/"


def test_production_settings_refuse_the_demo_exemption() -> None:
    import subprocess
    import sys

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import config.settings.auth"],
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "GOVSOCIAL_DEMO_SKIP_2FA": "true",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert "GOVSOCIAL_DEMO_SKIP_2FA is for a single-machine demo only" in result.stderr


def test_new_recovery_codes_need_a_current_code(make_user, organisation) -> None:
    make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    browser = Client()
    old_codes = enrol(browser, "pat")
    page = browser.post("/account/security/", {"code": "123456"}).content.decode()
    assert "The code is wrong or has expired" in page
    device = TOTPDevice.objects.get(user__username="pat", confirmed=True)
    device.throttle_reset()
    response = browser.post("/account/security/", {"code": code_for(device, steps_ahead=1)})
    assert response["Location"] == "/account/recovery-codes/"
    new_codes = re.findall(
        r"<code>([0-9a-f-]{13})</code>", browser.get("/account/recovery-codes/").content.decode()
    )
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
