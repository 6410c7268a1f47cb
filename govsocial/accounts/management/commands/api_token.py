from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govsocial.accounts.models import User
from govsocial.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user and print it once (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts as.")
        parser.add_argument("name", help="What the token is for, e.g. 'nightly report'.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(
                f"No active user called {options['username']!r}. Check the username."
            )
        _, token = api_token_create(user=user, name=options["name"])
        self.stdout.write(token)
