"""The commands an IT admin runs for leavers and lost phones."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from govsocial.accounts.auth.models import UserSession
from govsocial.accounts.roles import Role
from govsocial.records.models import AuditRecord
from tests.conftest import PASSWORD


def signed_in(username: str) -> Client:
    browser = Client()
    assert browser.post("/login/", {"username": username, "password": PASSWORD})["Location"] == "/"
    return browser


def test_user_disable_signs_a_leaver_out_everywhere(make_user, organisation, capsys) -> None:
    user = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browsers = [signed_in("ada"), signed_in("ada")]
    call_command("user_disable", "ada")
    assert "ada is disabled and signed out everywhere" in capsys.readouterr().out
    user.refresh_from_db()
    assert not user.is_active
    for browser in browsers:
        assert browser.get("/")["Location"].startswith("/login/")
    assert AuditRecord.objects.filter(action="user.disable", data__user="ada").exists()
    page = Client().post("/login/", {"username": "ada", "password": PASSWORD}).content.decode()
    assert "Enter a correct username and password" in page


def test_sessions_end_keeps_the_account(make_user, organisation, capsys) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browser = signed_in("ada")
    call_command("sessions_end", "ada")
    assert "Ended 1 session of Ada" in capsys.readouterr().out
    assert browser.get("/")["Location"].startswith("/login/")
    signed_in("ada")


def test_two_factor_reset_means_setting_up_a_new_app_after_the_password(
    make_user, organisation
) -> None:
    from tests.accounts.test_otp_auth import enrol

    make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    old_browser = Client()
    enrol(old_browser, "pat")
    call_command("two_factor_reset", "pat")
    assert not TOTPDevice.objects.filter(user__username="pat").exists()
    assert not UserSession.objects.filter(user__username="pat").exists()
    assert old_browser.get("/")["Location"].startswith("/login/")
    browser = Client()
    browser.post("/login/", {"username": "pat", "password": PASSWORD})
    assert browser.get("/login/code/")["Location"] == "/login/set-up-two-factor/"


@pytest.mark.parametrize("command", ["user_disable", "sessions_end", "two_factor_reset"])
def test_an_unknown_username_is_a_clear_error(command: str, db: None) -> None:
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command(command, "nobody")
