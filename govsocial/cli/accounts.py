"""`govsocial user` and `govsocial sso`: what an IT admin does for leavers, lost phones and
scripts, and reading an identity provider's settings."""

from __future__ import annotations

import json

import click

from govsocial.cli.common import (
    TEXT,
    PlainText,
    WholeNumber,
    database_ready,
    emit,
    fail,
    json_option,
    run_service,
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


days_option = click.option(
    "--days",
    type=WholeNumber(1, 36500, "a number of days"),
    default=None,
    help="Days until the token expires (default: GOVSOCIAL_API_TOKEN_DAYS, 90 unless set; "
    "at most GOVSOCIAL_API_TOKEN_MAX_DAYS).",
)


@user_group.group("token")
def token_group() -> None:
    """API tokens for scripts: create (shown once), list, revoke."""


def token_create(username: str, name: str, days: int | None, as_json: bool) -> None:
    database_ready()
    from govsocial.accounts.models import User
    from govsocial.accounts.services import api_token_create

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        fail(f"no active user called {username!r}. Check the username.")
    token_row, token = run_service(lambda: api_token_create(user=user, name=name, days=days))
    emit(
        {
            "user": user.get_username(),
            "name": token_row.name,
            "prefix": token_row.prefix,
            "expires_at": token_row.expires_at.isoformat(),
            "token": token,
        },
        as_json,
        token,
    )


@token_group.command("create")
@click.argument("username", type=TEXT)
@click.argument("name", type=PlainText(max_length=100))
@days_option
@json_option
def token_create_command(username: str, name: str, days: int | None, as_json: bool) -> None:
    """Create an API token for USERNAME, what it is for in NAME, and print it once (only its
    hash is stored). It works until it expires or is revoked."""
    token_create(username, name, days, as_json)


@user_group.command("create-token", hidden=True)
@click.argument("username", type=TEXT)
@click.argument("name", type=PlainText(max_length=100))
@days_option
@json_option
def user_create_token_command(username: str, name: str, days: int | None, as_json: bool) -> None:
    """The old name of `govsocial user token create`, kept so existing scripts work."""
    token_create(username, name, days, as_json)


@token_group.command("list")
@click.argument("username", type=TEXT)
@json_option
def token_list_command(username: str, as_json: bool) -> None:
    """List USERNAME's API tokens, newest first: prefix, name, created, expires, last used."""
    database_ready()
    from django.utils import timezone

    from govsocial.accounts.selectors import api_token_list_for_user

    now = timezone.now()
    rows = [
        {
            "prefix": t.prefix,
            "name": t.name,
            "state": t.state_at(now),
            "created_at": t.created_at.isoformat(),
            "expires_at": t.expires_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in api_token_list_for_user(user=user_by_username(username))
    ]

    def table(items: list[dict[str, str | None]]) -> str:
        if not items:
            return f"{username} has no API tokens."
        return "\n".join(
            f"{r['prefix']}  {r['state']:<7}  expires {str(r['expires_at'])[:10]}  "
            f"last used {str(r['last_used_at'] or 'never')[:16]}  {r['name']}"
            for r in items
        )

    emit(rows, as_json, table)


@token_group.command("revoke")
@click.argument("username", type=TEXT)
@click.argument("token", type=TEXT)
@json_option
def token_revoke_command(username: str, token: str, as_json: bool) -> None:
    """Revoke one of USERNAME's API tokens, named by the prefix `token list` shows or by the
    whole token: it stops working at once."""
    database_ready()
    from govsocial.accounts.models import ApiToken
    from govsocial.accounts.services import api_token_revoke, token_prefix_of

    user = user_by_username(username)
    prefix = token_prefix_of(token) or token.strip()
    row = ApiToken.objects.filter(user=user, prefix=prefix).first()
    if row is None:
        fail(
            f"{username} has no API token {prefix!r}. "
            f"See their tokens with `govsocial user token list {username}`."
        )
    already = row.revoked_at is not None
    revoked = api_token_revoke(token=row, actor=None)
    emit(
        {"user": username, "prefix": revoked.prefix, "revoked_at": revoked.revoked_at},
        as_json,
        f"Token {revoked.prefix} ({revoked.name}) of {username} "
        + ("was already revoked." if already else "is revoked: it no longer works."),
    )


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
