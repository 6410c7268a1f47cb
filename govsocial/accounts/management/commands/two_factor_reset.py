from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govsocial.accounts.auth.otp import two_factor_reset
from govsocial.accounts.models import User


class Command(BaseCommand):
    help = (
        "For a lost phone: remove a user's authenticator app and recovery codes and end their "
        "sessions. Their next sign-in (password still needed) sets up a new app."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user called {options['username']!r}. Check the username.")
        two_factor_reset(user=user, actor=None)
        self.stdout.write(
            f"Two-factor removed for {user.get_username()}; they set up a new app at next sign-in."
        )
