"""The `govsocial user` verbs an IT admin runs for leavers and lost phones."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from govsocial.accounts.auth.models import UserSession
from govsocial.accounts.roles import Role
from govsocial.cli import main
from govsocial.records.models import AuditRecord
from tests.conftest import PASSWORD


def govsocial(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def signed_in(username: str) -> Client:
    browser = Client()
    assert browser.post("/login/", {"username": username, "password": PASSWORD})["Location"] == "/"
    return browser


def test_user_disable_signs_a_leaver_out_everywhere(make_user, organisation) -> None:
    user = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browsers = [signed_in("ada"), signed_in("ada")]
    code, output = govsocial("user", "disable", "ada")
    assert code == 0
    assert "ada is disabled and signed out everywhere" in output
    user.refresh_from_db()
    assert not user.is_active
    for browser in browsers:
        assert browser.get("/")["Location"].startswith("/login/")
    assert AuditRecord.objects.filter(action="user.disable", data__user="ada").exists()
    page = Client().post("/login/", {"username": "ada", "password": PASSWORD}).content.decode()
    assert "Enter a correct username and password" in page


def test_sessions_end_keeps_the_account(make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browser = signed_in("ada")
    code, output = govsocial("user", "end-sessions", "ada")
    assert code == 0
    assert "Ended 1 session of Ada" in output
    assert browser.get("/")["Location"].startswith("/login/")
    signed_in("ada")


def test_two_factor_reset_means_setting_up_a_new_app_after_the_password(
    make_user, organisation
) -> None:
    from tests.accounts.test_otp_auth import enrol

    make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    old_browser = Client()
    enrol(old_browser, "pat")
    assert govsocial("user", "reset-two-factor", "pat")[0] == 0
    assert not TOTPDevice.objects.filter(user__username="pat").exists()
    assert not UserSession.objects.filter(user__username="pat").exists()
    assert old_browser.get("/")["Location"].startswith("/login/")
    browser = Client()
    browser.post("/login/", {"username": "pat", "password": PASSWORD})
    assert browser.get("/login/code/")["Location"] == "/login/set-up-two-factor/"


@pytest.mark.parametrize("verb", ["disable", "end-sessions", "reset-two-factor"])
def test_an_unknown_username_is_a_clear_error(verb: str, db: None) -> None:
    result = CliRunner().invoke(main, ["user", verb, "nobody"])
    assert result.exit_code == 2
    assert "no user called 'nobody'. Check the username." in result.stderr
