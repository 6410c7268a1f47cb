"""`govsocial user` and `govsocial sso`: what an IT admin does for leavers, lost phones and
scripts, and reading an identity provider's settings."""

from __future__ import annotations

import json

import click

from govsocial.cli.common import (
    TEXT,
    PlainText,
    database_ready,
    emit,
    fail,
    json_option,
    user_by_username,
)


@click.group("user")
def user_group() -> None:
    """Leavers, lost phones and API tokens: act on one user's account."""


@user_group.command("disable")
@click.argument("username", type=TEXT)
@json_option
def user_disable_command(username: str, as_json: bool) -> None:
    """Disable a user (a leaver): they cannot sign in and every session ends at once."""
    database_ready()
    from govsocial.accounts.auth.leavers import user_disable

    user = user_by_username(username)
    user_disable(user=user, actor=None)
    emit(
        {"user": user.get_username(), "active": False},
        as_json,
        f"{user.get_username()} is disabled and signed out everywhere.",
    )


@user_group.command("end-sessions")
@click.argument("username", type=TEXT)
@json_option
def user_end_sessions_command(username: str, as_json: bool) -> None:
    """End every session of a user (they can sign in again)."""
    database_ready()
    from govsocial.accounts.auth.sessions import session_end_all

    user = user_by_username(username)
    ended = session_end_all(user=user, actor=None, reason="ended by an administrator")
    emit(
        {"user": user.get_username(), "ended": ended},
        as_json,
        f"Ended {ended} session{'s' if ended != 1 else ''} of {user}.",
    )


@user_group.command("reset-two-factor")
@click.argument("username", type=TEXT)
@json_option
def user_reset_two_factor_command(username: str, as_json: bool) -> None:
    """For a lost phone: remove a user's authenticator app and recovery codes and end their
    sessions. Their next sign-in (password still needed) sets up a new app."""
    database_ready()
    from govsocial.accounts.auth.otp import two_factor_reset

    user = user_by_username(username)
    two_factor_reset(user=user, actor=None)
    emit(
        {"user": user.get_username(), "two_factor": False},
        as_json,
        f"Two-factor removed for {user.get_username()}; they set up a new app at next sign-in.",
    )


@user_group.command("create-token")
@click.argument("username", type=TEXT)
@click.argument("name", type=PlainText(max_length=100))
@json_option
def user_create_token_command(username: str, name: str, as_json: bool) -> None:
    """Create an API token for USERNAME, what it is for in NAME, and print it once (only its
    hash is stored)."""
    database_ready()
    from govsocial.accounts.models import User
    from govsocial.accounts.services import api_token_create

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        fail(f"no active user called {username!r}. Check the username.")
    token_row, token = api_token_create(user=user, name=name)
    emit({"user": user.get_username(), "name": token_row.name, "token": token}, as_json, token)


@click.group("sso")
def sso_group() -> None:
    """Single sign-on set-up: read your identity provider's settings."""


SSO_VARIABLES = {
    "OIDC_OP_ISSUER": "issuer",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


@sso_group.command("discover")
@click.argument("issuer", type=TEXT)
def sso_discover_command(issuer: str) -> None:
    """Read ISSUER's discovery document and print the OIDC_OP_* variables for the environment
    (docs/sign-in.md), e.g. https://login.microsoftonline.com/TENANT/v2.0."""
    import httpx

    issuer = issuer.rstrip("/")
    if not issuer.startswith(("https://", "http://")):
        fail(f"{issuer!r} is not a URL: give the issuer, starting https://.")
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = httpx.get(url, timeout=10)
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, httpx.InvalidURL, json.JSONDecodeError) as exc:
        fail(f"could not read {url} ({exc}). Check the issuer, and that this host may reach it.")
    if not isinstance(document, dict):
        fail(f"{url} is not a discovery document. Check the issuer is an OpenID provider.")
    missing = [key for key in SSO_VARIABLES.values() if not document.get(key)]
    if missing:
        fail(f"{url} has no {', '.join(missing)}. Check the issuer is an OpenID provider.")
    for variable, key in SSO_VARIABLES.items():
        click.echo(f"{variable}={document[key]}")
    if document.get("end_session_endpoint"):
        click.echo(f"OIDC_OP_LOGOUT_ENDPOINT={document['end_session_endpoint']}")
