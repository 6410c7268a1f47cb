"""Secure by default: production settings pass Django's deployment check, and every response
carries the headers and cookie flags reliability.md SEC-1 asks for (ASVS 5.0 V3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

import config.settings.security as production_security
from govsocial.accounts.roles import Role
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production_headers(settings):
    """The security settings exactly as production loads them."""
    for name in dir(production_security):
        if name.isupper():
            setattr(settings, name, getattr(production_security, name))
    return settings


def test_production_settings_pass_the_deployment_check_with_no_warnings() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": "postgres://govsocial:dummy@127.0.0.1:1/govsocial",
        "SECRET_KEY": "dummy-but-long-" + "k3y" * 20,
        "GOVSOCIAL_CREDENTIAL_KEYS": "x1uN3zC4o2m6SkB8mLhS3h6G1ZsQ0yT8pXqW9aDkRrE=",
    }
    for variable in ("GOVSOCIAL_DEMO_SKIP_2FA", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"):
        env.pop(variable, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_hsts_is_at_least_a_year_with_sub_domains() -> None:
    assert production_security.SECURE_HSTS_SECONDS >= 31536000
    assert production_security.SECURE_HSTS_INCLUDE_SUBDOMAINS is True


def test_a_response_carries_every_security_header(client: Client, production_headers, db) -> None:
    response = client.get("/login/", secure=True)
    assert response.status_code == 200
    hsts = response.headers["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= 31536000
    assert "includeSubDomains" in hsts
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(client: Client, production_headers, db) -> None:
    response = client.get("/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/login/"


def _assert_host_cookie(cookie, name: str) -> None:
    assert cookie.key == name
    assert name.startswith("__Host-")
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""  # a __Host- cookie must not name a domain


def test_cookies_are_host_prefixed_secure_httponly_and_samesite(
    client: Client, production_headers, make_user, organisation
) -> None:
    make_user("viewer-ada", organisation=organisation, role=Role.VIEWER)
    form = client.get("/login/", secure=True)
    _assert_host_cookie(form.cookies["__Host-csrftoken"], "__Host-csrftoken")
    signed_in = client.post(
        "/login/", {"username": "viewer-ada", "password": PASSWORD}, secure=True
    )
    assert signed_in.status_code == 302, "a viewer signs in with a password alone"
    _assert_host_cookie(signed_in.cookies["__Host-sessionid"], "__Host-sessionid")


def test_passive_baseline_no_software_banners_and_no_caching_of_staff_pages(
    client: Client, production_headers, make_user, make_account, organisation
) -> None:
    """What a ZAP baseline scan flags: Server/X-Powered-By banners, cacheable private pages."""
    from govsocial.publishing.services import post_create

    admin = make_user("ira", organisation=organisation, role=Role.IT_ADMIN)
    account = make_account(organisation, owner=admin)
    writer = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    post = post_create(
        organisation=organisation, actor=writer, title="T", text="Hello", accounts=[account]
    )
    client.force_login(admin)
    slug = organisation.slug
    pages = [
        "/",
        f"/o/{slug}/",
        f"/o/{slug}/posts/",
        f"/o/{slug}/posts/{post.pk}/",
        f"/o/{slug}/accounts/",
        f"/o/{slug}/audit/",
        f"/o/{slug}/it/egress/",
        "/no-such-page/",
    ]
    for path in pages:
        response = client.get(path, secure=True)
        assert response.status_code in {200, 302, 404}, f"{path} answered {response.status_code}"
        for banner in ("Server", "X-Powered-By"):
            assert banner not in response.headers, f"{path} names its software in {banner}"
        assert "no-store" in response.headers.get("Cache-Control", ""), f"{path} may be cached"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_security_checks_script_runs_bandit_and_pip_audit() -> None:
    script = (ROOT / "scripts" / "security-checks.sh").read_text()
    assert 'bandit" -q -ll -r govsocial' in script
    assert '"$BIN/pip-audit"' in script
    assert os.access(ROOT / "scripts" / "security-checks.sh", os.X_OK)
