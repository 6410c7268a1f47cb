from __future__ import annotations

import json
from typing import Any

import requests
from django.core.management.base import BaseCommand, CommandError, CommandParser

VARIABLES = {
    "OIDC_OP_ISSUER": "issuer",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class Command(BaseCommand):
    help = (
        "Read an identity provider's discovery document and print the OIDC_OP_* variables "
        "for the environment (docs/sign-in.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("issuer", help="e.g. https://login.microsoftonline.com/TENANT/v2.0")

    def handle(self, *args: Any, **options: Any) -> None:
        issuer = options["issuer"].rstrip("/")
        if not issuer.startswith(("https://", "http://")):
            raise CommandError(f"{issuer!r} is not a URL: give the issuer, starting https://.")
        url = f"{issuer}/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=10)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, json.JSONDecodeError) as exc:
            raise CommandError(
                f"Could not read {url} ({exc}). Check the issuer, and that this host may reach it."
            ) from None
        missing = [key for key in VARIABLES.values() if not document.get(key)]
        if missing:
            raise CommandError(f"{url} has no {', '.join(missing)}: is it an OpenID provider?")
        for variable, key in VARIABLES.items():
            self.stdout.write(f"{variable}={document[key]}")
        if document.get("end_session_endpoint"):
            self.stdout.write(f"OIDC_OP_LOGOUT_ENDPOINT={document['end_session_endpoint']}")
