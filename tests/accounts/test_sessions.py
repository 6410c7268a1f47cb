"""Sessions: see and end your own, timeouts, and leavers losing every session at once."""

from __future__ import annotations

import time

from django.test import Client

from govsocial.accounts.auth.models import UserSession
from govsocial.accounts.auth.sessions import LAST_SEEN_KEY, SIGNED_IN_AT_KEY
from govsocial.accounts.roles import Role
from govsocial.records.models import AuditRecord
from tests.conftest import PASSWORD

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
)


def signed_in(username: str, user_agent: str = FIREFOX, ip: str = "192.0.2.10") -> Client:
    browser = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)
    response = browser.post("/login/", {"username": username, "password": PASSWORD})
    assert response["Location"] == "/", "sign-in failed"
    return browser


def test_the_sessions_page_lists_each_device_with_address_and_last_seen(
    make_user, organisation
) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    laptop = signed_in("ada", FIREFOX, "192.0.2.10")
    signed_in("ada", SAFARI, "198.51.100.7")
    page = laptop.get("/account/security/").content.decode()
    assert "Firefox on Windows" in page and "192.0.2.10" in page
    assert "Safari on iOS" in page and "198.51.100.7" in page
    assert page.count("This device") == 1
    assert "Last seen" in page


def test_ending_a_session_signs_that_browser_out(make_user, organisation) -> None:
    user = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    laptop = signed_in("ada", FIREFOX)
    phone = signed_in("ada", SAFARI)
    phone_session = UserSession.objects.get(user=user, user_agent=SAFARI)
    response = laptop.post("/account/sessions/end/", {"session": phone_session.pk}, follow=True)
    assert "You signed out Safari on iOS" in response.content.decode()
    assert phone.get("/")["Location"].startswith("/login/")
    assert laptop.get("/", follow=True).status_code == 200
    assert AuditRecord.objects.filter(action="session.end", data__device="Safari on iOS").exists()


def test_nobody_can_end_another_users_session(make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    make_user("bob", organisation=organisation, role=Role.AUTHOR)
    ada = signed_in("ada")
    bob = signed_in("bob")
    bobs = UserSession.objects.get(user__username="bob")
    response = ada.post("/account/sessions/end/", {"session": bobs.pk}, follow=True)
    assert "That session has already ended" in response.content.decode()
    assert bob.get("/", follow=True).status_code == 200


def test_sign_out_everywhere_else_keeps_this_browser(make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browsers = [signed_in("ada") for _ in range(3)]
    response = browsers[0].post("/account/sessions/end-others/", follow=True)
    assert "You signed out 2 other sessions" in response.content.decode()
    assert browsers[0].get("/", follow=True).status_code == 200
    for other in browsers[1:]:
        assert other.get("/")["Location"].startswith("/login/")


def test_an_idle_session_ends_after_the_idle_timeout(make_user, organisation, settings) -> None:
    settings.GOVSOCIAL_SESSION_IDLE_MINUTES = 30
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browser = signed_in("ada")
    session = browser.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()
    response = browser.get("/", follow=True)
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert browser.get("/")["Location"].startswith("/login/")


def test_an_active_session_still_ends_at_the_absolute_timeout(
    make_user, organisation, settings
) -> None:
    settings.GOVSOCIAL_SESSION_ABSOLUTE_HOURS = 12
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browser = signed_in("ada")
    session = browser.session
    session[SIGNED_IN_AT_KEY] = time.time() - 12 * 3600 - 60
    session.save()
    response = browser.get("/", follow=True)
    assert "signed in more than 12 hours ago" in response.content.decode()


def test_a_disabled_user_loses_every_session_at_once(make_user, organisation) -> None:
    user = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browsers = [signed_in("ada"), signed_in("ada", SAFARI)]
    user.is_active = False
    user.save()
    assert not UserSession.objects.filter(user=user).exists()
    for browser in browsers:
        assert browser.get("/")["Location"].startswith("/login/")


def test_a_user_disabled_behind_the_orms_back_is_signed_out_on_the_next_request(
    client: Client, make_user, organisation
) -> None:
    from govsocial.accounts.models import User

    user = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(is_active=False)  # no save(), no signal
    assert client.get("/")["Location"].startswith("/login/")


def test_signing_in_gives_a_new_session_key(make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browser = Client()
    browser.get("/login/")
    browser.session.save()
    before = browser.session.session_key
    browser.post("/login/", {"username": "ada", "password": PASSWORD})
    assert browser.session.session_key != before


def test_the_worker_forgets_sessions_past_the_absolute_timeout(make_user, organisation) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from govsocial.accounts.auth.sessions import sessions_prune

    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    old, current = signed_in("ada"), signed_in("ada", SAFARI)
    UserSession.objects.filter(user_agent=FIREFOX).update(
        signed_in_at=timezone.now() - timedelta(hours=13)
    )
    assert sessions_prune() == 1
    assert list(UserSession.objects.values_list("user_agent", flat=True)) == [SAFARI]
    assert old.get("/")["Location"].startswith("/login/")
    assert current.get("/", follow=True).status_code == 200


def test_an_expired_session_on_the_api_is_simply_not_signed_in(make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browser = signed_in("ada")
    assert browser.get("/api/v1/me").status_code == 200
    session = browser.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()
    assert browser.get("/api/v1/me").status_code == 401
