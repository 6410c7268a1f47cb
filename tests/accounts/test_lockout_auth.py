"""Throttling and lockout per username and per address, and the breached-password check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from govsocial.accounts.auth.models import LoginFailure
from govsocial.accounts.roles import Role
from tests.conftest import PASSWORD


def attempt(username: str, password: str, ip: str = "192.0.2.1", **headers: str) -> str:
    browser = Client(REMOTE_ADDR=ip, **headers)
    response = browser.post("/login/", {"username": username, "password": password})
    return response.get("Location") or response.content.decode()


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    for _ in range(5):
        assert "Enter a correct username and password" in attempt("ada", "wrong")
    refused = attempt("ada", PASSWORD)
    assert "This account is locked for 15 minutes" in refused
    assert "ask your account admin" in refused
    # Other users are not affected, even from the same address.
    make_user("bob", organisation=organisation, role=Role.AUTHOR)
    assert attempt("bob", PASSWORD) == "/"

    LoginFailure.objects.update(created_at=timezone.now() - timedelta(minutes=16))
    assert attempt("ada", PASSWORD) == "/"
    assert not LoginFailure.objects.filter(username="ada").exists()


def test_the_username_lock_ignores_case(make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    for name in ("ada", "ADA", "Ada", "aDa", "adA"):
        attempt(name, "wrong")
    assert "locked" in attempt("ada", PASSWORD)


def test_many_failures_from_one_address_pause_it(make_user, organisation, settings) -> None:
    settings.GOVSOCIAL_LOCKOUT_IP_FAILURES = 20
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    for n in range(20):
        attempt(f"guess{n}", "wrong", ip="203.0.113.9")
    assert "from your network address is paused" in attempt("ada", PASSWORD, ip="203.0.113.9")
    assert attempt("ada", PASSWORD, ip="203.0.113.10") == "/"


def test_the_address_comes_from_the_proxy_header_when_configured(
    make_user, organisation, settings
) -> None:
    settings.GOVSOCIAL_CLIENT_IP_HEADER = "X-Real-IP"
    settings.GOVSOCIAL_LOCKOUT_IP_FAILURES = 3
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    for n in range(3):
        attempt(f"guess{n}", "wrong", ip="10.0.0.2", HTTP_X_REAL_IP="198.51.100.20")
    assert "paused" in attempt("ada", PASSWORD, ip="10.0.0.2", HTTP_X_REAL_IP="198.51.100.20")
    assert attempt("ada", PASSWORD, ip="10.0.0.2", HTTP_X_REAL_IP="198.51.100.21") == "/"


def test_wrong_two_factor_codes_count_towards_the_lock(make_user, organisation) -> None:
    from tests.accounts.test_otp_auth import enrol

    make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    enrol(Client(), "pat")
    browser = Client()
    browser.post("/login/", {"username": "pat", "password": PASSWORD})
    for _ in range(5):
        browser.post("/login/code/", {"code": "000000"})
    page = browser.post("/login/code/", {"code": "000000"}).content.decode()
    assert "This account is locked" in page


@pytest.mark.parametrize("password", ["qwerty123456", "Q1W2E3R4T5Y6", "1qaz2wsx3edc"])
def test_breached_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert "appeared in data breaches" in str(error.value)


def test_a_long_unusual_passphrase_is_accepted() -> None:
    validate_password("marmalade-lighthouse-forklift-teapot-" + "x" * 40)
