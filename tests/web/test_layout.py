"""What a member of staff sees on the shell pages, with and without signing in."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from govsocial.accounts.roles import Role
from tests.conftest import PASSWORD


def test_login_page_has_the_govuk_layout(client: Client, db: None) -> None:
    page = client.get("/login/").content.decode()
    assert '<a href="#main-content" class="govuk-skip-link"' in page
    assert 'id="main-content"' in page
    assert "govuk-generic-header" in page
    assert "govuk-service-navigation" in page
    assert "govuk-phase-banner" in page
    assert re.search(
        r'<a class="govuk-footer__link" href="/accessibility/">Accessibility statement</a>', page
    )
    assert '<html lang="en"' in page


def test_pages_need_no_javascript_to_sign_in(client: Client, make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    response = client.post("/login/", {"username": "ada", "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Department for Testing</h1>' in page
    assert "Sign out Ada" in page


def test_wrong_password_shows_the_error_summary(client: Client, make_user, organisation) -> None:
    make_user("ada", organisation=organisation, role=Role.AUTHOR)
    page = client.post("/login/", {"username": "ada", "password": "nope"}).content.decode()
    assert "There is a problem" in page
    assert "govuk-error-summary" in page
    assert "Enter a correct username and password" in page
    assert "<title>Error: Sign in" in page


def test_empty_login_names_each_missing_field(client: Client, db: None) -> None:
    page = client.post("/login/", {"username": "", "password": ""}).content.decode()
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    assert 'class="govuk-input govuk-input--error"' in page


def test_dashboard_needs_sign_in(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_logout_is_a_post_and_ends_the_session(client: Client, make_user, organisation) -> None:
    user = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    client.force_login(user)
    assert client.get("/logout/").status_code == 405
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_a_user_of_two_organisations_chooses_one(
    client: Client, make_user, make_organisation
) -> None:
    first = make_organisation("First Office")
    second = make_organisation("Second Office")
    user = make_user("multi", organisation=first, role=Role.VIEWER)
    from govsocial.accounts.services import membership_grant

    membership_grant(organisation=second, user=user, role=Role.VIEWER)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "First Office" in page and "Second Office" in page


def test_accessibility_statement_is_public(client: Client, db: None) -> None:
    page = client.get("/accessibility/").content.decode()
    assert "WCAG" in page and "2.2 AA" in page


def test_dashboard_warns_when_no_worker_runs(client: Client, author, organisation) -> None:
    client.force_login(author)
    page = client.get(f"/o/{organisation.slug}/").content.decode()
    assert "No worker has reported in" in page


def test_unknown_page_is_a_govuk_404(client: Client, db: None) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("path", ["/login/", "/accessibility/"])
def test_security_headers_are_set(client: Client, db: None, path: str) -> None:
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
